import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as fc from 'fast-check';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import {
  appendItems,
  applyOffsetEdits,
  idPrefixOf,
  linkCommentEdit,
  newItemIds,
  rankItemsForComment,
  titleFromDebtText,
} from '../../server/src/core/propose';
import type { NewIdRequest, NewIds, NewItemSpec, OffsetEdit } from '../../server/src/core/propose';
import type { RoadmapItem } from '../../server/src/core/types';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'propose');

function spec(id: string, title: string, extra: Partial<NewItemSpec> = {}): NewItemSpec {
  return { id, title, kind: 'debt', status: 'proposed', source: 'src/tax.ts:12', ...extra };
}

/** What each golden input gets appended. */
const GOLDEN: Record<string, NewItemSpec[]> = {
  'comments-everywhere': [
    spec('RM-14', 'Cache the tax table', { objective: 'OBJ-TRUST', metric: 'tax lookup p95', category: 'performance' }),
  ],
  'block-2space': [spec('RM-3', 'Cache the tax table', { metric: 'tax lookup p95', category: 'performance' })],
  'block-4space': [spec('RM-2', 'Cache the tax table', { metric: 'tax lookup p95', category: 'performance' })],
  'zero-indented': [spec('OPS-8', 'Stop logging tokens', { source: 'ops/log.py:40' })],
  'flow-empty': [spec('RM-1', 'Cache the tax table')],
  'flow-inline': [spec('RM-2', 'Split a, b: [c] {d}', { metric: 'build time', category: 'velocity' })],
  'flow-multiline': [spec('RM-3', 'Cache the tax table'), spec('RM-4', 'Drop the v1 API', { kind: 'investment' })],
  crlf: [spec('RM-5', 'Cache the tax table', { metric: 'tax lookup p95' })],
  'no-final-newline': [spec('RM-10', 'Cache the tax table')],
  empty: [spec('RM-1', 'Cache the tax table')],
  'comments-only': [spec('PAY-1', 'Cache the tax table', { kind: 'feature' })],
  'no-items-key': [
    spec('RM-1', 'Cache the tax table', { objective: 'OBJ-1', metric: 'tax lookup p95', category: 'performance' }),
  ],
  'items-null': [spec('RM-1', 'Cache the tax table')],
  'items-not-last': [spec('RM-6', 'Cache the tax table', { metric: 'tax lookup p95', category: 'performance' })],
  'odd-titles': [
    spec('RM-2', `Fix: "new" parser # now - see 'x'`),
    spec('RM-3', '- leading dash, then: colon'),
    spec('RM-4', 'Ünïcode ✓ caché 😀'),
  ],
  'multi-item': [spec('RM-32', 'First of three'), spec('RM-33', 'Second of three'), spec('RM-34', 'Third of three')],
  'doc-start-marker': [spec('RM-2', 'Cache the tax table')],
  'doc-marker-empty': [spec('RM-1', 'Cache the tax table')],
  'block-scalar-last': [spec('RM-2', 'Cache the tax table')],
};

/** Fixtures whose insertion has to go inside an existing line (a one-line flow list): no line survives whole. */
const INLINE_INSERTION = new Set(['flow-empty', 'flow-inline']);

function readFixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Lines with their line breaks, so a changed ending (LF for CRLF) counts as a changed line. */
function linesWithBreaks(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/**
 * The input's lines (with their line breaks) are a subsequence of the output's. An unterminated last input
 * line may gain a break when new lines follow it.
 */
function assertLinesKept(input: string, output: string): void {
  const outLines = linesWithBreaks(output);
  const same = (out: string, line: string): boolean =>
    out === line || (!/[\r\n]$/.test(line) && out.replace(/\r?\n$|\r$/, '') === line);
  let next = 0;
  for (const line of linesWithBreaks(input)) {
    while (next < outLines.length && !same(outLines[next], line)) next++;
    assert.ok(next < outLines.length, `input line ${JSON.stringify(line)} is missing from the output, or out of order`);
    next++;
  }
}

/** The edits are pure insertions and the output minus the inserted text is the input, byte for byte. */
function assertOnlyInsertions(input: string, output: string, edits: OffsetEdit[]): void {
  let rest = '';
  let cursor = 0;
  let shift = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    assert.equal(edit.end, edit.start, `edit ${JSON.stringify(edit)} is not a pure insertion`);
    const at = edit.start + shift;
    assert.equal(output.slice(at, at + edit.newText.length), edit.newText);
    rest += output.slice(cursor, at);
    cursor = at + edit.newText.length;
    shift += edit.newText.length;
  }
  assert.equal(rest + output.slice(cursor), input);
}

/** The parsed `items` list ([] when the file has none). */
function itemsOf(text: string): unknown[] {
  const doc = parseDocument(text);
  assert.deepEqual(
    doc.errors.map((e) => e.message),
    [],
  );
  const items = (doc.toJS() as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items : [];
}

function expectedItem(s: NewItemSpec): Record<string, unknown> {
  const item: Record<string, unknown> = { id: s.id, title: s.title, kind: s.kind, status: s.status };
  if (s.objective) item.objective = s.objective;
  if (s.metric) item.value = s.category ? { metric: s.metric, category: s.category } : { metric: s.metric };
  item.source = s.source;
  return item;
}

describe('propose: appendItems golden files', () => {
  const inputs = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.in.yaml'));

  it('has a spec for every fixture and at least 14 of them', () => {
    assert.ok(inputs.length >= 14);
    assert.deepEqual(inputs.map((f) => f.replace('.in.yaml', '')).sort(), Object.keys(GOLDEN).sort());
  });

  for (const file of inputs) {
    const name = file.replace('.in.yaml', '');
    it(name, () => {
      const input = readFixture(file);
      const specs = GOLDEN[name];
      const result = appendItems(input, specs);
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.equal(result.newText, readFixture(`${name}.out.yaml`));
      assert.equal(applyOffsetEdits(input, result.edits), result.newText);
      assertOnlyInsertions(input, result.newText, result.edits);
      if (!INLINE_INSERTION.has(name)) assertLinesKept(input, result.newText);

      assert.deepEqual(itemsOf(result.newText), [...itemsOf(input), ...specs.map(expectedItem)]);
    });
  }
});

function appended(text: string, specs: NewItemSpec[]): string {
  const result = appendItems(text, specs);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  assert.equal(applyOffsetEdits(text, result.edits), result.newText);
  return result.newText;
}

function refusal(text: string, specs: NewItemSpec[] = [spec('RM-9', 'x')]): string {
  const result = appendItems(text, specs);
  assert.ok(!result.ok, 'expected a refusal');
  return result.reason;
}

describe('propose: appendItems behaviour', () => {
  it('refuses a file with a YAML syntax error, naming where it is', () => {
    assert.equal(
      refusal('version: 1\nitems:\n  - id: RM-1\n    title: [unclosed\n'),
      'The roadmap file has a YAML syntax error at line 5, column 1 (Flow sequence in block collection must be sufficiently indented and end with a ]); fix it before proposing items, the file was left unchanged.',
    );
    assert.equal(
      refusal('items:\n  - id: RM-1\n items: 2\n'),
      'The roadmap file has a YAML syntax error at line 3, column 1 (All mapping items must start at the same column); fix it before proposing items, the file was left unchanged.',
    );
  });

  it('refuses a top level that is not a mapping', () => {
    assert.equal(
      refusal('- id: RM-1\n  title: a list\n'),
      "The roadmap file's top level is a list, not a mapping with `version` and `items`; it was left unchanged.",
    );
    assert.equal(
      refusal('just words\n'),
      'The roadmap file\'s top level is the value "just words", not a mapping with `version` and `items`; it was left unchanged.',
    );
    assert.equal(
      refusal('~\n'),
      "The roadmap file's top level is null, not a mapping with `version` and `items`; it was left unchanged.",
    );
  });

  it('refuses several documents, an `items` that is not a list, and duplicate IDs', () => {
    assert.equal(
      refusal('version: 1\n---\nitems: []\n'),
      'The roadmap file holds 2 YAML documents; proposals are only added to a file with one.',
    );
    assert.equal(
      refusal('items:\n  RM-1: x\n'),
      "The roadmap file's `items` is a mapping, not a list; it was left unchanged.",
    );
    assert.equal(
      refusal('items: none\n'),
      'The roadmap file\'s `items` is the value "none", not a list; it was left unchanged.',
    );
    assert.equal(refusal('items:\n  - id: RM-9\n'), 'The roadmap file already has an item with ID "RM-9".');
    assert.equal(refusal('items: []\n', [spec('RM-1', 'a'), spec('RM-1', 'b')]), 'The new items repeat the ID "RM-1".');
    assert.equal(refusal('items: []\n', [spec(' ', 'a')]), 'A new roadmap item needs a non-empty ID.');
    assert.equal(
      refusal('{version: 1}\n'),
      "The roadmap file's top-level mapping is in flow style ({...}); add an `items: []` entry to it first.",
    );
  });

  it('returns the text unchanged for no items', () => {
    assert.deepEqual(appendItems('version: 1\n', []), { ok: true, edits: [], newText: 'version: 1\n' });
  });

  it('replaces an explicit null `items: ~` with the block list, keeping its comment', () => {
    const result = appendItems('items: ~ # later\nversion: 1\n', [spec('RM-1', 'a')]);
    assert.deepEqual(result, {
      ok: true,
      edits: [
        { start: 6, end: 8, newText: '' },
        {
          start: 16,
          end: 16,
          newText: '\n  - id: RM-1\n    title: a\n    kind: debt\n    status: proposed\n    source: src/tax.ts:12',
        },
      ],
      newText:
        'items: # later\n  - id: RM-1\n    title: a\n    kind: debt\n    status: proposed\n    source: src/tax.ts:12\nversion: 1\n',
    });
  });

  it('adds a comma after the last flow item before its comment when the list has no trailing comma', () => {
    const text = 'items: [\n    {id: RM-1}  # first\n]\n';
    const result = appendItems(text, [spec('RM-2', 'b')]);
    assert.ok(result.ok);
    assert.deepEqual(result.edits, [
      { start: 23, end: 23, newText: ',' },
      {
        start: 32,
        end: 32,
        newText: '\n    {id: RM-2, title: b, kind: debt, status: proposed, source: src/tax.ts:12}',
      },
    ]);
    assert.equal(
      result.newText,
      'items: [\n    {id: RM-1},  # first\n    {id: RM-2, title: b, kind: debt, status: proposed, source: src/tax.ts:12}\n]\n',
    );
  });

  it('fills an empty flow list spread over lines, and a flow list inside a flow root', () => {
    assert.equal(
      appended('items: [\n]\n', [spec('RM-1', 'a'), spec('RM-2', 'b')]),
      'items: [\n  { id: RM-1, title: a, kind: debt, status: proposed, source: src/tax.ts:12 },\n  { id: RM-2, title: b, kind: debt, status: proposed, source: src/tax.ts:12 }\n]\n',
    );
    assert.equal(
      appended('{version: 1, items: [{id: RM-1}]}\n', [spec('RM-2', 'b')]),
      '{version: 1, items: [{id: RM-1}, {id: RM-2, title: b, kind: debt, status: proposed, source: src/tax.ts:12}]}\n',
    );
  });

  it('keeps a trailing comma on a one-line flow list', () => {
    assert.equal(
      appended('items: [{id: RM-1}, ]\n', [spec('RM-2', 'b'), spec('RM-3', 'c')]),
      'items: [{id: RM-1}, {id: RM-2, title: b, kind: debt, status: proposed, source: src/tax.ts:12}, {id: RM-3, title: c, kind: debt, status: proposed, source: src/tax.ts:12}, ]\n',
    );
  });

  it('writes a multi-line or control-character value double-quoted on one line', () => {
    const out = appended('items:\n  - id: RM-1\n', [
      spec('RM-2', 'line one\nline two\ttab', { objective: 'bell\u0007' }),
    ]);
    assert.equal(
      out,
      'items:\n  - id: RM-1\n  - id: RM-2\n    title: "line one\\nline two\\ttab"\n    kind: debt\n    status: proposed\n    objective: "bell\\a"\n    source: src/tax.ts:12\n',
    );
  });

  it('does not count a byte-order mark as indentation', () => {
    assert.equal(
      appended('\uFEFFversion: 1\n', [spec('RM-1', 'a')]),
      '\uFEFFversion: 1\nitems:\n  - id: RM-1\n    title: a\n    kind: debt\n    status: proposed\n    source: src/tax.ts:12\n',
    );
  });

  it('writes a value with only a metric, and no value without one', () => {
    assert.equal(
      appended('items: []\n', [
        spec('RM-1', 'a', { metric: 'p95', category: undefined }),
        spec('RM-2', 'b', { category: 'security' }),
      ]),
      'items: [ { id: RM-1, title: a, kind: debt, status: proposed, value: { metric: p95 }, source: src/tax.ts:12 }, { id: RM-2, title: b, kind: debt, status: proposed, source: src/tax.ts:12 } ]\n',
    );
  });

  it('round-trips any title exactly, in block and flow lists', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.boolean(), (title, flow) => {
        const base = flow ? 'version: 1\nitems: [ {id: RM-1} ]\n' : 'version: 1\nitems:\n  - id: RM-1\n# end\n';
        const result = appendItems(base, [spec('RM-2', title)]);
        assert.ok(result.ok, result.ok ? '' : result.reason);
        assert.deepEqual(itemsOf(result.newText), [{ id: 'RM-1' }, expectedItem(spec('RM-2', title))]);
        assert.ok(
          result.newText.startsWith(flow ? 'version: 1\nitems: [ {id: RM-1}' : 'version: 1\nitems:\n  - id: RM-1\n'),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('propose: applyOffsetEdits', () => {
  it('applies edits in offset order whatever order they come in, same-offset ones as given', () => {
    assert.equal(
      applyOffsetEdits('abcdef', [
        { start: 4, end: 5, newText: 'E' },
        { start: 1, end: 1, newText: '1' },
        { start: 1, end: 1, newText: '2' },
        { start: 0, end: 1, newText: '' },
      ]),
      '12bcdEf',
    );
  });

  it('clamps offsets outside the text and clips an overlapping edit', () => {
    assert.equal(applyOffsetEdits('abc', [{ start: 10, end: 12, newText: '!' }]), 'abc!');
    assert.equal(
      applyOffsetEdits('abcdef', [
        { start: 0, end: 3, newText: 'X' },
        { start: 2, end: 4, newText: 'Y' },
      ]),
      'XYef',
    );
  });
});

describe('propose: IDs', () => {
  const DEFAULT_PATTERN = '[A-Z][A-Z0-9]*-[0-9]+';
  function ids(itemIds: string[], count: number, extra: Partial<NewIdRequest> = {}): NewIds {
    return newItemIds({
      count,
      itemIds,
      otherIds: [],
      preferredPrefixes: [],
      idPattern: DEFAULT_PATTERN,
      trackerPrefixes: new Set(),
      reserved: [],
      ...extra,
    });
  }
  const ok = (...list: string[]): NewIds => ({ ok: true, ids: list });

  it('numbers new IDs after the highest existing one, leaving gaps alone', () => {
    assert.deepEqual(ids(['RM-1', 'RM-5', 'RM-3'], 2), ok('RM-6', 'RM-7'));
  });

  it('skips reserved IDs (keys in comments, tickets, IDs handed out) without moving past them for nothing', () => {
    assert.deepEqual(ids(['RM-1', 'RM-5'], 3, { reserved: ['RM-6', 'RM-8', 'RM-3'] }), ok('RM-7', 'RM-9', 'RM-10'));
    assert.deepEqual(
      ids(['RM-1'], 1, { reserved: ['rm-2'] }),
      ok('RM-3'),
      'case is ignored: rm-2 and RM-2 read the same',
    );
  });

  it('uses the prefix most valid IDs use; ignores other prefixes and malformed IDs', () => {
    assert.deepEqual(ids(['OPS-40', 'RM-2', 'RM-3', 'RMX-9', 'RM-x', 'rm-7'], 1), ok('RM-4'));
    assert.deepEqual(ids(['OPS-40'], 2, { preferredPrefixes: ['PAY'] }), ok('PAY-1', 'PAY-2'));
    assert.deepEqual(ids([], 0), ok());
  });

  it('chooses the prefix from item IDs only: objectives and north-star metrics are taken, never copied', () => {
    assert.deepEqual(ids([], 1, { otherIds: ['OBJ-1', 'OBJ-2', 'OBJ-3'] }), ok('RM-1'));
    assert.deepEqual(ids(['PAY-4'], 1, { otherIds: ['OBJ-1', 'OBJ-2', 'OBJ-3', 'nps'] }), ok('PAY-5'));
    assert.deepEqual(
      ids(['RM-1'], 2, { otherIds: ['RM-2', 'OBJ-7'] }),
      ok('RM-3', 'RM-4'),
      'an objective RM-2 stays taken',
    );
  });

  it('keeps zero-padding and compares numbers by value', () => {
    assert.deepEqual(ids(['RM-007', 'RM-009'], 2), ok('RM-010', 'RM-011'));
    assert.deepEqual(ids(['RM-5'], 1, { reserved: ['RM-06'] }), ok('RM-7'));
  });

  it('handles numbers beyond 2^53 exactly', () => {
    assert.deepEqual(ids(['RM-9007199254740993'], 1), ok('RM-9007199254740994'));
  });

  it('follows idPattern: its literal prefix, zero-padded to the digits it fixes; lowercase items of another pattern do not count', () => {
    assert.deepEqual(ids([], 2, { idPattern: 'TEAM-[0-9]{4}' }), ok('TEAM-0001', 'TEAM-0002'));
    assert.deepEqual(ids(['TEAM-0041'], 1, { idPattern: 'TEAM-[0-9]{4}' }), ok('TEAM-0042'));
    assert.deepEqual(ids(['rm-1'], 1), ok('RM-1'), 'rm-1 does not match the default pattern: it gives no prefix');
    assert.deepEqual(ids(['rm-1'], 1, { idPattern: '[a-z]+-[0-9]+' }), ok('rm-2'));
  });

  it('never uses a tracker prefix, even when items (wrongly) do', () => {
    assert.deepEqual(ids(['KAFKA-1', 'KAFKA-2', 'RM-1'], 1, { trackerPrefixes: new Set(['KAFKA']) }), ok('RM-2'));
    assert.deepEqual(ids(['KAFKA-1'], 1, { trackerPrefixes: new Set(['KAFKA']) }), ok('RM-1'));
  });

  it('says why when no valid ID can be made', () => {
    assert.deepEqual(ids([], 1, { idPattern: 'KAFKA-[0-9]+', trackerPrefixes: new Set(['KAFKA']) }), {
      ok: false,
      reason:
        'No free item ID matches roadmapLinks.idPattern "KAFKA-[0-9]+" (prefixes tried: RM, rm; tracker prefixes are never used). Add an item with the ID you want by hand, or change the setting. Nothing was edited.',
    });
    assert.deepEqual(ids(['TEAM-9999'], 1, { idPattern: 'TEAM-[0-9]{4}' }).ok, false);
    assert.deepEqual(ids([], 1, { idPattern: '(' }), {
      ok: false,
      reason: 'roadmapLinks.idPattern "(" is not a valid regular expression, so no new ID can be checked against it.',
    });
  });

  it('finds the prefix most IDs use', () => {
    assert.equal(idPrefixOf(['OPS-1', 'RM-1', 'RM-2', 'OPS-2', 'RM-3']), 'RM');
    assert.equal(idPrefixOf(['TEAM-A-3', 'TEAM-A-4', 'RM-1']), 'TEAM-A');
    assert.equal(idPrefixOf(['PAY-1', 'RM-1']), 'PAY');
    assert.equal(idPrefixOf(new Set(['nope', 'OPS-7']).values()), 'OPS');
  });

  it('falls back when no ID has the PREFIX-number shape', () => {
    assert.equal(idPrefixOf([]), 'RM');
    assert.equal(idPrefixOf(['nope'], 'DEBT'), 'DEBT');
  });
});

describe('propose: titleFromDebtText', () => {
  const cases: [string, string][] = [
    ['cache the tax table', 'cache the tax table'],
    ['  TODO: cache the tax table.  ', 'cache the tax table'],
    ['// FIXME(RM-2): retry twice. Then log the failure.', 'retry twice'],
    ['/* HACK - avoid the N+1 query */', 'avoid the N+1 query'],
    ['# XXX[alice] what   about\ttimezones?  Later', 'what about timezones?'],
    ['use a map, e.g. a Map<string, Rate>; it is faster', 'use a map, e.g. a Map<string, Rate>'],
    ['bump to v1.2.3 when node 22 lands', 'bump to v1.2.3 when node 22 lands'],
    ['TODOLIST is not a tag: keep it', 'TODOLIST is not a tag: keep it'],
    ['DEBT: ', 'Untitled debt'],
    ['   ', 'Untitled debt'],
    ['// ...', 'Untitled debt'],
    // redis: "… events (TODO))." leaves ")." after the tag: punctuation is no title.
    [').', 'Untitled debt'],
    ['-> ))', 'Untitled debt'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () =>
      assert.equal(titleFromDebtText(input), expected));
  }

  it('cuts a long text at a word boundary within 80 characters', () => {
    const words =
      'refactor the pricing engine so that discounts and taxes and shipping fees are computed in one pass over the cart';
    const title = titleFromDebtText(`TODO: ${words}`);
    assert.equal(title, 'refactor the pricing engine so that discounts and taxes and shipping fees are…');
    assert.ok(title.length <= 80);
  });

  it('joins the continuation lines and drops a leading group', () => {
    assert.equal(
      titleFromDebtText('(KAFKA-12887): we should not retry', 'when the broker is down. Later maybe.'),
      'we should not retry when the broker is down',
    );
    assert.equal(titleFromDebtText('we should not', undefined), 'we should not');
  });

  it('never splits a surrogate pair when cutting', () => {
    const title = titleFromDebtText('x'.repeat(78) + '😀😀😀');
    assert.equal(title, 'x'.repeat(78) + '…');
  });
});

describe('propose: linkCommentEdit', () => {
  function link(line: string, tag: string, id = 'RM-31'): string {
    const start = line.indexOf(tag);
    return applyOffsetEdits(line, [linkCommentEdit(line, start, tag.length, id)]);
  }

  it('puts the ID between the tag and its colon', () => {
    assert.deepEqual(linkCommentEdit('// TODO: cache the tax table', 3, 4, 'RM-31'), {
      start: 7,
      end: 7,
      newText: '(RM-31)',
    });
    assert.equal(link('// TODO: cache the tax table', 'TODO'), '// TODO(RM-31): cache the tax table');
  });

  it('links a tag without a colon, keeping the spacing after it', () => {
    assert.equal(link('# FIXME x', 'FIXME'), '# FIXME(RM-31) x');
    assert.equal(link('  // TODO  x', 'TODO'), '  // TODO(RM-31)  x');
    assert.equal(link('/* HACK */', 'HACK'), '/* HACK(RM-31) */');
  });

  it('adds the ID inside an existing group, or fills an empty one', () => {
    assert.equal(link('// TODO(alice): x', 'TODO'), '// TODO(alice, RM-31): x');
    assert.equal(link('// TODO[ alice ] x', 'TODO'), '// TODO[ alice, RM-31 ] x');
    assert.equal(link('// TODO(): x', 'TODO'), '// TODO(RM-31): x');
  });

  it('clamps a tag range beyond the line', () => {
    assert.deepEqual(linkCommentEdit('TODO', 2, 10, 'RM-1'), { start: 4, end: 4, newText: '(RM-1)' });
  });
});

describe('propose: rankItemsForComment', () => {
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  function item(id: string, title: string, extra: Partial<RoadmapItem> = {}): RoadmapItem {
    return {
      id,
      title,
      values: [],
      dependsOn: [],
      paths: [],
      links: [],
      tickets: [],
      file: '/r/roadmap.yaml',
      range: zero,
      idRange: zero,
      ...extra,
    };
  }
  const items = [
    item('RM-1', 'Cache tax tables per region', { status: 'planned' }),
    item('RM-2', 'Checkout p99 under 300 ms', { status: 'in-progress', paths: ['services/checkout/**'] }),
    item('RM-3', 'Tax table caching', { status: 'done' }),
    item('RM-4', 'Remove the legacy tax service', { status: 'dropped', paths: ['src/**'] }),
    item('RM-5', 'Rewrite the search UI'),
    item('RM-6', 'Cache warmup for tax', { paths: ['src/tax*.ts'] }),
  ];

  it('ranks by title word overlap plus a paths match, leaving out finished and unrelated items', () => {
    const ranked = rankItemsForComment(items, 'cache the tax table', 'src/tax.ts');
    assert.deepEqual(
      ranked.map((r) => r.item.id),
      ['RM-6', 'RM-1'],
    );
    // RM-6: {cach, tax} of {cach, warmup, tax} and {cach, tax, tabl} → 2/3, plus 1 for src/tax*.ts.
    assert.ok(Math.abs(ranked[0].score - (1 + 2 / 3)) < 1e-9);
    // RM-1: {cach, tax, tabl, region} shares 3 → 3/√12.
    assert.ok(Math.abs(ranked[1].score - 3 / Math.sqrt(12)) < 1e-9);
  });

  it('matches paths written with backslashes and a leading ./', () => {
    const ranked = rankItemsForComment(items, 'flaky retry', '.\\services\\checkout\\pay.ts');
    assert.deepEqual(
      ranked.map((r) => [r.item.id, r.score]),
      [['RM-2', 1]],
    );
  });

  it('orders equal scores by ID and returns nothing when nothing relates', () => {
    const twins = [item('RM-9', 'Speed up search'), item('RM-10', 'Speed up search')];
    assert.deepEqual(
      rankItemsForComment(twins, 'speed up search', 'a.ts').map((r) => r.item.id),
      ['RM-10', 'RM-9'],
    );
    assert.deepEqual(rankItemsForComment(items, 'the of and', 'docs/readme.md'), []);
  });

  it('treats an invalid glob as matching nothing', () => {
    // picomatch rejects an empty pattern; the ranking must not.
    assert.deepEqual(rankItemsForComment([item('RM-1', 'zzz', { paths: [''] })], 'x', 'src/a.ts'), []);
  });
});
