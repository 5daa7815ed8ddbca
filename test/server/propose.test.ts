/** "Propose to roadmap" over the protocol: the safety rules of issue #3, each with its own workspace. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction } from 'vscode-languageserver-protocol';
import type { CommandResult, ProposeArgs } from '../../server/src/protocol';
import { copyToTemp, ensureBuilt, ROOT, TestClient, uriOf } from './lspClient';

const DEMO = path.join(ROOT, 'examples', 'demo');
const PAYMENT = 'services/checkout/payment.ts';
const HACK_TEXT = 'the gateway times out under load, so we retry twice';

describe('Propose to roadmap: safety', function () {
  let workspace: string;
  let client: TestClient;
  const file = (relative: string) => path.join(workspace, relative);
  const hackArgs = (): ProposeArgs => {
    const lines = fs.readFileSync(file(PAYMENT), 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes('HACK: the gateway'));
    return { uri: uriOf(file(PAYMENT)), line, character: lines[line].indexOf('HACK'), expectedText: HACK_TEXT };
  };
  const propose = (args: ProposeArgs) =>
    client.request<CommandResult>('workspace/executeCommand', { command: 'roadmapLinks.propose', arguments: [args] });

  beforeEach(async () => {
    ensureBuilt();
    workspace = copyToTemp(DEMO, 'propose');
    client = new TestClient({ folders: [workspace] });
    await client.start();
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('edits nothing when the comment changed since the action was offered', async () => {
    const args = hackArgs();
    const original = fs.readFileSync(file(PAYMENT), 'utf8');
    await client.open(
      file(PAYMENT),
      original.replace('HACK: the gateway times out', 'HACK: the gateway fails'),
      'typescript',
    );
    const result = await propose(args);
    assert.strictEqual(result.applied, false);
    assert.match(
      result.message!,
      /^The comment at services\/checkout\/payment\.ts:16 moved or changed since the action was offered; nothing was edited\./,
    );
    assert.strictEqual(client.appliedEdits.length, 0);
  });

  it('edits nothing when the comment moved to another line', async () => {
    const args = hackArgs();
    const original = fs.readFileSync(file(PAYMENT), 'utf8');
    await client.open(file(PAYMENT), `// a new first line\n${original}`, 'typescript');
    const result = await propose(args);
    assert.strictEqual(result.applied, false);
    assert.strictEqual(client.appliedEdits.length, 0);
  });

  it('re-reads a roadmap file edited on disk since it was indexed, and keeps the new lines', async () => {
    const roadmap = file('roadmap.yaml');
    // Edited behind the server's back: no watched-file event is sent.
    const edited =
      fs.readFileSync(roadmap, 'utf8') +
      '\n  # added on disk\n  - id: RM-40\n    title: Added by a teammate\n    status: proposed\n';
    fs.writeFileSync(roadmap, edited);
    const result = await propose(hackArgs());
    assert.deepStrictEqual(result, { applied: true, ids: ['RM-41'] });
    const after = fs.readFileSync(roadmap, 'utf8');
    assert.ok(after.startsWith(edited), "the teammate's lines are all still there");
    assert.match(after.slice(edited.length), /^\s*- id: RM-41\n/);
  });

  it('never rewrites a roadmap with YAML syntax errors and points at the error', async () => {
    const roadmap = file('roadmap.yaml');
    const broken = fs
      .readFileSync(roadmap, 'utf8')
      .replace('    title: Checkout p99 under 300 ms\n', '    title: [unclosed\n');
    fs.writeFileSync(roadmap, broken);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(roadmap), type: 2 }],
    });
    const result = await propose(hackArgs());
    assert.strictEqual(result.applied, false);
    // The file, line and column of the first error, where the bracket opens the list it never closes.
    const line = broken.split('\n').indexOf('    title: [unclosed');
    assert.strictEqual(
      result.message,
      `roadmap.yaml:${line + 2}:5: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] (6 more syntax errors after it may all come from this one: fix it first). Fix it before proposing: a broken roadmap file is never rewritten.`,
    );
    assert.strictEqual(result.errorLocation?.uri, uriOf(roadmap));
    assert.deepStrictEqual(result.errorLocation!.range.start, { line: line + 1, character: 4 });
    assert.strictEqual(fs.readFileSync(roadmap, 'utf8'), broken);
    assert.strictEqual(client.appliedEdits.length, 0);
  });

  it('gives two proposals in a row different IDs, even when sent at once', async () => {
    const ranker = file('services/search/ranker.py');
    const lines = fs.readFileSync(ranker, 'utf8').split('\n');
    const bugLine = lines.findIndex((text) => text.includes('# BUG:'));
    const bug: ProposeArgs = {
      uri: uriOf(ranker),
      line: bugLine,
      character: lines[bugLine].indexOf('BUG'),
      expectedText: 'ties are broken by insertion order, which is not stable across shards',
    };
    const [first, second] = await Promise.all([propose(hackArgs()), propose(bug)]);
    assert.deepStrictEqual([first.ids, second.ids], [['RM-32'], ['RM-33']]);
    const roadmap = fs.readFileSync(file('roadmap.yaml'), 'utf8');
    assert.strictEqual(roadmap.match(/- id: RM-32\n/g)?.length, 1);
    assert.strictEqual(roadmap.match(/- id: RM-33\n/g)?.length, 1);
    assert.ok(fs.readFileSync(ranker, 'utf8').includes('# BUG(RM-33): ties are broken'));
  });

  it('proposes every unlinked debt comment of a file in one edit, IDs in file order', async () => {
    const ranker = file('services/search/ranker.py');
    const result = await client.request<CommandResult>('workspace/executeCommand', {
      command: 'roadmapLinks.proposeAllInFile',
      arguments: [
        { uri: uriOf(ranker), objective: 'OBJ-FLOW', category: 'performance', metric: 'ranking p95 latency' },
      ],
    });
    assert.deepStrictEqual(result, { applied: true, ids: ['RM-32', 'RM-33', 'RM-34', 'RM-35'] });
    assert.strictEqual(client.appliedEdits.length, 1);
    const roadmap = fs.readFileSync(file('roadmap.yaml'), 'utf8');
    const item = (id: string, title: string, line: number) =>
      `  - id: ${id}\n    title: ${title}\n    kind: debt\n    status: proposed\n    objective: OBJ-FLOW\n` +
      `    value:\n      metric: ranking p95 latency\n      category: performance\n    source: services/search/ranker.py:${line}\n`;
    assert.ok(
      roadmap.endsWith(
        item('RM-33', 'cache the split', 15) +
          '\n' +
          item('RM-34', 'drop the legacy scorer once the new index ships', 18) +
          '\n' +
          item('RM-35', 'normalise to UTF-8 before hashing with SHA-256', 19),
      ),
      roadmap.slice(-900),
    );
    // A dated comment keeps its date beside the new ID.
    assert.ok(fs.readFileSync(ranker, 'utf8').includes('# TODO(2026-10-31, RM-34): drop the legacy scorer'));
  });

  it('shows the new item at once: hover, diagnostics and tree see it after the edit', async () => {
    const args = hackArgs();
    const result = await propose(args);
    assert.deepStrictEqual(result.ids, ['RM-32']);
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: args.uri },
      position: { line: args.line, character: args.character + 6 },
    });
    assert.match(hover.contents.value, /^\*\*RM-32\*\* · the gateway times out under load, so we retry twice/);
    await client.until(
      () => !client.diagnosticsOf(file(PAYMENT)).some((d) => d.code === 'unlinked-debt'),
      'the unlinked-debt diagnostic to go',
    );
    const tree = await client.request<{ items: { id: string; status?: string }[] }>('roadmapLinks/tree', {});
    assert.deepStrictEqual(tree.items.find((item) => item.id === 'RM-32')?.status, 'proposed');
  });

  it('offers the actions only on unlinked debt, and links an existing item on request', async () => {
    const args = hackArgs();
    const at = { line: args.line, character: args.character };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: args.uri },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    });
    const titles = actions.map((action) => action.title);
    assert.strictEqual(titles[0], 'Propose to roadmap');
    const linkAction = actions.find((action) => action.title.startsWith('Link to RM-12'));
    assert.ok(linkAction, `RM-12 covers services/checkout/** so it ranks first: ${titles.join(' | ')}`);
    const result = await client.request<CommandResult>('workspace/executeCommand', linkAction.command!);
    assert.deepStrictEqual(result, { applied: true, ids: ['RM-12'] });
    assert.ok(fs.readFileSync(file(PAYMENT), 'utf8').includes(`// HACK(RM-12): ${HACK_TEXT}`));
    const todoLine = fs
      .readFileSync(file(PAYMENT), 'utf8')
      .split('\n')
      .findIndex((line) => line.includes('TODO(RM-12)'));
    const none = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: args.uri },
      range: { start: { line: todoLine, character: 6 }, end: { line: todoLine, character: 6 } },
      context: { diagnostics: [] },
    });
    assert.deepStrictEqual(none, []);
  });

  it('does not edit anything in an untrusted workspace', async () => {
    await client.stop();
    client = new TestClient({ folders: [workspace], trusted: false });
    await client.start();
    const args = hackArgs();
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: args.uri },
      range: {
        start: { line: args.line, character: args.character },
        end: { line: args.line, character: args.character },
      },
      context: { diagnostics: [] },
    });
    assert.deepStrictEqual(actions, [], 'no edit is offered in an untrusted workspace');
    const result = await propose(args);
    assert.strictEqual(result.applied, false);
    assert.match(result.message!, /not trusted/);
    assert.strictEqual(client.appliedEdits.length, 0);
  });
});
