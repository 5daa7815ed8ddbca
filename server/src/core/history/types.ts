/**
 * Value over time: what the history module reports. Plain JSON data (the CLI prints it, the server
 * sends it to the dashboard). Times are seconds since the epoch; dates are ISO 8601 (UTC).
 */
import type { ItemKind } from '../types';

/** How much history a computation saw: a shallow clone or a limit cuts it short, and it says so. */
export interface HistorySeen {
  /** The branch walked (e.g. "main") and its tip. */
  ref: string;
  tip: string;
  /** First-parent commits looked at. */
  commits: number;
  /** Committer dates of the oldest and newest commit seen. */
  from?: string;
  to?: string;
  shallow: boolean;
  /** Why older history was not seen, when it was not: `commits` / `time` limits, or the clone's depth. */
  cutBy?: 'commits' | 'time' | 'shallow';
}

/** One revision of a value metric: recorded when the metric first appears and whenever a number changes. */
export interface MetricPoint {
  commit: string;
  date: string;
  time: number;
  baseline?: number;
  target?: number;
  current?: number;
}

export interface MetricHistory {
  metric: string;
  unit?: string;
  points: MetricPoint[];
  /** When `current` last took a new value (absent when it never had one). */
  lastChanged?: string;
  lastChangedTime?: number;
  /** An in-progress item whose metric has not moved for `staleMetricDays`: how many days it has not. */
  stalledDays?: number;
}

export interface ItemHistory {
  itemId: string;
  metrics: MetricHistory[];
}

export type MixKind = ItemKind | 'none';
export const MIX_KINDS: readonly MixKind[] = ['feature', 'investment', 'debt', 'none'];

export interface MixShare {
  kind: MixKind;
  /** Changed lines (added + removed); a hunk serving several items is split evenly between them. */
  lines: number;
  percent: number;
  /** `northStar.mix` for this kind, in % (absent for `none` and when the roadmap declares no mix). */
  target?: number;
}

export interface ObjectiveMix {
  /** Undefined: lines serving items without an (existing) objective. */
  objective?: string;
  title?: string;
  lines: number;
  shares: MixShare[];
}

export interface ChangeMix {
  /** What was measured, e.g. "main, last 90 days (42 commits)" or "HEAD against main". */
  description: string;
  mode: 'branch' | 'days';
  base?: string;
  tip?: string;
  days?: number;
  commits?: number;
  /** A window of the last N days with no commit: the newest commit of the branch, older than the window. */
  lastCommit?: { commit: string; date: string; time: number };
  lines: number;
  shares: MixShare[];
  target?: Partial<Record<ItemKind, number>>;
  byObjective: ObjectiveMix[];
  /** A limitation of the measurement worth saying (e.g. history cut by a shallow clone). */
  note?: string;
}

export type DebtState = 'linked' | 'unlinked' | 'stale';

export interface TrendPoint {
  /** The sample's date (a week boundary) and the newest commit at or before it. */
  date: string;
  time: number;
  commit: string;
  linked: number;
  unlinked: number;
  stale: number;
}

export interface DebtTrend {
  points: TrendPoint[];
  /** Blob scans this run made and blobs it found in the cache: the cache's hit rate. */
  scannedBlobs: number;
  cachedBlobs: number;
}

/** A debt annotation of the working tree with where it came from. */
export interface DebtAge {
  path: string;
  line: number;
  tag: string;
  text: string;
  /** The comment's text goes on past `text`, on the lines below it. */
  continues?: boolean;
  ids: string[];
  state: DebtState;
  commit?: string;
  author?: string;
  authorMail?: string;
  time?: number;
  date?: string;
  /** Not committed yet: no author or date. */
  uncommitted: boolean;
  /** From CODEOWNERS, where a rule names owners for the file. */
  owner?: string;
}

export interface DebtOwner {
  /** The CODEOWNERS owner, else the author who added the debt. */
  owner: string;
  fromCodeOwners: boolean;
  count: number;
  oldestTime?: number;
}

export interface DebtAges {
  /** Oldest first; uncommitted debt last. */
  debts: DebtAge[];
  byOwner: DebtOwner[];
  /** Files blamed this run and files whose blame came from the cache. */
  blamedFiles: number;
  cachedFiles: number;
  /** Blames that read a commit-graph written for the run. */
  graphBlames: number;
}

export interface HistoryReport {
  /** The repository's root (debt paths are relative to it). */
  root: string;
  seen: HistorySeen;
  items: ItemHistory[];
  mix?: ChangeMix;
  debt: { trend: DebtTrend; ages: DebtAges };
  /** Parts not computed and why (e.g. the time budget ran out), one line each. */
  warnings: string[];
}

export interface HistoryProgress {
  phase: 'metrics' | 'mix' | 'blame' | 'trend';
  done: number;
  total: number;
}
