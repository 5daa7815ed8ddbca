/**
 * Debt trend: linked / unlinked / stale debt counts at sampled commits (the newest commit at or
 * before each week boundary). Counts come from blob contents: a blob is scanned once and its debt
 * cached by object ID, so a file that did not change between samples is never scanned twice.
 */
import { globMatcher } from '../glob';
import { firstParentCommits, readBlobs, treeBlobs, type DatedCommit, type TreeEntry } from '../changes/git';
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
  const debtKey = (entry: TreeEntry) => `${entry.objectId}:${languageOfPath(entry.path)}`;
  const wanted = (entry: TreeEntry) => languageOfPath(entry.path) !== undefined;
  const countsOf = new Map<string, Omit<TrendPoint, 'date' | 'time'>>();
  const scannedThisRun = new Set<string>();
  const hitThisRun = new Set<string>();
  const distinct = [...new Set(samples.map((sample) => sample.commit.hash))];
  for (let i = 0; i < distinct.length; i++) {
    budget.progress('trend', i, distinct.length);
    const hash = distinct[i];
    const tree = await budget.step(() => treeBlobs(repo.root, hash, budget.signal));
    if (!tree) {
      result.timedOut = true;
      break;
    }
    const roadmap = await roadmapAt(repo, tree, cache, budget, options);
    const sources = tree.filter(wanted);
    const missing = new Map<string, TreeEntry>();
    for (const entry of sources) {
      const key = debtKey(entry);
      if (cache.debtScans.has(key)) {
        if (!scannedThisRun.has(key)) hitThisRun.add(key);
      } else missing.set(key, entry);
    }
    const toRead = [...missing.entries()];
    const read = await budget.step(() =>
      readBlobs(
        repo.root,
        toRead.map(([, entry]) => entry.objectId),
        options.settings.maxFileSizeBytes,
        (index, content) => {
          const [key, entry] = toRead[index];
          cache.debtScans.set(
            key,
            content && !looksBinary(content) ? debtMarksOf(content.toString('utf8'), entry.path, options.settings) : [],
          );
          scannedThisRun.add(key);
        },
        budget.signal,
      ).then(() => true),
    );
    if (read === undefined && toRead.length) {
      result.timedOut = true;
      break;
    }
    const judge = judgeOf(roadmap);
    const counts = { commit: hash, linked: 0, unlinked: 0, stale: 0 };
    for (const entry of sources) {
      for (const mark of cache.debtScans.get(debtKey(entry)) ?? []) counts[judge(mark.ids)]++;
    }
    countsOf.set(hash, counts);
  }
  budget.progress('trend', distinct.length, distinct.length);
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

/** The roadmap at a commit: its roadmap files' items (statuses and IDs are what the counts need). */
async function roadmapAt(
  repo: HistoryRepo,
  tree: TreeEntry[],
  cache: HistoryCache,
  budget: Budget,
  options: TrendOptions,
): Promise<RoadmapSnapshot> {
  const paths = new Set(repo.roadmapPaths);
  const entries = tree.filter((entry) => paths.has(entry.path));
  const missing = entries.filter((entry) => !cache.roadmaps.has(entry.objectId));
  if (missing.length) {
    await budget.step(() =>
      readBlobs(
        repo.root,
        missing.map((entry) => entry.objectId),
        options.settings.maxFileSizeBytes,
        (index, content) => {
          cache.roadmaps.set(missing[index].objectId, parseRoadmapSnapshot(content, options.settings));
        },
        budget.signal,
      ),
    );
  }
  const snapshots = entries.map((entry) => cache.roadmaps.get(entry.objectId));
  return {
    items: snapshots.flatMap((snapshot) => snapshot?.items ?? []),
    trackers: snapshots.flatMap((snapshot) => snapshot?.trackers ?? []),
  };
}
