/**
 * The change report: which roadmap item each changed hunk serves, and why. Lines and columns are
 * 0-based, like every position in the core (front ends add 1 when they print); hunk ranges follow
 * {@link HunkRange}. Paths are repository-relative with `/`.
 */
import type { ItemKind, ItemStatus, ValueMetric } from '../types';
import type { HunkRange } from './diff';

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

/**
 * The rules of "Which item a change serves", in their order of precedence. `roadmap` (an edit of the
 * item's own entry in a roadmap file, e.g. a proposal that adds it) extends the contract's four.
 */
export type AttributionReason = 'roadmap' | 'annotation' | 'ticket' | 'marker' | 'paths' | 'trailer';

export interface Attribution {
  itemId: string;
  reason: AttributionReason;
  /** Human-readable evidence, e.g. `TODO at line 14`, `matches services/checkout/**`. */
  detail: string;
}

export interface ChangedHunk extends HunkRange {
  /** Each item at most once, with its highest-precedence reason. */
  attributions: Attribution[];
}

export interface ChangedFile {
  /** The new path (the old one for a deletion). */
  path: string;
  /** Renames only: the path before. */
  oldPath?: string;
  status: ChangeStatus;
  binary: boolean;
  /** Not yet known to git (working-tree comparison only); counted as added. */
  untracked?: boolean;
  hunks: ChangedHunk[];
  /**
   * The file's items: the union of its hunks' attributions; for a change without text hunks (binary,
   * pure rename, mode change, empty new file) the attributions of the file as a whole.
   */
  attributions: Attribution[];
}

export interface ServedItem {
  itemId: string;
  /** False when the ID is named in code or a trailer but no roadmap item has it. */
  known: boolean;
  title?: string;
  kind?: ItemKind;
  status?: ItemStatus;
  objective?: string;
  values: ValueMetric[];
  /** Paths of the changed files that serve it, in report order. */
  files: string[];
  /** How many hunks serve it (a file without text hunks counts as one). */
  hunks: number;
  /** The distinct reasons seen, in precedence order. */
  reasons: AttributionReason[];
}

export interface NewDebt {
  path: string;
  line: number;
  column: number;
  tag: string;
  text: string;
  /** The item IDs it links; empty for unlinked debt. */
  ids: string[];
}

/** Old debt a change links to an ID that names no item, or to a finished item: not newly linked. */
export interface BadlyLinkedDebt extends NewDebt {
  /** What `check` reports at the link: an unknown item, or stale debt (the item is done or dropped). */
  problem: 'unknown-item' | 'stale-debt';
  /** The first such ID, and the status of its item when it is finished. */
  id: string;
  status?: ItemStatus;
}

/** A hunk (or a whole file without text hunks, `hunk` absent) that serves no item. */
export interface UnattributedChange {
  path: string;
  hunk?: HunkRange;
}

/** The usual base of a branch, in the order tried: the first that exists is what `--branch` compares with. */
export const USUAL_BASE_REFS = ['main', 'master', 'origin/main', 'origin/master'] as const;

export interface ChangeBase {
  /** `working-tree`: working tree and index against HEAD; `branch`: HEAD against its merge-base with `ref`. */
  mode: 'working-tree' | 'branch';
  /** E.g. "working tree against HEAD (1a2b3c4)" or "HEAD against main (merge-base 1a2b3c4)". */
  description: string;
  ref?: string;
  /** The commit the change is measured from; absent in a repository without commits. */
  commit?: string;
}

export interface ChangeReport {
  /** The repository's top folder, as git prints it. */
  root: string;
  base: ChangeBase;
  files: ChangedFile[];
  /** Items served, roadmap order for known items, then unknown IDs by name. */
  byItem: ServedItem[];
  unattributed: UnattributedChange[];
  /**
   * Hunks of roadmap files that edit no item's entry (the north star, objectives, trackers, comments):
   * roadmap work, not unrelated work, so not in `unattributed`. Same shape.
   */
  roadmapEdits: UnattributedChange[];
  /** Debt annotations the change adds (a debt comment merely moved or re-indented is not new). */
  newDebt: { linked: NewDebt[]; unlinked: NewDebt[] };
  /**
   * Debt that was there before and that the change links to an existing item not done or dropped
   * (`TODO: x` → `TODO(RM-3): x`): not new.
   */
  newlyLinkedDebt: NewDebt[];
  /** Debt that was there before and that the change links to no item (`TODO(RM-99)`) or a finished one. */
  badlyLinkedDebt: BadlyLinkedDebt[];
}
