/**
 * fast-check generators for roadmap files: structured *valid* roadmaps printed in many layouts
 * (2/4-space indent, LF/CRLF, final newline or not, flow or block lists, comments anywhere, quoted or
 * plain IDs), and hostile inputs built from them (truncation, wrong types, deep nesting, alias bombs,
 * duplicate keys, tabs, BOM, lone CR, huge strings, invalid UTF-8 decoded as UTF-8).
 */
import * as fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import type { NewItemSpec } from '../../server/src/core/propose';
import {
  ITEM_KINDS,
  ITEM_STATUSES,
  VALUE_CATEGORIES,
  type ItemKind,
  type ItemStatus,
  type ValueCategory,
} from '../../server/src/core/types';

export interface GenValue {
  metric: string;
  category?: ValueCategory;
  unit?: string;
  baseline?: number;
  target?: number;
}

export interface GenItem {
  id: string;
  title: string;
  kind?: ItemKind;
  status?: ItemStatus;
  objective?: string;
  values: GenValue[];
  /** `value:` written as a list of metrics rather than one mapping. */
  valueAsList: boolean;
  dependsOn: string[];
  paths: string[];
  owner?: string;
  /** A `|-` literal block scalar, the last field of the item (comments after it belong to it). */
  scope?: string;
}

export interface GenObjective {
  id: string;
  title: string;
  metrics: string[];
}

export interface GenRoadmap {
  northStar?: { statement: string; metrics: { id: string; name: string }[] };
  objectives: GenObjective[];
  items: GenItem[];
  /** Top-level keys in the order they are written. */
  order: Array<'version' | 'northStar' | 'objectives' | 'items'>;
}

export interface GenLayout {
  indent: 2 | 4;
  /** Whether a block list's `-` is indented under its key (`items:\n  - id`) or level with it. */
  indentedDashes: boolean;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
  items: 'block' | 'flow-inline' | 'flow-multiline';
  /** `dependsOn`, `paths`, `metrics` as `[a, b]` rather than block lists. */
  flowLists: boolean;
  blankBetweenItems: boolean;
  idQuote: 'plain' | 'single' | 'double';
  /** Chance of a comment at each place one may go. */
  commentRate: number;
  commentSeed: number;
  bom: boolean;
}

export interface GeneratedRoadmap {
  roadmap: GenRoadmap;
  layout: GenLayout;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Scalars

const WORDS = [
  'cache',
  'tax',
  'table',
  'Checkout',
  'p99',
  'under',
  '300',
  'ms',
  'retry',
  'API',
  'v1',
  'log',
  'search',
  'Ünïcode',
  'caché',
  '✓',
  '😀',
  'naïve',
  'x',
];
const PUNCTUATION = [
  ':',
  ' #',
  '#',
  '"',
  "'",
  '-',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '?',
  '\\',
  '/',
  '(',
  ')',
  '.',
];

/** Short human text with YAML's special characters mixed in, never empty or surrounded by spaces. */
export const textArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
      { weight: 1, arbitrary: fc.constantFrom(...PUNCTUATION) },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(' ').replace(/\s+/g, ' ').trim())
  .filter((text) => text.length > 0);

/** A scalar written plainly when YAML reads it back as the same string in both block and flow context. */
function scalar(text: string, quote: 'plain' | 'single' | 'double' = 'plain'): string {
  if (quote === 'plain' && isPlainSafe(text)) return text;
  if (quote === 'single' && !/[\x00-\x1f\x7f]/.test(text)) return `'${text.replace(/'/g, "''")}'`;
  return JSON.stringify(text);
}

const plainCache = new Map<string, boolean>();

function isPlainSafe(text: string): boolean {
  let safe = plainCache.get(text);
  if (safe === undefined) {
    safe = !/[,[\]{}#]|: |:$|^[-?:] |^[-?:]$|[\x00-\x1f\x7f]/.test(text) && text.trim() === text && readsBack(text);
    plainCache.set(text, safe);
  }
  return safe;
}

function readsBack(text: string): boolean {
  try {
    return parseYaml(`k: ${text}`)?.k === text && parseYaml(`[${text}]`)?.[0] === text;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The roadmap's data

const PREFIXES = ['RM', 'OPS', 'PAY2'];

export const roadmapArb: fc.Arbitrary<GenRoadmap> = fc
  .record({
    hasNorthStar: fc.boolean(),
    metricNames: fc.uniqueArray(fc.constantFrom('nps', 'lead-time', 'uptime', 'churn'), { maxLength: 3 }),
    objectiveCount: fc.integer({ min: 0, max: 3 }),
    itemCount: fc.integer({ min: 0, max: 7 }),
    prefix: fc.constantFrom(...PREFIXES),
    numbers: fc.uniqueArray(fc.integer({ min: 1, max: 120 }), { minLength: 7, maxLength: 7 }),
    texts: fc.array(textArb, { minLength: 24, maxLength: 24 }),
    picks: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
    order: fc.shuffledSubarray(['northStar', 'objectives'] as const, { minLength: 0, maxLength: 2 }),
    itemsPosition: fc.nat(),
    versionFirst: fc.boolean(),
  })
  .map((r) => {
    let pick = 0;
    const next = (n: number) => r.picks[pick++ % r.picks.length] % n;
    let text = 0;
    const nextText = () => r.texts[text++ % r.texts.length];
    const northStar = r.hasNorthStar
      ? { statement: nextText(), metrics: r.metricNames.map((id) => ({ id, name: nextText() })) }
      : undefined;
    const objectives: GenObjective[] = Array.from({ length: r.objectiveCount }, (_, i) => ({
      id: `OBJ-${'ABC'[i]}`,
      title: nextText(),
      metrics: northStar ? northStar.metrics.filter((_, m) => next(2) === 0 && m < 3).map((metric) => metric.id) : [],
    }));
    const items: GenItem[] = [];
    for (let i = 0; i < r.itemCount; i++) {
      const status = next(3) === 0 ? undefined : ITEM_STATUSES[next(ITEM_STATUSES.length)];
      // Only proposed or dropped items may lack a value without a warning.
      const needsValue = status !== 'proposed' && status !== 'dropped';
      const valueCount = needsValue ? 1 + next(2) : next(3);
      const values: GenValue[] = Array.from({ length: valueCount }, () => ({
        metric: nextText(),
        ...(next(2) ? { category: VALUE_CATEGORIES[next(VALUE_CATEGORIES.length)] } : {}),
        ...(next(2) ? { unit: 'ms' } : {}),
        ...(next(2) ? { baseline: next(1000), target: next(1000) / 10 } : {}),
      }));
      items.push({
        id: `${r.prefix}-${r.numbers[i]}`,
        title: nextText(),
        ...(next(2) ? { kind: ITEM_KINDS[next(ITEM_KINDS.length)] } : {}),
        ...(status ? { status } : {}),
        ...(objectives.length && next(2) ? { objective: objectives[next(objectives.length)].id } : {}),
        values,
        valueAsList: values.length !== 1 || next(3) === 0,
        // Earlier items only: no dependency cycle.
        dependsOn: items.filter(() => next(4) === 0).map((item) => item.id),
        paths: next(2) ? ['services/checkout/**', 'web/*.ts'].slice(0, 1 + next(2)) : [],
        ...(next(3) === 0 ? { owner: nextText() } : {}),
        ...(next(5) === 0 ? { scope: `${nextText()}\n${nextText()}` } : {}),
      });
    }
    const order: GenRoadmap['order'] = [...r.order];
    order.splice(r.itemsPosition % (order.length + 1), 0, 'items');
    if (r.versionFirst) order.unshift('version');
    else order.push('version');
    return { ...(northStar ? { northStar } : {}), objectives, items, order };
  });

export const layoutArb: fc.Arbitrary<GenLayout> = fc.record({
  indent: fc.constantFrom(2 as const, 4 as const),
  indentedDashes: fc.boolean(),
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  finalNewline: fc.boolean(),
  items: fc.constantFrom('block' as const, 'block' as const, 'flow-inline' as const, 'flow-multiline' as const),
  flowLists: fc.boolean(),
  blankBetweenItems: fc.boolean(),
  idQuote: fc.constantFrom('plain' as const, 'plain' as const, 'single' as const, 'double' as const),
  commentRate: fc.constantFrom(0, 0.15, 0.5),
  commentSeed: fc.nat(),
  bom: fc.boolean(),
});

export const generatedRoadmapArb: fc.Arbitrary<GeneratedRoadmap> = fc
  .tuple(roadmapArb, layoutArb)
  .map(([roadmap, layout]) => ({ roadmap, layout, text: printRoadmap(roadmap, layout) }));

// ---------------------------------------------------------------------------------------------
// Printing

/** Small deterministic PRNG (mulberry32): comment placement, edit sequences; the same on every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMENT_TEXTS = [
  'note',
  'see RM-1',
  'key: value',
  '- not a list',
  '"quoted"',
  'ünï ✓',
  '#',
  'items:',
  'TODO later',
];

class Printer {
  readonly lines: string[] = [];
  private readonly chance: () => number;

  constructor(private readonly layout: GenLayout) {
    this.chance = random(layout.commentSeed);
  }

  private comment(): string | undefined {
    if (this.chance() >= this.layout.commentRate) return undefined;
    return '# ' + COMMENT_TEXTS[Math.floor(this.chance() * COMMENT_TEXTS.length)];
  }

  /** A line, maybe preceded by a full-line comment at its indentation and followed by a trailing one. */
  line(indent: number, content: string, options: { trailing?: boolean } = {}): void {
    const before = this.comment();
    if (before) this.lines.push(' '.repeat(indent) + before);
    const after = options.trailing === false ? undefined : this.comment();
    this.lines.push(' '.repeat(indent) + content + (after ? ` ${after}` : ''));
  }

  /** Lines no comment may touch (block scalar content). */
  raw(line: string): void {
    this.lines.push(line);
  }

  blank(): void {
    this.lines.push('');
  }
}

function flowList(values: string[]): string {
  return `[${values.map((value) => scalar(value)).join(', ')}]`;
}

export function printRoadmap(roadmap: GenRoadmap, layout: GenLayout): string {
  const out = new Printer(layout);
  const ind = layout.indent;
  const id = (value: string) => scalar(value, layout.idQuote);
  const dash = (keyCol: number) => keyCol + (layout.indentedDashes ? ind : 0);

  /** `key: [a, b]` or `key:` + block entries; nothing for an empty list. */
  const list = (col: number, key: string, values: string[]) => {
    if (!values.length) return;
    if (layout.flowLists) return out.line(col, `${key}: ${flowList(values)}`);
    out.line(col, `${key}:`);
    for (const value of values) out.line(dash(col), `- ${scalar(value)}`);
  };

  /** A mapping's fields as block lines; the first one after `- ` when `firstPrefix` is given. */
  const mapping = (col: number, fields: Array<[string, string] | ((col: number) => void)>, dashCol?: number) => {
    fields.forEach((field, index) => {
      if (typeof field === 'function') return field(col);
      const [key, value] = field;
      if (index === 0 && dashCol !== undefined) out.line(dashCol, `-${' '.repeat(col - dashCol - 1)}${key}: ${value}`);
      else out.line(col, `${key}: ${value}`);
    });
  };

  const valueFields = (value: GenValue): Array<[string, string]> => [
    ['metric', scalar(value.metric)],
    ...(value.category ? [['category', value.category] as [string, string]] : []),
    ...(value.unit ? [['unit', value.unit] as [string, string]] : []),
    ...(value.baseline !== undefined ? [['baseline', String(value.baseline)] as [string, string]] : []),
    ...(value.target !== undefined ? [['target', String(value.target)] as [string, string]] : []),
  ];

  const blockItem = (item: GenItem, dashCol: number) => {
    const col = dashCol + 2;
    const fields: Array<[string, string] | ((col: number) => void)> = [
      ['id', id(item.id)],
      ['title', scalar(item.title)],
    ];
    if (item.kind) fields.push(['kind', item.kind]);
    if (item.status) fields.push(['status', item.status]);
    if (item.objective) fields.push(['objective', id(item.objective)]);
    if (item.values.length) {
      fields.push((c) => {
        out.line(c, 'value:');
        if (!item.valueAsList) return mapping(c + ind, valueFields(item.values[0]));
        for (const value of item.values) mapping(dash(c) + 2, valueFields(value), dash(c));
      });
    }
    if (item.dependsOn.length)
      fields.push((c) =>
        list(
          c,
          'dependsOn',
          item.dependsOn.map((dep) => dep),
        ),
      );
    if (item.paths.length) fields.push((c) => list(c, 'paths', item.paths));
    if (item.owner) fields.push(['owner', scalar(item.owner)]);
    if (item.scope) {
      fields.push((c) => {
        out.line(c, 'scope: |-', { trailing: false });
        for (const line of item.scope!.split('\n')) out.raw(' '.repeat(c + ind) + line);
      });
    }
    mapping(col, fields, dashCol);
  };

  const flowItem = (item: GenItem): string => {
    const parts = [`id: ${id(item.id)}`, `title: ${scalar(item.title)}`];
    if (item.kind) parts.push(`kind: ${item.kind}`);
    if (item.status) parts.push(`status: ${item.status}`);
    if (item.objective) parts.push(`objective: ${id(item.objective)}`);
    const flowValue = (value: GenValue) =>
      `{${valueFields(value)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}}`;
    if (item.values.length)
      parts.push(
        `value: ${item.valueAsList ? `[${item.values.map(flowValue).join(', ')}]` : flowValue(item.values[0])}`,
      );
    if (item.dependsOn.length) parts.push(`dependsOn: ${flowList(item.dependsOn)}`);
    if (item.paths.length) parts.push(`paths: ${flowList(item.paths)}`);
    if (item.owner) parts.push(`owner: ${scalar(item.owner)}`);
    if (item.scope) parts.push(`scope: ${JSON.stringify(item.scope)}`);
    return `{${parts.join(', ')}}`;
  };

  for (const section of roadmap.order) {
    if (section === 'version') out.line(0, 'version: 1');
    if (section === 'northStar' && roadmap.northStar) {
      out.line(0, 'northStar:');
      out.line(ind, `statement: ${scalar(roadmap.northStar.statement)}`);
      if (roadmap.northStar.metrics.length) {
        out.line(ind, 'metrics:');
        for (const metric of roadmap.northStar.metrics)
          mapping(
            dash(ind) + 2,
            [
              ['id', id(metric.id)],
              ['name', scalar(metric.name)],
            ],
            dash(ind),
          );
      }
    }
    if (section === 'objectives' && roadmap.objectives.length) {
      out.line(0, 'objectives:');
      for (const objective of roadmap.objectives) {
        const fields: Array<[string, string] | ((col: number) => void)> = [
          ['id', id(objective.id)],
          ['title', scalar(objective.title)],
        ];
        if (objective.metrics.length) fields.push((c) => list(c, 'metrics', objective.metrics));
        mapping(dash(0) + 2, fields, dash(0));
      }
    }
    if (section === 'items') {
      const items = roadmap.items;
      if (layout.items === 'flow-inline' || (layout.items === 'block' && items.length === 0)) {
        out.line(0, `items: [${items.map(flowItem).join(', ')}]`);
      } else if (layout.items === 'flow-multiline') {
        out.line(0, 'items: [', { trailing: false });
        items.forEach((item, index) => out.line(ind, flowItem(item) + (index < items.length - 1 ? ',' : '')));
        out.raw(']');
      } else {
        out.line(0, 'items:');
        items.forEach((item, index) => {
          if (index > 0 && layout.blankBetweenItems) out.blank();
          blockItem(item, dash(0));
        });
      }
    }
  }
  const text = (layout.bom ? '\uFEFF' : '') + out.lines.join(layout.eol);
  return layout.finalNewline ? text + layout.eol : text;
}

// ---------------------------------------------------------------------------------------------
// Hostile inputs

export interface FuzzInput {
  label: string;
  text: string;
}

const SNIPPETS = [
  ': ',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '*missing',
  '!!binary ',
  '!!map ',
  '!custom ',
  '? ',
  '|',
  '>-',
  '|+',
  '\t',
  '"',
  "'",
  '#',
  '%YAML 1.2\n---\n',
  '---\n',
  '...\n',
  '<<: *a\n',
  '\uFEFF',
  '\r',
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\u2028',
  '\u0085',
  'id: RM-1\n',
  'items:\n',
  '  - ',
  'version: 2\n',
  'value: [',
  'dependsOn: *a\n',
  '@',
  '`',
  '%',
  '\\',
  '\n\n\n',
  'items: !!str\n',
  '&x [*x]',
  '{a: 1, a: 2}',
];

const WRONG_VALUES = [
  '[1, {a: b}]',
  '12',
  '~',
  'true',
  '{}',
  '[]',
  '-1e400',
  '.nan',
  '!!binary AAAA',
  '{metric: [x]}',
  '"\\u0000"',
  '*a',
  '&a 5',
  '|\n  block',
];

const mutationArb = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    snippet: fc.constantFrom(...SNIPPETS),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ kind: fc.constant('wrong-type' as const), line: fc.nat(), value: fc.constantFrom(...WRONG_VALUES) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('reindent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('tabs' as const) }),
  fc.record({ kind: fc.constant('lone-cr' as const) }),
  fc.record({ kind: fc.constant('bom' as const) }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }),
  }),
);

type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, mutation: Mutation): string {
  const offset = (at: number) => Math.floor(at * text.length);
  const lines = text.split('\n');
  const lineIndex = (n: number) => n % lines.length;
  switch (mutation.kind) {
    case 'truncate':
      return text.slice(0, offset(mutation.at));
    case 'insert':
      return text.slice(0, offset(mutation.at)) + mutation.snippet + text.slice(offset(mutation.at));
    case 'delete':
      return text.slice(0, offset(mutation.at)) + text.slice(offset(mutation.at) + mutation.length);
    case 'wrong-type': {
      const i = lineIndex(mutation.line);
      lines[i] = lines[i].replace(/:( .*)?$/, `: ${mutation.value}`);
      return lines.join('\n');
    }
    case 'duplicate-line': {
      const i = lineIndex(mutation.line);
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 'swap-lines': {
      const i = lineIndex(mutation.line);
      const j = (i + 1) % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 'reindent': {
      const i = lineIndex(mutation.line);
      lines[i] =
        mutation.by >= 0
          ? ' '.repeat(mutation.by) + lines[i]
          : lines[i].replace(new RegExp(`^ {0,${-mutation.by}}`), '');
      return lines.join('\n');
    }
    case 'tabs':
      return text.replace(/^( {2})+/gm, (spaces) => '\t'.repeat(spaces.length / 2));
    case 'lone-cr':
      return text.replace(/\r?\n/g, '\r');
    case 'bom':
      return '\uFEFF' + text.replace(/^\uFEFF/, '');
    case 'bytes':
      // Arbitrary bytes read as UTF-8, as a file with another encoding would be.
      return (
        text.slice(0, offset(mutation.at)) +
        Buffer.from(mutation.bytes).toString('utf8') +
        text.slice(offset(mutation.at))
      );
  }
}

const mutatedArb: fc.Arbitrary<FuzzInput> = fc
  .tuple(generatedRoadmapArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
  .map(([generated, mutations]) => ({
    label: `mutated (${mutations.map((m) => m.kind).join(', ')})`,
    text: mutations.reduce(mutate, generated.text),
  }));

/** Billion laughs: each level an anchored list of aliases to the level below, used from item fields. */
const aliasBombArb: fc.Arbitrary<FuzzInput> = fc
  .record({
    levels: fc.integer({ min: 2, max: 12 }),
    fanout: fc.integer({ min: 2, max: 10 }),
    usedAs: fc.constantFrom('title', 'dependsOn', 'value', 'items', 'root', 'id', 'key'),
  })
  .map(({ levels, fanout, usedAs }) => {
    const lines = ['version: 1', 'a0: &a0 ["lol", "lol"]'];
    for (let level = 1; level < levels; level++)
      lines.push(
        `a${level}: &a${level} [${Array(fanout)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    const top = `*a${levels - 1}`;
    if (usedAs === 'items') lines.push(`items: ${top}`);
    else if (usedAs === 'root') lines.push(`bomb: ${top}`, `items: [${top}]`);
    else if (usedAs === 'key') lines.push(`items:`, `  - ? ${top}`, `    : x`, `    id: RM-1`);
    else
      lines.push(
        'items:',
        `  - id: ${usedAs === 'id' ? top : 'RM-1'}`,
        `    title: ${usedAs === 'title' ? top : 'x'}`,
        `    ${usedAs === 'value' ? 'value' : 'dependsOn'}: ${top}`,
      );
    return { label: `alias bomb ${fanout}^${levels} as ${usedAs}`, text: lines.join('\n') + '\n' };
  });

const recursiveAliasArb: fc.Arbitrary<FuzzInput> = fc.constantFrom(
  { label: 'self-referencing anchor', text: 'items: &x [*x]\n' },
  {
    label: 'self-referencing map',
    text: 'items:\n  - &m\n    id: RM-1\n    title: t\n    value: *m\n    dependsOn: *m\n',
  },
  { label: 'merge key cycle', text: 'base: &b {<<: *b, id: RM-1}\nitems: [*b]\n' },
  { label: 'alias to later anchor', text: 'items: [*later]\nx: &later {id: RM-1, title: t}\n' },
  {
    label: 'objective as alias to list',
    text: 'objectives: &o [{id: O-1, title: t}]\nitems:\n  - {id: RM-1, title: t, objective: *o, dependsOn: *o}\n',
  },
  {
    label: 'one dependsOn list shared by alias',
    text: 'items:\n  - {id: RM-1, title: a, status: proposed}\n  - {id: RM-2, title: b, status: proposed, dependsOn: &d [RM-1]}\n  - {id: RM-3, title: c, status: proposed, dependsOn: *d}\n',
  },
  {
    label: 'one dependency ID shared by alias',
    text: 'items:\n  - id: RM-1\n    title: a\n  - id: RM-2\n    title: b\n    dependsOn: [&r RM-1, *r]\n',
  },
);

const deepNestingArb: fc.Arbitrary<FuzzInput> = fc
  .record({
    depth: fc.oneof(fc.integer({ min: 90, max: 110 }), fc.integer({ min: 1, max: 6000 })),
    style: fc.constantFrom('flow-seq', 'flow-map', 'block-map', 'block-seq', 'mixed', 'unclosed'),
    where: fc.constantFrom('root', 'value', 'title'),
  })
  .map(({ depth, style, where }) => {
    let nested: string;
    if (style === 'flow-seq') nested = '['.repeat(depth) + ']'.repeat(depth);
    else if (style === 'flow-map') nested = '{a: '.repeat(depth) + '1' + '}'.repeat(depth);
    else if (style === 'mixed') nested = '[{a: '.repeat(depth) + '1' + '}]'.repeat(depth);
    else if (style === 'unclosed') nested = '[{'.repeat(depth);
    else {
      const base = where === 'root' ? 0 : 6;
      // Block nesting costs depth² bytes of indentation: 2,000 levels is already 2 MB.
      nested =
        '\n' +
        Array.from(
          { length: Math.min(depth, 2000) },
          (_, i) => ' '.repeat(base + i) + (style === 'block-map' ? 'a:' : '-'),
        ).join('\n');
    }
    const text =
      where === 'root'
        ? nested
        : `version: 1\nitems:\n  - id: RM-1\n    ${where === 'value' ? 'value' : 'title'}: ${nested}\n`;
    return { label: `deep nesting ${style} x${depth} at ${where}`, text };
  });

const duplicateKeysArb: fc.Arbitrary<FuzzInput> = fc.constantFrom(
  {
    label: 'duplicate top-level keys',
    text: 'version: 1\nitems: []\nitems:\n  - id: RM-1\n    title: t\nversion: 2\n',
  },
  {
    label: 'duplicate item keys',
    text: 'items:\n  - id: RM-1\n    id: RM-2\n    title: a\n    title: b\n    value: {metric: m, metric: n}\n',
  },
  {
    label: 'duplicate IDs',
    text: 'items:\n  - {id: RM-1, title: a, status: proposed}\n  - {id: RM-1, title: b, status: proposed}\nobjectives: [{id: RM-1, title: c}]\n',
  },
  {
    label: 'complex keys',
    text: 'items:\n  - ? [id]\n    : RM-1\n    ? {a: b}\n    : c\n    id: RM-2\n    title: t\n',
  },
  { label: 'null keys', text: ': x\nitems:\n  - : y\n    id: RM-1\n    title: t\n' },
);

const randomBytesArb: fc.Arbitrary<FuzzInput> = fc
  .uint8Array({ maxLength: 3000 })
  .map((bytes) => ({ label: `${bytes.length} random bytes read as UTF-8`, text: Buffer.from(bytes).toString('utf8') }));

const YAML_ALPHABET = [...'abcRM-012: \n\t[]{},#&*!|>\'"%@`?\\/~.\r', '\uFEFF', '\u2028', 'é', '😀', '\uD800'];

const yamlSoupArb: fc.Arbitrary<FuzzInput> = fc
  .array(fc.constantFrom(...YAML_ALPHABET, 'id: ', 'items:', '- ', 'title: ', 'value:', '  ', '\n  - id: RM-'), {
    maxLength: 400,
  })
  .map((parts) => ({ label: 'YAML-character soup', text: parts.join('') }));

const wrongShapeArb: fc.Arbitrary<FuzzInput> = fc.constantFrom(
  { label: 'top-level list', text: '- id: RM-1\n  title: t\n- 5\n- [x]\n' },
  { label: 'top-level scalar', text: 'just text\n' },
  { label: 'top-level number', text: '42' },
  { label: 'items is a mapping', text: 'items:\n  id: RM-1\n' },
  { label: 'items is a string', text: 'items: RM-1, RM-2\n' },
  { label: 'item is a list', text: 'items:\n  - [RM-1, t]\n  - - nested\n' },
  {
    label: 'typed scalars',
    text: 'version: !!float 1\nitems:\n  - id: !!int 12\n    title: !!null\n    status: !!bool yes\n    value: !!binary aGVsbG8=\n',
  },
  { label: 'several documents', text: 'items: []\n---\nitems: [{id: RM-1}]\n---\n' },
  { label: 'directives only', text: '%YAML 1.2\n%TAG ! tag:x,2000:\n---\n' },
  { label: 'empty', text: '' },
  { label: 'only a BOM', text: '\uFEFF' },
  { label: 'only comments', text: '# a\n# b' },
  { label: 'only line breaks', text: '\r\n\r\r\n\n' },
);

/** Every hostile roadmap input, weighted toward mutations of valid files (the likeliest real-world damage). */
export const roadmapFuzzArb: fc.Arbitrary<FuzzInput> = fc.oneof(
  { weight: 10, arbitrary: mutatedArb },
  { weight: 3, arbitrary: generatedRoadmapArb.map((generated) => ({ label: 'valid roadmap', text: generated.text })) },
  { weight: 2, arbitrary: aliasBombArb },
  { weight: 1, arbitrary: recursiveAliasArb },
  { weight: 2, arbitrary: deepNestingArb },
  { weight: 1, arbitrary: duplicateKeysArb },
  { weight: 1, arbitrary: randomBytesArb },
  { weight: 2, arbitrary: yamlSoupArb },
  { weight: 1, arbitrary: wrongShapeArb },
);

/** A few huge inputs, run once each (not a thousand): long lines, a long file, long strings. */
export function hugeRoadmapInputs(): FuzzInput[] {
  const mb = 1024 * 1024;
  const items = Array.from(
    { length: 20000 },
    (_, i) => `  - id: RM-${i + 1}\n    title: Item ${i + 1}\n    status: proposed\n    dependsOn: [RM-${i}]`,
  ).join('\n');
  return [
    { label: '1 MB title', text: `items:\n  - id: RM-1\n    title: ${'x'.repeat(mb)}\n` },
    {
      label: '1 MB quoted title with escapes',
      text: `items:\n  - id: RM-1\n    title: "${'\\u00e9\\"'.repeat(mb / 8)}"\n`,
    },
    { label: '1 MB plain scalar line', text: 'a'.repeat(mb) },
    {
      label: '1 MB flow list of 20,000 items',
      text: `items: [${Array.from({ length: 20000 }, (_, i) => `{id: RM-${i + 1}, title: t${i}, status: proposed}`).join(', ')}]`,
    },
    // Three problems per entry: the slowest kind of file per byte (every entry fails validation).
    { label: '256 KB flow list of 32,768 invalid items', text: `items: [${Array(32768).fill('{id: X}').join(',')}]` },
    { label: '20,000 items in a dependency chain', text: `version: 1\nitems:\n${items}\n` },
    { label: '1 MB of unclosed quote', text: `items:\n  - id: "${'y'.repeat(mb)}` },
    { label: '100,000 comment lines', text: '# c\n'.repeat(100000) + 'items: []\n' },
    {
      label: '20,000 anchors',
      text: `items:\n${Array.from({ length: 20000 }, (_, i) => `  - &a${i} {id: RM-${i + 1}, title: t, status: proposed}`).join('\n')}\n`,
    },
  ];
}

/** A new item as "Propose to roadmap" would write it, with titles and metric names from `text`. */
export function newItemSpecArb(id: string, text: fc.Arbitrary<string>, sources: string[]): fc.Arbitrary<NewItemSpec> {
  return fc.record({
    id: fc.constant(id),
    title: text,
    kind: fc.constantFrom('debt' as const, 'feature' as const, 'investment' as const),
    status: fc.constant('proposed' as const),
    objective: fc.option(fc.constantFrom('OBJ-A', 'OBJ-B'), { nil: undefined }),
    metric: fc.option(text, { nil: undefined }),
    category: fc.option(fc.constantFrom(...VALUE_CATEGORIES), { nil: undefined }),
    source: fc.constantFrom(...sources),
  });
}
