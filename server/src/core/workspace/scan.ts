/**
 * The scan of workspace folders into the index. Walking and reading are one: whoever lists a folder
 * reads the source files in it at once, with synchronous calls (three per file: open, read, close;
 * a file holding no tag is neither decoded nor lexed), in steps of a few milliseconds with a turn of the
 * event loop between them, so a server keeps answering. Roadmap files are read as they are found, and
 * code results reach the index only once every folder is listed, so the index takes in the whole roadmap
 * before any code.
 *
 * Worker threads were tried (each walking subtrees on its own with synchronous reads, sharing folders
 * when one ran dry): on the 2-core shared machine this was measured on, two workers cost 35% more CPU
 * (each thread warms its own JIT) and took longer than one thread, whose CPU time is what a loaded
 * machine gives back.
 */
import * as path from 'path';
import { isStrictlyWithin } from '../paths';
import type { CompiledSettings } from '../settings';
import { readBytesSync } from './files';
import type { LoadOptions, WorkspaceIndex } from './index';
import { fileKinds, SourceReader, type FileKind, type SourceResult } from './reader';
import { FolderLister, gitIgnoresCase, type PendingFolder, type WalkedFile } from './walker';

/** A step ends once it has read this many files or listed this many folders: a few milliseconds. */
const STEP_FILES = 128;
const STEP_FOLDERS = 32;
/** Files whose results are taken into the index between two turns of the event loop. */
const APPLY_FILES = 512;

/**
 * Scans the files under `roots` (workspace folders, or folders inside them) into `index`: every roadmap
 * file, then the code. Returns the files found, roadmap files first. The scan of the `wholeWorkspace`
 * tells the index when its roadmap is loaded (and `onRoadmapLoaded`), before any code reaches it.
 */
export async function scanRoots(
  index: WorkspaceIndex,
  roots: string[],
  options: LoadOptions = {},
  wholeWorkspace = false,
): Promise<string[]> {
  const cancelled = () => options.isCancelled?.() === true;
  const wanted = (file: string) => options.shouldRead?.(file) !== false;
  // Whether each root's `.gitignore` rules ignore case, as git there does (its config says so).
  const scanner = new FolderScanner(
    index,
    roots,
    await Promise.all(roots.map((root) => gitIgnoresCase(root))),
    options.onSkip,
  );
  const found: StepResult = { roadmapFiles: [], sourceFiles: [], results: [] };
  const scratch = { buffer: Buffer.allocUnsafe(64 * 1024) };
  while (!scanner.done) {
    if (cancelled()) return [...found.roadmapFiles, ...found.sourceFiles];
    const step = scanner.step();
    for (const file of step.roadmapFiles) {
      found.roadmapFiles.push(file);
      if (!wanted(file)) continue;
      const outcome = readBytesSync(file, index.settings.maxFileSizeBytes, scratch);
      if (outcome.ok) index.setRoadmapText(file, outcome.bytes.toString('utf8'));
      else options.onSkip?.(file, `${outcome.reason}: ${outcome.detail}`);
    }
    for (const file of step.sourceFiles) found.sourceFiles.push(file);
    for (const result of step.results) found.results.push(result);
    options.onProgress?.(found.roadmapFiles.length + found.sourceFiles.length);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (cancelled()) return [...found.roadmapFiles, ...found.sourceFiles];
  // From here the count is of files taken into the index, out of every file found.
  const total = found.roadmapFiles.length + found.sourceFiles.length;
  options.onProgress?.(found.roadmapFiles.length, total);
  if (wholeWorkspace) {
    index.markRoadmapLoaded();
    options.onRoadmapLoaded?.();
  }
  // Every roadmap file is in: now the code, in the order found (results are in `sourceFiles` order), a
  // slice at a time, as recording a file's annotations and sites takes a while in a file full of them.
  let next = 0;
  for (let i = 0; i < found.sourceFiles.length; i++) {
    if (i % APPLY_FILES === APPLY_FILES - 1) {
      options.onProgress?.(found.roadmapFiles.length + i, total);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (cancelled()) return [...found.roadmapFiles, ...found.sourceFiles];
    }
    const file = found.sourceFiles[i];
    const result = found.results[next]?.file === file ? found.results[next++] : undefined;
    if (!wanted(file)) continue;
    if (result && 'skipped' in result) {
      options.onSkip?.(file, result.skipped);
      index.setAnnotations(file, []);
    } else if (result?.annotations || index.annotationsOf(file).length)
      index.setAnnotations(file, result?.annotations ?? []);
  }
  options.onProgress?.(total, total);
  return [...found.roadmapFiles, ...found.sourceFiles];
}

interface StepResult {
  roadmapFiles: string[];
  sourceFiles: string[];
  /** Only the source files that hold annotations or were skipped, in `sourceFiles` order. */
  results: SourceResult[];
}

/** A folder still to list, or the rest of a folder's files when a step ran out of budget in it. */
type StackEntry = { lister: FolderLister<FileKind>; folder: PendingFolder } | { files: WalkedFile<FileKind>[] };

/** The walk's lister of `root` (a workspace folder or a folder inside one) under the index's settings. */
export function folderLister(
  index: WorkspaceIndex,
  root: string,
  ignorecase: boolean,
  onSkip?: (file: string, reason: string) => void,
  kindOf: (relativePath: string) => FileKind | undefined = fileKinds(index.settings),
): FolderLister<FileKind> {
  const folder = index.folderOf(root) ?? root;
  // The index classifies paths relative to their workspace folder; the walk gives them relative to `root`.
  const prefix = folder === root ? '' : `${index.relativePath(root)}/`;
  return new FolderLister<FileKind>({
    exclude: index.settings.exclude,
    wantFile: prefix ? (relative) => kindOf(prefix + relative) : kindOf,
    // Another workspace folder inside this one is walked as a folder of its own.
    skipFolders: index.folders.filter((other) => isStrictlyWithin(root, other)),
    ignorecase,
    onSkip,
  });
}

/** The walk of the roots, depth first, one step at a time. */
class FolderScanner {
  private readonly reader: SourceReader;
  private readonly stack: StackEntry[] = [];

  constructor(
    index: WorkspaceIndex,
    roots: string[],
    ignorecase: boolean[],
    onSkip?: (file: string, reason: string) => void,
  ) {
    const settings: CompiledSettings = index.settings;
    this.reader = new SourceReader(settings);
    const kindOf = fileKinds(settings);
    for (let i = roots.length - 1; i >= 0; i--) {
      const lister = folderLister(index, roots[i], ignorecase[i], onSkip, kindOf);
      this.stack.push({ lister, folder: lister.rootOf(path.normalize(roots[i])) });
    }
  }

  get done(): boolean {
    return this.stack.length === 0;
  }

  /** Lists folders and reads their source files until the step's budget is spent. */
  step(): StepResult {
    const result: StepResult = { roadmapFiles: [], sourceFiles: [], results: [] };
    let files = 0;
    for (let folders = 0; this.stack.length && files < STEP_FILES && folders < STEP_FOLDERS;) {
      const entry = this.stack.pop()!;
      let listed: WalkedFile<FileKind>[];
      if ('files' in entry) listed = entry.files;
      else {
        folders++;
        const listing = entry.lister.list(entry.folder);
        if (!listing) continue;
        for (let i = listing.subdirs.length - 1; i >= 0; i--)
          this.stack.push({ lister: entry.lister, folder: listing.subdirs[i] });
        listed = listing.files;
      }
      for (let i = 0; i < listed.length; i++) {
        if (files >= STEP_FILES) {
          this.stack.push({ files: listed.slice(i) });
          break;
        }
        const file = listed[i];
        if (file.kind === 'roadmap') {
          result.roadmapFiles.push(file.absolute);
          continue;
        }
        files++;
        result.sourceFiles.push(file.absolute);
        const read = this.reader.read(file.absolute);
        if ('skipped' in read || read.annotations) result.results.push(read);
      }
    }
    return result;
  }
}
