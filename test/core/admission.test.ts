/**
 * Files that appear after the scan are admitted to the index exactly where the scan would read them:
 * the admission must agree with a whole walk about every file of random trees, `.gitignore`s and
 * `exclude` globs, and keep the walk out of ignored, excluded and `.git` folders and nested workspace folders.
 * The server's own watcher asks one admission for its whole life, of paths as they appear: it must judge
 * what was made after it listed a folder as a walk then would, reading each folder and `.gitignore` once.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeSettings } from '../../server/src/core/settings';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import { WalkAdmission } from '../../server/src/core/workspace/admission';
import { fileKinds } from '../../server/src/core/workspace/reader';
import { walkFolder } from '../../server/src/core/workspace/walker';
import { recordCalls } from './fsCalls';

const NAMES = ['build', 'dist', 'src', 'a.ts', 'b.py', 'notes.txt', 'Build', 'gen', 'x.ts'];
const RULES = ['build/', 'dist', '*.py', '!b.py', '/src/', 'gen/**', 'B*', '!x.ts', '*', '**/a.ts', 'src/*.ts'];
const EXCLUDES = ['**/gen/**', 'dist/**', '**/*.py', 'src/x.ts'];

/** Random trees of files, `.gitignore`s placed in them and excludes, for the walk to be compared on. */
function randomTree() {
  return fc.record({
    files: fc.array(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }), { maxLength: 14 }),
    ignores: fc.array(
      fc.record({
        at: fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }),
        rules: fc.array(fc.constantFrom(...RULES), { minLength: 1, maxLength: 4 }),
      }),
      { maxLength: 3 },
    ),
    exclude: fc.subarray(EXCLUDES),
  });
}

/** Every file and folder under `root` (the `.git` folder too), absolute. */
function everything(root: string): { files: string[]; folders: string[] } {
  const files: string[] = [];
  const folders: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        folders.push(child);
        visit(child);
      } else files.push(child);
    }
  };
  visit(root);
  return { files, folders };
}

async function walked(index: WorkspaceIndex, root: string): Promise<Set<string>> {
  const files = new Set<string>();
  for await (const file of walkFolder(root, { exclude: index.settings.exclude, wantFile: fileKinds(index.settings) }))
    files.add(file);
  return files;
}

function write(root: string, relative: string, text = '// TODO: x\n'): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), text);
}

describe('admission of files that appear after the scan', () => {
  let base: string;
  before(() => (base = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-admission-'))));
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('keeps out what .gitignore, exclude, .git and a nested workspace folder keep the walk out of', async () => {
    const root = path.join(base, 'example');
    const nested = path.join(root, 'packages/app');
    write(root, '.gitignore', 'dist/\n*.log.ts\n');
    write(root, 'packages/app/.gitignore', 'out/\n');
    for (const file of ['src/a.ts', 'dist/bundle.js', 'gen/api.ts', '.git/hooks/x.ts', 'src/debug.log.ts'])
      write(root, file);
    for (const file of ['packages/app/main.ts', 'packages/app/out/main.js', 'packages/app/dist/x.ts'])
      write(root, file);
    const index = new WorkspaceIndex([root, nested], makeSettings({ exclude: ['**/gen/**'] }));
    const admission = await WalkAdmission.of(index);
    const admitted = (relative: string) => admission.admitsFile(path.join(root, relative));
    assert.deepStrictEqual(
      ['src/a.ts', 'dist/bundle.js', 'gen/api.ts', '.git/hooks/x.ts', 'src/debug.log.ts', 'src/gone.ts'].map(admitted),
      [true, false, false, false, false, false],
    );
    // The nested folder is walked as its own, under its own rules and its parent's `.gitignore`s not at all
    // (as the scan does): its dist/ is read, its out/ is not.
    assert.deepStrictEqual(
      ['packages/app/main.ts', 'packages/app/out/main.js', 'packages/app/dist/x.ts'].map(admitted),
      [true, false, true],
    );
    assert.deepStrictEqual(
      ['src', 'dist', 'gen', '.git', 'packages/app', 'packages/app/out', 'nowhere'].map((dir) =>
        admission.admitsFolder(path.join(root, dir)),
      ),
      [true, false, false, false, true, false, false],
    );
  });

  it('agrees with a whole walk about every file, on random trees, .gitignores and excludes', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(randomTree(), async ({ files, ignores, exclude }) => {
        const root = path.join(base, String(run++));
        fs.mkdirSync(root);
        for (const parts of [...files, ...ignores.map(({ at }) => [...at, '.gitignore'])]) {
          try {
            write(root, path.join(...parts));
          } catch {
            // A name already taken by a folder (or a file on the way): the tree simply lacks it.
          }
        }
        for (const { at, rules } of ignores) {
          const gitignore = path.join(root, ...at, '.gitignore');
          if (fs.existsSync(gitignore) && fs.statSync(gitignore).isFile())
            fs.writeFileSync(gitignore, rules.join('\n') + '\n');
        }
        const index = new WorkspaceIndex([root], makeSettings({ exclude }));
        const reference = await walked(index, root);
        const admission = await WalkAdmission.of(index);
        for (const file of everything(root).files)
          assert.strictEqual(admission.admitsFile(file), reference.has(file), path.relative(root, file));
      }),
      { numRuns: 200 },
    );
  });

  it('for a watcher: judges folders and files made after it listed their folder as the walk would', async () => {
    const root = path.join(base, 'watched');
    write(root, '.gitignore', 'node_modules/\n*.log.ts\n');
    write(root, 'src/a.ts');
    const index = new WorkspaceIndex([root], makeSettings({ exclude: ['**/gen/**'] }));
    const admission = await WalkAdmission.of(index);
    assert.ok(admission.wouldRead(path.join(root, 'src/a.ts'))); // src/ listed, as it is now
    for (const file of [
      'src/new/deep/b.ts',
      'src/b.log.ts',
      'src/c.py',
      'src/logo.png',
      'node_modules/x/y.js',
      'gen/z.ts',
    ])
      write(root, file);
    const at = (relative: string) => path.join(root, relative);
    assert.deepStrictEqual(
      ['src/new', 'src/new/deep', 'node_modules', 'node_modules/x', 'gen', '.git'].map((dir) =>
        admission.wouldEnter(at(dir)),
      ),
      [true, true, false, false, false, false],
    );
    assert.deepStrictEqual(
      ['src/new/deep/b.ts', 'src/b.log.ts', 'src/c.py', 'src/logo.png', 'node_modules/x/y.js', 'gen/z.ts'].map((file) =>
        admission.wouldRead(at(file)),
      ),
      [true, false, true, false, false, false],
    );
  });

  it('for a watcher: each folder is listed and each .gitignore read once, however often it is asked', async () => {
    const root = path.join(base, 'asked');
    const folders = ['', 'a', 'a/b', 'a/b/c', 'd'];
    for (const folder of folders) {
      write(root, path.join(folder, '.gitignore'), 'out/\n');
      write(root, path.join(folder, 'x.ts'));
    }
    const index = new WorkspaceIndex([root], makeSettings({}));
    const admission = await WalkAdmission.of(index);
    const calls = await recordCalls(root, async () => {
      for (let round = 0; round < 5; round++)
        for (const folder of folders) {
          admission.wouldEnter(path.join(root, folder));
          admission.wouldRead(path.join(root, folder, 'x.ts'));
          admission.wouldRead(path.join(root, folder, 'new.ts'));
          admission.wouldEnter(path.join(root, folder, 'out'));
        }
    });
    const counts = [...calls].map(([target, names]) => [path.relative(root, target), names.join(' ')]).sort();
    const expected = folders.flatMap((folder) => [
      [folder, 'readdirSync'],
      [path.join(folder, '.gitignore'), 'openSync readSync closeSync'],
    ]);
    assert.deepStrictEqual(counts, expected.sort());
  });

  it('for a watcher: agrees with a fresh walk about a tree made after it listed every folder', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(randomTree(), async ({ files, ignores, exclude }) => {
        const root = path.join(base, `late-${run++}`);
        fs.mkdirSync(root);
        // The `.gitignore`s first, and the watcher's admission asked of every folder there is then.
        for (const { at, rules } of ignores) {
          try {
            write(root, path.join(...at, '.gitignore'), rules.join('\n') + '\n');
          } catch {
            // A name already taken by a folder (or a file on the way): the tree simply lacks it.
          }
        }
        const index = new WorkspaceIndex([root], makeSettings({ exclude }));
        const watcher = await WalkAdmission.of(index);
        for (const folder of [root, ...everything(root).folders]) watcher.wouldEnter(folder);
        for (const parts of files) {
          try {
            write(root, path.join(...parts));
          } catch {
            // as above
          }
        }
        const reference = await walked(index, root);
        const fresh = await WalkAdmission.of(index);
        const now = everything(root);
        for (const file of now.files)
          assert.strictEqual(watcher.wouldRead(file), reference.has(file), path.relative(root, file));
        for (const folder of now.folders)
          assert.strictEqual(watcher.wouldEnter(folder), fresh.admitsFolder(folder), path.relative(root, folder));
      }),
      { numRuns: 200 },
    );
  });
});
