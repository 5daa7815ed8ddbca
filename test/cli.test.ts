import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { build } from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import packageJson from '../package.json';
import { RULE_DESCRIPTIONS } from '../server/src/cli/problems';
import { progressLine } from '../server/src/cli/progress';
import { stripJsonComments } from '../server/src/cli/settings';
import { GIT_ENV, commitAll, git, write } from './gitEnv';

const REPO = path.resolve(__dirname, '..');
const DEMO = path.join(REPO, 'examples', 'demo');

let scratch: string;
let cli: string;

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runCli(cwd: string, ...args: string[]): Outcome {
  return runCliIn({ CI: 'true' }, cwd, ...args);
}

/** With `CI` set, as in a pipeline, `check --base` judges the commit only, not uncommitted work. */
function runCliIn(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Outcome {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...GIT_ENV, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function folder(name: string): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const ROADMAP = `version: 1
northStar:
  statement: Customers check out fast
objectives:
  - id: OBJ-1
    title: Fast checkout
items:
  - id: RM-1
    title: Old cache
    status: done
    objective: OBJ-1
    value: { metric: cache hit rate, category: performance, unit: '%', baseline: 40, target: 90, current: 90 }
  - id: RM-2
    title: Retry payments
    status: planned
    objective: OBJ-1
    value: { metric: failed payments, category: revenue, unit: '%', baseline: 3, target: 1, current: 2 }
    paths: [services/pay/**]
  - id: RM-3
    title: Faster search
    status: in-progress
`;

const SOURCE = `export function pay() {
  // TODO(RM-2): retry on timeout
  // FIXME: unlinked rounding problem
  // HACK(RM-9): unknown item
  // TODO(RM-1): stale cache
  return 1;
}
`;

/** What `init` says after writing the skeleton: what to replace, and where the items come from. */
const INIT_NEXT_STEP =
  'Replace the example objective with yours. Items: "Propose to roadmap" on a debt comment adds them, or write one as the comment above "items:" shows; then run "roadmap-links check".\n';

describe('roadmap-links CLI', () => {
  before(async function () {
    this.timeout(60_000);
    scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-cli-')));
    // The built bundle is what ships as `roadmap-links`; build it from the current sources.
    cli = path.join(scratch, 'cli.js');
    await build({
      entryPoints: [path.join(REPO, 'server/src/cli.ts')],
      outfile: cli,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'silent',
    });
  });

  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  describe('usage', () => {
    it('prints help and the version', () => {
      const help = runCli(scratch, '--help');
      assert.equal(help.status, 0);
      assert.match(help.stdout, /^Usage: roadmap-links <command> \[options\]\n/);
      for (const command of ['check', 'changes', 'report']) {
        const sub = runCli(scratch, command, '--help');
        assert.equal(sub.status, 0, command);
        assert.match(sub.stdout, new RegExp(`^Usage: roadmap-links ${command} `));
        assert.equal(runCli(scratch, 'help', command).stdout, sub.stdout);
      }
      assert.deepEqual(runCli(scratch, '--version'), { status: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    });

    it('exits 2 with a one-line message on usage errors', () => {
      const cases: [string[], string][] = [
        [[], ''],
        [['deploy'], 'roadmap-links: unknown command "deploy" (see "roadmap-links --help")\n'],
        [
          ['check', '--format', 'xml'],
          'roadmap-links check: --format must be one of text, json, sarif (got "xml") (see "roadmap-links check --help")\n',
        ],
        [
          ['check', '--max-unlinked'],
          'roadmap-links check: option --max-unlinked needs a value (see "roadmap-links check --help")\n',
        ],
        [
          ['check', '--max-unlinked', '-1'],
          'roadmap-links check: option --max-unlinked needs a value; write --max-unlinked=VALUE for one starting with "-" (see "roadmap-links check --help")\n',
        ],
        [
          ['check', '--max-unlinked=-1'],
          'roadmap-links check: --max-unlinked must be a whole number ≥ 0 (got "-1") (see "roadmap-links check --help")\n',
        ],
        [
          ['changes', '--branch=yes'],
          'roadmap-links changes: option --branch takes no value (see "roadmap-links changes --help")\n',
        ],
        [
          ['check', '--max-unlinked=many'],
          'roadmap-links check: --max-unlinked must be a whole number ≥ 0 (got "many") (see "roadmap-links check --help")\n',
        ],
        [['check', '--verbose'], 'roadmap-links check: unknown option --verbose (see "roadmap-links check --help")\n'],
        [
          ['check', 'no-such-dir'],
          `roadmap-links check: no such folder: ${path.join(scratch, 'no-such-dir')} (see "roadmap-links check --help")\n`,
        ],
        [
          ['changes', 'a', 'b'],
          'roadmap-links changes: expects at most 1 folder, got 2 (see "roadmap-links changes --help")\n',
        ],
        [
          ['changes', '--base', 'main', '--branch'],
          'roadmap-links changes: --base and --branch cannot be used together (see "roadmap-links changes --help")\n',
        ],
        [
          ['report', '--format', 'sarif'],
          'roadmap-links report: --format must be one of markdown, json, html (got "sarif") (see "roadmap-links report --help")\n',
        ],
      ];
      for (const [args, message] of cases) {
        const outcome = runCli(scratch, ...args);
        assert.equal(outcome.status, 2, args.join(' '));
        assert.equal(outcome.stdout, '', args.join(' '));
        if (message) assert.equal(outcome.stderr, message);
        else assert.match(outcome.stderr, /^Usage: roadmap-links <command>/);
      }
    });
  });

  describe('check', () => {
    let workspace: string;

    before(() => {
      workspace = folder('check');
      write(workspace, 'roadmap.yaml', ROADMAP);
      write(workspace, 'services/pay/pay.ts', SOURCE);
      write(
        workspace,
        '.vscode/settings.json',
        '{\n  // shown as warnings in CI\n  "roadmapLinks.unlinkedDebtSeverity": "warning",\n  "files.exclude": { "generated/**": true },\n}\n',
      );
      write(workspace, 'generated/skip.ts', '// FIXME: excluded by files.exclude\n');
    });

    it('prints compiler-style lines and fails on errors', () => {
      const outcome = runCli(workspace, 'check');
      assert.equal(outcome.stderr, '');
      assert.equal(outcome.status, 1);
      assert.equal(
        outcome.stdout,
        [
          'roadmap.yaml:19:9: warning: Item RM-3 has no "value": every roadmap item must show clear, measurable value (a value metric with a baseline and a target). [missing-value]',
          'services/pay/pay.ts:3:6: warning: Unlinked debt: "FIXME: unlinked rounding problem" is not on the roadmap. Propose it to the roadmap or link an existing item. [unlinked-debt]',
          // RM-1 is one edit away too, but done: the open items are offered.
          'services/pay/pay.ts:4:11: error: Unknown roadmap item "RM-9". Did you mean RM-2, RM-3? [unknown-item]',
          'services/pay/pay.ts:5:11: warning: Stale debt: RM-1 "Old cache" is done; resolve this TODO or link it to an open item. [stale-debt]',
          '4 problems (1 error, 3 warnings, 0 information, 0 hints); 1 unlinked debt.',
          '',
        ].join('\n'),
      );
    });

    it('passes without errors, and reports settings it had to ignore', () => {
      const fine = folder('fine');
      write(fine, 'roadmap.yaml', 'version: 1\nitems: []\n');
      write(fine, '.vscode/settings.json', '{ "roadmapLinks.tags": "TODO" }');
      const outcome = runCli(fine, 'check');
      assert.deepEqual(outcome, {
        status: 0,
        stdout: 'No problems; 0 unlinked debt.\n',
        stderr: `roadmap-links: ${path.join(fine, '.vscode', 'settings.json')}: roadmapLinks.tags "TODO" is not a list of one or more tags without spaces; using TODO, FIXME, HACK, XXX, BUG, DEBT.\n`,
      });
    });

    it('with much old unlinked debt, ends with one hint on gating only new debt (text only)', () => {
      const old = folder('old-debt');
      git(old, 'init', '-q');
      write(old, 'roadmap.yaml', 'version: 2\nitems: []\n');
      const todos = (count: number) =>
        Array.from({ length: count }, (_, i) => `// TODO: old thing ${i}\n`).join('') + 'export {};\n';
      write(old, 'src/legacy.ts', todos(21));
      const outcome = runCli(old, 'check');
      assert.equal(outcome.status, 0);
      const lines = outcome.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 21 + 2);
      assert.equal(lines[21], '21 problems (0 errors, 0 warnings, 21 information, 0 hints); 21 unlinked debt.');
      assert.equal(
        lines[22],
        'To fail CI only on the debt a change adds, run "roadmap-links check --base main", or record today\'s once with "--write-baseline roadmap-baseline.json" and check with "--baseline roadmap-baseline.json"; "roadmap-links report" lists the unlinked debt in one section.',
      );
      // The machine formats stay as they are: JSON parses, SARIF has results only.
      assert.equal(JSON.parse(runCli(old, 'check', '--format', 'json').stdout).problems.length, 21);
      assert.doesNotMatch(runCli(old, 'check', '--format', 'sarif').stdout, /--base main/);
      // Outside a git repository --base is no advice: only the baseline is.
      fs.rmSync(path.join(old, '.git'), { recursive: true });
      assert.equal(
        runCli(old, 'check').stdout.trimEnd().split('\n')[22],
        'To fail CI only on the debt a change adds, record today\'s once with "--write-baseline roadmap-baseline.json" and check with "--baseline roadmap-baseline.json"; "roadmap-links report" lists the unlinked debt in one section.',
      );
      // A gate chosen already (--max-unlinked), or at most 20 unlinked: no hint.
      assert.doesNotMatch(runCli(old, 'check', '--max-unlinked', '500').stdout, /--base main/);
      write(old, 'src/legacy.ts', todos(20));
      assert.doesNotMatch(runCli(old, 'check').stdout, /--base main/);
    });

    it('says so and exits 2 in a folder with no roadmap file, judging none of its code', () => {
      const bare = folder('bare');
      write(bare, 'src/a.ts', '// TODO KIP-441: rebalance\n// TODO(RM-1): x\n// TODO: UTF-8 decoding\n');
      const looked =
        'roadmap.yaml, roadmap.yml, **/*.roadmap.yaml, **/*.roadmap.yml, **/.roadmap/**/*.yaml, **/.roadmap/**/*.yml';
      assert.deepEqual(runCli(bare, 'check'), {
        status: 2,
        stdout: '',
        stderr: `roadmap-links check: no roadmap file found in ${bare} (looked for ${looked}); "roadmap-links init" creates one\n`,
      });
      assert.deepEqual(runCli(bare, 'report').status, 2);
      write(bare, '.vscode/settings.json', '{ "roadmapLinks.roadmapFiles": ["plan/*.yaml"] }');
      assert.equal(
        runCli(bare, 'check', '--format', 'json').stderr,
        `roadmap-links check: no roadmap file found in ${bare} (looked for plan/*.yaml); "roadmap-links init" creates one\n`,
      );
    });

    it('init: roadmap.yaml with the trackers the comments cite, which check then reads; never over anything', () => {
      const fresh = folder('init-fresh');
      write(fresh, 'src/a.ts', '// TODO(KAFKA-12): rebalance\n// TODO(#7): close it\n// TODO: UTF-8 decoding\n');
      const file = path.join(fresh, 'roadmap.yaml');
      assert.deepEqual(runCli(fresh, 'init'), {
        status: 0,
        stdout: `Wrote ${file}, with the trackers the comments cite: #, KAFKA.\n${INIT_NEXT_STEP}`,
        stderr: '',
      });
      const text = fs.readFileSync(file, 'utf8');
      assert.match(text, /^version: 2$/m);
      // As the message says: no item yet, the example item is a comment.
      assert.match(text, /\nitems:\n$/);
      assert.match(text, /^# {3}- id: RM-1$/m);
      assert.match(text, /prefix: "KAFKA"/);
      const checked = runCli(fresh, 'check', '--format', 'json');
      assert.equal(checked.stderr, '');
      const problems = JSON.parse(checked.stdout).problems as { code: string; file: string }[];
      // The skeleton itself is clean; the code's keys now link through trackers, the plain TODO stays unlinked.
      assert.deepEqual(
        problems.filter((problem) => problem.file.endsWith('roadmap.yaml')),
        [],
      );
      assert.ok(!problems.some((problem) => problem.code === 'unknown-item'));
      assert.ok(problems.some((problem) => problem.code === 'unlinked-debt'));

      // A second run, or a workspace with another roadmap file, writes nothing.
      assert.deepEqual(runCli(fresh, 'init'), {
        status: 2,
        stdout: '',
        stderr: `roadmap-links init: ${fresh} has a roadmap already (roadmap.yaml); nothing was written.\n`,
      });
      assert.equal(fs.readFileSync(file, 'utf8'), text);
      const planned = folder('init-planned');
      write(planned, 'plan/team.roadmap.yaml', 'version: 2\nitems: []\n');
      assert.equal(runCli(planned, 'init').status, 2);
      assert.ok(!fs.existsSync(path.join(planned, 'roadmap.yaml')));

      // A dangling link named roadmap.yaml is not followed: its target is never created.
      const linked = folder('init-linked');
      const target = path.join(scratch, 'init-link-target.yaml');
      fs.symlinkSync(target, path.join(linked, 'roadmap.yaml'));
      assert.deepEqual(runCli(linked, 'init'), {
        status: 2,
        stdout: '',
        stderr: 'roadmap-links init: roadmap.yaml is there already; nothing was written.\n',
      });
      assert.ok(!fs.existsSync(target));
    });

    it('init in a CRLF checkout (core.autocrlf=true) writes roadmap.yaml with CRLF line breaks, which check reads', () => {
      const origin = folder('init-crlf-origin');
      git(origin, 'init', '-q', '-b', 'main');
      write(origin, 'src/a.ts', '// TODO: first\nexport const a = 1;\n');
      write(origin, 'src/b.ts', '// FIXME(KAFKA-3): second\nexport const b = 2;\n');
      commitAll(origin, 'initial');
      const checkout = path.join(scratch, 'init-crlf');
      git(scratch, 'clone', '-q', '-c', 'core.autocrlf=true', origin, checkout);
      assert.equal(
        fs.readFileSync(path.join(checkout, 'src', 'a.ts'), 'utf8'),
        '// TODO: first\r\nexport const a = 1;\r\n',
      );
      assert.equal(runCli(checkout, 'init').status, 0);
      const bytes = fs.readFileSync(path.join(checkout, 'roadmap.yaml'), 'utf8');
      assert.ok(bytes.endsWith('items:\r\n'), JSON.stringify(bytes.slice(-20)));
      assert.equal(bytes.split('\r\n').length, bytes.split('\n').length, 'every line break is CRLF');
      const checked = JSON.parse(runCli(checkout, 'check', '--format', 'json').stdout);
      // The CRLF skeleton parses clean, and its tracker makes KAFKA-3 a ticket.
      assert.deepEqual(
        checked.problems.map((problem: { path: string; code: string }) => `${problem.path} ${problem.code}`),
        ['src/a.ts unlinked-debt', 'src/b.ts ticket-not-on-roadmap'],
      );
    });

    it("run in a package of a repository: points to the repository's roadmap, and init writes no second one", () => {
      const repo = folder('monorepo');
      fs.mkdirSync(path.join(repo, '.git'));
      write(repo, 'roadmap.yaml', 'version: 2\nitems:\n  - id: OK-1\n    title: One\n    status: planned\n');
      const app = path.join(repo, 'packages', 'app');
      write(app, 'src/a.ts', '// TODO(OK-1): linked from a package\n');
      const looked =
        'roadmap.yaml, roadmap.yml, **/*.roadmap.yaml, **/*.roadmap.yml, **/.roadmap/**/*.yaml, **/.roadmap/**/*.yml';
      assert.deepEqual(runCli(app, 'check'), {
        status: 2,
        stdout: '',
        stderr: `roadmap-links check: no roadmap file found in ${app} (looked for ${looked}); the repository's roadmap is ${path.join(repo, 'roadmap.yaml')}: run roadmap-links on ${repo}\n`,
      });
      assert.deepEqual(runCli(app, 'init'), {
        status: 2,
        stdout: '',
        stderr: `roadmap-links init: the repository has a roadmap already (${path.join(repo, 'roadmap.yaml')}); nothing was written. Run roadmap-links on ${repo}.\n`,
      });
      assert.ok(!fs.existsSync(path.join(app, 'roadmap.yaml')));
      // Above the repository's root is not looked at, even inside another repository (a nested checkout):
      // a roadmap there belongs to something else.
      const inner = path.join(repo, 'vendor', 'sub');
      fs.mkdirSync(path.join(inner, '.git'), { recursive: true });
      assert.equal(runCli(inner, 'init').status, 0);
    });

    it('names files relative to where it runs, and checks several folders', () => {
      const clean = folder('clean');
      write(clean, 'roadmap.yaml', 'version: 1\nitems: []\n');
      write(clean, 'a.ts', '// TODO: one\n');
      const outcome = runCli(scratch, 'check', 'clean');
      assert.deepEqual(outcome, {
        status: 0,
        stdout:
          'clean/a.ts:1:4: information: Unlinked debt: "TODO: one" is not on the roadmap. Propose it to the roadmap or link an existing item. [unlinked-debt]\n1 problem (0 errors, 0 warnings, 1 information, 0 hints); 1 unlinked debt.\n',
        stderr: '',
      });
      assert.equal(runCli(scratch, 'check', 'clean', '--max-unlinked', '1').status, 0);
      const strict = runCli(scratch, 'check', 'clean', '--max-unlinked', '0');
      assert.equal(strict.status, 1);
      assert.match(strict.stdout, /\nToo much unlinked debt: 1 > --max-unlinked 0\.\n$/);
      const both = runCli(scratch, 'check', 'clean', 'check', '--format', 'json');
      assert.equal(both.status, 1);
      const json = JSON.parse(both.stdout);
      assert.deepEqual(json.folders, [path.join(scratch, 'clean'), workspace]);
    });

    it('writes JSON with 1-based positions and a summary', () => {
      const outcome = runCli(workspace, 'check', '--format', 'json', '--max-unlinked', '5');
      assert.equal(outcome.status, 1);
      const json = JSON.parse(outcome.stdout);
      assert.deepEqual(json.folders, [workspace]);
      assert.deepEqual(json.summary, {
        errors: 1,
        warnings: 3,
        information: 0,
        hints: 0,
        unlinkedDebt: 1,
        maxUnlinked: 5,
        passed: false,
      });
      // The fingerprint (hash of path, code and line text, then its occurrence) is what a baseline records.
      const { fingerprint, ...unknown } = json.problems[2];
      assert.match(fingerprint, /^[0-9a-f]{32}:1$/);
      assert.deepEqual(unknown, {
        path: 'services/pay/pay.ts',
        file: path.join(workspace, 'services/pay/pay.ts'),
        line: 4,
        column: 11,
        endLine: 4,
        endColumn: 15,
        severity: 'error',
        code: 'unknown-item',
        message: 'Unknown roadmap item "RM-9". Did you mean RM-2, RM-3?',
        data: { id: 'RM-9', suggestions: ['RM-2', 'RM-3'] },
      });
      assert.deepEqual(
        json.problems.map((problem: { code: string }) => problem.code),
        ['missing-value', 'unlinked-debt', 'unknown-item', 'stale-debt'],
      );
    });

    it('writes valid SARIF 2.1.0', () => {
      const outcome = runCli(workspace, 'check', '--format', 'sarif');
      assert.equal(outcome.status, 1);
      const sarif = JSON.parse(outcome.stdout);
      assert.equal(sarif.version, '2.1.0');
      assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(sarif.runs.length, 1);
      const [run] = sarif.runs;
      assert.equal(run.tool.driver.name, 'roadmap-links');
      assert.equal(run.tool.driver.version, packageJson.version);
      const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
      assert.deepEqual(ruleIds, Object.keys(RULE_DESCRIPTIONS));
      for (const rule of run.tool.driver.rules) assert.ok(rule.shortDescription.text.length > 0, rule.id);
      assert.deepEqual(run.originalUriBaseIds, { ROOT0: { uri: `file://${workspace}/` } });
      assert.ok(run.results.length > 0);
      for (const result of run.results) {
        assert.ok(ruleIds.includes(result.ruleId), result.ruleId);
        assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
        assert.ok(['error', 'warning', 'note'].includes(result.level));
        assert.ok(result.message.text.length > 0);
        const { artifactLocation, region } = result.locations[0].physicalLocation;
        assert.equal(artifactLocation.uriBaseId, 'ROOT0');
        assert.ok(!path.isAbsolute(artifactLocation.uri) && !artifactLocation.uri.includes('\\'), artifactLocation.uri);
        const lines = fs
          .readFileSync(path.join(workspace, decodeURIComponent(artifactLocation.uri)), 'utf8')
          .split('\n');
        assert.ok(region.startLine >= 1 && region.startColumn >= 1, JSON.stringify(region));
        assert.ok(region.endLine >= region.startLine && region.endLine <= lines.length, JSON.stringify(region));
        assert.ok(region.startColumn <= lines[region.startLine - 1].length + 1, JSON.stringify(region));
        assert.ok(region.endColumn <= lines[region.endLine - 1].length + 1, JSON.stringify(region));
        if (region.endLine === region.startLine)
          assert.ok(region.endColumn >= region.startColumn, JSON.stringify(region));
      }
      const unknown = run.results.find((result: { ruleId: string }) => result.ruleId === 'unknown-item');
      assert.deepEqual(unknown.locations[0].physicalLocation, {
        artifactLocation: { uri: 'services/pay/pay.ts', uriBaseId: 'ROOT0' },
        region: { startLine: 4, startColumn: 11, endLine: 4, endColumn: 15 },
      });
    });

    it("loads git's and the fingerprints' Node modules only when the run needs them", () => {
      // The built-in modules the process loaded, printed as it exits (`-r`: before the CLI's own code).
      const preload = path.join(scratch, 'builtins.js');
      fs.writeFileSync(
        preload,
        "process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (crypto|child_process)$/.test(m)))));",
      );
      const loaded = (...args: string[]) => {
        const result = spawnSync(process.execPath, ['-r', preload, cli, ...args], { cwd: workspace, encoding: 'utf8' });
        assert.equal(result.status, 1, result.stderr);
        return JSON.parse(result.stderr);
      };
      assert.deepEqual(loaded('check'), []);
      assert.deepEqual(loaded('check', '--format', 'json'), ['NativeModule crypto']);
    });
  });

  describe('an ID defined in two roadmap files', () => {
    it('counts the same definition first whatever the locale: file paths in code-unit order, not collation', () => {
      // Lithuanian collation puts y before j; code-unit order (any platform, any locale) puts j first.
      const workspace = folder('duplicate-locale');
      write(
        workspace,
        'j.roadmap.yaml',
        'version: 1\nitems:\n  - {id: RM-1, title: Jar, status: done, value: {metric: m}}\n',
      );
      write(
        workspace,
        'y.roadmap.yaml',
        'version: 1\nitems:\n  - {id: RM-1, title: Yak, status: planned, value: {metric: m}}\n',
      );
      write(workspace, 'src/a.ts', '// TODO(RM-1): cache\n');
      const expected = [
        'j.roadmap.yaml:3:10: error: Duplicate ID "RM-1": also defined as an item at y.roadmap.yaml:3. IDs must be unique across all roadmap files. [duplicate-id]',
        'src/a.ts:1:9: warning: Stale debt: RM-1 "Jar" is done; resolve this TODO or link it to an open item. [stale-debt]',
        'y.roadmap.yaml:3:10: error: Duplicate ID "RM-1": also defined as an item at j.roadmap.yaml:3. IDs must be unique across all roadmap files. [duplicate-id]',
        '3 problems (2 errors, 1 warning, 0 information, 0 hints); 0 unlinked debt.',
        '',
      ].join('\n');
      for (const locale of ['en_US.UTF-8', 'lt_LT.UTF-8', 'C'])
        assert.deepEqual(runCliIn({ CI: 'true', LC_ALL: locale }, workspace, 'check'), {
          status: 1,
          stdout: expected,
          stderr: '',
        });
    });
  });

  describe('check --base: only what the branch adds', () => {
    const BRANCH_ROADMAP = `version: 1
objectives:
  - id: OBJ-1
    title: Fast checkout
items:
  - id: RM-1
    title: Cache prices
    status: in-progress
    objective: OBJ-1
    value: { metric: checkout p99, category: performance, unit: ms, baseline: 800, target: 300 }
  - id: RM-2
    title: Retry payments
    status: planned
    objective: OBJ-1
    value: { metric: failed payments, category: revenue, unit: '%', baseline: 3, target: 1 }
`;
    const OLD =
      'export function old() {\n  // TODO: old unlinked debt\n  // FIXME: more old debt\n  // TODO(RM-1): cache the prices\n  return 1;\n}\n';
    let repo: string;
    let mergeBase: string;

    before(() => {
      repo = folder('branches');
      git(repo, 'init', '-q', '-b', 'main');
      write(repo, 'roadmap.yaml', BRANCH_ROADMAP);
      write(repo, 'src/old.ts', OLD);
      write(repo, 'src/cache.ts', '// HACK(RM-1): warm the cache at start\nexport const cache = new Map();\n');
      mergeBase = commitAll(repo, 'main with old debt').slice(0, 7);
    });

    /** Runs `check --base main` on a branch made from main by `change`. */
    function onBranch(name: string, change: () => void, ...args: string[]): Outcome {
      git(repo, 'checkout', '-q', '-b', name, 'main');
      try {
        change();
        commitAll(repo, name);
        return runCli(repo, 'check', '--base', 'main', ...args);
      } finally {
        git(repo, 'checkout', '-q', 'main');
      }
    }

    it('passes a branch that adds linked debt', () => {
      const outcome = onBranch('linked', () =>
        write(repo, 'src/pay.ts', 'export function pay() {\n  // TODO(RM-2): retry on timeout\n  return 1;\n}\n'),
      );
      assert.deepEqual(outcome, {
        status: 0,
        stdout: `Against main (merge-base ${mergeBase}): no new problems; 0 new unlinked debt (at most 0); 2 older problems not judged.\n`,
        stderr: '',
      });
    });

    it('fails a branch that adds unlinked debt, naming exactly that site', () => {
      const add = () =>
        write(repo, 'src/new.ts', 'export function fresh() {\n  // HACK: retry until it works\n  return 2;\n}\n');
      const outcome = onBranch('unlinked', add);
      assert.deepEqual(outcome, {
        status: 1,
        stdout: [
          'src/new.ts:2:6: information: Unlinked debt: "HACK: retry until it works" is not on the roadmap. Propose it to the roadmap or link an existing item. [unlinked-debt]',
          `Against main (merge-base ${mergeBase}): 1 new problem (0 errors, 0 warnings, 1 information, 0 hints); 1 new unlinked debt (at most 0); 2 older problems not judged.`,
          'Too much new unlinked debt: 1 > --max-new-unlinked 0.',
          '',
        ].join('\n'),
        stderr: '',
      });
      assert.equal(onBranch('unlinked-allowed', add, '--max-new-unlinked', '1').status, 0);
    });

    it('reports expired debt the branch adds (a warning), which does not fail it', () => {
      const outcome = onBranch('expired', () =>
        write(
          repo,
          'src/pay.ts',
          'export function pay() {\n  // TODO(RM-2, 2020-01-31): retry on timeout\n  return 1;\n}\n',
        ),
      );
      assert.deepEqual(outcome, {
        status: 0,
        stdout: [
          'src/pay.ts:2:17: warning: Expired debt: this TODO was to be resolved by 2020-01-31. [expired-debt]',
          `Against main (merge-base ${mergeBase}): 1 new problem (0 errors, 1 warning, 0 information, 0 hints); 0 new unlinked debt (at most 0); 2 older problems not judged.`,
          '',
        ].join('\n'),
        stderr: '',
      });
    });

    it('passes a branch that only moves old debt, to other lines and another file', () => {
      const outcome = onBranch('moved', () => {
        write(
          repo,
          'src/old.ts',
          'import { x } from "./x";\n\nexport function old() {\n    // TODO(RM-1): cache the prices\n  return x;\n}\n',
        );
        write(
          repo,
          'src/moved.ts',
          'export function moved() {\n      // FIXME: more old debt\n  /* TODO: old unlinked debt */\n}\n',
        );
      });
      assert.deepEqual(outcome, {
        status: 0,
        stdout: `Against main (merge-base ${mergeBase}): no new problems; 0 new unlinked debt (at most 0); 2 older problems not judged.\n`,
        stderr: '',
      });
    });

    it('fails a branch that marks an item done while debt still links it, listing each site', () => {
      const outcome = onBranch('done', () =>
        write(repo, 'roadmap.yaml', BRANCH_ROADMAP.replace('status: in-progress', 'status: done')),
      );
      assert.deepEqual(outcome, {
        status: 1,
        stdout: [
          'roadmap.yaml:6:9: error: RM-1 "Cache prices" is marked done by this branch, but 2 debt annotations still link it: src/cache.ts:1, src/old.ts:4. Resolve them or link them to an open item. [done-with-debt]',
          '  src/cache.ts:1:4: still links RM-1',
          '  src/old.ts:4:6: still links RM-1',
          `Against main (merge-base ${mergeBase}): 1 new problem (1 error, 0 warnings, 0 information, 0 hints); 0 new unlinked debt (at most 0); 4 older problems not judged.`,
          '',
        ].join('\n'),
        stderr: '',
      });
      // The same site list goes to SARIF as related locations, and the result is marked new.
      git(repo, 'checkout', '-q', 'done');
      try {
        const sarif = JSON.parse(runCli(repo, 'check', '--base', 'main', '--format', 'sarif').stdout);
        const results = sarif.runs[0].results as {
          ruleId: string;
          baselineState: string;
          relatedLocations?: unknown[];
        }[];
        const done = results.filter((result) => result.ruleId === 'done-with-debt');
        assert.deepEqual(
          done.map((result) => [result.baselineState, result.relatedLocations?.length]),
          [['new', 2]],
        );
        assert.deepEqual(
          results
            .filter((result) => result.baselineState === 'unchanged')
            .map((result) => result.ruleId)
            .sort(),
          ['stale-debt', 'stale-debt', 'unlinked-debt', 'unlinked-debt'],
        );
      } finally {
        git(repo, 'checkout', '-q', 'main');
      }
    });

    it("counts uncommitted work as the branch's except in CI, and fails on a new unknown ID", () => {
      git(repo, 'checkout', '-q', '-b', 'wip', 'main');
      try {
        write(repo, 'src/wip.ts', '// TODO(RM-9): typo of an ID\n');
        const local = runCliIn({ CI: '' }, repo, 'check', '--base', 'main', '--max-new-unlinked', '5');
        assert.equal(local.status, 1);
        assert.match(
          local.stdout,
          /^src\/wip\.ts:1:9: error: Unknown roadmap item "RM-9"\. Did you mean RM-1, RM-2\? \[unknown-item\]\n/,
        );
        assert.deepEqual(runCliIn({ CI: 'true' }, repo, 'check', '--base', 'main').status, 0);
        assert.equal(runCliIn({ CI: '' }, repo, 'check', '--base', 'main', '--warn-only').status, 0);
      } finally {
        fs.rmSync(path.join(repo, 'src/wip.ts'));
        git(repo, 'checkout', '-q', 'main');
      }
    });

    it('rejects options that cannot work together', () => {
      assert.equal(
        runCli(repo, 'check', '--max-new-unlinked', '1').stderr,
        'roadmap-links check: --max-new-unlinked needs --base or --baseline: without them nothing is new (see "roadmap-links check --help")\n',
      );
      assert.equal(
        runCli(repo, 'check', '--base', 'nope').stderr,
        'roadmap-links check: Unknown base "nope": no branch, tag or commit has that name.\n',
      );
    });
  });

  describe('check --baseline: the ratchet', () => {
    const SOURCE_A =
      'export function a() {\n  // TODO: twice the same\n  // TODO: twice the same\n  // FIXME(RM-9): unknown item\n  return 1;\n}\n';

    it('survives moved lines, fails only on new problems and lists the ones that disappeared', () => {
      const workspace = folder('baseline');
      write(workspace, 'roadmap.yaml', 'version: 1\nitems:\n  - id: RM-1\n    title: No value yet\n');
      write(workspace, 'src/a.ts', SOURCE_A);
      const baseline = path.join(workspace, 'roadmap-baseline.json');
      assert.deepEqual(runCli(workspace, 'check', '--write-baseline', baseline), {
        status: 0,
        stdout: `Wrote a baseline of 4 problems to ${baseline}.\n`,
        stderr: '',
      });
      const recorded = JSON.parse(fs.readFileSync(baseline, 'utf8'));
      assert.deepEqual(
        recorded.problems.map((entry: { path: string; line: number; code: string }) => [
          entry.path,
          entry.line,
          entry.code,
        ]),
        [
          ['roadmap.yaml', 3, 'missing-value'],
          ['src/a.ts', 2, 'unlinked-debt'],
          ['src/a.ts', 3, 'unlinked-debt'],
          ['src/a.ts', 4, 'unknown-item'],
        ],
      );
      const fingerprints = () =>
        (
          JSON.parse(runCli(workspace, 'check', '--format', 'sarif').stdout).runs[0].results as {
            ruleId: string;
            partialFingerprints: Record<string, string>;
          }[]
        )
          .map((result) => `${result.ruleId} ${result.partialFingerprints['roadmapLinks/v1']}`)
          .sort();
      const before = fingerprints();

      // Lines move down and are re-indented; the roadmap gains a comment above the item.
      write(workspace, 'src/a.ts', '// header\n\n' + SOURCE_A.replace('  // FIXME', '      // FIXME'));
      write(workspace, 'roadmap.yaml', 'version: 1\n# items below\nitems:\n  - id: RM-1\n    title: No value yet\n');
      assert.deepEqual(fingerprints(), before);
      assert.deepEqual(runCli(workspace, 'check', '--baseline', baseline), {
        status: 0,
        stdout: `Against baseline ${baseline}: no new problems; 0 new unlinked debt (at most 0); 4 older problems not judged.\n`,
        stderr: '',
      });

      // One of the twins is paid down, a new TODO arrives.
      write(
        workspace,
        'src/a.ts',
        SOURCE_A.replace('  // TODO: twice the same\n', '').replace('return 1;', 'return 1; // TODO: new one'),
      );
      assert.deepEqual(runCli(workspace, 'check', '--baseline', baseline), {
        status: 1,
        stdout: [
          'src/a.ts:4:16: information: Unlinked debt: "TODO: new one" is not on the roadmap. Propose it to the roadmap or link an existing item. [unlinked-debt]',
          `Against baseline ${baseline}: 1 new problem (0 errors, 0 warnings, 1 information, 0 hints); 1 new unlinked debt (at most 0); 3 older problems not judged.`,
          'Too much new unlinked debt: 1 > --max-new-unlinked 0.',
          '1 baseline problem no longer occurs: tighten the baseline with --write-baseline.',
          '  src/a.ts:3: Unlinked debt: "TODO: twice the same" is not on the roadmap. Propose it to the roadmap or link an existing item. [unlinked-debt]',
          '',
        ].join('\n'),
        stderr: '',
      });
      const json = JSON.parse(runCli(workspace, 'check', '--baseline', baseline, '--format', 'json').stdout);
      assert.deepEqual(
        json.problems.map((problem: { line: number; baselineState: string }) => [problem.line, problem.baselineState]),
        [
          [4, 'unchanged'],
          [2, 'unchanged'],
          [3, 'unchanged'],
          [4, 'new'],
        ],
      );
      assert.equal(json.summary.comparison.disappeared, 1);
    });

    it('says clearly when the baseline is missing or is not one', () => {
      const workspace = folder('bad-baseline');
      write(workspace, 'roadmap.yaml', 'version: 1\nitems: []\n');
      write(workspace, 'not-a-baseline.json', '{"problems": 3}');
      assert.deepEqual(runCli(workspace, 'check', '--baseline', 'missing.json'), {
        status: 2,
        stdout: '',
        stderr: `roadmap-links check: cannot read the baseline ${path.join(workspace, 'missing.json')}: ENOENT (see "roadmap-links check --help")\n`,
      });
      assert.equal(
        runCli(workspace, 'check', '--write-baseline', 'no-such-folder/b.json').stderr,
        `roadmap-links check: cannot write the baseline ${path.join(workspace, 'no-such-folder/b.json')}: ENOENT (see "roadmap-links check --help")\n`,
      );
      assert.equal(
        runCli(workspace, 'check', '--baseline', 'not-a-baseline.json').stderr,
        `roadmap-links check: ${path.join(workspace, 'not-a-baseline.json')} is not a roadmap-links baseline (write one with --write-baseline) (see "roadmap-links check --help")\n`,
      );
    });
  });

  describe('CI templates', () => {
    let repo: string;
    let base: string;
    let shims: string;

    before(() => {
      // `roadmap-links` on the PATH is the CLI built from these sources.
      shims = folder('shims');
      write(shims, 'roadmap-links', `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
      fs.chmodSync(path.join(shims, 'roadmap-links'), 0o755);
      repo = folder('templates');
      git(repo, 'init', '-q', '-b', 'main');
      write(repo, 'roadmap.yaml', ROADMAP);
      write(repo, 'services/pay/pay.ts', 'export function pay() {\n  // TODO: old debt\n  return 1;\n}\n');
      base = commitAll(repo, 'initial');
      git(repo, 'checkout', '-q', '-b', 'feature');
      write(repo, 'services/pay/retry.ts', '// HACK: sleep before retrying\nexport const retry = 1;\n');
      commitAll(repo, 'Retry');
    });

    function sh(command: string, env: NodeJS.ProcessEnv): Outcome {
      const result = spawnSync('/bin/sh', ['-c', command], {
        cwd: repo,
        env: { ...GIT_ENV, PATH: `${shims}:${process.env.PATH}`, ...env },
        encoding: 'utf8',
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    }

    it('GitLab: the job writes the changes Markdown and fails on the new unlinked debt', () => {
      const job = parseYaml(fs.readFileSync(path.join(REPO, 'ci/roadmap-links.gitlab-ci.yml'), 'utf8'))[
        'roadmap-links'
      ];
      assert.equal(job.variables.GIT_DEPTH, 0);
      const env = { CI: 'true', CI_MERGE_REQUEST_DIFF_BASE_SHA: base, ...job.variables };
      const [changes, check] = (job.script as string[]).map((line) => sh(line, env));
      assert.equal(changes.status, 0, changes.stderr);
      assert.match(
        fs.readFileSync(path.join(repo, 'roadmap-changes.md'), 'utf8'),
        /^## Roadmap items served\n[\s\S]*- `services\/pay\/retry\.ts:1` HACK: sleep before retrying\n/,
      );
      assert.equal(check.status, 1);
      assert.match(
        check.stdout,
        /^services\/pay\/retry\.ts:1:4: information: Unlinked debt: "HACK: sleep before retrying"/,
      );
      assert.ok(!check.stdout.includes('old debt'));
    });

    it('pre-commit: the default hook warns about debt the commit adds without failing; the strict one fails', () => {
      const hooks = parseYaml(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as {
        id: string;
        entry: string;
        language: string;
      }[];
      assert.deepEqual(
        hooks.map((hook) => [hook.id, hook.language]),
        [
          ['roadmap-links', 'node'],
          ['roadmap-links-strict', 'node'],
        ],
      );
      write(repo, 'services/pay/staged.ts', '// FIXME: staged for the next commit\n');
      git(repo, 'add', 'services/pay/staged.ts');
      try {
        const [warn, strict] = hooks.map((hook) => sh(hook.entry, { CI: '' }));
        assert.equal(warn.status, 0);
        assert.match(
          warn.stdout,
          /^services\/pay\/staged\.ts:1:4: information: Unlinked debt: "FIXME: staged for the next commit"[^\n]*\nAgainst HEAD \(merge-base [0-9a-f]{7}\): 1 new problem/,
        );
        assert.equal(strict.status, 1);
        assert.equal(strict.stdout, warn.stdout);
      } finally {
        git(repo, 'rm', '-q', '-f', 'services/pay/staged.ts');
      }
    });
  });

  describe('changes', () => {
    let repo: string;

    before(() => {
      repo = folder('changes');
      git(repo, 'init', '-q', '-b', 'main');
      write(repo, 'roadmap.yaml', ROADMAP);
      write(repo, 'services/pay/pay.ts', 'export function pay() {\n  return 1;\n}\n');
      write(repo, 'README.md', '# Pay\n');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'initial');
      git(repo, 'checkout', '-q', '-b', 'feature');
      write(repo, 'services/pay/pay.ts', 'export function pay() {\n  // TODO: make | safer\n  return 2;\n}\n');
      git(repo, 'commit', '-q', '-am', 'Pay two\n\nRoadmap: RM-3');
      write(repo, 'README.md', '# Pay\n\nUsage.\n');
      git(repo, 'commit', '-q', '-am', 'Document');
      write(repo, 'notes.txt', 'uncommitted\n');
    });

    it('writes Markdown for a pull request', () => {
      const outcome = runCli(repo, 'changes', '--base', 'main');
      assert.equal(outcome.stderr, '');
      assert.equal(outcome.status, 0);
      const head = git(repo, 'rev-parse', '--short=7', 'HEAD').trim();
      const base = git(repo, 'rev-parse', '--short=7', 'main').trim();
      assert.equal(
        outcome.stdout,
        [
          '## Roadmap items served',
          '',
          `Compared: HEAD (${head}) against main (merge-base ${base}).`,
          '',
          '| Item | Title | Value metric: baseline (→ current) → target | Files | Hunks | Why |',
          '|---|---|---|---|---|---|',
          '| **RM-2** | Retry payments | failed payments (revenue): 3 % → 2 % → 1 %, 50% of the way | 1 | 1 | paths |',
          '| **RM-3** | Faster search | _no value metric_ | 1 | 1 | trailer |',
          '',
          '### New debt',
          '',
          'Unlinked (1): propose each to the roadmap or link an existing item.',
          '',
          '- `services/pay/pay.ts:2` TODO: make \\| safer',
          '',
          '### Not tied to a roadmap item',
          '',
          '- `README.md` lines 2–3',
          '',
        ].join('\n'),
      );
    });

    it('writes the report as JSON, working tree by default', () => {
      const outcome = runCli(repo, 'changes', '--format', 'json');
      assert.equal(outcome.status, 0);
      const json = JSON.parse(outcome.stdout);
      assert.equal(json.base.mode, 'working-tree');
      assert.deepEqual(
        json.files.map((file: { path: string; status: string; untracked?: boolean }) => [
          file.path,
          file.status,
          file.untracked,
        ]),
        [['notes.txt', 'added', true]],
      );
      assert.deepEqual(json.unattributed, [
        { path: 'notes.txt', hunk: { oldStart: 0, oldLines: 0, newStart: 1, newLines: 1 } },
      ]);
    });

    it('compares with main when asked for the branch', () => {
      const branch = runCli(repo, 'changes', '--branch', '--format', 'json');
      assert.equal(branch.status, 0);
      const json = JSON.parse(branch.stdout);
      assert.equal(json.base.ref, 'main');
      assert.deepEqual(
        json.files.map((file: { path: string }) => file.path),
        ['README.md', 'services/pay/pay.ts'],
      );
      // Value metrics without their roadmap-file ranges: those mean nothing outside the editor.
      assert.deepEqual(json.byItem[0].values, [
        { metric: 'failed payments', category: 'revenue', unit: '%', baseline: 3, target: 1, current: 2 },
      ]);
      assert.deepEqual(json.newDebt.unlinked, [
        { path: 'services/pay/pay.ts', line: 2, column: 6, tag: 'TODO', text: 'make | safer', ids: [] },
      ]);
    });

    it('shows old debt the change links as newly linked, not as new debt, in Markdown and JSON', () => {
      const linking = folder('changes-linking');
      git(linking, 'init', '-q', '-b', 'main');
      write(linking, 'roadmap.yaml', ROADMAP);
      write(linking, 'search.ts', 'export function search() {\n  // TODO: index the titles\n  return [];\n}\n');
      git(linking, 'add', '-A');
      git(linking, 'commit', '-q', '-m', 'initial');
      write(linking, 'search.ts', 'export function search() {\n  // TODO(RM-3): index the titles\n  return [];\n}\n');
      const markdown = runCli(linking, 'changes');
      assert.equal(markdown.status, 0);
      assert.ok(!markdown.stdout.includes('### New debt'), markdown.stdout);
      assert.ok(
        markdown.stdout.includes(
          '\n### Debt newly linked\n\nOld debt this change links to a roadmap item (1):\n\n- `search.ts:2` TODO(RM-3): index the titles\n',
        ),
        markdown.stdout,
      );
      const json = JSON.parse(runCli(linking, 'changes', '--format', 'json').stdout);
      assert.deepEqual(json.newDebt, { linked: [], unlinked: [] });
      assert.deepEqual(json.newlyLinkedDebt, [
        { path: 'search.ts', line: 2, column: 6, tag: 'TODO', text: 'index the titles', ids: ['RM-3'] },
      ]);
    });

    it('old debt linked to an ID of no item or to a done item is not "newly linked": it says what check says', () => {
      const linking = folder('changes-badly-linking');
      git(linking, 'init', '-q', '-b', 'main');
      write(linking, 'roadmap.yaml', ROADMAP);
      write(linking, 'a.ts', '// TODO: retry\n// TODO: cache\n// TODO: index\n');
      git(linking, 'add', '-A');
      git(linking, 'commit', '-q', '-m', 'initial');
      write(linking, 'a.ts', '// TODO(RM-9): retry\n// TODO(RM-1): cache\n// TODO(RM-3): index\n');
      const markdown = runCli(linking, 'changes');
      assert.equal(markdown.status, 0);
      assert.ok(
        markdown.stdout.includes(
          [
            '\n### Debt newly linked\n\nOld debt this change links to a roadmap item (1):\n\n- `a.ts:3` TODO(RM-3): index\n',
            '### Debt linked to no open item\n\nOld debt this change links to an unknown or finished item (2):\n',
            '- `a.ts:1` TODO(RM-9): retry — RM-9 is not a roadmap item',
            '- `a.ts:2` TODO(RM-1): cache — RM-1 is done: stale debt\n',
          ].join('\n'),
        ),
        markdown.stdout,
      );
      const json = JSON.parse(runCli(linking, 'changes', '--format', 'json').stdout);
      assert.deepEqual(json.newDebt, { linked: [], unlinked: [] });
      assert.deepEqual(
        json.newlyLinkedDebt.map((debt: { ids: string[] }) => debt.ids),
        [['RM-3']],
      );
      assert.deepEqual(json.badlyLinkedDebt, [
        {
          path: 'a.ts',
          line: 1,
          column: 4,
          tag: 'TODO',
          text: 'retry',
          ids: ['RM-9'],
          problem: 'unknown-item',
          id: 'RM-9',
        },
        {
          path: 'a.ts',
          line: 2,
          column: 4,
          tag: 'TODO',
          text: 'cache',
          ids: ['RM-1'],
          problem: 'stale-debt',
          id: 'RM-1',
          status: 'done',
        },
      ]);
      // `check` reports the same two links.
      const check = runCli(linking, 'check', '.');
      assert.match(check.stdout, /a\.ts:1:9: error: Unknown roadmap item "RM-9"/);
      assert.match(check.stdout, /a\.ts:2:9: warning: Stale debt: RM-1/);
    });

    it('a branch that adds the roadmap: its lines are roadmap edits, not changes tied to no item', () => {
      const fresh = folder('changes-roadmap');
      git(fresh, 'init', '-q', '-b', 'main');
      write(fresh, 'src/a.ts', 'export const a = 1;\n');
      commitAll(fresh, 'initial');
      git(fresh, 'checkout', '-q', '-b', 'roadmap');
      const skeleton =
        'version: 2\nnorthStar:\n  statement: Ship\nobjectives:\n  - id: OBJ-1\n    title: First\nitems:\n';
      write(fresh, 'roadmap.yaml', skeleton);
      write(fresh, 'src/a.ts', 'export const a = 2;\n');
      commitAll(fresh, 'Add the roadmap');
      const outcome = runCli(fresh, 'changes', '--base', 'main');
      assert.equal(outcome.status, 0);
      assert.equal(
        outcome.stdout.slice(outcome.stdout.indexOf('_This')),
        [
          '_This change serves no roadmap item._',
          '',
          '### Roadmap edits',
          '',
          "Changes to roadmap files outside any item's entry (north star, objectives, trackers):",
          '',
          '- `roadmap.yaml` lines 1–7',
          '',
          '### Not tied to a roadmap item',
          '',
          '- `src/a.ts` line 1',
          '',
        ].join('\n'),
      );
      const json = JSON.parse(runCli(fresh, 'changes', '--base', 'main', '--format', 'json').stdout);
      assert.deepEqual(json.roadmapEdits, [
        { path: 'roadmap.yaml', hunk: { oldStart: 0, oldLines: 0, newStart: 1, newLines: 7 } },
      ]);
      assert.deepEqual(
        json.unattributed.map((change: { path: string }) => change.path),
        ['src/a.ts'],
      );
    });

    it('lists ten spans of a file and counts the rest, so a lock file changed in 30 places stays one short line', () => {
      const bumped = folder('changes-bump');
      git(bumped, 'init', '-q', '-b', 'main');
      write(bumped, 'roadmap.yaml', ROADMAP);
      const lock = (version: string) =>
        Array.from({ length: 90 }, (_, k) => `dep-${k} v${k % 3 === 0 ? version : '1'}\n`).join('');
      write(bumped, 'deps.lock', lock('1'));
      git(bumped, 'add', '-A');
      git(bumped, 'commit', '-q', '-m', 'initial');
      write(bumped, 'deps.lock', lock('2'));
      const outcome = runCli(bumped, 'changes');
      assert.equal(outcome.status, 0, outcome.stderr);
      const spans = Array.from({ length: 10 }, (_, k) => `line ${3 * k + 1}`).join(', ');
      assert.ok(outcome.stdout.endsWith(`- \`deps.lock\` ${spans}, and 20 more hunks\n`), outcome.stdout);
      // JSON keeps every hunk.
      assert.equal(JSON.parse(runCli(bumped, 'changes', '--format', 'json').stdout).unattributed.length, 30);
    });

    it('exits 2 with a clear message outside git or with an unknown base', () => {
      const plain = folder('not-a-repo');
      assert.deepEqual(runCli(plain, 'changes'), {
        status: 2,
        stdout: '',
        stderr: `roadmap-links changes: "${plain}" is not inside a git working tree.\n`,
      });
      assert.deepEqual(runCli(repo, 'changes', '--base', 'nope'), {
        status: 2,
        stdout: '',
        stderr: 'roadmap-links changes: Unknown base "nope": no branch, tag or commit has that name.\n',
      });
    });
  });

  describe('report', () => {
    it('lists items per objective with code sites and debt', () => {
      const workspace = folder('report');
      write(workspace, 'roadmap.yaml', ROADMAP);
      write(workspace, 'services/pay/pay.ts', SOURCE);
      write(workspace, 'services/pay/marker.ts', '// @roadmap RM-2\nexport const marked = 1;\n');
      const markdown = runCli(workspace, 'report');
      assert.equal(markdown.status, 0);
      assert.equal(
        markdown.stdout,
        [
          '# Roadmap report',
          '',
          '3 items · 3 code sites · 2 linked debt · 1 unlinked debt',
          '',
          'North star: Customers check out fast',
          '',
          '## OBJ-1 · Fast checkout',
          '',
          '2 items · 3 code sites · 2 debt',
          '',
          '| Item | Status | Value metric | Code sites | Debt |',
          '|---|---|---|---|---|',
          '| **RM-1** Old cache | done | cache hit rate (performance): 40 % → 90 % → 90 %, 100% of the way | 1 | 1 (1 stale) |',
          '| **RM-2** Retry payments | planned | failed payments (revenue): 3 % → 2 % → 1 %, 50% of the way | 2 | 1 |',
          '',
          '## Items without an objective',
          '',
          '| Item | Status | Value metric | Code sites | Debt |',
          '|---|---|---|---|---|',
          '| **RM-3** Faster search | in-progress | _no value metric_ | 0 | 0 |',
          '',
          '## Unknown IDs named in code',
          '',
          '- **RM-9**: 1 code site',
          '',
          '## Unlinked debt (1)',
          '',
          '- `services/pay/pay.ts:3` FIXME: unlinked rounding problem',
          '',
        ].join('\n'),
      );
      const json = JSON.parse(runCli(workspace, 'report', '--format', 'json').stdout);
      assert.deepEqual(json.totals, { items: 3, sites: 3, debt: 2, unlinkedDebt: 1 });
      const [objective] = json.objectives;
      assert.deepEqual([objective.id, objective.sites, objective.debt], ['OBJ-1', 3, 2]);
      const rm2 = objective.items[1];
      assert.deepEqual([rm2.id, rm2.sites, rm2.debt, rm2.markers], ['RM-2', 2, 1, 1]);
      assert.deepEqual(rm2.values[0].progress, 0.5);
      assert.deepEqual(
        rm2.codeSites.map((site: { path: string; line: number; kind: string }) => [site.path, site.line, site.kind]),
        [
          ['services/pay/marker.ts', 1, 'marker'],
          ['services/pay/pay.ts', 2, 'debt'],
        ],
      );
      assert.deepEqual(json.unknownIds, [{ id: 'RM-9', sites: 1 }]);
    });

    it('says which item is overdue or due when, and how much of its debt is stale or expired', () => {
      const workspace = folder('report-dates');
      write(
        workspace,
        'roadmap.yaml',
        [
          'version: 2',
          'items:',
          '  - id: RM-1',
          '    title: Late',
          '    status: in-progress',
          '    due: 2020-06-30',
          '  - id: RM-2',
          '    title: Next year',
          '    status: planned',
          '    due: 2999-03-31',
          '  - id: RM-3',
          '    title: Shipped',
          '    status: done',
          '    due: 2020-01-31',
          '',
        ].join('\n'),
      );
      write(
        workspace,
        'a.ts',
        '// TODO(RM-1, 2020-02-01): past its own date\n// TODO(RM-1): open\n// FIXME(RM-3): left behind\n// TODO(RM-2, 2999-01-01): later\n',
      );
      const rows = runCli(workspace, 'report')
        .stdout.split('\n')
        .filter((line) => line.startsWith('| **'))
        .map((line) => line.split(' | ').filter((_cell, i) => i === 1 || i === 4));
      assert.deepEqual(rows, [
        ['in-progress, overdue (due 2020-06-30)', '2 (1 expired) |'],
        ['planned, due 2999-03-31', '1 |'],
        ['done, due 2020-01-31', '1 (1 stale) |'],
      ]);
      const html = runCli(workspace, 'report', '--format', 'html').stdout;
      assert.ok(html.includes('in-progress, overdue (due 2020-06-30)'), 'the HTML report says RM-1 is overdue');
      assert.ok(html.includes('2 (1 expired)'), 'the HTML report counts the expired debt');
      const json = JSON.parse(runCli(workspace, 'report', '--format', 'json').stdout);
      assert.deepEqual(
        json.withoutObjective.map((item: { id: string; overdue: boolean; staleDebt: number; expiredDebt: number }) => [
          item.id,
          item.overdue,
          item.staleDebt,
          item.expiredDebt,
        ]),
        [
          ['RM-1', true, 0, 1],
          ['RM-2', false, 0, 0],
          ['RM-3', false, 1, 0],
        ],
      );
    });
  });

  describe('settings', () => {
    it('reads JSON with comments and trailing commas', () => {
      const text = '{\n  // a comment\n  "a": "http://x", /* block */\n  "b": [1, 2,],\n}\n';
      assert.deepEqual(JSON.parse(stripJsonComments(text)), { a: 'http://x', b: [1, 2] });
    });
  });

  describe('progress line', () => {
    it('draws on a TTY only, overwrites itself and is erased at the end', () => {
      const written: string[] = [];
      const tty = { isTTY: true, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
      const progress = progressLine(tty)!;
      progress.update(1, 3);
      progress.update(2, 3); // within the redraw interval: skipped
      progress.update(3, 3); // the last one is always drawn
      progress.done();
      assert.deepEqual(written, ['\r\x1b[KScanning files: 1/3', '\r\x1b[KScanning files: 3/3', '\r\x1b[K']);
      assert.equal(progressLine({ isTTY: false } as NodeJS.WriteStream), undefined);
      assert.equal(progressLine(undefined), undefined);
    });
  });

  describe('examples/demo', () => {
    it('checks and reports the demo workspace', function () {
      // The demo is written by someone else; only its shape is relied on.
      if (!fs.existsSync(DEMO) || fs.readdirSync(DEMO).length === 0) this.skip();
      const check = runCli(REPO, 'check', DEMO, '--format', 'json');
      assert.ok(check.status === 0 || check.status === 1, check.stderr);
      const json = JSON.parse(check.stdout);
      assert.equal(json.summary.passed, check.status === 0);
      const report = runCli(REPO, 'report', DEMO, '--format', 'json');
      assert.equal(report.status, 0, report.stderr);
      assert.ok(JSON.parse(report.stdout).totals.items > 0);
    });
  });
});
