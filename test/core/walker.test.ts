/**
 * The walk skips asking `ignore` about a path that holds none of the names a `.gitignore`'s rules need:
 * the files it lists must be those a walk asking about every path lists, whatever the rules and names.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import ignore, { type Ignore } from 'ignore';
import * as os from 'os';
import * as path from 'path';
import { FolderLister, type PendingFolder } from '../../server/src/core/workspace/walker';

const NAMES = ['build', 'doc', 'docs', 'a.log', 'keep.ts', 'x.ts', 'Build', 'tmp', 'out.ts', 'rebuild'];
const RULES = [
  'build',
  'build/',
  '/doc/',
  '*.log',
  '!keep.ts',
  '!build/',
  'a*/',
  '**/x.ts',
  'doc*',
  '*/tmp',
  'tm?',
  ' x.ts',
  'b[ab]',
  'out\\.ts',
  '#build',
  '*',
  'd**s',
  '!*.ts',
  'BUILD',
  'build/x.ts',
  'tmp/**',
  'docs/*.log',
  'build/doc/**',
  'build/*/tmp',
];

/** Every file under `root` not ignored, asking every `.gitignore` about every path (git's rules as the walk applies them). */
function referenceWalk(root: string, ignorecase: boolean): string[] {
  const files: string[] = [];
  const visit = (relDir: string, scopes: { base: string; rules: Ignore }[]) => {
    const dir = path.join(root, relDir);
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const gitignore = path.join(dir, '.gitignore');
    if (entries.some((entry) => entry.name === '.gitignore'))
      scopes = [...scopes, { base: relDir, rules: ignore({ ignorecase }).add(fs.readFileSync(gitignore, 'utf8')) }];
    const ignored = (relative: string, isDirectory: boolean) => {
      let result = false;
      for (const scope of scopes) {
        const local = scope.base ? relative.slice(scope.base.length + 1) : relative;
        const test = scope.rules.test(isDirectory ? `${local}/` : local);
        if (test.ignored) result = true;
        else if (test.unignored) result = false;
      }
      return result;
    };
    for (const entry of entries) {
      const relative = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!ignored(relative, true)) visit(relative, scopes);
      } else if (!ignored(relative, false)) files.push(relative);
    }
  };
  visit('', []);
  return files.sort();
}

function walk(root: string, ignorecase: boolean): string[] {
  const lister = new FolderLister({ exclude: [], wantFile: () => true, ignorecase });
  const stack: PendingFolder[] = [lister.rootOf(root)];
  const files: string[] = [];
  while (stack.length) {
    const listing = lister.list(stack.pop()!);
    if (!listing) continue;
    for (const file of listing.files) files.push(file.relative);
    stack.push(...listing.subdirs);
  }
  return files.sort();
}

describe('walk: .gitignore rules asked only about paths holding the names they need', () => {
  let base: string;
  before(() => (base = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-walk-'))));
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('asks about a path whose needed name is a folder further up (build/*/tmp ignores build/doc/tmp)', () => {
    const root = path.join(base, 'deep');
    fs.mkdirSync(path.join(root, 'build/doc/tmp'), { recursive: true });
    fs.mkdirSync(path.join(root, 'build/doc/keep'), { recursive: true });
    fs.writeFileSync(path.join(root, '.gitignore'), 'build/*/tmp\n');
    fs.writeFileSync(path.join(root, 'build/doc/tmp/x.ts'), '');
    fs.writeFileSync(path.join(root, 'build/doc/keep/y.ts'), '');
    assert.deepStrictEqual(walk(root, false), ['.gitignore', 'build/doc/keep/y.ts']);
    assert.deepStrictEqual(referenceWalk(root, false), walk(root, false));
  });

  it('lists the files a walk asking about every path lists, on random trees and rules', () => {
    let run = 0;
    const tree = fc.record({
      files: fc.array(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }), { maxLength: 14 }),
      ignores: fc.array(
        fc.record({
          at: fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }),
          rules: fc.array(fc.constantFrom(...RULES), { minLength: 1, maxLength: 4 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      ignorecase: fc.boolean(),
    });
    fc.assert(
      fc.property(tree, ({ files, ignores, ignorecase }) => {
        const root = path.join(base, String(run++));
        fs.mkdirSync(root);
        for (const parts of files) {
          const file = path.join(root, ...parts);
          try {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, '');
          } catch {
            // A name already taken by a folder (or a file on the way): the tree simply lacks it.
          }
        }
        for (const { at, rules } of ignores) {
          try {
            fs.mkdirSync(path.join(root, ...at), { recursive: true });
            fs.writeFileSync(path.join(root, ...at, '.gitignore'), rules.join('\n') + '\n');
          } catch {
            // As above.
          }
        }
        assert.deepStrictEqual(walk(root, ignorecase), referenceWalk(root, ignorecase));
      }),
      { numRuns: 300 },
    );
  });
});
