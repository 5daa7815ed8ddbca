/**
 * Lists the files of a workspace folder worth reading: not ignored by any `.gitignore` on the way
 * down (nested ones included, via the `ignore` package), not excluded by settings globs, not over
 * the size cap. Unreadable folders and files vanishing mid-walk are reported, never thrown.
 */
import { promises as fs, readdirSync, type Dirent } from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { globMatcher, literalNeeds } from '../glob';
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
  /** What a name must be or hold for one of the rules to match it (none: any name may match). */
  names?: RuleNames;
}

/**
 * Whole names and runs of text, one of which any path a scope's rules match holds in one of its names:
 * `ignore` tests tens of rules with a regular expression each, for every entry of the walk, and most
 * entries hold none of them.
 */
interface RuleNames {
  whole: Set<string>;
  texts: string[];
  ignorecase: boolean;
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
  /** For each scope, whether a name on the folder's path (below the scope's base) is one its rules need. */
  named: readonly boolean[];
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
    return { dir: path.normalize(root), relDir: '', scopes: [], named: [] };
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
    let { scopes, named } = folder;
    const gitignore = entries.find((entry) => entry.name === '.gitignore' && entry.isFile());
    if (gitignore) {
      const file = childOf(dir, '.gitignore');
      const outcome = readBytesSync(file, MAX_GITIGNORE_BYTES, gitignoreScratch);
      if (outcome.ok) {
        const text = outcome.bytes.toString('utf8');
        // The `ignore` package ignores case unless told otherwise; git does only where core.ignorecase says so.
        const ignorecase = this.options.ignorecase ?? false;
        scopes = [
          ...scopes,
          { base: relDir, rules: ignore({ ignorecase }).add(text), names: ruleNames(text, ignorecase) },
        ];
        named = [...named, false];
      } else this.options.onSkip?.(file, `cannot read: ${outcome.reason}: ${outcome.detail}`);
    }
    const files: WalkedFile<K>[] = [];
    const subdirs: PendingFolder[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const relative = relDir ? `${relDir}/${name}` : name;
      if (entry.isDirectory()) {
        if (name === '.git') continue;
        if (this.isExcluded(relative) || this.isExcluded(`${relative}/`)) continue;
        if (isIgnored(scopes, named, name, relative, true)) continue;
        const child = childOf(dir, name);
        if (this.skipFolders.size && this.skipFolders.has(child)) continue;
        const childNamed = named.map((held, i) => held || isNamed(scopes[i].names, name));
        subdirs.push({ dir: child, relDir: relative, scopes, named: childNamed });
      } else if (entry.isFile()) {
        const kind = this.options.wantFile(relative);
        if (kind === undefined || kind === false) continue;
        if (this.isExcluded(relative) || isIgnored(scopes, named, name, relative, false)) continue;
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

/**
 * What a path must hold for a rule of this `.gitignore` to match it or a folder above it, rule by rule
 * (`literalNeeds`: `.gitignore` patterns are globs of the same wildcards); undefined when some rule may
 * match anything (a lone `*`) or its text is not plain (escapes, classes, leading spaces).
 */
function ruleNames(text: string, ignorecase: boolean): RuleNames | undefined {
  const names: RuleNames = { whole: new Set(), texts: [], ignorecase };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#')) continue;
    const pattern = line.trimEnd();
    if (!pattern) continue;
    if (/^\s/.test(pattern)) return undefined;
    const needs = literalNeeds(pattern.startsWith('!') ? pattern.slice(1) : pattern);
    if (!needs) return undefined;
    if ('segment' in needs) names.whole.add(ignorecase ? needs.segment.toLowerCase() : needs.segment);
    else names.texts.push(ignorecase ? needs.text.toLowerCase() : needs.text);
  }
  return names;
}

/** Whether `name` is, or holds, what a rule of the scope needs (always so when its rules need nothing). */
function isNamed(names: RuleNames | undefined, name: string): boolean {
  if (!names) return true;
  const key = names.ignorecase ? name.toLowerCase() : name;
  return names.whole.has(key) || names.texts.some((text) => key.includes(text));
}

/**
 * Git semantics: the deepest `.gitignore` with an opinion decides; a parent's rule applies below it. A scope
 * none of whose rules' names is on the path (the folder's, `named`, or this entry's) has none: the path
 * holds nothing any of its rules could match, nor does any folder above it.
 */
function isIgnored(
  scopes: readonly IgnoreScope[],
  named: readonly boolean[],
  name: string,
  relative: string,
  isDirectory: boolean,
): boolean {
  let ignored = false;
  for (let i = 0; i < scopes.length; i++) {
    const scope = scopes[i];
    if (!named[i] && !isNamed(scope.names, name)) continue;
    const local = scope.base ? relative.slice(scope.base.length + 1) : relative;
    const result = scope.rules.test(isDirectory ? `${local}/` : local);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
