/** Where a package of a monorepo finds the roadmap of its repository (the CLI's init and the editor's command). */
import { existsSync } from 'fs';
import * as path from 'path';
import { ROADMAP_FILE_NAME } from '../types';

/**
 * A roadmap in a folder above `folder`, up to the root of the git repository holding it (never past it,
 * and nowhere when `folder` is in none): run from a package of a monorepo, the CLI would otherwise advise
 * `init`, which wrote a second roadmap there. The usual names only (roadmap.yaml, roadmap.yml, .roadmap/).
 */
export function roadmapAbove(folder: string): string | undefined {
  // The folder is a repository's root: nothing above it is this repository's.
  if (existsSync(path.join(folder, '.git'))) return undefined;
  const ancestors: string[] = [];
  for (let dir = path.dirname(folder); ; dir = path.dirname(dir)) {
    ancestors.push(dir);
    if (existsSync(path.join(dir, '.git'))) break;
    if (path.dirname(dir) === dir) return undefined;
  }
  for (const dir of ancestors)
    for (const name of [ROADMAP_FILE_NAME, 'roadmap.yml', '.roadmap'])
      if (existsSync(path.join(dir, name))) return path.join(dir, name);
  return undefined;
}
