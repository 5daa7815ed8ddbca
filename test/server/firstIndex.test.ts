/**
 * The first index over the real protocol: a file opened while a large workspace is still being scanned
 * is never judged against a partly read roadmap, and Propose waits for the roadmap. Every publication
 * and progress report is recorded in order, so the test checks what the editor saw, not how fast.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeAction, Command, Hover } from 'vscode-languageserver-protocol';
import type { CommandResult, ProposeArgs } from '../../server/src/protocol';
import { ROADMAP_NOT_LOADED } from '../../server/src/lsp/propose';
import { ensureBuilt, TestClient, uriOf } from './lspClient';

const ROADMAP_FILES = 150;
const CODE_FILES = 3000;
/** Codes whose presence on the open file's first three lines would be a wrong verdict. */
const LINK_VERDICTS = new Set(['unlinked-debt', 'unknown-item', 'ticket-not-on-roadmap']);

const OPEN_TEXT = [
  `// TODO(RM-${ROADMAP_FILES - 1}): linked to the item of the last roadmap file`,
  '// TODO(KAFKA-7): a ticket that item lists',
  '// FIXME(RM-0): linked to the item of the first roadmap file',
  '// TODO: really unlinked',
  'export const x = 1;',
  '',
].join('\n');

/** Roadmap split over many files (the tracker and the ticket in the last one), and thousands of code files. */
function generateWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-first-index-'));
  fs.mkdirSync(path.join(root, '.roadmap'));
  for (let n = 0; n < ROADMAP_FILES; n++) {
    const last = n === ROADMAP_FILES - 1;
    const lines = ['version: 2'];
    if (n === 0) lines.push('objectives:', '  - id: OBJ-1', '    title: Stay fast');
    if (last) lines.push('trackers:', '  - prefix: KAFKA', '    url: https://issues.example/browse/{key}');
    lines.push('items:', `  - id: RM-${n}`, `    title: Item ${n}`, '    status: planned', '    objective: OBJ-1');
    lines.push('    value: {metric: latency, category: performance, unit: ms, baseline: 100, target: 50}');
    if (last) lines.push('    tickets: [KAFKA-7]');
    fs.writeFileSync(path.join(root, '.roadmap', `team-${String(n).padStart(3, '0')}.yaml`), `${lines.join('\n')}\n`);
  }
  for (let n = 0; n < CODE_FILES; n++) {
    const dir = path.join(root, 'src', `d${n % 30}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `f${n}.ts`),
      `// TODO(RM-${n % ROADMAP_FILES}): generated ${n}\n// HACK: unlinked ${n}\nexport const v${n} = ${n};\n`,
    );
  }
  fs.writeFileSync(path.join(root, 'src', 'open.ts'), OPEN_TEXT);
  return root;
}

describe('the first index (large generated workspace, over LSP)', function () {
  this.timeout(120000);
  let root: string;
  let client: TestClient;

  before(() => {
    ensureBuilt();
    root = generateWorkspace();
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('never publishes a linking verdict from a partly read roadmap, and refuses Propose until it is read', async () => {
    const open = path.join(root, 'src', 'open.ts');
    const uri = uriOf(open);
    client = new TestClient({ folders: [root] });
    await client.start({ waitForIndex: false });
    await client.open(open, OPEN_TEXT, 'typescript');
    const proposeArgs: ProposeArgs = { uri, line: 3, character: 3, expectedText: 'really unlinked' };
    // Sent before the server could have read its settings, so before any roadmap file is read.
    const early = await client.request<CommandResult>('workspace/executeCommand', {
      command: 'roadmapLinks.propose',
      arguments: [proposeArgs],
    });
    assert.deepStrictEqual(early, { applied: false, ids: [], message: ROADMAP_NOT_LOADED });

    // While the scan runs: type, hover and ask for fixes; record what came back.
    const hovers: (Hover | null)[] = [];
    const actionLists: (CodeAction | Command)[][] = [];
    let text = OPEN_TEXT;
    let rounds = 0;
    for (;;) {
      const tree = await client.request<{ indexing: boolean }>('roadmapLinks/tree', {});
      if (!tree.indexing) break;
      text += '\n';
      await client.change(open, text);
      hovers.push(
        await client.request<Hover | null>('textDocument/hover', {
          textDocument: { uri },
          position: { line: 1, character: 10 },
        }),
      );
      hovers.push(
        await client.request<Hover | null>('textDocument/hover', {
          textDocument: { uri },
          position: { line: 0, character: 10 },
        }),
      );
      actionLists.push(
        await client.request<(CodeAction | Command)[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
          context: { diagnostics: [] },
        }),
      );
      rounds++;
    }
    await client.waitForIndex();
    await client.until(
      () => client.diagnosticsOf(open).some((d) => d.code === 'unlinked-debt'),
      'the open file judged',
    );

    const mine = client.timeline.filter((event) => event.kind === 'diagnostics' && event.uri === uri);
    for (const event of mine) {
      if (event.kind !== 'diagnostics') continue;
      const wrong = event.diagnostics.filter((d) => LINK_VERDICTS.has(String(d.code)) && d.range.start.line !== 3);
      assert.deepStrictEqual(wrong, [], `a wrong verdict was published (after ${rounds} rounds of typing)`);
    }
    const final = client.diagnosticsOf(open);
    assert.deepStrictEqual(
      final.map((d) => [d.code, d.range.start.line]),
      [['unlinked-debt', 3]],
    );

    for (const result of hovers) {
      const value =
        result && typeof result.contents === 'object' && 'value' in result.contents ? result.contents.value : '';
      assert.doesNotMatch(value, /Unlinked debt|not on the roadmap/, 'a hover judged a linked annotation');
    }
    for (const actions of actionLists) {
      for (const action of actions) {
        const args =
          ('command' in action && typeof action.command === 'object'
            ? action.command.arguments
            : (action as Command).arguments) ?? [];
        const target = args[0] as { line?: number; ticket?: string } | undefined;
        assert.ok(
          target?.line === undefined || target.line === 3,
          `a fix offered for a linked annotation: ${action.title}`,
        );
        assert.strictEqual(target?.ticket, undefined, `a ticket fix offered for a listed ticket: ${action.title}`);
      }
    }

    // Roadmap files come first: the open file's verdict went out while code was still being read.
    const firstVerdict = client.timeline.findIndex(
      (event) => event.kind === 'diagnostics' && event.uri === uri && event.diagnostics.length > 0,
    );
    const laterReports = client.timeline
      .slice(firstVerdict)
      .filter(
        (event) => event.kind === 'progress' && event.value.kind === 'report' && (event.value.percentage ?? 100) < 100,
      );
    assert.ok(
      firstVerdict >= 0 && laterReports.length > 0,
      'the open file was judged only once the whole workspace was read',
    );

    const late = await client.request<CommandResult>('workspace/executeCommand', {
      command: 'roadmapLinks.propose',
      arguments: [proposeArgs],
    });
    assert.strictEqual(late.applied, true, JSON.stringify(late));
    assert.deepStrictEqual(late.ids, [`RM-${ROADMAP_FILES}`], 'the next free ID of the whole roadmap');
  });
});
