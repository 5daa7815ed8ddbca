/**
 * Over the protocol: "Link to existing item…" is offered on unlinked debt whenever the roadmap has an item,
 * also when the comment shares no word with any (`TODO: test`, the most common debt there is): the ranking
 * orders the pick list, it does not decide whether a person may link. Linking then rewrites the comment.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeAction } from 'vscode-languageserver-protocol';
import type { LinkArgs } from '../../server/src/protocol';
import { ensureBuilt, TestClient, uriOf } from './lspClient';

const ROADMAP = [
  'version: 2',
  'northStar:',
  '  statement: Ship what customers want',
  'objectives:',
  '  - id: OBJ-A',
  '    title: Customers trust checkout',
  'items:',
  '  - id: RM-1',
  '    title: Cache the tax table',
  '    kind: debt',
  '    status: planned',
  '    objective: OBJ-A',
  '',
].join('\n');
const CODE = ['// TODO: test', 'export const a = 1;', '// TODO: cache the tax table per region', ''].join('\n');

describe('"Link to existing item…" on unlinked debt', function () {
  let workspace: string;
  let client: TestClient;
  let code: string;

  const actionsOn = (line: number) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(code) },
      range: { start: { line, character: 4 }, end: { line, character: 4 } },
      context: { diagnostics: [] },
    });
  const linkAction = async (line: number) =>
    (await actionsOn(line)).find((action) => action.title === 'Link to existing item…');

  before(async () => {
    ensureBuilt();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-link-existing-'));
    fs.writeFileSync(path.join(workspace, 'roadmap.yaml'), ROADMAP);
    code = path.join(workspace, 'tax.ts');
    fs.writeFileSync(code, CODE);
    client = new TestClient({ folders: [workspace] });
    await client.start();
    await client.until(
      () => client.diagnosticsOf(code).filter((d) => d.code === 'unlinked-debt').length === 2,
      'the two unlinked debts of tax.ts',
    );
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('is offered on a comment that shares no word with any item, with no ranking', async () => {
    const action = await linkAction(0);
    assert.ok(
      action,
      `no "Link to existing item…" on "TODO: test": ${JSON.stringify((await actionsOn(0)).map((a) => a.title))}`,
    );
    const args = action.command?.arguments?.[0] as LinkArgs;
    assert.deepStrictEqual(args.candidates, []);
    assert.strictEqual(args.id, undefined, 'the client asks which item');
  });

  it('ranks the items that share words with the comment', async () => {
    const args = (await linkAction(2))?.command?.arguments?.[0] as LinkArgs;
    assert.deepStrictEqual(args?.candidates, [{ id: 'RM-1', title: 'Cache the tax table' }]);
  });

  it('links the unranked comment to the item picked', async () => {
    const args = (await linkAction(0))!.command!.arguments![0] as LinkArgs;
    await client.request('workspace/executeCommand', {
      command: 'roadmapLinks.linkExisting',
      arguments: [{ ...args, id: 'RM-1' }],
    });
    await client.until(() => fs.readFileSync(code, 'utf8').startsWith('// TODO(RM-1): test\n'), 'the linked comment');
    assert.strictEqual(fs.readFileSync(code, 'utf8'), CODE.replace('// TODO: test', '// TODO(RM-1): test'));
  });
});
