/**
 * Issue #9 point 3: what a repository holds is read as data, never followed outside it and never
 * allowed to become markup or an extra line. Untracked symlinks (to a secret, to a FIFO) are not read;
 * `.vscode/settings.json` is read only as a small regular file and never quoted in an error; roadmap
 * text in hovers and file names in `changes` Markdown stay inert; a line break in a file name cannot
 * split `check`'s text output.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Hover } from 'vscode-languageserver-protocol';
import { mapChanges, type ChangeReport } from '../../server/src/core/changes';
import { changesMarkdown } from '../../server/src/cli/changes';
import { escapeMarkdown, markdownCode, singleLine } from '../../server/src/core/format';
import { buildRoadmap, parseRoadmapFile } from '../../server/src/core/roadmap';
import { DEFAULT_COMPILED_SETTINGS } from '../../server/src/core/settings';
import { GIT_ENV } from '../gitEnv';
import { ensureBuilt, ROOT, TestClient, uriOf } from '../server/lspClient';
import { ROADMAP, removeWorkspace } from './serverHelpers';
import { addTally } from './tally';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const SECRET = `SECRET-${process.pid}`;

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
}

function cli(args: string[], cwd = ROOT) {
  // A hang is a failure, not a stuck test run.
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20000 });
}

describe('reliability: repository content is data, never a way out', function () {
  // Long on a busy machine; the timeout only catches a hang (see test/waiting.ts).
  this.timeout(600_000);
  let dir: string;
  let root: string;
  before(() => ensureBuilt());
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-content-')));
    root = path.join(dir, 'repo');
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'roadmap.yaml'), ROADMAP);
    fs.writeFileSync(path.join(root, 'src/tax.ts'), '// TODO(RM-1): cache\n');
    fs.writeFileSync(path.join(dir, 'secret.ts'), `// TODO: ${SECRET}\n`.repeat(3));
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'initial');
  });
  afterEach(() => removeWorkspace(dir));

  it('changes: an untracked symlink (to a secret, to a FIFO) is listed as an addition but never read or followed', async () => {
    const fifo = path.join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    fs.symlinkSync(path.join(dir, 'secret.ts'), path.join(root, 'src/secret-link.ts'));
    fs.symlinkSync(fifo, path.join(root, 'src/fifo-link.ts'));
    spawnSync('mkfifo', [path.join(root, 'src/pipe.ts')]);
    const roadmap = buildRoadmap([
      parseRoadmapFile(path.join(root, 'roadmap.yaml'), ROADMAP, DEFAULT_COMPILED_SETTINGS),
    ]);
    const report = await mapChanges({ cwd: root, roadmap, settings: DEFAULT_COMPILED_SETTINGS });
    assert.deepStrictEqual(
      report.files.map((file) => [file.path, file.status, file.untracked, file.hunks.length]),
      [
        ['src/fifo-link.ts', 'added', true, 0],
        ['src/secret-link.ts', 'added', true, 0],
      ],
    );
    assert.deepStrictEqual(report.newDebt.unlinked, [], 'the target of a link was scanned');
    for (const format of ['json', 'markdown']) {
      const result = cli(['changes', root, '--format', format]);
      assert.strictEqual(result.status, 0, result.stderr);
      assert.ok(!result.stdout.includes(SECRET), `the ${format} report holds the link target's content`);
    }
    addTally({ faultsInjected: 3 });
  });

  describe('the CLI reads .vscode/settings.json only as a small regular file and never prints it', () => {
    const settingsFile = () => path.join(root, '.vscode', 'settings.json');
    const checkStderr = () => {
      const result = cli(['check', root]);
      assert.notStrictEqual(result.status, null, 'the CLI hung');
      assert.ok(!result.stderr.includes(SECRET) && !result.stdout.includes(SECRET), result.stderr);
      return result.stderr;
    };
    beforeEach(() => fs.mkdirSync(path.join(root, '.vscode')));

    it('a symlink to /dev/zero or to a secret is not followed', () => {
      fs.symlinkSync('/dev/zero', settingsFile());
      assert.strictEqual(
        checkStderr(),
        `roadmap-links: ${settingsFile()}: a symbolic link (not followed); settings ignored\n`,
      );
      fs.rmSync(settingsFile());
      fs.symlinkSync(path.join(dir, 'secret.ts'), settingsFile());
      assert.strictEqual(
        checkStderr(),
        `roadmap-links: ${settingsFile()}: a symbolic link (not followed); settings ignored\n`,
      );
      addTally({ faultsInjected: 2 });
    });

    it('a FIFO does not block, a huge file is not read, invalid JSON is not quoted', () => {
      spawnSync('mkfifo', [settingsFile()]);
      assert.strictEqual(checkStderr(), `roadmap-links: ${settingsFile()}: not a regular file; settings ignored\n`);
      fs.rmSync(settingsFile());
      fs.writeFileSync(settingsFile(), `{"a": "${'x'.repeat(2 * 1024 * 1024)}"}`);
      assert.strictEqual(
        checkStderr(),
        `roadmap-links: ${settingsFile()}: larger than 1048576 bytes; settings ignored\n`,
      );
      fs.writeFileSync(settingsFile(), `{\n  "roadmapLinks.tags": ${SECRET}\n}\n`);
      assert.match(
        checkStderr(),
        new RegExp(
          `^roadmap-links: ${settingsFile().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON( at line 2, column \\d+)?; settings ignored\\n$`,
        ),
      );
      addTally({ faultsInjected: 3 });
    });
  });

  it('hover: IDs, titles, objective names, owners from the roadmap cannot render an image, a link or HTML', async () => {
    const image = '![x](https://evil.example/i.png)';
    const roadmap = [
      'version: 1',
      'objectives:',
      `  - id: OBJ-A`,
      `    title: "Trust <img src=https://evil.example/o.png> ${image}"`,
      'items:',
      '  - id: RM-1',
      `    title: "Cache \`code\` **bold** [link](https://evil.example) ${image}"`,
      '    status: in-progress',
      '    objective: OBJ-A',
      `    owner: "<script>x</script> &lt;b&gt;"`,
      `    value: {metric: "p95 ${image}", category: performance, baseline: 80, target: 10}`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(root, 'roadmap.yaml'), roadmap);
    const client = new TestClient({ folders: [root] });
    await client.start();
    try {
      const hover = await client.request<Hover>('textDocument/hover', {
        textDocument: { uri: uriOf(path.join(root, 'src/tax.ts')) },
        position: { line: 0, character: 9 },
      });
      const text = (hover.contents as { value: string }).value;
      const lines = text.split('\n');
      assert.match(
        lines[0],
        /^\*\*RM-1\*\* · Cache \\`code\\` \\\*\\\*bold\\\*\\\* \\\[link\\\]\(https:\/\/evil\.example\) \\!\\\[x\\\]\(https:\/\/evil\.example\/i\.png\) · \[open\]\(command:/,
      );
      assert.ok(lines.includes('**in-progress** · owner: \\<script\\>x\\</script\\> \\&lt;b\\&gt;'), text);
      assert.ok(
        lines.includes(
          'Objective: **OBJ-A** Trust \\<img src=https://evil.example/o.png\\> \\!\\[x\\](https://evil.example/i.png)',
        ),
        text,
      );
      // No unescaped image or HTML anywhere: each "![" and "<" is preceded by a backslash.
      assert.ok(!/(^|[^\\])!\[/.test(text) && !/(^|[^\\])</.test(text), text);
    } finally {
      await client.stop();
    }
    addTally({ faultsInjected: 1 });
  });

  it('changes Markdown: a backtick, a link and a line break in a file name stay inside their code span', () => {
    const name = 'src/a`](https://evil.example)``\nb.ts';
    const report: ChangeReport = {
      root,
      base: { mode: 'working-tree', description: 'working tree and index against HEAD (abc1234)' },
      files: [],
      byItem: [],
      unattributed: [{ path: name, status: 'added' }],
      roadmapEdits: [],
      newDebt: {
        linked: [],
        unlinked: [{ path: name, line: 0, column: 3, tag: 'TODO', text: 'x](https://evil.example)', ids: [] }],
      },
      newlyLinkedDebt: [],
      badlyLinkedDebt: [],
    } as unknown as ChangeReport;
    report.files = [{ path: name, status: 'added', binary: false, hunks: [], attributions: [] }];
    const markdown = changesMarkdown(report);
    assert.ok(
      markdown.includes('- ```src/a`](https://evil.example)``\\nb.ts:1``` TODO: x\\](https://evil.example)\n'),
      markdown,
    );
    assert.ok(markdown.includes('- ```src/a`](https://evil.example)``\\nb.ts``` (whole file)\n'), markdown);
    // Building blocks: the fence outgrows any run inside; text is escaped on one line.
    assert.strictEqual(markdownCode('`a`'), '`` `a` ``');
    assert.strictEqual(escapeMarkdown('a\n\n![i](u)'), 'a  \\!\\[i\\](u)');
    assert.strictEqual(singleLine('a\nb\r\x1b[2J'), 'a\\nb\\r\\u001b[2J');
  });

  it('check --format text: a file name holding a line break is still one line per problem', () => {
    const name = 'src/evil\nfake.ts:1:1: error: forged problem [x].ts';
    fs.writeFileSync(path.join(root, name), '// TODO: real debt\n');
    const result = cli(['check', root, '--format', 'text'], root);
    const lines = result.stdout.split('\n').filter(Boolean);
    assert.deepStrictEqual(lines.slice(0, -1), [
      'roadmap.yaml:11:9: hint: Proposed item RM-2 has no "value" yet: give it a value metric (baseline and target) before it is planned. [missing-value]',
      'src/evil\\nfake.ts:1:1: error: forged problem [x].ts:1:4: information: Unlinked debt: "TODO: real debt" is not on the roadmap. Propose it to the roadmap or link an existing item. [unlinked-debt]',
    ]);
    addTally({ faultsInjected: 1 });
  });
});
