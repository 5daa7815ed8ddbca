/**
 * `npm run bench` (history part): value over time on a generated repository of 5,000 files and
 * 1,000 dated commits (a year), first run (empty cache) and cached run, each as a ratio to
 * `git log` over the same range. Reported, not asserted. Options: --files N, --commits N, --keep
 * (reuse the repository in .bench-tmp/).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { HistoryCache, computeHistory } from '../server/src/core/history';
import { loadWorkspace } from '../server/src/core/workspace';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '5000' },
    commits: { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
  },
});
const FILES = Number(values.files);
const COMMITS = Number(values.commits);
const ROOT = path.resolve(__dirname, '..', '.bench-tmp');
const DAY = 86_400;
const END = Date.parse('2026-06-30T12:00:00Z') / 1000;

function roadmap(step: number): string {
  const items = Array.from({ length: 50 }, (_, i) => {
    const current = 100 - Math.min(50, Math.floor(step / (10 + i)));
    return `  - id: RM-${i + 1}\n    title: Item ${i + 1}\n    kind: ${['feature', 'investment', 'debt'][i % 3]}\n    status: ${i % 7 === 0 ? 'done' : 'in-progress'}\n    objective: OBJ-A\n    value: { metric: m${i}, unit: ms, baseline: 100, target: 50, current: ${current} }\n    paths: [pkg${i % 5}/**]\n`;
  }).join('');
  return `version: 2\nnorthStar:\n  statement: Fast\n  mix: { feature: 50, investment: 35, debt: 15 }\nobjectives:\n  - id: OBJ-A\n    title: Fast\nitems:\n${items}`;
}

function source(file: number, revision: number): string {
  const lines = [`// module ${file} revision ${revision}`];
  for (let line = 0; line < 30; line++) lines.push(`export const value${line} = ${line} * ${revision};`);
  if (file % 20 === 0) lines.splice(10, 0, `// TODO(RM-${(file % 50) + 1}): tune this`);
  if ((file + revision) % 40 === 0) lines.splice(20, 0, `// FIXME: unlinked debt ${file}`);
  return lines.join('\n') + '\n';
}

/** One `git fast-import` stream: the initial tree, then COMMITS-1 commits of 5 files each (and the roadmap every 10th). */
function generateRepository(): string {
  const dir = path.join(ROOT, `history-${FILES}-${COMMITS}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const filePath = (file: number) => `pkg${file % 5}/mod${Math.floor(file / 100)}/file${file}.ts`;
  for (let commit = 0; commit < COMMITS; commit++) {
    const time = Math.round(END - ((COMMITS - 1 - commit) / COMMITS) * 365 * DAY);
    const author = ['Alice', 'Bob', 'Chen', 'Dana'][commit % 4];
    chunks.push(
      `commit refs/heads/main\ncommitter ${author} <${author.toLowerCase()}@example.com> ${time} +0000\n${data(`commit ${commit}`)}`,
    );
    if (commit === 0) {
      chunks.push(`M 100644 inline roadmap.yaml\n${data(roadmap(0))}`);
      for (let file = 0; file < FILES; file++)
        chunks.push(`M 100644 inline ${filePath(file)}\n${data(source(file, 0))}`);
    } else {
      if (commit % 10 === 0) chunks.push(`M 100644 inline roadmap.yaml\n${data(roadmap(commit))}`);
      for (let k = 0; k < 5; k++) {
        const file = (commit * 7919 + k * 104729) % FILES;
        chunks.push(`M 100644 inline ${filePath(file)}\n${data(source(file, commit))}`);
      }
    }
  }
  const result = spawnSync('git', ['fast-import', '--quiet'], {
    cwd: dir,
    env,
    input: chunks.join(''),
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0) throw new Error(`fast-import failed: ${result.stderr}`);
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir, env });
  fs.writeFileSync(path.join(dir, '.complete'), '');
  return dir;
}

async function seconds(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function main(): Promise<void> {
  const dir = generateRepository();
  const index = await loadWorkspace([dir]);
  const settings = index.settings;
  const gitLog = await seconds(() =>
    execFileSync('git', ['log', '--first-parent', '--format=%H %ct', `--max-count=${COMMITS}`, 'main'], {
      cwd: dir,
      maxBuffer: 1 << 28,
    }),
  );
  const cache = new HistoryCache();
  const options = {
    folder: dir,
    roadmap: index.roadmap,
    files: index.files(),
    settings,
    cache,
    now: END + DAY,
    maxCommits: COMMITS,
  };
  let first!: Awaited<ReturnType<typeof computeHistory>>;
  const firstRun = await seconds(async () => (first = await computeHistory(options)));
  let cached!: Awaited<ReturnType<typeof computeHistory>>;
  const cachedRun = await seconds(async () => (cached = await computeHistory({ ...options, files: index.files() })));
  // The same first run with blames that never read a commit-graph (each run with an empty cache).
  let plain!: Awaited<ReturnType<typeof computeHistory>>;
  const plainRun = await seconds(
    async () =>
      (plain = await computeHistory({
        ...options,
        files: index.files(),
        cache: new HistoryCache(),
        commitGraph: 'never',
      })),
  );
  let withGraph!: Awaited<ReturnType<typeof computeHistory>>;
  const graphRun = await seconds(
    async () => (withGraph = await computeHistory({ ...options, files: index.files(), cache: new HistoryCache() })),
  );
  const trend = first.debt.trend;
  console.log(
    `history of ${first.seen.commits} commits on ${FILES} files (${trend.points.length} weekly samples, ${first.items.length} items)`,
  );
  console.log(`| Measure | Ratio |`);
  console.log(`|---|---|`);
  console.log(
    `| first run vs git log | ${(firstRun / gitLog).toFixed(0)}× (${trend.scannedBlobs} blobs scanned, ${first.debt.ages.blamedFiles} files blamed) |`,
  );
  console.log(
    `| cached run vs git log | ${(cachedRun / gitLog).toFixed(0)}× (${cached.debt.trend.scannedBlobs} blobs scanned, ${cached.debt.trend.cachedBlobs} from the cache, ${cached.debt.ages.blamedFiles} files blamed) |`,
  );
  console.log(`| cached run vs first run | ${(cachedRun / firstRun).toFixed(2)}× |`);
  console.log(
    `| first run, blames with a commit-graph written for it vs without | ${(graphRun / plainRun).toFixed(2)}× (${withGraph.debt.ages.graphBlames} of ${withGraph.debt.ages.blamedFiles} blames read it; ${plain.debt.ages.blamedFiles} without) |`,
  );
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
