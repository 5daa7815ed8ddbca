/**
 * Value over time, from git: metric history, the mix, debt age and owner, debt trend. Pure core
 * (no editor, no LSP). Every computation is bounded (commits, time), cancellable, reports progress,
 * and says how much history it saw (a shallow clone sees little).
 */
import type { CompiledSettings } from '../settings';
import type { Annotation, Roadmap } from '../types';
import { Budget, type BudgetOptions } from './budget';
import { HistoryCache } from './cache';
import { debtAges, type CommitGraphMode } from './blame';
import { metricHistory } from './metrics';
import { changeMix } from './mix';
import { openHistoryRepo } from './repo';
import { debtTrend } from './trend';
import type { HistoryReport, HistorySeen } from './types';

export { HistoryCache } from './cache';
export { HistoryCancelled } from './budget';
export { mixTargetOf } from './mix';
export { historyScopes, type HistoryScope } from './repo';
export { ageText, sparkline } from './present';
export type * from './types';

/** Limits of a computation; the stalled-metric and mix windows are settings (`staleMetricDays`, `mixDays`). */
export const HISTORY_DEFAULTS = {
  maxCommits: 1000,
  trendWeeks: 52,
};

export interface HistoryOptions extends BudgetOptions {
  /** The workspace folder (inside a git repository). */
  folder: string;
  roadmap: Roadmap;
  /** The workspace's current annotations per file (absolute path): the debt that gets an age. */
  files: Iterable<readonly [string, readonly Annotation[]]>;
  settings: CompiledSettings;
  cache?: HistoryCache;
  /** The branch walked (default: main, master, origin/main, origin/master, else HEAD). */
  ref?: string;
  /** The mix of HEAD against this base (a branch) instead of the last `mixDays` of `ref`. */
  mixBase?: string;
  maxCommits?: number;
  /** Default: the `staleMetricDays` setting. */
  staleMetricDays?: number;
  /** Default: the `mixDays` setting. */
  mixDays?: number;
  trendWeeks?: number;
  /** Seconds since the epoch (default: now); fixed in tests. */
  now?: number;
  readText?: (absolutePath: string) => Promise<string | undefined>;
  /** Whether debt's blames read a commit-graph written for the run (default: when it pays). */
  commitGraph?: CommitGraphMode;
  /** Where that commit-graph's temporary folder goes (default: the system's temporary folder). */
  temporaryFolder?: string;
}

export async function computeHistory(options: HistoryOptions): Promise<HistoryReport> {
  const budget = new Budget(options);
  try {
    const cache = options.cache ?? new HistoryCache();
    const { settings } = options;
    cache.useSettings(JSON.stringify([settings.tags, settings.idPattern]));
    const now = options.now ?? Math.floor(Date.now() / 1000);
    const maxCommits = options.maxCommits ?? HISTORY_DEFAULTS.maxCommits;
    const repo = await openHistoryRepo(options.folder, options.roadmap, options.ref);
    const warnings: string[] = [];
    const common = { settings, now, maxCommits };

    const metrics = await metricHistory(repo, options.roadmap, cache, budget, {
      ...common,
      staleMetricDays: options.staleMetricDays ?? settings.staleMetricDays,
    });
    const mix = await changeMix(options.folder, repo, options.roadmap, budget, {
      ...common,
      base: options.mixBase,
      days: options.mixDays ?? settings.mixDays,
    });
    const ages = await debtAges(repo, options.files, options.roadmap, cache, budget, {
      maxFileSizeBytes: settings.maxFileSizeBytes,
      readText: options.readText,
      commitGraph: options.commitGraph,
      temporaryFolder: options.temporaryFolder,
    });
    const trend = await debtTrend(repo, cache, budget, {
      ...common,
      weeks: options.trendWeeks ?? HISTORY_DEFAULTS.trendWeeks,
    });

    if (metrics.timedOut) warnings.push('metric history: the time budget ran out; older revisions are missing');
    if (!mix) warnings.push('mix: the time budget ran out before it was measured');
    if (ages.timedOut) warnings.push('debt age: the time budget ran out; some debt has no age');
    if (trend.timedOut) warnings.push('debt trend: the time budget ran out; later samples are missing');

    const seenCommits = trend.commits;
    const seen: HistorySeen = {
      ref: repo.ref,
      tip: repo.tip,
      commits: seenCommits.length,
      ...(seenCommits.length && { from: new Date(seenCommits[seenCommits.length - 1].time * 1000).toISOString() }),
      ...(seenCommits.length && { to: new Date(seenCommits[0].time * 1000).toISOString() }),
      shallow: repo.shallow,
    };
    if (budget.timedOut) seen.cutBy = 'time';
    else if (trend.cutByCommits || metrics.commits.length >= maxCommits) seen.cutBy = 'commits';
    else if (repo.shallow) seen.cutBy = 'shallow';
    if (repo.shallow)
      warnings.push(
        `shallow clone: history starts at ${seen.from ?? 'the tip'}; fetch more (git fetch --deepen) to see older revisions`,
      );

    const { timedOut: _ages, ...agesReport } = ages;
    return {
      root: repo.root,
      seen,
      items: metrics.items,
      ...(mix && { mix }),
      debt: {
        trend: { points: trend.points, scannedBlobs: trend.scannedBlobs, cachedBlobs: trend.cachedBlobs },
        ages: agesReport,
      },
      warnings,
    };
  } finally {
    budget.dispose();
  }
}
