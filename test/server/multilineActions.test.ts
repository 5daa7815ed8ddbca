/**
 * Over the protocol: an annotation's actions and hover are offered anywhere on its comment, continuation
 * lines and a block's closer line included (the cursor need not be on the tag's line), and not past it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { ProposeArgs } from '../../server/src/protocol';
import { copyToTemp, ensureBuilt, ROOT, TestClient, uriOf } from './lspClient';

const NOTES = 'services/checkout/notes.ts';
const NOTES_TEXT = [
  'export function settle(refunds: number[]): void {', // 0
  '  /* TODO: settle the refunds in one batch', // 1
  '   * instead of one request per refund', // 2
  '   */', // 3
  '  refunds.forEach(refund);', // 4
  '  /**', // 5
  '   * FIXME: the ledger rounds half down,', // 6
  '   * which loses a cent on odd totals.', // 7
  '   */', // 8
  '  // DEBT: the queue is polled every second', // 9
  '  // when it could be pushed to', // 10
  '  poll(); // not a continuation', // 11
  '}', // 12
  '',
].join('\n');
const RANKER = 'services/search/ranker.py';

describe('Code actions and hover anywhere on a multi-line debt comment', function () {
  let workspace: string;
  let client: TestClient;
  const file = (relative: string) => path.join(workspace, relative);
  const actionsAt = (relative: string, line: number, character: number) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(file(relative)) },
      range: { start: { line, character }, end: { line, character } },
      context: { diagnostics: [] },
    });
  /** What "Propose to roadmap" at the position would propose: the tag's line and the annotation's text. */
  const proposalAt = async (relative: string, line: number, character: number) => {
    const propose = (await actionsAt(relative, line, character)).find(
      (action) => action.title === 'Propose to roadmap',
    );
    const args = propose?.command?.arguments?.[0] as ProposeArgs | undefined;
    return args && { line: args.line, character: args.character, text: args.expectedText };
  };

  before(async () => {
    ensureBuilt();
    workspace = copyToTemp(path.join(ROOT, 'examples', 'demo'), 'multiline');
    fs.writeFileSync(file(NOTES), NOTES_TEXT);
    client = new TestClient({ folders: [workspace] });
    await client.start();
  });

  after(async () => {
    await client.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('offers Propose for the block comment on its continuation and closer lines, for that annotation', async () => {
    const todo = { line: 1, character: 5, text: 'settle the refunds in one batch' };
    for (const [line, character] of [
      [1, 0],
      [2, 0],
      [2, 20],
      [3, 4],
    ]) {
      assert.deepStrictEqual(await proposalAt(NOTES, line, character), todo, `cursor at ${line}:${character}`);
    }
    const titles = (await actionsAt(NOTES, 2, 10)).map((action) => action.title);
    assert.deepStrictEqual(titles, [
      'Propose to roadmap',
      'Link to existing item…',
      'Link to RM-12 Checkout p99 under 300 ms',
      'Link to RM-21 One-command local environment',
      'Propose all 3 unlinked debt comments in this file',
    ]);
    assert.deepStrictEqual(await actionsAt(NOTES, 4, 4), [], 'the code after the comment offers nothing');
  });

  it('offers Propose for a doc comment whose tag is on its second line, on the lines after the tag', async () => {
    const fixme = { line: 6, character: 5, text: 'the ledger rounds half down,' };
    assert.deepStrictEqual(await proposalAt(NOTES, 7, 30), fixme);
    assert.deepStrictEqual(await proposalAt(NOTES, 8, 3), fixme);
    assert.strictEqual(await proposalAt(NOTES, 5, 3), undefined, 'the opener line above the tag is not its text');
  });

  it('offers Propose for consecutive line comments, and not on code with a comment below them', async () => {
    const debt = { line: 9, character: 5, text: 'the queue is polled every second' };
    assert.deepStrictEqual(await proposalAt(NOTES, 10, 0), debt);
    assert.deepStrictEqual(await proposalAt(NOTES, 10, 25), debt);
    assert.deepStrictEqual(await actionsAt(NOTES, 11, 15), []);
  });

  it('offers Propose for a Python # comment on its continuation line', async () => {
    const lines = fs.readFileSync(file(RANKER), 'utf8').split('\n');
    const hack = lines.findIndex((line) => line.startsWith('# HACK: normalise'));
    assert.strictEqual(lines[hack + 1], '# from old clients is decoded first');
    assert.deepStrictEqual(await proposalAt(RANKER, hack + 1, 10), {
      line: hack,
      character: 2,
      text: 'normalise to UTF-8 before hashing with SHA-256; ISO-8859-1 input',
    });
    assert.deepStrictEqual(await actionsAt(RANKER, hack + 2, 3), [], 'LEGACY = False is code');
  });

  it('hovers "Unlinked debt" on a continuation line, with the whole comment as its range', async () => {
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: uriOf(file(NOTES)) },
      position: { line: 2, character: 12 },
    });
    assert.ok(hover, 'a hover on the continuation line');
    assert.match((hover.contents as MarkupContent).value, /^\*\*Unlinked debt\*\* · TODO\n\nThis TODO is not on the/);
    assert.deepStrictEqual(hover.range, { start: { line: 1, character: 5 }, end: { line: 3, character: 5 } });
    const below = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: uriOf(file(NOTES)) },
      position: { line: 4, character: 4 },
    });
    assert.strictEqual(below, null);
  });
});
