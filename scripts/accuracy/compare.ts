/**
 * Differential test of one file: the scanner's comment spans against tree-sitter's comment nodes.
 *
 * How spans are compared (the README's "Scanner accuracy" section says the same):
 *  - Both sides are lists of [start, end) offsets (UTF-16 code units, as JavaScript strings and
 *    web-tree-sitter count them). Trailing whitespace (a CR before the line break, …) is not part of a span.
 *  - A span agrees when the other side has a span with the same start and the same end. Same start but a
 *    different end is an *extent* disagreement (e.g. a C line comment continued by a backslash).
 *  - One tree-sitter node made of consecutive line comments (only whitespace between them) agrees with the
 *    scanner's one span per line, each counted as agreeing.
 *  - A shebang (`#!` at the very start) is dropped on both sides: grammars call it a comment, a shebang
 *    node or nothing, and it carries no annotation.
 *  - Regions a grammar does not parse (its `opaque` node types: `<script>`/`<style>` bodies in HTML and Vue,
 *    the HTML around PHP) are dropped on both sides.
 *  - Inside an ERROR node tree-sitter's error recovery guesses, and a guess is no oracle: spans starting
 *    there are dropped on both sides (the rest of such a file is compared; such files are counted apart).
 */
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { findComments } from '../../server/src/core/scanner';
import { discardParser, ORACLES, parserFor, type Oracle } from './grammars';

export interface Span {
  start: number;
  end: number;
}

export type DisagreementKind = 'scanner-only' | 'tree-sitter-only' | 'extent';

export interface Disagreement {
  kind: DisagreementKind;
  /** Where it is: the start of the span in question. */
  offset: number;
  scanner?: Span;
  treeSitter?: Span;
  /** A short class name for grouping, e.g. `inside string_fragment < template_string`. */
  context: string;
}

export interface Tally {
  agree: number;
  scannerOnly: number;
  treeSitterOnly: number;
  extent: number;
}

export type FileOutcome =
  | { compared: true; tally: Tally; disagreements: Disagreement[]; hadErrors: boolean }
  | { compared: false; reason: 'timeout' | 'oracle-failed'; detail?: string };

export function emptyTally(): Tally {
  return { agree: 0, scannerOnly: 0, treeSitterOnly: 0, extent: 0 };
}

export function addTally(into: Tally, from: Tally): void {
  into.agree += from.agree;
  into.scannerOnly += from.scannerOnly;
  into.treeSitterOnly += from.treeSitterOnly;
  into.extent += from.extent;
}

export function spansIn(tally: Tally): number {
  return tally.agree + tally.scannerOnly + tally.treeSitterOnly + tally.extent;
}

/** Whether the scanner language has an oracle here. */
export function hasOracle(languageId: string): boolean {
  return Object.prototype.hasOwnProperty.call(ORACLES, languageId);
}

/**
 * Compares one file. `timeoutMs` bounds tree-sitter's parse (the scanner is linear in the text, which the
 * caller's size cap bounds).
 */
export async function compareFile(text: string, languageId: string, timeoutMs: number): Promise<FileOutcome> {
  const oracle = ORACLES[languageId];
  const parser = await parserFor(oracle);
  let tree: Tree | null;
  try {
    tree = parseWithin(parser, text, timeoutMs);
  } catch (error) {
    // Some grammars' external scanners call C library functions the runtime lacks: this file has no oracle.
    discardParser(oracle);
    return { compared: false, reason: 'oracle-failed', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!tree) return { compared: false, reason: 'timeout' };
  try {
    const { comments, opaque } = oracleSpans(tree, oracle);
    const hadErrors = tree.rootNode.hasError;
    if (hadErrors) opaque.push(...errorRegions(tree.rootNode));
    const unjudged = merged(opaque);
    const kept = (span: Span) => !isShebang(text, span) && !coveringSpan(unjudged, span.start);
    const scanner = findComments(text, languageId)
      .map((c) => trimmed(text, c))
      .filter(kept);
    const treeSitter = comments.map((c) => trimmed(text, c)).filter(kept);
    return { compared: true, hadErrors, ...matchSpans(text, scanner, treeSitter, treeContext(tree)) };
  } finally {
    tree.delete();
  }
}

function parseWithin(parser: Parser, text: string, timeoutMs: number): Tree | null {
  const deadline = Date.now() + timeoutMs;
  // Returning true from the progress callback cancels the parse (the typings say void).
  const progressCallback = (() => Date.now() > deadline) as unknown as () => void;
  parser.reset();
  return parser.parse(text, null, { progressCallback });
}

function oracleSpans(tree: Tree, oracle: Oracle): { comments: Span[]; opaque: Span[] } {
  const opaqueTypes = new Set(oracle.opaque ?? []);
  const comments: Span[] = [];
  const opaque: Span[] = [];
  for (const node of tree.rootNode.descendantsOfType([...oracle.comments, ...opaqueTypes])) {
    if (!node) continue;
    (opaqueTypes.has(node.type) ? opaque : comments).push({ start: node.startIndex, end: node.endIndex });
  }
  comments.sort((a, b) => a.start - b.start || a.end - b.end);
  return { comments, opaque };
}

/** The ERROR nodes of a tree (only subtrees that have an error are entered). */
function errorRegions(root: Node): Span[] {
  const regions: Span[] = [];
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.isError) regions.push({ start: node.startIndex, end: node.endIndex });
    else if (node.hasError) for (const child of node.children) if (child) stack.push(child);
  }
  return regions;
}

/** Sorted, non-overlapping ranges covering the same offsets. */
function merged(ranges: Span[]): Span[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else out.push({ ...range });
  }
  return out;
}

function isShebang(text: string, span: Span): boolean {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return span.start === bom && text.startsWith('#!', bom);
}

function isWhitespaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

function trimmed(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && isWhitespaceCode(text.charCodeAt(end - 1))) end--;
  return { start: span.start, end };
}

function blankBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWhitespaceCode(text.charCodeAt(i))) return false;
  return true;
}

/** What tree-sitter has around a disagreement, for its class name. */
export interface TreeContext {
  /** The node types at a scanner span's start, e.g. `string_fragment < string`. */
  at(offset: number): string;
  /** The type of the parent of a tree-sitter comment. */
  parentOf(span: Span): string;
}

const NO_CONTEXT: TreeContext = { at: () => 'code', parentOf: () => 'code' };

/** Merges the two sorted span lists; both verdicts of every disagreement are kept. */
export function matchSpans(
  text: string,
  scanner: Span[],
  treeSitter: Span[],
  tree: TreeContext = NO_CONTEXT,
): { tally: Tally; disagreements: Disagreement[] } {
  const tally = emptyTally();
  const disagreements: Disagreement[] = [];
  const scannerOnly = (s: Span) => {
    tally.scannerOnly++;
    disagreements.push({ kind: 'scanner-only', offset: s.start, scanner: s, context: `inside ${tree.at(s.start)}` });
  };
  const treeSitterOnly = (t: Span) => {
    tally.treeSitterOnly++;
    const verdict = coveringSpan(scanner, t.start) ? 'within a scanner comment' : 'not a comment to the scanner';
    disagreements.push({
      kind: 'tree-sitter-only',
      offset: t.start,
      treeSitter: t,
      context: `${opener(text, t)} under ${tree.parentOf(t)}; ${verdict}`,
    });
  };
  let i = 0;
  let j = 0;
  while (i < scanner.length && j < treeSitter.length) {
    const s = scanner[i];
    const t = treeSitter[j];
    if (s.start < t.start) {
      scannerOnly(s);
      i++;
    } else if (s.start > t.start) {
      treeSitterOnly(t);
      j++;
    } else if (s.end === t.end) {
      tally.agree++;
      i++;
      j++;
    } else {
      // Consecutive line comments that the grammar made one node: the scanner's spans tile it.
      let k = i;
      while (
        k + 1 < scanner.length &&
        scanner[k + 1].end <= t.end &&
        blankBetween(text, scanner[k].end, scanner[k + 1].start)
      )
        k++;
      if (k > i && scanner[k].end === t.end) {
        tally.agree += k - i + 1;
        i = k + 1;
      } else {
        tally.extent++;
        const longer = s.end > t.end ? 'scanner' : 'tree-sitter';
        disagreements.push({
          kind: 'extent',
          offset: s.start,
          scanner: s,
          treeSitter: t,
          context: `${opener(text, s)} longer to ${longer}`,
        });
        i++;
      }
      j++;
    }
  }
  for (; i < scanner.length; i++) scannerOnly(scanner[i]);
  for (; j < treeSitter.length; j++) treeSitterOnly(treeSitter[j]);
  disagreements.sort((a, b) => a.offset - b.offset);
  return { tally, disagreements };
}

function treeContext(tree: Tree): TreeContext {
  return {
    at: (offset) => nodePath(tree, offset),
    parentOf: (span) => tree.rootNode.descendantForIndex(span.start, span.end)?.parent?.type ?? 'root',
  };
}

/** The span of a sorted, non-overlapping list that contains `offset`, by binary search. */
function coveringSpan(spans: Span[], offset: number): Span | undefined {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (spans[mid].end <= offset) low = mid + 1;
    else if (spans[mid].start > offset) high = mid - 1;
    else return spans[mid];
  }
  return undefined;
}

/** The comment's opening characters, e.g. `//` or `/*`, for class names. */
function opener(text: string, span: Span): string {
  const match = /^[^\w\s]{1,3}/.exec(text.slice(span.start, Math.min(span.end, span.start + 3)));
  return `\`${match ? match[0] : text.slice(span.start, span.start + 2)}\``;
}

/** What tree-sitter has at an offset: the innermost named node and its parent, e.g. `string_fragment < string`. */
function nodePath(tree: Tree, offset: number): string {
  let node: Node | null = tree.rootNode.namedDescendantForIndex(offset, offset + 1);
  const types: string[] = [];
  while (node && types.length < 2) {
    types.push(node.type);
    node = node.parent;
  }
  return types.join(' < ') || 'nothing';
}

/** 1-based line and column of an offset, from the offsets where lines start. */
export function lineColumn(lineStarts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low] + 1 };
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}
