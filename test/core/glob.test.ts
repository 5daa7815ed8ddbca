/**
 * The glob matcher's work, counted: an RE2 engine is compiled only for a path that what its globs need
 * (a segment, a literal run) cannot decide, and a `**\/NAME/**` glob never needs one. picomatch is the
 * oracle of the answers (test/reliability/patterns.test.ts); here the point is the count.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import picomatch from 'picomatch';
import { compileGlobs, globEngineStats } from '../../server/src/core/glob';
import { makeSettings } from '../../server/src/core/settings';
import { DEFAULT_ROADMAP_GLOBS, DEFAULT_SETTINGS } from '../../server/src/core/types';
import { fileKinds } from '../../server/src/core/workspace/reader';
import { FolderLister, type PendingFolder } from '../../server/src/core/workspace/walker';

/** The engines compiled while `run` runs. */
function enginesCompiled(run: () => void): number {
  const before = globEngineStats.compiled;
  run();
  return globEngineStats.compiled - before;
}

describe('globs: RE2 compiled only where the prefilter cannot decide', () => {
  it('the default exclusions (**/NAME/**) decide every path with no engine, as picomatch does', () => {
    const paths = ['src/a.ts', 'a/node_modules/b.js', 'dist', 'dist/', 'x/build/y/z', 'rebuild/x', '.git/config'];
    const v8 = picomatch(DEFAULT_SETTINGS.exclude, { dot: true });
    const answers: boolean[] = [];
    const count = enginesCompiled(() => {
      const { matches } = compileGlobs(DEFAULT_SETTINGS.exclude);
      for (const candidate of paths) answers.push(matches(candidate));
    });
    assert.strictEqual(count, 0);
    assert.deepStrictEqual(
      answers,
      paths.map((candidate) => v8(candidate)),
    );
  });

  it('the roadmap globs compile their engine on the first path holding what they need, once', () => {
    const { matches } = compileGlobs(DEFAULT_ROADMAP_GLOBS);
    assert.strictEqual(
      enginesCompiled(() => ['src/a.ts', 'README.md', 'a/b/c.yaml'].forEach((candidate) => matches(candidate))),
      0,
    );
    let answers: boolean[] = [];
    assert.strictEqual(
      enginesCompiled(() => (answers = ['team.roadmap.yaml', 'a/.roadmap/x.yaml', 'x.roadmap.yaml.bak'].map(matches))),
      1,
    );
    assert.deepStrictEqual(answers, [true, true, false]);
  });

  it('reading refused compiles every engine, so a glob RE2 cannot run is reported without a path', () => {
    assert.strictEqual(
      enginesCompiled(() => compileGlobs(['**/*.ts', '!src/**', '!*.md']).refused),
      3,
    );
    assert.strictEqual(
      enginesCompiled(() => compileGlobs(['**/*.ts', '!src/**'])),
      0,
    );
  });

  it('a walk with the default settings compiles no engine where no path holds a roadmap name or exclusion', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-glob-'));
    try {
      for (const file of ['src/a.ts', 'src/lib/b.py', 'docs/c.md', 'Makefile', 'test/d_test.go'])
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      for (const file of ['src/a.ts', 'src/lib/b.py', 'docs/c.md', 'Makefile', 'test/d_test.go'])
        fs.writeFileSync(path.join(root, file), '// TODO: x\n');
      fs.mkdirSync(path.join(root, 'node_modules/p'), { recursive: true });
      fs.writeFileSync(path.join(root, 'node_modules/p/i.js'), '');
      const listed: string[] = [];
      const count = enginesCompiled(() => {
        const settings = makeSettings();
        const kindOf = fileKinds(settings);
        const lister = new FolderLister({ exclude: settings.exclude, wantFile: kindOf, ignorecase: false });
        const stack: PendingFolder[] = [lister.rootOf(root)];
        while (stack.length) {
          const listing = lister.list(stack.pop()!);
          for (const file of listing?.files ?? []) listed.push(file.relative);
          stack.push(...(listing?.subdirs ?? []));
        }
      });
      assert.deepStrictEqual(listed.sort(), ['Makefile', 'docs/c.md', 'src/a.ts', 'src/lib/b.py', 'test/d_test.go']);
      assert.strictEqual(count, 0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
