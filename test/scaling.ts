/**
 * Complexity checks without a wall-clock bound: the CPU time this process spends (`process.cpuUsage`, so
 * other processes on a busy machine barely count) on a large input is compared with a small input's, in
 * the same run. A linear path costs about `sizeRatio` times more; the bound is a generous multiple of
 * that, and a quadratic path (sizeRatio² times more) is far above it. Absolute times belong to the bench.
 */
import * as assert from 'assert';

/** CPU milliseconds (user + system) that `run` takes in this process. */
export function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export interface Ratio {
  small: number;
  large: number;
  ratio: number;
}

/**
 * The best (smallest) CPU time of `large` over the best of `small`, taken in turns, up to `rounds` rounds:
 * it stops as soon as the ratio is under `bound`, so a passing check usually costs one round, and a
 * failing one has been measured `rounds` times. `small` is floored at 1 ms against timer granularity.
 */
export function cpuRatio(small: () => void, large: () => void, bound: number, rounds = 3): Ratio {
  let smallBest = Infinity;
  let largeBest = Infinity;
  for (let round = 0; round < rounds; round++) {
    smallBest = Math.min(smallBest, cpuMs(small));
    largeBest = Math.min(largeBest, cpuMs(large));
    if (largeBest / Math.max(smallBest, 1) < bound) break;
  }
  return { small: smallBest, large: largeBest, ratio: largeBest / Math.max(smallBest, 1) };
}

/**
 * Fails unless `large` (an input `sizeRatio` times the size of `small`'s) costs less than `factor` ×
 * `sizeRatio` times `small`'s CPU time. The default factor 3 is the "10x input costs < 30x" rule.
 */
export function assertScalesLinearly(small: () => void, large: () => void, sizeRatio: number, factor = 3): Ratio {
  const bound = sizeRatio * factor;
  const measured = cpuRatio(small, large, bound);
  assert.ok(
    measured.ratio < bound,
    `an input ${sizeRatio}x larger cost ${measured.ratio.toFixed(1)}x more CPU time (bound ${bound}x): ` +
      `${measured.small.toFixed(1)} ms → ${measured.large.toFixed(1)} ms`,
  );
  return measured;
}
