/**
 * One roadmap file → RoadmapFileModel: what can be recovered, plus every problem of the file alone,
 * each at the exact range of the offending node. Never throws.
 */
import { Composer, Parser, isAlias, isMap, isNode, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Alias, CST, Document, Node, YAMLMap } from 'yaml';
import type { z } from 'zod';
import { progressOf } from '../format';
import { closestIds } from '../ids';
import { describeValue as valueLine } from '../present';
import { DEFAULT_COMPILED_SETTINGS, type CompiledSettings, type IdMatchers } from '../settings';
import { LineMap } from '../text';
import {
  ITEM_KINDS,
  type ItemKind,
  type NorthStar,
  type NorthStarMetric,
  type Objective,
  type Problem,
  type ProblemCode,
  type Range,
  type RoadmapFileModel,
  type RoadmapItem,
  type RoadmapReference,
  type Severity,
  type Tracker,
  type ValueMetric,
} from '../types';
import {
  ItemSchema,
  NorthStarMetricSchema,
  NorthStarSchema,
  ObjectiveSchema,
  TrackerSchema,
  ValueMetricSchema,
  describeValue,
  isListField,
  isMissingField,
  issueMessage,
  validateNode,
} from './schema';

/**
 * Deeper YAML is refused before composing: `yaml` composes recursively, and at a few thousand levels
 * V8 can abort the whole process (not a catchable RangeError). A roadmap needs six levels.
 */
export const MAX_NESTING = 100;

/** An alias starts a node, so its `*` follows a space, a flow indicator or nothing; `src/**` holds none. */
const MAY_HOLD_ALIAS = /(?:^|[\s[{,])\*/;

/** A directive starts a line with `%`. */
const MAY_HOLD_DIRECTIVE = /^%/m;

/** YAML's merge key, and how many merges of merges are followed. */
const MERGE_KEY = '<<';
const MAX_MERGE_DEPTH = 8;

/** The top-level keys of the format (contract version 2). */
export const ROOT_KEYS = ['version', 'northStar', 'trackers', 'objectives', 'items'] as const;

/** The key of the format that `name` spells in another case (`Items` → `items`), if any. */
export function miscasedKey(name: string, known: readonly string[]): string | undefined {
  if (known.includes(name)) return undefined;
  const lower = name.toLowerCase();
  return known.find((key) => key.toLowerCase() === lower);
}

/** Said where such a key is reported, and by Propose, which refuses to add a second list beside it. */
export function miscasedKeyMessage(name: string, meant: string): string {
  return `"${name}" is not a key of the roadmap format; did you mean "${meant}"? Keys are case-sensitive, so what it holds is not read.`;
}

/**
 * The key of the format that `name` is one typo away from (`objetive` → `objective`), if any, by the typo
 * budget of `closestIds` (one edit for keys of four to seven characters, two from eight on; shorter keys
 * are left alone, since extra keys are allowed and a two-letter key is one edit from too many).
 */
export function misspeltKey(name: string, known: readonly string[]): string | undefined {
  return known.includes(name) ? undefined : closestIds(name, known, 1)[0];
}

/** The value of an enumeration (`proposed`) that `written` spells in another case or one typo away, if any. */
function meantValue(written: string, options: readonly (string | number)[]): string | undefined {
  const known = options.map(String);
  return miscasedKey(written, known) ?? misspeltKey(written, known);
}

/** `owner`: what holds the key, `an item`, `the north star`. */
export function misspeltKeyMessage(name: string, meant: string, owner: string): string {
  return `"${name}" is not a key of ${owner}; did you mean "${meant}"? What it holds is not read.`;
}

/**
 * A roadmap file's first YAML syntax error, in file order (its message counts those after it, often its
 * consequences); undefined when the file parses.
 */
export function firstSyntaxError(model: RoadmapFileModel): Problem | undefined {
  if (model.syntaxOk) return undefined;
  return model.problems.find((problem) => problem.code === 'yaml-syntax' && problem.severity === 'error');
}

export function parseRoadmapFile(
  file: string,
  text: string,
  settings: CompiledSettings = DEFAULT_COMPILED_SETTINGS,
): RoadmapFileModel {
  const parser = new RoadmapFileParser(file, text, settings.ids);
  try {
    parser.read();
  } catch (error) {
    // Only a bug can get here; the editor must keep working, so the bug becomes a visible problem.
    parser.syntaxOk = false;
    parser.report(
      parser.offsetRange(0, 0),
      'error',
      'file-unreadable',
      `Roadmap Links could not read this file: ${String(error)}`,
    );
  }
  const model = parser.model();
  if (parser.layout) layouts.set(model, { ...parser.layout, ids: settings.ids });
  return model;
}

/**
 * Where each entry of a file's `items` list lies and what it produced, recorded by a full parse of a file
 * that parsed cleanly: what `reparseRoadmapFile` needs to read one item again instead of the whole file.
 */
export interface ItemsLayout {
  ids: IdMatchers;
  /** The column of the entries' `-`. */
  dashColumn: number;
  /**
   * Per entry, in order (typed arrays: a keystroke's copy is a few small buffers, not an object per item):
   * the line of its `-` (the entry starts on it) and the offset where that line starts, the model's items
   * and references before its own, and how many it added.
   */
  lines: Int32Array;
  offsets: Int32Array;
  itemsBefore: Int32Array;
  items: Int32Array;
  referencesBefore: Int32Array;
  references: Int32Array;
}

/** Models parsed in full (or again incrementally), with their items' layout. */
const layouts = new WeakMap<RoadmapFileModel, ItemsLayout>();

export function layoutOf(model: RoadmapFileModel): ItemsLayout | undefined {
  return layouts.get(model);
}

export function recordLayout(model: RoadmapFileModel, layout: ItemsLayout): void {
  layouts.set(model, layout);
}

/**
 * Reads one `items` entry, the file's text from line `firstLine` on (positions are the file's): the
 * entry's item, references and problems. Undefined unless the text is exactly one entry of a block list
 * at `dashColumn`, free of YAML errors and warnings, as `reparseRoadmapFile` requires.
 */
export function parseSoleItemEntry(
  file: string,
  text: string,
  firstLine: number,
  ids: IdMatchers,
  dashColumn: number,
): Pick<RoadmapFileModel, 'items' | 'references' | 'problems'> | undefined {
  const parser = new RoadmapFileParser(file, text, ids, firstLine);
  if (!parser.readSoleEntry(dashColumn)) return undefined;
  const { items, references, problems } = parser.model();
  return { items, references, problems };
}

/**
 * A mapping's `key: value` pairs by key text; the first of duplicate keys wins (YAML reports the rest).
 * A field a merge key brought in (`<<: *defaults`) names, as `via`, the alias written in this mapping.
 */
type Fields = Map<string, { key: Node; value: Node | null; via?: Node }>;

/** A mapping already read as an entry: an alias to it (`- *rm1`) lists the same entry again. */
interface ReadEntry {
  what: 'item' | 'objective';
  id: string | undefined;
  range: Range;
}

class RoadmapFileParser {
  syntaxOk = true;
  /** Set by `read` when the file parsed cleanly and its items are a block list (see `ItemsLayout`). */
  layout: Omit<ItemsLayout, 'ids'> | undefined;
  private readonly lines: LineMap;
  private readonly problems: Problem[] = [];
  private readonly items: RoadmapItem[] = [];
  private readonly objectives: Objective[] = [];
  private readonly references: RoadmapReference[] = [];
  private readonly trackers: Tracker[] = [];
  private northStar?: NorthStar;
  /** Each alias's anchored node, found in one pass over the document when the text may hold an alias. */
  private aliasTargets = new Map<Alias, Node | undefined>();
  private readonly readEntries = new Map<YAMLMap, ReadEntry>();
  /** Miscased keys already reported: a mapping merged into several others is reported once. */
  private readonly reportedKeys = new Set<Node>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly idPattern: IdMatchers,
    /** The file's line where `text` starts (it is one entry of the file, read again). */
    private readonly firstLine = 0,
  ) {
    this.lines = new LineMap(text);
  }

  model(): RoadmapFileModel {
    this.problems.sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
    return {
      file: this.file,
      text: this.text,
      syntaxOk: this.syntaxOk,
      items: this.items,
      objectives: this.objectives,
      ...(this.northStar ? { northStar: this.northStar } : {}),
      trackers: this.trackers,
      references: this.references,
      problems: this.problems,
    };
  }

  read(): void {
    const tokens = Array.from(new Parser().parse(this.text));
    const tooDeepAt = findExcessiveNesting(tokens);
    if (tooDeepAt !== undefined) {
      this.syntaxOk = false;
      this.report(
        this.offsetRange(tooDeepAt, tooDeepAt + 1),
        'error',
        'yaml-syntax',
        `YAML nested more than ${MAX_NESTING} levels deep; a roadmap file needs a few. The file is not read.`,
      );
      return;
    }
    const documents = Array.from(new Composer({ prettyErrors: false }).compose(tokens, true, this.text.length));
    const doc = documents[0];
    const syntaxErrorsAt: number[] = [];
    // Only the first syntax error is reported: `yaml` misreads the text after one, and each line it then
    // misreads is an error of its own (one tab of indentation gave 15), none of them the user's. Those after
    // it are counted in its message; fixing it shows whichever were real.
    const [first, ...after] = doc.errors;
    if (first) {
      const more = after.length
        ? ` (${after.length} more syntax error${after.length === 1 ? '' : 's'} after it may all come from this one: fix it first)`
        : '';
      this.report(this.offsetRange(first.pos[0], first.pos[1]), 'error', 'yaml-syntax', first.message + more);
    }
    for (const error of doc.errors) syntaxErrorsAt.push(error.pos[0]);
    for (const warning of doc.warnings)
      this.report(this.offsetRange(warning.pos[0], warning.pos[1]), 'warning', 'yaml-syntax', warning.message);
    this.syntaxOk = doc.errors.length === 0;
    // `yaml` leaves an alias to an undefined anchor for `toJS` to throw on; it is a YAML error all the same.
    if (MAY_HOLD_ALIAS.test(this.text)) {
      this.aliasTargets = collectAliasTargets(doc);
      for (const [alias, target] of this.aliasTargets) {
        if (target) continue;
        this.syntaxOk = false;
        if (alias.range) syntaxErrorsAt.push(alias.range[0]);
        this.reportAt(
          alias,
          'error',
          'yaml-syntax',
          `Unknown alias *${alias.source}: no anchor &${alias.source} comes before it.`,
        );
      }
    }
    if (documents.length > 1) {
      this.syntaxOk = false;
      const [start, end] = documents[1].range;
      this.report(
        this.trimmedRange(start, end),
        'error',
        'yaml-syntax',
        'A roadmap file holds one YAML document; only the first one is read.',
      );
    }
    this.readRoot(doc.contents, documents.length === 1 && this.syntaxOk && doc.warnings.length === 0);
    this.holdBackWhatSyntaxErrorsCause(doc.contents, syntaxErrorsAt);
  }

  /**
   * A syntax error makes YAML misread the text around it, and what it misread is not the user's error:
   * one typo used to come with a schema problem per key after it. So the other problems of the entry a
   * syntax error stands in (an item, objective, tracker or north-star metric; a top-level section such
   * as `northStar` outside any list) are held back; from an error outside every entry, all those after
   * it. The syntax errors stay, and so does every problem elsewhere.
   */
  private holdBackWhatSyntaxErrorsCause(root: Node | null, syntaxErrorsAt: readonly number[]): void {
    if (!syntaxErrorsAt.length) return;
    const spans = syntaxErrorsAt.map((offset) => this.entrySpanAround(root, offset));
    const kept = this.problems.filter((problem) => {
      if (problem.code === 'yaml-syntax' || problem.code === 'file-unreadable') return true;
      const offset = this.lines.offsetAt(problem.range.start);
      return !spans.some(([start, end]) => start <= offset && offset <= end);
    });
    this.problems.splice(0, this.problems.length, ...kept);
  }

  /** The offsets of the entry around `offset` (see `holdBackWhatSyntaxErrorsCause`). */
  private entrySpanAround(root: Node | null, offset: number): [number, number] {
    const spanOf = (node: unknown): [number, number] | undefined =>
      isNode(node) && node.range ? [node.range[0], node.range[2]] : undefined;
    const holds = (span: [number, number] | undefined): span is [number, number] =>
      !!span && span[0] <= offset && offset <= span[1];
    let section: unknown = root;
    if (isMap(root)) {
      const pairs = root.items.map((pair) => ({ pair, key: spanOf(pair.key), value: spanOf(pair.value) }));
      const around = pairs.find(({ key, value }) => key && holds([key[0], (value ?? key)[1]]));
      if (!around) return [offset, this.text.length];
      section = around.pair.value;
      if (!isSeq(section)) return [around.key![0], (around.value ?? around.key!)[1]];
    }
    if (!isSeq(section)) return [0, this.text.length];
    const entry = section.items.map(spanOf).find(holds);
    return entry ?? [offset, this.text.length];
  }

  /** `read` for a text holding one `items` entry (see `parseSoleItemEntry`); false when it does not. */
  readSoleEntry(dashColumn: number): boolean {
    const tokens = Array.from(new Parser().parse(this.text));
    // One level less than the whole file allows: the entry stands one level deeper there.
    if (findExcessiveNesting(tokens, MAX_NESTING - 1) !== undefined) return false;
    const documents = Array.from(new Composer({ prettyErrors: false }).compose(tokens, true, this.text.length));
    const doc = documents[0];
    if (documents.length !== 1 || doc.errors.length || doc.warnings.length || MAY_HOLD_ALIAS.test(this.text))
      return false;
    const root = doc.contents;
    if (!isSeq(root) || root.flow || root.items.length !== 1) return false;
    const entry = root.items[0] as Node;
    if (this.entryLine(entry, dashColumn) === undefined) return false;
    this.readItem(entry);
    return true;
  }

  /** The line of a block list entry whose `-` stands at `dashColumn`, with the entry after it on that line. */
  private entryLine(entry: unknown, dashColumn: number): number | undefined {
    if (!isNode(entry) || !entry.range || isAlias(entry)) return undefined;
    const start = this.lines.positionAt(entry.range[0]);
    const lead = this.text.slice(this.lines.lineStarts[start.line], entry.range[0]);
    return ENTRY_LEAD.test(lead) && lead.indexOf('-') === dashColumn ? start.line : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // The file's structure

  private readRoot(written: Node | null, clean = false): void {
    const root = this.resolve(written);
    if (root === undefined) return; // an empty file, or only comments
    if (isSeq(root)) {
      this.reportAt(
        written,
        'error',
        'schema',
        'A roadmap file must be a mapping with "items" (and optionally "version", "northStar", "objectives"), not a list. Its entries are read as items.',
      );
      for (const entry of root.items) this.readItem(entry as Node);
      return;
    }
    if (!isMap(root)) {
      this.reportAt(
        written,
        'error',
        'schema',
        `A roadmap file must be a mapping with "items" (and optionally "version", "northStar", "objectives"), not ${this.describeNode(root)}.`,
      );
      return;
    }
    const fields = this.fieldsOf(root);
    this.reportMisspeltKeys(fields, ROOT_KEYS, 'a roadmap file');
    this.readVersion(fields.get('version')?.value ?? null);
    const northStar = fields.get('northStar');
    if (northStar) this.readNorthStar(northStar.value, this.rangeOf(northStar.key));
    this.readList(fields.get('trackers')?.value ?? null, 'trackers', (entry) => this.readTracker(entry));
    this.readList(fields.get('objectives')?.value ?? null, 'objectives', (entry) => this.readObjective(entry));
    const items = fields.get('items')?.value ?? null;
    // Aliases and directives (`%YAML 1.1`, `%TAG`) tie an entry to text elsewhere: such a file is always read whole.
    if (!clean || !isSeq(items) || items.flow || MAY_HOLD_ALIAS.test(this.text) || MAY_HOLD_DIRECTIVE.test(this.text)) {
      this.readList(items, 'items', (entry) => this.readItem(entry));
      return;
    }
    const entries: {
      line: number;
      itemsBefore: number;
      referencesBefore: number;
      items: number;
      references: number;
    }[] = [];
    const first: unknown = items.items[0];
    const dashColumn =
      isNode(first) && first.range
        ? this.text.lastIndexOf('-', first.range[0]) - this.lines.lineStarts[this.lines.positionAt(first.range[0]).line]
        : -1;
    for (const entry of items.items) {
      const entryLine = this.entryLine(entry, dashColumn);
      const itemsBefore = this.items.length;
      const referencesBefore = this.references.length;
      this.readItem(entry as Node);
      if (entryLine !== undefined)
        entries.push({
          line: entryLine,
          itemsBefore,
          items: this.items.length - itemsBefore,
          referencesBefore,
          references: this.references.length - referencesBefore,
        });
    }
    if (entries.length !== items.items.length) return;
    const column = (value: (entry: (typeof entries)[number]) => number) => Int32Array.from(entries, value);
    this.layout = {
      dashColumn,
      lines: column((entry) => entry.line),
      offsets: column((entry) => this.lines.lineStarts[entry.line]),
      itemsBefore: column((entry) => entry.itemsBefore),
      items: column((entry) => entry.items),
      referencesBefore: column((entry) => entry.referencesBefore),
      references: column((entry) => entry.references),
    };
  }

  private readVersion(written: Node | null): void {
    const node = this.resolve(written);
    if (node === undefined) return;
    const version = isScalar(node) ? node.value : undefined;
    if (version === 1 || version === '1' || version === 2 || version === '2') return;
    const shown =
      typeof version === 'number' ? String(version) : isScalar(node) ? describeValue(version) : this.describeNode(node);
    this.reportAt(
      written,
      'warning',
      'schema',
      `Unsupported roadmap format version ${shown}: Roadmap Links reads versions 1 and 2, and reads this file as version 2.`,
    );
  }

  private readList(written: Node | null, key: string, readEntry: (entry: Node) => void): void {
    const node = this.resolve(written);
    if (node === undefined) return;
    if (!isSeq(node)) {
      this.reportAt(written, 'error', 'schema', `"${key}" must be a list, not ${this.describeNode(node)}.`);
      return;
    }
    for (const entry of node.items) readEntry(entry as Node);
  }

  private readNorthStar(written: Node | null, keyRange: Range): void {
    const node = this.resolve(written);
    if (node === undefined) return;
    if (!isMap(node)) {
      this.reportAt(
        written,
        'error',
        'schema',
        `"northStar" must be a mapping with "statement" and "metrics", not ${this.describeNode(node)}.`,
      );
      return;
    }
    const { data, fields } = this.validate(NorthStarSchema, node, 'North star', node, ['metrics', 'mix']);
    const metrics: NorthStarMetric[] = [];
    this.readList(fields.get('metrics')?.value ?? null, 'metrics', (entry) => {
      const metric = this.readNorthStarMetric(entry);
      if (metric) metrics.push(metric);
    });
    const mix = this.readMix(fields.get('mix'));
    this.northStar = { ...definedOnly({ statement: data.statement, mix }), metrics, file: this.file, keyRange };
  }

  /**
   * v2 `northStar.mix`: item kind → percent. Each value a number from 0 to 100, the values adding up to
   * 100. Returned only when all of that holds, so nothing downstream compares against a broken target.
   */
  private readMix(field: { key: Node; value: Node | null } | undefined): Partial<Record<ItemKind, number>> | undefined {
    if (!field) return undefined;
    const node = this.resolve(field.value);
    if (node === undefined) return undefined;
    if (!isMap(node)) {
      this.reportAt(
        field.value,
        'error',
        'schema',
        `"mix" must be a mapping of item kind to percent (${ITEM_KINDS.map((kind) => `${kind}: …`).join(', ')}), not ${this.describeNode(node)}.`,
      );
      return undefined;
    }
    const mix: Partial<Record<ItemKind, number>> = {};
    let valid = true;
    let sum = 0;
    const fields = this.fieldsOf(node);
    for (const [kind, { key, value }] of fields) {
      if (!(ITEM_KINDS as readonly string[]).includes(kind)) {
        // `featur:`, `Debt:`: the kind it is a typo of, unless the mix has that kind already.
        const meant = misspeltKey(kind, ITEM_KINDS);
        const suggested = meant !== undefined && !fields.has(meant) ? meant : undefined;
        this.report(
          this.rangeOf(key),
          'error',
          'invalid-mix',
          `Unknown kind "${kind}" in "mix"${suggested ? `; did you mean "${suggested}"?` : '.'} Expected one of: ${ITEM_KINDS.join(', ')}.`,
          suggested ? { suggestions: [suggested] } : undefined,
        );
        valid = false;
        continue;
      }
      const resolved = this.resolve(value);
      const share = resolved !== undefined && isScalar(resolved) ? resolved.value : undefined;
      if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 100) {
        const shown =
          resolved === undefined
            ? 'empty'
            : isScalar(resolved)
              ? describeValue(resolved.value)
              : this.describeNode(resolved);
        this.report(
          this.rangeOf(value ?? key),
          'error',
          'invalid-mix',
          `"mix" share of ${kind} must be a number from 0 to 100 (percent), not ${shown}.`,
        );
        valid = false;
        continue;
      }
      mix[kind as ItemKind] = share;
      sum += share;
    }
    if (!valid) return undefined;
    // Shares like 33.3 + 33.3 + 33.4 must add up: compare with a tolerance, not exactly.
    if (Math.abs(sum - 100) > 1e-6) {
      this.report(
        this.rangeOf(field.key),
        'error',
        'invalid-mix',
        `"mix" shares add up to ${Number(sum.toFixed(6))}%, not 100%.`,
      );
      return undefined;
    }
    return mix;
  }

  /** v2: a tracker. Its prefix is the key's text before "-digits" (`KAFKA` for KAFKA-123), or "#". */
  private readTracker(written: Node): void {
    const node = this.expectMapping(
      written,
      'Each tracker must be a mapping with "prefix" (and optionally "name" and "url")',
    );
    if (!node) return;
    const { data, fields } = this.validate(TrackerSchema, node, 'Tracker', written);
    if (data.prefix === undefined) return;
    const prefixRange = this.rangeOfField(fields, 'prefix', written);
    if (data.prefix !== '#' && !TRACKER_PREFIX.test(data.prefix)) {
      this.report(
        prefixRange,
        'error',
        'schema',
        `Tracker prefix "${data.prefix}" must be letters and digits, the part of a key before "-123" (e.g. "KAFKA" for KAFKA-123), or "#" for #123.`,
      );
      return;
    }
    this.trackers.push({
      prefix: data.prefix,
      ...definedOnly({ name: data.name, url: data.url }),
      file: this.file,
      range: this.rangeOf(written),
      prefixRange,
    });
  }

  private readNorthStarMetric(written: Node): NorthStarMetric | undefined {
    const node = this.expectMapping(written, 'Each north-star metric must be a mapping with "id" and "name"');
    if (!node) return undefined;
    const { data, fields } = this.validate(NorthStarMetricSchema, node, 'North-star metric', written);
    if (data.id === undefined) return undefined;
    return {
      id: data.id,
      name: data.name ?? '',
      ...definedOnly({ unit: data.unit, baseline: data.baseline, target: data.target, current: data.current }),
      file: this.file,
      idRange: this.rangeOfField(fields, 'id', written),
    };
  }

  private readObjective(written: Node): void {
    const node = this.expectMapping(written, 'Each objective must be a mapping with "id" and "title"');
    if (!node || this.isRepeatedThroughAlias(written, node)) return;
    const { data, fields, droppedEntries } = this.validate(ObjectiveSchema, node, 'Objective', written);
    this.readEntries.set(node, { what: 'objective', id: data.id, range: this.firstListing(fields, written) });
    const metrics = data.metrics ?? [];
    this.addReferences('metric', metrics, fields, 'metrics', droppedEntries, data.id);
    if (data.id === undefined) return;
    this.objectives.push({
      id: data.id,
      title: data.title ?? '',
      metrics,
      file: this.file,
      range: this.rangeOf(written),
      idRange: this.rangeOfId(fields, written),
    });
  }

  /**
   * `- *rm1` where `&rm1` anchors an entry already read: the same entry listed twice, which is a
   * duplicate ID, reported at the alias (the anchored entry itself is fine) and not read again (its
   * references and tickets would be counted twice).
   */
  private isRepeatedThroughAlias(written: Node, node: YAMLMap): boolean {
    const first = this.readEntries.get(node);
    if (!first || !isAlias(written)) return false;
    const what = first.id === undefined ? `the ${first.what}` : `${first.what} ${first.id}`;
    this.report(
      this.rangeOf(written),
      'error',
      'duplicate-id',
      `Duplicate ID${first.id === undefined ? '' : ` "${first.id}"`}: the alias *${written.source} lists ${what} again (first at line ${first.range.start.line + 1}). IDs must be unique across all roadmap files.`,
      first.id === undefined ? undefined : { id: first.id },
    );
    return true;
  }

  /** Where an entry is first listed: its ID, or the alias that listed it when its anchor is in no list read. */
  private firstListing(fields: Fields, written: Node): Range {
    return isAlias(written) ? this.rangeOf(written) : this.rangeOfId(fields, written);
  }

  private readItem(written: Node): void {
    const node = this.expectMapping(written, 'Each item must be a mapping with "id", "title" and "value"');
    if (!node || this.isRepeatedThroughAlias(written, node)) return;
    const { data, fields, droppedEntries, meantKeys } = this.validate(ItemSchema, node, 'Item', written, ['value']);
    this.readEntries.set(node, { what: 'item', id: data.id, range: this.firstListing(fields, written) });
    if (data.objective !== undefined)
      this.addReferences('objective', [data.objective], fields, 'objective', droppedEntries, data.id);
    const dependsOn = data.dependsOn ?? [];
    this.addReferences('dependsOn', dependsOn, fields, 'dependsOn', droppedEntries, data.id);
    const tickets = this.readTickets(data.tickets ?? [], fields, droppedEntries, data.id);
    const due = this.readDue(data.due, fields);
    const valueField = fields.get('value');
    const values = this.readValues(valueField?.value ?? null);
    if (data.id === undefined) return;

    const idRange = this.rangeOfId(fields, written);
    if (!this.idPattern.whole.test(data.id)) {
      this.report(
        idRange,
        'error',
        'invalid-id',
        `Item ID "${data.id}" does not match the ID pattern ${this.idPattern.source}.`,
        { id: data.id },
      );
    }
    const valueNode = this.resolve(valueField?.value ?? null);
    const hasNoValue = valueNode === undefined || (isSeq(valueNode) && valueNode.items.length === 0);
    // A `Value:` or `vaule:` is reported at its key: its absence is that problem, not one more.
    if (hasNoValue && data.status !== 'dropped' && !meantKeys.has('value')) {
      if (data.status === 'proposed') {
        this.report(
          idRange,
          'hint',
          'missing-value',
          `Proposed item ${data.id} has no "value" yet: give it a value metric (baseline and target) before it is planned.`,
          { id: data.id },
        );
      } else {
        this.report(
          idRange,
          'warning',
          'missing-value',
          `Item ${data.id} has no "value": every roadmap item must show clear, measurable value (a value metric with a baseline and a target).`,
          { id: data.id },
        );
      }
    }
    if (data.status === 'done') this.reportDoneShortOfTarget(data.id, values, fields.get('status'));
    this.items.push({
      id: data.id,
      title: data.title ?? '',
      ...definedOnly({
        kind: data.kind,
        status: data.status,
        objective: data.objective,
        slo: data.slo,
        owner: data.owner,
        scope: data.scope,
      }),
      values,
      dependsOn,
      paths: data.paths ?? [],
      links: data.links ?? [],
      tickets,
      ...definedOnly({ due, source: data.source }),
      file: this.file,
      range: this.rangeOf(written),
      idRange,
    });
  }

  /**
   * A `done` item whose value metric has not reached its target (`current` short of it): a warning at its
   * `status: done`. The contract leaves done and progress apart; a number left behind or an item closed
   * early both make the roadmap claim value it does not show.
   */
  private reportDoneShortOfTarget(
    id: string,
    values: ValueMetric[],
    status: { key: Node; value: Node | null; via?: Node } | undefined,
  ): void {
    // Progress is a ratio of floats: 0.999999… is there.
    const short = values.filter((value) => (progressOf(value) ?? 1) < 1 - 1e-9);
    if (short.length === 0 || !status) return;
    const range = status.via
      ? this.rangeOf(status.via)
      : { start: this.rangeOf(status.key).start, end: this.rangeOf(status.value ?? status.key).end };
    const lines = short.map(valueLine).join('; ');
    const message =
      short.length === 1
        ? `Item ${id} is done, but its value metric is short of its target: ${lines}. Update "current" if it moved, or keep the item open until it gets there.`
        : `Item ${id} is done, but ${short.length} of its value metrics are short of their targets: ${lines}. Update "current" if they moved, or keep the item open until it gets there.`;
    this.report(range, 'warning', 'done-short-of-target', message, { id });
  }

  /** v2 `tickets`: tracker keys, each recorded as a reference at its entry; an entry that is no key is reported. */
  private readTickets(
    listed: string[],
    fields: Fields,
    droppedEntries: Map<string, Set<number>>,
    from: string | undefined,
  ): string[] {
    const dropped = droppedEntries.get('tickets');
    const nodes = this.entriesOf(fields.get('tickets')?.value ?? null).filter((_, index) => !dropped?.has(index));
    const tickets: string[] = [];
    listed.forEach((ticket, index) => {
      const node = this.resolve(nodes[index]) ?? nodes[index];
      const range = node ? this.rangeOf(node) : this.rangeOfField(fields, 'tickets', fields.get('tickets')!.key);
      if (!TICKET_KEY.test(ticket)) {
        this.report(
          range,
          'error',
          'schema',
          `Ticket "${ticket}" is not a tracker key: write PREFIX-123 (e.g. KAFKA-123), or "#123" (quoted) for a "#" tracker.`,
        );
        return;
      }
      tickets.push(ticket);
      this.references.push({ kind: 'ticket', targetId: ticket, file: this.file, range, ...definedOnly({ from }) });
    });
    return tickets;
  }

  /** v2 `due`: an ISO 8601 calendar date that exists (2027-02-30 does not). */
  private readDue(due: string | undefined, fields: Fields): string | undefined {
    if (due === undefined) return undefined;
    if (isIsoDate(due)) return due;
    this.report(
      this.rangeOfField(fields, 'due', fields.get('due')!.key),
      'error',
      'schema',
      `"due" must be a date written YYYY-MM-DD (ISO 8601), not ${describeValue(due)}.`,
    );
    return undefined;
  }

  /** An item's `value`: one value metric mapping, or a list of them. */
  private readValues(written: Node | null): ValueMetric[] {
    const node = this.resolve(written);
    if (node === undefined) return [];
    if (isMap(node)) return [this.readValueMetric(node, written as Node)];
    if (!isSeq(node)) {
      this.reportAt(
        written,
        'error',
        'schema',
        `"value" must be a value metric (a mapping with "metric", "category", "unit", "baseline", "target", "current") or a list of them, not ${this.describeNode(node)}.`,
      );
      return [];
    }
    const values: ValueMetric[] = [];
    for (const entry of node.items as Node[]) {
      const metric = this.expectMapping(
        entry,
        'Each value metric must be a mapping with "metric", "category", "unit", "baseline", "target", "current"',
      );
      if (metric) values.push(this.readValueMetric(metric, entry));
    }
    return values;
  }

  private readValueMetric(node: YAMLMap, written: Node): ValueMetric {
    const { data } = this.validate(ValueMetricSchema, node, 'Value metric', written);
    return {
      metric: data.metric ?? '',
      ...definedOnly({
        category: data.category,
        unit: data.unit,
        baseline: data.baseline,
        target: data.target,
        current: data.current,
      }),
      range: this.rangeOf(written),
    };
  }

  private addReferences(
    kind: RoadmapReference['kind'],
    targetIds: string[],
    fields: Fields,
    key: string,
    droppedEntries: Map<string, Set<number>>,
    from: string | undefined,
  ): void {
    const dropped = droppedEntries.get(key);
    const nodes = this.entriesOf(fields.get(key)?.value ?? null).filter((_, index) => !dropped?.has(index));
    targetIds.forEach((targetId, index) => {
      // The anchored node when the entry is an alias: that is the text which spells the ID.
      const node = this.resolve(nodes[index]) ?? nodes[index];
      this.references.push({ kind, targetId, file: this.file, range: this.rangeOf(node), ...definedOnly({ from }) });
    });
  }

  // -------------------------------------------------------------------------------------------
  // Validation: projection for the schemas, issues back to nodes

  /** `readKeys`: the node's keys read outside the schema (an item's `value`), spelled in another case all the same. */
  private validate<S extends z.ZodRawShape>(
    schema: z.ZodObject<S>,
    node: YAMLMap,
    kind: string,
    written: Node,
    readKeys: readonly string[] = [],
  ) {
    const fields = this.fieldsOf(node);
    const meantKeys = this.reportMisspeltKeys(fields, [...Object.keys(schema.shape), ...readKeys], keyOwner(kind));
    const input: Record<string, unknown> = {};
    for (const key of Object.keys(schema.shape)) {
      const value = this.resolve(fields.get(key)?.value ?? null);
      // An empty value (`owner:`) is absent: fine for an optional field, "missing" for a required one.
      if (value === undefined) continue;
      input[key] = isListField(schema, key) && isScalar(value) ? [value.value] : this.project(value, 1);
    }
    const validation = validateNode(schema, input);
    if (validation.issues.length > 0) {
      const id = typeof validation.data.id === 'string' ? validation.data.id : undefined;
      const subject = id === undefined ? kind : `${kind} ${id}`;
      for (const issue of validation.issues) {
        // `Title:` or `titel:` is reported at its key, with its fix; that it leaves no `title` is the same problem.
        if (isMissingField(issue) && issue.path.length === 1 && meantKeys.has(String(issue.path[0]))) continue;
        const fallback =
          isMissingField(issue) && issue.path[0] !== 'id' && fields.has('id')
            ? this.rangeOfField(fields, 'id', written)
            : this.rangeOf(written);
        // `status: proposd`, `kind: Debt`: the value it is a typo of, offered as "Change to proposed".
        const meant =
          issue.code === 'invalid_enum_value' ? meantValue(String(issue.received), issue.options) : undefined;
        this.report(
          this.rangeOfIssue(issue.path, fields, fallback),
          'error',
          'schema',
          issueMessage(issue, subject, input, meant),
          id === undefined && meant === undefined
            ? undefined
            : { ...(id === undefined ? {} : { id }), ...(meant === undefined ? {} : { suggestions: [meant] }) },
        );
      }
    }
    return { ...validation, fields, meantKeys };
  }

  /** A node as the schemas see it: scalars by value; collections shallow, with their entries one level deep. */
  private project(node: Node | undefined, depth: number): unknown {
    if (node === undefined) return null;
    if (isScalar(node)) return node.value;
    if (isSeq(node))
      return depth > 0 ? node.items.map((entry) => this.project(this.resolve(entry as Node), depth - 1)) : [];
    return {};
  }

  /** The range a problem at a schema path belongs to: the value, the list entry, the empty value's key. */
  private rangeOfIssue(path: (string | number)[], fields: Fields, fallback: Range): Range {
    const field = fields.get(String(path[0]));
    if (!field) return fallback;
    if (field.value === null || (isScalar(field.value) && field.value.value === null)) return this.rangeOf(field.key);
    if (path.length > 1) {
      const entry = this.entriesOf(field.value)[Number(path[1])];
      if (entry) return this.rangeOf(entry);
    }
    return this.rangeOf(field.value);
  }

  /**
   * Where an entry's ID is written; for an ID a merge key brought in (`<<: *rm1` without an `id` of its
   * own), that merge's alias: the ID is this entry's there, and a duplicate is reported there.
   */
  private rangeOfId(fields: Fields, written: Node): Range {
    const via = fields.get('id')?.via;
    return via ? this.rangeOf(via) : this.rangeOfField(fields, 'id', written);
  }

  private rangeOfField(fields: Fields, key: string, fallback: Node): Range {
    const field = fields.get(key);
    return this.rangeOf(field?.value ?? field?.key ?? fallback);
  }

  /** The written entries of a list field; a single scalar stands for a one-entry list. */
  private entriesOf(written: Node | null): Node[] {
    const node = this.resolve(written);
    if (node === undefined) return [];
    if (isSeq(node)) return node.items as Node[];
    return isScalar(node) ? [written as Node] : [];
  }

  /**
   * A mapping's fields by name, the first of a repeated key winning. A YAML merge key (`<<: *defaults`,
   * or a list of aliases) contributes the fields of the mappings it names that the mapping does not
   * set itself, earlier ones first, as YAML 1.1 merges them; its fields keep their own ranges.
   */
  private fieldsOf(map: YAMLMap, depth = 0): Fields {
    const fields: Fields = new Map();
    const merged: Node[] = [];
    for (const pair of map.items) {
      const key = this.resolve(pair.key as Node | null);
      if (!key || !isScalar(key) || key.value === null || !isNode(pair.key)) continue;
      const name = String(key.value);
      if (name === MERGE_KEY && isNode(pair.value)) {
        const value = this.resolve(pair.value);
        merged.push(...(value !== undefined && isSeq(value) ? (value.items as Node[]) : [pair.value]));
        continue;
      }
      if (!fields.has(name)) fields.set(name, { key: pair.key, value: isNode(pair.value) ? pair.value : null });
    }
    // Bounded: merges of merges are followed a few levels deep (alias cycles cannot recurse for ever).
    if (depth < MAX_MERGE_DEPTH) {
      for (const source of merged) {
        const target = this.resolve(source);
        if (target === undefined || !isMap(target)) continue;
        for (const [name, field] of this.fieldsOf(target, depth + 1))
          if (!fields.has(name)) fields.set(name, { ...field, via: source });
      }
    }
    return fields;
  }

  /**
   * `Items:`, `Title:`: a key of the format in another case is not read, and is reported at the key (an
   * error). So is a key one typo away from one the mapping lacks (`objetive:`), as a warning: other keys
   * are allowed, and it may be one. Returns the keys so meant, whose absence is then no problem of its own.
   */
  private reportMisspeltKeys(fields: Fields, known: readonly string[], owner: string): Set<string> {
    const meantKeys = new Set<string>();
    for (const [name, { key }] of fields) {
      const miscased = miscasedKey(name, known);
      const meant = miscased ?? misspeltKey(name, known);
      if (meant === undefined || (miscased === undefined && fields.has(meant))) continue;
      meantKeys.add(meant);
      if (this.reportedKeys.has(key)) continue;
      this.reportedKeys.add(key);
      const [severity, message]: [Severity, string] = miscased
        ? ['error', miscasedKeyMessage(name, meant)]
        : ['warning', misspeltKeyMessage(name, meant, owner)];
      this.report(this.rangeOf(key), severity, 'schema', message, { suggestions: [meant] });
    }
    return meantKeys;
  }

  private expectMapping(written: Node, requirement: string): YAMLMap | undefined {
    const node = this.resolve(written);
    if (node !== undefined && isMap(node)) return node;
    this.reportAt(
      written,
      'error',
      'schema',
      `${requirement}, not ${node === undefined ? 'empty' : this.describeNode(node)}.`,
    );
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Nodes, aliases, ranges

  /**
   * The node a written node stands for (an alias's anchored node); `undefined` for nothing: no node,
   * an empty scalar (`key:` or `~`), an alias to no anchor.
   */
  private resolve(node: Node | null | undefined): Node | undefined {
    const resolved = isAlias(node) ? this.aliasTargets.get(node) : (node ?? undefined);
    return isScalar(resolved) && resolved.value === null ? undefined : resolved;
  }

  private describeNode(node: Node): string {
    if (isMap(node)) return 'a mapping';
    if (isSeq(node)) return 'a list';
    return isScalar(node) && typeof node.value === 'string'
      ? `text ${describeValue(node.value)}`
      : describeValue(isScalar(node) ? node.value : null);
  }

  /** A node's range, ending where its last value ends (see {@link contentEnd}). */
  private rangeOf(node: Node): Range {
    if (!node.range) return this.offsetRange(0, 0);
    return this.trimmedRange(node.range[0], contentEnd(node));
  }

  private trimmedRange(start: number, end: number): Range {
    let trimmedEnd = Math.max(start, end);
    while (trimmedEnd > start && isWhitespace(this.text.charCodeAt(trimmedEnd - 1))) trimmedEnd--;
    return this.offsetRange(start, trimmedEnd);
  }

  offsetRange(start: number, end: number): Range {
    const range = this.lines.rangeOf(this.outsideLineBreak(start), this.outsideLineBreak(end));
    range.start.line += this.firstLine;
    range.end.line += this.firstLine;
    return range;
  }

  /** `yaml` may place an error between the "\r" and "\n" of a line break; no position lies there. */
  private outsideLineBreak(offset: number): number {
    return this.text.charCodeAt(offset) === 10 && this.text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset;
  }

  private reportAt(node: Node | null, severity: Severity, code: ProblemCode, message: string): void {
    this.report(node ? this.rangeOf(node) : this.offsetRange(0, 0), severity, code, message);
  }

  report(range: Range, severity: Severity, code: ProblemCode, message: string, data?: Problem['data']): void {
    this.problems.push({ file: this.file, range, severity, code, message, ...(data ? { data } : {}) });
  }
}

/** What holds a key, by the kind of node: `Item` → "an item", `North star` → "the north star". */
function keyOwner(kind: string): string {
  if (kind === 'North star') return 'the north star';
  return `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind[0].toLowerCase()}${kind.slice(1)}`;
}

/**
 * Where a node's last value ends. YAML counts the comments after a block collection's last value, and
 * the line breaks after them, into the collection, even a comment at a lesser indentation that labels
 * the next section; this end leaves them out. Exported so edits place text by the same end.
 */
export function contentEnd(node: Node): number {
  let last: Node = node;
  while ((isMap(last) || isSeq(last)) && !last.flow && last.items.length > 0) {
    const entry: unknown = last.items[last.items.length - 1];
    const next: unknown = isPair(entry) ? (entry.value ?? entry.key) : entry;
    if (!isNode(next) || !next.range) break;
    last = next;
  }
  return last.range ? last.range[1] : (node.range?.[1] ?? 0);
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Each alias's target: the node that last took its anchor before the alias, as YAML defines it. */
function collectAliasTargets(doc: Document.Parsed): Map<Alias, Node | undefined> {
  const targets = new Map<Alias, Node | undefined>();
  const anchored = new Map<string, Node>();
  visit(doc, (_key, node) => {
    if (isAlias(node)) targets.set(node, anchored.get(node.source));
    else if (isNode(node) && node.anchor) anchored.set(node.anchor, node);
  });
  return targets;
}

/**
 * The offset of the first collection nested deeper than MAX_NESTING, found without recursion. Exported
 * so edits refuse exactly the files this parser refuses to read.
 */
export function findExcessiveNesting(tokens: CST.Token[], limit = MAX_NESTING): number | undefined {
  const pending: Array<[CST.Token, number]> = tokens.map((token) => [token, 0]);
  while (pending.length > 0) {
    const [token, depth] = pending.pop()!;
    if (token.type === 'document') {
      if (token.value) pending.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth >= limit) return token.offset;
      for (const item of token.items) {
        if (item.key) pending.push([item.key, depth + 1]);
        if (item.value) pending.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** What stands before a block list entry on its line: the indentation, the `-`, blanks. */
const ENTRY_LEAD = /^ *- +$/;

/** A tracker prefix: what precedes "-123" in a key. */
const TRACKER_PREFIX = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A ticket as an item lists it: PREFIX-123, or #123 for a "#" tracker. */
const TICKET_KEY = /^(?:[A-Za-z][A-Za-z0-9_]*-[0-9]+|#[0-9]+)$/;

/** `YYYY-MM-DD` naming a day that exists. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The entries whose value is defined, so optional fields stay absent rather than `undefined`. */
function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const defined: Partial<T> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) if (fields[key] !== undefined) defined[key] = fields[key];
  return defined;
}
