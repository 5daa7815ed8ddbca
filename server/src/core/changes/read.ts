/**
 * Reading a change: git (which commits, the diff, commit trailers) and the texts of both sides,
 * scanned for annotations. Everything the attribution needs is gathered here, so the attribution
 * itself ({@link ./attribute}) runs without git or a file system.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseRoadmapFile } from '../roadmap';
import { scanText } from '../scanner';
import type { CompiledSettings, IdMatchers } from '../settings';
import type { Annotation, ItemStatus } from '../types';
import {
  BINARY_SNIFF_BYTES,
  forEachConcurrently,
  looksBinary,
  openRegularFile,
  readTextFile,
} from '../workspace/files';
import { toPosix } from '../workspace/walker';
import { DiffParser, LineSplitter, type FileDiff } from './diff';
import {
  GitError,
  emptyTree,
  filesOfCommit,
  headIsNamed,
  isShallow,
  mergeBase,
  readBlobs,
  repositoryRoot,
  resolveCommit,
  roadmapTrailers,
  spawnGit,
  untrackedFiles,
} from './git';
import type { ChangeBase } from './types';

export interface ReadChangesOptions {
  /** A folder inside the repository; the comparison is limited to it. */
  cwd: string;
  /** Compare with the merge-base of HEAD and this ref; absent = working tree and index against HEAD. */
  base?: string;
  /** How to name `base` in the description, e.g. the branch a commit hash stands for. */
  baseName?: string;
  /**
   * With `base`: compare the working tree (untracked files included) instead of the HEAD commit
   * with the merge-base, so uncommitted work counts as the branch's.
   */
  includeWorkingTree?: boolean;
  /** With `base`: the commit compared instead of HEAD (e.g. the default branch's tip for its mix). */
  head?: string;
  /** Tags, ID pattern and the file size cap. */
  settings: CompiledSettings;
  /** Reads a working-tree file (default: from disk, with the size cap and binary check). */
  readFile?: (absolutePath: string) => Promise<string>;
  /** The folder items' `paths` globs are relative to (default: `cwd`). */
  workspaceRoot?: string;
}

/** One changed file as read: its diff plus the annotations of both sides, each sorted by line. */
export interface ChangedSource {
  diff: FileDiff;
  /** Not yet known to git (working-tree comparison only). */
  untracked: boolean;
  newAnnotations: Annotation[];
  /** Read only where lines were removed: their annotations are what the change takes away. */
  oldAnnotations: Annotation[];
}

/** A `Roadmap:` trailer of a commit, applied to a file that commit touched. */
export interface TrailerMark {
  itemId: string;
  hash: string;
  /** A key named in the commit's message rather than a `Roadmap:` trailer: it counts when an item lists it as a ticket. */
  inMessage?: true;
}

/** How a repository-relative path becomes workspace-relative: strip `up`, or prepend `down`. */
export interface WorkspacePrefix {
  up: string;
  down: string;
}

/** Everything the attribution needs, read from git and the files. */
export interface ChangeInput {
  /** The repository's top folder, as git prints it. */
  root: string;
  base: ChangeBase;
  /** In path order. */
  files: ChangedSource[];
  /** Repository-relative path → the trailers of the branch's commits that touched it. */
  trailers: Map<string, TrailerMark[]>;
  workspacePrefix: WorkspacePrefix;
}

/** Files read at once from the working tree. */
const READ_CONCURRENCY = 16;
const REGULAR_FILE_MODES = new Set(['100644', '100755']);
const SYMLINK_MODE = '120000';
/** CI checkouts are shallow by default; this is how to get the whole history there. */
const FETCH_ALL_HINT = 'or check out the whole history (in GitHub Actions: actions/checkout with fetch-depth: 0)';

export async function readChanges(options: ReadChangesOptions): Promise<ChangeInput> {
  const cwd = path.resolve(options.cwd);
  const maxBytes = options.settings.maxFileSizeBytes;
  const root = await repositoryRoot(cwd);
  const head = await resolveCommit(cwd, 'HEAD');
  if (!head && (await headIsNamed(cwd))) {
    throw new GitError(
      'bad-revision',
      'HEAD points to a commit that is missing from the repository; it may be corrupt or incomplete.',
    );
  }

  let base: ChangeBase;
  let oldSide: string;
  /** Undefined: the working tree. */
  let newSide: string | undefined;
  if (options.base === undefined) {
    oldSide = head ?? (await emptyTree(cwd));
    base = {
      mode: 'working-tree',
      description: head ? `working tree and index against HEAD (${shortHash(head)})` : 'working tree (no commits yet)',
      commit: head,
    };
  } else {
    if (!head)
      throw new GitError('no-commits', 'HEAD has no commits yet, so there is no branch to compare with a base.');
    const tip = options.head === undefined ? head : await resolveCommit(cwd, options.head);
    if (!tip) throw new GitError('bad-revision', `Unknown revision "${options.head}".`);
    const tipName = options.head ?? 'HEAD';
    const baseCommit = await resolveCommit(cwd, options.base);
    if (!baseCommit) {
      const unknown = `Unknown base "${options.base}": no branch, tag or commit has that name.`;
      if (!(await isShallow(cwd))) throw new GitError('bad-revision', unknown);
      throw new GitError(
        'bad-revision',
        `${unknown} This is a shallow clone: fetch the base (git fetch origin ${options.base}) ${FETCH_ALL_HINT}.`,
      );
    }
    const common = await mergeBase(cwd, baseCommit, tip);
    if (!common && (await isShallow(cwd))) {
      throw new GitError(
        'shallow-history',
        `${tipName} and "${options.base}" have no common ancestor in the fetched history: this is a shallow clone, so the history is truncated. ` +
          `Fetch more of it (git fetch --deepen=100, or git fetch --unshallow) ${FETCH_ALL_HINT}, and run again.`,
      );
    }
    if (!common) throw new GitError('no-merge-base', `${tipName} and "${options.base}" have no common ancestor.`);
    oldSide = common;
    newSide = options.includeWorkingTree ? undefined : tip;
    const what = options.includeWorkingTree
      ? `HEAD (${shortHash(head)}) and the working tree`
      : `${tipName} (${shortHash(tip)})`;
    base = {
      mode: 'branch',
      description: `${what} against ${options.baseName ?? options.base} (merge-base ${shortHash(common)})`,
      ref: options.base,
      commit: common,
    };
  }

  const files: ChangedSource[] = (await diffFiles(cwd, oldSide, newSide)).map((diff) => ({
    diff,
    untracked: false,
    newAnnotations: [],
    oldAnnotations: [],
  }));
  if (newSide === undefined) {
    for (const file of await untrackedFiles(cwd)) {
      // A symlink is reported as one (git would add it as a link) and never followed; a FIFO or device is skipped.
      const mode = await untrackedMode(path.join(root, file));
      if (!mode) continue;
      files.push({
        diff: { path: file, status: 'added', binary: false, hunks: [], newMode: mode },
        untracked: true,
        newAnnotations: [],
        oldAnnotations: [],
      });
    }
  }
  files.sort((a, b) => (a.diff.path < b.diff.path ? -1 : a.diff.path > b.diff.path ? 1 : 0));

  // Sorted by line: hunks look their annotations up by binary search.
  const scanOf = (file: string, text: string) =>
    scanText(text, path.join(root, file), options.settings).sort((a, b) => a.range.start.line - b.range.start.line);
  await readNewSides(files, { root, newSide, maxBytes, readFile: options.readFile, scanOf });
  if (head) await readOldSides(files, { root, oldSide, maxBytes, scanOf });

  // Trailers are the branch's commits' (with the working tree included, HEAD's commits still are).
  const trailers =
    options.base !== undefined && head
      ? await trailersByFile(cwd, `${oldSide}..${newSide ?? head}`, options.settings.ids)
      : new Map<string, TrailerMark[]>();
  return { root, base, files, trailers, workspacePrefix: await workspacePrefixOf(root, options.workspaceRoot ?? cwd) };
}

/**
 * The status of each item in the given roadmap files (repository-relative) as they were at
 * `commit`: what a branch changed a status from. A file missing at that commit adds nothing.
 */
export async function itemStatusesAt(
  root: string,
  commit: string,
  files: readonly string[],
  settings: CompiledSettings,
): Promise<Map<string, ItemStatus | undefined>> {
  const statuses = new Map<string, ItemStatus | undefined>();
  const readable = files.filter((file) => !file.includes('\n'));
  await readBlobs(
    root,
    readable.map((file) => `${commit}:${file}`),
    settings.maxFileSizeBytes,
    (index, content) => {
      const text = content && textOf(content);
      if (text === undefined) return;
      for (const item of parseRoadmapFile(path.join(root, readable[index]), text, settings).items) {
        if (!statuses.has(item.id)) statuses.set(item.id, item.status);
      }
    },
  );
  return statuses;
}

export function shortHash(hash: string): string {
  return hash.slice(0, 7);
}

/**
 * The diff, through plumbing: `diff-index` (a commit against the working tree) and `diff-tree` (two
 * commits) never write the index, where porcelain `git diff` refreshes it (and so writes it, running
 * the post-index-change hook) whenever a tracked file's stat changed but its content did not.
 */
async function diffFiles(cwd: string, oldSide: string, newSide: string | undefined): Promise<FileDiff[]> {
  const parser = new DiffParser();
  const splitter = new LineSplitter((line) => parser.line(line));
  const args = [
    newSide ? 'diff-tree' : 'diff-index',
    '-p',
    '-r',
    '--ignore-submodules=dirty',
    '--no-ext-diff',
    '--no-textconv',
    '--no-color',
    '-U0',
    '-M',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    oldSide,
  ];
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
  files: ChangedSource[],
  options: SideOptions & { newSide: string | undefined; readFile?: (absolutePath: string) => Promise<string> },
): Promise<void> {
  const wanted = files.filter(
    (file) => file.diff.status !== 'deleted' && !file.diff.binary && isRegular(file.diff.newMode),
  );
  if (options.newSide) {
    const readable = wanted.filter((file) => !file.diff.path.includes('\n'));
    await readBlobs(
      options.root,
      readable.map((file) => `${options.newSide}:${file.diff.path}`),
      options.maxBytes,
      (index, content) => {
        const text = content && textOf(content);
        if (text !== undefined) readable[index].newAnnotations = options.scanOf(readable[index].diff.path, text);
      },
    );
    return;
  }
  const read = options.readFile
    ? async (absolute: string) => {
        try {
          const text = await options.readFile!(absolute);
          return text.length > options.maxBytes || looksBinary(text) ? undefined : text;
        } catch {
          return undefined;
        }
      }
    : async (absolute: string) => {
        const outcome = await readTextFile(absolute, options.maxBytes);
        return outcome.ok ? outcome.text : undefined;
      };
  await forEachConcurrently(wanted, READ_CONCURRENCY, async (file) => {
    const text = await read(path.join(options.root, file.diff.path));
    if (file.untracked) {
      // git shows no hunks for untracked files: the whole text is one added hunk.
      const shape =
        text === undefined
          ? await inspectOnDisk(path.join(options.root, file.diff.path))
          : { binary: false, lines: countLines(text) };
      if (shape?.binary) file.diff.binary = true;
      else if (shape && shape.lines > 0)
        file.diff.hunks.push({ oldStart: 0, oldLines: 0, newStart: 0, newLines: shape.lines });
    }
    if (text !== undefined) file.newAnnotations = options.scanOf(file.diff.path, text);
  });
}

async function readOldSides(files: ChangedSource[], options: SideOptions & { oldSide: string }): Promise<void> {
  const wanted = files.filter(
    (file) =>
      !file.untracked &&
      !file.diff.binary &&
      isRegular(file.diff.oldMode) &&
      file.diff.hunks.some((hunk) => hunk.oldLines > 0) &&
      !(file.diff.oldPath ?? file.diff.path).includes('\n'),
  );
  await readBlobs(
    options.root,
    wanted.map((file) => `${options.oldSide}:${file.diff.oldPath ?? file.diff.path}`),
    options.maxBytes,
    (index, content) => {
      const text = content && textOf(content);
      const file = wanted[index];
      if (text !== undefined) file.oldAnnotations = options.scanOf(file.diff.oldPath ?? file.diff.path, text);
    },
  );
}

function isRegular(mode: string | undefined): boolean {
  return mode === undefined || REGULAR_FILE_MODES.has(mode);
}

function textOf(content: Buffer): string | undefined {
  return looksBinary(content) ? undefined : content.toString('utf8');
}

/** The git mode an untracked path would get: regular file or symlink; undefined for anything else. */
async function untrackedMode(absolute: string): Promise<string | undefined> {
  const stat = await fs.lstat(absolute).catch(() => undefined);
  if (stat?.isSymbolicLink()) return SYMLINK_MODE;
  if (stat?.isFile()) return '100644';
  return undefined;
}

/**
 * An untracked file that could not be read as text (binary, over the size cap): whether it is
 * binary, and else how many lines it has, streamed so that a huge file costs no memory.
 */
async function inspectOnDisk(absolute: string): Promise<{ binary: boolean; lines: number } | undefined> {
  try {
    const opened = await openRegularFile(absolute);
    if ('refused' in opened) return undefined;
    let lines = 0;
    let sniffed = 0;
    let lastByte = 10;
    // The stream closes the handle at its end (or when the loop returns early).
    for await (const chunk of opened.handle.createReadStream() as AsyncIterable<Buffer>) {
      if (sniffed < BINARY_SNIFF_BYTES) {
        if (looksBinary(chunk.subarray(0, BINARY_SNIFF_BYTES - sniffed))) return { binary: true, lines: 0 };
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

/**
 * Item `paths` are relative to the workspace folder, git paths to the repository root; the two
 * differ when the workspace is a sub-folder (or, rarely, a parent) of the repository.
 */
async function workspacePrefixOf(root: string, workspaceRoot: string): Promise<WorkspacePrefix> {
  const real = async (folder: string) => fs.realpath(folder).catch(() => path.resolve(folder));
  const relative = toPosix(path.relative(await real(root), await real(workspaceRoot)));
  if (relative === '') return { up: '', down: '' };
  if (relative.startsWith('..'))
    return { up: '', down: toPosix(path.relative(await real(workspaceRoot), await real(root))) + '/' };
  return { up: relative + '/', down: '' };
}

async function trailersByFile(cwd: string, range: string, idMatchers: IdMatchers): Promise<Map<string, TrailerMark[]>> {
  const byFile = new Map<string, TrailerMark[]>();
  for (const commit of await roadmapTrailers(cwd, range)) {
    const ids = new Set<string>();
    for (const value of commit.values) for (const match of value.matchAll(idMatchers.search)) ids.add(match[0]);
    const keys = new Set<string>();
    for (const match of commit.message.matchAll(idMatchers.search)) if (!ids.has(match[0])) keys.add(match[0]);
    if (ids.size === 0 && keys.size === 0) continue;
    for (const file of await filesOfCommit(cwd, commit.hash)) {
      let marks = byFile.get(file);
      if (!marks) byFile.set(file, (marks = []));
      for (const itemId of ids) marks.push({ itemId, hash: commit.hash });
      for (const key of keys) marks.push({ itemId: key, hash: commit.hash, inMessage: true });
    }
  }
  return byFile;
}
