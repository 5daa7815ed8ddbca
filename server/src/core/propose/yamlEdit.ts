/**
 * Format-preserving insertion of new items into a roadmap YAML file.
 *
 * The roadmap file is the team's shared plan, so the edit never re-dumps it: it finds the insertion point
 * with the `yaml` Document/CST (the `items` sequence, its indentation, the last item's end) and returns
 * pure insertions at those offsets. Every byte the user wrote — comments, blank lines, key order, quoting,
 * indentation, CRLF, a missing final newline — stays as it was. Only the new items' own text comes from
 * `yaml`'s stringifier (so titles with `:`, `#`, quotes or a leading `-` are quoted correctly), re-indented
 * to the file's layout. Every result is re-parsed and compared with the intended data before it is
 * returned, so a layout the planner did not foresee yields `{ ok: false }`, never a corrupted file.
 */
import { Composer, Document, Parser, Scalar, isMap, isNode, isPair, isScalar, isSeq, visit } from 'yaml';
import type { CST, Node, YAMLMap, YAMLSeq } from 'yaml';
import { contentEnd, findExcessiveNesting, MAX_NESTING, miscasedKey, miscasedKeyMessage } from '../roadmap/parse';
import { LineMap } from '../text';
import type { ValueCategory } from '../types';

/** A replacement of `[start, end)` of the original text; `start === end` is an insertion. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface NewItemSpec {
  id: string;
  title: string;
  kind: 'debt' | 'feature' | 'investment';
  status: 'proposed';
  objective?: string;
  /** With `metric`, written as `value: {metric, category}`; without a metric no `value` is written. */
  category?: ValueCategory;
  metric?: string;
  /** v2: tracker keys the new item covers (a proposal made from a ticket no item lists). */
  tickets?: string[];
  /** Where the proposal came from: "src/tax.ts:12", workspace-relative, forward slashes. */
  source: string;
}

export type AppendResult = { ok: true; edits: OffsetEdit[]; newText: string } | { ok: false; reason: string };
type Failure = { ok: false; reason: string };

const ITEMS_KEY = 'items';
const DEFAULT_INDENT = 2;
/** Strings with these characters are forced to double quotes: a plain or block scalar could break lines. */
const NEEDS_ESCAPING = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Appends `items` to the `items:` list of a roadmap file with minimal insertion edits.
 * Refuses (ok: false) a file with YAML errors, several documents, or a top level that is not a mapping.
 */
export function appendItems(roadmapText: string, items: NewItemSpec[]): AppendResult {
  const parsed = parseSingleDocument(roadmapText);
  if (!parsed.ok) return parsed;
  const { doc, docEnd } = parsed;
  const specProblem = checkSpecs(doc, items);
  if (specProblem) return failure(specProblem);
  if (items.length === 0) return { ok: true, edits: [], newText: roadmapText };

  const planned = planEdits(new SourceLayout(roadmapText), doc, docEnd, items);
  if (!planned.ok) return planned;
  const newText = applyOffsetEdits(roadmapText, planned.edits);
  const mismatch = verifyResult(doc, newText, items);
  if (mismatch) return failure(mismatch);
  return { ok: true, edits: planned.edits, newText };
}

/**
 * Applies edits whose offsets refer to the original text, in offset order (edits at the same offset keep
 * their given order). Offsets are clamped to the text; an edit overlapping an earlier one is clipped to
 * start where that one ended, so malformed input degrades instead of throwing.
 */
export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  const ordered = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const edit of ordered) {
    const start = Math.min(Math.max(edit.start, cursor), text.length);
    const end = Math.min(Math.max(edit.end, start), text.length);
    out += text.slice(cursor, start) + edit.newText;
    cursor = end;
  }
  return out + text.slice(cursor);
}

// ---------------------------------------------------------------------------------------------
// Parsing and checks

type ParsedDoc = Document.Parsed;

function failure(reason: string): Failure {
  return { ok: false, reason };
}

/** One document, with the offset of its `...` end marker when it has one (insertions go before it). */
function parseSingleDocument(text: string): { ok: true; doc: ParsedDoc; docEnd?: number } | Failure {
  const tokens = Array.from(new Parser().parse(text));
  // The roadmap parser does not read such a file (and composing it recurses that deep), so it is not edited.
  const tooDeepAt = findExcessiveNesting(tokens);
  if (tooDeepAt !== undefined) {
    const at = new LineMap(text).positionAt(tooDeepAt);
    return failure(
      `The roadmap file nests YAML more than ${MAX_NESTING} levels deep at line ${at.line + 1}, column ${at.character + 1}; ` +
        'it was left unchanged.',
    );
  }
  const docs = Array.from(new Composer({ keepSourceTokens: true }).compose(tokens, true, text.length));
  if (docs.length !== 1) {
    return failure(
      `The roadmap file holds ${docs.length} YAML documents; proposals are only added to a file with one.`,
    );
  }
  const doc = docs[0];
  const error = doc.errors[0];
  if (error) {
    const at = new LineMap(text).positionAt(error.pos[0]);
    const message = error.message.split('\n')[0];
    return failure(
      `The roadmap file has a YAML syntax error at line ${at.line + 1}, column ${at.character + 1} (${message}); ` +
        'fix it before proposing items, the file was left unchanged.',
    );
  }
  const docEnd = tokens.find((token) => token.type === 'doc-end')?.offset;
  return { ok: true, doc, docEnd };
}

function checkSpecs(doc: ParsedDoc, specs: NewItemSpec[]): string | undefined {
  const existing = new Set<string>();
  const root = doc.contents;
  const itemsNode = isMap(root) ? root.get(ITEMS_KEY, true) : undefined;
  if (isSeq(itemsNode)) {
    for (const item of itemsNode.items) {
      const id = isMap(item) ? item.get('id') : undefined;
      if (typeof id === 'string') existing.add(id);
    }
  }
  const seen = new Set<string>();
  for (const spec of specs) {
    if (typeof spec.id !== 'string' || spec.id.trim() === '') return 'A new roadmap item needs a non-empty ID.';
    if (existing.has(spec.id)) return `The roadmap file already has an item with ID "${spec.id}".`;
    if (seen.has(spec.id)) return `The new items repeat the ID "${spec.id}".`;
    seen.add(spec.id);
  }
  return undefined;
}

function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node)) return node.value === null ? 'null' : `the value ${JSON.stringify(String(node.value))}`;
  return 'an alias';
}

// ---------------------------------------------------------------------------------------------
// Layout of the file: lines, columns, and the style new text should follow

class SourceLayout {
  readonly lines: LineMap;
  readonly eol: string;

  constructor(readonly text: string) {
    this.lines = new LineMap(text);
    this.eol = this.lines.eol;
  }

  lineOf(offset: number): number {
    return this.lines.positionAt(offset).line;
  }

  /** Indentation column; a byte-order mark on the first line is not indentation. */
  column(offset: number): number {
    const { line, character } = this.lines.positionAt(offset);
    return line === 0 && this.text.charCodeAt(0) === 0xfeff ? character - 1 : character;
  }

  /** The last line a node ending at `end` occupies (`end` just past a line break belongs to the line before). */
  lastLineEndingAt(end: number): number {
    const { line, character } = this.lines.positionAt(end);
    return character === 0 ? line - 1 : line;
  }

  isBlank(line: number): boolean {
    return /^[ \t]*$/.test(this.lines.lineText(line));
  }

  /** The indentation of a line that holds only a comment, or undefined for any other line. */
  commentIndent(line: number): number | undefined {
    const match = /^([ \t]*)#/.exec(this.lines.lineText(line));
    return match ? match[1].length : undefined;
  }

  /** Leading whitespace width of a line when only whitespace precedes `offset` on it, else undefined. */
  indentBefore(offset: number): number | undefined {
    const { line } = this.lines.positionAt(offset);
    const before = this.text.slice(this.lines.lineStarts[line], offset);
    return /^\uFEFF?[ \t]*$/.test(before) ? this.column(offset) : undefined;
  }
}

interface ItemStyle {
  /** Indentation of nested mappings (`value:` → `metric:`). */
  indent: number;
  singleQuote: boolean;
  /** `{ id: x }` rather than `{id: x}` for flow mappings. */
  flowPadding: boolean;
}

function nodeStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}

function nodeEnd(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[1] : undefined;
}

/** The nested-mapping indentation the file already uses: inside items first, then anywhere at the top. */
function detectIndent(layout: SourceLayout, root: YAMLMap, itemsSeq: YAMLSeq | undefined): number {
  const indentOf = (parent: Node, child: unknown, parentCol: number): number | undefined => {
    const childStart = nodeStart(child);
    const parentStart = nodeStart(parent);
    if (!isMap(child) || child.flow || childStart === undefined || parentStart === undefined) return undefined;
    if (layout.lineOf(childStart) === layout.lineOf(parentStart)) return undefined;
    const indent = layout.column(childStart) - parentCol;
    return indent >= 1 && indent <= 8 ? indent : undefined;
  };
  const items = itemsSeq && !itemsSeq.flow ? itemsSeq.items : [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    const itemStart = nodeStart(item);
    if (!isMap(item) || itemStart === undefined) continue;
    for (const pair of item.items) {
      const indent = isNode(pair.key) ? indentOf(pair.key, pair.value, layout.column(itemStart)) : undefined;
      if (indent !== undefined) return indent;
    }
  }
  for (const pair of root.items) {
    const keyStart = nodeStart(pair.key);
    if (keyStart === undefined || !isNode(pair.key)) continue;
    const indent = indentOf(pair.key, pair.value, layout.column(keyStart));
    if (indent !== undefined) return indent;
  }
  return DEFAULT_INDENT;
}

/** How far a new block sequence's `-` sits right of its key: as the file's other top-level lists do. */
function detectSequenceIndent(layout: SourceLayout, root: YAMLMap, fallback: number): number {
  for (const pair of root.items) {
    const keyStart = nodeStart(pair.key);
    const seqStart = nodeStart(pair.value);
    if (!isSeq(pair.value) || pair.value.flow || keyStart === undefined || seqStart === undefined) continue;
    const indent = layout.column(seqStart) - layout.column(keyStart);
    if (indent >= 0 && indent <= 8) return indent;
  }
  return fallback;
}

/**
 * Quoting and flow-mapping spacing as most of the file writes them: single quotes when its quoted scalars
 * mostly use them (else `yaml`'s default, double), and `{id: x}` when its flow mappings mostly have no
 * padding inside the braces.
 */
function detectStyle(doc: ParsedDoc, text: string, indent: number): ItemStyle {
  let single = 0;
  let double = 0;
  let padded = 0;
  let tight = 0;
  visit(doc, {
    Scalar(_, node) {
      if (node.type === Scalar.QUOTE_SINGLE) single++;
      else if (node.type === Scalar.QUOTE_DOUBLE) double++;
    },
    Map(_, node) {
      if (!node.flow || node.items.length === 0 || !node.range) return;
      const afterBrace = text[node.range[0] + 1];
      if (afterBrace === ' ') padded++;
      else if (afterBrace !== '\n' && afterBrace !== '\r') tight++;
    },
  });
  return { indent, singleQuote: single > double, flowPadding: tight <= padded };
}

// ---------------------------------------------------------------------------------------------
// Rendering a new item

/** The item as plain data, keys in the contract's order: id, title, kind, status, objective, value, source. */
function plainItem(spec: NewItemSpec): Record<string, unknown> {
  const item: Record<string, unknown> = { id: spec.id, title: spec.title, kind: spec.kind, status: spec.status };
  if (spec.objective !== undefined) item.objective = spec.objective;
  if (spec.metric !== undefined) {
    item.value =
      spec.category !== undefined ? { metric: spec.metric, category: spec.category } : { metric: spec.metric };
  }
  if (spec.tickets?.length) item.tickets = [...spec.tickets];
  item.source = spec.source;
  return item;
}

/** `yaml`'s own text for the item: a block mapping at column 0, or a one-line flow mapping. */
function stringifyItem(spec: NewItemSpec, flow: boolean, style: ItemStyle): string[] {
  const doc = new Document(plainItem(spec));
  visit(doc, {
    Map(_, map) {
      if (flow) map.flow = true;
    },
    Seq(_, seq) {
      seq.flow = true; // `tickets: [KAFKA-1]`, as the contract writes lists of keys
    },
    Pair(_, pair) {
      if (isScalar(pair.value) && typeof pair.value.value === 'string' && NEEDS_ESCAPING.test(pair.value.value)) {
        pair.value.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  const text = doc.toString({
    indent: style.indent,
    lineWidth: 0,
    singleQuote: style.singleQuote ? true : null,
    flowCollectionPadding: style.flowPadding,
  });
  return text.replace(/\n$/, '').split('\n');
}

/** Block sequence entry lines: `-` at `dashCol`, the mapping's keys at `contentCol`. */
function blockItemLines(spec: NewItemSpec, dashCol: number, contentCol: number, style: ItemStyle): string[] {
  const [first, ...rest] = stringifyItem(spec, false, style);
  const head = ' '.repeat(dashCol) + '-' + ' '.repeat(Math.max(1, contentCol - dashCol - 1)) + first;
  return [head, ...rest.map((line) => (line === '' ? '' : ' '.repeat(contentCol) + line))];
}

function flowItemText(spec: NewItemSpec, style: ItemStyle): string {
  return stringifyItem(spec, true, style).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Planning the edits

type Plan = { ok: true; edits: OffsetEdit[] } | Failure;

function planEdits(layout: SourceLayout, doc: ParsedDoc, docEnd: number | undefined, specs: NewItemSpec[]): Plan {
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null && root.range[0] === root.range[1])) {
    const style: ItemStyle = { indent: DEFAULT_INDENT, singleQuote: false, flowPadding: true };
    const lines = ['version: 1', `${ITEMS_KEY}:`, ...specs.flatMap((spec) => blockItemLines(spec, 2, 4, style))];
    return { ok: true, edits: [insertLinesAfter(layout, lastDocumentLine(layout, docEnd), lines)] };
  }
  if (!isMap(root)) {
    return failure(
      `The roadmap file's top level is ${describeNode(root)}, not a mapping with \`version\` and \`items\`; it was left unchanged.`,
    );
  }

  const pair = root.items.find((candidate) => isScalar(candidate.key) && candidate.key.value === ITEMS_KEY);
  const itemsValue = pair?.value;
  const itemsSeq = isSeq(itemsValue) ? itemsValue : undefined;
  const style = detectStyle(doc, layout.text, detectIndent(layout, root, itemsSeq));

  if (!pair) {
    // `Items:` is no list of the format, and a second list beside it would leave the team's items unread.
    for (const candidate of root.items) {
      const name = isScalar(candidate.key) ? String(candidate.key.value) : undefined;
      if (name !== undefined && miscasedKey(name, [ITEMS_KEY]))
        return failure(
          `${miscasedKeyMessage(name, ITEMS_KEY)} Rename it to "${ITEMS_KEY}"; the file was left unchanged.`,
        );
    }
    if (root.flow)
      return failure(
        "The roadmap file's top-level mapping is in flow style ({...}); add an `items: []` entry to it first.",
      );
    const rootCol = layout.column(nodeStart(root.items[0]?.key) ?? root.range[0]);
    const dashCol = rootCol + detectSequenceIndent(layout, root, style.indent);
    const lines = [
      ' '.repeat(rootCol) + `${ITEMS_KEY}:`,
      ...specs.flatMap((spec) => blockItemLines(spec, dashCol, dashCol + 2, style)),
    ];
    return { ok: true, edits: [insertLinesAfter(layout, lastDocumentLine(layout, docEnd), lines)] };
  }

  const keyCol = layout.column(nodeStart(pair.key) ?? 0);
  if (itemsValue === null || (isScalar(itemsValue) && itemsValue.value === null)) {
    if (root.flow)
      return failure("The roadmap file's `items` is empty inside a flow-style mapping; write `items: []` first.");
    return { ok: true, edits: planNullItems(layout, root, pair.key, itemsValue, keyCol, specs, style) };
  }
  if (!itemsSeq)
    return failure(`The roadmap file's \`items\` is ${describeNode(itemsValue)}, not a list; it was left unchanged.`);
  return itemsSeq.flow
    ? planFlowItems(layout, itemsSeq, keyCol, specs, style)
    : planBlockItems(layout, itemsSeq, keyCol, specs, style);
}

/** Inserts whole lines after `lastLine` (before its line break, so a missing final newline stays missing). */
function insertLinesAfter(layout: SourceLayout, lastLine: number, lines: string[]): OffsetEdit {
  if (lastLine < 0) return { start: 0, end: 0, newText: lines.join(layout.eol) + layout.eol };
  const at = layout.lines.lineEnd(lastLine);
  return { start: at, end: at, newText: layout.eol + lines.join(layout.eol) };
}

/** The document's last line: before a `...` end marker, else the file's last line; -1 when there is none. */
function lastDocumentLine(layout: SourceLayout, docEnd: number | undefined): number {
  return layout.lastLineEndingAt(docEnd ?? layout.text.length);
}

/**
 * Comment lines indented deeper than the `items` key after its last entry belong to the list (a note on
 * the last item, a commented-out item), so new items go after them. Comments at the key's own column
 * introduce what follows, and stay attached to it.
 */
function extendOverOwnedComments(layout: SourceLayout, lastLine: number, ownerCol: number): number {
  let result = lastLine;
  for (let line = lastLine + 1; line < layout.lines.lineCount; line++) {
    if (layout.isBlank(line)) continue;
    const indent = layout.commentIndent(line);
    if (indent === undefined || indent <= ownerCol) break;
    result = line;
  }
  return result;
}

function planBlockItems(
  layout: SourceLayout,
  seq: YAMLSeq,
  keyCol: number,
  specs: NewItemSpec[],
  style: ItemStyle,
): Plan {
  const entries = (seq.srcToken as CST.BlockSequence | undefined)?.items ?? [];
  const dashes = entries.flatMap((entry) => entry.start.filter((token) => token.type === 'seq-item-ind'));
  const lastDash = dashes[dashes.length - 1];
  const lastItem = seq.items[seq.items.length - 1];
  // Where its last value ends: the comments YAML counts into it may label the next section.
  const lastEnd = isNode(lastItem) && lastItem.range ? contentEnd(lastItem) : undefined;
  if (!lastDash || lastEnd === undefined)
    return failure('Could not locate the last entry of `items`; the file was left unchanged.');

  const dashCol = layout.column(lastDash.offset);
  const itemStart = nodeStart(lastItem);
  const itemCol = isMap(lastItem) && itemStart !== undefined ? layout.column(itemStart) : dashCol + 2;
  const contentCol = itemCol > dashCol ? itemCol : dashCol + 2;

  // Items separated by blank lines get a blank line before each new one.
  let blankSeparated = false;
  if (seq.items.length >= 2) {
    const previousEnd = nodeEnd(seq.items[seq.items.length - 2]);
    if (previousEnd !== undefined) {
      for (let line = layout.lastLineEndingAt(previousEnd) + 1; line < layout.lineOf(lastDash.offset); line++) {
        if (layout.isBlank(line)) blankSeparated = true;
      }
    }
  }

  const lastLine = extendOverOwnedComments(layout, layout.lastLineEndingAt(lastEnd), keyCol);
  const lines = specs.flatMap((spec) => [
    ...(blankSeparated ? [''] : []),
    ...blockItemLines(spec, dashCol, contentCol, style),
  ]);
  return { ok: true, edits: [insertLinesAfter(layout, lastLine, lines)] };
}

/** `items:` with no value (or an explicit `~`/`null`, which is removed): the new items become its block list. */
function planNullItems(
  layout: SourceLayout,
  root: YAMLMap,
  key: unknown,
  value: unknown,
  keyCol: number,
  specs: NewItemSpec[],
  style: ItemStyle,
): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  const valueStart = nodeStart(value);
  const valueEnd = nodeEnd(value);
  let anchor = valueStart ?? nodeEnd(key) ?? 0;
  if (valueStart !== undefined && valueEnd !== undefined && valueEnd > valueStart) {
    let start = valueStart;
    while (start > 0 && (layout.text[start - 1] === ' ' || layout.text[start - 1] === '\t')) start--;
    edits.push({ start, end: valueEnd, newText: '' });
    anchor = valueEnd;
  }
  const dashCol = keyCol + detectSequenceIndent(layout, root, style.indent);
  const lastLine = extendOverOwnedComments(layout, layout.lineOf(anchor), keyCol);
  edits.push(
    insertLinesAfter(
      layout,
      lastLine,
      specs.flatMap((spec) => blockItemLines(spec, dashCol, dashCol + 2, style)),
    ),
  );
  return edits;
}

/**
 * A flow list keeps its flow style: on one line, `[a]` → `[a, {new}]` (`[]` → `[ {new} ]`); spread over
 * lines, one new item per line at the last item's indentation, keeping a trailing comma if there is one.
 */
function planFlowItems(
  layout: SourceLayout,
  seq: YAMLSeq,
  keyCol: number,
  specs: NewItemSpec[],
  style: ItemStyle,
): Plan {
  const token = seq.srcToken as CST.FlowCollection | undefined;
  const close = token?.end.find((t) => t.type === 'flow-seq-end')?.offset;
  if (!token || close === undefined)
    return failure('Could not locate the end of the `items` list; the file was left unchanged.');
  const open = token.start.offset;
  const rendered = specs.map((spec) => flowItemText(spec, style));
  const closeLine = layout.lineOf(close);

  const lastItem = seq.items[seq.items.length - 1];
  if (lastItem === undefined) {
    if (layout.lineOf(open) === closeLine) {
      const inner = layout.text.slice(open + 1, close);
      return {
        ok: true,
        edits: [{ start: open + 1, end: open + 1, newText: ' ' + rendered.join(', ') + (inner === '' ? ' ' : '') }],
      };
    }
    const pad = ' '.repeat(keyCol + style.indent);
    const lines = rendered.map((text, i) => pad + text + (i < rendered.length - 1 ? ',' : ''));
    return { ok: true, edits: [insertLinesAfter(layout, layout.lineOf(open), lines)] };
  }

  const lastEnd = isPair(lastItem) ? undefined : nodeEnd(lastItem);
  if (lastEnd === undefined) return failure('The last entry of `items` is not a mapping; the file was left unchanged.');
  const lastEntry = token.items[token.items.length - 1];
  const trailingComma =
    lastEntry && !lastEntry.value && !lastEntry.key ? lastEntry.start.find((t) => t.type === 'comma') : undefined;
  const anchor = trailingComma ? trailingComma.offset + 1 : lastEnd;

  if (layout.lineOf(anchor) === closeLine) {
    const newText = trailingComma ? ' ' + rendered.map((text) => text + ',').join(' ') : ', ' + rendered.join(', ');
    return { ok: true, edits: [{ start: anchor, end: anchor, newText }] };
  }
  const pad = ' '.repeat(layout.indentBefore(nodeStart(lastItem) ?? lastEnd) ?? keyCol + style.indent);
  const lines = rendered.map((text, i) => pad + text + (trailingComma || i < rendered.length - 1 ? ',' : ''));
  const lineEdit = insertLinesAfter(layout, layout.lineOf(anchor), lines);
  if (trailingComma) return { ok: true, edits: [lineEdit] };
  if (lineEdit.start === lastEnd) return { ok: true, edits: [{ ...lineEdit, newText: ',' + lineEdit.newText }] };
  return { ok: true, edits: [{ start: lastEnd, end: lastEnd, newText: ',' }, lineEdit] };
}

// ---------------------------------------------------------------------------------------------
// Adding a ticket to an item

/**
 * The one edit that adds `ticket` to the `tickets` of item `itemId`: appended inside a flow list
 * (`[A-1]` → `[A-1, B-2]`), as a new entry of a block list, in place of a single scalar, or as a new
 * `tickets: [B-2]` line after the item's last field. Verified like `appendItems`: the result must parse
 * to the same data with just that ticket added, or nothing is returned.
 */
export function addTicketToItem(roadmapText: string, itemId: string, ticket: string): AppendResult {
  const parsed = parseSingleDocument(roadmapText);
  if (!parsed.ok) return parsed;
  const { doc } = parsed;
  const root = doc.contents;
  const itemsNode = isMap(root) ? root.get(ITEMS_KEY, true) : undefined;
  const item = isSeq(itemsNode)
    ? itemsNode.items.find((entry) => isMap(entry) && entry.get('id') === itemId)
    : undefined;
  if (!isMap(item)) return failure(`The roadmap file has no item ${itemId} to add ${ticket} to.`);
  const layout = new SourceLayout(roadmapText);
  const written = new Document(ticket).toString({ lineWidth: 0 }).replace(/\n$/, '');
  const pair = item.items.find((entry) => isScalar(entry.key) && entry.key.value === 'tickets');
  let edit: OffsetEdit;
  if (pair && isSeq(pair.value) && pair.value.flow) {
    const seq = pair.value;
    if (seq.items.some((entry) => isScalar(entry) && String(entry.value) === ticket))
      return failure(`${itemId} already lists ${ticket}.`);
    const last = seq.items[seq.items.length - 1];
    const at = last === undefined ? roadmapText.indexOf('[', nodeStart(seq)) + 1 : nodeEnd(last);
    if (at === undefined || at <= 0)
      return failure(`Could not find where ${itemId}'s tickets end; the file was left unchanged.`);
    edit = { start: at, end: at, newText: last === undefined ? written : `, ${written}` };
  } else if (pair && isSeq(pair.value)) {
    const seq = pair.value;
    if (seq.items.some((entry) => isScalar(entry) && String(entry.value) === ticket))
      return failure(`${itemId} already lists ${ticket}.`);
    const last = seq.items[seq.items.length - 1];
    const lastStart = nodeStart(last);
    if (lastStart === undefined)
      return failure(`Could not find where ${itemId}'s tickets end; the file was left unchanged.`);
    const line = layout.lineOf(lastStart);
    const lineText = layout.lines.lineText(line);
    // The last entry's own `  - ` prefix, so the new entry lines up with it.
    const prefix = lineText.slice(0, layout.lines.positionAt(lastStart).character);
    if (!/^[ \t]*-[ \t]+$/.test(prefix))
      return failure(
        `${itemId}'s tickets are laid out in a way Roadmap Links does not edit; the file was left unchanged.`,
      );
    edit = insertLinesAfter(layout, layout.lastLineEndingAt(nodeEnd(last) ?? lastStart), [prefix + written]);
  } else if (pair && isScalar(pair.value) && pair.value.value !== null) {
    if (String(pair.value.value) === ticket) return failure(`${itemId} already lists ${ticket}.`);
    const start = nodeStart(pair.value)!;
    const end = nodeEnd(pair.value)!;
    edit = { start, end, newText: `[${roadmapText.slice(start, end)}, ${written}]` };
  } else if (pair) {
    // `tickets:` with nothing after it.
    const keyEnd = nodeEnd(pair.key)!;
    const colon = roadmapText.indexOf(':', keyEnd);
    edit = { start: colon + 1, end: colon + 1, newText: ` [${written}]` };
  } else if (item.flow) {
    const end = nodeEnd(item)!;
    const close = roadmapText.lastIndexOf('}', end);
    const before = roadmapText.slice(0, close).trimEnd();
    edit = { start: before.length, end: before.length, newText: `, tickets: [${written}]` };
  } else {
    const firstKey = item.items[0]?.key;
    const keyStart = nodeStart(firstKey);
    // After its last value, not after the comments YAML counts into it (they may introduce the next item).
    const itemEnd = item.range ? contentEnd(item) : undefined;
    if (keyStart === undefined || itemEnd === undefined)
      return failure(`Could not find where ${itemId} ends; the file was left unchanged.`);
    const keyCol = layout.column(keyStart);
    edit = insertLinesAfter(layout, layout.lastLineEndingAt(itemEnd), [`${' '.repeat(keyCol)}tickets: [${written}]`]);
  }
  const newText = applyOffsetEdits(roadmapText, [edit]);
  const unchanged = `Could not add ${ticket} to ${itemId} without disturbing the rest of the roadmap file; it was left unchanged.`;
  const reparsed = parseSingleDocument(newText);
  if (!reparsed.ok) return failure(unchanged);
  try {
    const expected = doc.toJS() as Record<string, unknown[]>;
    const target = (expected[ITEMS_KEY] as Record<string, unknown>[]).find((entry) => entry?.id === itemId)!;
    const listed = target.tickets;
    target.tickets = Array.isArray(listed)
      ? [...listed, ticket]
      : listed === undefined || listed === null
        ? [ticket]
        : [listed, ticket];
    return JSON.stringify(reparsed.doc.toJS()) === JSON.stringify(expected)
      ? { ok: true, edits: [edit], newText }
      : failure(unchanged);
  } catch {
    return failure(unchanged);
  }
}

// ---------------------------------------------------------------------------------------------
// Verification

/** Undefined when `newText` parses to the original data with exactly the new items appended to `items`. */
function verifyResult(original: ParsedDoc, newText: string, specs: NewItemSpec[]): string | undefined {
  const unchanged = 'Could not add the items without disturbing the rest of the roadmap file; it was left unchanged.';
  const reparsed = parseSingleDocument(newText);
  if (!reparsed.ok) return unchanged;
  try {
    const before: unknown = original.toJS();
    const expected: Record<string, unknown> =
      before !== null && typeof before === 'object' && !Array.isArray(before)
        ? { ...(before as Record<string, unknown>) }
        : { version: 1 };
    const existing = Array.isArray(expected[ITEMS_KEY]) ? (expected[ITEMS_KEY] as unknown[]) : [];
    expected[ITEMS_KEY] = [...existing, ...specs.map(plainItem)];
    return JSON.stringify(reparsed.doc.toJS()) === JSON.stringify(expected) ? undefined : unchanged;
  } catch {
    // toJS throws on alias bombs and JSON.stringify on recursive aliases: such a file is not rewritten.
    return unchanged;
  }
}
