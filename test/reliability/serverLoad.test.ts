/**
 * Load: 200 rapid incremental didChange events on a 5,000-line file full of annotations, interleaved
 * with concurrent hovers (and some references and code lens requests). Every request must be answered,
 * and the diagnostics the server finally publishes must equal a fresh scan of the final text.
 */
import * as assert from 'assert';
import * as path from 'path';
import type { Diagnostic, Hover, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import { ensureBuilt, TestClient, uriOf } from '../server/lspClient';
import { hoverText, makeWorkspace, removeWorkspace } from './serverHelpers';
import { random } from './roadmapGen';
import { addTally } from './tally';
import { waitFor } from '../waiting';

const ITEMS = 50;
const LINES = 5000;
const CHANGES = 200;

function roadmapText(): string {
  const lines = ['version: 1', 'items:'];
  for (let n = 1; n <= ITEMS; n++) {
    const status = n % 10 === 0 ? 'done' : n % 3 === 0 ? 'proposed' : 'in-progress';
    lines.push(
      `  - id: RM-${n}`,
      `    title: Item number ${n}`,
      `    status: ${status}`,
      `    value: {metric: m${n}, baseline: 0, target: ${n}}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A line of code, an annotation (linked, unlinked, unknown, stale, marker), or a string that only looks like one. */
function sourceLine(n: number, next: () => number): string {
  const id = 1 + Math.floor(next() * (ITEMS + 5));
  switch (n % 7) {
    case 0:
      return `  // TODO(RM-${id}): work on part ${n}`;
    case 1:
      return `  const s${n} = "TODO(RM-${id}): only a string";`;
    case 2:
      return `  /* FIXME: unlinked debt at ${n} */`;
    case 3:
      return n % 2 ? `  // @roadmap RM-${id}` : `  // HACK see RM-${id} and RM-${id + 1}`;
    default:
      return `  x${n} = compute(${n}); // plain comment ${n}`;
  }
}

describe('reliability: load on the language server', function () {
  // Long on a busy machine; the timeout only catches a hang (see test/waiting.ts).
  this.timeout(600_000);
  let workspace: string | undefined;
  let client: TestClient | undefined;

  before(() => ensureBuilt());

  after(async () => {
    await client?.stop();
    removeWorkspace(workspace);
  });

  it(`applies ${CHANGES} rapid changes to a ${LINES}-line file with concurrent hovers; final diagnostics equal a fresh scan`, async () => {
    const next = random(1234);
    const initial = Array.from({ length: LINES }, (_, n) => sourceLine(n, next)).join('\n') + '\n';
    const roadmap = roadmapText();
    workspace = makeWorkspace('load', { 'roadmap.yaml': roadmap, 'src/big.ts': initial });
    const file = path.join(workspace, 'src/big.ts');
    const uri = uriOf(file);
    client = new TestClient({ folders: [workspace] });
    await client.start();
    await client.open(file, initial, 'typescript');

    // The client's copy of the document, updated with exactly the changes sent.
    let mirror = TextDocument.create(uri, 'typescript', 1, initial);
    const pending: Promise<unknown>[] = [];
    let hovers = 0;
    let slowest = 0;
    // The slowest answer is reported, not asserted: it depends on the machine's load.
    const request = <T>(method: string, params: unknown): Promise<T> => {
      const sent = Date.now();
      return client!.request<T>(method, params).then((answer) => {
        slowest = Math.max(slowest, Date.now() - sent);
        return answer;
      });
    };
    for (let k = 0; k < CHANGES; k++) {
      const lineCount = mirror.lineCount;
      const line = Math.floor(next() * (lineCount - 1));
      const changes: TextDocumentContentChangeEvent[] = [];
      const kind = k % 9;
      if (kind <= 3) {
        changes.push({
          range: { start: { line, character: 0 }, end: { line, character: 0 } },
          text: sourceLine(Math.floor(next() * 1e6), next) + '\n',
        });
      } else if (kind <= 5) {
        changes.push({ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' });
      } else if (kind === 6) {
        // Mid-line typing inside an annotation or a string.
        changes.push({ range: { start: { line, character: 5 }, end: { line, character: 9 } }, text: 'TODO(RM-7): ' });
      } else if (kind === 7) {
        // Two changes in one event: the second's range refers to the text after the first.
        changes.push({
          range: { start: { line, character: 0 }, end: { line, character: 0 } },
          text: '// FIXME: first\n',
        });
        changes.push({
          range: { start: { line: line + 1, character: 0 }, end: { line: line + 2, character: 0 } },
          text: '',
        });
      } else {
        changes.push({ text: mirror.getText().replace(/RM-(\d+)/, 'RM-4$1') });
      }
      mirror = TextDocument.update(mirror, changes, mirror.version + 1);
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: mirror.version },
        contentChanges: changes,
      });
      for (let h = 0; h < 2; h++) {
        const position = { line: Math.floor(next() * mirror.lineCount), character: Math.floor(next() * 30) };
        hovers++;
        pending.push(request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }));
      }
      if (k % 10 === 0) {
        pending.push(
          request('textDocument/codeLens', { textDocument: { uri: uriOf(path.join(workspace, 'roadmap.yaml')) } }),
        );
        pending.push(
          request('textDocument/references', {
            textDocument: { uri },
            position: { line, character: 12 },
            context: { includeDeclaration: true },
          }),
        );
      }
    }
    const answers = await Promise.allSettled(pending);
    const rejected = answers.filter((answer) => answer.status === 'rejected');
    assert.deepStrictEqual(rejected, [], 'every request is answered');
    addTally({ requestsAnswered: answers.length });

    // What a fresh scan of the final text says, computed in-process with the same core.
    const finalText = mirror.getText();
    const fresh = new WorkspaceIndex([workspace]);
    fresh.updateFile(path.join(workspace, 'roadmap.yaml'), roadmap);
    fresh.updateFile(file, finalText);
    const expected: Diagnostic[] = fresh.problemsOf(file).map(toDiagnostic);
    assert.ok(
      expected.some((d) => d.code === 'stale-debt') &&
        expected.some((d) => d.code === 'unknown-item') &&
        expected.some((d) => d.code === 'unlinked-debt'),
    );
    const published = () => JSON.stringify(client!.diagnosticsOf(file));
    const progress = () => {
      const now = client!.diagnosticsOf(file);
      const differs = now.findIndex((diagnostic, i) => JSON.stringify(diagnostic) !== JSON.stringify(expected[i]));
      const first = differs === -1 ? now.length : differs;
      return `the final diagnostics to equal a fresh scan: ${now.length} published, ${expected.length} expected, first difference at #${first}: ${JSON.stringify(now[first])} vs ${JSON.stringify(expected[first])}`;
    };
    await waitFor(() => published() === JSON.stringify(expected), progress);

    // Hovers on the final text name the items a fresh scan links.
    const annotations = fresh
      .annotationsOf(file)
      .filter((annotation) => fresh.linksOf(annotation).some((mention) => fresh.roadmap.items.has(mention.id)));
    for (const annotation of annotations.filter((_, i) => i % Math.ceil(annotations.length / 10) === 0)) {
      const mention = fresh.linksOf(annotation).find((candidate) => fresh.roadmap.items.has(candidate.id))!;
      const hover = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: mention.range.start,
      });
      assert.match(
        hoverText(hover),
        new RegExp(`Item number ${mention.id.slice(3)}\\b`),
        `hover at ${JSON.stringify(mention.range.start)}`,
      );
      hovers++;
    }
    addTally({ requestsAnswered: annotations.length ? 10 : 0 });
    assert.ok(hovers >= 2 * CHANGES);
    console.log(
      `      ${hovers} hovers and ${answers.length - 2 * CHANGES} other requests during ${CHANGES} changes; slowest answer ${slowest} ms`,
    );
  });
});
