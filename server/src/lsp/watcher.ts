/**
 * File watching for clients that cannot watch for the server (no dynamic registration of
 * `workspace/didChangeWatchedFiles`, as Neovim 0.7–0.9 and Helix): the server watches its folders itself
 * with chokidar, skipping what the settings exclude, and feeds the same handler as client events.
 */
import { watch, type FSWatcher } from 'chokidar';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { globMatcher } from '../core/glob';
import type { WorkspaceIndex } from '../core/workspace';
import { pathToUri } from './convert';

/** Events are passed on in batches, as a client sends them, at most this often. */
const BATCH_DELAY_MS = 100;

export interface FolderWatcher {
  close(): Promise<void>;
}

export function watchFolders(
  index: WorkspaceIndex,
  onChanges: (changes: FileEvent[]) => void,
  log: (message: string) => void,
): FolderWatcher | undefined {
  if (!index.folders.length) return undefined;
  // The one linear-time matcher, as the walk uses: `exclude` comes from the repository's settings, and
  // picomatch's own expressions took seconds a path on a catastrophic glob (with the watcher on the main thread).
  const isExcluded = globMatcher(index.settings.exclude);
  const ignored = (file: string) => {
    if (!index.folderOf(file)) return false; // a folder root itself
    const relative = index.relativePath(file);
    return relative.split('/').includes('.git') || isExcluded(relative) || isExcluded(`${relative}/`);
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(index.folders, { ignored, ignoreInitial: true, followSymlinks: false, persistent: true });
  } catch (error) {
    log(`cannot watch the folders (${String(error)}): files changed outside the editor are not re-indexed`);
    return undefined;
  }
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
    .on('ready', () =>
      log(`watching ${index.folders.length} folder(s) for changes (the client does not watch files for the server)`),
    );
  return {
    close: async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
