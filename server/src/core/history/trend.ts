/**
 * Debt trend: linked / unlinked / stale debt counts at sampled commits (the newest commit at or
 * before each week boundary). Counts come from blob contents: a blob is scanned once and its debt
 * cached by object ID, so a file that did not change between samples is never scanned twice. Git runs
 * a fixed number of times, whatever the number of samples: one tree listing, one `log --raw` for the
 * changes since, one `cat-file --batch` for every blob not in the cache.
 */
import { globMatcher } from '../glob';
import { firstParentChanges, firstParentCommits, readBlobs, treeBlobs, type DatedCommit } from '../changes/git';
import { languageOf, mayBeScript, scanText } from '../scanner';
import type { CompiledSettings } from '../settings';
import { prefixOf } from '../ids';
import { looksBinary } from '../workspace/files';
import { debtStateOf } from './blame';
import type { Budget } from './budget';
import type { DebtMark, HistoryCache, RoadmapSnapshot } from './cache';
import { parseRoadmapSnapshot } from './metrics';
import { DAY_SECONDS, isoDate, type HistoryRepo } from './repo';
import type { DebtState, DebtTrend, TrendPoint } from './types';

export interface TrendOptions {
  /** Samples: one per week over this many weeks back from `now` (plus `now` itself). */
  weeks: number;
  now: number;
  maxCommits: number;
  /** Tags, ID pattern, size cap and the workspace-relative globs never scanned. */
  settings: CompiledSettings;
}

export interface TrendResult extends DebtTrend {
  /** First-parent commits in the window, newest first (plus the one the oldest sample stands on). */
  commits: DatedCommit[];
  timedOut: boolean;
  /** More commits were in the window than `maxCommits`: the oldest samples are missing. */
  cutByCommits: boolean;
}

const WEEK_SECONDS = 7 * DAY_SECONDS;
const SCRIPT = 'script?';

export async function debtTrend(
  repo: HistoryRepo,
  cache: HistoryCache,
  budget: Budget,
  options: TrendOptions,
): Promise<TrendResult> {
  const since = options.now - options.weeks * WEEK_SECONDS;
  const result: TrendResult = {
    points: [],
    scannedBlobs: 0,
    cachedBlobs: 0,
    commits: [],
    timedOut: false,
    cutByCommits: false,
  };
  const inWindow = await budget.step(() =>
    firstParentCommits(repo.root, repo.tip, {
      maxCount: options.maxCommits,
      since,
      until: options.now,
      signal: budget.signal,
    }),
  );
  if (!inWindow) return { ...result, timedOut: true };
  result.cutByCommits = inWindow.length >= options.maxCommits;
  // The oldest sample stands on the newest commit before the window, when there is one.
  const before = result.cutByCommits
    ? []
    : ((await budget.step(() =>
        firstParentCommits(repo.root, repo.tip, { maxCount: 1, until: since - 1, signal: budget.signal }),
      )) ?? []);
  const commits = [...inWindow, ...before];
  result.commits = commits;

  const samples: { time: number; commit: DatedCommit }[] = [];
  for (let week = options.weeks; week >= 0; week--) {
    const time = options.now - week * WEEK_SECONDS;
    const commit = commits.find((candidate) => candidate.time <= time);
    if (commit) samples.push({ time, commit });
  }

  // The one linear-time matcher: `exclude` comes from the repository's settings (see glob.ts).
  const excluded = globMatcher(options.settings.exclude);
  // Most paths recur in every sample: their language (undefined: not scanned) is decided once.
  const languages = new Map<string, string | undefined>();
  const languageOfPath = (file: string) => {
    if (languages.has(file)) return languages.get(file);
    const inside =
      file.startsWith(repo.folderPrefix) && !file.includes('\n') && !excluded(file.slice(repo.folderPrefix.length));
    // A file with no extension may be a script: its text decides when it is scanned (`SCRIPT` keys it meanwhile).
    const language = inside ? (languageOf(file) ?? (mayBeScript(file) ? SCRIPT : undefined)) : undefined;
    languages.set(file, language);
    return language;
  };
  const debtKey = (path: string, objectId: string) => `${objectId}:${languageOfPath(path)}`;
  const roadmapPaths = new Set(repo.roadmapPaths);
  // Only what the counts read: sources and the roadmap's files.
  const kept = (path: string) => roadmapPaths.has(path) || languageOfPath(path) !== undefined;

  // The samples' distinct commits, oldest first: the first one's whole tree is listed, each later one's is
  // that tree with the changes of the commits since (one streamed `git log --raw`), newest change first wins.
  const distinct = [...new Set(samples.map((sample) => sample.commit.hash))];
  if (distinct.length === 0) return result;
  const firstTree = await budget.step(() => treeBlobs(repo.root, distinct[0], budget.signal));
  if (!firstTree) return { ...result, timedOut: true };
  const base = new Map(firstTree.filter((entry) => kept(entry.path)).map((entry) => [entry.path, entry.objectId]));
  const segments = distinct.map(() => new Map<string, string | undefined>());
  if (distinct.length > 1) {
    const segmentOf = new Map(distinct.map((hash, index) => [hash, index]));
    let segment = segments[distinct.length - 1];
    const listed = await budget.step(() =>
      firstParentChanges(
        repo.root,
        distinct[0],
        distinct[distinct.length - 1],
        (hash) => {
          const index = segmentOf.get(hash);
          if (index !== undefined) segment = segments[index];
        },
        (path, objectId) => {
          if (kept(path) && !segment.has(path)) segment.set(path, objectId);
        },
        budget.signal,
      ).then(() => true),
    );
    if (!listed) return { ...result, timedOut: true };
  }

  // Every blob a sample needs and the cache lacks, read through one `git cat-file --batch`.
  const unread = new Map<string, Set<string>>();
  const need = (path: string, objectId: string) => {
    const roadmapBlob = roadmapPaths.has(path) && !cache.roadmaps.has(objectId);
    const key = languageOfPath(path) === undefined ? undefined : debtKey(path, objectId);
    if (!roadmapBlob && (key === undefined || cache.debtScans.has(key))) return;
    let paths = unread.get(objectId);
    if (!paths) unread.set(objectId, (paths = new Set()));
    paths.add(path);
  };
  for (const [path, objectId] of base) need(path, objectId);
  for (const segment of segments) for (const [path, objectId] of segment) if (objectId) need(path, objectId);
  const toRead = [...unread.entries()];
  const scannedThisRun = new Set<string>();
  let read = 0;
  budget.progress('trend', 0, toRead.length);
  const readAll = await budget.step(() =>
    readBlobs(
      repo.root,
      toRead.map(([objectId]) => objectId),
      options.settings.maxFileSizeBytes,
      (index, content) => {
        const [objectId, paths] = toRead[index];
        for (const path of paths) {
          if (roadmapPaths.has(path) && !cache.roadmaps.has(objectId))
            cache.roadmaps.set(objectId, parseRoadmapSnapshot(content, options.settings));
          if (languageOfPath(path) === undefined) continue;
          const key = debtKey(path, objectId);
          if (cache.debtScans.has(key)) continue;
          cache.debtScans.set(
            key,
            content && !looksBinary(content) ? debtMarksOf(content.toString('utf8'), path, options.settings) : [],
          );
          scannedThisRun.add(key);
        }
        budget.progress('trend', ++read, toRead.length);
      },
      budget.signal,
    ).then(() => true),
  );
  if (!readAll && toRead.length) result.timedOut = true;

  // Each sample's counts, oldest first, judged against the roadmap of its commit; a sample with a blob the
  // deadline left unread, and every later one, is left out rather than shown wrong.
  const countsOf = new Map<string, Omit<TrendPoint, 'date' | 'time'>>();
  const hitThisRun = new Set<string>();
  const tree = base;
  complete: for (let i = 0; i < distinct.length; i++) {
    if (i > 0)
      for (const [path, objectId] of segments[i]) {
        if (objectId) tree.set(path, objectId);
        else tree.delete(path);
      }
    const snapshots: RoadmapSnapshot[] = [];
    for (const path of repo.roadmapPaths) {
      const objectId = tree.get(path);
      if (objectId === undefined) continue;
      const snapshot = cache.roadmaps.get(objectId);
      if (!snapshot) break complete;
      snapshots.push(snapshot);
    }
    const judge = judgeOf({
      items: snapshots.flatMap((snapshot) => snapshot.items),
      trackers: snapshots.flatMap((snapshot) => snapshot.trackers ?? []),
    });
    const counts = { commit: distinct[i], linked: 0, unlinked: 0, stale: 0 };
    for (const [path, objectId] of tree) {
      if (languageOfPath(path) === undefined) continue;
      const key = debtKey(path, objectId);
      const marks = cache.debtScans.get(key);
      if (!marks) break complete;
      if (!scannedThisRun.has(key)) hitThisRun.add(key);
      for (const mark of marks) counts[judge(mark.ids)]++;
    }
    countsOf.set(distinct[i], counts);
  }
  if (countsOf.size < distinct.length) result.timedOut = true;
  for (const sample of samples) {
    const counts = countsOf.get(sample.commit.hash);
    if (counts) result.points.push({ date: isoDate(sample.time), time: sample.time, ...counts });
  }
  result.scannedBlobs = scannedThisRun.size;
  result.cachedBlobs = hitThisRun.size;
  return result;
}

function debtMarksOf(text: string, file: string, settings: CompiledSettings): DebtMark[] {
  return scanText(text, file, settings)
    .filter((annotation) => annotation.kind === 'debt')
    .map((annotation) => ({ ids: annotation.ids.map((mention) => mention.id) }));
}

/**
 * The state of a debt naming `keys`, as the roadmap of that commit judges it (the rules of the code
 * diagnostics): keys with an item prefix link items, a ticket links the item listing it; a ticket no item
 * lists is tracked outside the roadmap, so it is not unlinked (counted as linked).
 */
function judgeOf(roadmap: RoadmapSnapshot): (keys: readonly string[]) => DebtState {
  const trackers = new Set(roadmap.trackers ?? []);
  const prefixes = new Set(roadmap.items.map((item) => prefixOf(item.id)).filter((prefix) => !trackers.has(prefix)));
  const statuses = new Map(roadmap.items.map((item) => [item.id, item.status]));
  const byTicket = new Map<string, string>();
  for (const item of roadmap.items)
    for (const ticket of item.tickets ?? []) if (!byTicket.has(ticket)) byTicket.set(ticket, item.id);
  return (keys) => {
    const ids: string[] = [];
    let ticketed = false;
    for (const key of keys) {
      const prefix = prefixOf(key);
      if (trackers.has(prefix)) {
        ticketed = true;
        const item = byTicket.get(key);
        if (item) ids.push(item);
      } else if (prefixes.has(prefix)) ids.push(key);
    }
    const state = debtStateOf(ids, (id) => statuses.get(id));
    return state === 'unlinked' && ticketed ? 'linked' : state;
  };
}
