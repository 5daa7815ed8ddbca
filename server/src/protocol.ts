/**
 * The typed contract between the Roadmap Links client and server: every custom request and notification
 * as a `RequestType` / `NotificationType` with its param and result types, every server command with its
 * arguments and result, and the error codes the server answers with. Plain data and type objects only
 * (no `vscode`), so any editor's client can use it; the VS Code client imports nothing else of the server
 * but pure formatting.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Location, Position } from 'vscode-languageserver-protocol';
import type { ChangeReport } from './core/changes/types';
import type { RoadmapReport } from './cli/report';
import type { Range, ValueSummary } from './core/types';

export type {
  Attribution,
  AttributionReason,
  ChangeReport,
  ChangedFile,
  ChangedHunk,
  NewDebt,
  ServedItem,
  UnattributedChange,
} from './core/changes/types';
export type { Range, ValueMetric, ValueSummary } from './core/types';
export { VALUE_CATEGORIES } from './core/types';
/** The refs tried, in order, as a branch's usual base (`--branch`); the client's base picker lists it first. */
export { USUAL_BASE_REFS } from './core/changes/types';

// ---------------------------------------------------------------------------------------------
// Requests and notifications

/** Request `roadmapLinks/tree`: the roadmap as the sidebar shows it; null before the server is initialized. */
export const TreeRequest = new RequestType<TreeParams, TreeResult | null, void>('roadmapLinks/tree');
/** No parameters (clients send `{}`). */
export type TreeParams = Record<string, never>;

/**
 * Request `roadmapLinks/treeChildren`: one page of a Roadmap view node's children (an item's code sites,
 * a folder's unlinked debt). Each answer stays small (a few hundred entries, under 200 KB) whatever the
 * workspace's size; `nextOffset` asks for the next page.
 */
export const TreeChildrenRequest = new RequestType<TreeChildrenParams, TreeChildrenResult, void>(
  'roadmapLinks/treeChildren',
);

/** A node whose children the server lists. */
export type TreeNodeRef =
  /** An item's code sites, in file order. */
  | { kind: 'item'; id: string }
  /**
   * Unlinked debt under a folder: its subfolders (single-child chains merged, `src/main/java`) and its
   * files, with counts. No `folderUri`: the whole workspace (one node per folder when there are several).
   */
  | { kind: 'unlinked'; folderUri?: string; path?: string }
  /** The unlinked debt of one file, by position. */
  | { kind: 'unlinkedFile'; uri: string };

export interface TreeChildrenParams {
  node: TreeNodeRef;
  /** Where the page starts (0 when absent). */
  offset?: number;
}

export type TreeChildDto =
  | { type: 'site'; site: TreeSiteDto }
  | { type: 'folder'; node: TreeNodeRef; label: string; count: number; files: number }
  | { type: 'file'; node: TreeNodeRef; uri: string; path: string; count: number };

export interface TreeChildrenResult {
  children: TreeChildDto[];
  /** How many children the node has in all. */
  total: number;
  /** Present when more children follow this page. */
  nextOffset?: number;
}

/** Request `roadmapLinks/changes`: which item each changed hunk serves. Fails with a {@link ErrorCodes} code. */
export const ChangesRequest = new RequestType<ChangesParams, ChangeReport | null, void>('roadmapLinks/changes');

export interface ChangesParams {
  /** Workspace folder URI; the first folder when absent. */
  folderUri?: string;
  /** Base ref; absent = working tree + index against HEAD. */
  base?: string;
}

/**
 * Request `roadmapLinks/dashboard`: the roadmap report with its value over time (metric history, the
 * mix, debt trend, oldest debt, debt by owner) for the dashboard. Waits for a history computation that
 * is running; `refresh` starts a new one. Null before the server is initialized.
 */
export const DashboardRequest = new RequestType<DashboardParams, DashboardResult | null, void>(
  'roadmapLinks/dashboard',
);

export interface DashboardParams {
  /** Recompute the history first (new commits, say). */
  refresh?: boolean;
}

export interface DashboardResult {
  /** As `roadmap-links report --format json` writes it; `historyNote` says why history is missing. */
  report: RoadmapReport;
  /** Seconds since the epoch when it was built (ages are relative to it). */
  now: number;
  /**
   * The report drawn as HTML (charts as inline SVG, every text escaped, no script): a body fragment for a
   * client's page, and its styles, which use CSS variables (--fg, --muted, --feature, …) the page defines.
   */
  html: string;
  css: string;
}

/** Notification server → client whenever the index (roadmap or annotations) changed, so views refresh. */
export const IndexChangedNotification = new NotificationType<IndexChangedParams>('roadmapLinks/indexChanged');
export type IndexChangedParams = Record<string, never>;

/**
 * Codes of the errors the server answers requests with (`ResponseError.code`). Ours are application codes
 * outside JSON-RPC's reserved -32768..-32000, so they never collide with the library's own.
 */
export const ErrorCodes = {
  /** Well-formed, but cannot be honoured as asked (a rename to an invalid or taken ID): LSP's RequestFailed. */
  RequestFailed: -32803,
  /** The workspace is not trusted, so the server runs no git and edits no file for this request. */
  Untrusted: 1001,
  /** The request names no workspace folder, or one outside the workspace. */
  NotInWorkspace: 1002,
  /** git failed (unknown base, no commits, not a repository, git missing); the message says which. */
  GitFailed: 1003,
  /** A bug in the server; the message says what failed. JSON-RPC's InternalError. */
  InternalError: -32603,
} as const;

// ---------------------------------------------------------------------------------------------
// Initialization

/**
 * What the Roadmap Links VS Code client shows by itself. Any other client sends none of it and gets
 * standard LSP only: command failures as `window/showMessage`, hovers with plain `file://` links, direct
 * "Link to RM-12" actions instead of a pick list, code lens commands the server executes.
 */
export interface ClientUi {
  /** The client shows a command's {@link CommandResult} message itself (so the server does not). */
  commandResults?: boolean;
  /** The client asks the user to pick (objective, category, item) before a command runs. */
  pickers?: boolean;
  /** The client runs {@link CLIENT_COMMANDS} (hover `command:` links, the code lens' peek). */
  clientCommands?: boolean;
}

/** `initializationOptions` the server reads (every field optional: other editors may send settings only). */
export interface InitializationOptions {
  /** False in an untrusted workspace: no git, no edits. */
  trusted?: boolean;
  /** `roadmapLinks.*` settings, flat or nested, for clients without `workspace/configuration`. */
  settings?: unknown;
  clientUi?: ClientUi;
}

// ---------------------------------------------------------------------------------------------
// Server commands (`workspace/executeCommand`); the server owns every edit they make.

export const COMMANDS = {
  propose: 'roadmapLinks.propose',
  proposeAllInFile: 'roadmapLinks.proposeAllInFile',
  linkExisting: 'roadmapLinks.linkExisting',
  createRoadmap: 'roadmapLinks.createRoadmap',
  addTicket: 'roadmapLinks.addTicket',
  /** For clients without {@link ClientUi.clientCommands}: the code lens lists an item's code sites in a message. */
  showSites: 'roadmapLinks.showSites',
} as const;

/** The argument list of each server command. */
export interface ServerCommandArguments {
  /** One unlinked debt annotation becomes a proposed item. */
  'roadmapLinks.propose': [ProposeArgs];
  /** Every unlinked debt annotation of a file becomes an item, IDs in file order, one edit. */
  'roadmapLinks.proposeAllInFile': [ProposeAllArgs];
  /** Rewrite the comment to link an existing item. */
  'roadmapLinks.linkExisting': [LinkArgs];
  /** A workspace without a roadmap gets `roadmap.yaml`: north star, one objective, the trackers its comments cite. */
  'roadmapLinks.createRoadmap': [CreateRoadmapArgs?];
  /** Add a ticket no item lists to an item's `tickets` (one edit of the roadmap file). */
  'roadmapLinks.addTicket': [AddTicketArgs];
  /** The item whose code sites are listed. */
  'roadmapLinks.showSites': [{ id: string }];
}

/** What each server command returns: a {@link CommandResult} (createRoadmap: a {@link CreateRoadmapResult}). */
export type ServerCommandResult = CommandResult;

/** Where an unlinked debt annotation was when the action was computed; nothing is edited if it moved. */
export interface DebtTarget {
  uri: string;
  /** Line and start column of the debt tag. */
  line: number;
  character: number;
  /** The annotation text the action was computed from. */
  expectedText: string;
}

/** What a proposal may be told; the server derives what is absent. */
export interface ProposalChoices {
  objective?: string;
  category?: string;
  metric?: string;
}

/** What the server uses for each choice left out, so a pick list can say what skipping keeps. */
export interface ProposalDefaults {
  defaults?: Pick<ProposalChoices, 'objective' | 'category'>;
}

export interface ProposeArgs extends DebtTarget, ProposalChoices, ProposalDefaults {
  /** A ticket no item lists, which the annotation cites: the new item gets `tickets: [ticket]`, the comment stays. */
  ticket?: string;
}

export interface AddTicketArgs {
  /** The item whose `tickets` gains the ticket. */
  id: string;
  ticket: string;
}

export interface ProposeAllArgs extends ProposalChoices, ProposalDefaults {
  /** The file whose unlinked debt is proposed. */
  uri: string;
}

export interface LinkArgs extends DebtTarget {
  /** The item to link; when absent, the client asks (VS Code) using `candidates`. */
  id?: string;
  /** Items ranked by how well they fit the comment and file, best first (for the client's pick list). */
  candidates?: { id: string; title: string }[];
}

export interface CreateRoadmapArgs {
  /** The workspace folder whose root gets `roadmap.yaml`; the first folder when absent. */
  folderUri?: string;
}

/** What `roadmapLinks.createRoadmap` returns: the file created, and the tracker prefixes it declares. */
export interface CreateRoadmapResult extends CommandResult {
  uri?: string;
  trackers: string[];
  /** Prefixes the folder's comments cite that another folder's roadmap declares already: not declared again. */
  declaredAlready?: string[];
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

// ---------------------------------------------------------------------------------------------
// Client-only commands (registered by the VS Code extension)

/** The dashboard page's one link: recompute the history and redraw (the webview allows only this command). */
export const DASHBOARD_REFRESH_COMMAND = 'roadmapLinks.refreshDashboard';

export const CLIENT_COMMANDS = {
  openLocation: 'roadmapLinks.openLocation',
  refreshTree: 'roadmapLinks.refreshTree',
  refreshChanges: 'roadmapLinks.refreshChanges',
  pickChangesBase: 'roadmapLinks.pickChangesBase',
  showReferences: 'roadmapLinks.showReferences',
} as const;

/** The argument list of each client command that takes arguments. */
export interface ClientCommandArguments {
  /** Reveal a range (hover links, the trees, "Open error"). */
  'roadmapLinks.openLocation': [uri: string, range: Range];
  /** The code lens' peek of an item's code sites (LSP shapes). */
  'roadmapLinks.showReferences': [uri: string, position: Position, locations: Location[]];
}

// ---------------------------------------------------------------------------------------------
// The roadmap tree

/** A value metric with its progress (0..1, may exceed either bound; absent when not computable). */
export type TreeValueDto = ValueSummary;

export interface TreeSiteDto {
  uri: string;
  range: Range;
  kind: 'debt' | 'marker';
  tag: string;
  /** The annotation's text, cut at a few hundred characters (a label shows less). */
  text: string;
}

/** An item without its code sites (fetched with {@link TreeChildrenRequest}), with their counts. */
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
  slo?: string;
  siteCount: number;
  debtCount: number;
}

export interface TreeObjectiveDto {
  id: string;
  title: string;
  uri: string;
  range: Range;
}

/**
 * The first level of the Roadmap view: objectives and items with counts, and how much unlinked debt
 * there is. Its size grows with the roadmap, never with the code: code sites come page by page.
 */
export interface TreeResult {
  northStar?: string;
  objectives: TreeObjectiveDto[];
  items: TreeItemDto[];
  /** Unlinked debt: how many comments in how many files (listed with {@link TreeChildrenRequest}). */
  unlinked: { count: number; files: number };
  /** True while the initial workspace scan still runs. */
  indexing: boolean;
  /** `reading`: the first scan has not read every roadmap file yet; `none`: the workspace has no roadmap file. */
  roadmapFiles: 'reading' | 'none' | 'found';
  /**
   * Roadmap files not read past a YAML syntax error, each at its first error: the items after it are
   * missing from the tree until it is fixed. Absent when every file parses.
   */
  unreadFiles?: { uri: string; path: string; range: Range; message: string }[];
}
