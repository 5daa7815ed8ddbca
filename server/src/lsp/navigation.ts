/** Definition, references, rename and symbols over the workspace index. */
import {
  ResponseError,
  SymbolKind,
  type DocumentSymbol,
  type Location,
  type Position,
  type Range,
  type WorkspaceEdit,
  type WorkspaceSymbol,
} from 'vscode-languageserver';
import { definitionOf, idAt, referencesOf } from '../core/workspace/locate';
import { ErrorCodes } from '../protocol';
import type { WorkspaceIndex } from '../core/workspace';
import { pathToUri, toLspLocation } from './convert';
import { refusalToEdit, snapshotOf, workspaceEditOf, type EditHost, type Snapshot } from './edits';
import { renameEditsInText, type OffsetEdit } from '../core/propose';

export function definition(index: WorkspaceIndex, file: string, position: Position): Location | null {
  const target = idAt(index, file, position);
  if (!target || target.role === 'definition') return null;
  const location = definitionOf(index.roadmap, target.id, target.entity);
  return location ? toLspLocation(location) : null;
}

export function references(
  index: WorkspaceIndex,
  file: string,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const target = idAt(index, file, position);
  if (!target) return [];
  return referencesOf(index, target.id, target.entity, includeDeclaration).map(toLspLocation);
}

export function prepareRename(
  index: WorkspaceIndex,
  file: string,
  position: Position,
): { range: Range; placeholder: string } | null {
  const target = idAt(index, file, position);
  if (!target || target.entity !== 'item' || !index.roadmap.items.has(target.id)) return null;
  return { range: target.range, placeholder: target.id };
}

/**
 * Renames an item ID in every roadmap file and every annotation that names it. The index says which
 * files to look at; the edits are computed from each file's current text (an open document's, with
 * its version, or the disk's), so an index that is behind a file cannot misplace them.
 */
export async function rename(
  host: EditHost,
  file: string,
  position: Position,
  newName: string,
): Promise<WorkspaceEdit> {
  const index = host.index;
  const target = idAt(index, file, position);
  if (!target || target.entity !== 'item' || !index.roadmap.items.has(target.id)) {
    throw new ResponseError(ErrorCodes.RequestFailed, 'Only roadmap item IDs can be renamed here.');
  }
  if (!index.settings.ids.whole.test(newName)) {
    throw new ResponseError(
      ErrorCodes.RequestFailed,
      `"${newName}" is not a valid item ID (pattern ${index.settings.idPattern}).`,
    );
  }
  if (newName === target.id) return workspaceEditOf(host, []);
  if (index.roadmap.items.has(newName) || index.roadmap.objectives.has(newName)) {
    throw new ResponseError(ErrorCodes.RequestFailed, `${newName} already exists on the roadmap.`);
  }
  const files = new Set([
    ...index.roadmap.files.map((model) => model.file),
    ...referencesOf(index, target.id, 'item', true).map((location) => location.file),
  ]);
  const edits: { snapshot: Snapshot; edits: OffsetEdit[] }[] = [];
  for (const candidate of [...files].sort()) {
    const snapshot = await snapshotOf(host, candidate);
    if (snapshot.text === undefined) continue;
    const fileEdits = renameEditsInText(
      candidate,
      snapshot.text,
      index.isRoadmapFile(candidate),
      target.id,
      newName,
      index.settings,
    );
    if (!fileEdits.length) continue;
    const refusal = await refusalToEdit(host, candidate);
    if (refusal) throw new ResponseError(ErrorCodes.RequestFailed, refusal);
    edits.push({ snapshot, edits: fileEdits });
  }
  return workspaceEditOf(host, edits);
}

export function documentSymbols(index: WorkspaceIndex, file: string): DocumentSymbol[] {
  const model = index.roadmapModelOf(file);
  if (!model) return [];
  const symbols: DocumentSymbol[] = [];
  for (const metric of model.northStar?.metrics ?? []) {
    symbols.push({
      name: metric.id,
      detail: metric.name,
      kind: SymbolKind.Constant,
      range: metric.idRange,
      selectionRange: metric.idRange,
    });
  }
  for (const objective of model.objectives) {
    symbols.push({
      name: objective.id,
      detail: objective.title,
      kind: SymbolKind.Module,
      range: objective.range,
      selectionRange: objective.idRange,
    });
  }
  for (const item of model.items) {
    const detail = [item.title, item.status].filter(Boolean).join(' · ');
    symbols.push({ name: item.id, detail, kind: SymbolKind.Event, range: item.range, selectionRange: item.idRange });
  }
  return symbols;
}

/** Items and objectives whose ID or title contains the query's characters in order (fuzzy, case-insensitive). */
export function workspaceSymbols(index: WorkspaceIndex, query: string): WorkspaceSymbol[] {
  const roadmap = index.roadmap;
  const wanted = query.toLowerCase();
  const symbols: WorkspaceSymbol[] = [];
  const consider = (id: string, title: string, kind: SymbolKind, file: string, range: Range, container?: string) => {
    if (wanted && !isSubsequence(wanted, `${id} ${title}`.toLowerCase())) return;
    symbols.push({ name: `${id} ${title}`, kind, location: { uri: pathToUri(file), range }, containerName: container });
  };
  for (const objective of roadmap.objectives.values())
    consider(objective.id, objective.title, SymbolKind.Module, objective.file, objective.idRange);
  for (const item of roadmap.items.values())
    consider(item.id, item.title, SymbolKind.Event, item.file, item.idRange, item.objective);
  return symbols;
}

function isSubsequence(needle: string, haystack: string): boolean {
  let at = 0;
  for (const ch of needle) {
    at = haystack.indexOf(ch, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}
