/**
 * The server's state: the workspace index, the editor's open documents, and the diagnostics
 * published from them. Feature handlers (hover, actions, …) read it; only this class writes it.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import {
  FileChangeType,
  type ApplyWorkspaceEditParams,
  type ApplyWorkspaceEditResult,
  type Connection,
  type FileEvent,
  type TextDocuments,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readTextFile, scanFolders, scanRoots, WorkspaceIndex } from '../core/workspace';
import { WalkAdmission } from '../core/workspace/admission';
import { msUntilNextDay } from '../core/workspace/codeProblems';
import type { CompiledSettings } from '../core/settings';
import { IndexChangedNotification } from '../protocol';
import { pathToUri, toDiagnostic, uriToPath } from './convert';
import { diagnosticsFingerprint } from './fingerprint';
import type { ProposalHost } from './propose';

/** Typing pauses this long before a document is re-scanned; requests flush it sooner. */
const RESCAN_DELAY_MS = 150;
/** Views refresh at most this often while many files change. */
const INDEX_NOTIFY_DELAY_MS = 300;
/** Files whose diagnostics are judged and sent in one go (at most, and for at most so long), between which requests are answered. */
const PUBLISH_CHUNK = 20;
const PUBLISH_SLICE_MS = 2;
/** At most this many skipped-file lines per scan reach the log; the rest are counted. */
const SKIP_LOG_LIMIT = 20;

export class Session implements ProposalHost {
  index: WorkspaceIndex;
  /** True until the full scan of the current folders has finished (from the start, not only once it runs). */
  private scanning = true;
  /** Folder or settings changes whose rescan (if any) has not ended yet (see `expectRescan`). */
  private rescansExpected = 0;
  trusted = true;
  /** Whether the client applies versioned `documentChanges` (and file creation) in a WorkspaceEdit. */
  supportsDocumentChanges = false;
  private scanGeneration = 0;
  private readonly pendingRescans = new Map<string, NodeJS.Timeout>();
  /** The fingerprint of each file's published diagnostics (files with none left out): unchanged ones are not sent again. */
  private readonly published = new Map<string, number>();
  /** Files whose diagnostics are to be judged and sent, in the order they were queued. */
  private readonly unpublished = new Set<string>();
  private draining = false;
  /** Called once nothing is left to publish (see `whenPublished`). */
  private readonly publishedWaiters: (() => void)[] = [];
  private disposed = false;
  private notifyTimer: NodeJS.Timeout | undefined;
  private dayTimer: NodeJS.Timeout | undefined;
  /** Open documents over the size cap, logged once each. */
  private readonly oversizedLogged = new Set<string>();
  private scanDone: Promise<void> = Promise.resolve();
  private openPaths: Set<string> | undefined;

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    folders: string[],
    settings: CompiledSettings,
  ) {
    this.index = new WorkspaceIndex(folders, settings, { roadmapPending: true });
    documents.onDidOpen(() => (this.openPaths = undefined));
    documents.onDidClose(() => (this.openPaths = undefined));
    this.judgeAgainEachDay();
  }

  /**
   * Expired debt (`TODO(RM-1, 2027-01-31)`) and overdue items are judged against today's date: when it
   * changes, every file is judged again with no edit, and only those whose diagnostics changed are sent.
   */
  private judgeAgainEachDay(): void {
    // A second late, so that the new date is today's whatever the timer's jitter.
    this.dayTimer = setTimeout(() => {
      if (this.disposed) return;
      if (!this.scanning) this.publishAll();
      this.judgeAgainEachDay();
    }, msUntilNextDay() + 1000);
    this.dayTimer.unref();
  }

  /**
   * What the client is told (the Roadmap view's "indexing"): true while the index is scanned, and from a
   * folder or settings change until its rescan ends, so the view never calls a stale index complete.
   */
  get indexing(): boolean {
    return this.scanning || this.rescansExpected > 0;
  }

  /** A folder or settings change may rescan: `indexing` holds until the returned function is called. */
  expectRescan(): () => void {
    this.rescansExpected++;
    let released = false;
    return () => {
      if (!released) this.rescansExpected--;
      released = true;
    };
  }

  log(message: string): void {
    this.connection.console.log(`[roadmap-links] ${message}`);
  }

  /** Resolves when the running initial scan (if any) has finished. */
  whenScanned(): Promise<void> {
    return this.scanDone;
  }

  /**
   * New settings from the client: judged again from what the index holds when they scan the same way
   * (a severity, the proposal target), else a full rescan. Returns whether a rescan is needed.
   */
  adoptSettings(folders: string[], settings: CompiledSettings): boolean {
    const sameFolders =
      folders.length === this.index.folders.length && folders.every((folder, i) => folder === this.index.folders[i]);
    if (!sameFolders || !this.index.adoptSettings(settings)) return true;
    if (!this.scanning) this.publishAll();
    return false;
  }

  /** Replaces the index (new folders or settings) and scans everything again. */
  async rescanAll(folders: string[], settings: CompiledSettings, progress?: WorkDoneProgressReporter): Promise<void> {
    const generation = ++this.scanGeneration;
    // No code is judged until every roadmap file is read (they are read first): a verdict against a
    // partly read roadmap would be wrong, and a proposal made from it would duplicate an item.
    const index = new WorkspaceIndex(folders, settings, { roadmapPending: true });
    this.index = index;
    this.scanning = true;
    // Open editors hold newer text than the disk: index them first so they are judged as soon as the roadmap is read.
    for (const document of this.documents.all()) this.updateFromDocument(document);
    let skipped = 0;
    const started = Date.now();
    let lastHundreds = -1;
    let lastPercent = -1;
    const run = scanFolders(index, {
      isCancelled: () => generation !== this.scanGeneration,
      onSkip: (file, reason) => {
        if (skipped++ < SKIP_LOG_LIMIT) this.log(`skipped ${file}: ${reason}`);
      },
      // Files are read as the walk finds them, so the total is known only once it is over: a count until
      // then, and a percentage of the files taken into the index after.
      onProgress: (scanned, total) => {
        if (total === undefined) {
          const hundreds = Math.floor(scanned / 100);
          if (hundreds !== lastHundreds) progress?.report(`${scanned} files found`);
          lastHundreds = hundreds;
          return;
        }
        const percent = Math.floor((scanned / total) * 100);
        if (percent !== lastPercent) progress?.report(percent, `${scanned}/${total} files`);
        lastPercent = percent;
      },
      // A file open in an editor keeps its editor text, not the disk's.
      shouldRead: (file) => !this.isOpen(file),
      // What the user looks at is judged first; the rest is published when the scan ends.
      onRoadmapLoaded: () => {
        if (generation !== this.scanGeneration) return;
        for (const document of this.documents.all()) {
          const file = uriToPath(document.uri);
          if (file) this.publish(file);
        }
        this.notifyIndexChanged();
      },
    });
    this.scanDone = run.then(
      () => undefined,
      (error) => this.log(`scan failed: ${String(error)}`),
    );
    await this.scanDone;
    if (generation !== this.scanGeneration) return;
    this.scanning = false;
    if (skipped > SKIP_LOG_LIMIT) this.log(`… and ${skipped - SKIP_LOG_LIMIT} more files skipped`);
    this.log(`indexed ${folders.length} folder(s) in ${Date.now() - started} ms`);
    // Everything is published now, whatever the roadmap did during the scan.
    this.index.takeRoadmapImpact();
    this.publishAll();
    this.notifyIndexChanged();
  }

  documentVersion(uri: string): number | null {
    return this.documents.get(uri)?.version ?? null;
  }

  applyEdit(params: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult> {
    return this.connection.workspace.applyEdit(params);
  }

  isOpen(file: string): boolean {
    return this.openFiles().has(file);
  }

  /** Paths of the open documents, kept until one opens or closes: a scan asks for every file it reads. */
  private openFiles(): Set<string> {
    if (!this.openPaths) {
      this.openPaths = new Set();
      for (const document of this.documents.all()) {
        const file = uriToPath(document.uri);
        if (file) this.openPaths.add(file);
      }
    }
    return this.openPaths;
  }

  /** Text of a file as the user sees it: the open editor's, else the disk's. */
  async currentText(file: string): Promise<string | undefined> {
    const open = this.documents.get(pathToUri(file));
    if (open) return open.getText();
    const outcome = await readTextFile(file, this.index.settings.maxFileSizeBytes);
    return outcome.ok ? outcome.text : undefined;
  }

  /** Re-scans a document soon (debounced while the user types). */
  scheduleRescan(document: TextDocument): void {
    const existing = this.pendingRescans.get(document.uri);
    if (existing) clearTimeout(existing);
    this.pendingRescans.set(
      document.uri,
      setTimeout(() => {
        this.pendingRescans.delete(document.uri);
        this.updateFromDocument(document);
      }, RESCAN_DELAY_MS),
    );
  }

  /** Applies a pending re-scan of this document now, so a request sees the text the user sees. */
  flush(uri: string): void {
    const timer = this.pendingRescans.get(uri);
    if (!timer) return;
    clearTimeout(timer);
    this.pendingRescans.delete(uri);
    const document = this.documents.get(uri);
    if (document) this.updateFromDocument(document);
  }

  updateFromDocument(document: TextDocument): void {
    const file = uriToPath(document.uri);
    if (!file || !this.index.folderOf(file) || !this.index.isIndexable(file)) return;
    const text = document.getText();
    // The size cap holds for open editors too (UTF-16 length: close enough to bytes for a cap).
    if (text.length > this.index.settings.maxFileSizeBytes) {
      if (!this.oversizedLogged.has(file))
        this.log(`not indexed ${file}: too-large: ${text.length} characters > ${this.index.settings.maxFileSizeBytes}`);
      this.oversizedLogged.add(file);
      // What the disk version said no longer holds: the file is out of the index, as it would be on disk.
      const roadmapVersion = this.index.version;
      if (this.index.annotationsOf(file).length || this.index.roadmapModelOf(file)) {
        this.index.removeFile(file);
        this.afterChange(file, roadmapVersion);
      }
      return;
    }
    this.oversizedLogged.delete(file);
    this.applyUpdate(file, text);
  }

  /** Sets a file's text in the index and publishes what changed. */
  applyUpdate(file: string, text: string): void {
    const roadmapVersion = this.index.version;
    if (this.index.updateFile(file, text)) this.afterChange(file, roadmapVersion);
  }

  private afterChange(file: string, roadmapVersionBefore: number): void {
    if (this.index.version !== roadmapVersionBefore) {
      // The roadmap changed: the diagnostics of the files naming what changed may have changed with it.
      const impact = this.index.takeRoadmapImpact();
      if (!this.scanning) this.publishRoadmapChange(file, impact);
    } else {
      this.publish(file);
    }
    this.notifyIndexChanged();
  }

  /** After a roadmap change: the roadmap files (cross-file rules) and the source files it may re-judge. */
  private publishRoadmapChange(changedFile: string | undefined, impact: Set<string> | 'all'): void {
    if (impact === 'all') return this.publishAll();
    if (changedFile) this.publish(changedFile);
    for (const model of this.index.roadmap.files) if (model.file !== changedFile) this.publish(model.file);
    for (const file of impact) this.publish(file);
  }

  /**
   * Watched-file events: files created, changed or deleted outside the editor. A file or folder is taken in
   * only where the scan would have read it (clients watch everything: a build writing a `.gitignore`d
   * `dist/` must not fill the index); one that the rules now keep out leaves the index. A `.gitignore`
   * changed calls `onIgnoreRulesChanged` (a rescan): what it admits may be anywhere below it.
   */
  async onWatchedFiles(changes: FileEvent[]): Promise<void> {
    let admission: WalkAdmission | undefined;
    let ignoreRulesChanged = false;
    for (const change of changes) {
      const file = uriToPath(change.uri);
      if (!file || !this.index.folderOf(file)) continue;
      if (path.basename(file) === '.gitignore') ignoreRulesChanged = true;
      if (change.type === FileChangeType.Deleted) {
        const roadmapVersion = this.index.version;
        this.index.removeFile(file);
        this.index.removeFolder(file);
        this.afterChange(file, roadmapVersion);
        continue;
      }
      if (this.isOpen(file)) continue; // the editor's text wins while the file is open
      admission ??= await WalkAdmission.of(this.index);
      // A created folder (asked of the disk: `bin` could as well be a script): scan what is inside it, if
      // the scan would have entered it.
      if (change.type === FileChangeType.Created && admission.admitsFolder(file)) {
        await this.scanCreatedFolder(file, admission);
        continue;
      }
      if (!this.index.isIndexable(file)) continue;
      if (admission.admitsFile(file)) await this.reloadFromDisk(file);
      else if (this.index.annotationsOf(file).length || this.index.isRoadmapFile(file)) {
        const roadmapVersion = this.index.version;
        this.index.removeFile(file);
        this.afterChange(file, roadmapVersion);
      }
    }
    if (ignoreRulesChanged) this.onIgnoreRulesChanged?.();
  }

  /** Called when a `.gitignore` in a workspace folder was created, changed or deleted. */
  onIgnoreRulesChanged: (() => void) | undefined;

  /** Re-reads a file from disk (changed outside the editor, or its unsaved editor was closed). */
  async reloadFromDisk(file: string): Promise<void> {
    if (!this.index.folderOf(file) || !this.index.isIndexable(file)) return;
    const outcome = await readTextFile(file, this.index.settings.maxFileSizeBytes);
    if (outcome.ok) {
      this.applyUpdate(file, outcome.text);
      return;
    }
    // A deleted file needs no log line; anything else that stops indexing it does.
    if (outcome.detail !== 'ENOENT') this.log(`not indexed ${file}: ${outcome.reason}: ${outcome.detail}`);
    const roadmapVersion = this.index.version;
    this.index.removeFile(file);
    this.afterChange(file, roadmapVersion);
  }

  private async scanCreatedFolder(folder: string, admission: WalkAdmission): Promise<void> {
    // lstat: a symlinked folder is not followed, as the walker never follows one (a link to `.` would
    // index the workspace again under another path, roadmap files and all).
    const stat = await fs.lstat(folder).catch(() => undefined);
    if (!stat?.isDirectory()) return;
    const roadmapVersion = this.index.version;
    // The walk below starts at the new folder, without the rules of the `.gitignore`s above it: what it
    // finds is taken in only where the whole walk would read it.
    const files = (
      await scanRoots(this.index, [folder], {
        shouldRead: (file) => !this.isOpen(file) && admission.admitsFile(file),
      })
    ).filter((file) => admission.admitsFile(file));
    if (this.index.version !== roadmapVersion) this.publishRoadmapChange(undefined, this.index.takeRoadmapImpact());
    for (const file of files) this.publish(file);
    this.notifyIndexChanged();
  }

  /**
   * Queues a file's diagnostics to be judged and sent (see `drainPublications`). They are judged when
   * sent, from the index as it is then: a file queued twice in a burst of edits is judged once.
   */
  publish(file: string): void {
    this.unpublished.add(file);
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => void this.drainPublications());
  }

  /** Resolves once every queued file's diagnostics are sent (at once when none are queued). */
  whenPublished(): Promise<void> {
    if (!this.draining && this.unpublished.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.publishedWaiters.push(resolve));
  }

  /** Publishes every file's diagnostics, clearing those of files that no longer have any. */
  publishAll(): void {
    for (const file of this.published.keys()) this.publish(file);
    for (const model of this.index.roadmap.files) this.publish(model.file);
    for (const [file] of this.index.files()) this.publish(file);
  }

  /**
   * Sends the queued files' diagnostics a chunk at a time, each chunk written before the next is judged:
   * requests are answered between chunks (a roadmap edit that re-judges thousands of files blocks no
   * hover), and few notifications wait in the writer's queue at once, so little of them lives long
   * enough to fill the old generation of the heap.
   */
  private async drainPublications(): Promise<void> {
    try {
      while (this.unpublished.size && !this.disposed) {
        let written: Promise<void> | undefined;
        let judged = 0;
        const started = performance.now();
        for (const file of this.unpublished) {
          this.unpublished.delete(file);
          written = this.send(file) ?? written;
          if (++judged === PUBLISH_CHUNK || performance.now() - started > PUBLISH_SLICE_MS) break;
        }
        await written;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.log(`publishing diagnostics failed: ${String(error)}`);
    } finally {
      this.draining = false;
      if (this.unpublished.size && !this.disposed) this.publish(this.unpublished.values().next().value!);
      else this.publishedWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  /**
   * Sends a file's diagnostics unless the editor already has exactly these: a roadmap edit re-judges
   * every file naming what changed, but usually changes the diagnostics of few.
   */
  private send(file: string): Promise<void> | undefined {
    const diagnostics = this.index.problemsOf(file).map(toDiagnostic);
    const fingerprint = diagnostics.length ? diagnosticsFingerprint(diagnostics) : undefined;
    if (this.published.get(file) === fingerprint) return undefined;
    if (fingerprint === undefined) this.published.delete(file);
    else this.published.set(file, fingerprint);
    return this.connection.sendDiagnostics({ uri: pathToUri(file), diagnostics });
  }

  notifyIndexChanged(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      void this.connection.sendNotification(IndexChangedNotification, {});
    }, INDEX_NOTIFY_DELAY_MS);
  }

  dispose(): void {
    this.disposed = true;
    this.scanGeneration++;
    for (const timer of this.pendingRescans.values()) clearTimeout(timer);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    if (this.dayTimer) clearTimeout(this.dayTimer);
  }
}
