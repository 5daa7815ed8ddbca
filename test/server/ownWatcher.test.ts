/**
 * The server's own watcher (for a client that does not watch files for it) watches what the scan reads
 * and nothing else: a `.gitignore`d `node_modules` is not descended into, which in a monorepo was
 * thousands of inotify watches (a folder and a file each) whose events the server then dropped.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt, TestClient } from './lspClient';

const PACKAGES = 30;
/** Folders of each package in node_modules, and files (each with a TODO). */
const PACKAGE_FOLDERS = ['', 'lib', 'dist', 'src', 'src/internal'];

describe('own file watcher: only what the scan reads', function () {
  this.timeout(60000);
  let root: string;
  let client: TestClient;
  const file = (relative: string) => path.join(root, relative);
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(file(relative)), { recursive: true });
    fs.writeFileSync(file(relative), text);
  };
  const debtIn = (relative: string) => client.diagnosticsOf(file(relative)).filter((d) => d.code === 'unlinked-debt');
  /** The watcher's ready lines, one a scan: how many folders and files it watches. */
  const watching = () =>
    client.logs
      .filter((line) => line.includes('for changes (the client does not watch'))
      .map((line) => {
        const counts = /watching (\d+) folders and (\d+) files of 1 workspace folder/.exec(line);
        assert.ok(counts, line);
        return { folders: Number(counts[1]), files: Number(counts[2]) };
      });

  before(async () => {
    ensureBuilt();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-own-watcher-')));
    write('roadmap.yaml', 'version: 2\nitems: []\n');
    write('.gitignore', 'node_modules/\n');
    write('src/a.ts', '// TODO: indexed by the scan\n');
    write('src/lib/b.ts', 'export const b = 1;\n');
    write('src/logo.png', 'not read: no language\n');
    for (let i = 0; i < PACKAGES; i++)
      for (const folder of PACKAGE_FOLDERS)
        write(path.join('node_modules', `pkg${i}`, folder, 'index.js'), '// TODO\n');
    // An `exclude` of the user's own, without the default's node_modules: only the `.gitignore` keeps it out.
    client = new TestClient({
      folders: [root],
      kind: 'generic',
      settings: { unlinkedDebtSeverity: 'warning', exclude: ['**/vendor/**'] },
    });
    await client.start();
    await client.until(() => watching().length === 1, 'the watcher ready');
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('watches the folders the scan enters and the files it reads, not the .gitignored node_modules', () => {
    // The root, src, src/lib; roadmap.yaml, .gitignore, a.ts, b.ts (not logo.png).
    assert.deepStrictEqual(watching(), [{ folders: 3, files: 4 }]);
  });

  it('a file written in src/ after the start is indexed, one in node_modules/ is not', async () => {
    write('node_modules/pkg0/lib/late.js', '// TODO: written after the start\n');
    write('src/lib/late.ts', '// TODO: written after the start\n');
    write('src/new/deeper/late.ts', '// TODO: in folders made after the start\n');
    await client.until(
      () => debtIn('src/lib/late.ts').length === 1 && debtIn('src/new/deeper/late.ts').length === 1,
      "the new files' TODOs in src/",
    );
    assert.deepStrictEqual(client.diagnosticsOf(file('node_modules/pkg0/lib/late.js')), []);
  });

  it('a .gitignore that stops ignoring node_modules: it is scanned and watched from then on', async () => {
    write('.gitignore', '*.log\n');
    await client.until(() => watching().length === 2, 'the watcher restarted after the rescan');
    const packageFiles = PACKAGES * PACKAGE_FOLDERS.length + 1; // and late.js
    assert.deepStrictEqual(watching()[1], {
      folders: 3 + 2 + 1 + PACKAGES * PACKAGE_FOLDERS.length, // src/new/deeper, node_modules
      files: 4 + 2 + packageFiles,
    });
    assert.strictEqual(debtIn('node_modules/pkg0/lib/late.js').length, 1);
    write('node_modules/pkg1/src/later.js', '// TODO: written once node_modules is read\n');
    await client.until(() => debtIn('node_modules/pkg1/src/later.js').length === 1, "node_modules' new TODO");
  });
});
