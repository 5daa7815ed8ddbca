/** Loading a workspace for a command: its settings, then every file or only the roadmap. */
import * as path from 'path';
import { singleLine } from '../core/format';
import { compileSettings, type CompiledSettings } from '../core/settings';
import { WorkspaceIndex, loadWorkspace, readTextFile, walkFolder } from '../core/workspace';
import { displayPath } from './problems';
import { progressLine } from './progress';
import { loadFolderSettings } from './settings';

export interface LoadIo {
  stderr(text: string): void;
  /** A progress line is drawn only when this is a TTY. */
  stderrStream?: NodeJS.WriteStream;
  /** Where the command runs: a roadmap message names another file relative to it, as every printed path is. */
  cwd?: string;
}

/** Settings of the first folder: a multi-root run is judged by one set of rules. */
export async function settingsOf(folder: string, io: LoadIo): Promise<CompiledSettings> {
  const { file, settings, problems, fileProblem } = await loadFolderSettings(folder);
  if (fileProblem) io.stderr(`roadmap-links: ${singleLine(`${file}: ${fileProblem}`)}\n`);
  for (const problem of problems) io.stderr(`roadmap-links: ${singleLine(`${file}: ${problem.message}`)}\n`);
  return compileSettings(settings);
}

export async function loadIndex(folders: string[], io: LoadIo): Promise<WorkspaceIndex> {
  const settings = await settingsOf(folders[0], io);
  const progress = progressLine(io.stderrStream);
  try {
    const cwd = io.cwd;
    return await loadWorkspace(folders, settings, {
      ...(cwd !== undefined && { nameFile: (file: string) => displayPath(file, cwd) }),
      onProgress: progress && ((scanned, total) => progress.update(scanned, total)),
    });
  } finally {
    progress?.done();
  }
}

/** `changes` needs only the roadmap, so source files are not read: much faster in big repositories. */
export async function loadRoadmapOnly(folder: string, settings: CompiledSettings): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex([folder], settings);
  const walk = walkFolder(folder, {
    exclude: index.settings.exclude,
    wantFile: (relative) => index.isRoadmapFile(path.join(folder, relative)),
  });
  for await (const file of walk) {
    const outcome = await readTextFile(file, index.settings.maxFileSizeBytes);
    if (outcome.ok) index.updateFile(file, outcome.text);
  }
  return index;
}
