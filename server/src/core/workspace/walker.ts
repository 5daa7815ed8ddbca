/**
 * Lists the files of a workspace folder worth reading: not ignored by any `.gitignore` on the way
 * down (nested ones included, via the `ignore` package), not excluded by settings globs, not over
 * the size cap. Unreadable folders and files vanishing mid-walk are reported, never thrown.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { globMatcher } from '../glob';
import { readTextFile } from './files';

export interface WalkOptions {
  /** Workspace-relative globs of paths never to enter or list. */
  exclude: string[];
  /** Called for files only; return false to skip a file without stat-ing it. */
  wantFile(relativePath: string): boolean;
  /** Problems worth a log line (unreadable folder, …). */
  onSkip?(absolutePath: string, reason: string): void;
}

interface IgnoreScope {
  /** Folder the rules belong to, relative to the walk root ('' for the root). */
  base: string;
  rules: Ignore;
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

/** Yields absolute paths of candidate files under `root`, depth-first. */
export async function* walkFolder(root: string, options: WalkOptions): AsyncGenerator<string> {
  const isExcluded = globMatcher(options.exclude);
  // The `ignore` package ignores case unless told otherwise; git does only where core.ignorecase says so.
  const ignorecase = await gitIgnoresCase(root);
  // Directory loops (symlinks) are avoided by never following symlinked folders.
  const stack: { dir: string; scopes: IgnoreScope[] }[] = [{ dir: root, scopes: [] }];
  while (stack.length) {
    const { dir, scopes: parentScopes } = stack.pop()!;
    const relDir = toPosix(path.relative(root, dir));
    let entries: import('fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      options.onSkip?.(dir, `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      continue;
    }
    const gitignore = entries.find((entry) => entry.name === '.gitignore' && entry.isFile());
    let ownScopes = parentScopes;
    if (gitignore) {
      try {
        const outcome = await readTextFile(path.join(dir, '.gitignore'), MAX_GITIGNORE_BYTES);
        if (!outcome.ok) throw Object.assign(new Error(outcome.detail), { code: `${outcome.reason}: ${outcome.detail}` });
        ownScopes = [...parentScopes, { base: relDir, rules: ignore({ ignorecase }).add(outcome.text) }];
      } catch (error) {
        options.onSkip?.(path.join(dir, '.gitignore'), `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      const relative = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === '.git') continue;
        if (isExcluded(relative) || isExcluded(`${relative}/`) || isIgnored(ownScopes, relative, true)) continue;
        subdirs.push(path.join(dir, entry.name));
      } else if (entry.isFile()) {
        if (!options.wantFile(relative)) continue;
        if (isExcluded(relative) || isIgnored(ownScopes, relative, false)) continue;
        yield path.join(dir, entry.name);
      }
    }
    // Reverse so that the walk visits folders in name order (the stack pops the last one first).
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i], scopes: ownScopes });
  }
}

/** Git semantics: the deepest `.gitignore` with an opinion decides; a parent's rule applies below it. */
function isIgnored(scopes: IgnoreScope[], relative: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const scope of scopes) {
    const local = scope.base ? relative.slice(scope.base.length + 1) : relative;
    const result = scope.rules.test(isDirectory ? `${local}/` : local);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
