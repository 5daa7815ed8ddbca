/** Where a folder's repository is, and where a package of a monorepo finds the roadmap of its repository. */
import { existsSync } from 'fs';
import * as path from 'path';
import { ROADMAP_FILE_NAME } from '../types';

/** The nearest folder, `folder` itself or one above it, that holds a `.git`: its repository's root. */
export function repositoryRootOf(folder: string): string | undefined {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * A roadmap in a folder above `folder`, up to the root of the git repository holding it (never past it,
 * and nowhere when `folder` is in none): run from a package of a monorepo, the CLI would otherwise advise
 * `init`, which wrote a second roadmap there. The usual names only (roadmap.yaml, roadmap.yml, .roadmap/).
 */
export function roadmapAbove(folder: string): string | undefined {
  const root = repositoryRootOf(folder);
  // In no repository, or at its root: nothing above is this repository's.
  if (root === undefined || root === path.resolve(folder)) return undefined;
  for (let dir = path.dirname(path.resolve(folder)); ; dir = path.dirname(dir)) {
    for (const name of [ROADMAP_FILE_NAME, 'roadmap.yml', '.roadmap'])
      if (existsSync(path.join(dir, name))) return path.join(dir, name);
    if (dir === root) return undefined;
  }
}
