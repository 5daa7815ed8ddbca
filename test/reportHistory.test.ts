/** `roadmap-links report` with value over time: JSON, HTML and Markdown of a generated, dated git history. */
import { strict as assert } from 'assert';
import { run } from '../server/src/cli';
import {
  commitAt,
  git,
  historiesSeen,
  removeTemporaryFolders,
  temporaryFolder,
  twoRepositories,
  twoRepositoriesSeen,
  write,
} from './gitEnv';

const roadmap = (current: number) => `version: 2
northStar:
  statement: Fast & <safe> checkout
  mix: { feature: 70, investment: 20, debt: 10 }
objectives:
  - id: OBJ-1
    title: Fast checkout
items:
  - id: RM-1
    title: Checkout p99 under 300 ms
    kind: investment
    status: in-progress
    objective: OBJ-1
    value: { metric: checkout p99 latency, unit: ms, baseline: 850, target: 300, current: ${current} }
    paths: [services/**]
  - id: RM-2
    title: Reorder
    kind: feature
    status: planned
    objective: OBJ-1
    value: { metric: reorders, baseline: 0, target: 100 }
`;

async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({}, cwd, ...args);
}

async function cliWith(
  io: { progressEvery?: number },
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), ...io });
  return { code, stdout, stderr };
}

describe('report with history', () => {
  let root: string;

  before(() => {
    root = temporaryFolder('rl-report-history-');
    git(root, 'init', '-q', '-b', 'main');
    write(root, 'roadmap.yaml', roadmap(850));
    write(root, 'services/pay.ts', 'export const pay = 1;\n// TODO: <b>escape me</b> in HTML\n');
    commitAt(root, '2026-01-05T10:00:00Z', 'work of Alice', 'Alice');
    write(root, 'roadmap.yaml', roadmap(600));
    write(root, 'web/reorder.ts', '// FIXME(RM-2): one click\nexport const reorder = 2;\n');
    commitAt(root, '2026-02-05T10:00:00Z', 'work of Bob', 'Bob');
  });

  after(removeTemporaryFolders);

  it('carries items[].history, mix, debt.trend and debt.oldest in JSON', async () => {
    const { code, stdout, stderr } = await cli(
      root,
      'report',
      '--format',
      'json',
      '--trend-weeks',
      '2',
      '--mix-days',
      '3650',
    );
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    const rm1 = report.items.find((item: { id: string }) => item.id === 'RM-1');
    assert.deepEqual(
      rm1.history[0].points.map((point: { date: string; current: number }) => [point.date, point.current]),
      [
        ['2026-01-05T10:00:00.000Z', 850],
        ['2026-02-05T10:00:00.000Z', 600],
      ],
    );
    // The same history on the item inside its objective.
    assert.deepEqual(report.objectives[0].items[0].history, rm1.history);
    assert.deepEqual(report.mix.target, { feature: 70, investment: 20, debt: 10 });
    assert.equal(report.mix.mode, 'days');
    assert.equal(report.history.seen.ref, 'main');
    assert.deepEqual(
      report.debt.oldest.map((debt: { path: string; author: string; date: string; state: string }) => [
        debt.path,
        debt.author,
        debt.date,
        debt.state,
      ]),
      [
        ['services/pay.ts', 'Alice', '2026-01-05T10:00:00.000Z', 'unlinked'],
        ['web/reorder.ts', 'Bob', '2026-02-05T10:00:00.000Z', 'linked'],
      ],
    );
    // Two weeks back from today, three samples, all standing on the last commit.
    assert.deepEqual(
      report.debt.trend.map((point: { commit: string; linked: number; unlinked: number; stale: number }) => [
        point.commit,
        point.linked,
        point.unlinked,
        point.stale,
      ]),
      Array(3).fill([report.history.seen.tip, 1, 1, 0]),
    );
    assert.deepEqual(
      report.debt.byOwner.map((owner: { owner: string; count: number }) => [owner.owner, owner.count]),
      [
        ['Alice', 1],
        ['Bob', 1],
      ],
    );
  });

  it('writes one self-contained HTML file: inline SVG charts, no script, nothing fetched, text escaped', async () => {
    const { code, stdout: html } = await cli(root, 'report', '--format', 'html', '--mix-days', '3650');
    assert.equal(code, 0);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html, /<script|\bsrc=|\bhref=|url\(|@import/i);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    for (const heading of ['The mix', 'Debt trend', 'Oldest debt', 'Debt by owner'])
      assert.ok(html.includes(`<h2>${heading}</h2>`), heading);
    // One burn-up for the metric with a current value; RM-2 has none yet.
    assert.equal((html.match(/class="chart burnup"/g) ?? []).length, 1);
    assert.ok(html.includes('no current value yet'));
    assert.ok(html.includes('Fast &#38; &#60;safe&#62; checkout'));
    assert.ok(!html.includes('<b>escape me</b>'));
  });

  it('adds a Value over time section to Markdown', async () => {
    const { stdout } = await cli(root, 'report', '--mix-days', '3650');
    assert.match(stdout, /\n## Value over time\n/);
    assert.match(stdout, /- \*\*RM-1\*\* checkout p99 latency █▁ 850 → 600, last changed 2026-02-05/);
    assert.match(stdout, /\| Investment \| \d+ \| [\d.]+% \| 20% \|/);
  });

  it('says in one line that the mix window has no commit, with the last commit date, instead of a table of zeros', async () => {
    const markdown = (await cli(root, 'report', '--mix-days', '3')).stdout;
    assert.match(
      markdown,
      /\n### The mix: main, last 3 days \(no commits\)\n\nNo commits on main in the last 3 days: the last one is from 2026-02-05 \(\d+ days ago\); --mix-days \d+ or the roadmapLinks\.mixDays setting widens the window\.\n/,
    );
    assert.doesNotMatch(markdown, /\| Kind \| Changed lines/);
    const html = (await cli(root, 'report', '--format', 'html', '--mix-days', '3')).stdout;
    assert.match(
      html,
      /<h2>The mix<\/h2><p class="muted">No commits on main in the last 3 days: the last one is from 2026-02-05/,
    );
  });

  it('writes a plain progress line to stderr outside a terminal, and none to stdout', async () => {
    const { code, stdout, stderr } = await cliWith({ progressEvery: 1 }, root, 'report', '--trend-weeks', '2');
    assert.equal(code, 0);
    const lines = stderr.split('\n').filter(Boolean);
    assert.ok(lines.length > 0 && lines.every((line) => /^history: .* \d+ of \d+…$/.test(line)), stderr);
    assert.ok(lines.includes('history: debt trend, file version 1 of 3…'), stderr);
    assert.ok(lines.includes('history: dating debt (git blame), file 2 of 2…'), stderr);
    assert.doesNotMatch(stdout, /history: /);
    // Every third update only: fewer lines, still some.
    const sparse = (await cliWith({ progressEvery: 3 }, root, 'report', '--trend-weeks', '2')).stderr
      .split('\n')
      .filter(Boolean);
    assert.ok(sparse.length > 0 && sparse.length < lines.length, sparse.join('\n'));
    // Embedded (no stream, no pace): silent, so callers that check stderr see only problems.
    assert.equal((await cli(root, 'report', '--trend-weeks', '2')).stderr, '');
  });

  it('says why there is no history outside a git repository, and still reports', async () => {
    const plain = temporaryFolder('rl-report-history-');
    write(plain, 'roadmap.yaml', roadmap(600));
    const { code, stdout } = await cli(plain, 'report', '--format', 'json');
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.match(report.historyNote, /^No history: .* is not inside a git working tree\.$/);
    assert.equal(report.items, undefined);
  });

  it('rejects an unknown mix base and bad limits with exit code 2', async () => {
    const unknown = await cli(root, 'report', '--base', 'nope');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown base "nope"/);
    const bad = await cli(root, 'report', '--max-commits', '0');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-commits must be at least 1/);
  });
});

describe('report with history of several folders', () => {
  let parent: string;

  before(() => {
    // Two repositories side by side, as a multi-root workspace opens them, and a folder in none.
    parent = temporaryFolder('rl-report-multi-');
    twoRepositories(parent, roadmap);
  });

  after(removeTemporaryFolders);

  it('gives each folder its own history, labelled, in JSON', async () => {
    const { code, stdout, stderr } = await cli(parent, 'report', 'web', 'api', 'plain', '--format', 'json');
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.history, undefined);
    assert.deepEqual(historiesSeen(report.folderHistories), twoRepositoriesSeen(parent));
    const points = (id: string) =>
      report.items
        .find((item: { id: string }) => item.id === id)
        .history[0].points.map((point: { current: number }) => point.current);
    assert.deepEqual(points('RM-1'), [850, 700]);
    assert.deepEqual(points('API-1'), [40, 12]);
    assert.deepEqual(
      report.items.map((item: { id: string; folder: string }) => [item.id, item.folder]),
      [
        ['API-1', 'api'],
        ['RM-1', 'web'],
        ['RM-2', 'web'],
      ],
    );
    assert.deepEqual(
      report.folderHistories.map((entry: { debt?: { oldest: { path: string; author: string }[] } }) =>
        entry.debt?.oldest.map((debt) => `${debt.path} ${debt.author}`),
      ),
      [['services/pay.ts Alice'], ['src/retry.ts Bob'], undefined],
    );
  });

  it('gives a folder inside another of the same repository no history of its own: it is part of that one', async () => {
    const { code, stdout, stderr } = await cli(parent, 'report', 'web', 'web/services', 'api', '--format', 'json');
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(
      report.folderHistories.map((entry: { path: string; debt: { oldest: { path: string }[] } }) => [
        entry.path,
        entry.debt.oldest.map((debt) => debt.path),
      ]),
      [
        ['web', ['services/pay.ts']],
        ['api', ['src/retry.ts']],
      ],
    );
  });

  it('writes a Value over time section per folder in Markdown and HTML', async () => {
    const { stdout } = await cli(parent, 'report', 'web', 'api', 'plain');
    const sections = stdout.split('\n').filter((line) => line.startsWith('## Value over time'));
    assert.deepEqual(sections, ['## Value over time · web', '## Value over time · api', '## Value over time · plain']);
    const api = stdout.slice(stdout.indexOf('## Value over time · api'), stdout.indexOf('## Value over time · plain'));
    assert.match(api, /History of main at [0-9a-f]{7}: 2 commits/);
    assert.match(api, /- \*\*API-1\*\* timeouts per day █▁ 40 → 12, last changed 2026-04-01/);
    assert.doesNotMatch(api, /RM-1/);
    assert.match(stdout, /## Value over time · plain\n\nNo history: /);

    const { stdout: html } = await cli(parent, 'report', 'web', 'api', '--format', 'html');
    assert.match(html, /<p class="seen">web: History of main at /);
    assert.match(html, /<p class="seen">api: History of main at /);
    for (const heading of ['Debt trend · web', 'Debt trend · api', 'Oldest debt · api'])
      assert.ok(html.includes(`<h2>${heading}</h2>`), heading);
    // Both metrics have a burn-up: each from its own repository.
    assert.equal((html.match(/class="chart burnup"/g) ?? []).length, 2);
  });
});

describe('report: the Oldest debt lines', () => {
  let root: string;

  before(() => {
    root = temporaryFolder('rl-report-oldest-');
    git(root, 'init', '-q', '-b', 'main');
    write(root, 'roadmap.yaml', roadmap(850));
    write(
      root,
      'state.go',
      '// TODO: this should write the state by first\n// writing to a temp file and renaming it.\nvar x = 1\n',
    );
    write(root, 'loader.cs', 'class A {\n    // TODO\n}\n');
    commitAt(root, '2026-01-05T10:00:00Z', 'work of Alice', 'Alice');
  });

  after(removeTemporaryFolders);

  it('marks a comment cut at its first line with an ellipsis, and names a tag without text', async () => {
    const { code, stdout } = await cli(root, 'report');
    assert.equal(code, 0);
    const oldest = stdout.slice(stdout.indexOf('### Oldest debt')).split('\n').slice(2, 4);
    assert.deepEqual(oldest, [
      '- `loader.cs:2` TODO (no text) — added 2026-01-05 by Alice',
      '- `state.go:1` TODO: this should write the state by first … — added 2026-01-05 by Alice',
    ]);
  });

  it('lists unlinked debt the same way, and says in JSON which comments go on', async () => {
    const { code, stdout } = await cli(root, 'report', '--no-history');
    assert.equal(code, 0);
    const unlinked = stdout.slice(stdout.indexOf('## Unlinked debt')).split('\n').slice(2, 4);
    assert.deepEqual(unlinked, [
      '- `loader.cs:2` TODO (no text)',
      '- `state.go:1` TODO: this should write the state by first …',
    ]);
    const json = JSON.parse((await cli(root, 'report', '--no-history', '--format', 'json')).stdout);
    assert.deepEqual(
      json.unlinkedDebt.map((site: { path: string; continues?: boolean }) => [site.path, site.continues]),
      [
        ['loader.cs', undefined],
        ['state.go', true],
      ],
    );
  });

  it('shows the same cut in the HTML table', async () => {
    const { code, stdout: html } = await cli(root, 'report', '--format', 'html');
    assert.equal(code, 0);
    assert.ok(html.includes('<td>TODO: this should write the state by first … <span class="badge unlinked">'), html);
  });
});
