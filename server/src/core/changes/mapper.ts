/**
 * Maps a git change (working tree against HEAD, or a branch against its base) to the roadmap items
 * it serves, following "Which item a change serves" of the roadmap format: annotations in the
 * hunk, the nearest enclosing `@roadmap` marker, items' `paths` globs, `Roadmap:` commit trailers.
 */
import { createReadStream, promises as fs } from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { scanText, type ScanOptions } from '../scanner';
import { DEFAULT_SETTINGS, type Annotation, type Roadmap } from '../types';
import { knownPrefixesOf, linkedMentions } from '../workspace/codeProblems';
import { looksBinary, readTextFile } from '../workspace/files';
import { toPosix } from '../workspace/walker';
import { DiffParser, LineSplitter, type FileDiff, type HunkRange } from './diff';
import {
  GitError,
  emptyTree,
  filesOfCommit,
  headIsNamed,
  mergeBase,
  readBlobs,
  repositoryRoot,
  resolveCommit,
  roadmapTrailers,
  spawnGit,
  untrackedFiles,
} from './git';
import type {
  Attribution,
  AttributionReason,
  ChangeBase,
  ChangeReport,
  ChangedFile,
  ChangedHunk,
  NewDebt,
  ServedItem,
  UnattributedChange,
} from './types';
import { compareIds } from '../ids';

export interface MapChangesOptions {
  /** A folder inside the repository; the comparison is limited to it. */
  cwd: string;
  /** Compare HEAD with its merge-base with this ref; absent = working tree and index against HEAD. */
  base?: string;
  roadmap: Roadmap;
  scan: ScanOptions;
  /** Reads a working-tree file (default: from disk, with the size cap and binary check). */
  readFile?: (absolutePath: string) => Promise<string>;
  /** The folder items' `paths` globs are relative to (default: `cwd`). */
  workspaceRoot?: string;
  /** Files larger than this are not scanned for annotations. */
  maxFileSizeBytes?: number;
}

/** Files read at once from the working tree. */
const READ_CONCURRENCY = 16;
const REGULAR_FILE_MODES = new Set(['100644', '100755']);

/** One changed file while the report is built: its diff plus the annotations of both sides. */
interface WorkFile {
  diff: FileDiff;
  untracked: boolean;
  newAnnotations: Annotation[];
  oldAnnotations: Annotation[];
}

export async function mapChanges(options: MapChangesOptions): Promise<ChangeReport> {
  const cwd = path.resolve(options.cwd);
  const maxBytes = options.maxFileSizeBytes ?? DEFAULT_SETTINGS.maxFileSizeBytes;
  const root = await repositoryRoot(cwd);
  const head = await resolveCommit(cwd, 'HEAD');
  if (!head && (await headIsNamed(cwd))) {
    throw new GitError('bad-revision', 'HEAD points to a commit that is missing from the repository; it may be corrupt or incomplete.');
  }

  let base: ChangeBase;
  let oldSide: string;
  /** Undefined: the working tree. */
  let newSide: string | undefined;
  if (options.base === undefined) {
    oldSide = head ?? (await emptyTree(cwd));
    base = {
      mode: 'working-tree',
      description: head ? `working tree and index against HEAD (${short(head)})` : 'working tree (no commits yet)',
      commit: head,
    };
  } else {
    if (!head) throw new GitError('no-commits', 'HEAD has no commits yet, so there is no branch to compare with a base.');
    const baseCommit = await resolveCommit(cwd, options.base);
    if (!baseCommit) throw new GitError('bad-revision', `Unknown base "${options.base}": no branch, tag or commit has that name.`);
    const common = await mergeBase(cwd, baseCommit, head);
    if (!common) throw new GitError('no-merge-base', `HEAD and "${options.base}" have no common ancestor.`);
    oldSide = common;
    newSide = head;
    base = {
      mode: 'branch',
      description: `HEAD (${short(head)}) against ${options.base} (merge-base ${short(common)})`,
      ref: options.base,
      commit: common,
    };
  }

  const work: WorkFile[] = (await diffFiles(cwd, oldSide, newSide)).map((diff) => ({
    diff,
    untracked: false,
    newAnnotations: [],
    oldAnnotations: [],
  }));
  if (newSide === undefined) {
    for (const file of await untrackedFiles(cwd)) {
      work.push({
        diff: { path: file, status: 'added', binary: false, hunks: [], newMode: '100644' },
        untracked: true,
        newAnnotations: [],
        oldAnnotations: [],
      });
    }
  }
  work.sort((a, b) => (a.diff.path < b.diff.path ? -1 : a.diff.path > b.diff.path ? 1 : 0));

  // Sorted by line: hunks look their annotations up by binary search.
  const scanOf = (file: string, text: string) =>
    scanText(text, path.join(root, file), options.scan).sort((a, b) => a.range.start.line - b.range.start.line);
  await readNewSides(work, { root, newSide, maxBytes, readFile: options.readFile, scanOf });
  if (head) await readOldSides(work, { root, oldSide, maxBytes, scanOf });

  const trailers = newSide ? await trailerIdsByFile(cwd, `${oldSide}..${newSide}`, options.scan.idPattern) : new Map<string, TrailerMark[]>();
  const context: AttributionContext = {
    prefixes: knownPrefixesOf(options.roadmap),
    roadmapEntries: roadmapEntriesOf(options.roadmap, root),
    pathRules: pathRulesOf(options.roadmap),
    workspacePrefix: await workspacePrefixOf(root, options.workspaceRoot ?? cwd),
    trailers,
  };
  const files = work.map((file) => attributeFile(file, context));
  return {
    root,
    base,
    files,
    byItem: servedItems(files, options.roadmap),
    unattributed: unattributedChanges(files),
    newDebt: newDebtOf(work, context.prefixes),
  };
}

function short(hash: string): string {
  return hash.slice(0, 7);
}

// ---------------------------------------------------------------------------------------------
// Reading the diff and both sides' texts

async function diffFiles(cwd: string, oldSide: string, newSide: string | undefined): Promise<FileDiff[]> {
  const parser = new DiffParser();
  const splitter = new LineSplitter((line) => parser.line(line));
  const args = ['diff', '--no-ext-diff', '--no-textconv', '--no-color', '-U0', '-M', '--src-prefix=a/', '--dst-prefix=b/', oldSide];
  if (newSide) args.push(newSide);
  args.push('--', '.');
  await spawnGit(args, { cwd }, (chunk) => splitter.push(chunk));
  splitter.end();
  return parser.files;
}

interface SideOptions {
  root: string;
  maxBytes: number;
  scanOf: (file: string, text: string) => Annotation[];
}

async function readNewSides(
  work: WorkFile[],
  options: SideOptions & { newSide: string | undefined; readFile?: (absolutePath: string) => Promise<string> },
): Promise<void> {
  const wanted = work.filter((file) => file.diff.status !== 'deleted' && !file.diff.binary && isRegular(file.diff.newMode));
  if (options.newSide) {
    const readable = wanted.filter((file) => !file.diff.path.includes('\n'));
    await readBlobs(options.root, readable.map((file) => `${options.newSide}:${file.diff.path}`), options.maxBytes, (index, content) => {
      const text = content && textOf(content);
      if (text !== undefined) readable[index].newAnnotations = options.scanOf(readable[index].diff.path, text);
    });
    return;
  }
  const read = options.readFile
    ? async (absolute: string) => {
        try {
          const text = await options.readFile!(absolute);
          return text.length > options.maxBytes || text.slice(0, BINARY_SNIFF).includes('\0') ? undefined : text;
        } catch {
          return undefined;
        }
      }
    : async (absolute: string) => {
        const outcome = await readTextFile(absolute, options.maxBytes);
        return outcome.ok ? outcome.text : undefined;
      };
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const file = wanted[next++];
      const text = await read(path.join(options.root, file.diff.path));
      if (file.untracked) {
        // git shows no hunks for untracked files: the whole text is one added hunk.
        const shape = text === undefined ? await inspectOnDisk(path.join(options.root, file.diff.path)) : { binary: false, lines: countLines(text) };
        if (shape?.binary) file.diff.binary = true;
        else if (shape && shape.lines > 0) file.diff.hunks.push({ oldStart: 0, oldLines: 0, newStart: 1, newLines: shape.lines });
      }
      if (text !== undefined) file.newAnnotations = options.scanOf(file.diff.path, text);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, wanted.length) }, worker));
}

/** Old texts matter only where lines were removed: their annotations are what the change takes away. */
async function readOldSides(work: WorkFile[], options: SideOptions & { oldSide: string }): Promise<void> {
  const wanted = work.filter(
    (file) =>
      !file.untracked &&
      !file.diff.binary &&
      isRegular(file.diff.oldMode) &&
      file.diff.hunks.some((hunk) => hunk.oldLines > 0) &&
      !(file.diff.oldPath ?? file.diff.path).includes('\n'),
  );
  await readBlobs(options.root, wanted.map((file) => `${options.oldSide}:${file.diff.oldPath ?? file.diff.path}`), options.maxBytes, (index, content) => {
    const text = content && textOf(content);
    const file = wanted[index];
    if (text !== undefined) file.oldAnnotations = options.scanOf(file.diff.oldPath ?? file.diff.path, text);
  });
}

function isRegular(mode: string | undefined): boolean {
  return mode === undefined || REGULAR_FILE_MODES.has(mode);
}

/** Bytes git also checks for NUL before calling a file binary. */
const BINARY_SNIFF = 8000;

function textOf(content: Buffer): string | undefined {
  return looksBinary(content) ? undefined : content.toString('utf8');
}

/**
 * An untracked file that could not be read as text (binary, over the size cap): whether it is
 * binary, and else how many lines it has, streamed so that a huge file costs no memory.
 */
async function inspectOnDisk(absolute: string): Promise<{ binary: boolean; lines: number } | undefined> {
  try {
    let lines = 0;
    let sniffed = 0;
    let lastByte = 10;
    for await (const chunk of createReadStream(absolute) as AsyncIterable<Buffer>) {
      if (sniffed < BINARY_SNIFF) {
        if (looksBinary(chunk.subarray(0, BINARY_SNIFF - sniffed))) return { binary: true, lines: 0 };
        sniffed += chunk.length;
      }
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      if (chunk.length) lastByte = chunk[chunk.length - 1];
    }
    return { binary: false, lines: lastByte === 10 ? lines : lines + 1 };
  } catch {
    return undefined;
  }
}

/** Lines as git counts them: a final line without a line break still counts. */
function countLines(text: string): number {
  if (!text) return 0;
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines : lines + 1;
}

// ---------------------------------------------------------------------------------------------
// Attribution

interface PathRule {
  itemId: string;
  glob: string;
  matches: (relativePath: string) => boolean;
}

interface TrailerMark {
  itemId: string;
  hash: string;
}

interface AttributionContext {
  prefixes: ReadonlySet<string>;
  /** Repository-relative roadmap file → its items' 0-based line spans (the roadmap as it is now). */
  roadmapEntries: Map<string, { itemId: string; first: number; last: number }[]>;
  pathRules: PathRule[];
  /** How to turn a repository-relative path into a workspace-relative one (undefined: outside). */
  workspacePrefix: { up: string; down: string };
  trailers: Map<string, TrailerMark[]>;
}

function roadmapEntriesOf(roadmap: Roadmap, root: string): AttributionContext['roadmapEntries'] {
  const entries: AttributionContext['roadmapEntries'] = new Map();
  for (const item of roadmap.items.values()) {
    const relative = path.relative(root, item.file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const repoPath = relative.split(path.sep).join('/');
    let list = entries.get(repoPath);
    if (!list) entries.set(repoPath, (list = []));
    // A range that ends at the start of a line does not cover that line (the next item may begin there).
    const { start, end } = item.range;
    const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
    list.push({ itemId: item.id, first: start.line, last });
  }
  return entries;
}

function pathRulesOf(roadmap: Roadmap): PathRule[] {
  const rules: PathRule[] = [];
  for (const item of roadmap.items.values()) {
    for (const glob of item.paths) {
      try {
        rules.push({ itemId: item.id, glob, matches: picomatch(glob, { dot: true }) });
      } catch {
        // An unparsable glob matches nothing; the roadmap file is where it should be fixed.
      }
    }
  }
  return rules;
}

/**
 * Item `paths` are relative to the workspace folder, git paths to the repository root; the two
 * differ when the workspace is a sub-folder (or, rarely, a parent) of the repository.
 */
async function workspacePrefixOf(root: string, workspaceRoot: string): Promise<{ up: string; down: string }> {
  const real = async (folder: string) => fs.realpath(folder).catch(() => path.resolve(folder));
  const relative = toPosix(path.relative(await real(root), await real(workspaceRoot)));
  if (relative === '') return { up: '', down: '' };
  if (relative.startsWith('..')) return { up: '', down: toPosix(path.relative(await real(workspaceRoot), await real(root))) + '/' };
  return { up: relative + '/', down: '' };
}

function workspaceRelative(repoPath: string, prefix: { up: string; down: string }): string | undefined {
  if (prefix.up) return repoPath.startsWith(prefix.up) ? repoPath.slice(prefix.up.length) : undefined;
  return prefix.down + repoPath;
}

async function trailerIdsByFile(cwd: string, range: string, idPattern: string): Promise<Map<string, TrailerMark[]>> {
  const byFile = new Map<string, TrailerMark[]>();
  const idRegex = idRegexOf(idPattern);
  if (!idRegex) return byFile;
  for (const commit of await roadmapTrailers(cwd, range)) {
    const ids = new Set<string>();
    for (const value of commit.values) for (const match of value.matchAll(idRegex)) ids.add(match[0]);
    if (ids.size === 0) continue;
    for (const file of await filesOfCommit(cwd, commit.hash)) {
      let marks = byFile.get(file);
      if (!marks) byFile.set(file, (marks = []));
      for (const itemId of ids) marks.push({ itemId, hash: commit.hash });
    }
  }
  return byFile;
}

function idRegexOf(idPattern: string): RegExp | undefined {
  try {
    return new RegExp(`(?<![A-Za-z0-9_])(?:${idPattern})(?![A-Za-z0-9_])`, 'g');
  } catch {
    return undefined;
  }
}

/** Attributions in precedence order, each item once (the first reason found wins). */
class AttributionList {
  readonly list: Attribution[] = [];
  private readonly seen = new Set<string>();

  add(itemId: string, reason: AttributionReason, detail: string): void {
    if (this.seen.has(itemId)) return;
    this.seen.add(itemId);
    this.list.push({ itemId, reason, detail });
  }

  addAll(attributions: readonly Attribution[]): void {
    for (const attribution of attributions) this.add(attribution.itemId, attribution.reason, attribution.detail);
  }
}

function attributeFile(work: WorkFile, context: AttributionContext): ChangedFile {
  const { diff } = work;
  const markers = work.newAnnotations.filter((annotation) => annotation.kind === 'marker');
  const fileWide = fileWideAttributions(diff, context);
  const changed: ChangedFile = {
    path: diff.path,
    ...(diff.oldPath !== undefined && { oldPath: diff.oldPath }),
    status: diff.status,
    binary: diff.binary,
    ...(work.untracked && { untracked: true }),
    hunks: [],
    attributions: [],
  };
  const union = new AttributionList();
  const entries = diff.status === 'deleted' ? [] : context.roadmapEntries.get(diff.path) ?? [];
  for (const range of diff.hunks) {
    const attributions = new AttributionList();
    const [first, last] = newSideLines(range);
    for (const entry of entries) {
      if (range.newLines > 0 && entry.first <= last && first <= entry.last) {
        attributions.add(entry.itemId, 'roadmap', `edits the item's entry (lines ${entry.first + 1}–${entry.last + 1})`);
      }
    }
    addHunkAnnotations(attributions, work, range, context.prefixes);
    addMarkers(attributions, markers, first, last, context.prefixes);
    attributions.addAll(fileWide);
    const hunk: ChangedHunk = { ...range, attributions: attributions.list };
    changed.hunks.push(hunk);
    union.addAll(hunk.attributions);
  }
  if (diff.hunks.length === 0) {
    // No text hunk (binary, pure rename, mode change, empty or untracked file): the file as a whole.
    if (work.untracked) for (const entry of entries) union.add(entry.itemId, 'roadmap', 'a new roadmap file defines it');
    const fileLevel = markers.filter((marker) => marker.fileLevel);
    addMarkers(union, fileLevel, 0, 0, context.prefixes);
    union.addAll(fileWide);
  }
  changed.attributions = union.list;
  return changed;
}

/** 0-based new-side lines a hunk touches; a pure deletion is anchored on the line before it. */
function newSideLines(range: HunkRange): [number, number] {
  if (range.newLines === 0) {
    const anchor = Math.max(0, range.newStart - 1);
    return [anchor, anchor];
  }
  return [range.newStart - 1, range.newStart + range.newLines - 2];
}

function annotationLabel(annotation: Annotation): string {
  return annotation.kind === 'marker' ? '@roadmap' : annotation.tag;
}

function addHunkAnnotations(list: AttributionList, work: WorkFile, range: HunkRange, prefixes: ReadonlySet<string>): void {
  if (range.newLines > 0) {
    const first = range.newStart - 1;
    const last = first + range.newLines - 1;
    for (const annotation of annotationsWithin(work.newAnnotations, first, last)) {
      for (const mention of linkedMentions(annotation, prefixes)) {
        list.add(mention.id, 'annotation', `${annotationLabel(annotation)} at line ${annotation.range.start.line + 1}`);
      }
    }
  }
  if (range.oldLines > 0) {
    const first = range.oldStart - 1;
    const last = first + range.oldLines - 1;
    for (const annotation of annotationsWithin(work.oldAnnotations, first, last)) {
      for (const mention of linkedMentions(annotation, prefixes)) {
        list.add(mention.id, 'annotation', `removed ${annotationLabel(annotation)} at old line ${annotation.range.start.line + 1}`);
      }
    }
  }
}

/** Annotations starting on lines first..last (0-based, inclusive); `annotations` is in file order. */
function annotationsWithin(annotations: readonly Annotation[], first: number, last: number): Annotation[] {
  let low = 0;
  let high = annotations.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (annotations[mid].range.start.line < first) low = mid + 1;
    else high = mid;
  }
  const found: Annotation[] = [];
  for (let i = low; i < annotations.length && annotations[i].range.start.line <= last; i++) found.push(annotations[i]);
  return found;
}

/**
 * For each line of first..last, the nearest enclosing marker is the one starting last among those
 * whose scope covers it. Markers starting inside the range stand on the hunk's own lines (rule 1
 * already took them), so the answer only changes just after a scope ends: checking `first` and
 * those lines finds every marker that is nearest somewhere in the range.
 */
function addMarkers(list: AttributionList, markers: readonly Annotation[], first: number, last: number, prefixes: ReadonlySet<string>): void {
  if (markers.length === 0) return;
  const probes = new Set([first]);
  for (const marker of markers) {
    const after = scopeEnd(marker) + 1;
    if (after > first && after <= last) probes.add(after);
  }
  const nearest = new Set<Annotation>();
  for (const line of probes) {
    let best: Annotation | undefined;
    for (const marker of markers) {
      if (marker.range.start.line <= line && line <= scopeEnd(marker) && (!best || marker.range.start.line > best.range.start.line)) best = marker;
    }
    if (best) nearest.add(best);
  }
  const ordered = [...nearest].sort((a, b) => b.range.start.line - a.range.start.line);
  for (const marker of ordered) {
    const start = marker.range.start.line + 1;
    const scope = marker.fileLevel ? 'covers the file' : `covers lines ${start}–${scopeEnd(marker) + 1}`;
    for (const mention of linkedMentions(marker, prefixes)) list.add(mention.id, 'marker', `@roadmap at line ${start} ${scope}`);
  }
}

function scopeEnd(marker: Annotation): number {
  return marker.scopeEndLine ?? marker.range.start.line;
}

/** Rules 3 and 4 concern the file, not the lines: computed once per file. */
function fileWideAttributions(diff: FileDiff, context: AttributionContext): Attribution[] {
  const list = new AttributionList();
  const candidates: { repoPath: string; note: string }[] = [{ repoPath: diff.path, note: '' }];
  if (diff.oldPath !== undefined) candidates.push({ repoPath: diff.oldPath, note: ' (old path)' });
  for (const candidate of candidates) {
    const relative = workspaceRelative(candidate.repoPath, context.workspacePrefix);
    if (relative === undefined) continue;
    for (const rule of context.pathRules) {
      if (rule.matches(relative)) list.add(rule.itemId, 'paths', `matches ${rule.glob}${candidate.note}`);
    }
  }
  for (const candidate of candidates) {
    for (const mark of context.trailers.get(candidate.repoPath) ?? []) {
      list.add(mark.itemId, 'trailer', `Roadmap trailer of commit ${short(mark.hash)}`);
    }
  }
  return list.list;
}

// ---------------------------------------------------------------------------------------------
// Roll-ups

function servedItems(files: ChangedFile[], roadmap: Roadmap): ServedItem[] {
  const byId = new Map<string, ServedItem>();
  const count = (file: ChangedFile, attributions: readonly Attribution[]) => {
    for (const { itemId, reason } of attributions) {
      let served = byId.get(itemId);
      if (!served) {
        const item = roadmap.items.get(itemId);
        served = item
          ? { itemId, known: true, title: item.title, kind: item.kind, status: item.status, objective: item.objective, values: item.values, files: [], hunks: 0, reasons: [] }
          : { itemId, known: false, values: [], files: [], hunks: 0, reasons: [] };
        byId.set(itemId, served);
      }
      served.hunks++;
      if (served.files[served.files.length - 1] !== file.path) served.files.push(file.path);
      if (!served.reasons.includes(reason)) served.reasons.push(reason);
    }
  };
  for (const file of files) {
    if (file.hunks.length === 0) count(file, file.attributions);
    else for (const hunk of file.hunks) count(file, hunk.attributions);
  }
  const order: AttributionReason[] = ['roadmap', 'annotation', 'marker', 'paths', 'trailer'];
  for (const served of byId.values()) served.reasons.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const known = [...roadmap.items.keys()].filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  const unknown = [...byId.values()]
    .filter((served) => !served.known)
    .sort((a, b) => compareIds(a.itemId, b.itemId));
  return [...known, ...unknown];
}

function unattributedChanges(files: ChangedFile[]): UnattributedChange[] {
  const changes: UnattributedChange[] = [];
  for (const file of files) {
    if (file.hunks.length === 0) {
      if (file.attributions.length === 0) changes.push({ path: file.path });
      continue;
    }
    for (const hunk of file.hunks) {
      if (hunk.attributions.length === 0) {
        changes.push({ path: file.path, hunk: { oldStart: hunk.oldStart, oldLines: hunk.oldLines, newStart: hunk.newStart, newLines: hunk.newLines } });
      }
    }
  }
  return changes;
}

/**
 * Debt annotations on added lines, minus those that only moved: a removed debt annotation with
 * the same tag, text and links (anywhere in the change) cancels one added twin.
 */
function newDebtOf(work: WorkFile[], prefixes: ReadonlySet<string>): ChangeReport['newDebt'] {
  const keyOf = (annotation: Annotation, ids: string[]) => `${annotation.tag}\0${annotation.text}\0${ids.join(',')}`;
  const removed = new Map<string, number>();
  for (const file of work) {
    for (const hunk of file.diff.hunks) {
      if (hunk.oldLines === 0) continue;
      for (const annotation of annotationsWithin(file.oldAnnotations, hunk.oldStart - 1, hunk.oldStart + hunk.oldLines - 2)) {
        if (annotation.kind !== 'debt') continue;
        const key = keyOf(annotation, linkedMentions(annotation, prefixes).map((mention) => mention.id));
        removed.set(key, (removed.get(key) ?? 0) + 1);
      }
    }
  }
  const linked: NewDebt[] = [];
  const unlinked: NewDebt[] = [];
  for (const file of work) {
    for (const hunk of file.diff.hunks) {
      if (hunk.newLines === 0) continue;
      for (const annotation of annotationsWithin(file.newAnnotations, hunk.newStart - 1, hunk.newStart + hunk.newLines - 2)) {
        if (annotation.kind !== 'debt') continue;
        const ids = linkedMentions(annotation, prefixes).map((mention) => mention.id);
        const key = keyOf(annotation, ids);
        const twins = removed.get(key) ?? 0;
        if (twins > 0) {
          removed.set(key, twins - 1);
          continue;
        }
        const debt: NewDebt = {
          path: file.diff.path,
          line: annotation.range.start.line + 1,
          column: annotation.range.start.character + 1,
          tag: annotation.tag,
          text: annotation.text,
          ids,
        };
        (ids.length ? linked : unlinked).push(debt);
      }
    }
  }
  return { linked, unlinked };
}
