/** Value over time through the real server: the dashboard request, and hovers that read the background result. */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { ageText } from '../../server/src/core/history/present';
import type { DashboardResult } from '../../server/src/protocol';
import {
  commitAt,
  gitWithEnv,
  historiesSeen,
  removeTemporaryFolders,
  temporaryFolder,
  twoRepositories,
  twoRepositoriesSeen,
} from '../gitEnv';
import { ensureBuilt, TestClient, uriOf } from './lspClient';

const DAY = 86_400;

const git = gitWithEnv;

/** Commits the work of `author` at a time in seconds since the epoch. */
const commitAtSecond = (root: string, time: number, author: string) =>
  commitAt(root, new Date(time * 1000).toISOString(), 'work', author);

const roadmap = (current: number) => `version: 2
objectives:
  - id: OBJ-1
    title: Fast
items:
  - id: RM-1
    title: Checkout p99 under 300 ms
    kind: investment
    status: in-progress
    objective: OBJ-1
    value: { metric: checkout p99 latency, unit: ms, baseline: 850, target: 300, current: ${current} }
`;

describe('history over LSP', function () {
  this.timeout(60000);
  let root: string;
  let client: TestClient;
  const added = Math.floor(Date.now() / 1000) - 420 * DAY;

  before(async () => {
    ensureBuilt();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-history-lsp-')));
    git(root, ['init', '-q', '-b', 'main']);
    fs.writeFileSync(path.join(root, 'roadmap.yaml'), roadmap(850));
    fs.writeFileSync(path.join(root, 'CODEOWNERS'), '*.ts @core-team\n');
    fs.writeFileSync(
      path.join(root, 'tax.ts'),
      'export const tax = 1;\n// TODO(RM-1): cache the tax table\n// FIXME: rounding\n',
    );
    commitAtSecond(root, added, 'Alice');
    fs.writeFileSync(path.join(root, 'roadmap.yaml'), roadmap(640));
    commitAtSecond(root, added + 60 * DAY, 'Bob');
    client = new TestClient({ folders: [root] });
    await client.start();
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers the dashboard request with the report and its history', async () => {
    const result = await client.request<DashboardResult>('roadmapLinks/dashboard', {});
    const rm1 = result.report.items!.find((item) => item.id === 'RM-1')!;
    assert.deepEqual(
      rm1.history[0].points.map((point) => point.current),
      [850, 640],
    );
    assert.equal(result.report.history!.seen.ref, 'main');
    assert.deepEqual(
      result.report.debt!.oldest.map((debt) => [debt.path, debt.line, debt.author, debt.owner]),
      [
        ['tax.ts', 2, 'Alice', '@core-team'],
        ['tax.ts', 3, 'Alice', '@core-team'],
      ],
    );
  });

  it('shows when and by whom debt was added, and the metric sparkline, in the hover', async () => {
    const file = path.join(root, 'tax.ts');
    const linked = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(file) },
      position: { line: 1, character: 9 },
    });
    const text = (linked.contents as MarkupContent).value;
    const when = `Added ${ageText(added, Math.floor(Date.now() / 1000))} (${new Date(added * 1000).toISOString().slice(0, 10)}) by Alice · owner @core-team`;
    assert.ok(text.includes(when), text);
    assert.match(
      text,
      /History of checkout p99 latency: `█▁` 850 ms → 640 ms, last changed \d+ months ago \(\d{4}-\d\d-\d\d\) · \*\*not moved for \d+ days\*\*/,
    );
    const unlinked = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(file) },
      position: { line: 2, character: 5 },
    });
    assert.ok((unlinked.contents as MarkupContent).value.includes('by Alice · owner @core-team'));
  });

  it('runs no git and dates nothing in an untrusted workspace', async () => {
    const untrusted = new TestClient({ folders: [root], trusted: false });
    try {
      await untrusted.start();
      const result = await untrusted.request<DashboardResult>('roadmapLinks/dashboard', {});
      assert.equal(result.report.history, undefined);
      assert.match(result.report.historyNote!, /untrusted/);
      const hover = await untrusted.request<Hover>('textDocument/hover', {
        textDocument: { uri: uriOf(path.join(root, 'tax.ts')) },
        position: { line: 1, character: 9 },
      });
      assert.doesNotMatch((hover.contents as MarkupContent).value, /Added|History of/);
    } finally {
      await untrusted.stop();
    }
  });

  it("starts git only once the scan's diagnostics are out (each git it starts holds the server while Node forks)", async () => {
    const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-history-after-')));
    git(repo, ['init', '-q', '-b', 'main']);
    fs.writeFileSync(path.join(repo, 'roadmap.yaml'), roadmap(850));
    for (let i = 0; i < 600; i++)
      fs.writeFileSync(path.join(repo, `f${i}.ts`), `// FIXME: unlinked ${i}\n// TODO(RM-1): linked ${i}\n`);
    commitAtSecond(repo, added, 'Alice');
    const late = new TestClient({ folders: [repo] });
    const startsHistory = (event: (typeof late.timeline)[number]) =>
      event.kind === 'log' && event.message.includes('history: reading git');
    try {
      await late.start();
      // Until it starts, a hover says it is coming, as while it runs.
      const hover = await late.request<Hover>('textDocument/hover', {
        textDocument: { uri: uriOf(path.join(repo, 'f0.ts')) },
        position: { line: 0, character: 4 },
      });
      const text = (hover.contents as MarkupContent).value;
      assert.ok(/still being computed|Added .*Alice/.test(text), text);
      await late.until(() => late.timeline.some(startsHistory), 'the history to start');
      const before = late.timeline.slice(0, late.timeline.findIndex(startsHistory));
      const published = new Set(
        before.flatMap((event) => (event.kind === 'diagnostics' && event.uri.endsWith('.ts') ? [event.uri] : [])),
      );
      assert.equal(published.size, 600, `${published.size} of the 600 files' diagnostics before the history started`);
    } finally {
      await late.stop();
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('history over LSP in a multi-root workspace', function () {
  this.timeout(60000);
  let parent: string;
  let client: TestClient;

  before(async () => {
    ensureBuilt();
    // Two repositories side by side, a package of the first opened as a folder of its own, and a folder in none.
    parent = temporaryFolder('rl-history-multi-');
    const { web, api } = twoRepositories(parent, roadmap, { 'pkg/util.ts': '// FIXME: one more helper\n' });
    client = new TestClient({ folders: [web, api, `${web}/pkg`, `${parent}/plain`] });
    await client.start();
  });

  after(async () => {
    await client?.stop();
    removeTemporaryFolders();
  });

  it("gives each folder's history from its own repository, labelled, and the package's once, in its repository's", async () => {
    const result = await client.request<DashboardResult>('roadmapLinks/dashboard', {});
    const report = result.report;
    assert.equal(report.history, undefined);
    assert.deepEqual(historiesSeen(report.folderHistories!), twoRepositoriesSeen(parent));
    assert.deepEqual(
      report.folderHistories!.map((entry) => entry.debt?.oldest.map((debt) => `${debt.path} ${debt.author}`)),
      [['pkg/util.ts Alice', 'services/pay.ts Alice'], ['src/retry.ts Bob'], undefined],
    );
    const points = (id: string) =>
      report.items!.find((item) => item.id === id)!.history[0].points.map((point) => point.current);
    assert.deepEqual(points('RM-1'), [850, 700]);
    assert.deepEqual(points('API-1'), [40, 12]);
    // The page the client shows: each part says whose it is, as the CLI's HTML report does.
    assert.match(result.html, /<p class="seen">web: History of main at /);
    assert.match(result.html, /<p class="seen">api: History of main at /);
    for (const heading of ['Debt trend · web', 'Debt trend · api', 'Oldest debt · api'])
      assert.ok(result.html.includes(`<h2>${heading}</h2>`), heading);
    assert.equal((result.html.match(/class="chart burnup"/g) ?? []).length, 2);
  });

  it("dates the second repository's debt and shows its metric's history in hovers (any client: standard hover)", async () => {
    const retry = `${parent}/api/src/retry.ts`;
    const debt = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(retry) },
      position: { line: 0, character: 4 },
    });
    assert.match((debt.contents as MarkupContent).value, /Added .* \(2026-03-01\) by Bob/);
    const item = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(retry) },
      position: { line: 0, character: 10 },
    });
    assert.match((item.contents as MarkupContent).value, /History of timeouts per day: `█▁` 40 → 12/);
    const nested = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(`${parent}/web/pkg/util.ts`) },
      position: { line: 0, character: 4 },
    });
    assert.match((nested.contents as MarkupContent).value, /Added .* \(2026-01-05\) by Alice/);
  });
});
