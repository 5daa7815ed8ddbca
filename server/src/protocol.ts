/**
 * Custom requests, notifications and commands between the Roadmap Links client and server.
 * Plain data only, so both sides (and other editors' clients) can use it without `vscode`.
 */
import type { Range } from './core/types';

/** Request `roadmapLinks/tree`: the roadmap as the sidebar shows it. */
export const TREE_REQUEST = 'roadmapLinks/tree';
/** Request `roadmapLinks/changes` with {@link ChangesParams}: which item each changed hunk serves. */
export const CHANGES_REQUEST = 'roadmapLinks/changes';
/** Notification server → client whenever the index (roadmap or annotations) changed, so views refresh. */
export const INDEX_CHANGED_NOTIFICATION = 'roadmapLinks/indexChanged';

/** Server commands (`workspace/executeCommand`); the server owns every edit they make. */
export const COMMANDS = {
  /** args: [ProposeArgs] — one unlinked debt annotation becomes a proposed item. */
  propose: 'roadmapLinks.propose',
  /** args: [{ uri: string }] — every unlinked debt annotation of a file, one edit. */
  proposeAllInFile: 'roadmapLinks.proposeAllInFile',
  /** args: [LinkArgs] — rewrite the comment to link an existing item. */
  linkExisting: 'roadmapLinks.linkExisting',
} as const;

/** Client-only commands (registered by the VS Code extension). */
export const CLIENT_COMMANDS = {
  /** args: [uri: string, range: Range] — reveal a roadmap item (used by hover links and the tree). */
  openLocation: 'roadmapLinks.openLocation',
  refreshTree: 'roadmapLinks.refreshTree',
  refreshChanges: 'roadmapLinks.refreshChanges',
  pickChangesBase: 'roadmapLinks.pickChangesBase',
  /** args: [uri: string, position: Position, locations: Location[]] (LSP shapes) — the code lens' peek. */
  showReferences: 'roadmapLinks.showReferences',
} as const;

export interface ProposeArgs {
  uri: string;
  /** Line and start column of the debt tag, so the server can check the comment did not move. */
  line: number;
  character: number;
  /** The annotation text the action was computed from; if the comment changed, nothing is edited. */
  expectedText: string;
  objective?: string;
  category?: string;
  metric?: string;
}

export interface LinkArgs {
  uri: string;
  line: number;
  character: number;
  expectedText: string;
  /** The item to link; when absent, the client asks (VS Code) using `candidates`. */
  id?: string;
  /** Items ranked by how well they fit the comment and file, best first (for the client's pick list). */
  candidates?: { id: string; title: string }[];
}

/** What `workspace/executeCommand` returns for propose/link commands. */
export interface CommandResult {
  applied: boolean;
  /** New or linked item IDs, in order. */
  ids: string[];
  /** Why nothing was edited (comment moved, roadmap has syntax errors, …). */
  message?: string;
  /** Where to look when the roadmap cannot be edited (its first syntax error). */
  errorLocation?: { uri: string; range: Range };
}

export interface TreeValueDto {
  metric: string;
  category?: string;
  unit?: string;
  baseline?: number;
  current?: number;
  target?: number;
  /** 0..1 (may exceed either bound); absent when not computable. */
  progress?: number;
}

export interface TreeSiteDto {
  uri: string;
  range: Range;
  kind: 'debt' | 'marker';
  tag: string;
  text: string;
}

export interface TreeItemDto {
  id: string;
  title: string;
  kind?: string;
  status?: string;
  objective?: string;
  owner?: string;
  uri: string;
  range: Range;
  values: TreeValueDto[];
  sites: TreeSiteDto[];
  debtCount: number;
}

export interface TreeObjectiveDto {
  id: string;
  title: string;
  uri: string;
  range: Range;
}

export interface TreeResult {
  northStar?: string;
  objectives: TreeObjectiveDto[];
  items: TreeItemDto[];
  /** Unlinked debt sites, so the tree can show them in their own group. */
  unlinked: TreeSiteDto[];
  /** True while the initial workspace scan still runs. */
  indexing: boolean;
}

export interface ChangesParams {
  /** Workspace folder URI; the first folder when absent. */
  folderUri?: string;
  /** Base ref; absent = working tree + index against HEAD. */
  base?: string;
}
