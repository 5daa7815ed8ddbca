/**
 * Value over time in the editor: the history is computed in the background (after each full scan, or
 * when the dashboard asks), never on a hover; hovers read the last result only. Untrusted workspaces
 * run no git, so they get none. In a multi-root workspace each folder has its own, from its own
 * repository (as `roadmap-links report A B` gives it); a folder nested in another of the same repository
 * is part of that one's.
 */
import * as path from 'path';
import type { WorkDoneProgressReporter } from 'vscode-languageserver';
import { itemHistoriesOf, type FolderHistoryInput } from '../cli/report';
import { GitError } from '../core/changes';
import {
  HistoryCache,
  HistoryCancelled,
  computeHistory,
  historyScopes,
  type DebtAge,
  type HistoryReport,
  type HistoryScope,
  type MetricHistory,
} from '../core/history';
import type { Annotation } from '../core/types';
import type { WorkspaceIndex } from '../core/workspace';

/** What the service needs of the server's state (the session provides it). */
export interface HistoryHost {
  readonly index: WorkspaceIndex;
  readonly trusted: boolean;
  /** A file's text as the user sees it (open editor, else disk). */
  currentText(file: string): Promise<string | undefined>;
  log(message: string): void;
  /** Tells clients to refresh their views (a new result is there). */
  notifyIndexChanged(): void;
}

/** A result older than this is recomputed when the dashboard opens (commits may have landed). */
const MAX_AGE_MS = 10 * 60_000;

export class HistoryService {
  private readonly cache = new HistoryCache();
  /** Each folder's history (or why it has none), in the folders' order. */
  private histories: FolderHistoryInput[] | undefined;
  private note = 'History is being computed.';
  private computedAt = 0;
  private running: { controller: AbortController; done: Promise<void> } | undefined;
  /** Counts `refreshAfter` calls; the latest one waiting to start is this number, or undefined. */
  private scheduled: number | undefined;
  private schedules = 0;
  /** Absolute file → its debt's ages, from the last result. */
  private debtsByFile = new Map<string, DebtAge[]>();
  /** Item ID → its metric history, chosen as the report chooses it (from its own folder's repository). */
  private metricsById = new Map<string, MetricHistory[]>();

  constructor(
    private readonly session: HistoryHost,
    private readonly startProgress: () => Promise<WorkDoneProgressReporter | undefined>,
  ) {}

  /** The last result, each folder's, or why there is none at all. */
  get current(): readonly FolderHistoryInput[] | string {
    return this.histories ?? this.note;
  }

  /** Restarts the computation in the background (a running one is cancelled); resolves when it ends, never rejects. */
  refresh(): Promise<void> {
    this.scheduled = undefined;
    this.running?.controller.abort();
    const session = this.session;
    if (!session.trusted || !session.index.folders.length) {
      this.note = session.trusted
        ? 'No workspace folder: no history.'
        : 'No history: git does not run in an untrusted workspace.';
      this.clear();
      return Promise.resolve();
    }
    const controller = new AbortController();
    const done = this.compute(controller).finally(() => {
      if (this.running?.controller === controller) this.running = undefined;
    });
    this.running = { controller, done };
    return done;
  }

  /** `refresh` once `ready` resolves (the latest call wins); meanwhile it counts as computing. */
  refreshAfter(ready: Promise<unknown>): void {
    const ticket = (this.scheduled = ++this.schedules);
    void ready.then(() => {
      if (this.scheduled !== ticket) return;
      this.scheduled = undefined;
      void this.refresh();
    });
  }

  /** The last result, recomputed first when no folder has one (git may work now) or it is old. */
  async whenReady(): Promise<readonly FolderHistoryInput[] | string> {
    if (this.running) await this.running.done;
    else if (!this.hasHistory || Date.now() - this.computedAt > MAX_AGE_MS) await this.refresh();
    return this.current;
  }

  /** True while the first result is being computed: until then, hovers say so instead of showing nothing. */
  get computing(): boolean {
    return (this.running !== undefined || this.scheduled !== undefined) && !this.hasHistory;
  }

  /** When and by whom a debt annotation was added, from the last result only (no git on this path). */
  debtAgeOf(file: string, annotation: Annotation): DebtAge | undefined {
    const debts = this.debtsByFile.get(file);
    if (!debts) return undefined;
    const line = annotation.range.start.line + 1;
    const same = (debt: DebtAge) => debt.tag === annotation.tag && debt.text === annotation.text;
    const exact = debts.find((debt) => debt.line === line && same(debt));
    if (exact) return exact;
    // Edited since: the same debt moved, when it is the only one with that text.
    const moved = debts.filter(same);
    return moved.length === 1 ? moved[0] : undefined;
  }

  metricsOf(itemId: string): MetricHistory[] | undefined {
    return this.metricsById.get(itemId);
  }

  dispose(): void {
    this.scheduled = undefined;
    this.running?.controller.abort();
  }

  private get hasHistory(): boolean {
    return this.histories?.some((entry) => typeof entry.history === 'object') ?? false;
  }

  private clear(): void {
    this.histories = undefined;
    this.debtsByFile = new Map();
    this.metricsById = new Map();
  }

  private async compute(controller: AbortController): Promise<void> {
    const session = this.session;
    const index = session.index;
    // Progress starts with the first step, so a folder outside git (which fails at once) shows none.
    let progress: WorkDoneProgressReporter | undefined;
    let opening: Promise<void> | undefined;
    const openProgress = () =>
      (opening ??= this.startProgress().then((reporter) => {
        progress = reporter;
        reporter?.begin('Roadmap Links: history', 0, undefined, false);
      }));
    try {
      const scopes = await historyScopes(index.folders, index.files());
      const histories: FolderHistoryInput[] = [];
      for (const scope of scopes) {
        // Several folders: the progress says whose history it is.
        const label = scopes.length > 1 ? `${path.basename(scope.folder)}: ` : '';
        const history = await this.computeFolder(scope, controller, (percent, message) => {
          void openProgress();
          progress?.report(percent, label + message);
        });
        if (controller.signal.aborted) return;
        histories.push({ folder: scope.folder, history });
      }
      this.histories = histories;
      this.computedAt = Date.now();
      const byFile = new Map<string, DebtAge[]>();
      for (const { history } of histories) {
        if (typeof history !== 'object') continue;
        for (const debt of history.debt.ages.debts) {
          const file = path.join(history.root, ...debt.path.split('/'));
          let list = byFile.get(file);
          if (!list) byFile.set(file, (list = []));
          list.push(debt);
        }
      }
      this.debtsByFile = byFile;
      this.metricsById = itemHistoriesOf(index, histories) ?? new Map();
      session.notifyIndexChanged();
    } finally {
      await opening;
      progress?.done();
    }
  }

  /** One folder's history, or why it has none (a cancelled run's note is never kept). */
  private async computeFolder(
    { folder, files }: HistoryScope<[string, Annotation[]]>,
    controller: AbortController,
    report: (percent: number, message: string) => void,
  ): Promise<HistoryReport | string> {
    const session = this.session;
    const index = session.index;
    const started = Date.now();
    let lastPercent = -1;
    session.log(`history: reading git in ${folder}`);
    try {
      const history = await computeHistory({
        folder,
        roadmap: index.roadmap,
        files,
        settings: index.settings,
        cache: this.cache,
        signal: controller.signal,
        readText: (file) => session.currentText(file),
        onProgress: (step) => {
          const percent = step.total ? Math.floor((step.done / step.total) * 100) : 0;
          if (percent === lastPercent) return;
          lastPercent = percent;
          report(percent, `${step.phase} ${step.done}/${step.total}`);
        },
      });
      const ages = history.debt.ages;
      session.log(
        `history: ${history.seen.commits} commits of ${history.seen.ref}, ${ages.debts.length} debt dated (${ages.blamedFiles} files blamed, ${ages.graphBlames} of them with a commit-graph, ${ages.cachedFiles} cached) in ${Date.now() - started} ms`,
      );
      for (const warning of history.warnings) session.log(`history: ${warning}`);
      return history;
    } catch (error) {
      if (error instanceof HistoryCancelled) return 'No history: cancelled.';
      if (error instanceof GitError) return `No history: ${error.message}`;
      session.log(`history failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return `No history: ${String(error)}`;
    }
  }
}
