/**
 * Lists the files of a workspace folder worth reading: not ignored by any `.gitignore` on the way
 * down (nested ones included, via the `ignore` package), not excluded by settings globs, not over
 * the size cap. Unreadable folders and files vanishing mid-walk are reported, never thrown.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

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

/** Yields absolute paths of candidate files under `root`, depth-first. */
export async function* walkFolder(root: string, options: WalkOptions): AsyncGenerator<string> {
  const isExcluded = picomatch(options.exclude.length ? options.exclude : ['\0'], { dot: true });
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
        const text = await fs.readFile(path.join(dir, '.gitignore'), 'utf8');
        ownScopes = [...parentScopes, { base: relDir, rules: ignore().add(text) }];
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
