/** The repository a history computation walks: its root, the branch and tip, the roadmap files' paths. */
import { promises as fs } from 'fs';
import * as path from 'path';
import { GitError, defaultBaseRef, isShallow, repositoryRoot, resolveCommit } from '../changes/git';
import { isStrictlyWithin } from '../paths';
import type { Roadmap } from '../types';
import { toPosix } from '../workspace/walker';

export interface HistoryRepo {
  /** Repository root as git prints it. */
  root: string;
  /** The workspace folder, as the caller named it (the index's paths start with it). */
  folder: string;
  /** The branch walked ("main", or "HEAD" when there is no main/master) and its tip. */
  ref: string;
  tip: string;
  shallow: boolean;
  /** Repository-relative paths of the roadmap's files (those inside this repository). */
  roadmapPaths: string[];
  /** Repository-relative folder of the workspace, "" or ending in "/": trend and blame stay inside it. */
  folderPrefix: string;
}

export async function openHistoryRepo(folder: string, roadmap: Roadmap, ref?: string): Promise<HistoryRepo> {
  const root = await repositoryRoot(folder);
  const branch = ref ?? (await defaultBaseRef(folder)) ?? 'HEAD';
  const tip = await resolveCommit(folder, branch);
  if (!tip) throw new GitError('bad-revision', `"${branch}" names no commit; history needs at least one.`);
  const realRoot = await realPath(root);
  const roadmapPaths: string[] = [];
  for (const file of roadmap.files) {
    const real = await realPath(file.file);
    const relative = toPosix(path.relative(realRoot, real));
    if (isStrictlyWithin(realRoot, real) && !relative.includes('\n')) roadmapPaths.push(relative);
  }
  const realFolder = await realPath(folder);
  const folderPrefix = isStrictlyWithin(realRoot, realFolder) ? `${toPosix(path.relative(realRoot, realFolder))}/` : '';
  return {
    root,
    folder: path.resolve(folder),
    ref: branch,
    tip,
    shallow: await isShallow(root),
    roadmapPaths: roadmapPaths.sort(),
    folderPrefix,
  };
}

/** A workspace file's path in the repository (repository-relative, `/`), or undefined outside it. */
export function repoPathOf(repo: HistoryRepo, file: string): string | undefined {
  if (!isStrictlyWithin(repo.folder, file)) return undefined;
  const relative = toPosix(path.relative(repo.folder, file));
  return relative.includes('\n') ? undefined : repo.folderPrefix + relative;
}

async function realPath(file: string): Promise<string> {
  return fs.realpath(file).catch(() => path.resolve(file));
}

export function isoDate(time: number): string {
  return new Date(time * 1000).toISOString();
}

export const DAY_SECONDS = 86_400;

/** One history computation of a workspace: a folder, and the files whose debt it dates. */
export interface HistoryScope<F> {
  folder: string;
  files: F[];
}

/**
 * What the history of a (multi-root) workspace computes, in the folders' order: each folder once, in its own
 * repository. A folder inside another folder of the same repository is part of that one's history (its trend
 * and blame cover it), so it gets none of its own and its files go with the outer one; a folder in no
 * repository stays (its history says why). Git runs only for folders nested in another.
 */
export async function historyScopes<F extends readonly [string, ...unknown[]]>(
  folders: readonly string[],
  files: Iterable<F>,
): Promise<HistoryScope<F>[]> {
  const roots = new Map<string, Promise<string | undefined>>();
  const rootOf = (folder: string) => {
    let root = roots.get(folder);
    if (!root) roots.set(folder, (root = repositoryRoot(folder).catch(() => undefined)));
    return root;
  };
  const kept: string[] = [];
  for (const folder of folders) {
    let covered = false;
    for (const outer of folders) {
      if (!isStrictlyWithin(outer, folder)) continue;
      const root = await rootOf(folder);
      if (root !== undefined && root === (await rootOf(outer))) covered = true;
    }
    if (!covered) kept.push(folder);
  }
  const scopes = kept.map((folder) => ({ folder, files: [] as F[] }));
  for (const entry of files) {
    // The innermost kept folder holding the file dates its debt.
    let best: HistoryScope<F> | undefined;
    for (const scope of scopes)
      if (isStrictlyWithin(scope.folder, entry[0]) && (!best || scope.folder.length > best.folder.length)) best = scope;
    best?.files.push(entry);
  }
  return scopes;
}
