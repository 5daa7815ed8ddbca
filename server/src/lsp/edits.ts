/**
 * Every edit the server makes goes through here: the files it touches must be regular files that
 * resolve inside a workspace folder (never through a symlink to somewhere else), each edit is
 * computed from a snapshot of the file's current text, carries the open document's version, and is
 * checked against the file once more just before it is sent. Sending has a timeout, so a client that
 * never answers `workspace/applyEdit` cannot block every later edit.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditResult,
  CreateFile,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { isWithin } from '../core/paths';
import type { OffsetEdit } from '../core/propose';
import { LineMap } from '../core/text';
import type { WorkspaceIndex } from '../core/workspace';
import { pathToUri } from './convert';
import { clientTimeouts, withTimeout } from './timeouts';

/** What editing needs of the server's state (the Session implements it; tests may fake it). */
export interface EditHost {
  readonly index: WorkspaceIndex;
  /** Whether the client applies versioned `documentChanges` (and file creation) in a WorkspaceEdit. */
  readonly supportsDocumentChanges: boolean;
  /** A file's text as the user sees it: the open editor's, else the disk's. */
  currentText(file: string): Promise<string | undefined>;
  /** The open editor's version of a document, or null when it is not open. */
  documentVersion(uri: string): number | null;
  applyEdit(params: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult>;
}

/** A file as an edit was computed from it: its text (undefined: it does not exist yet) and, when open, its version. */
export interface Snapshot {
  file: string;
  text: string | undefined;
  version: number | null;
}

/** The text the user sees now: the open document's (with its version), else the disk's. */
export async function snapshotOf(host: EditHost, file: string): Promise<Snapshot> {
  const uri = pathToUri(file);
  for (;;) {
    const version = host.documentVersion(uri);
    const text = await host.currentText(file);
    // The version must name exactly this text: if the document opened or changed during the read, read again.
    if (host.documentVersion(uri) === version) return { file, text, version };
  }
}

/**
 * Why the server must not edit `file`, or undefined when it may: outside every workspace folder, a
 * symbolic link, not a regular file, resolving (through a linked folder) outside its folder, or, for
 * `roadmap`, not a roadmap file. A missing file may be created when its folder resolves inside.
 */
export async function refusalToEdit(
  host: EditHost,
  file: string,
  options: { roadmap?: boolean; mayCreate?: boolean } = {},
): Promise<string | undefined> {
  const index = host.index;
  const folder = index.folderOf(file);
  const name = folder ? index.relativePath(file) : file;
  if (!folder) return `${name} is not inside a workspace folder; nothing was edited.`;
  if (options.roadmap && !index.isRoadmapFile(file)) {
    return `${name} is not a roadmap file (roadmap.yaml, *.roadmap.yaml, .roadmap/*.yaml or roadmapLinks.roadmapFiles); nothing was edited.`;
  }
  const stat = await fs
    .lstat(file)
    .catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : error));
  if (stat instanceof Error)
    return `${name} cannot be checked (${(stat as NodeJS.ErrnoException).code ?? stat.message}); nothing was edited.`;
  if (stat?.isSymbolicLink())
    return `${name} is a symbolic link; Roadmap Links edits only regular files inside the workspace, so nothing was edited.`;
  if (stat && !stat.isFile()) return `${name} is not a regular file; nothing was edited.`;
  if (!stat && !options.mayCreate) return `${name} does not exist; nothing was edited.`;
  const realFolder = await fs.realpath(folder).catch(() => folder);
  // A new file's own folder must exist inside (the editor would create missing folders anywhere).
  const resolved = await fs.realpath(stat ? file : path.dirname(file)).catch(() => undefined);
  if (!resolved || !isWithin(realFolder, resolved)) {
    return `${name} resolves outside the workspace folder (through a symbolic link); nothing was edited.`;
  }
  return undefined;
}

/** Why the file no longer is what the edit was computed from, or undefined when it still is. */
export async function changedSince(host: EditHost, snapshot: Snapshot): Promise<string | undefined> {
  const now = await snapshotOf(host, snapshot.file);
  const same =
    snapshot.version !== null && now.version !== null ? now.version === snapshot.version : now.text === snapshot.text;
  if (same) return undefined;
  return `${host.index.relativePath(snapshot.file)} changed while the edit was being prepared; nothing was edited. Run the action again.`;
}

/**
 * One WorkspaceEdit for several files, each edited from its snapshot: versioned document changes
 * (and file creation) when the client supports them, else plain per-URI edits.
 */
export function workspaceEditOf(host: EditHost, files: { snapshot: Snapshot; edits: OffsetEdit[] }[]): WorkspaceEdit {
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const { snapshot, edits } of files) {
    if (!edits.length) continue;
    const uri = pathToUri(snapshot.file);
    // Not ignoreIfExists: a file that appeared meanwhile makes the whole edit fail rather than get text inserted at its top.
    if (snapshot.text === undefined)
      documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
    const lines = new LineMap(snapshot.text ?? '');
    const textEdits: TextEdit[] = edits.map((edit) => ({
      range: lines.rangeOf(edit.start, edit.end),
      newText: edit.newText,
    }));
    // The version pins the edit to the text it was computed from: a changed editor rejects it.
    documentChanges.push({ textDocument: { uri, version: snapshot.version }, edits: textEdits });
  }
  if (host.supportsDocumentChanges) return { documentChanges };
  const changes: Record<string, TextEdit[]> = {};
  for (const change of documentChanges)
    if ('edits' in change) changes[change.textDocument.uri] = change.edits as TextEdit[];
  return { changes };
}

/**
 * Checks every file once more, then asks the client to apply the edit. A client without versioned
 * edits gets the same check (it is all the safety it has); one that never answers is given up on,
 * so the next edit is not queued behind it for ever. Undefined when applied, else why not.
 */
export async function sendEdit(
  host: EditHost,
  label: string,
  edit: WorkspaceEdit,
  snapshots: Snapshot[],
): Promise<string | undefined> {
  for (const snapshot of snapshots) {
    const changed = await changedSince(host, snapshot);
    if (changed) return changed;
  }
  const seconds = Math.round(clientTimeouts().applyEditMs / 1000);
  const timedOut = `The editor did not answer the edit request within ${seconds} s; Roadmap Links stopped waiting (the editor may still apply it).`;
  const response = await withTimeout<ApplyWorkspaceEditResult | string>(
    host.applyEdit({ label, edit }),
    clientTimeouts().applyEditMs,
    () => timedOut,
  );
  if (typeof response === 'string') return response;
  if (response.applied) return undefined;
  return `The editor did not apply the edit${response.failureReason ? `: ${response.failureReason}` : ''}.`;
}
