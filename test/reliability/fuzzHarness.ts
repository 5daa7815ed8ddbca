/**
 * Runs a fuzz campaign in a worker thread under a watchdog. The core's parsers are synchronous, so a
 * hang inside one could never be interrupted by a mocha timeout in the same thread; a worker can be
 * terminated, and its last "case started" message says which input hung.
 */
import * as path from 'path';
import { parentPort, Worker, workerData } from 'worker_threads';

type WorkerMessage =
  | { type: 'case'; index: number; label: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; message: string };

/** Seeds are fixed so a run is repeatable; FUZZ_SEED overrides them to explore further. */
export function fuzzSeed(fallback: number): number {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return Number.isInteger(fromEnv) && process.env.FUZZ_SEED !== '' ? fromEnv : fallback;
}

/**
 * Starts `script` (a .ts file next to this one) in a worker with `data`, and resolves with what it
 * reports. Rejects when it fails, or when no case finishes for `stallMs` (a hang: the worker is killed).
 */
export function runFuzzWorker<R>(script: string, data: unknown, stallMs: number): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, script), {
      execArgv: ['--require', require.resolve('tsx/cjs')],
      workerData: data,
      // The largest inputs (10 MB lines, alias bombs) need room; a runaway worker must not take the process down.
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    let current = 'before the first case';
    let settled = false;
    let watchdog: NodeJS.Timeout;
    const finish = (error: Error | undefined, result?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      void worker.terminate();
      if (error) reject(error);
      else resolve(result as R);
    };
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => finish(new Error(`hang: ${current} did not finish within ${stallMs} ms (worker terminated)`)), stallMs);
    };
    arm();
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'case') {
        current = `case #${message.index} (${message.label})`;
        arm();
      } else if (message.type === 'done') finish(undefined, message.result);
      else finish(new Error(message.message));
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => finish(new Error(`the fuzz worker exited with code ${code} during ${current}`)));
  });
}

/** Worker side: the data the test passed in. */
export function fuzzWorkerData<T>(): T {
  return workerData as T;
}

let caseIndex = 0;

/** Worker side: announces the next case, so the watchdog knows the worker is alive and what it is doing. */
export function startCase(label: string): void {
  parentPort?.postMessage({ type: 'case', index: ++caseIndex, label: label.slice(0, 200) } satisfies WorkerMessage);
}

/** Worker side: runs the campaign and reports its result or its failure (with fast-check's seed and path). */
export function runCampaign(campaign: () => unknown): void {
  try {
    parentPort?.postMessage({ type: 'done', result: campaign() } satisfies WorkerMessage);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    parentPort?.postMessage({ type: 'failed', message } satisfies WorkerMessage);
  }
}

/** Records a case's time against the campaign's slowest, and fails it when over the time bound. */
export function finishCase(result: { cases: number; slowestMs: number; slowestLabel: string }, label: string, started: number, boundMs: number): void {
  const elapsed = performance.now() - started;
  if (elapsed > result.slowestMs) {
    result.slowestMs = Math.round(elapsed);
    result.slowestLabel = label;
  }
  if (elapsed > boundMs) throw new Error(`${label}: took ${Math.round(elapsed)} ms, over the ${boundMs} ms bound`);
  result.cases++;
}
