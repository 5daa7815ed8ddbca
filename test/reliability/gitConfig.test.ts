/**
 * Issue #9 points 2 and 11: a repository's git config names programs (fsmonitor, hooks, filters,
 * diff drivers, gpg, ssh for a lazy fetch, through includes too) and none of them may run when the
 * change mapper, the CLI or the server reads a change; the index is never written. Each case first
 * proves, with plain git, that its key really runs the marker command, so its absence means something.
 * Also: a shallow clone says so, and a `:/message` base resolves.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitError, mapChanges, type ChangeReport } from '../../server/src/core/changes';
import { runGit } from '../../server/src/core/changes/git';
import { buildRoadmap, parseRoadmapFile } from '../../server/src/core/roadmap';
import { DEFAULT_COMPILED_SETTINGS } from '../../server/src/core/settings';
import { GIT_ENV } from '../gitEnv';
import { ensureBuilt, ROOT, TestClient } from '../server/lspClient';
import { ROADMAP } from './serverHelpers';
import { addTally } from './tally';

const SETTINGS = DEFAULT_COMPILED_SETTINGS;
const SOURCE = 'export const rate = 0.2;\n// TODO(RM-1): cache the tax table\n';

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Plain git with no protection at all, as a user's shell would run it (stdout and stderr ignored). */
function plainGit(cwd: string, args: string[], input = ''): void {
  spawnSync('git', args, { cwd, env: GIT_ENV, input, timeout: 20000 });
}

interface Repo {
  root: string;
  marker: string;
  /** Another file under a hostile name, where a marker may also land. */
  dir: string;
}

/**
 * main: roadmap.yaml + src/tax.ts; feature: one commit changing src/tax.ts (signed, with a Roadmap
 * trailer); then an uncommitted edit of src/tax.ts with a stale index stat, so git wants to refresh it.
 */
function makeRepo(): Repo {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-gitcfg-')));
  const root = path.join(dir, 'repo');
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'roadmap.yaml'), ROADMAP);
  fs.writeFileSync(path.join(root, 'src/tax.ts'), SOURCE);
  fs.writeFileSync(path.join(root, '.gitattributes'), '*.ts filter=evil diff=evil\n*.yaml filter=evilp\n');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'initial');
  git(root, 'checkout', '-q', '-b', 'feature');
  fs.appendFileSync(path.join(root, 'src/tax.ts'), '// FIXME(RM-2): retry\n');
  git(root, 'add', '-A');
  const tree = git(root, 'write-tree').trim();
  const parent = git(root, 'rev-parse', 'HEAD').trim();
  // A commit with a (fake) signature, so `log.showSignature` has something to hand to gpg.
  const commit = [
    `tree ${tree}`,
    `parent ${parent}`,
    'author Test <test@example.com> 1700000000 +0000',
    'committer Test <test@example.com> 1700000000 +0000',
    'gpgsig -----BEGIN PGP SIGNATURE-----',
    ' ',
    ' iQ==',
    ' -----END PGP SIGNATURE-----',
    '',
    'Retry payments',
    '',
    'Roadmap: RM-2',
    '',
  ].join('\n');
  const hash = spawnSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], {
    cwd: root,
    env: GIT_ENV,
    input: commit,
    encoding: 'utf8',
  }).stdout.trim();
  git(root, 'update-ref', 'refs/heads/feature', hash);
  git(root, 'reset', '-q', '--hard');
  // Same size, older mtime than the index: git must read the content (through filters) to compare.
  fs.appendFileSync(path.join(root, 'src/tax.ts'), '// HACK: x\n');
  fs.utimesSync(path.join(root, 'src/tax.ts'), new Date(2001, 1, 1), new Date(2001, 1, 1));
  return { root, dir, marker: path.join(dir, 'marker') };
}

function setConfig(root: string, entries: Record<string, string>): void {
  for (const [key, value] of Object.entries(entries)) git(root, 'config', key, value);
}

/** A program that creates `marker`, as a file (for keys that take a path) and as shell text. */
function markerScript(dir: string, marker: string, name: string): string {
  const script = path.join(dir, name);
  fs.writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\ncat >/dev/null 2>&1\nexit 1\n`, { mode: 0o755 });
  return script;
}

interface Case {
  key: string;
  /** Sets the key up so that `trigger` (plain git) runs the marker command. */
  arm: (repo: Repo) => void;
  trigger: (repo: Repo) => void;
  /** The objects git needs are missing, so the comparison fails with this message (instead of fetching them). */
  failure?: RegExp;
}

const CASES: Case[] = [
  {
    key: 'core.fsmonitor',
    arm: ({ root, marker }) => setConfig(root, { 'core.fsmonitor': `touch '${marker}'; false` }),
    trigger: ({ root }) => plainGit(root, ['diff', 'HEAD']),
  },
  {
    key: 'filter.<driver>.clean',
    arm: ({ root, marker }) => setConfig(root, { 'filter.evil.clean': `touch '${marker}'; cat` }),
    trigger: ({ root }) => plainGit(root, ['diff', 'HEAD']),
  },
  {
    key: 'filter.<driver>.process',
    arm: ({ root, marker }) => {
      setConfig(root, { 'filter.evilp.process': `touch '${marker}'` });
      fs.appendFileSync(path.join(root, 'roadmap.yaml'), '# x\n');
      fs.utimesSync(path.join(root, 'roadmap.yaml'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    },
    trigger: ({ root }) => plainGit(root, ['diff', 'HEAD']),
  },
  {
    key: 'core.hooksPath (post-index-change)',
    arm: ({ root, dir, marker }) => {
      const hooks = path.join(dir, 'hooks');
      fs.mkdirSync(hooks);
      for (const hook of ['post-index-change', 'reference-transaction', 'post-checkout', 'pre-auto-gc']) {
        markerScript(hooks, marker, hook);
      }
      setConfig(root, { 'core.hooksPath': hooks });
    },
    // git status writes the index (running post-index-change) only when it refreshes an entry: while the
    // entries are racy (the commit in the same second), or, as here, whatever the time, a stat that changed.
    trigger: ({ root }) => {
      const later = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(root, 'roadmap.yaml'), later, later);
      return plainGit(root, ['status']);
    },
  },
  {
    key: 'include.path (core.fsmonitor in an included file)',
    arm: ({ root, dir, marker }) => {
      fs.writeFileSync(path.join(dir, 'included.config'), `[core]\n\tfsmonitor = touch '${marker}'; false\n`);
      setConfig(root, { 'include.path': path.join(dir, 'included.config') });
    },
    trigger: ({ root }) => plainGit(root, ['diff', 'HEAD']),
  },
  {
    key: 'includeIf.gitdir (a filter in an included file)',
    arm: ({ root, dir, marker }) => {
      fs.writeFileSync(path.join(dir, 'included.config'), `[filter "evil"]\n\tclean = touch '${marker}'; cat\n`);
      setConfig(root, { [`includeIf.gitdir:${root}/.git.path`]: path.join(dir, 'included.config') });
    },
    trigger: ({ root }) => plainGit(root, ['diff', 'HEAD']),
  },
  {
    key: 'gpg.program with log.showSignature',
    arm: ({ root, dir, marker }) =>
      setConfig(root, { 'log.showSignature': 'true', 'gpg.program': markerScript(dir, marker, 'gpg') }),
    trigger: ({ root }) => plainGit(root, ['log', '-1', 'feature']),
  },
  {
    key: 'diff.external',
    arm: ({ root, dir, marker }) => setConfig(root, { 'diff.external': markerScript(dir, marker, 'external-diff') }),
    trigger: ({ root }) => plainGit(root, ['diff', 'HEAD']),
  },
  {
    key: 'diff.<driver>.textconv',
    arm: ({ root, marker }) => setConfig(root, { 'diff.evil.textconv': `touch '${marker}'; cat` }),
    trigger: ({ root }) => plainGit(root, ['diff', 'main', 'feature']),
  },
  {
    key: 'diff.<driver>.command',
    arm: ({ root, dir, marker }) => setConfig(root, { 'diff.evil.command': markerScript(dir, marker, 'driver-diff') }),
    trigger: ({ root }) => plainGit(root, ['diff', 'main', 'feature']),
  },
  {
    key: 'core.sshCommand of a partial clone lazily fetching a missing blob',
    arm: ({ root, marker }) => {
      const blob = git(root, 'rev-parse', 'feature:src/tax.ts').trim();
      fs.rmSync(path.join(root, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
      setConfig(root, {
        'core.repositoryformatversion': '1',
        'extensions.partialClone': 'origin',
        'remote.origin.url': 'ssh://git.example.invalid/repo',
        'remote.origin.promisor': 'true',
        'protocol.ssh.allow': 'always',
        'core.sshCommand': `touch '${marker}'; false`,
      });
    },
    trigger: ({ root }) => plainGit(root, ['cat-file', '--batch'], 'feature:src/tax.ts\n'),
    failure: /^git diff-(?:index|tree) failed: warning: lazy fetching disabled; some objects may not be available$/,
  },
];

const roadmap = () => buildRoadmap([parseRoadmapFile('/virtual/roadmap.yaml', ROADMAP, SETTINGS)]);

describe('reliability: git runs no program a repository names', function () {
  // Long on a busy machine; the timeout only catches a hang (see test/waiting.ts).
  this.timeout(600_000);
  const made: string[] = [];
  const repo = (): Repo => {
    const created = makeRepo();
    made.push(created.dir);
    return created;
  };
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const testCase of CASES) {
    it(`${testCase.key}: the marker command never runs, and the index is not written`, async () => {
      // The control: plain git runs the marker command with this config.
      const control = repo();
      testCase.arm(control);
      testCase.trigger(control);
      assert.ok(fs.existsSync(control.marker), `plain git did not run ${testCase.key}: the case proves nothing`);

      const subject = repo();
      testCase.arm(subject);
      const index = fs.readFileSync(path.join(subject.root, '.git', 'index'));
      const runs = [
        mapChanges({ cwd: subject.root, roadmap: roadmap(), settings: SETTINGS }),
        mapChanges({ cwd: subject.root, base: 'main', roadmap: roadmap(), settings: SETTINGS }),
      ];
      if (testCase.failure) {
        for (const run of runs) await assert.rejects(run, { name: 'GitError', message: testCase.failure });
      } else {
        const [working, branch] = await Promise.all(runs);
        // The reports are still right: the uncommitted HACK line, and the branch's change.
        assert.ok(
          working.files.some((file) => file.path === 'src/tax.ts'),
          JSON.stringify(working.files),
        );
        assert.deepStrictEqual(
          branch.files.map((file) => file.path),
          ['src/tax.ts'],
        );
      }
      assert.ok(!fs.existsSync(subject.marker), `${testCase.key} ran a program`);
      assert.ok(index.equals(fs.readFileSync(path.join(subject.root, '.git', 'index'))), 'the index was written');
      addTally({ faultsInjected: 1 });
    });
  }

  it("every key at once: `roadmap-links changes` and the server's changes request run none of them", async () => {
    ensureBuilt();
    const subject = repo();
    const { root, dir, marker } = subject;
    fs.writeFileSync(path.join(dir, 'included.config'), `[core]\n\tpager = touch '${marker}'\n`);
    const hooks = path.join(dir, 'hooks');
    fs.mkdirSync(hooks);
    markerScript(hooks, marker, 'post-index-change');
    setConfig(root, {
      'core.fsmonitor': `touch '${marker}'; false`,
      'filter.evil.clean': `touch '${marker}'; cat`,
      'filter.evilp.process': `touch '${marker}'`,
      'core.hooksPath': hooks,
      'include.path': path.join(dir, 'included.config'),
      'log.showSignature': 'true',
      'gpg.program': markerScript(dir, marker, 'gpg'),
      'diff.external': markerScript(dir, marker, 'external-diff'),
      'diff.evil.textconv': `touch '${marker}'; cat`,
      'pager.diff': `touch '${marker}'`,
    });
    const index = fs.readFileSync(path.join(root, '.git', 'index'));
    const cli = path.join(ROOT, 'dist', 'cli.js');
    for (const args of [
      ['changes', root],
      ['changes', root, '--base', 'main'],
    ]) {
      const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30000 });
      assert.strictEqual(result.status, 0, result.stderr);
      assert.match(result.stdout, /src\/tax\.ts/);
    }
    const client = new TestClient({ folders: [root] });
    await client.start();
    try {
      const working = await client.request<ChangeReport>('roadmapLinks/changes', {});
      const branch = await client.request<ChangeReport>('roadmapLinks/changes', { base: 'main' });
      assert.ok(working.files.some((file) => file.path === 'src/tax.ts'));
      assert.deepStrictEqual(
        branch.files.map((file) => file.path),
        ['src/tax.ts'],
      );
    } finally {
      await client.stop();
    }
    assert.ok(!fs.existsSync(marker), 'a program named by the repository ran');
    assert.ok(index.equals(fs.readFileSync(path.join(root, '.git', 'index'))), 'the index was written');
    addTally({ faultsInjected: 2 });
  });

  it('a config include naming a FIFO stops git at the timeout with a clear error, instead of hanging', async () => {
    const { root, dir } = repo();
    const fifo = path.join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    fs.appendFileSync(path.join(root, '.git', 'config'), `[include]\n\tpath = ${fifo}\n`);
    await assert.rejects(runGit(['rev-parse', 'HEAD'], { cwd: root, timeoutMs: 1500 }), (error: unknown) => {
      assert.ok(error instanceof GitError);
      assert.strictEqual(error.code, 'timeout');
      assert.strictEqual(error.message, 'git config did not finish within 2 s and was stopped.');
      return true;
    });
    addTally({ faultsInjected: 1 });
  });

  describe('point 11: shallow clones and revisions', () => {
    it('--base main in a shallow clone says the history is truncated and how to fetch it', async () => {
      const origin = repo();
      // A history long enough that depth 1 cuts it: main moves on after feature branched.
      git(origin.root, 'checkout', '-q', '-f', 'main');
      fs.writeFileSync(path.join(origin.root, 'README'), 'x\n');
      git(origin.root, 'add', '-A');
      git(origin.root, 'commit', '-q', '-m', 'main moves on');
      const clone = path.join(origin.dir, 'clone');
      git(origin.dir, 'clone', '-q', '--depth', '1', '--no-single-branch', `file://${origin.root}`, clone);
      git(clone, 'checkout', '-q', 'feature');
      await assert.rejects(
        mapChanges({ cwd: clone, base: 'origin/main', roadmap: roadmap(), settings: SETTINGS }),
        (error: unknown) => {
          assert.ok(error instanceof GitError);
          assert.strictEqual(error.code, 'shallow-history');
          assert.strictEqual(
            error.message,
            'HEAD and "origin/main" have no common ancestor in the fetched history: this is a shallow clone, so the history is truncated. ' +
              'Fetch more of it (git fetch --deepen=100, or git fetch --unshallow) or check out the whole history ' +
              '(in GitHub Actions: actions/checkout with fetch-depth: 0), and run again.',
          );
          return true;
        },
      );
      const cli = path.join(ROOT, 'dist', 'cli.js');
      const truncated = spawnSync(process.execPath, [cli, 'changes', clone, '--base', 'main'], {
        encoding: 'utf8',
        timeout: 30000,
      });
      assert.strictEqual(truncated.status, 2);
      assert.match(
        truncated.stderr,
        /^roadmap-links changes: HEAD and "main" have no common ancestor in the fetched history: this is a shallow clone/,
      );
      const unknown = spawnSync(process.execPath, [cli, 'changes', clone, '--base', 'release'], {
        encoding: 'utf8',
        timeout: 30000,
      });
      assert.strictEqual(unknown.status, 2);
      assert.strictEqual(
        unknown.stderr,
        'roadmap-links changes: Unknown base "release": no branch, tag or commit has that name. This is a shallow clone: fetch the base ' +
          '(git fetch origin release) or check out the whole history (in GitHub Actions: actions/checkout with fetch-depth: 0).\n',
      );
      // Once the history is there, the same comparison works.
      git(clone, 'fetch', '-q', '--unshallow');
      const report = await mapChanges({ cwd: clone, base: 'origin/main', roadmap: roadmap(), settings: SETTINGS });
      assert.deepStrictEqual(
        report.files.map((file) => file.path),
        ['src/tax.ts'],
      );
    });

    it('--base=:/initial (a commit found by its message) resolves', async () => {
      const { root } = repo();
      git(root, 'checkout', '-q', '-f', 'feature');
      const report = await mapChanges({ cwd: root, base: ':/initial', roadmap: roadmap(), settings: SETTINGS });
      assert.strictEqual(report.base.commit, git(root, 'rev-parse', 'main').trim());
      assert.deepStrictEqual(
        report.files.map((file) => file.path),
        ['src/tax.ts'],
      );
    });
  });
});
