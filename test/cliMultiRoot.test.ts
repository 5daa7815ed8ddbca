/**
 * The CLI on several roots at once (a multi-root workspace, or two repositories checked together), and the
 * flag combinations of `check`'s comparisons: what each prints, writes and exits with.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
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

  describe('check --baseline in several roots', () => {
    it('names a problem that disappeared as the problem lines do: relative to where the command runs', async () => {
      const root = temporaryFolder('rl-multi-baseline-');
      for (const name of ['web', 'api']) {
        write(root, `${name}/roadmap.yaml`, `version: 2\nitems:\n  - {id: ${name.toUpperCase()}-1, title: One}\n`);
        // The same folder-relative path in both roots: only the folder tells the two apart.
        write(root, `${name}/src/a.ts`, `// TODO: ${name} debt\n`);
      }
      const baseline = path.join(root, 'ci', 'roadmap-baseline.json');
      write(root, 'ci/.keep', '');
      assert.equal((await cli(root, 'check', 'web', 'api', '--write-baseline', baseline)).code, 0);
      // The folder each entry is in, relative to the baseline file: the same in every checkout.
      assert.deepEqual(
        JSON.parse(fs.readFileSync(baseline, 'utf8')).problems.map(
          (entry: { folder?: string; path: string }) => `${entry.folder} ${entry.path}`,
        ),
        ['../api roadmap.yaml', '../api src/a.ts', '../web roadmap.yaml', '../web src/a.ts'],
      );
      write(root, 'web/src/a.ts', '// paid down\n');
      const disappeared = async (cwd: string, ...args: string[]) => {
        const { stdout } = await cli(cwd, 'check', ...args);
        return stdout.split('\n').filter((line) => line.startsWith('  '));
      };
      const line = (where: string) =>
        `  ${where}:1: Unlinked debt: "TODO: web debt" is not on the roadmap. Propose it to the roadmap or link an existing item. [unlinked-debt]`;
      assert.deepEqual(await disappeared(root, 'web', 'api', '--baseline', baseline), [line('web/src/a.ts')]);
      assert.deepEqual(await disappeared(path.join(root, 'web'), '.', '../api', '--baseline', baseline), [
        line('src/a.ts'),
      ]);
      assert.deepEqual(await disappeared(path.join(root, 'api'), '../web', '.', '--baseline', baseline), [
        line('../web/src/a.ts'),
      ]);
      const json = JSON.parse(
        (await cli(root, 'check', 'web', 'api', '--baseline', baseline, '--format', 'json')).stdout,
      );
      assert.deepEqual(
        json.disappeared.map((entry: { path: string; file: string }) => [entry.path, entry.file]),
        [['web/src/a.ts', path.join(root, 'web', 'src', 'a.ts')]],
      );
    });
  });

  describe('init in several roots', () => {
    const NEXT =
      'Replace the example objective with yours. Items: "Propose to roadmap" on a debt comment adds them, or write one as the comment above "items:" shows; then run "roadmap-links check".\n';
    const objectivesOf = (file: string) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]);

    it('run in each folder on its own: the objective is named after the folder, and check finds no duplicate', async () => {
      const root = temporaryFolder('rl-multi-init-');
      for (const name of ['web', 'api']) {
        write(root, `${name}/src/a.ts`, '// TODO: unlinked\n');
        assert.deepEqual(await cli(path.join(root, name), 'init'), {
          code: 0,
          stdout: `Wrote ${path.join(root, name, 'roadmap.yaml')}.\n${NEXT}`,
          stderr: '',
        });
      }
      assert.deepEqual(objectivesOf(path.join(root, 'web', 'roadmap.yaml')), ['OBJ-WEB']);
      assert.deepEqual(objectivesOf(path.join(root, 'api', 'roadmap.yaml')), ['OBJ-API']);
      const checked = await cli(root, 'check', 'web', 'api');
      assert.equal(checked.code, 0, checked.stdout);
      assert.doesNotMatch(checked.stdout, /\[duplicate-id\]/);
    });

    it('given several folders: writes where none is, never an ID or tracker the others have', async () => {
      const root = temporaryFolder('rl-multi-init-');
      // web has a roadmap whose objective is what api's would be called, and declares the "#" tracker.
      const webRoadmap =
        'version: 2\ntrackers:\n  - prefix: "#"\nobjectives:\n  - id: OBJ-API\n    title: Web\nitems: []\n';
      write(root, 'web/roadmap.yaml', webRoadmap);
      write(root, 'api/src/a.ts', '// TODO(#7): close it\n// TODO(KAFKA-12): rebalance\n');
      write(root, 'jobs/src/b.ts', '// TODO(KAFKA-13): retry\n');
      const outcome = await cli(root, 'init', 'web', 'api', 'jobs');
      assert.deepEqual(outcome, {
        code: 0,
        stdout:
          `Wrote ${path.join(root, 'api', 'roadmap.yaml')}, with the trackers the comments cite: KAFKA (declared already: #).\n` +
          `Wrote ${path.join(root, 'jobs', 'roadmap.yaml')} (declared already: KAFKA).\n${NEXT}`,
        stderr: `roadmap-links init: ${path.join(root, 'web')} has a roadmap already (roadmap.yaml); nothing was written there.\n`,
      });
      assert.equal(fs.readFileSync(path.join(root, 'web', 'roadmap.yaml'), 'utf8'), webRoadmap);
      assert.deepEqual(objectivesOf(path.join(root, 'api', 'roadmap.yaml')), ['OBJ-API-2']);
      assert.deepEqual(objectivesOf(path.join(root, 'jobs', 'roadmap.yaml')), ['OBJ-JOBS']);
      assert.doesNotMatch(fs.readFileSync(path.join(root, 'api', 'roadmap.yaml'), 'utf8'), /prefix: "#"/);
      const checked = JSON.parse((await cli(root, 'check', 'web', 'api', 'jobs', '--format', 'json')).stdout);
      assert.deepEqual(
        checked.problems.filter((problem: { path: string }) => problem.path.endsWith('roadmap.yaml')),
        [],
      );

      // Two folders of one name get two objectives; where every folder has a roadmap, nothing is written.
      for (const team of ['a', 'b']) write(root, `${team}/app/src/c.ts`, '// TODO: x\n');
      assert.equal((await cli(root, 'init', 'a/app', 'b/app')).code, 0);
      assert.deepEqual(
        ['a', 'b'].map((team) => objectivesOf(path.join(root, team, 'app', 'roadmap.yaml'))),
        [['OBJ-APP'], ['OBJ-APP-2']],
      );
      assert.deepEqual(await cli(root, 'init', 'a/app', 'b/app'), {
        code: 2,
        stdout: '',
        stderr: [
          `roadmap-links init: ${path.join(root, 'a', 'app')} has a roadmap already (roadmap.yaml); nothing was written.`,
          `roadmap-links init: ${path.join(root, 'b', 'app')} has a roadmap already (roadmap.yaml); nothing was written.`,
          '',
        ].join('\n'),
      });
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
