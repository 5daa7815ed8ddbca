/**
 * The CLI on several roots at once (a multi-root workspace, or two repositories checked together), and the
 * flag combinations of `check`'s comparisons: what each prints, writes and exits with.
 */
import { strict as assert } from 'assert';
import * as path from 'path';
import { run } from '../server/src/cli';
import { commitAll, git, removeTemporaryFolders, temporaryFolder, write } from './gitEnv';

async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    cwd,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { CI: 'true' },
  });
  return { code, stdout, stderr };
}

const DUPLICATE = ' IDs must be unique across all roadmap files.';

describe('CLI on several roots', () => {
  after(removeTemporaryFolders);

  describe('messages naming another roadmap file', () => {
    let root: string;

    before(() => {
      root = temporaryFolder('rl-multi-names-');
      for (const name of ['web', 'api'])
        write(
          root,
          `${name}/roadmap.yaml`,
          'version: 2\ntrackers:\n  - prefix: "#"\nobjectives:\n  - id: OBJ-1\n    title: One\nitems: []\n',
        );
    });

    it('name it as the problem lines do: relative to where the command runs', async () => {
      const fromParent = await cli(root, 'check', 'web', 'api');
      assert.equal(fromParent.code, 1);
      assert.equal(
        fromParent.stdout,
        [
          `api/roadmap.yaml:5:9: error: Duplicate ID "OBJ-1": also defined as an objective at web/roadmap.yaml:5.${DUPLICATE} [duplicate-id]`,
          'web/roadmap.yaml:3:13: error: Tracker prefix "#" is already declared at api/roadmap.yaml:3; each prefix names one tracker. [tracker-prefix]',
          `web/roadmap.yaml:5:9: error: Duplicate ID "OBJ-1": also defined as an objective at api/roadmap.yaml:5.${DUPLICATE} [duplicate-id]`,
          '3 problems (3 errors, 0 warnings, 0 information, 0 hints); 0 unlinked debt.',
          '',
        ].join('\n'),
      );
      // From inside one root, the other is "../api": never a path that looks like one in the same folder.
      const fromWeb = await cli(path.join(root, 'web'), 'check', '.', '../api');
      assert.deepEqual(
        fromWeb.stdout.split('\n').filter((line) => line.includes('[duplicate-id]')),
        [
          `../api/roadmap.yaml:5:9: error: Duplicate ID "OBJ-1": also defined as an objective at roadmap.yaml:5.${DUPLICATE} [duplicate-id]`,
          `roadmap.yaml:5:9: error: Duplicate ID "OBJ-1": also defined as an objective at ../api/roadmap.yaml:5.${DUPLICATE} [duplicate-id]`,
        ],
      );
      const json = JSON.parse((await cli(root, 'check', 'web', 'api', '--format', 'json')).stdout);
      assert.deepEqual(
        json.problems
          .filter((problem: { code: string }) => problem.code === 'duplicate-id')
          .map((problem: { path: string; message: string }) => [problem.path, problem.message]),
        [
          ['api/roadmap.yaml', `Duplicate ID "OBJ-1": also defined as an objective at web/roadmap.yaml:5.${DUPLICATE}`],
          ['web/roadmap.yaml', `Duplicate ID "OBJ-1": also defined as an objective at api/roadmap.yaml:5.${DUPLICATE}`],
        ],
      );
    });
  });

  describe('check: --base, --baseline and --max-new-unlinked', () => {
    let repo: string;
    let baseline: string;
    const ROADMAP = 'version: 2\nitems:\n  - id: RM-1\n    title: One\n    status: proposed\n';

    before(async () => {
      repo = temporaryFolder('rl-multi-flags-');
      git(repo, 'init', '-q', '-b', 'main');
      write(repo, 'roadmap.yaml', ROADMAP);
      write(repo, 'src/a.ts', '// TODO: old debt\n');
      commitAll(repo, 'initial');
      baseline = path.join(repo, 'roadmap-baseline.json');
      assert.equal((await cli(repo, 'check', '--write-baseline', baseline)).code, 0);
      // The branch adds one unlinked TODO.
      git(repo, 'checkout', '-q', '-b', 'feature');
      write(repo, 'src/a.ts', '// TODO: old debt\n// TODO: new debt\n');
      commitAll(repo, 'new debt');
    });

    const verdict = async (...args: string[]) => {
      const { code, stdout, stderr } = await cli(repo, 'check', ...args);
      assert.equal(stderr, '', args.join(' '));
      return { code, summary: stdout.split('\n').find((line) => line.startsWith('Against ')) };
    };

    it('fails on one new unlinked debt by default, with --base, --baseline or both', async () => {
      const at = `${git(repo, 'rev-parse', '--short=7', 'main').trim()}`;
      assert.deepEqual(await verdict('--base', 'main'), {
        code: 1,
        summary: `Against main (merge-base ${at}): 1 new problem (0 errors, 0 warnings, 1 information, 0 hints); 1 new unlinked debt (at most 0); 2 older problems not judged.`,
      });
      assert.deepEqual(await verdict('--baseline', baseline), {
        code: 1,
        summary: `Against baseline ${baseline}: 1 new problem (0 errors, 0 warnings, 1 information, 0 hints); 1 new unlinked debt (at most 0); 2 older problems not judged.`,
      });
      assert.deepEqual(await verdict('--base', 'main', '--baseline', baseline), {
        code: 1,
        summary: `Against main (merge-base ${at}) and baseline ${baseline}: 1 new problem (0 errors, 0 warnings, 1 information, 0 hints); 1 new unlinked debt (at most 0); 2 older problems not judged.`,
      });
    });

    it('passes with --max-new-unlinked 1 after --base, --baseline or both, and fails with 0', async () => {
      for (const comparison of [
        ['--base', 'main'],
        ['--baseline', baseline],
        ['--base', 'main', '--baseline', baseline],
      ]) {
        assert.equal((await verdict(...comparison, '--max-new-unlinked', '1')).code, 0, comparison.join(' '));
        assert.equal((await verdict(...comparison, '--max-new-unlinked', '0')).code, 1, comparison.join(' '));
      }
    });

    it('refuses --max-new-unlinked without a comparison, and the usage says where it applies', async () => {
      for (const args of [
        ['--max-new-unlinked', '1'],
        ['--max-new-unlinked', '1', '--max-unlinked', '5'],
      ]) {
        assert.deepEqual(await cli(repo, 'check', ...args), {
          code: 2,
          stdout: '',
          stderr:
            'roadmap-links check: --max-new-unlinked needs --base or --baseline: without them nothing is new (see "roadmap-links check --help")\n',
        });
      }
      const usage = (await cli(repo, 'check', '--help')).stdout;
      assert.match(usage, /\[--base REF\] \[--baseline FILE\] \[--max-new-unlinked N\]/);
      assert.match(usage, /--max-new-unlinked N {4}with --base, --baseline or both: fail when more than N new debt/);
    });
  });
});
