/**
 * `npm run bench`: how indexing scales and whether hovers stay fast while it runs.
 * Reports ratios, not absolute times, because the machines are shared and noisy:
 *  - scaling: time to index N files ÷ time to index N/10 files (10 is linear);
 *  - fast path: scanning a file without annotations vs one with (the common case must be cheap);
 *  - hover latency while the server's initial scan runs ÷ hover latency when idle.
 * Options: --files N (default 100000), --keep (reuse the generated workspace in .bench-tmp/).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { scanText } from '../server/src/core/scanner';
import { DEFAULT_COMPILED_SETTINGS } from '../server/src/core/settings';
import { loadWorkspace } from '../server/src/core/workspace';
import { ensureBuilt, TestClient, uriOf } from '../test/server/lspClient';

const { values } = parseArgs({ options: { files: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } } });
const FILES = Number(values.files);
const ROOT = path.resolve(__dirname, '..', '.bench-tmp');

const LANGUAGES = [
  { ext: 'ts', comment: '//' },
  { ext: 'py', comment: '#' },
  { ext: 'go', comment: '//' },
  { ext: 'rs', comment: '//' },
  { ext: 'java', comment: '//' },
];

/** A deterministic workspace: `count` source files, 1 in 20 with debt, 100 per folder, plus ignored junk. */
function generateWorkspace(count: number): string {
  const dir = path.join(ROOT, `ws-${count}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const items = Array.from({ length: 200 }, (_, i) =>
    `  - id: RM-${i + 1}\n    title: Item ${i + 1}\n    kind: investment\n    status: planned\n    objective: OBJ-A\n    value: { metric: m${i}, category: performance, unit: ms, baseline: 100, target: 50 }\n`,
  ).join('');
  fs.writeFileSync(path.join(dir, 'roadmap.yaml'), `version: 1\nobjectives:\n  - id: OBJ-A\n    title: Fast\nitems:\n${items}`);
  fs.writeFileSync(path.join(dir, '.gitignore'), 'generated/\n');
  for (let i = 0; i < count; i++) {
    const language = LANGUAGES[i % LANGUAGES.length];
    const folder = path.join(dir, `pkg${Math.floor(i / 1000)}`, `mod${Math.floor(i / 100) % 10}`);
    if (i % 100 === 0) fs.mkdirSync(folder, { recursive: true });
    const lines = [`${language.comment} module ${i}`];
    for (let line = 0; line < 30; line++) lines.push(`value_${line} = compute(${line}, "text ${line}")`);
    if (i % 20 === 0) lines.splice(10, 0, `${language.comment} TODO(RM-${(i % 200) + 1}): tune this`);
    if (i % 40 === 0) lines.splice(20, 0, `${language.comment} FIXME: unlinked debt ${i}`);
    fs.writeFileSync(path.join(folder, `file${i}.${language.ext}`), lines.join('\n') + '\n');
  }
  // Ignored by .gitignore and by the default excludes: must cost (almost) nothing.
  for (const junk of ['generated', 'node_modules/lib']) {
    fs.mkdirSync(path.join(dir, junk), { recursive: true });
    for (let i = 0; i < 2000; i++) fs.writeFileSync(path.join(dir, junk, `f${i}.ts`), '// TODO: ignored\n');
  }
  fs.writeFileSync(marker, '');
  return dir;
}

async function time(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function benchScaling(): Promise<void> {
  const small = generateWorkspace(Math.max(100, Math.floor(FILES / 10)));
  const large = generateWorkspace(FILES);
  await loadWorkspace([small]); // warm-up: JIT and file cache
  const smallMs = median([await time(() => loadWorkspace([small])), await time(() => loadWorkspace([small])), await time(() => loadWorkspace([small]))]);
  let annotations = 0;
  const largeMs = await time(async () => {
    const index = await loadWorkspace([large]);
    for (const [, list] of index.files()) annotations += list.length;
  });
  console.log(`scaling: ${FILES} files took ${(largeMs / smallMs).toFixed(1)}× the time of ${Math.floor(FILES / 10)} files (10× is linear); ${annotations} annotations found`);
}

async function benchFastPath(): Promise<void> {
  const options = DEFAULT_COMPILED_SETTINGS;
  const body = Array.from({ length: 2000 }, (_, i) => `const value${i} = compute(${i}, "text"); // note ${i}`).join('\n');
  const withDebt = body.replace('// note 1000', '// TODO(RM-1): tune');
  const runs = 200;
  const plain = await time(() => { for (let i = 0; i < runs; i++) scanText(body, 'a.ts', options); });
  const debt = await time(() => { for (let i = 0; i < runs; i++) scanText(withDebt, 'a.ts', options); });
  console.log(`fast path: a file without annotations scans in ${(plain / debt).toFixed(2)}× the time of the same file with one (lower is better)`);
}

async function benchHoverDuringScan(): Promise<void> {
  ensureBuilt();
  const workspace = generateWorkspace(FILES);
  const target = path.join(workspace, 'pkg0', 'mod0', 'file0.ts');
  const text = fs.readFileSync(target, 'utf8');
  const line = text.split('\n').findIndex((l) => l.includes('TODO(RM-1)'));
  const hover = (client: TestClient) => time(() => client.request('textDocument/hover', { textDocument: { uri: uriOf(target) }, position: { line, character: 10 } }));

  const client = new TestClient({ folders: [workspace] });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: [{ uri: uriOf(workspace), name: 'bench' }],
    capabilities: { workspace: { configuration: true } },
  });
  await client.connection.sendNotification('initialized', {});
  await client.open(target, text, 'typescript');
  const during: number[] = [];
  const scanStart = Date.now();
  for (;;) {
    if (Date.now() - scanStart > 10 * 60_000) throw new Error('the initial scan did not finish in 10 minutes');
    during.push(await hover(client));
    const tree = await client.request<{ indexing: boolean }>('roadmapLinks/tree', {});
    if (!tree.indexing) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const scanMs = Date.now() - scanStart;
  const idle: number[] = [];
  for (let i = 0; i < 50; i++) idle.push(await hover(client));
  await client.stop();
  const p95During = percentile(during, 0.95);
  console.log(
    `hover during the initial scan: p50 ${(median(during) / median(idle)).toFixed(1)}×, p95 ${(p95During / percentile(idle, 0.95)).toFixed(1)}× idle latency; ` +
      `${during.length} hovers answered while the scan ran, the slowest (p95) took ${((p95During / scanMs) * 100).toFixed(3)}% of the scan's duration`,
  );
}

async function main(): Promise<void> {
  fs.mkdirSync(ROOT, { recursive: true });
  console.log(`Roadmap Links benchmark: ${FILES} files (ratios; absolute times vary on shared machines)`);
  await benchFastPath();
  await benchScaling();
  await benchHoverDuringScan();
  if (!values.keep) fs.rmSync(ROOT, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
