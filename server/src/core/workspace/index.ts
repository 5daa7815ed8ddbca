/**
 * The workspace index: every roadmap file's model and every source file's annotations, for all
 * folders of a (multi-root) workspace. Updates are per file and cheap; derived views (the merged
 * roadmap, ID → code sites) are rebuilt lazily on first use after a change.
 */
import * as path from 'path';
import { suggestItems, type ItemSuggestions } from '../ids';
import { comparePaths, isStrictlyWithin } from '../paths';
import { buildRoadmap, parseRoadmapFile, reparseRoadmapFile, type NameFile } from '../roadmap';
import { languageOf, scanText } from '../scanner';
import { DEFAULT_COMPILED_SETTINGS, type CompiledSettings } from '../settings';
import { type Annotation, type IdMention, type Problem, type Roadmap, type RoadmapFileModel } from '../types';
import { changedKeys, type Derived } from './impact';
import {
  codeProblemsOf,
  isoToday,
  isUnlinkedDebt,
  knownPrefixesOf,
  linkedMentions,
  ticketLinksOf,
  type TicketLink,
} from './codeProblems';
import { lineBreakOfFiles } from './files';
import { fileKinds, type FileKind } from './reader';
import { scanRoots } from './scan';
import { toPosix } from './walker';

export { closestIds, editDistance } from '../ids';
export { ticketUrl } from './codeProblems';
export { readTextFile } from './files';
export { repositoryRootOf, roadmapAbove } from './roadmapAbove';
export { scanRoots } from './scan';
export { walkFolder } from './walker';
export { citedKeyPrefixes, newRoadmap } from './census';
export type { CitedPrefix, NewRoadmap, NewRoadmapContext } from './census';

export interface CodeSite {
  file: string;
  annotation: Annotation;
  /** The item's ID as written, or the ticket (listed by the item) the annotation cites. */
  mention: IdMention;
  /** `ticket`: linked through a ticket the item lists; renaming the item leaves such a site alone. */
  via?: 'ticket';
}

export interface IndexOptions {
  /** Today's date (YYYY-MM-DD), for expired and overdue debt; tests pin it. */
  today?: () => string;
  /**
   * The roadmap files are still to be read (the server's first scan): until `markRoadmapLoaded`, no code
   * is judged, so nothing says "unlinked" or "unknown item" about a roadmap it has only partly seen.
   */
  roadmapPending?: boolean;
  /** How the roadmap's problems name another roadmap file (the CLI: as its output names every file). */
  nameFile?: NameFile;
}

export interface LoadOptions {
  /** Files found (and read) so far; `total` is given once the walk is over and every file is known. */
  onProgress?: (scanned: number, total?: number) => void;
  /** Log lines about files skipped (too large, binary, unreadable). */
  onSkip?: (file: string, reason: string) => void;
  /** Stops the scan early (e.g. the server shuts down or folders change). */
  isCancelled?: () => boolean;
  /** Return false to leave a file as the index has it (e.g. open in an editor with newer text). */
  shouldRead?: (file: string) => boolean;
  /** Every roadmap file has been read; code is read next. */
  onRoadmapLoaded?: () => void;
}

/** The settings that decide what is read and how it is scanned; changing any of them means a new scan. */
const SCAN_SETTINGS = ['roadmapFiles', 'tags', 'idPattern', 'maxFileSizeBytes', 'exclude'] as const;

export class WorkspaceIndex {
  private currentSettings: CompiledSettings;
  private readonly roadmapModels = new Map<string, RoadmapFileModel>();
  private readonly annotationsByFile = new Map<string, Annotation[]>();
  /** What a workspace-relative path is to the index (one function, shared with the scan). */
  readonly kindOf: (relativePath: string) => FileKind | undefined;
  // Two caches, so typing in a source file never rebuilds the merged roadmap.
  private merged: Derived | undefined;
  /**
   * ID → file → that file's sites of the ID. Updated per file as files change, so a keystroke costs
   * the file's own annotations; on a roadmap change, only the files naming what changed are redone.
   */
  private siteIndex = new Map<string, Map<string, CodeSite[]>>();
  /** The roadmap's problems by file, derived with `merged`. */
  private roadmapProblems: Map<string, Problem[]> | undefined;
  /** The items each unknown ID judged likely meant, derived with `merged`. */
  private readonly suggestions = new Map<string, ItemSuggestions>();
  private readonly suggest = (id: string): ItemSuggestions => {
    let meant = this.suggestions.get(id);
    if (!meant) this.suggestions.set(id, (meant = suggestItems(id, this.mergedRoadmap().roadmap.items)));
    return meant;
  };
  /** Every key an annotation names (item IDs, tickets, foreign keys) → the files naming it. */
  private readonly filesByKey = new Map<string, Set<string>>();
  /** Source files whose diagnostics the roadmap changes since the last `takeRoadmapImpact` may have changed. */
  private roadmapImpact: Set<string> | 'all' = new Set();
  /** `judgesCode` as of the last roadmap change. */
  private judgedCode = false;
  private roadmapVersion = 0;
  private changes = 0;
  private roadmapPending: boolean;
  private readonly nameFile: NameFile | undefined;

  /** Today's ISO date, as problems are judged (a test gives its own). */
  readonly today: () => string;

  constructor(
    readonly folders: string[],
    settings: CompiledSettings = DEFAULT_COMPILED_SETTINGS,
    options: IndexOptions = {},
  ) {
    this.today = options.today ?? isoToday;
    this.roadmapPending = options.roadmapPending ?? false;
    this.nameFile = options.nameFile;
    this.currentSettings = settings;
    this.kindOf = fileKinds(settings);
  }

  get settings(): CompiledSettings {
    return this.currentSettings;
  }

  /**
   * Takes new settings without reading any file again when they scan the same way (only how problems
   * are judged or where proposals go changed). Returns false when they do not: the caller must rescan.
   */
  adoptSettings(settings: CompiledSettings): boolean {
    const same = SCAN_SETTINGS.every(
      (key) => JSON.stringify(settings[key]) === JSON.stringify(this.currentSettings[key]),
    );
    if (same) this.currentSettings = settings;
    return same;
  }

  /** Bumped on every roadmap change, so callers can tell whether a model they hold is current. */
  get version(): number {
    return this.roadmapVersion;
  }

  /** Bumped on every change the index takes in (roadmap or annotations), so callers can cache what they derive. */
  get generation(): number {
    return this.changes;
  }

  folderOf(file: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.folders) {
      if (isStrictlyWithin(folder, file) && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }

  /** Workspace-relative path with forward slashes (the folder name is not included). */
  relativePath(file: string): string {
    const folder = this.folderOf(file);
    return toPosix(folder ? path.relative(folder, file) : file);
  }

  isRoadmapFile(file: string): boolean {
    const folder = this.folderOf(file);
    return folder !== undefined && this.kindOf(toPosix(path.relative(folder, file))) === 'roadmap';
  }

  /** Whether the index reads this file at all (a roadmap file or a language the scanner knows). */
  isIndexable(file: string): boolean {
    const folder = this.folderOf(file);
    if (folder === undefined) return languageOf(file) !== undefined;
    return this.kindOf(toPosix(path.relative(folder, file))) !== undefined;
  }

  /**
   * Sets a file's current text (from disk or an open editor) and re-indexes it. Returns false when
   * nothing the index holds changed (typing inside a line that holds no annotation), so callers can
   * skip republishing diagnostics and refreshing views.
   */
  updateFile(file: string, text: string): boolean {
    if (this.isRoadmapFile(file)) return this.setRoadmapText(file, text);
    return this.setAnnotations(file, scanText(text, file, this.settings));
  }

  /** `updateFile` for a file known to be a roadmap file. */
  setRoadmapText(file: string, text: string): boolean {
    const previous = this.roadmapModels.get(file);
    if (previous?.text === text) return false;
    const before = this.merged;
    // Only the file that changed is parsed again (only the item edited, when the edit stays inside one);
    // the others' models are kept.
    this.roadmapModels.set(
      file,
      previous ? reparseRoadmapFile(previous, text, this.settings) : parseRoadmapFile(file, text, this.settings),
    );
    this.roadmapChanged(before);
    return true;
  }

  /** `updateFile` for a source file already scanned (by a worker thread of the scan). */
  setAnnotations(file: string, annotations: Annotation[]): boolean {
    const previous = this.annotationsByFile.get(file);
    if (!previous && !annotations.length) return false;
    if (previous && JSON.stringify(previous) === JSON.stringify(annotations)) return false;
    if (annotations.length) this.annotationsByFile.set(file, annotations);
    else this.annotationsByFile.delete(file);
    this.changes++;
    if (previous) this.forgetKeys(file, previous);
    this.recordKeys(file, annotations);
    const derived = this.mergedRoadmap();
    if (previous) this.forgetSites(this.siteIndex, file, previous, derived);
    this.recordSites(this.siteIndex, file, annotations, derived);
    return true;
  }

  removeFile(file: string): void {
    if (this.roadmapModels.has(file)) {
      const before = this.merged;
      this.roadmapModels.delete(file);
      this.roadmapChanged(before);
    }
    const previous = this.annotationsByFile.get(file);
    if (previous) {
      this.annotationsByFile.delete(file);
      this.changes++;
      this.forgetKeys(file, previous);
      this.forgetSites(this.siteIndex, file, previous, this.mergedRoadmap());
    }
  }

  /** Removes every file under a folder (a deleted or renamed directory). */
  removeFolder(folder: string): void {
    for (const file of [...this.roadmapModels.keys(), ...this.annotationsByFile.keys()]) {
      if (isStrictlyWithin(folder, file)) this.removeFile(file);
    }
  }

  /**
   * The roadmap changed (it was `before`, if it had been derived): only the files naming a key whose
   * verdict may differ are to be judged again, and their sites recorded again. With nothing derived
   * before, every file is (the sites are recorded anew).
   */
  private roadmapChanged(before: Derived | undefined): void {
    this.roadmapVersion++;
    this.changes++;
    this.merged = undefined;
    this.roadmapProblems = undefined;
    const after = this.mergedRoadmap();
    // The first roadmap file, the last one gone, the roadmap loaded: code starts or stops being judged.
    const judgingChanged = this.judgesCode !== this.judgedCode;
    this.judgedCode = this.judgesCode;
    if (!before) {
      this.suggestions.clear();
      this.roadmapImpact = 'all';
      this.siteIndex = new Map();
      for (const [file, annotations] of this.annotationsByFile)
        this.recordSites(this.siteIndex, file, annotations, after);
      return;
    }
    if (judgingChanged) this.roadmapImpact = 'all';
    const changed = changedKeys(before, after, this.filesByKey.keys());
    // The items an unknown ID likely meant change only with the set of IDs and which of them are finished.
    if (changed.suggestions) this.suggestions.clear();
    const impact = this.roadmapImpact;
    if (impact !== 'all')
      for (const key of changed.verdicts) for (const file of this.filesByKey.get(key) ?? []) impact.add(file);
    // Sites are filed again only where they may move: typing a title or a status moves none.
    const refiled = new Set<string>();
    for (const key of changed.sites) for (const file of this.filesByKey.get(key) ?? []) refiled.add(file);
    for (const file of refiled) {
      const annotations = this.annotationsByFile.get(file) ?? [];
      this.forgetSites(this.siteIndex, file, annotations, before);
      this.recordSites(this.siteIndex, file, annotations, after);
    }
  }

  /**
   * The source files whose diagnostics may have changed with the roadmap since the last call ('all' when
   * any could have), and starts a new account. The roadmap files' own diagnostics are not included.
   */
  takeRoadmapImpact(): Set<string> | 'all' {
    const impact = this.roadmapImpact;
    this.roadmapImpact = new Set();
    return impact;
  }

  private recordKeys(file: string, annotations: readonly Annotation[]): void {
    for (const annotation of annotations) {
      for (const mention of annotation.ids) {
        let files = this.filesByKey.get(mention.id);
        if (!files) this.filesByKey.set(mention.id, (files = new Set()));
        files.add(file);
      }
    }
  }

  private forgetKeys(file: string, annotations: readonly Annotation[]): void {
    for (const annotation of annotations) {
      for (const mention of annotation.ids) {
        const files = this.filesByKey.get(mention.id);
        if (files?.delete(file) && files.size === 0) this.filesByKey.delete(mention.id);
      }
    }
  }

  get roadmap(): Roadmap {
    return this.mergedRoadmap().roadmap;
  }

  roadmapModelOf(file: string): RoadmapFileModel | undefined {
    return this.roadmapModels.get(file);
  }

  annotationsOf(file: string): Annotation[] {
    return this.annotationsByFile.get(file) ?? [];
  }

  /** Source files that hold at least one annotation. */
  files(): Iterable<[string, Annotation[]]> {
    return this.annotationsByFile.entries();
  }

  /** The line break the workspace's files use (a sample of those with annotations), for a file written new. */
  lineBreak(): '\n' | '\r\n' {
    return lineBreakOfFiles(this.annotationsByFile.keys(), this.settings.maxFileSizeBytes);
  }

  /** Whether any roadmap file exists: without one, no code is judged (the contract's "no roadmap"). */
  get hasRoadmap(): boolean {
    return this.roadmapModels.size > 0;
  }

  /** Whether every roadmap file has been read (always, except during the server's first scan). */
  get roadmapLoaded(): boolean {
    return !this.roadmapPending;
  }

  markRoadmapLoaded(): void {
    if (!this.roadmapPending) return;
    this.roadmapPending = false;
    // Verdicts start now: every file is judged (its sites were recorded with the roadmap as it was read).
    this.roadmapChanged(this.merged);
  }

  /** Whether code is judged against the roadmap: the roadmap is loaded and exists. */
  get judgesCode(): boolean {
    return this.roadmapLoaded && this.hasRoadmap;
  }

  /** The item IDs an annotation names (loose mentions of foreign prefixes such as "UTF-8" excluded). */
  linksOf(annotation: Annotation): IdMention[] {
    return linkedMentions(annotation, this.mergedRoadmap().prefixes);
  }

  /** The tickets an annotation cites, each with its tracker and the item listing it, if any. */
  ticketsOf(annotation: Annotation): TicketLink[] {
    return ticketLinksOf(annotation, this.mergedRoadmap().roadmap);
  }

  /** Debt that names no item and cites no ticket, in a workspace that has a roadmap: what Propose targets. */
  isUnlinkedDebt(annotation: Annotation): boolean {
    return this.judgesCode && isUnlinkedDebt(annotation, this.linksOf(annotation), this.ticketsOf(annotation));
  }

  /** Every unlinked debt annotation, file by file in index order. */
  *unlinkedDebt(): IterableIterator<{ file: string; annotation: Annotation }> {
    for (const [file, annotations] of this.annotationsByFile) {
      for (const annotation of annotations) if (this.isUnlinkedDebt(annotation)) yield { file, annotation };
    }
  }

  /** Every key-shaped word in the workspace's comments and every ticket items list: no new item ID may be one. */
  keysInUse(): Set<string> {
    const keys = new Set<string>(this.mergedRoadmap().roadmap.tickets.keys());
    for (const annotations of this.annotationsByFile.values()) {
      for (const annotation of annotations) for (const mention of annotation.ids) keys.add(mention.id);
    }
    return keys;
  }

  /** Code sites (debt and markers) that link an item ID, in file order. */
  sitesOf(id: string): CodeSite[] {
    const byFile = this.sites().get(id);
    if (!byFile) return [];
    return [...byFile.keys()].sort().flatMap((file) => byFile.get(file)!);
  }

  /** How many code sites link an item ID, and how many of them are debt: `sitesOf` without listing them. */
  siteCountsOf(id: string): { sites: number; debt: number } {
    let sites = 0;
    let debt = 0;
    for (const list of this.sites().get(id)?.values() ?? []) {
      sites += list.length;
      debt += debtCountOf(list);
    }
    return { sites, debt };
  }

  /** Every ID named from code, including unknown ones. */
  linkedIds(): IterableIterator<string> {
    return this.sites().keys();
  }

  problemsOf(file: string): Problem[] {
    const derived = this.mergedRoadmap();
    if (!this.roadmapProblems) {
      this.roadmapProblems = new Map();
      for (const problem of derived.roadmap.problems) {
        const list = this.roadmapProblems.get(problem.file);
        if (list) list.push(problem);
        else this.roadmapProblems.set(problem.file, [problem]);
      }
    }
    const roadmapProblems = this.roadmapProblems.get(file) ?? [];
    const annotations = this.annotationsByFile.get(file);
    if (!annotations || !this.judgesCode) return [...roadmapProblems];
    return [
      ...roadmapProblems,
      ...codeProblemsOf(
        file,
        annotations,
        derived.roadmap,
        derived.prefixes,
        this.settings.unlinkedDebtSeverity,
        this.today(),
        this.suggest,
      ),
    ];
  }

  /** All problems: the roadmap's and every source file's. */
  problems(): Problem[] {
    const derived = this.mergedRoadmap();
    const problems = [...derived.roadmap.problems];
    if (!this.judgesCode) return problems;
    const today = this.today();
    for (const [file, annotations] of this.annotationsByFile) {
      // One by one: a file of 100k+ TODOs would overflow the stack if spread into push().
      for (const problem of codeProblemsOf(
        file,
        annotations,
        derived.roadmap,
        derived.prefixes,
        this.settings.unlinkedDebtSeverity,
        today,
        this.suggest,
      ))
        problems.push(problem);
    }
    return problems;
  }

  private mergedRoadmap(): Derived {
    if (!this.merged) {
      // One order whatever the scan's or the locale's: of an ID defined twice, the first definition counts.
      const models = [...this.roadmapModels.values()].sort((a, b) => comparePaths(a.file, b.file));
      const roadmap = buildRoadmap(models, this.nameFile);
      this.merged = { roadmap, prefixes: knownPrefixesOf(roadmap) };
    }
    return this.merged;
  }

  private sites(): Map<string, Map<string, CodeSite[]>> {
    return this.siteIndex;
  }

  /** An annotation's sites, each under the item ID it serves: named directly, or through a listed ticket. */
  private sitesIn(file: string, annotation: Annotation, { prefixes, roadmap }: Derived): [string, CodeSite][] {
    const sites: [string, CodeSite][] = linkedMentions(annotation, prefixes).map((mention) => [
      mention.id,
      { file, annotation, mention },
    ]);
    for (const ticket of ticketLinksOf(annotation, roadmap)) {
      if (ticket.item) sites.push([ticket.item.id, { file, annotation, mention: ticket.mention, via: 'ticket' }]);
    }
    return sites;
  }

  private recordSites(
    index: Map<string, Map<string, CodeSite[]>>,
    file: string,
    annotations: readonly Annotation[],
    derived: Derived,
  ): void {
    for (const annotation of annotations) {
      for (const [id, site] of this.sitesIn(file, annotation, derived)) {
        let byFile = index.get(id);
        if (!byFile) index.set(id, (byFile = new Map()));
        let list = byFile.get(file);
        if (!list) byFile.set(file, (list = []));
        list.push(site);
      }
    }
  }

  /** `derived` is the roadmap the sites were recorded with, so the same keys come out. */
  private forgetSites(
    index: Map<string, Map<string, CodeSite[]>>,
    file: string,
    annotations: readonly Annotation[],
    derived: Derived,
  ): void {
    for (const annotation of annotations) {
      for (const [id] of this.sitesIn(file, annotation, derived)) {
        const byFile = index.get(id);
        if (byFile?.delete(file) && byFile.size === 0) index.delete(id);
      }
    }
  }
}

/** How many of these code sites are debt (the rest are `@roadmap` markers). */
export function debtCountOf(sites: readonly CodeSite[]): number {
  let count = 0;
  for (const site of sites) if (site.annotation.kind === 'debt') count++;
  return count;
}

/**
 * Scans every folder into `index`: roadmap files first (the index takes in no code before the whole
 * roadmap), then the code; requests keep being answered meanwhile.
 */
export async function scanFolders(index: WorkspaceIndex, options: LoadOptions = {}): Promise<void> {
  await scanRoots(index, index.folders, options, true);
}

/** Creates an index of the folders and scans them (the CLI's entry; the server scans incrementally). */
export async function loadWorkspace(
  folders: string[],
  settings: CompiledSettings = DEFAULT_COMPILED_SETTINGS,
  options: LoadOptions & IndexOptions = {},
): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(
    folders.map((folder) => path.resolve(folder)),
    settings,
    options,
  );
  await scanFolders(index, options);
  return index;
}
