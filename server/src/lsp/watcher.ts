/**
 * File watching for clients that cannot watch for the server (no dynamic registration of
 * `workspace/didChangeWatchedFiles`, as Neovim 0.7–0.9 and Helix): the server watches its folders itself
 * with chokidar, and feeds the same handler as client events. It watches only what the scan reads: the
 * folders the walk enters and the files it reads there (and the `.gitignore`s, whose change rescans and
 * restarts the watcher). A `.gitignore`d `node_modules` is never descended into: in a monorepo that is
 * thousands of inotify watches (one a folder and one a file with chokidar) the events of which the
 * handler would only drop.
 */
import type { Stats } from 'fs';
import * as path from 'path';
import { watch, type FSWatcher } from 'chokidar';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import type { WorkspaceIndex } from '../core/workspace';
import { WalkAdmission } from '../core/workspace/admission';
import { isStrictlyWithin } from '../core/paths';
import { pathToUri } from './convert';

/** Events are passed on in batches, as a client sends them, at most this often. */
const BATCH_DELAY_MS = 100;

export interface FolderWatcher {
  close(): Promise<void>;
}

export async function watchFolders(
  index: WorkspaceIndex,
  onChanges: (changes: FileEvent[]) => void,
  log: (message: string) => void,
): Promise<FolderWatcher | undefined> {
  if (!index.folders.length) return undefined;
  let watcher: FSWatcher;
  try {
    const ignored = ignoredBy(index, await WalkAdmission.of(index));
    watcher = watch(index.folders, { ignored, ignoreInitial: true, followSymlinks: false, persistent: true });
  } catch (error) {
    log(`cannot watch the folders (${String(error)}): files changed outside the editor are not re-indexed`);
    return undefined;
  }
  /** What is watched: folders and files (each one inotify watch on Linux). */
  const watched = () => {
    const entries = watcher.getWatched();
    // chokidar lists the folders holding what it watches: the roots' parents too, which it does not watch.
    const folders = Object.keys(entries).filter((dir) =>
      index.folders.some((root) => root === dir || isStrictlyWithin(root, dir)),
    );
    const isFolder = new Set(folders);
    let files = 0;
    for (const dir of folders) for (const name of entries[dir]) if (!isFolder.has(path.join(dir, name))) files++;
    return { folders: folders.length, files };
  };
  let pending: FileEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const push = (type: FileChangeType) => (file: string) => {
    pending.push({ uri: pathToUri(file), type });
    timer ??= setTimeout(() => {
      timer = undefined;
      const batch = pending;
      pending = [];
      onChanges(batch);
    }, BATCH_DELAY_MS);
  };
  watcher
    .on('add', push(FileChangeType.Created))
    .on('addDir', push(FileChangeType.Created))
    .on('change', push(FileChangeType.Changed))
    .on('unlink', push(FileChangeType.Deleted))
    .on('unlinkDir', push(FileChangeType.Deleted))
    // ENOSPC (inotify watches exhausted) and unreadable folders: say so once, keep serving.
    .on('error', (error) => log(`file watching: ${String(error)}`))
    .on('ready', () => {
      const { folders, files } = watched();
      log(
        `watching ${folders} folders and ${files} files of ${index.folders.length} workspace folder(s) for changes` +
          ' (the client does not watch files for the server)',
      );
    });
  return {
    close: async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}

/**
 * What chokidar is not to watch, asked per path: one admission for the watcher's life lists each folder once
 * (its `.gitignore` read once) and judges a name by its folder's rules, so that each question costs a few map
 * lookups. chokidar asks twice: first with the path alone, then with its stats.
 */
function ignoredBy(index: WorkspaceIndex, admission: WalkAdmission): (file: string, stats?: Stats) => boolean {
  return (file, stats) => {
    if (!index.folderOf(file)) return false; // a folder root itself
    const isGitignore = path.basename(file) === '.gitignore';
    if (stats?.isDirectory()) return !admission.wouldEnter(file);
    if (stats?.isFile()) return !isGitignore && !admission.wouldRead(file);
    if (stats) return true; // a symlink, a socket: the walk follows and reads none
    return !isGitignore && !admission.wouldEnter(file) && !admission.wouldRead(file);
  };
}
