/**
 * The walk skips asking `ignore` about a path no rule of a `.gitignore` can match (by the rule's names,
 * runs and, for an anchored rule, its segments at their depths): the files it lists must be those a walk
 * asking about every path lists, whatever the rules and names; and it must ask about few paths.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import ignore, { type Ignore } from 'ignore';
import * as os from 'os';
import * as path from 'path';
import { FolderLister, type PendingFolder } from '../../server/src/core/workspace/walker';

const NAMES = ['build', 'doc', 'docs', 'a.log', 'keep.ts', 'x.ts', 'Build', 'tmp', 'out.ts', 'rebuild', 'DOC', 'docσ'];
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
  // Anchored at depths, `**` between, classes, negations and folder-only forms of them.
  '/build/doc',
  '/*/doc/',
  '!/build/doc/x.ts',
  'doc/**/x.ts',
  '**/doc/tmp',
  '/build/**/keep.ts',
  '/b[u]ild/doc',
  '/*/tmp/*.ts',
  '!**/tmp/',
  'build/**',
  '/Build/Doc/',
  '/docs/?.log',
  '*/*/a.log',
  // Lines as `ignore` reads them: a BOM, trailing spaces, CRLF, a lone `!`, a name beyond ASCII.
  '\uFEFFbuild',
  'doc   ',
  'x.ts\r',
  '!',
  'DOCΣ',
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

  /** A tree of empty files and `.gitignore` texts, walked both ways. */
  const walkBoth = (name: string, tree: Record<string, string>, ignorecase = false) => {
    const root = path.join(base, name);
    for (const [file, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    const listed = walk(root, ignorecase);
    assert.deepStrictEqual(listed, referenceWalk(root, ignorecase));
    return listed.filter((file) => !file.endsWith('.gitignore'));
  };

  it('agrees with `ignore` where the shortcut could go wrong: a parent scope ignoring, classes, a BOM, case', () => {
    // The root ignores doc/build/, doc's own rules bring it back: its files stay ignored by the root's rule.
    assert.deepStrictEqual(
      walkBoth('reinclude', {
        '.gitignore': 'build/\n',
        'doc/.gitignore': '!build/\n',
        'doc/build/x.ts': '',
        'doc/y.ts': '',
      }),
      ['doc/y.ts'],
    );
    // A class is no literal name: /b[u]ild/doc names build/doc.
    assert.deepStrictEqual(
      walkBoth('class', { '.gitignore': '/b[u]ild/doc\n', 'build/doc/x.ts': '', 'build/y.ts': '' }),
      ['build/y.ts'],
    );
    // A BOM before the first rule is not part of it.
    assert.deepStrictEqual(walkBoth('bom', { '.gitignore': '\uFEFFbuild\n', 'build/x.ts': '', 'y.ts': '' }), ['y.ts']);
    // Trailing spaces are not part of a rule; CRLF line ends are not either.
    assert.deepStrictEqual(
      walkBoth('spaces', { '.gitignore': 'doc  \r\n/tmp/*.ts\r\n', 'doc/x.ts': '', 'tmp/a.ts': '', 'b.ts': '' }),
      ['b.ts'],
    );
    // core.ignorecase: /Build/Doc/ and *.LOG match in any case; without it, they do not.
    const cased = { '.gitignore': '/Build/Doc/\n*.LOG\n', 'build/doc/x.ts': '', 'build/a.log': '', 'c.ts': '' };
    assert.deepStrictEqual(walkBoth('case-on', cased, true), ['c.ts']);
    assert.deepStrictEqual(walkBoth('case-off', cased, false), ['build/a.log', 'build/doc/x.ts', 'c.ts']);
    // An anchored rule of exact depth: /*/tmp/*.ts names a/tmp/x.ts, not a/b/tmp/x.ts nor a/tmp/b/x.ts.
    assert.deepStrictEqual(
      walkBoth('depth', { '.gitignore': '/*/tmp/*.ts\n', 'a/tmp/x.ts': '', 'a/b/tmp/x.ts': '', 'a/tmp/b/x.ts': '' }),
      ['a/b/tmp/x.ts', 'a/tmp/b/x.ts'],
    );
  });

  it('lists the files a walk asking about every path lists, on random trees and rules', () => {
    let run = 0;
    const tree = fc.record({
      files: fc.array(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 }), { maxLength: 18 }),
      ignores: fc.array(
        fc.record({
          at: fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }),
          rules: fc.array(fc.constantFrom(...RULES), { minLength: 1, maxLength: 5 }),
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
            fs.writeFileSync(path.join(root, ...at, '.gitignore'), rules.join(run % 2 ? '\r\n' : '\n') + '\n');
          } catch {
            // As above.
          }
        }
        assert.deepStrictEqual(walk(root, ignorecase), referenceWalk(root, ignorecase));
      }),
      { numRuns: 300 },
    );
  });

  it('asks `ignore` only about paths a rule can match: none under test/ for /*/test/tmp/ or /packages/vite/LICENSE', () => {
    const root = path.join(base, 'counted');
    const files = ['a/test/cases/one.rb', 'a/test/tmp/two.rb', 'packages/vite/LICENSE', 'packages/vite/src/x.ts'];
    for (let i = 0; i < 40; i++) files.push(`a/test/cases/f${i}.rb`, `packages/plugin/src/p${i}.ts`, `b/test/t${i}.rb`);
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '');
    }
    fs.writeFileSync(path.join(root, '.gitignore'), '/*/test/tmp/\n/packages/vite/LICENSE\n*.log\nnode_modules/\n');
    // A .gitignore none of whose rules any path below can match: its rules are never made.
    fs.writeFileSync(path.join(root, 'packages/plugin/.gitignore'), '*.tmp\n/coverage/\n');
    const asked: string[] = [];
    const added: string[] = [];
    const prototype = Object.getPrototypeOf(ignore()) as {
      test(this: Ignore, path: string): unknown;
      add(this: Ignore, text: string): Ignore;
    };
    const { test, add } = prototype;
    prototype.test = function (this: Ignore, path: string) {
      asked.push(path);
      return test.call(this, path);
    };
    prototype.add = function (this: Ignore, text: string) {
      added.push(text);
      return add.call(this, text);
    };
    let listed: string[];
    try {
      listed = walk(root, false);
    } finally {
      prototype.test = test;
      prototype.add = add;
    }
    assert.strictEqual(added.length, 1);
    assert.deepStrictEqual(listed, referenceWalk(root, false));
    assert.ok(!listed.includes('packages/vite/LICENSE') && listed.includes('a/test/cases/f1.rb'));
    // 124 files in 9 folders: only the two paths a rule's segments name are asked about.
    assert.deepStrictEqual(asked.sort(), ['a/test/tmp/', 'packages/vite/LICENSE']);
  });
});
