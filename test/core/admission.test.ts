/**
 * Files that appear after the scan are admitted to the index exactly where the scan would read them:
 * the admission must agree with a whole walk about every file of random trees, `.gitignore`s and
 * `exclude` globs, and keep the walk out of ignored, excluded and `.git` folders and nested workspace folders.
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

const NAMES = ['build', 'dist', 'src', 'a.ts', 'b.py', 'notes.txt', 'Build', 'gen', 'x.ts'];
const RULES = ['build/', 'dist', '*.py', '!b.py', '/src/', 'gen/**', 'B*', '!x.ts', '*', '**/a.ts', 'src/*.ts'];
const EXCLUDES = ['**/gen/**', 'dist/**', '**/*.py', 'src/x.ts'];

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
    const tree = fc.record({
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
    await fc.assert(
      fc.asyncProperty(tree, async ({ files, ignores, exclude }) => {
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
});
