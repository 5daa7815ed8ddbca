/**
 * The data model shared by every part of Roadmap Links: roadmap, annotations, problems.
 * Pure data: no `vscode`, no LSP import. Ranges are 0-based lines and UTF-16 columns (as LSP).
 * File paths are absolute, with the platform's separators.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Stable codes, so tests, quick fixes and SARIF rules can name a problem kind. */
export type ProblemCode =
  | 'yaml-syntax'
  | 'schema'
  | 'duplicate-id'
  | 'invalid-id'
  | 'unknown-objective'
  | 'unknown-dependency'
  | 'unknown-metric'
  | 'dependency-cycle'
  | 'missing-value'
  | 'done-short-of-target'
  | 'duplicate-north-star'
  | 'unknown-item'
  | 'stale-debt'
  | 'unlinked-debt'
  | 'done-with-debt'
  | 'file-unreadable'
  // v2: trackers, tickets, dates, the mix
  | 'tracker-prefix'
  | 'duplicate-ticket'
  | 'unknown-tracker'
  | 'invalid-mix'
  | 'ticket-not-on-roadmap'
  | 'expired-debt'
  | 'overdue-debt';

/** One diagnostic, wherever it comes from (roadmap rules or code annotations). */
export interface Problem {
  file: string;
  range: Range;
  severity: Severity;
  code: ProblemCode;
  message: string;
  /** Extra facts for quick fixes, e.g. the unknown ID and the closest existing ones. */
  data?: {
    id?: string;
    suggestions?: string[];
    /** Said beside each suggestion, when they are doubtful fixes (`done`: a finished item); none is then preferred. */
    caveats?: string[];
    /** Where a suggestion goes, when not over the whole range (a mistyped `OKK-1` in an unlinked TODO). */
    replaceRange?: Range;
    sites?: { file: string; range: Range }[];
  };
}

// ---------------------------------------------------------------------------------------------
// Roadmap

export const ITEM_KINDS = ['feature', 'investment', 'debt'] as const;
export const ITEM_STATUSES = ['proposed', 'planned', 'in-progress', 'done', 'dropped'] as const;
export const VALUE_CATEGORIES = ['reliability', 'security', 'performance', 'velocity', 'customer', 'revenue'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export type ValueCategory = (typeof VALUE_CATEGORIES)[number];

/** Statuses whose debt is stale: the item is finished, the TODO should be gone. */
export const FINISHED_STATUSES: readonly ItemStatus[] = ['done', 'dropped'];

/** Done or dropped: debt still linking it is stale. */
export function isFinished(item: { status?: ItemStatus }): boolean {
  return item.status !== undefined && FINISHED_STATUSES.includes(item.status);
}

export interface ValueMetric {
  metric: string;
  category?: ValueCategory;
  unit?: string;
  baseline?: number;
  target?: number;
  current?: number;
  range: Range;
}

/** A value metric as every view reports it: its numbers and progress, without positions. */
export interface ValueSummary {
  metric: string;
  category?: string;
  unit?: string;
  baseline?: number;
  current?: number;
  target?: number;
  /** (current - baseline) / (target - baseline), 0..1 (may exceed either bound); absent when not computable. */
  progress?: number;
}

export interface RoadmapItem {
  id: string;
  title: string;
  kind?: ItemKind;
  status?: ItemStatus;
  objective?: string;
  values: ValueMetric[];
  slo?: string;
  owner?: string;
  scope?: string;
  dependsOn: string[];
  paths: string[];
  links: string[];
  /** v2: tracker keys this item covers ("KAFKA-12887", "#77"). */
  tickets: string[];
  /** v2: target date, ISO 8601 (YYYY-MM-DD); absent when not written or not a date. */
  due?: string;
  /** Where a proposed item came from: "path/to/file.ts:12" (workspace-relative). */
  source?: string;
  file: string;
  /** The whole item mapping. */
  range: Range;
  /** The value of its `id` key: where go-to-definition lands and rename edits. */
  idRange: Range;
}

export interface Objective {
  id: string;
  title: string;
  metrics: string[];
  file: string;
  range: Range;
  idRange: Range;
}

export interface NorthStarMetric {
  id: string;
  name: string;
  unit?: string;
  baseline?: number;
  target?: number;
  current?: number;
  file: string;
  idRange: Range;
}

export interface NorthStar {
  statement?: string;
  metrics: NorthStarMetric[];
  /** v2: the share of change the team aims for, by item kind, in percent (present only when valid). */
  mix?: Partial<Record<ItemKind, number>>;
  file: string;
  /** The `northStar` key. */
  keyRange: Range;
}

/** v2: an issue tracker whose keys (`KAFKA-123`, `#77`) appear in code and commits. */
export interface Tracker {
  /** "KAFKA", "GH", or "#" for GitHub-style `#123`. */
  prefix: string;
  name?: string;
  /** With `{key}` and/or `{number}` placeholders. */
  url?: string;
  file: string;
  range: Range;
  prefixRange: Range;
}

/** A place in a roadmap file that names another item, objective or metric by ID. */
export interface RoadmapReference {
  /** `ticket`: an entry of an item's `tickets` (a tracker key, not a roadmap ID). */
  kind: 'objective' | 'dependsOn' | 'metric' | 'ticket';
  targetId: string;
  file: string;
  range: Range;
  /** The ID of the item or objective whose field holds the reference (absent when that node has no valid ID). */
  from?: string;
}

/** One roadmap file as parsed: what could be recovered, plus its own problems. */
export interface RoadmapFileModel {
  file: string;
  text: string;
  /** False when YAML syntax errors exist: such a file is never rewritten by an edit. */
  syntaxOk: boolean;
  items: RoadmapItem[];
  objectives: Objective[];
  northStar?: NorthStar;
  trackers: Tracker[];
  references: RoadmapReference[];
  /** Problems found in this file alone (syntax, schema, invalid IDs, missing value). */
  problems: Problem[];
}

/** All roadmap files merged: IDs are unique across them. */
export interface Roadmap {
  files: RoadmapFileModel[];
  items: Map<string, RoadmapItem>;
  objectives: Map<string, Objective>;
  northStarMetrics: Map<string, NorthStarMetric>;
  northStar?: NorthStar;
  /** v2: trackers by prefix, first declaration winning. */
  trackers: Map<string, Tracker>;
  /** v2: ticket key → the item that lists it (the first, when several do: that is reported). */
  tickets: Map<string, RoadmapItem>;
  /** Every problem: each file's own plus cross-file ones (duplicates, unknown references, cycles). */
  problems: Problem[];
}

// ---------------------------------------------------------------------------------------------
// Annotations in code

export interface IdMention {
  id: string;
  range: Range;
  /**
   * In the explicit-link position: `TODO(ID`, `TODO[ID`, `TODO (ID`, `TODO: ID`, `TODO ID:`, or the ID
   * written first (`ID: TODO …`). `#123` keys are recorded only there.
   */
  explicit?: boolean;
}

export interface Annotation {
  /** `debt`: a debt tag such as TODO; `marker`: `@roadmap RM-12`, code that serves an item. */
  kind: 'debt' | 'marker';
  /** The debt tag as written in the settings' spelling (e.g. "TODO"); "@roadmap" for markers. */
  tag: string;
  /** Item IDs the annotation names, in order of appearance (no duplicates). */
  ids: IdMention[];
  /** The annotation's text after the tag and any `(ID)`/`[ID]`/`:`, trimmed; comment closers removed. */
  text: string;
  /** From the tag to the end of the annotation's text on its line. */
  range: Range;
  tagRange: Range;
  /** Debt only: a date written in the explicit position, `TODO(RM-12, 2027-01-31)` (ISO, YYYY-MM-DD). */
  date?: { value: string; range: Range };
  /** Debt only: a word in the explicit `(…)`/`[…]` group shaped like a key but no ID (`TODO(ok-1)`, `TODO(OK1)`). */
  keyLike?: { value: string; range: Range };
  /** The text of the comment's following lines that continue this annotation, joined by spaces. */
  continuation?: string;
  /**
   * Debt only, when its text goes on over the comment's following lines: the end of the last of them (or
   * of the block comment's closer line), so that the whole comment counts as the annotation's place.
   */
  extentEnd?: Position;
  /** Markers only: true when the marker stands before any code, so it covers the whole file. */
  fileLevel?: boolean;
  /**
   * Markers only: the last line (inclusive) the marker covers. A file-level marker covers the file;
   * another covers the code after it up to the end of its indentation block or the next marker.
   */
  scopeEndLine?: number;
}

// ---------------------------------------------------------------------------------------------
// Settings (read and checked by `settings.ts`; core functions take its `CompiledSettings`)

export interface RoadmapLinksSettings {
  /** Globs (workspace-relative) of roadmap files; empty means the contract's defaults. */
  roadmapFiles: string[];
  /** Debt tags, matched case-sensitively as whole words. */
  tags: string[];
  /** Regular expression source of an item ID. */
  idPattern: string;
  /** Severity of unlinked debt; `off` reports none. */
  unlinkedDebtSeverity: Severity | 'off';
  /** Files larger than this are not scanned. */
  maxFileSizeBytes: number;
  /** Exclusion globs (workspace-relative); VS Code's `files.exclude` and `search.exclude` globs are added. */
  exclude: string[];
  /** Workspace-relative roadmap file that proposals go to; empty means the nearest one. */
  proposalTarget: string;
  /** An in-progress item whose value metric has not moved for this many days gets a hint. */
  staleMetricDays: number;
  /** The mix of the default branch covers this many days. */
  mixDays: number;
}

export const DEFAULT_SETTINGS: RoadmapLinksSettings = {
  roadmapFiles: [],
  tags: ['TODO', 'FIXME', 'HACK', 'XXX', 'BUG', 'DEBT'],
  idPattern: '[A-Z][A-Z0-9]*-[0-9]+',
  unlinkedDebtSeverity: 'information',
  maxFileSizeBytes: 1024 * 1024,
  exclude: ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/build/**', '**/vendor/**'],
  proposalTarget: '',
  staleMetricDays: 30,
  mixDays: 90,
};

/** The roadmap file a workspace without one gets (*Create roadmap.yaml*, `roadmap-links init`). */
export const ROADMAP_FILE_NAME = 'roadmap.yaml';

/** The default roadmap file globs of the format contract. */
export const DEFAULT_ROADMAP_GLOBS = [
  'roadmap.yaml',
  'roadmap.yml',
  '**/*.roadmap.yaml',
  '**/*.roadmap.yml',
  '**/.roadmap/**/*.yaml',
  '**/.roadmap/**/*.yml',
];
