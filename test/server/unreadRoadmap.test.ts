/**
 * Over the protocol: while a roadmap file does not parse, the Roadmap view's tree says so, at the file's
 * first YAML syntax error, since the items after it are missing from the tree (one tab of indentation
 * in roadmap.yaml hid terraform's only item without a word); once it is fixed, the note goes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TreeResult } from '../../server/src/protocol';
import { ensureBuilt, TestClient, uriOf } from './lspClient';

const ROADMAP = [
  'version: 2',
  'objectives:',
  '  - id: OBJ-A',
  '    title: Customers trust checkout',
  'items:',
  '  - id: RM-1',
  '    title: Cache the tax table',
  '    status: planned',
  '    objective: OBJ-A',
  '',
].join('\n');
// A title indented one level too deep: YAML reads no item.
const BROKEN = ROADMAP.replace('    title: Cache', '      title: Cache');

describe('The Roadmap view of a roadmap file that does not parse', function () {
  let workspace: string;
  let client: TestClient;
  let roadmap: string;
  const tree = () => client.request<TreeResult>('roadmapLinks/tree', {});

  before(async () => {
    ensureBuilt();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-unread-roadmap-'));
    roadmap = path.join(workspace, 'roadmap.yaml');
    fs.writeFileSync(roadmap, ROADMAP);
    client = new TestClient({ folders: [workspace] });
    await client.start();
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('names no file while every one parses', async () => {
    const result = await tree();
    assert.deepStrictEqual(
      result.items.map((item) => item.id),
      ['RM-1'],
    );
    assert.strictEqual(result.unreadFiles, undefined);
  });

  it('names the file and its first syntax error, where the Problems panel has it, while it is broken', async () => {
    await client.open(roadmap, ROADMAP, 'yaml');
    await client.change(roadmap, BROKEN);
    await client.until(
      () => client.diagnosticsOf(roadmap).some((d) => d.code === 'yaml-syntax'),
      'the syntax error of roadmap.yaml',
    );
    const syntaxError = client.diagnosticsOf(roadmap).find((d) => d.code === 'yaml-syntax')!;
    const result = await tree();
    assert.deepStrictEqual(result.items, [], 'the item after the error is not read');
    assert.deepStrictEqual(result.unreadFiles, [
      {
        uri: uriOf(roadmap),
        path: 'roadmap.yaml',
        range: syntaxError.range,
        message: syntaxError.message.split('\n')[0],
      },
    ]);
  });

  it('names none once the file is fixed', async () => {
    await client.change(roadmap, ROADMAP);
    await client.until(
      () => !client.diagnosticsOf(roadmap).some((d) => d.code === 'yaml-syntax'),
      'the syntax error fixed',
    );
    const result = await tree();
    assert.deepStrictEqual(
      result.items.map((item) => item.id),
      ['RM-1'],
    );
    assert.strictEqual(result.unreadFiles, undefined);
  });
});
