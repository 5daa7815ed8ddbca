/**
 * `npm run bench`: Roadmap Links at monorepo scale, every measure a ratio taken within one run, since
 * absolute times on a shared machine mean little:
 *  - index: `roadmap-links check` and the server's initial scan against ripgrep (when installed) and
 *    against a plain Node read of the same files, on a generated workspace of many languages and on any
 *    folder given (`--folder DIR`, repeatable); rounds interleaved, medians compared;
 *  - the server at 100,000 annotations: a roadmap keystroke's cost (and the same at a tenth of the
 *    annotations: it must not grow with them), the first hover after the scan and idle hovers against the
 *    cheapest request, RSS after 40 rounds of edits against RSS after indexing;
 *  - hovers during the initial scan against idle hovers; the no-annotation fast path; indexing N files
 *    against N/10.
 * Options: --folder DIR (repeatable: only those folders are measured for the index), --files N (20000),
 * --annotations N (100000), --rounds N (3), --only index|server|scan, --keep (reuse $TMPDIR/roadmap-links-bench/).
 * With no option, bench/history.ts runs after it.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { scanText } from '../server/src/core/scanner';
import { loadFolderSettings } from '../server/src/cli/settings';
import { compileSettings, DEFAULT_COMPILED_SETTINGS } from '../server/src/core/settings';
import { loadWorkspace, scanRoots, WorkspaceIndex } from '../server/src/core/workspace';
import { toDiagnostic } from '../server/src/lsp/convert';
import { diagnosticsFingerprint } from '../server/src/lsp/fingerprint';
import { hover } from '../server/src/lsp/hover';
import { ensureBuilt, TestClient, uriOf } from '../test/server/lspClient';

const { values } = parseArgs({
  options: {
    folder: { type: 'string', multiple: true, default: [] },
    files: { type: 'string', default: '20000' },
    annotations: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const FILES = Number(values.files);
const ANNOTATIONS = Number(values.annotations);
const ROUNDS = Math.max(1, Number(values.rounds));
const ROOT = path.resolve(__dirname, '..');
// Outside any git repository: inside this one, the server's background history (git log and blame of the
// project around the generated folder) would run during the measures.
const TMP = path.join(os.tmpdir(), 'roadmap-links-bench');
const CLI_JS = path.join(ROOT, 'dist', 'cli.js');
const TAG_PATTERN = DEFAULT_COMPILED_SETTINGS.tags.join('|');

// ---------------------------------------------------------------------------------------------
// Measuring

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

async function time(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = now();
  await run();
  return now() - start;
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function percentile(list: number[], p: number): number {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

/** Runs a program to its end, output discarded; the wall time it took. */
function runProcess(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(now() - start));
  });
}

const hasRipgrep = spawnSync('rg', ['--version'], { stdio: 'ignore' }).status === 0;

/** Every row of the report, printed as a Markdown table at the end (and as the bench goes). */
const rows: [string, string, string][] = [];
function report(measure: string, value: string, detail = ''): void {
  rows.push([measure, value, detail]);
  console.log(`  ${measure}: ${value}${detail ? `  (${detail})` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Generated workspaces

/** Languages of the generated workspace: extension, line comment, and a line of code. */
const LANGUAGES: [string, string, string][] = [
  ['ts', '//', 'export const value = compute(1, "text");'],
  ['tsx', '//', 'export const View = () => <div className="x">{items.map((i) => i.name)}</div>;'],
  ['js', '//', 'module.exports.value = compute(1, `text ${name}`);'],
  ['py', '#', 'value = compute(1, "text")  # trailing'],
  ['go', '//', 'value := compute(1, "text")'],
  ['rs', '//', 'let value = compute(1, r"text");'],
  ['java', '//', 'int value = compute(1, "text");'],
  ['kt', '//', 'val value = compute(1, "text")'],
  ['rb', '#', 'value = compute(1, "text #{name}")'],
  ['php', '//', '$value = compute(1, "text");'],
  ['c', '//', 'int value = compute(1, "text");'],
  ['cpp', '//', 'auto value = compute(1, "text");'],
  ['cs', '//', 'var value = Compute(1, @"text");'],
  ['swift', '//', 'let value = compute(1, "text")'],
  ['scala', '//', 'val value = compute(1, "text")'],
  ['sh', '#', 'value="$(compute 1 text)"'],
  ['sql', '--', "SELECT compute(1, 'text') AS value;"],
  ['lua', '--', 'local value = compute(1, "text")'],
  ['yaml', '#', 'value: compute'],
  ['css', '/*', '.value { color: red; }'],
];

function writeFile(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function roadmapText(first: number, count: number, prefix = 'RM'): string {
  const items = Array.from(
    { length: count },
    (_, i) =>
      `  - id: ${prefix}-${first + i}\n    title: Item ${first + i}\n    kind: investment\n    status: planned\n    objective: OBJ-A\n` +
      `    value: { metric: m${first + i}, category: performance, unit: ms, baseline: 100, target: 50 }\n`,
  ).join('');
  return `version: 2\nobjectives:\n  - id: OBJ-A\n    title: Fast\nitems:\n${items}`;
}

/**
 * A deterministic multi-language workspace of `count` source files in nested packages (1 in 15 with debt),
 * plus what a real repository holds and the index must skip: ignored and excluded folders, binary files,
 * a minified bundle over the size cap.
 */
function generateWorkspace(count: number): string {
  const dir = path.join(TMP, `ws-${count}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  writeFile(path.join(dir, 'roadmap.yaml'), roadmapText(1, 200));
  writeFile(path.join(dir, '.gitignore'), 'generated/\n*.log\ncoverage/\n');
  for (let i = 0; i < count; i++) {
    const [extension, comment, code] = LANGUAGES[i % LANGUAGES.length];
    const close = comment === '/*' ? ' */' : '';
    const folder = path.join(
      dir,
      `packages/pkg${i % 40}/src/mod${Math.floor(i / 40) % 25}/part${Math.floor(i / 1000)}`,
    );
    const lines = [`${comment} module ${i}${close}`];
    const length = 20 + ((i * 37) % 300);
    for (let line = 0; line < length; line++) lines.push(code);
    if (i % 15 === 0) lines.splice(10, 0, `${comment} TODO(RM-${(i % 200) + 1}): tune this${close}`);
    if (i % 45 === 0) lines.splice(20, 0, `${comment} FIXME: unlinked debt ${i}${close}`);
    writeFile(path.join(folder, `file${i}.${extension}`), lines.join('\n') + '\n');
  }
  for (let i = 0; i < 200; i++)
    writeFile(path.join(dir, `assets/img${i}.png`), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  writeFile(path.join(dir, 'packages/pkg0/bundle.min.js'), `// TODO: too large\n${'x'.repeat(1_200_000)}\n`);
  for (const junk of ['generated', 'node_modules/lib', 'coverage']) {
    for (let i = 0; i < 1000; i++) writeFile(path.join(dir, junk, `f${i}.ts`), '// TODO: ignored\n');
  }
  writeFile(path.join(dir, '.complete'), '');
  return dir;
}

/** A workspace with `annotations` annotations (10 per file): linked debt, unlinked debt, tickets, markers. */
function generateAnnotated(annotations: number): { dir: string; roadmap: string; source: string } {
  const dir = path.join(TMP, `annotated-${annotations}`);
  const roadmap = path.join(dir, 'roadmap.yaml');
  const source = path.join(dir, 'src/m0/f0.ts');
  if (fs.existsSync(path.join(dir, '.complete'))) return { dir, roadmap, source };
  fs.rmSync(dir, { recursive: true, force: true });
  writeFile(roadmap, roadmapText(1, 100).replace('items:', 'trackers:\n  - prefix: JIRA\n    name: Jira\nitems:'));
  writeFile(path.join(dir, 'teams/a.roadmap.yaml'), roadmapText(101, 100));
  writeFile(path.join(dir, 'teams/b.roadmap.yaml'), roadmapText(201, 100));
  const files = Math.ceil(annotations / 10);
  for (let i = 0; i < files; i++) {
    const lines: string[] = [];
    for (let k = 0; k < 10; k++) {
      const id = ((i * 10 + k) % 300) + 1;
      const kind = k % 5;
      lines.push(
        kind === 0
          ? `// TODO(RM-${id}): tune ${k}`
          : kind === 1
            ? `// FIXME: unlinked ${k}`
            : kind === 2
              ? `// TODO(JIRA-${id}): a ticket`
              : kind === 3
                ? `// HACK(RM-${id + 1000}): unknown item`
                : `// @roadmap RM-${id}`,
        `export const v${k} = compute(${k});`,
      );
    }
    writeFile(path.join(dir, `src/m${i % 100}/f${i}.ts`), lines.join('\n') + '\n');
  }
  writeFile(path.join(dir, '.complete'), '');
  return { dir, roadmap, source };
}

/** A one-file roadmap folder, added to `check` runs of folders that have none (so that code is judged). */
function roadmapFolder(): string {
  const dir = path.join(TMP, 'roadmap-only');
  writeFile(path.join(dir, 'roadmap.yaml'), roadmapText(1, 20));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// A server, driven over stdio

/**
 * What VS Code says it can do, as far as the scan is concerned: it watches files for the server (without
 * that, the server starts a watcher of its own after the scan, which is not what is measured here).
 */
const CLIENT_CAPABILITIES = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
  window: { workDoneProgress: true },
};

async function startServer(folders: string[]): Promise<{ client: TestClient; scanMs: number; pid: number }> {
  const client = new TestClient({ folders });
  // The test client keeps its process private; its pid is what RSS is read from.
  const pid = (client as unknown as { process: { pid: number } }).process.pid;
  const start = now();
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: folders.map((folder) => ({ uri: uriOf(folder), name: path.basename(folder) })),
    capabilities: CLIENT_CAPABILITIES,
  });
  await client.connection.sendNotification('initialized', {});
  // The initial scan is over when its work-done progress ends.
  while (!client.progress.some((value) => value.kind === 'end')) await new Promise((resolve) => setTimeout(resolve, 2));
  return { client, scanMs: now() - start, pid };
}

/** The server process's CPU time so far (user + system, all threads), from /proc: 10 ms ticks. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Waits until no diagnostics have arrived for 200 ms: the server has published what its last change caused. */
async function settled(client: TestClient): Promise<void> {
  let count = -1;
  while (count !== client.publications.length) {
    count = client.publications.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

// ---------------------------------------------------------------------------------------------
// Index: check and the server's scan against rg and a plain Node read

const PLAIN_READ = `const fs = require('fs');
let bytes = 0;
for (const file of fs.readFileSync(process.argv[1], 'utf8').split('\\n')) if (file) { try { bytes += fs.readFileSync(file).length; } catch {} }`;

/**
 * What the machine gives a scan at best, in process (no start-up): the plain read of the list on `threads`
 * worker threads, each a share of the files, after every worker has started (`threads` 1 is one worker);
 * `list` first lists every folder holding a listed file (`readdirSync`, as any walk must). Prints ms.
 */
const READ_FLOOR = `const fs = require('fs'), path = require('path'), { Worker } = require('worker_threads');
const [listFile, threadsArg, listArg] = process.argv.slice(1);
const files = fs.readFileSync(listFile, 'utf8').split('\\n').filter(Boolean);
const threads = Number(threadsArg);
const worker = \`const { parentPort } = require('worker_threads'); const fs = require('fs');
parentPort.postMessage('ready');
parentPort.on('message', (files) => { let bytes = 0; for (const file of files) { try { bytes += fs.readFileSync(file).length; } catch {} } parentPort.postMessage(bytes); });\`;
const workers = Array.from({ length: threads }, () => new Worker(worker, { eval: true }));
let ready = 0, done = 0, start = 0;
for (const w of workers) w.on('message', (message) => {
  if (message === 'ready') {
    if (++ready < threads) return;
    start = performance.now();
    if (listArg === 'list') for (const folder of new Set(files.map((file) => path.dirname(file)))) fs.readdirSync(folder, { withFileTypes: true });
    workers.forEach((each, k) => each.postMessage(files.filter((_, i) => i % threads === k)));
  } else if (++done === threads) { console.log(performance.now() - start); process.exit(0); }
});`;

function readFloorMs(list: string, threads: number, listFolders: boolean): number {
  const run = spawnSync(process.execPath, ['-e', READ_FLOOR, list, String(threads), listFolders ? 'list' : ''], {
    encoding: 'utf8',
  });
  return Number(run.stdout.trim());
}

async function benchIndex(label: string, folder: string): Promise<void> {
  const extra = fs.existsSync(path.join(folder, 'roadmap.yaml')) ? [] : [roadmapFolder()];
  // The folder's own settings, as `check` reads them, so that the plain read reads the same files.
  const index = new WorkspaceIndex([folder], compileSettings((await loadFolderSettings(folder)).settings));
  const files = await scanRoots(index, [folder]);
  const list = path.join(TMP, 'files.txt');
  fs.writeFileSync(list, files.join('\n'));
  console.log(`index: ${label} (${files.length} files read${hasRipgrep ? '' : '; rg not installed'})`);
  const times: Record<string, number[]> = { rg: [], plain: [], check: [], server: [], one: [], all: [], listed: [] };
  const cores = os.availableParallelism();
  for (let round = 0; round < ROUNDS; round++) {
    times.one.push(readFloorMs(list, 1, false));
    times.all.push(readFloorMs(list, cores, false));
    times.listed.push(readFloorMs(list, 1, true));
    if (hasRipgrep)
      times.rg.push(await runProcess('rg', ['-j', String(os.availableParallelism()), '-c', TAG_PATTERN, folder]));
    times.plain.push(await runProcess(process.execPath, ['-e', PLAIN_READ, list]));
    times.check.push(await runProcess(process.execPath, [CLI_JS, 'check', ...extra, folder]));
    const server = await startServer([...extra, folder]);
    times.server.push(server.scanMs);
    await server.client.stop();
  }
  const [rg, plain, check, server] = [times.rg, times.plain, times.check, times.server].map((list) =>
    list.length ? median(list) : NaN,
  );
  const detail = (name: string) => `${name}: median of ${ROUNDS}`;
  if (hasRipgrep) {
    report(`${label}: check ÷ rg`, ratio(check, rg), detail('check'));
    report(`${label}: server initial scan ÷ rg`, ratio(server, rg), detail('scan'));
  }
  report(`${label}: check ÷ plain Node read`, ratio(check, plain), `${files.length} files`);
  report(`${label}: server initial scan ÷ plain Node read`, ratio(server, plain), `${files.length} files`);
  report(`${label}: server initial scan ÷ check`, ratio(server, check), '');
  // The floor under the ratios to a plain read: how reading spreads over the cores, and what listing the
  // folders adds to it, on this machine.
  const [one, all, listed] = [times.one, times.all, times.listed].map(median);
  report(`${label}: plain read on ${cores} threads ÷ on 1`, ratio(all, one), 'in process, workers started');
  report(`${label}: listing the files' folders and reading them ÷ reading them`, ratio(listed, one), 'in process');
}

// ---------------------------------------------------------------------------------------------
// The server at many annotations: keystrokes, hovers, memory

/** Round trip of a hover on the roadmap, after `edit` (if any) was sent: the flush makes the server take the edit first. */
async function roadmapHover(client: TestClient, roadmap: string, line: number): Promise<number> {
  return time(() =>
    client.request('textDocument/hover', { textDocument: { uri: uriOf(roadmap) }, position: { line, character: 8 } }),
  );
}

interface ServerFigures {
  keystroke: number[];
  /** Server CPU per roadmap keystroke, publishing of the diagnostics it changed included (a mean). */
  keystrokeCpu: number;
  idleHover: number[];
  emptyHover: number[];
  firstHover: number;
  rssIndexed: number;
  rssAfterEdits: number;
  /** RSS after each round goes up and down with V8's collections: the lowest and highest of the rounds. */
  rssLowest: number;
  rssHighest: number;
  publications: number;
}

async function measureServer(annotations: number, rounds: number): Promise<ServerFigures> {
  const { dir, roadmap, source } = generateAnnotated(annotations);
  const { client, pid } = await startServer([dir]);
  const sourceText = fs.readFileSync(source, 'utf8');
  const hoverCode = () =>
    time(() =>
      client.request('textDocument/hover', {
        textDocument: { uri: uriOf(source) },
        position: { line: 0, character: 5 },
      }),
    );
  const emptyHover = () =>
    time(() =>
      client.request('textDocument/hover', {
        textDocument: { uri: uriOf(source) },
        position: { line: 1, character: 2 },
      }),
    );
  const firstHover = await hoverCode();
  // Indexed means published too: the scan's diagnostics are sent in chunks after it ends.
  await settled(client);
  const rssIndexed = rssMiB(pid);
  const roadmapText = fs.readFileSync(roadmap, 'utf8');
  await client.open(roadmap, roadmapText, 'yaml');
  await client.open(source, sourceText, 'typescript');
  const idleHover: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < 200; i++) {
    idleHover.push(await hoverCode());
    empty.push(await emptyHover());
  }
  // RM-1: linked from code (TODO(RM-1) in every 30th file); its title and status are what a keystroke edits.
  const hoverLine = roadmapText.split('\n').findIndex((line) => line.includes('id: RM-1'));
  const baseline: number[] = [];
  for (let i = 0; i < 30; i++) baseline.push(await roadmapHover(client, roadmap, hoverLine));
  const keystroke: number[] = [];
  let keystrokeCpu = 0;
  const rssRounds: number[] = [];
  const before = client.publications.length;
  // Each round: ten keystrokes in the roadmap (a title typed and deleted, a status flipped), then ten in code.
  for (let round = 0; round < rounds; round++) {
    const cpuBefore = cpuMs(pid);
    let text = roadmapText;
    for (let k = 0; k < 10; k++) {
      text =
        k < 8
          ? text.replace(/title: Item 1\b.*/, `title: Item 1 ${'x'.repeat(k % 4)}`)
          : text.replace(
              /(id: RM-1\n[^]*?status: )(planned|done)/,
              (_, head, status) => `${head}${status === 'planned' ? 'done' : 'planned'}`,
            );
      await client.change(roadmap, text);
      keystroke.push((await roadmapHover(client, roadmap, hoverLine)) - median(baseline));
    }
    await settled(client);
    keystrokeCpu += cpuMs(pid) - cpuBefore;
    await client.change(roadmap, roadmapText);
    for (let k = 0; k < 10; k++) await client.change(source, sourceText.replace('tune 0', `tune ${round}-${k}`));
    await hoverCode();
    await settled(client);
    rssRounds.push(rssMiB(pid));
  }
  const rssAfterEdits = rssRounds[rssRounds.length - 1];
  const publications = (client.publications.length - before) / (rounds * 11);
  await client.stop();
  return {
    keystroke,
    keystrokeCpu: keystrokeCpu / (rounds * 10),
    idleHover,
    emptyHover: empty,
    firstHover,
    rssIndexed,
    rssAfterEdits,
    rssLowest: Math.min(...rssRounds),
    rssHighest: Math.max(...rssRounds),
    publications,
  };
}

const FIRST_HOVER_STARTS = 5;

/** A server started on the workspace of `annotations` annotations: its first hover once the scan has ended. */
async function firstHoverAfterScan(annotations: number): Promise<number> {
  const { dir, source } = generateAnnotated(annotations);
  const { client } = await startServer([dir]);
  const first = await time(() =>
    client.request('textDocument/hover', { textDocument: { uri: uriOf(source) }, position: { line: 0, character: 5 } }),
  );
  await client.stop();
  return first;
}

/**
 * The same requests' own cost, without the transport: the index built in this process from the same
 * workspace, the hover handler called directly, a roadmap keystroke as the session takes it (the file
 * parsed again, the files it names re-judged, their diagnostics converted and fingerprinted).
 */
async function measureInProcess(
  annotations: number,
  keystrokes: number,
): Promise<{ firstHover: number; idleHover: number[]; keystroke: number[] }> {
  const { dir, roadmap, source } = generateAnnotated(annotations);
  const index = await loadWorkspace([dir]);
  const position = { line: 0, character: 5 };
  const timed = (run: () => unknown) => {
    const start = now();
    run();
    return now() - start;
  };
  const firstHover = timed(() => hover(index, source, position));
  const idleHover = Array.from({ length: 200 }, () => timed(() => hover(index, source, position)));
  const original = fs.readFileSync(roadmap, 'utf8');
  let text = original;
  const keystroke: number[] = [];
  for (let k = 0; k < keystrokes; k++) {
    text =
      k % 10 < 8
        ? text.replace(/title: Item 1\b.*/, `title: Item 1 ${'x'.repeat(k % 4)}`)
        : text.replace(
            /(id: RM-1\n[^]*?status: )(planned|done)/,
            (_, head, status) => `${head}${status === 'planned' ? 'done' : 'planned'}`,
          );
    keystroke.push(
      timed(() => {
        index.updateFile(roadmap, text);
        const impact = index.takeRoadmapImpact();
        const files = impact === 'all' ? [...index.files()].map(([file]) => file) : [...impact];
        for (const file of [...files, ...index.roadmap.files.map((model) => model.file)])
          diagnosticsFingerprint(index.problemsOf(file).map(toDiagnostic));
      }),
    );
  }
  return { firstHover, idleHover, keystroke };
}

async function benchServer(): Promise<void> {
  console.log(
    `server: ${ANNOTATIONS} annotations in ${Math.ceil(ANNOTATIONS / 10)} files, 300 items in 3 roadmap files`,
  );
  const large = await measureServer(ANNOTATIONS, 40);
  const small = await measureServer(Math.ceil(ANNOTATIONS / 10), 4);
  report(
    'roadmap keystroke, server time (hover round trip after the edit − before it), p50 / p99',
    `${ms(median(large.keystroke))} / ${ms(percentile(large.keystroke, 0.99))}`,
    `${large.publications.toFixed(1)} diagnostics notifications per keystroke`,
  );
  const own = await measureInProcess(ANNOTATIONS, 400);
  report(
    'roadmap keystroke in process (re-parse, re-judge, diagnostics of the files it changes), p50 / p99',
    `${ms(median(own.keystroke))} / ${ms(percentile(own.keystroke, 0.99))}`,
    `server CPU per keystroke over the protocol, publishing included: ${ms(large.keystrokeCpu)} (mean)`,
  );
  report(
    `roadmap keystroke at ${ANNOTATIONS} ÷ at ${Math.ceil(ANNOTATIONS / 10)} annotations, p50`,
    ratio(median(large.keystroke), median(small.keystroke)),
    '1× means it does not grow with them',
  );
  report(
    'hover idle ÷ the cheapest request (a hover on code, no annotation there), p50 / p99',
    `${ratio(median(large.idleHover), median(large.emptyHover))} / ${ratio(percentile(large.idleHover, 0.99), percentile(large.emptyHover, 0.99))}`,
    `hover p99 ${ms(percentile(large.idleHover, 0.99))} round trip, ${ms(percentile(own.idleHover, 0.99))} in process (p50 ${ms(median(own.idleHover))})`,
  );
  // One sample a server start is noise on a shared machine: the first hover of several starts.
  const firstHovers = [large.firstHover];
  for (let start = 1; start < FIRST_HOVER_STARTS; start++) firstHovers.push(await firstHoverAfterScan(ANNOTATIONS));
  report(
    `first hover after the scan ÷ idle hover p50 (median of ${FIRST_HOVER_STARTS} server starts)`,
    ratio(median(firstHovers), median(large.idleHover)),
    `first hover ${ms(median(firstHovers))} round trip (slowest ${ms(Math.max(...firstHovers))}), ${ms(own.firstHover)} in process`,
  );
  report(
    'RSS after 40 rounds of edits ÷ RSS after indexing (lowest / highest of the rounds)',
    `${ratio(large.rssAfterEdits, large.rssIndexed)} (${ratio(large.rssLowest, large.rssIndexed)} / ${ratio(large.rssHighest, large.rssIndexed)})`,
    `${large.rssIndexed.toFixed(0)} → ${large.rssAfterEdits.toFixed(0)} MiB`,
  );
}

// ---------------------------------------------------------------------------------------------
// The initial scan: hovers meanwhile, the fast path, scaling

async function benchHoverDuringScan(workspace: string): Promise<void> {
  const target = fs
    .readdirSync(path.join(workspace, 'packages/pkg0/src/mod0/part0'))
    .map((name) => path.join(workspace, 'packages/pkg0/src/mod0/part0', name))
    .find((file) => file.endsWith('.ts'))!;
  const text = fs.readFileSync(target, 'utf8');
  const line = Math.max(
    0,
    text.split('\n').findIndex((l) => l.includes('TODO(')),
  );
  const client = new TestClient({ folders: [workspace] });
  const hover = () =>
    time(() =>
      client.request('textDocument/hover', { textDocument: { uri: uriOf(target) }, position: { line, character: 10 } }),
    );
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: [{ uri: uriOf(workspace), name: 'bench' }],
    capabilities: CLIENT_CAPABILITIES,
  });
  await client.connection.sendNotification('initialized', {});
  await client.open(target, text, 'typescript');
  const during: number[] = [];
  const start = now();
  while (!client.progress.some((value) => value.kind === 'end')) {
    during.push(await hover());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const scanMs = now() - start;
  const idle: number[] = [];
  for (let i = 0; i < 50; i++) idle.push(await hover());
  await client.stop();
  report(
    'hover during the initial scan ÷ idle, p50 / p95',
    `${ratio(median(during), median(idle))} / ${ratio(percentile(during, 0.95), percentile(idle, 0.95))}`,
    `${during.length} hovers answered during the scan; the slowest (p95) took ${((percentile(during, 0.95) / scanMs) * 100).toFixed(2)}% of it`,
  );
}

function benchFastPath(): void {
  const body = Array.from({ length: 2000 }, (_, i) => `const value${i} = compute(${i}, "text"); // note ${i}`).join(
    '\n',
  );
  const withDebt = body.replace('// note 1000', '// TODO(RM-1): tune');
  const runs = 200;
  const start = now();
  for (let i = 0; i < runs; i++) scanText(body, 'a.ts', DEFAULT_COMPILED_SETTINGS);
  const plain = now() - start;
  const middle = now();
  for (let i = 0; i < runs; i++) scanText(withDebt, 'a.ts', DEFAULT_COMPILED_SETTINGS);
  const debt = now() - middle;
  report(
    'scanning a file with no annotation ÷ the same file with one',
    ratio(plain, debt),
    'the fast path skips lexing',
  );
}

async function benchScaling(): Promise<void> {
  const small = generateWorkspace(Math.max(100, Math.floor(FILES / 10)));
  const large = generateWorkspace(FILES);
  await loadWorkspace([small]); // warm-up: JIT and file cache
  const smallMs = median([
    await time(() => loadWorkspace([small])),
    await time(() => loadWorkspace([small])),
    await time(() => loadWorkspace([small])),
  ]);
  const largeMs = median([await time(() => loadWorkspace([large])), await time(() => loadWorkspace([large]))]);
  report(
    `indexing ${FILES} files ÷ ${Math.floor(FILES / 10)} files (in process)`,
    ratio(largeMs, smallMs),
    '10× is linear',
  );
}

async function main(): Promise<void> {
  ensureBuilt();
  fs.mkdirSync(TMP, { recursive: true });
  const folders = (values.folder as string[]).map((folder) => path.resolve(folder));
  console.log(
    `Roadmap Links benchmark on ${os.availableParallelism()} cores (ratios within this run; absolute times vary on shared machines)`,
  );
  const only = values.only;
  if (!only || only === 'index') {
    if (folders.length) for (const folder of folders) await benchIndex(path.basename(folder), folder);
    else await benchIndex(`generated, ${FILES} files in ${LANGUAGES.length} languages`, generateWorkspace(FILES));
  }
  if (!folders.length && (!only || only === 'server')) await benchServer();
  if (!folders.length && (!only || only === 'scan')) {
    await benchHoverDuringScan(generateWorkspace(FILES));
    benchFastPath();
    await benchScaling();
  }
  console.log('\n| Measure | Ratio | Detail |\n|---|---|---|');
  for (const [measure, value, detail] of rows) console.log(`| ${measure} | ${value} | ${detail} |`);
  if (!values.keep) fs.rmSync(TMP, { recursive: true, force: true });
  // The history benchmark, after this one's, when the whole bench runs (`npm run bench` with no option).
  if (!folders.length && !only) {
    const history = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'history.ts')], {
      stdio: 'inherit',
    });
    if (history.status !== 0) process.exitCode = history.status ?? 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
