/**
 * Metric history: every revision of the roadmap files on the branch gives each item's value numbers
 * at that commit. A roadmap blob is parsed once (cache keyed by object ID), however many commits
 * share it.
 */
import { blobIds, firstParentCommits, readBlobs, type DatedCommit } from '../changes/git';
import { parseRoadmapFile } from '../roadmap';
import type { CompiledSettings } from '../settings';
import type { Roadmap, RoadmapFileModel, ValueMetric } from '../types';
import type { Budget } from './budget';
import type { HistoryCache, RoadmapSnapshot, SnapshotItem } from './cache';
import { DAY_SECONDS, isoDate, type HistoryRepo } from './repo';
import type { ItemHistory, MetricHistory, MetricPoint } from './types';

export interface MetricHistoryOptions {
  maxCommits: number;
  /** An in-progress item whose metric has not moved for this many days gets `stalledDays`. */
  staleMetricDays: number;
  now: number;
  settings: CompiledSettings;
}

export interface MetricHistoryResult {
  items: ItemHistory[];
  /** Commits that changed a roadmap file, oldest first. */
  commits: DatedCommit[];
  timedOut: boolean;
}

export async function metricHistory(
  repo: HistoryRepo,
  roadmap: Roadmap,
  cache: HistoryCache,
  budget: Budget,
  options: MetricHistoryOptions,
): Promise<MetricHistoryResult> {
  const empty = { items: historiesOf(roadmap, [], options), commits: [], timedOut: budget.timedOut };
  if (repo.roadmapPaths.length === 0) return empty;
  const newestFirst = await budget.step(() =>
    firstParentCommits(repo.root, repo.tip, {
      maxCount: options.maxCommits,
      paths: repo.roadmapPaths,
      signal: budget.signal,
    }),
  );
  if (!newestFirst) return { ...empty, timedOut: true };
  const commits = newestFirst.reverse();
  const specs = commits.flatMap((commit) => repo.roadmapPaths.map((file) => `${commit.hash}:${file}`));
  const ids = await budget.step(() => blobIds(repo.root, specs, budget.signal));
  if (!ids) return { ...empty, timedOut: true };

  const missing = [...new Set(ids.filter((id): id is string => id !== undefined && !cache.roadmaps.has(id)))];
  budget.progress('metrics', 0, missing.length);
  let read = 0;
  const done = await budget.step(() =>
    readBlobs(
      repo.root,
      missing,
      options.settings.maxFileSizeBytes,
      (index, content) => {
        cache.roadmaps.set(missing[index], parseRoadmapSnapshot(content, options.settings));
        budget.progress('metrics', ++read, missing.length);
      },
      budget.signal,
    ).then(() => true),
  );

  // Oldest first: each commit's items are those of its roadmap files (the first file wins a duplicate ID).
  const revisions: Revision[] = [];
  for (let c = 0; c < commits.length; c++) {
    const items = new Map<string, SnapshotItem>();
    let complete = true;
    for (let f = 0; f < repo.roadmapPaths.length; f++) {
      const id = ids[c * repo.roadmapPaths.length + f];
      if (id === undefined) continue;
      const snapshot = cache.roadmaps.get(id);
      if (!snapshot) {
        complete = false;
        break;
      }
      for (const item of snapshot.items) if (!items.has(item.id)) items.set(item.id, item);
    }
    // A revision whose blobs the deadline kept unread is left out rather than shown wrong.
    if (complete) revisions.push({ commit: commits[c], items });
  }
  return { items: historiesOf(roadmap, revisions, options), commits, timedOut: done === undefined };
}

interface Revision {
  commit: DatedCommit;
  items: Map<string, SnapshotItem>;
}

/** What history keeps of one revision of a roadmap file (nothing of one that is unreadable). */
export function parseRoadmapSnapshot(content: Buffer | undefined, settings: CompiledSettings): RoadmapSnapshot {
  if (!content) return { items: [] };
  let model: RoadmapFileModel;
  try {
    // The name only labels ranges and problems, which history does not keep.
    model = parseRoadmapFile('roadmap.yaml', content.toString('utf8'), settings);
  } catch {
    return { items: [] };
  }
  return {
    items: model.items.map((item) => ({
      id: item.id,
      ...(item.status && { status: item.status }),
      ...(item.tickets.length && { tickets: item.tickets }),
      values: item.values.map(numbersOf),
    })),
    ...(model.trackers.length && { trackers: model.trackers.map((tracker) => tracker.prefix) }),
  };
}

function numbersOf(value: ValueMetric): SnapshotItem['values'][number] {
  return {
    metric: value.metric,
    ...(value.unit !== undefined && { unit: value.unit }),
    ...(value.baseline !== undefined && { baseline: value.baseline }),
    ...(value.target !== undefined && { target: value.target }),
    ...(value.current !== undefined && { current: value.current }),
  };
}

/** For each item of today's roadmap and each of its metrics, the points where its numbers changed. */
function historiesOf(roadmap: Roadmap, revisions: Revision[], options: MetricHistoryOptions): ItemHistory[] {
  const histories: ItemHistory[] = [];
  for (const item of roadmap.items.values()) {
    const metrics = item.values.map((value, index): MetricHistory => {
      const points: MetricPoint[] = [];
      for (const revision of revisions) {
        const then = revision.items.get(item.id);
        if (!then) continue;
        // The same metric then: by name, else at the same position (a renamed metric keeps its line).
        const old = then.values.find((candidate) => candidate.metric === value.metric) ?? then.values[index];
        if (!old) continue;
        const last = points[points.length - 1];
        if (last && last.baseline === old.baseline && last.target === old.target && last.current === old.current)
          continue;
        points.push({
          commit: revision.commit.hash,
          date: isoDate(revision.commit.time),
          time: revision.commit.time,
          ...(old.baseline !== undefined && { baseline: old.baseline }),
          ...(old.target !== undefined && { target: old.target }),
          ...(old.current !== undefined && { current: old.current }),
        });
      }
      const history: MetricHistory = {
        metric: value.metric,
        ...(value.unit !== undefined && { unit: value.unit }),
        points,
      };
      const changed = lastCurrentChange(points);
      if (changed) {
        history.lastChanged = changed.date;
        history.lastChangedTime = changed.time;
        const idleDays = Math.floor((options.now - changed.time) / DAY_SECONDS);
        if (item.status === 'in-progress' && idleDays >= options.staleMetricDays) history.stalledDays = idleDays;
      }
      return history;
    });
    histories.push({ itemId: item.id, metrics });
  }
  return histories;
}

/** The point that set today's `current`; undefined when the metric never had one. */
function lastCurrentChange(points: MetricPoint[]): MetricPoint | undefined {
  let changed: MetricPoint | undefined;
  for (let i = 0; i < points.length; i++) {
    if (points[i].current === undefined) continue;
    if (i === 0 || points[i].current !== points[i - 1].current) changed = points[i];
  }
  return changed;
}
