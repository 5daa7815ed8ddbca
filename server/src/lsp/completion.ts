/** Completion of item IDs after `TODO(` / `@roadmap` in code, and of IDs in roadmap reference values. */
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { languageOfFile } from '../core/scanner';
import { lexComments } from '../core/scanner/comments';
import { MARKER_TAG, type CompiledSettings } from '../core/settings';
import { isFinished } from '../core/types';
import type { WorkspaceIndex } from '../core/workspace';

type Candidates = 'items' | 'objectives' | 'metrics';

const ID_LIST = String.raw`(?:[\w#-]+\s*,\s*)*([\w#-]*)$`;

/** `index` holds `document`'s current text (the server applies a pending re-scan before any request). */
export function completion(
  index: WorkspaceIndex,
  document: TextDocument,
  file: string,
  position: Position,
): CompletionItem[] {
  const before = document.getText({ start: { line: position.line, character: 0 }, end: position });
  const isRoadmap = index.isRoadmapFile(file);
  const context: { candidates: Candidates; partial: string; tagColumn?: number } | undefined = isRoadmap
    ? roadmapContext(document, position.line, before)
    : codeContext(index.settings, before);
  // In code, an ID can stand only in a comment: `const t = TODO(` in code or in a string completes nothing.
  if (!context || (!isRoadmap && !inComment(index, document, file, position, context.tagColumn))) return [];
  const range = {
    start: { line: position.line, character: position.character - context.partial.length },
    end: position,
  };
  const roadmap = index.roadmap;
  if (context.candidates === 'objectives') {
    return [...roadmap.objectives.values()].map((objective) => ({
      label: objective.id,
      kind: CompletionItemKind.Module,
      detail: objective.title,
      textEdit: { range, newText: objective.id },
    }));
  }
  if (context.candidates === 'metrics') {
    return [...roadmap.northStarMetrics.values()].map((metric) => ({
      label: metric.id,
      kind: CompletionItemKind.Constant,
      detail: metric.name,
      textEdit: { range, newText: metric.id },
    }));
  }
  const items: CompletionItem[] = [...roadmap.items.values()].map((item) => {
    const finished = isFinished(item);
    return {
      label: item.id,
      kind: CompletionItemKind.Reference,
      detail: item.status ? `${item.title} (${item.status})` : item.title,
      // Open items first: linking new debt to a finished item only makes stale debt.
      sortText: `${finished ? 1 : 0}${item.id.replace(/\d+/g, (digits) => digits.padStart(8, '0'))}`,
      filterText: `${item.id} ${item.title}`,
      textEdit: { range, newText: item.id },
    };
  });
  if (isRoadmap) return items;
  // In code, the tickets items list link as well as the items' IDs (after them in the list).
  for (const [ticket, item] of roadmap.tickets) {
    const finished = isFinished(item);
    items.push({
      label: ticket,
      kind: CompletionItemKind.Reference,
      detail: `ticket of ${item.id} ${item.title}`,
      sortText: `${finished ? 3 : 2}${ticket.replace(/\d+/g, (digits) => digits.padStart(8, '0'))}`,
      filterText: `${ticket} ${item.id} ${item.title}`,
      textEdit: { range, newText: ticket },
    });
  }
  return items;
}

/**
 * Whether the position, after a tag at `tagColumn` on its line, lies inside a comment. The index's scan of
 * the document says so when it found an annotation at that tag (only comments hold annotations, and
 * nothing the trigger allows between the tag and the cursor can close a comment). Else the lexer that
 * finds annotations decides, over the text up to the cursor only: what follows cannot change it.
 */
function inComment(
  index: WorkspaceIndex,
  document: TextDocument,
  file: string,
  position: Position,
  tagColumn: number | undefined,
): boolean {
  if (
    tagColumn !== undefined &&
    index
      .annotationsOf(file)
      .some(({ tagRange: { start } }) => start.line === position.line && start.character === tagColumn)
  )
    return true;
  const text = document.getText();
  const languageId = languageOfFile(file, text);
  if (!languageId) return false;
  const offset = document.offsetAt(position);
  // A line comment ends before its line break, where the cursor may sit: `end` itself counts.
  return lexComments(text, languageId, offset).some((comment) => comment.start < offset && offset <= comment.end);
}

/** Per settings object: the text before the cursor ends in `TODO(`, `FIXME[RM-1, ` or `@roadmap `. */
const codeTriggers = new WeakMap<CompiledSettings, RegExp>();

function codeContext(
  settings: CompiledSettings,
  before: string,
): { candidates: Candidates; partial: string; tagColumn: number } | undefined {
  let trigger = codeTriggers.get(settings);
  if (!trigger) {
    trigger = new RegExp(String.raw`(?:\b(?:${settings.tagAlternation})\s*[(\[]|${MARKER_TAG}\s+)\s*${ID_LIST}`);
    codeTriggers.set(settings, trigger);
  }
  const match = trigger.exec(before);
  return match ? { candidates: 'items', partial: match[1], tagColumn: match.index } : undefined;
}

function roadmapContext(
  document: TextDocument,
  line: number,
  before: string,
): { candidates: Candidates; partial: string } | undefined {
  let match = /^\s*(?:-\s+)?objective:\s*([\w-]*)$/.exec(before);
  if (match) return { candidates: 'objectives', partial: match[1] };
  match = new RegExp(String.raw`^\s*(?:-\s+)?(dependsOn|metrics):\s*\[\s*${ID_LIST}`).exec(before);
  if (match) return { candidates: match[1] === 'metrics' ? 'metrics' : 'items', partial: match[2] };
  match = /^(\s*)-\s*([\w-]*)$/.exec(before);
  if (match) {
    const parent = parentKey(document, line, match[1].length);
    if (parent === 'dependsOn') return { candidates: 'items', partial: match[2] };
    if (parent === 'metrics') return { candidates: 'metrics', partial: match[2] };
  }
  return undefined;
}

/** The key of the nearest line above that is indented no deeper than a block list entry at `indent`. */
function parentKey(document: TextDocument, line: number, indent: number): string | undefined {
  for (let above = line - 1; above >= 0 && above >= line - 200; above--) {
    const text = document
      .getText({ start: { line: above, character: 0 }, end: { line: above + 1, character: 0 } })
      .replace(/\r?\n$/, '');
    if (!text.trim() || text.trimStart().startsWith('#')) continue;
    const lineIndent = text.length - text.trimStart().length;
    const entry = /^\s*-\s/.test(text) && lineIndent === indent;
    if (entry) continue; // a sibling entry of the same list
    if (lineIndent > indent) continue;
    const key = /^\s*(?:-\s+)?([\w-]+):\s*$/.exec(text);
    return key?.[1];
  }
  return undefined;
}
