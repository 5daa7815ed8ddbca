/**
 * Lists the files of a workspace folder worth reading: not ignored by any `.gitignore` on the way
 * down (nested ones included, via the `ignore` package), not excluded by settings globs, not over
 * the size cap. Unreadable folders and files vanishing mid-walk are reported, never thrown.
 */
import { promises as fs, readdirSync, type Dirent } from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { globMatcher } from '../glob';
import { readBytesSync, readTextFile } from './files';

export interface WalkOptions<K = true> {
  /** Workspace-relative globs of paths never to enter or list. */
  exclude: string[];
  /**
   * Called for files only, with the path relative to the walk's root: what the file is to the caller
   * (kept as the walked file's `kind`), or false/undefined to skip it.
   */
  wantFile(relativePath: string): K | false | undefined;
  /** Problems worth a log line (unreadable folder, …). */
  onSkip?(absolutePath: string, reason: string): void;
  /** Folders not entered: other workspace folders inside this one, walked as folders of their own. */
  skipFolders?: readonly string[];
  /** Whether `.gitignore` rules match without regard to case (`gitIgnoresCase` of the walk's root). */
  ignorecase?: boolean;
}

/** The rules of one `.gitignore`, for the folder it is in and below. */
export interface IgnoreScope {
  /** Folder the rules belong to, relative to the walk root ('' for the root). */
  base: string;
  rules: Ignore;
}

/** A file the walk found: its path, its path relative to the walk's root (forward slashes), its kind. */
export interface WalkedFile<K = true> {
  absolute: string;
  relative: string;
  kind: K;
}

/** A folder still to list: its path, its path relative to the walk's root, and the rules in force there. */
export interface PendingFolder {
  dir: string;
  relDir: string;
  scopes: readonly IgnoreScope[];
}

export function toPosix(relativePath: string): string {
  return path.sep === '/' ? relativePath : relativePath.split(path.sep).join('/');
}

/** A `.gitignore` larger than this is not read (it is a mistake or an attack, not a list of rules). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/**
 * Whether git matches ignore rules without regard to case here: `core.ignorecase` of the repository
 * holding `root` (git sets it on case-insensitive file systems), read from its config file, since
 * the walk also runs where no git may run. Not a repository, or not set: false, as git on Linux.
 */
export async function gitIgnoresCase(root: string): Promise<boolean> {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const stat = await fs.lstat(dotGit).catch(() => undefined);
    if (stat) {
      let gitDir = dotGit;
      if (stat.isFile()) {
        const pointer = await readTextFile(dotGit, 4096);
        const target = pointer.ok ? /^gitdir:\s*(.+?)\s*$/m.exec(pointer.text)?.[1] : undefined;
        if (!target) return false;
        gitDir = path.resolve(dir, target);
        // A linked worktree keeps the shared config in the main repository's folder.
        const common = await readTextFile(path.join(gitDir, 'commondir'), 4096);
        if (common.ok) gitDir = path.resolve(gitDir, common.text.trim());
      }
      const config = await readTextFile(path.join(gitDir, 'config'), MAX_GITIGNORE_BYTES);
      return config.ok && configSaysIgnoreCase(config.text);
    }
    if (path.dirname(dir) === dir) return false;
  }
}

/** `ignorecase = true` (or yes/on/1) in the `[core]` section of a git config text. */
function configSaysIgnoreCase(text: string): boolean {
  let inCore = false;
  let value = false;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[\s*([A-Za-z0-9.-]+)\s*(?:"[^"]*"\s*)?\]/.exec(line);
    if (section) {
      inCore = section[1].toLowerCase() === 'core';
      continue;
    }
    const entry = inCore ? /^\s*ignorecase\s*(?:=\s*([^#;\s]*))?/i.exec(line) : null;
    // A key without a value is true, as git reads it.
    if (entry) value = entry[1] === undefined || /^(true|yes|on|1)$/i.test(entry[1]);
  }
  return value;
}

/** The walk yields to the event loop after this many folders, so a server keeps answering meanwhile. */
const FOLDERS_PER_SLICE = 32;

/** Absolute paths of candidate files under `root`, depth-first in name order. */
export async function* walkFolder(root: string, options: WalkOptions<unknown>): AsyncGenerator<string> {
  const lister = new FolderLister({ ...options, ignorecase: options.ignorecase ?? (await gitIgnoresCase(root)) });
  const stack = [lister.rootOf(root)];
  for (let count = 1; stack.length; count++) {
    const listing = lister.list(stack.pop()!);
    if (listing) {
      for (const file of listing.files) yield file.absolute;
      // Reverse so that the walk visits folders in name order (the stack pops the last one first).
      for (let i = listing.subdirs.length - 1; i >= 0; i--) stack.push(listing.subdirs[i]);
    }
    if (count % FOLDERS_PER_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Lists folders one at a time, with synchronous `readdir` (one call per folder; the entries' types come
 * with it, so no file is `stat`ed): the wanted files, and the subfolders to enter. Directory loops
 * (symlinks) are avoided by never following a symlinked folder.
 */
export class FolderLister<K = true> {
  private readonly isExcluded: (relative: string) => boolean;
  private readonly skipFolders: Set<string>;

  constructor(private readonly options: WalkOptions<K>) {
    this.isExcluded = globMatcher(options.exclude);
    this.skipFolders = new Set((options.skipFolders ?? []).map((folder) => path.normalize(folder)));
  }

  rootOf(root: string): PendingFolder {
    return { dir: path.normalize(root), relDir: '', scopes: [] };
  }

  /** A folder's wanted files and its subfolders to enter; undefined (and reported) when it cannot be read. */
  list(folder: PendingFolder): { files: WalkedFile<K>[]; subdirs: PendingFolder[] } | undefined {
    const { dir, relDir } = folder;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.options.onSkip?.(dir, `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return undefined;
    }
    let scopes = folder.scopes;
    const gitignore = entries.find((entry) => entry.name === '.gitignore' && entry.isFile());
    if (gitignore) {
      const file = childOf(dir, '.gitignore');
      const outcome = readBytesSync(file, MAX_GITIGNORE_BYTES, gitignoreScratch);
      // The `ignore` package ignores case unless told otherwise; git does only where core.ignorecase says so.
      if (outcome.ok)
        scopes = [
          ...scopes,
          {
            base: relDir,
            rules: ignore({ ignorecase: this.options.ignorecase ?? false }).add(outcome.bytes.toString('utf8')),
          },
        ];
      else this.options.onSkip?.(file, `cannot read: ${outcome.reason}: ${outcome.detail}`);
    }
    const files: WalkedFile<K>[] = [];
    const subdirs: PendingFolder[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const relative = relDir ? `${relDir}/${name}` : name;
      if (entry.isDirectory()) {
        if (name === '.git') continue;
        if (this.isExcluded(relative) || this.isExcluded(`${relative}/`) || isIgnored(scopes, relative, true)) continue;
        const child = childOf(dir, name);
        if (this.skipFolders.size && this.skipFolders.has(child)) continue;
        subdirs.push({ dir: child, relDir: relative, scopes });
      } else if (entry.isFile()) {
        const kind = this.options.wantFile(relative);
        if (kind === undefined || kind === false) continue;
        if (this.isExcluded(relative) || isIgnored(scopes, relative, false)) continue;
        files.push({ absolute: childOf(dir, name), relative, kind });
      }
    }
    return { files, subdirs };
  }
}

function childOf(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

const gitignoreScratch = { buffer: Buffer.allocUnsafe(64 * 1024) };

/** Git semantics: the deepest `.gitignore` with an opinion decides; a parent's rule applies below it. */
function isIgnored(scopes: readonly IgnoreScope[], relative: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const scope of scopes) {
    const local = scope.base ? relative.slice(scope.base.length + 1) : relative;
    const result = scope.rules.test(isDirectory ? `${local}/` : local);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
