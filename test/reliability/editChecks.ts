/**
 * Round-trip checks for the two edits the product makes to a roadmap file: a proposal (`appendItems`)
 * and a rename (every range the model gives for an item ID). Each returns how many untouched lines
 * were lost, and throws with a precise reason when the result is wrong.
 */
import * as path from 'path';
import { appendItems, applyOffsetEdits, type NewItemSpec, type OffsetEdit } from '../../server/src/core/propose';
import { parseRoadmapFile } from '../../server/src/core/roadmap';
import { LineMap } from '../../server/src/core/text';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import { referencesOf } from '../../server/src/core/workspace/locate';
import type { Range, RoadmapFileModel } from '../../server/src/core/types';

const FILE = '/workspace/roadmap.yaml';

/** Lines with their line breaks, so a changed ending (LF for CRLF) counts as a changed line. */
export function linesWithBreaks(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function lineOf(lines: LineMap, offset: number): number {
  return lines.positionAt(offset).line;
}

/**
 * Input lines an edit may legitimately rewrite: the lines an edit's span covers, except when the edit
 * is a pure insertion at the very end of a line that starts with a line break (whole new lines).
 */
function touchedLines(text: string, edits: OffsetEdit[]): Set<number> {
  const lines = new LineMap(text);
  const touched = new Set<number>();
  for (const edit of edits) {
    const first = lineOf(lines, edit.start);
    const wholeLines =
      edit.start === edit.end && /^\r?\n|^\r/.test(edit.newText) && edit.start === lines.lineEnd(first);
    const prepends = edit.start === edit.end && edit.start === 0 && /(\r?\n|\r)$/.test(edit.newText);
    if (wholeLines || prepends) continue;
    for (let line = first; line <= lineOf(lines, edit.end); line++) touched.add(line);
  }
  return touched;
}

/** How many input lines (with their breaks, except the last) outside `touched` are not found, in order, in the output. */
function countLostLines(before: string, after: string, touched: Set<number>): number {
  const input = linesWithBreaks(before);
  const output = linesWithBreaks(after);
  let lost = 0;
  let cursor = 0;
  input.forEach((line, index) => {
    if (touched.has(index)) return;
    // The input's last line may legitimately gain a line break when lines are appended after it.
    const last = index === input.length - 1 && !/[\r\n]$/.test(line);
    let found = -1;
    for (let at = cursor; at < output.length; at++) {
      if (output[at] === line || (last && output[at].replace(/\r?\n$|\r$/, '') === line)) {
        found = at;
        break;
      }
    }
    if (found < 0) lost++;
    else cursor = found + 1;
  });
  return lost;
}

export interface ProposalOutcome {
  applied: boolean;
  /** Why appendItems refused, when it did. */
  reason?: string;
  lostLines: number;
  touchedLines: number;
  newText?: string;
}

/**
 * Runs a proposal and checks what an accepted one produced: the edits are what the text says, every
 * untouched line survives in order, and the result parses with the new items last and nothing else lost.
 */
export function checkProposal(
  text: string,
  specs: NewItemSpec[],
  before: RoadmapFileModel = parseRoadmapFile(FILE, text),
): ProposalOutcome {
  const result = appendItems(text, specs);
  if (!result.ok) {
    if (typeof result.reason !== 'string' || result.reason.length === 0)
      throw new Error('appendItems refused without a reason');
    return { applied: false, reason: result.reason, lostLines: 0, touchedLines: 0 };
  }
  if (applyOffsetEdits(text, result.edits) !== result.newText)
    throw new Error('appendItems returned a newText its edits do not produce');
  const touched = touchedLines(text, result.edits);
  const lostLines = countLostLines(text, result.newText, touched);

  const after = parseRoadmapFile(FILE, result.newText);
  const errors = (model: RoadmapFileModel) =>
    model.problems.filter((problem) => problem.severity === 'error' && problem.code !== 'duplicate-id').length;
  if (!after.syntaxOk)
    throw new Error(
      `the proposal broke the YAML: ${after.problems.map((p) => p.message).join('; ')}\n${result.newText}`,
    );
  if (errors(after) > errors(before)) {
    throw new Error(
      `the proposal added errors: ${after.problems.map((p) => `${p.code} ${p.message}`).join('; ')}\n---\n${result.newText}`,
    );
  }
  const added = after.items.slice(after.items.length - specs.length);
  specs.forEach((spec, i) => {
    const item = added[i];
    const expected = {
      id: spec.id,
      title: spec.title,
      kind: spec.kind,
      status: spec.status,
      objective: spec.objective,
      source: spec.source,
      metric: spec.metric,
      category: spec.metric === undefined ? undefined : spec.category,
    };
    const actual = item && {
      id: item.id,
      title: item.title,
      kind: item.kind,
      status: item.status,
      objective: item.objective,
      source: item.source,
      metric: item.values[0]?.metric,
      category: item.values[0]?.category,
    };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      throw new Error(
        `new item ${i} reads back as ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}\n---\n${result.newText}`,
      );
    }
  });
  const kept = (model: RoadmapFileModel, count: number) =>
    model.items.slice(0, count).map((item) => `${item.id}|${item.title}|${item.status}|${item.values.length}`);
  if (JSON.stringify(kept(after, before.items.length)) !== JSON.stringify(kept(before, before.items.length))) {
    throw new Error(`the proposal changed existing items\n---\n${result.newText}`);
  }
  return { applied: true, lostLines, touchedLines: touched.size, newText: result.newText };
}

export interface RenameOutcome {
  lostLines: number;
  edits: number;
  newText: string;
}

function offsetsOf(lines: LineMap, range: Range): [number, number] {
  return [lines.offsetAt(range.start), lines.offsetAt(range.end)];
}

/**
 * Renames an item as the server does (every location `referencesOf` gives for it, each range replaced by
 * the new ID) and checks: each range spells the old ID, ranges do not overlap (an editor rejects such an
 * edit), every line without the old ID is byte-identical, and the result parses with the new ID
 * everywhere the old one was.
 */
export function checkRename(text: string, model: RoadmapFileModel, oldId: string, newId: string): RenameOutcome {
  const lines = new LineMap(text);
  if (!model.items.some((candidate) => candidate.id === oldId)) throw new Error(`no item ${oldId}`);
  // The locations the server's rename edits: the definition and every reference, as `referencesOf` finds them.
  const index = new WorkspaceIndex([path.dirname(FILE)]);
  index.updateFile(FILE, text);
  const locations = referencesOf(index, oldId, 'item', true);
  const spans = locations.map((location) => offsetsOf(lines, location.range)).sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < spans.length; i++) {
    const spelled = text.slice(spans[i][0], spans[i][1]);
    const unquoted = /^(['"])(.*)\1$/s.exec(spelled)?.[2] ?? spelled;
    if (unquoted !== oldId) throw new Error(`a rename range of ${oldId} spells ${JSON.stringify(spelled)}`);
    if (i > 0 && spans[i][0] < spans[i - 1][1])
      throw new Error(`rename ranges of ${oldId} overlap at offset ${spans[i][0]}: an editor rejects such an edit`);
  }
  const newText = applyOffsetEdits(
    text,
    spans.map(([start, end]) => ({ start, end, newText: newId })),
  );

  const before = linesWithBreaks(text);
  const after = linesWithBreaks(newText);
  let lostLines = 0;
  if (before.length !== after.length) lostLines += Math.abs(before.length - after.length);
  before.forEach((line, index) => {
    if (!line.includes(oldId) && after[index] !== line) lostLines++;
  });

  const renamed = parseRoadmapFile(FILE, newText);
  const ids = (m: RoadmapFileModel) => m.items.map((entry) => entry.id);
  const expectedIds = ids(model).map((id) => (id === oldId ? newId : id));
  if (JSON.stringify(ids(renamed)) !== JSON.stringify(expectedIds)) {
    throw new Error(
      `after renaming ${oldId} → ${newId} the items are ${ids(renamed).join(', ')}, expected ${expectedIds.join(', ')}\n---\n${newText}`,
    );
  }
  const dependents = (m: RoadmapFileModel, id: string) =>
    m.references.filter((ref) => ref.kind === 'dependsOn' && ref.targetId === id).length;
  if (
    dependents(renamed, newId) !== dependents(model, oldId) ||
    (oldId !== newId && dependents(renamed, oldId) !== 0)
  ) {
    throw new Error(`after renaming ${oldId} → ${newId}, dependsOn references were not all renamed\n---\n${newText}`);
  }
  const serious = (m: RoadmapFileModel) =>
    m.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning').length;
  if (serious(renamed) > serious(model)) {
    throw new Error(`the rename added problems: ${renamed.problems.map((p) => p.message).join('; ')}\n---\n${newText}`);
  }
  return { lostLines, edits: spans.length, newText };
}
