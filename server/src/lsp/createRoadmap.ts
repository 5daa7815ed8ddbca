/**
 * "Create roadmap.yaml" for a workspace folder that has no roadmap: a skeleton with the trackers its comments
 * already cite, created through the editor (`workspace/applyEdit`: CreateFile + insert, one undo), never
 * over an existing file and only at the root of a workspace folder. As the CLI's `init`: the objective is
 * named after the folder, and nothing the other folders' roadmap has (an ID, a tracker) is taken again.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { isWithin } from '../core/paths';
import { ROADMAP_FILE_NAME } from '../core/types';
import { newRoadmap, roadmapAbove } from '../core/workspace';
import type { CreateRoadmapArgs, CreateRoadmapResult } from '../protocol';
import { pathToUri, uriToPath } from './convert';
import { refusalToEdit, sendEdit } from './edits';
import { ROADMAP_NOT_LOADED, type ProposalHost } from './propose';

export async function createRoadmap(host: ProposalHost, args: CreateRoadmapArgs = {}): Promise<CreateRoadmapResult> {
  const index = host.index;
  if (!host.trusted) return refused('This workspace is not trusted: Roadmap Links does not create files in it.');
  if (!index.roadmapLoaded) return refused(ROADMAP_NOT_LOADED);
  const folder = args.folderUri === undefined ? index.folders[0] : uriToPath(args.folderUri);
  // Only a workspace folder itself, never a folder a request merely names.
  if (!folder || !index.folders.includes(folder))
    return refused('Open a workspace folder to create its roadmap in; nothing was written.');
  const file = path.join(folder, ROADMAP_FILE_NAME);
  if (!isWithin(folder, file)) return refused(`${file} is outside the workspace folder; nothing was written.`);
  // lstat: a symlink, a folder or a file of any kind named roadmap.yaml is there already, and stays untouched.
  if (
    await fs.lstat(file).then(
      () => true,
      () => false,
    )
  ) {
    return refused(`${ROADMAP_FILE_NAME} already exists in ${path.basename(folder)}; nothing was overwritten.`);
  }
  // Another roadmap file of the folder (.roadmap/*.yaml): a second one would only split it.
  const existing = index.roadmap.files
    .filter((model) => index.folderOf(model.file) === folder)
    .map((model) => path.relative(folder, model.file));
  if (existing.length)
    return refused(`${path.basename(folder)} has a roadmap already (${existing.join(', ')}); nothing was written.`);
  // A package of a monorepo whose repository has a roadmap: a second one would split it (as init refuses).
  const above = roadmapAbove(folder);
  if (above) {
    const loaded = index.roadmap.files.some((model) => model.file === above || isWithin(above, model.file));
    return refused(
      loaded
        ? `The repository's roadmap (${above}) is this workspace's already; nothing was written.`
        : `The repository has a roadmap already (${above}); nothing was written. Add ${path.dirname(above)} to the workspace to use it.`,
    );
  }
  if (!index.isRoadmapFile(file)) {
    return refused(
      `${ROADMAP_FILE_NAME} is not among the roadmap files the roadmapLinks.roadmapFiles setting names; nothing was written.`,
    );
  }
  if (!host.supportsDocumentChanges)
    return refused(
      'This editor cannot create files through the language server: run `roadmap-links init` in the folder, or create roadmap.yaml by hand.',
    );
  // The folder itself may be reached through a link to somewhere else.
  const unsafe = await refusalToEdit(host, file, { roadmap: true, mayCreate: true });
  if (unsafe) return refused(unsafe);

  // The folder's own comments name its trackers; the roadmap already loaded (the other folders') keeps its IDs.
  const ownFiles = [...index.files()].filter(([source]) => index.folderOf(source) === folder);
  const { text, trackers, declaredAlready } = newRoadmap(ownFiles, index.lineBreak(), {
    folderName: path.basename(folder),
    roadmap: index.roadmap,
  });
  const uri = pathToUri(file);
  const edit: WorkspaceEdit = {
    documentChanges: [
      // No overwrite, and fail if it appeared meanwhile: the editor checks again as it applies the edit.
      { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } },
      {
        textDocument: { uri, version: null },
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }],
      },
    ],
  };
  // Sent only if the file is still absent, and not waited for past the client timeout.
  const notApplied = await sendEdit(host, `Create ${ROADMAP_FILE_NAME}`, edit, [
    { file, text: undefined, version: null },
  ]);
  if (notApplied) return refused(notApplied);
  // The workspace has a roadmap from now on, before the file watcher reports the new file.
  host.applyUpdate(file, text);
  return { applied: true, ids: [], uri, trackers, ...(declaredAlready.length && { declaredAlready }) };
}

function refused(message: string): CreateRoadmapResult {
  return { applied: false, ids: [], message, trackers: [] };
}
