/**
 * Runs a fuzz campaign in a worker thread. The core's parsers are synchronous, so a hang inside one
 * would block a mocha timeout in the same thread; in a worker it cannot, so the test's timeout catches
 * it, the worker is terminated, and its last "case started" message says which input hung. No case
 * has a time bound: the slowest is reported, since its time depends on the machine's load.
 */
import * as path from 'path';
import { parentPort, Worker, workerData } from 'worker_threads';
import { waitOn } from '../waiting';

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
 * reports. Rejects when it fails; when the test times out (a hang), the worker is terminated.
 */
export function runFuzzWorker<R>(script: string, data: unknown): Promise<R> {
  let current = 'before the first case';
  let stop = () => {};
  const campaign = new Promise<R>((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, script), {
      execArgv: ['--require', require.resolve('tsx/cjs')],
      workerData: data,
      // The largest inputs (10 MB lines, alias bombs) need room; a runaway worker must not take the process down.
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    let settled = false;
    const finish = (error: Error | undefined, result?: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(result as R);
    };
    stop = () => finish(new Error(`hang: ${current} did not finish (worker terminated)`));
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'case') current = `case #${message.index} (${message.label})`;
      else if (message.type === 'done') finish(undefined, message.result);
      else finish(new Error(message.message));
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => finish(new Error(`the fuzz worker exited with code ${code} during ${current}`)));
  });
  return waitOn(
    campaign,
    () => `the fuzz worker, at ${current}`,
    () => stop(),
  );
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

/** Counts a case, and records its time against the campaign's slowest (reported, never asserted). */
export function finishCase(
  result: { cases: number; slowestMs: number; slowestLabel: string },
  label: string,
  started: number,
): void {
  const elapsed = performance.now() - started;
  if (elapsed > result.slowestMs) {
    result.slowestMs = Math.round(elapsed);
    result.slowestLabel = label;
  }
  result.cases++;
}
