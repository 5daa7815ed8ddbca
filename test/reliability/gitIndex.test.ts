/**
 * Issue #9 point 2: git never writes `.git/index`. Porcelain `git diff` refreshes the index, and writes it,
 * when a tracked file's stat changed but its content did not (a `touch`, a checkout tool, an editor saving
 * an unchanged file), even with `--no-optional-locks`. The change mapper, `roadmap-links changes` and the
 * server's changes request must leave the index's bytes, inode and mtime as they were, and still report
 * exactly what changed.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { mapChanges, type ChangeReport } from '../../server/src/core/changes';
import { runGit } from '../../server/src/core/changes/git';
import { buildRoadmap, parseRoadmapFile } from '../../server/src/core/roadmap';
import { DEFAULT_COMPILED_SETTINGS } from '../../server/src/core/settings';
import { commitAll, git, GIT_ENV, removeTemporaryFolders, temporaryFolder, write } from '../gitEnv';
import { ensureBuilt, ROOT, TestClient } from '../server/lspClient';
import { ROADMAP } from './serverHelpers';
import { addTally } from './tally';

const SETTINGS = DEFAULT_COMPILED_SETTINGS;
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** What identifies the index file as written: its bytes, its inode (git writes by renaming a lock file), its mtime. */
function indexState(root: string): { bytes: string; inode: number; mtimeMs: number } {
  const file = path.join(root, '.git', 'index');
  const stat = fs.statSync(file);
  return { bytes: fs.readFileSync(file).toString('base64'), inode: stat.ino, mtimeMs: stat.mtimeMs };
}

/**
 * main: roadmap.yaml, src/tax.ts, src/other.ts; feature: a commit adding a linked TODO to src/tax.ts; then,
 * uncommitted, another TODO in src/tax.ts, and src/other.ts touched (new mtime, same content): a stat the
 * index no longer matches, which porcelain git refreshes and writes.
 */
function makeRepo(): string {
  const root = temporaryFolder('roadmap-links-gitindex-');
  write(root, 'roadmap.yaml', ROADMAP);
  write(root, 'src/tax.ts', 'export const rate = 0.2;\n');
  write(root, 'src/other.ts', 'export const other = 1;\n');
  git(root, 'init', '-q', '-b', 'main');
  commitAll(root, 'initial');
  git(root, 'checkout', '-q', '-b', 'feature');
  fs.appendFileSync(path.join(root, 'src/tax.ts'), '// TODO(RM-1): cache the tax table\n');
  commitAll(root, 'Cache the tax table');
  fs.appendFileSync(path.join(root, 'src/tax.ts'), '// FIXME(RM-2): retry\n');
  const later = new Date(Date.now() + 3_600_000);
  fs.utimesSync(path.join(root, 'src/other.ts'), later, later);
  return root;
}

const roadmap = () => buildRoadmap([parseRoadmapFile('/virtual/roadmap.yaml', ROADMAP, SETTINGS)]);

/** Changed files with the items each hunk serves, and why. */
function summary(report: ChangeReport): string[] {
  return report.files.map(
    (file) =>
      `${file.path} ${file.status}: ` +
      file.hunks.flatMap((hunk) => hunk.attributions.map((serves) => `${serves.itemId} (${serves.detail})`)).join(', '),
  );
}

const WORKING_TREE = ['src/tax.ts modified: RM-2 (FIXME at line 3)'];
const BRANCH = ['src/tax.ts modified: RM-1 (TODO at line 2)'];

describe('reliability: git never writes the index', function () {
  this.timeout(600_000);
  const repo = makeRepo;
  after(removeTemporaryFolders);

  it('the case is real: plain `git diff HEAD` rewrites the index of such a repository, even without optional locks', () => {
    const root = repo();
    const before = indexState(root);
    spawnSync('git', ['--no-optional-locks', 'diff', 'HEAD'], {
      cwd: root,
      env: { ...GIT_ENV, GIT_OPTIONAL_LOCKS: '0' },
    });
    assert.notDeepStrictEqual(indexState(root), before, 'git diff did not write the index: the test proves nothing');
  });

  it('the change mapper, `roadmap-links changes` and the server leave the index as it was, and report the change', async () => {
    ensureBuilt();
    const root = repo();
    const before = indexState(root);

    assert.deepStrictEqual(
      summary(await mapChanges({ cwd: root, roadmap: roadmap(), settings: SETTINGS })),
      WORKING_TREE,
    );
    assert.deepStrictEqual(
      summary(await mapChanges({ cwd: root, base: 'main', roadmap: roadmap(), settings: SETTINGS })),
      BRANCH,
    );
    assert.deepStrictEqual(indexState(root), before, 'the change mapper wrote the index');

    for (const [args, expected] of [
      [['changes', root, '--format', 'json'], WORKING_TREE],
      [['changes', root, '--base', 'main', '--format', 'json'], BRANCH],
    ] as const) {
      const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
      assert.strictEqual(result.status, 0, result.stderr);
      assert.deepStrictEqual(summary(JSON.parse(result.stdout) as ChangeReport), expected);
    }
    assert.deepStrictEqual(indexState(root), before, '`roadmap-links changes` wrote the index');

    const client = new TestClient({ folders: [root] });
    await client.start();
    try {
      assert.deepStrictEqual(summary(await client.request<ChangeReport>('roadmapLinks/changes', {})), WORKING_TREE);
      assert.deepStrictEqual(
        summary(await client.request<ChangeReport>('roadmapLinks/changes', { base: 'main' })),
        BRANCH,
      );
    } finally {
      await client.stop();
    }
    assert.deepStrictEqual(indexState(root), before, "the server's changes request wrote the index");
    // The stat is still stale: git itself would have refreshed it, and nothing of ours did.
    assert.strictEqual(git(root, 'diff-files', '--name-only'), 'src/other.ts\nsrc/tax.ts\n');
    addTally({ faultsInjected: 1, requestsAnswered: 2 });
  });

  it('a git command that can write (status, porcelain diff, config set, hash-object -w) is refused before git runs', async () => {
    const root = repo();
    const before = indexState(root);
    for (const [args, command] of [
      [['status'], 'status'],
      [['diff', 'HEAD'], 'diff'],
      [['update-index', '--refresh'], 'update-index'],
      [['config', 'core.hooksPath', '/tmp'], 'config'],
      [['hash-object', '-w', '--stdin'], 'hash-object'],
      // A commit-graph is written only into the alternate object folder the call names (one of ours).
      [['commit-graph', 'write', '--stdin-commits'], 'commit-graph'],
      [['commit-graph', 'write', '--object-dir', path.join(root, '.git', 'objects')], 'commit-graph'],
    ] as const) {
      await assert.rejects(runGit([...args], { cwd: root, alternateObjects: os.tmpdir() }), {
        name: 'GitError',
        message: `git ${command} is not a read-only command; it was not run.`,
      });
    }
    assert.deepStrictEqual(indexState(root), before);
    const hooksPath = spawnSync('git', ['config', '--get', 'core.hooksPath'], { cwd: root, env: GIT_ENV });
    assert.strictEqual(hooksPath.status, 1, 'core.hooksPath was set');
  });
});
