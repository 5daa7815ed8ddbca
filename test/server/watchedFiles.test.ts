/**
 * Files written after the scan, over the real protocol (the client's watcher reports everything, as
 * VS Code's `**\/*` registration does): they reach the index only where the scan would have read them.
 * Before, a build writing a `.gitignore`d `dist/` filled the Problems panel with its bundled libraries'
 * TODOs, and a folder `exclude` named was indexed as soon as something was written in it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt, TestClient, uriOf } from './lspClient';

const CREATED = 1;
const CHANGED = 2;

describe('watched files: admitted where the scan reads, nowhere else', function () {
  this.timeout(60000);
  let root: string;
  let client: TestClient;
  const file = (relative: string) => path.join(root, relative);
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(file(relative)), { recursive: true });
    fs.writeFileSync(file(relative), text);
  };
  const report = (changes: [string, number][]) =>
    client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: changes.map(([relative, type]) => ({ uri: uriOf(file(relative)), type })),
    });
  const debtIn = (relative: string) => client.diagnosticsOf(file(relative)).filter((d) => d.code === 'unlinked-debt');

  before(async () => {
    ensureBuilt();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-watched-')));
    write('roadmap.yaml', 'version: 2\nitems: []\n');
    write('.gitignore', 'dist/\n*.gen.ts\n');
    write('src/a.ts', '// TODO: indexed by the scan\n');
    client = new TestClient({ folders: [root], settings: { exclude: ['**/generated/**'] } });
    await client.start();
    await client.until(() => debtIn('src/a.ts').length === 1, 'the scan');
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a file in a .gitignored, excluded or .git folder, or named by a .gitignore rule, is not indexed', async () => {
    for (const relative of ['dist/bundle.js', 'generated/api.ts', '.git/hooks/pre.ts', 'src/schema.gen.ts', 'src/b.ts'])
      write(relative, '// TODO: written after the scan\n');
    await report([
      ['dist', CREATED],
      ['dist/bundle.js', CREATED],
      ['generated/api.ts', CREATED],
      ['.git/hooks/pre.ts', CREATED],
      ['src/schema.gen.ts', CREATED],
      ['src/b.ts', CREATED],
    ]);
    // Published in the order the events came: once b.ts has its diagnostic, the others had their turn.
    await client.until(() => debtIn('src/b.ts').length === 1, "src/b.ts's unlinked TODO");
    for (const relative of ['dist/bundle.js', 'generated/api.ts', '.git/hooks/pre.ts', 'src/schema.gen.ts'])
      assert.deepStrictEqual(client.diagnosticsOf(file(relative)), [], relative);
  });

  it('a created folder is scanned with the rules above it: its ignored part is left out', async () => {
    write('pkg/src/c.ts', '// TODO: in a new package\n');
    write('pkg/dist/c.js', '// TODO: its build output\n');
    write('pkg/src/c.gen.ts', '// TODO: generated\n');
    await report([['pkg', CREATED]]);
    await client.until(() => debtIn('pkg/src/c.ts').length === 1, "pkg/src/c.ts's unlinked TODO");
    assert.deepStrictEqual(client.diagnosticsOf(file('pkg/dist/c.js')), []);
    assert.deepStrictEqual(client.diagnosticsOf(file('pkg/src/c.gen.ts')), []);
  });

  it('a .gitignore changed: the folders are scanned again under its new rules', async () => {
    write('.gitignore', '*.gen.ts\nsrc/a.ts\n');
    await report([['.gitignore', CHANGED]]);
    await client.until(
      () => debtIn('dist/bundle.js').length === 1 && debtIn('src/a.ts').length === 0,
      'dist/ read, src/a.ts dropped',
    );
    assert.deepStrictEqual(client.diagnosticsOf(file('src/schema.gen.ts')), []);
  });
});
