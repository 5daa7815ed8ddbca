import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { comparePaths } from '../../server/src/core/paths';
import { buildRoadmap, parseRoadmapFile, progressOf } from '../../server/src/core/roadmap';
import { makeSettings } from '../../server/src/core/settings';
import type { Problem, ProblemCode, Range, RoadmapFileModel, Severity, ValueMetric } from '../../server/src/core/types';
import { assertScalesLinearly, cpuRatio } from '../scaling';

const ROOT = path.join(path.sep, 'repo');
const FILE = path.join(ROOT, 'roadmap.yaml');

/** YAML text from lines, so a test's line numbers can be read off its source (first line is line 0). */
function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function range(line: number, character: number, endLine: number, endCharacter: number): Range {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

interface Expected {
  code: ProblemCode;
  severity: Severity;
  range: Range;
  message: string;
}

function simplify(problems: Problem[]): Expected[] {
  return problems.map(({ code, severity, range: r, message }) => ({ code, severity, range: r, message }));
}

function fileProblems(text: string, options?: { idPattern?: string }): Expected[] {
  return simplify(parseRoadmapFile(FILE, text, options && makeSettings(options)).problems);
}

/** Problems only the whole roadmap shows (the ones buildRoadmap adds to the files' own). */
function crossFileProblems(models: RoadmapFileModel[]): Expected[] {
  const roadmap = buildRoadmap(models);
  const own = models.reduce((count, model) => count + model.problems.length, 0);
  return simplify(roadmap.problems.slice(own));
}

/** Asserts that every range lies inside the text: valid lines, columns within the line. */
function assertRangesInside(text: string, ranges: Range[]): void {
  const lineLengths = text.split(/\r\n|\r|\n/).map((line) => line.length);
  for (const r of ranges) {
    for (const position of [r.start, r.end]) {
      assert.ok(position.line >= 0 && position.line < lineLengths.length, `line ${position.line} outside the text`);
      assert.ok(
        position.character >= 0 && position.character <= lineLengths[position.line],
        `column ${position.character} outside line ${position.line}`,
      );
    }
  }
}

const ITEM_MAPPING_MESSAGE = 'Each item must be a mapping with "id", "title" and "value"';

describe('roadmap model', () => {
  describe('the format contract example', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'roadmap', 'contract.roadmap.yaml'), 'utf8');
    const model = parseRoadmapFile(FILE, text);

    it('reads every field of the item', () => {
      assert.equal(model.syntaxOk, true);
      assert.deepEqual(model.items, [
        {
          id: 'RM-12',
          title: 'Checkout p99 under 300 ms',
          kind: 'investment',
          status: 'in-progress',
          objective: 'OBJ-TRUST',
          slo: '99.9% of checkouts under 300 ms',
          owner: 'payments-team',
          scope: '2 iterations',
          values: [
            {
              metric: 'checkout p99 latency',
              category: 'reliability',
              unit: 'ms',
              baseline: 850,
              target: 300,
              current: 640,
              range: range(20, 6, 25, 18),
            },
          ],
          dependsOn: ['RM-3'],
          paths: ['services/checkout/**'],
          links: ['https://tracker.example/RM-12'],
          tickets: [],
          file: FILE,
          range: range(14, 4, 31, 42),
          idRange: range(14, 8, 14, 13),
        },
      ]);
    });

    it('reads the objective and the north star', () => {
      assert.deepEqual(model.objectives, [
        {
          id: 'OBJ-TRUST',
          title: 'Customers trust checkout',
          metrics: ['nps'],
          file: FILE,
          range: range(10, 4, 12, 18),
          idRange: range(10, 8, 10, 17),
        },
      ]);
      assert.deepEqual(model.northStar, {
        statement: 'Ship what customers want, on time, without burning out the team',
        metrics: [
          {
            id: 'nps',
            name: 'Net promoter score',
            unit: 'points',
            baseline: 31,
            target: 45,
            file: FILE,
            idRange: range(4, 10, 4, 13),
          },
        ],
        file: FILE,
        keyRange: range(1, 0, 1, 9),
      });
    });

    it('records every reference with its exact range and owner', () => {
      assert.deepEqual(model.references, [
        { kind: 'metric', targetId: 'nps', file: FILE, range: range(12, 14, 12, 17), from: 'OBJ-TRUST' },
        { kind: 'objective', targetId: 'OBJ-TRUST', file: FILE, range: range(18, 15, 18, 24), from: 'RM-12' },
        { kind: 'dependsOn', targetId: 'RM-3', file: FILE, range: range(29, 16, 29, 20), from: 'RM-12' },
      ]);
    });

    it('has no problem of its own; the roadmap reports only the missing RM-3', () => {
      assert.deepEqual(model.problems, []);
      assert.deepEqual(crossFileProblems([model]), [
        {
          code: 'unknown-dependency',
          severity: 'error',
          range: range(29, 16, 29, 20),
          // RM-12 is two edits from RM-3: another item, not a typo of it.
          message: 'Unknown dependency "RM-3": no roadmap item has this ID.',
        },
      ]);
    });
  });

  describe('schema problems, each at the offending node', () => {
    const cases: Array<{ name: string; text: string; problems: Expected[]; options?: { idPattern?: string } }> = [
      {
        name: 'unknown status',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    status: doing', '    value: {metric: m}'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(3, 12, 3, 17),
            message: 'Unknown status "doing". Expected one of: proposed, planned, in-progress, done, dropped.',
          },
        ],
      },
      {
        name: 'unknown kind given as a number',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    kind: 3', '    value: {metric: m}'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(3, 10, 3, 11),
            message: 'Unknown kind "3". Expected one of: feature, investment, debt.',
          },
        ],
      },
      {
        name: 'kind given as a list',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    kind: [feature]', '    value: {metric: m}'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(3, 10, 3, 19),
            message: '"kind" must be one of: feature, investment, debt, not a list.',
          },
        ],
      },
      {
        name: 'unknown value category',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    value:', '      metric: m', '      category: speed'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(5, 16, 5, 21),
            message:
              'Unknown category "speed". Expected one of: reliability, security, performance, velocity, customer, revenue.',
          },
        ],
      },
      {
        name: 'title given as a mapping',
        text: yaml('items:', '  - id: RM-1', '    title: {a: b}', '    value: {metric: m}'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(2, 11, 2, 17),
            message: '"title" must be text, not a mapping.',
          },
        ],
      },
      {
        name: 'missing title: reported at the id',
        text: yaml('items:', '  - id: RM-1', '    value: {metric: m}'),
        problems: [
          { code: 'schema', severity: 'error', range: range(1, 8, 1, 12), message: 'Item RM-1 has no "title".' },
        ],
      },
      {
        name: 'empty title: reported at its key',
        text: yaml('items:', '  - id: RM-1', '    title:', '    value: {metric: m}'),
        problems: [
          { code: 'schema', severity: 'error', range: range(2, 4, 2, 9), message: 'Item RM-1 has no "title".' },
        ],
      },
      {
        name: 'missing id: reported on the item mapping',
        text: yaml('items:', '  - title: A', '    value: {metric: m}'),
        problems: [{ code: 'schema', severity: 'error', range: range(1, 4, 2, 22), message: 'Item has no "id".' }],
      },
      {
        name: 'blank id',
        text: yaml('items:', '  - id: "  "', '    title: A'),
        problems: [
          { code: 'schema', severity: 'error', range: range(1, 8, 1, 12), message: '"id" must not be empty.' },
        ],
      },
      {
        name: 'a number with a unit is not a number',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    value: {metric: m, baseline: 850, target: 300 ms}'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(3, 46, 3, 52),
            message: '"target" must be a number, not "300 ms".',
          },
        ],
      },
      {
        name: 'an infinite number',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    value: {metric: m, current: .inf}'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(3, 32, 3, 36),
            message: '"current" must be a finite number, not .inf.',
          },
        ],
      },
      {
        name: 'value metric without metric: reported on its mapping',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    value:', '      unit: ms', '      target: 3'),
        problems: [
          { code: 'schema', severity: 'error', range: range(4, 6, 5, 15), message: 'Value metric has no "metric".' },
        ],
      },
      {
        name: 'value given as text',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    value: faster checkout'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(3, 11, 3, 26),
            message:
              '"value" must be a value metric (a mapping with "metric", "category", "unit", "baseline", "target", "current") or a list of them, not text "faster checkout".',
          },
        ],
      },
      {
        name: 'a value list entry that is not a mapping',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    value:', '      - metric: m', '      - 42'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(5, 8, 5, 10),
            message:
              'Each value metric must be a mapping with "metric", "category", "unit", "baseline", "target", "current", not "42".',
          },
        ],
      },
      {
        name: 'dependsOn given as a mapping',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    value: {metric: m}', '    dependsOn: {RM-2: yes}'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(4, 15, 4, 26),
            message: '"dependsOn" must be a list, not a mapping.',
          },
        ],
      },
      {
        name: 'a dependsOn entry that is a mapping, and an empty one',
        text: yaml(
          'items:',
          '  - id: RM-1',
          '    title: A',
          '    value: {metric: m}',
          '    dependsOn:',
          '      - RM-2',
          '      - {x: 1}',
          '      -',
          '      - RM-3',
        ),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(6, 8, 6, 14),
            message: 'Each "dependsOn" entry must be text, not a mapping.',
          },
          {
            code: 'schema',
            severity: 'error',
            range: range(7, 7, 7, 7),
            message: 'Each "dependsOn" entry must be text, not empty.',
          },
        ],
      },
      {
        name: 'an empty item entry',
        text: yaml('items:', '  -', '  - {id: RM-2, title: B, value: {metric: m}}'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(1, 3, 1, 3),
            message: `${ITEM_MAPPING_MESSAGE}, not empty.`,
          },
        ],
      },
      {
        name: 'root is text',
        text: yaml('just some words'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(0, 0, 0, 15),
            message:
              'A roadmap file must be a mapping with "items" (and optionally "version", "northStar", "objectives"), not text "just some words".',
          },
        ],
      },
      {
        name: 'items given as a mapping',
        text: yaml('items:', '  RM-1: {title: A}'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(1, 2, 1, 18),
            message: '"items" must be a list, not a mapping.',
          },
        ],
      },
      {
        name: 'objectives given as text',
        text: yaml('objectives: OBJ-1'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(0, 12, 0, 17),
            message: '"objectives" must be a list, not text "OBJ-1".',
          },
        ],
      },
      {
        name: 'an item that is text',
        text: yaml('items:', '  - RM-1'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(1, 4, 1, 8),
            message: `${ITEM_MAPPING_MESSAGE}, not text "RM-1".`,
          },
        ],
      },
      {
        name: 'northStar given as text',
        text: yaml('northStar: be great'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(0, 11, 0, 19),
            message: '"northStar" must be a mapping with "statement" and "metrics", not text "be great".',
          },
        ],
      },
      {
        name: 'north-star metric without a name, and one without an id',
        text: yaml('northStar:', '  metrics:', '    - id: nps', '    - name: Churn'),
        problems: [
          {
            code: 'schema',
            severity: 'error',
            range: range(2, 10, 2, 13),
            message: 'North-star metric nps has no "name".',
          },
          { code: 'schema', severity: 'error', range: range(3, 6, 3, 17), message: 'North-star metric has no "id".' },
        ],
      },
      {
        name: 'objective without a title',
        text: yaml('objectives:', '  - id: OBJ-1'),
        problems: [
          { code: 'schema', severity: 'error', range: range(1, 8, 1, 13), message: 'Objective OBJ-1 has no "title".' },
        ],
      },
      {
        name: 'unsupported version: a warning on the value',
        text: yaml('version: 3', 'items: []'),
        problems: [
          {
            code: 'schema',
            severity: 'warning',
            range: range(0, 9, 0, 10),
            message:
              'Unsupported roadmap format version 3: Roadmap Links reads versions 1 and 2, and reads this file as version 2.',
          },
        ],
      },
      { name: 'version 1 as text is fine', text: yaml('version: "1"', 'items: []'), problems: [] },
      { name: 'version 2 is fine', text: yaml('version: 2', 'items: []'), problems: [] },
      {
        name: 'item ID not matching the default pattern',
        text: yaml('items:', '  - id: rm-1', '    title: A', '    value: {metric: m}'),
        problems: [
          {
            code: 'invalid-id',
            severity: 'error',
            range: range(1, 8, 1, 12),
            message: 'Item ID "rm-1" does not match the ID pattern [A-Z][A-Z0-9]*-[0-9]+.',
          },
        ],
      },
      {
        name: 'the pattern must match the whole ID',
        text: yaml('items:', '  - id: XRM-12b', '    title: A', '    value: {metric: m}'),
        problems: [
          {
            code: 'invalid-id',
            severity: 'error',
            range: range(1, 8, 1, 15),
            message: 'Item ID "XRM-12b" does not match the ID pattern RM-[0-9]+.',
          },
        ],
        options: { idPattern: 'RM-[0-9]+' },
      },
      {
        name: 'a custom ID pattern',
        text: yaml('items:', '  - id: "#12"', '    title: A', '    value: {metric: m}'),
        problems: [],
        options: { idPattern: '#[0-9]+' },
      },
      {
        name: 'an invalid ID pattern setting falls back to the default',
        text: yaml(
          'items:',
          '  - id: RM-1',
          '    title: A',
          '    value: {metric: m}',
          '  - id: x',
          '    title: B',
          '    value: {metric: m}',
        ),
        problems: [
          {
            code: 'invalid-id',
            severity: 'error',
            range: range(4, 8, 4, 9),
            message: 'Item ID "x" does not match the ID pattern [A-Z][A-Z0-9]*-[0-9]+.',
          },
        ],
        options: { idPattern: '([' },
      },
      {
        name: 'missing value on a planned item: a warning at its id',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    status: planned'),
        problems: [
          {
            code: 'missing-value',
            severity: 'warning',
            range: range(1, 8, 1, 12),
            message:
              'Item RM-1 has no "value": every roadmap item must show clear, measurable value (a value metric with a baseline and a target).',
          },
        ],
      },
      {
        name: 'missing value without a status, and an empty value list',
        text: yaml('items:', '  - id: RM-1', '    title: A', '  - id: RM-2', '    title: B', '    value: []'),
        problems: [
          {
            code: 'missing-value',
            severity: 'warning',
            range: range(1, 8, 1, 12),
            message:
              'Item RM-1 has no "value": every roadmap item must show clear, measurable value (a value metric with a baseline and a target).',
          },
          {
            code: 'missing-value',
            severity: 'warning',
            range: range(3, 8, 3, 12),
            message:
              'Item RM-2 has no "value": every roadmap item must show clear, measurable value (a value metric with a baseline and a target).',
          },
        ],
      },
      {
        name: 'missing value on a proposed item: a hint',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    status: proposed'),
        problems: [
          {
            code: 'missing-value',
            severity: 'hint',
            range: range(1, 8, 1, 12),
            message:
              'Proposed item RM-1 has no "value" yet: give it a value metric (baseline and target) before it is planned.',
          },
        ],
      },
      {
        name: 'a done item whose value metric is half-way to its target: a warning at its "status: done"',
        text: yaml(
          'items:',
          '  - id: RM-1',
          '    title: A',
          '    status:   done   # shipped',
          '    value: {metric: hit rate, unit: "%", baseline: 40, current: 65, target: 90}',
          '  - id: RM-2',
          '    title: B',
          '    status: done',
          '    value:',
          '      - {metric: p99, unit: ms, baseline: 850, current: 300, target: 300}',
          '      - {metric: errors, baseline: 10, current: 9, target: 0}',
          '      - {metric: cost, baseline: 10, current: 12, target: 20}',
          '      - {metric: uptime, baseline: 99, target: 99.9}',
          '  - id: RM-3',
          '    title: C',
          '    status: in-progress',
          '    value: {metric: hit rate, baseline: 40, current: 65, target: 90}',
          '  - id: RM-4',
          '    title: D',
          '    status: done',
          '    value: {metric: p99, unit: ms, baseline: 850, current: 250, target: 300}',
        ),
        problems: [
          {
            code: 'done-short-of-target',
            severity: 'warning',
            range: range(3, 4, 3, 18),
            message:
              'Item RM-1 is done, but its value metric is short of its target: hit rate: 40 % → 65 % → 90 %, 50% of the way. Update "current" if it moved, or keep the item open until it gets there.',
          },
          {
            code: 'done-short-of-target',
            severity: 'warning',
            range: range(7, 4, 7, 16),
            message:
              'Item RM-2 is done, but 2 of its value metrics are short of their targets: errors: 10 → 9 → 0, 10% of the way; cost: 10 → 12 → 20, 20% of the way. Update "current" if they moved, or keep the item open until it gets there.',
          },
        ],
      },
      {
        name: 'missing value on a dropped item: nothing',
        text: yaml('items:', '  - id: RM-1', '    title: A', '    status: dropped'),
        problems: [],
      },
      {
        name: 'extra keys are allowed',
        text: yaml(
          'team: payments',
          'items:',
          '  - id: RM-1',
          '    title: A',
          '    value: {metric: m, note: n}',
          '    estimate: 3d',
          '    source: src/a.ts:12',
        ),
        problems: [],
      },
      { name: 'empty file', text: '', problems: [] },
      { name: 'only comments', text: yaml('# roadmap', '   # nothing yet'), problems: [] },
      { name: 'keys with no values', text: yaml('version:', 'northStar:', 'objectives:', 'items:'), problems: [] },
    ];

    for (const { name, text, problems, options } of cases) {
      it(name, () => assert.deepEqual(fileProblems(text, options), problems));
    }
  });

  describe('reading values', () => {
    it('accepts a quoted number and coerces scalars where text is expected', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml(
          'items:',
          '  - id: RM-1',
          '    title: 2024',
          '    scope: 2',
          '    value: {metric: uptime, unit: "%", baseline: "99.5", target: 99.9, current: "-1e1"}',
        ),
      );
      assert.deepEqual(model.problems, []);
      assert.equal(model.items[0].title, '2024');
      assert.equal(model.items[0].scope, '2');
      assert.deepEqual(
        model.items[0].values.map(({ baseline, target, current }) => [baseline, target, current]),
        [[99.5, 99.9, -10]],
      );
    });

    it('reads value as a list of metrics, each with its range', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml(
          'items:',
          '  - id: RM-1',
          '    title: A',
          '    value:',
          '      - metric: p99',
          '        target: 300',
          '      - {metric: errors, category: reliability}',
        ),
      );
      assert.deepEqual(model.problems, []);
      assert.deepEqual(model.items[0].values, [
        { metric: 'p99', target: 300, range: range(4, 8, 5, 19) },
        { metric: 'errors', category: 'reliability', range: range(6, 8, 6, 47) },
      ]);
    });

    it('accepts a single text, a flow list or a block list for list fields', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml(
          'objectives:',
          '  - {id: OBJ-1, title: T, metrics: nps}',
          'items:',
          '  - id: RM-1',
          '    title: A',
          '    value: {metric: m}',
          '    dependsOn: RM-2',
          '    paths: "src/**"',
          '    links:',
          '      - https://a.example',
          '      - https://b.example',
          '  - {id: RM-2, title: B, value: {metric: m}, dependsOn: [], paths: [a/**, b/**]}',
        ),
      );
      assert.deepEqual(model.problems, []);
      assert.deepEqual(model.objectives[0].metrics, ['nps']);
      assert.deepEqual(
        model.items.map(({ dependsOn, paths, links }) => ({ dependsOn, paths, links })),
        [
          { dependsOn: ['RM-2'], paths: ['src/**'], links: ['https://a.example', 'https://b.example'] },
          { dependsOn: [], paths: ['a/**', 'b/**'], links: [] },
        ],
      );
      assert.deepEqual(
        model.references.map(({ kind, targetId, range: r, from }) => ({ kind, targetId, range: r, from })),
        [
          { kind: 'metric', targetId: 'nps', range: range(1, 35, 1, 38), from: 'OBJ-1' },
          { kind: 'dependsOn', targetId: 'RM-2', range: range(6, 15, 6, 19), from: 'RM-1' },
        ],
      );
    });

    it('keeps the valid entries of a list with a bad entry, with the right ranges', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml('items:', '  - id: RM-1', '    title: A', '    value: {metric: m}', '    dependsOn: [RM-2, [x], "RM-3"]'),
      );
      assert.deepEqual(model.items[0].dependsOn, ['RM-2', 'RM-3']);
      assert.deepEqual(
        model.references.map((reference) => [reference.targetId, reference.range]),
        [
          ['RM-2', range(4, 16, 4, 20)],
          ['RM-3', range(4, 27, 4, 33)],
        ],
      );
    });

    it('keeps the source and other optional fields, and leaves absent ones out', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml('items:', '  - id: RM-1', '    title: A', '    status: proposed', '    source: src/a.ts:12'),
      );
      const { file, range: r, idRange, ...item } = model.items[0];
      assert.deepEqual(item, {
        id: 'RM-1',
        title: 'A',
        status: 'proposed',
        values: [],
        dependsOn: [],
        paths: [],
        links: [],
        tickets: [],
        source: 'src/a.ts:12',
      });
      assert.equal(file, FILE);
      assert.deepEqual([r, idRange], [range(1, 4, 4, 23), range(1, 8, 1, 12)]);
    });

    it('follows aliases to anchored nodes', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml(
          'shared: &latency {metric: p99, unit: ms, target: 300}',
          'items:',
          '  - id: RM-1',
          '    title: A',
          '    value: *latency',
          '  - id: RM-2',
          '    title: B',
          '    value: [*latency]',
        ),
      );
      assert.deepEqual(model.problems, []);
      assert.deepEqual(
        model.items.map((item) => item.values.map(({ metric, target, range: r }) => ({ metric, target, range: r }))),
        [
          [{ metric: 'p99', target: 300, range: range(4, 11, 4, 19) }],
          [{ metric: 'p99', target: 300, range: range(7, 12, 7, 20) }],
        ],
      );
    });

    it('columns count UTF-16 code units', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml('items:', '  - {id: RM-1, title: "🚀 é", value: {metric: m}, dependsOn: [RM-2]}'),
      );
      assert.deepEqual(model.problems, []);
      assert.equal(model.items[0].title, '🚀 é');
      // '  - {id: RM-1, title: "🚀 é", value: {metric: m}, dependsOn: [' is 62 code units: 🚀 counts two.
      assert.deepEqual(model.references[0].range, range(1, 62, 1, 66));
    });

    it('gives the same ranges in a CRLF file, none ending inside a line break', () => {
      const lines = [
        'items:',
        '  - id: RM-1',
        '    title: A',
        '    status: doing',
        '    objective: OBJ-1',
        '    value:',
        '      metric: m',
        '      target: x',
      ];
      const lf = parseRoadmapFile(FILE, yaml(...lines));
      const crlf = parseRoadmapFile(FILE, `${lines.join('\r\n')}\r\n`);
      assert.deepEqual(crlf.problems, lf.problems);
      assert.deepEqual(crlf.items, lf.items);
      assert.deepEqual(crlf.references, lf.references);
      assert.deepEqual(crlf.items[0].range, range(1, 4, 7, 15));
      assert.deepEqual(crlf.items[0].values[0].range, range(6, 6, 7, 15));
      assert.deepEqual(simplify(crlf.problems), [
        {
          code: 'schema',
          severity: 'error',
          range: range(3, 12, 3, 17),
          message: 'Unknown status "doing". Expected one of: proposed, planned, in-progress, done, dropped.',
        },
        {
          code: 'schema',
          severity: 'error',
          range: range(7, 14, 7, 15),
          message: '"target" must be a number, not "x".',
        },
      ]);
    });
  });

  describe('YAML syntax', () => {
    it('reports a syntax error at its position and marks the file', () => {
      const model = parseRoadmapFile(FILE, yaml('items:', '  - id: RM-1', '    title: "unclosed', '  - id: RM-2'));
      assert.equal(model.syntaxOk, false);
      assert.deepEqual(simplify(model.problems.filter((problem) => problem.code === 'yaml-syntax')), [
        { code: 'yaml-syntax', severity: 'error', range: range(4, 0, 4, 0), message: 'Missing closing "quote' },
      ]);
    });

    it('holds back the problems a syntax error causes in its entry, and keeps those of other entries', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml(
          'items:',
          '  - id: RM-1',
          '    title: A',
          '    status: doing',
          '    value: {metric: m}',
          '  - id: RM-2',
          '    title: [B', // the typo: YAML reads the lines below as part of the list it opens
          '    kind: investment',
          '    status: planned',
          '    value: {metric: m}',
          '  - id: RM-3',
          '    title: C',
          '    kind: bogus',
          '    value: {metric: m}',
        ),
      );
      // Before, RM-2 also had "title" must be text, "kind" must be one of … not a mapping, and no "value".
      assert.deepEqual(
        model.problems.map((problem) => [problem.code, problem.range.start.line, problem.message]),
        [
          ['schema', 3, 'Unknown status "doing". Expected one of: proposed, planned, in-progress, done, dropped.'],
          // The first syntax error alone: the four `yaml` gave after it, on the lines it misread, are counted.
          [
            'yaml-syntax',
            7,
            'Flow sequence in block collection must be sufficiently indented and end with a ] (4 more syntax errors after it may all come from this one: fix it first)',
          ],
          ['schema', 12, 'Unknown kind "bogus". Expected one of: feature, investment, debt.'],
        ],
      );
      // An unclosed quote runs to the end of the file: nothing after it is judged, what came before is.
      const quoted = parseRoadmapFile(
        FILE,
        yaml('northStar: [1]', 'items:', '  - id: RM-1', '    title: "unclosed', '  - id: RM-2'),
      );
      assert.deepEqual(
        quoted.problems.map((problem) => [problem.code, problem.range.start.line, problem.message]),
        [
          ['schema', 0, '"northStar" must be a mapping with "statement" and "metrics", not a list.'],
          ['yaml-syntax', 5, 'Missing closing "quote'],
        ],
      );
    });

    it('never places a syntax error between the two characters of a CRLF', () => {
      // `yaml` puts the first error at offsets 10-11: the "\r" and the "\n" of the second line's break.
      const model = parseRoadmapFile(FILE, 'id: RM-1\r\n\r\n- ');
      assert.deepEqual(simplify(model.problems), [
        {
          code: 'yaml-syntax',
          severity: 'error',
          range: range(1, 0, 1, 0),
          message:
            'A block sequence may not be used as an implicit map key (2 more syntax errors after it may all come from this one: fix it first)',
        },
      ]);
    });

    it('reports a duplicate key as a syntax error at the second key', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml('items:', '  - id: RM-1', '    title: A', '    title: B', '    value: {metric: m}'),
      );
      assert.equal(model.syntaxOk, false);
      assert.deepEqual(simplify(model.problems), [
        { code: 'yaml-syntax', severity: 'error', range: range(3, 4, 3, 5), message: 'Map keys must be unique' },
      ]);
      assert.equal(model.items[0].title, 'A');
    });

    it('reports a second document', () => {
      const model = parseRoadmapFile(FILE, yaml('items: []', '---', 'items: []'));
      assert.equal(model.syntaxOk, false);
      assert.deepEqual(simplify(model.problems), [
        {
          code: 'yaml-syntax',
          severity: 'error',
          range: range(1, 0, 2, 9),
          message: 'A roadmap file holds one YAML document; only the first one is read.',
        },
      ]);
    });

    it('reports a YAML warning as a warning, leaving the syntax ok', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml('items: !custom', '  - id: RM-1', '    title: A', '    value: {metric: m}'),
      );
      assert.equal(model.syntaxOk, true);
      assert.deepEqual(simplify(model.problems), [
        { code: 'yaml-syntax', severity: 'warning', range: range(0, 7, 0, 14), message: 'Unresolved tag: !custom' },
      ]);
      assert.equal(model.items.length, 1);
    });

    it('reports an alias to no anchor, where it is written', () => {
      const model = parseRoadmapFile(FILE, yaml('items:', '  - {id: RM-1, title: A, value: *missing}'));
      assert.equal(model.syntaxOk, false);
      // Its item's missing value is the alias's doing: held back like any problem a syntax error causes.
      assert.deepEqual(simplify(model.problems), [
        {
          code: 'yaml-syntax',
          severity: 'error',
          range: range(1, 32, 1, 40),
          message: 'Unknown alias *missing: no anchor &missing comes before it.',
        },
      ]);
    });

    it('refuses absurdly deep nesting with one problem instead of crashing', () => {
      const model = parseRoadmapFile(FILE, `items: ${'['.repeat(50_000)}`);
      assert.equal(model.syntaxOk, false);
      assert.deepEqual(simplify(model.problems), [
        {
          code: 'yaml-syntax',
          severity: 'error',
          range: range(0, 106, 0, 107),
          message: 'YAML nested more than 100 levels deep; a roadmap file needs a few. The file is not read.',
        },
      ]);
    });
  });

  describe('recovery', () => {
    it('keeps the items before and after a syntax error mid-file', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml(
          'items:',
          '  - id: RM-1',
          '    title: A',
          '    value: {metric: m}',
          '  - id: RM-2',
          '    title: : broken: x',
          '  - id: RM-3',
          '    title: C',
          '    value: {metric: m}',
        ),
      );
      assert.equal(model.syntaxOk, false);
      assert.deepEqual(
        model.items.map((item) => item.id),
        ['RM-1', 'RM-2', 'RM-3'],
      );
      assert.ok(model.problems.some((problem) => problem.code === 'yaml-syntax' && problem.range.start.line === 5));
      assert.equal(model.items[2].title, 'C');
    });

    it('keeps the items after a badly indented line', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml(
          'items:',
          '  - id: RM-1',
          '    title: A',
          '   oops: x',
          '  - id: RM-3',
          '    title: C',
          '    value: {metric: m}',
        ),
      );
      assert.equal(model.syntaxOk, false);
      assert.deepEqual(
        model.items.map((item) => item.id),
        ['RM-1', 'RM-3'],
      );
    });

    it('reads a list root as items, reporting the root', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml('- id: RM-1', '  title: A', '  value: {metric: m}', '- id: RM-2', '  title: B', '  value: {metric: m}'),
      );
      assert.deepEqual(
        model.items.map((item) => item.id),
        ['RM-1', 'RM-2'],
      );
      assert.deepEqual(simplify(model.problems), [
        {
          code: 'schema',
          severity: 'error',
          range: range(0, 0, 5, 20),
          message:
            'A roadmap file must be a mapping with "items" (and optionally "version", "northStar", "objectives"), not a list. Its entries are read as items.',
        },
      ]);
    });

    it('keeps an item with a bad status, so what links it is not unknown', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml(
          'items:',
          '  - id: RM-1',
          '    title: A',
          '    status: doing',
          '    owner: [x]',
          '    value: {metric: m}',
          '  - id: RM-2',
          '    title: B',
          '    value: {metric: m}',
          '    dependsOn: [RM-1]',
        ),
      );
      const item = model.items[0];
      assert.equal(item.id, 'RM-1');
      assert.equal(item.status, undefined);
      assert.equal(item.owner, undefined);
      assert.deepEqual(item.values, [{ metric: 'm', range: range(5, 11, 5, 22) }]);
      assert.deepEqual(
        simplify(model.problems).map((problem) => problem.message),
        [
          'Unknown status "doing". Expected one of: proposed, planned, in-progress, done, dropped.',
          '"owner" must be text, not a list.',
        ],
      );
      assert.deepEqual(crossFileProblems([model]), []);
    });

    it('a broken file does not hide the items of another file', () => {
      const broken = parseRoadmapFile(path.join(ROOT, 'a.roadmap.yaml'), '\u0000\u0001{[: : -\n');
      const good = parseRoadmapFile(
        path.join(ROOT, 'b.roadmap.yaml'),
        yaml('items:', '  - {id: RM-1, title: A, value: {metric: m}}'),
      );
      const roadmap = buildRoadmap([broken, good]);
      assert.ok(broken.problems.length > 0);
      assert.deepEqual([...roadmap.items.keys()], ['RM-1']);
    });
  });

  describe('version 2: trackers, tickets, due dates, the mix', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'roadmap', 'contract-v2.roadmap.yaml'), 'utf8');
    const model = parseRoadmapFile(FILE, text);

    it('reads the contract example: trackers, tickets, due, mix', () => {
      assert.deepEqual(model.trackers, [
        {
          prefix: 'KAFKA',
          name: 'Apache Jira',
          url: 'https://issues.apache.org/jira/browse/{key}',
          file: FILE,
          range: range(16, 4, 18, 52),
          prefixRange: range(16, 12, 16, 17),
        },
        {
          prefix: 'GH',
          url: 'https://github.com/apache/arrow/issues/{number}',
          file: FILE,
          range: range(19, 4, 20, 56),
          prefixRange: range(19, 12, 19, 14),
        },
        {
          prefix: '#',
          url: 'https://github.com/acme/shop/issues/{number}',
          file: FILE,
          range: range(21, 4, 22, 53),
          prefixRange: range(21, 12, 21, 15),
        },
      ]);
      assert.deepEqual(model.northStar?.mix, { feature: 60, investment: 30, debt: 10 });
      const [item] = model.items;
      assert.deepEqual([item.tickets, item.due], [['KAFKA-12887', 'GH-48593'], '2027-03-31']);
      assert.deepEqual(
        model.references.filter((reference) => reference.kind === 'ticket'),
        [
          { kind: 'ticket', targetId: 'KAFKA-12887', file: FILE, range: range(46, 14, 46, 25), from: 'RM-12' },
          { kind: 'ticket', targetId: 'GH-48593', file: FILE, range: range(46, 27, 46, 35), from: 'RM-12' },
        ],
      );
      const roadmap = buildRoadmap([model]);
      assert.deepEqual([...roadmap.trackers.keys()], ['KAFKA', 'GH', '#']);
      assert.deepEqual(
        [...roadmap.tickets].map(([ticket, owner]) => [ticket, owner.id]),
        [
          ['KAFKA-12887', 'RM-12'],
          ['GH-48593', 'RM-12'],
        ],
      );
      assert.deepEqual(model.problems, []);
      assert.deepEqual(
        crossFileProblems([model]).map((problem) => problem.code),
        ['unknown-dependency'],
      );
    });

    it('reports each v2 rule at its exact range', () => {
      const models = [
        parseRoadmapFile(
          FILE,
          yaml(
            'version: 2',
            'northStar:',
            '  mix: {feature: 60, investment: 30, debt: 5}',
            'trackers:',
            '  - prefix: KAFKA',
            '  - prefix: RM',
            '  - prefix: GH-',
            '  - prefix: KAFKA',
            'items:',
            '  - id: RM-1',
            '    title: A',
            '    status: proposed',
            '    due: 2027-02-30',
            '    tickets: [KAFKA-1, KIP-441, later]',
            '  - id: RM-2',
            '    title: B',
            '    status: proposed',
            '    due: next sprint',
            '    tickets:',
            '      - KAFKA-1',
          ),
        ),
      ];
      const missingValue = (line: number, id: string): Expected => ({
        code: 'missing-value',
        severity: 'hint',
        range: range(line, 8, line, 12),
        message: `Proposed item ${id} has no "value" yet: give it a value metric (baseline and target) before it is planned.`,
      });
      assert.deepEqual(simplify(models[0].problems), [
        {
          code: 'invalid-mix',
          severity: 'error',
          range: range(2, 2, 2, 5),
          message: '"mix" shares add up to 95%, not 100%.',
        },
        {
          code: 'schema',
          severity: 'error',
          range: range(6, 12, 6, 15),
          message:
            'Tracker prefix "GH-" must be letters and digits, the part of a key before "-123" (e.g. "KAFKA" for KAFKA-123), or "#" for #123.',
        },
        missingValue(9, 'RM-1'),
        {
          code: 'schema',
          severity: 'error',
          range: range(12, 9, 12, 19),
          message: '"due" must be a date written YYYY-MM-DD (ISO 8601), not "2027-02-30".',
        },
        {
          code: 'schema',
          severity: 'error',
          range: range(13, 32, 13, 37),
          message:
            'Ticket "later" is not a tracker key: write PREFIX-123 (e.g. KAFKA-123), or "#123" (quoted) for a "#" tracker.',
        },
        missingValue(14, 'RM-2'),
        {
          code: 'schema',
          severity: 'error',
          range: range(17, 9, 17, 20),
          message: '"due" must be a date written YYYY-MM-DD (ISO 8601), not "next sprint".',
        },
      ]);
      assert.deepEqual(crossFileProblems(models), [
        {
          code: 'tracker-prefix',
          severity: 'error',
          range: range(5, 12, 5, 14),
          message:
            'Tracker prefix "RM" is also the prefix of roadmap items (RM-1, RM-2): a key RM-123 is a ticket of this tracker, never an item. Give the items or the tracker another prefix.',
        },
        {
          code: 'tracker-prefix',
          severity: 'error',
          range: range(7, 12, 7, 17),
          message: 'Tracker prefix "KAFKA" is already declared at roadmap.yaml:5; each prefix names one tracker.',
        },
        {
          code: 'duplicate-ticket',
          severity: 'error',
          range: range(13, 14, 13, 21),
          message: 'Ticket KAFKA-1 is also listed by RM-2 (roadmap.yaml:20): a ticket belongs to one item.',
        },
        {
          code: 'duplicate-ticket',
          severity: 'error',
          range: range(19, 8, 19, 15),
          message: 'Ticket KAFKA-1 is also listed by RM-1 (roadmap.yaml:14): a ticket belongs to one item.',
        },
        {
          code: 'unknown-tracker',
          severity: 'warning',
          range: range(13, 23, 13, 30),
          message:
            'No tracker has the prefix "KIP": declare it under "trackers" (prefix: KIP), or code naming KIP-441 is plain text and never links to this item.',
        },
      ]);
      const roadmap = buildRoadmap(models);
      assert.equal(roadmap.northStar?.mix, undefined, 'a mix that does not add up is not used');
      assert.deepEqual(roadmap.items.get('RM-1')?.due, undefined);
      assert.equal(roadmap.tickets.get('KAFKA-1')?.id, 'RM-1', 'the first listing owns a doubly listed ticket');
    });

    it('checks each mix share: a kind, a number from 0 to 100', () => {
      assert.deepEqual(
        fileProblems(
          yaml('northStar:', '  mix:', '    feature: 120', '    bugs: 10', '    debt: lots', '    investment: -30'),
        ),
        [
          {
            code: 'invalid-mix',
            severity: 'error',
            range: range(2, 13, 2, 16),
            message: '"mix" share of feature must be a number from 0 to 100 (percent), not "120".',
          },
          {
            code: 'invalid-mix',
            severity: 'error',
            range: range(3, 4, 3, 8),
            message: 'Unknown kind "bugs" in "mix". Expected one of: feature, investment, debt.',
          },
          {
            code: 'invalid-mix',
            severity: 'error',
            range: range(4, 10, 4, 14),
            message: '"mix" share of debt must be a number from 0 to 100 (percent), not "lots".',
          },
          {
            code: 'invalid-mix',
            severity: 'error',
            range: range(5, 16, 5, 19),
            message: '"mix" share of investment must be a number from 0 to 100 (percent), not "-30".',
          },
        ],
      );
      assert.deepEqual(fileProblems(yaml('northStar:', '  mix: [60, 40]')), [
        {
          code: 'schema',
          severity: 'error',
          range: range(1, 7, 1, 15),
          message: '"mix" must be a mapping of item kind to percent (feature: …, investment: …, debt: …), not a list.',
        },
      ]);
      const thirds = parseRoadmapFile(FILE, yaml('northStar:', '  mix: {feature: 33.3, investment: 33.3, debt: 33.4}'));
      assert.deepEqual([thirds.problems, thirds.northStar?.mix], [[], { feature: 33.3, investment: 33.3, debt: 33.4 }]);
    });

    it('a version 1 file without the new sections reads as before', () => {
      const model = parseRoadmapFile(FILE, yaml('version: 1', 'items:', '  - {id: RM-1, title: A, status: proposed}'));
      assert.deepEqual([model.trackers, model.items[0].tickets, model.items[0].due], [[], [], undefined]);
      const roadmap = buildRoadmap([model]);
      assert.deepEqual([roadmap.trackers.size, roadmap.tickets.size], [0, 0]);
    });
  });

  describe('across files', () => {
    const a = path.join(ROOT, 'roadmap.yaml');
    const b = path.join(ROOT, 'teams', 'payments.roadmap.yaml');
    const modelA = parseRoadmapFile(
      a,
      yaml(
        'northStar:',
        '  metrics:',
        '    - {id: nps, name: NPS}',
        'objectives:',
        '  - {id: OBJ-1, title: Trust, metrics: [nps]}',
        'items:',
        '  - id: RM-1',
        '    title: A',
        '    objective: OBJ-2',
        '    value: {metric: m}',
        '  - id: RM-2',
        '    title: B',
        '    value: {metric: m}',
      ),
    );
    const modelB = parseRoadmapFile(
      b,
      yaml(
        'objectives:',
        '  - {id: OBJ-2, title: Speed, metrics: [nps, csat]}',
        'items:',
        '  - id: RM-3',
        '    title: C',
        '    objective: OBJ-1',
        '    value: {metric: m}',
        '    dependsOn: [RM-1, RM-9, OBJ-1]',
        '  - id: RM-2',
        '    title: Again',
        '    value: {metric: m}',
        '  - id: OBJ-1',
        '    title: Clash',
        '    value: {metric: m}',
      ),
    );

    it('merges items, objectives and metrics, first definition winning', () => {
      const roadmap = buildRoadmap([modelA, modelB]);
      assert.deepEqual([...roadmap.items.keys()], ['RM-1', 'RM-2', 'RM-3', 'OBJ-1']);
      assert.equal(roadmap.items.get('RM-2')?.file, a);
      assert.deepEqual([...roadmap.objectives.keys()], ['OBJ-1', 'OBJ-2']);
      assert.deepEqual([...roadmap.northStarMetrics.keys()], ['nps']);
      assert.equal(roadmap.northStar?.file, a);
      assert.equal(roadmap.files.length, 2);
    });

    it('reports duplicates at each occurrence and the rest of the cross-file problems', () => {
      assert.deepEqual(modelB.problems, []);
      assert.deepEqual(crossFileProblems([modelA, modelB]), [
        {
          code: 'duplicate-id',
          severity: 'error',
          range: range(10, 8, 10, 12),
          message: `Duplicate ID "RM-2": also defined as an item at ${path.join('teams', 'payments.roadmap.yaml')}:9. IDs must be unique across all roadmap files.`,
        },
        {
          code: 'duplicate-id',
          severity: 'error',
          range: range(8, 8, 8, 12),
          message: `Duplicate ID "RM-2": also defined as an item at ${path.join('..', 'roadmap.yaml')}:11. IDs must be unique across all roadmap files.`,
        },
        {
          code: 'duplicate-id',
          severity: 'error',
          range: range(4, 9, 4, 14),
          message: `Duplicate ID "OBJ-1": also defined as an item at ${path.join('teams', 'payments.roadmap.yaml')}:12. IDs must be unique across all roadmap files.`,
        },
        {
          code: 'duplicate-id',
          severity: 'error',
          range: range(11, 8, 11, 13),
          message: `Duplicate ID "OBJ-1": also defined as an objective at ${path.join('..', 'roadmap.yaml')}:5. IDs must be unique across all roadmap files.`,
        },
        {
          code: 'unknown-metric',
          severity: 'error',
          range: range(1, 45, 1, 49),
          message: 'Unknown north-star metric "csat": "metrics" names metrics listed under northStar.metrics.',
        },
        {
          code: 'unknown-dependency',
          severity: 'error',
          range: range(7, 22, 7, 26),
          message: 'Unknown dependency "RM-9": no roadmap item has this ID. Did you mean RM-1, RM-2?',
        },
      ]);
    });

    it('resolves references across files in either order', () => {
      const problems = crossFileProblems([modelB, modelA]);
      assert.ok(!problems.some((problem) => problem.code === 'unknown-objective'));
      assert.deepEqual(
        problems.filter((problem) => problem.code === 'unknown-dependency').map((problem) => problem.message),
        ['Unknown dependency "RM-9": no roadmap item has this ID. Did you mean RM-1, RM-2?'],
      );
    });

    it('warns at a second north star that the first roadmap file with one, in path order, gives the statement and mix', () => {
      const team = path.join(ROOT, 'teams', 'web.roadmap.yaml');
      const root = path.join(ROOT, 'roadmap.yaml');
      const files = [
        parseRoadmapFile(team, yaml('items: []', 'northStar:', '  statement: Web first', '  mix: {feature: 100}')),
        parseRoadmapFile(root, yaml('northStar:', '  statement: One team, one roadmap', 'items: []')),
      ];
      // In either order found: the index builds the roadmap from its files in path order.
      for (const found of [files, [...files].reverse()]) {
        const roadmap = buildRoadmap([...found].sort((x, y) => comparePaths(x.file, y.file)));
        assert.equal(roadmap.northStar?.statement, 'One team, one roadmap');
        assert.deepEqual(
          roadmap.problems.map(({ file, range: r, severity, code, message }) => ({
            file,
            range: r,
            severity,
            code,
            message,
          })),
          [
            {
              file: team,
              range: range(1, 0, 1, 9),
              severity: 'warning',
              code: 'duplicate-north-star',
              message:
                "A second north star: the roadmap's statement and mix are those at ../roadmap.yaml:1 (the first roadmap file in path order with a north star), not this file's. Keep one north star, in one file.",
            },
          ],
        );
      }
      // One north star, however many files: no warning.
      assert.deepEqual(buildRoadmap([files[1], parseRoadmapFile(team, yaml('items: []'))]).problems, []);
    });

    it('names every other occurrence of an ID defined three times', () => {
      const one = parseRoadmapFile(
        path.join(ROOT, 'one.roadmap.yaml'),
        yaml('items:', '  - {id: RM-1, title: A, value: {metric: m}}', '  - {id: RM-1, title: B, value: {metric: m}}'),
      );
      const two = parseRoadmapFile(
        path.join(ROOT, 'two.roadmap.yaml'),
        yaml('northStar:', '  metrics: [{id: RM-1, name: x}]'),
      );
      assert.deepEqual(
        crossFileProblems([one, two]).map((problem) => [problem.range.start.line, problem.message]),
        [
          [
            1,
            'Duplicate ID "RM-1": also defined as an item at one.roadmap.yaml:3, as a north-star metric at two.roadmap.yaml:2. IDs must be unique across all roadmap files.',
          ],
          [
            2,
            'Duplicate ID "RM-1": also defined as an item at one.roadmap.yaml:2, as a north-star metric at two.roadmap.yaml:2. IDs must be unique across all roadmap files.',
          ],
          [
            1,
            'Duplicate ID "RM-1": also defined as an item at one.roadmap.yaml:2, as an item at one.roadmap.yaml:3. IDs must be unique across all roadmap files.',
          ],
        ],
      );
    });
  });

  describe('many problems of a kind', () => {
    it('names at most five other definitions of a duplicated ID', () => {
      const model = parseRoadmapFile(
        FILE,
        yaml('items:', ...Array.from({ length: 8 }, () => '  - {id: RM-1, title: A, value: {metric: m}}')),
      );
      const duplicates = crossFileProblems([model]).filter((problem) => problem.code === 'duplicate-id');
      assert.equal(duplicates.length, 8);
      assert.equal(
        duplicates[0].message,
        'Duplicate ID "RM-1": also defined as an item at roadmap.yaml:3, as an item at roadmap.yaml:4, as an item at roadmap.yaml:5, as an item at roadmap.yaml:6, as an item at roadmap.yaml:7, and 2 more. IDs must be unique across all roadmap files.',
      );
    });

    it('stops looking for suggestions once a broken roadmap has used up the budget', () => {
      const count = 20_000;
      const lines = ['items:'];
      for (let i = 0; i < count; i++)
        lines.push(`  - {id: RM-${i}, title: A, value: {metric: m}, dependsOn: [RM-${(i + 1) % count}X]}`);
      const roadmap = buildRoadmap([parseRoadmapFile(FILE, yaml(...lines))]);
      const unknown = roadmap.problems.filter((problem) => problem.code === 'unknown-dependency');
      assert.equal(unknown.length, count);
      assert.deepEqual(unknown[0].data, { id: 'RM-1X', suggestions: ['RM-1', 'RM-10', 'RM-11'] });
      // RM-0 is the closest ID to RM-0X: no suggestion means no comparison was made for it. Without the
      // budget this is 400 million comparisons, minutes, which mocha's timeout catches.
      assert.deepEqual(unknown[count - 1].data, { id: 'RM-0X', suggestions: [] });
    });
  });

  describe('unknown references', () => {
    const model = parseRoadmapFile(
      FILE,
      yaml(
        'northStar:',
        '  metrics: [{id: nps, name: NPS}]',
        'objectives:',
        '  - {id: OBJ-TRUST, title: Trust, metrics: [NPS, churn]}',
        'items:',
        '  - id: RM-12',
        '    title: A',
        '    objective: OBJ-TRUTS',
        '    value: {metric: m}',
        '    dependsOn: [rm-12, RM-13, OBJ-TRUST]',
        '  - id: RM-13',
        '    title: B',
        '    objective: RM-12',
        '    value: {metric: m}',
      ),
    );
    const roadmap = buildRoadmap([model]);
    const unknown = roadmap.problems.filter((problem) => problem.code.startsWith('unknown-'));

    it('reports each at the reference, with the closest IDs as suggestions', () => {
      assert.deepEqual(
        unknown.map(({ code, range: r, message, data }) => ({ code, range: r, message, data })),
        [
          {
            code: 'unknown-metric',
            range: range(3, 44, 3, 47),
            message:
              'Unknown north-star metric "NPS": "metrics" names metrics listed under northStar.metrics. Did you mean nps?',
            data: { id: 'NPS', suggestions: ['nps'] },
          },
          {
            code: 'unknown-metric',
            range: range(3, 49, 3, 54),
            message: 'Unknown north-star metric "churn": "metrics" names metrics listed under northStar.metrics.',
            data: { id: 'churn', suggestions: [] },
          },
          {
            code: 'unknown-objective',
            range: range(7, 15, 7, 24),
            message: 'Unknown objective "OBJ-TRUTS". Did you mean OBJ-TRUST?',
            data: { id: 'OBJ-TRUTS', suggestions: ['OBJ-TRUST'] },
          },
          {
            code: 'unknown-dependency',
            range: range(9, 16, 9, 21),
            // RM-12's own dependency: never itself.
            message: 'Unknown dependency "rm-12": no roadmap item has this ID. Did you mean RM-13?',
            data: { id: 'rm-12', suggestions: ['RM-13'] },
          },
          {
            code: 'unknown-dependency',
            range: range(9, 30, 9, 39),
            message:
              'Unknown dependency "OBJ-TRUST": no roadmap item has this ID. "OBJ-TRUST" is an objective; "dependsOn" names items.',
            data: { id: 'OBJ-TRUST', suggestions: [] },
          },
          {
            code: 'unknown-objective',
            range: range(12, 15, 12, 20),
            message: 'Unknown objective "RM-12". "RM-12" is an item; "objective" names an objective.',
            data: { id: 'RM-12', suggestions: [] },
          },
        ],
      );
      assert.ok(unknown.every((problem) => problem.severity === 'error'));
    });

    it('a dependency: the open items near it, finished ones only when no open one is near, said so', () => {
      const dependencies = buildRoadmap([
        parseRoadmapFile(
          FILE,
          yaml(
            'items:',
            '  - {id: RM-12, title: A, status: done, value: {metric: m}}',
            '  - {id: RM-14, title: B, status: dropped, value: {metric: m}}',
            '  - {id: RM-22, title: C, status: planned, value: {metric: m}}',
            '  - {id: WEB-1, title: D, value: {metric: m}, dependsOn: [RM-2, RM-4]}',
          ),
        ),
      ]).problems.filter((problem) => problem.code === 'unknown-dependency');
      assert.deepEqual(
        dependencies.map(({ message, data }) => ({ message, data })),
        [
          // RM-12 (done) is as near as RM-22: the open one alone is offered, as for an unknown ID in code.
          {
            message: 'Unknown dependency "RM-2": no roadmap item has this ID. Did you mean RM-22?',
            data: { id: 'RM-2', suggestions: ['RM-22'] },
          },
          {
            message: 'Unknown dependency "RM-4": no roadmap item has this ID. Did you mean RM-14 (dropped)?',
            data: { id: 'RM-4', suggestions: ['RM-14'], caveats: ['dropped'] },
          },
        ],
      );
    });
  });

  describe('dependency cycles', () => {
    const cycleProblems = (...texts: string[]) =>
      crossFileProblems(
        texts.map((text, index) => parseRoadmapFile(path.join(ROOT, `${index}.roadmap.yaml`), text)),
      ).filter((problem) => problem.code === 'dependency-cycle');
    const item = (id: string, dependsOn: string) =>
      `  - {id: ${id}, title: T, value: {metric: m}, dependsOn: ${dependsOn}}`;

    it('an item depending on itself', () => {
      assert.deepEqual(cycleProblems(yaml('items:', item('RM-1', '[RM-1]'))), [
        {
          code: 'dependency-cycle',
          severity: 'error',
          range: range(1, 57, 1, 61),
          message: 'Dependency cycle: RM-1 → RM-1.',
        },
      ]);
    });

    it('two items depending on each other: both entries, each from its own item', () => {
      assert.deepEqual(cycleProblems(yaml('items:', item('RM-1', '[RM-2]'), item('RM-2', 'RM-1'))), [
        {
          code: 'dependency-cycle',
          severity: 'error',
          range: range(1, 57, 1, 61),
          message: 'Dependency cycle: RM-1 → RM-2 → RM-1.',
        },
        {
          code: 'dependency-cycle',
          severity: 'error',
          range: range(2, 56, 2, 60),
          message: 'Dependency cycle: RM-2 → RM-1 → RM-2.',
        },
      ]);
    });

    it('three items across two files, leaving the entry outside the cycle alone', () => {
      const problems = cycleProblems(
        yaml('items:', item('RM-1', '[RM-4, RM-2]'), item('RM-4', '[]')),
        yaml('items:', item('RM-2', '[RM-3]'), item('RM-3', '[RM-1]')),
      );
      assert.deepEqual(
        problems.map(({ range: r, message }) => [r.start.line, r.start.character, message]),
        [
          [1, 63, 'Dependency cycle: RM-1 → RM-2 → RM-3 → RM-1.'],
          [1, 57, 'Dependency cycle: RM-2 → RM-3 → RM-1 → RM-2.'],
          [2, 57, 'Dependency cycle: RM-3 → RM-1 → RM-2 → RM-3.'],
        ],
      );
    });

    it('no cycle in a diamond', () => {
      assert.deepEqual(
        cycleProblems(
          yaml(
            'items:',
            item('RM-1', '[RM-2, RM-3]'),
            item('RM-2', '[RM-4]'),
            item('RM-3', '[RM-4]'),
            item('RM-4', '[]'),
          ),
        ),
        [],
      );
    });

    it('a long chain and a long ring: no stack overflow, the ring message shortened', () => {
      const count = 5000;
      const chain = yaml(
        'items:',
        ...Array.from({ length: count }, (_, i) => item(`RM-${i}`, i + 1 < count ? `[RM-${i + 1}]` : '[]')),
      );
      assert.deepEqual(cycleProblems(chain), []);
      const ring = yaml(
        'items:',
        ...Array.from({ length: count }, (_, i) => item(`RM-${i}`, `[RM-${(i + 1) % count}]`)),
      );
      const problems = cycleProblems(ring);
      assert.equal(problems.length, count);
      assert.equal(
        problems[0].message,
        `Dependency cycle: ${Array.from({ length: 19 }, (_, i) => `RM-${i}`).join(' → ')} → … (5000 items) → RM-0.`,
      );
    });

    it('cycles sharing a path: each entry once, with the first cycle found through it', () => {
      const text = yaml(
        'items:',
        item('RM-0', '[RM-1]'),
        item('RM-1', '[RM-2, RM-0]'),
        item('RM-2', '[RM-3, RM-0]'),
        item('RM-3', '[RM-0]'),
      );
      assert.deepEqual(
        cycleProblems(text).map((problem) => [
          problem.range.start.line,
          problem.range.start.character,
          problem.message,
        ]),
        [
          [1, 57, 'Dependency cycle: RM-0 → RM-1 → RM-2 → RM-3 → RM-0.'],
          [2, 57, 'Dependency cycle: RM-1 → RM-2 → RM-3 → RM-0 → RM-1.'],
          [3, 57, 'Dependency cycle: RM-2 → RM-3 → RM-0 → RM-1 → RM-2.'],
          [4, 57, 'Dependency cycle: RM-3 → RM-0 → RM-1 → RM-2 → RM-3.'],
          [3, 63, 'Dependency cycle: RM-2 → RM-0 → RM-1 → RM-2.'],
          [2, 63, 'Dependency cycle: RM-1 → RM-0 → RM-1.'],
        ],
      );
    });

    // A ring reports every entry, and a chain whose items all also depend on its first closes a cycle
    // at every item: both took minutes at 20,000 items when each cycle was walked and copied in full.
    for (const [shape, dependsOn] of [
      ['a ring', (i: number, count: number) => `[RM-${(i + 1) % count}]`],
      [
        'a chain whose every item also depends on the first',
        (i: number, count: number) => `[RM-${i + 1 < count ? i + 1 : 0}, RM-0]`,
      ],
    ] as const) {
      it(`finds the cycles of ${shape} in time linear in its size (2,000 vs 20,000 items)`, () => {
        const model = (count: number) =>
          parseRoadmapFile(
            FILE,
            yaml('items:', ...Array.from({ length: count }, (_, i) => item(`RM-${i}`, dependsOn(i, count)))),
          );
        const [small, large] = [model(2000), model(20_000)];
        let problems: Problem[] = [];
        assertScalesLinearly(
          () => buildRoadmap([small]),
          () => (problems = buildRoadmap([large]).problems),
          10,
        );
        assert.equal(
          problems.filter((problem) => problem.code === 'dependency-cycle').length,
          shape === 'a ring' ? 20_000 : 40_000,
        );
      });
    }
  });

  describe('progressOf', () => {
    const cases: Array<[string, { baseline?: number; target?: number; current?: number }, number | undefined]> = [
      ['latency going down', { baseline: 850, target: 300, current: 640 }, (640 - 850) / (300 - 850)],
      ['at the baseline', { baseline: 10, target: 20, current: 10 }, 0],
      ['past the target', { baseline: 10, target: 20, current: 25 }, 1.5],
      ['worse than the baseline', { baseline: 10, target: 20, current: 5 }, -0.5],
      ['no current', { baseline: 10, target: 20 }, undefined],
      ['no baseline', { target: 20, current: 5 }, undefined],
      ['no target', { baseline: 10, current: 5 }, undefined],
      ['target equals baseline', { baseline: 10, target: 10, current: 10 }, undefined],
    ];
    for (const [name, numbers, expected] of cases) {
      it(name, () => {
        const value: ValueMetric = { metric: 'm', range: range(0, 0, 0, 0), ...numbers };
        assert.equal(progressOf(value), expected);
      });
    }
  });

  describe('robustness and speed', () => {
    it('never throws, and keeps every range inside the text, for any text', () => {
      const yamlish = fc.string({
        unit: fc.constantFrom(
          'items:',
          'id: RM-1',
          '- ',
          '  ',
          '\n',
          '\r\n',
          ':',
          '[',
          ']',
          '{',
          '}',
          ',',
          '"',
          "'",
          '&a',
          '*a',
          '#',
          '|',
          '>',
          '!',
          '?',
          'x',
          '🚀',
          '\t',
          '---',
        ),
        maxLength: 60,
      });
      fc.assert(
        fc.property(fc.oneof(yamlish, fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
          const model = parseRoadmapFile(FILE, text);
          const roadmap = buildRoadmap([model]);
          assertRangesInside(text, [
            ...roadmap.problems.map((problem) => problem.range),
            ...model.items.flatMap((item) => [item.range, item.idRange]),
            ...model.references.map((reference) => reference.range),
          ]);
        }),
        { numRuns: 400 },
      );
    });

    it('survives an alias bomb without expanding it', () => {
      const levels = Array.from(
        { length: 20 },
        (_, i) =>
          `l${i}: &l${i} [${Array(9)
            .fill(i === 0 ? 'x' : `*l${i - 1}`)
            .join(', ')}]`,
      );
      const text = yaml(...levels, 'items: *l19', 'objectives: [{id: OBJ-1, title: T, metrics: *l19}]');
      // Expanded, this is 9^20 nodes: a hang that mocha's timeout catches.
      const model = parseRoadmapFile(FILE, text);
      buildRoadmap([model]);
      assert.equal(model.items.length, 0);
      assert.equal(model.problems.filter((problem) => problem.message.startsWith(ITEM_MAPPING_MESSAGE)).length, 9);
    });

    it('parses and builds a 5,000-item roadmap with little cost beyond the YAML parser itself', () => {
      const lines = ['version: 1', 'objectives:', '  - id: OBJ-1', '    title: T', 'items:'];
      for (let i = 0; i < 5000; i++) {
        lines.push(
          `  - id: RM-${i}`,
          `    title: Item ${i}`,
          '    status: planned',
          '    objective: OBJ-1',
          '    value: {metric: p99, category: performance, baseline: 850, target: 300}',
          `    dependsOn: [${i >= 2 ? `RM-${i - 1}, RM-${i - 2}` : ''}]`,
          '    paths: [src/**]',
        );
      }
      const text = yaml(...lines);
      let roadmap = buildRoadmap([]);
      // About four thirds of the YAML parser's CPU time for this 1 MB file (it is three quarters of ours).
      const cost = cpuRatio(
        () => parseDocument(text),
        () => (roadmap = buildRoadmap([parseRoadmapFile(FILE, text)])),
        3,
      );
      assert.equal(roadmap.items.size, 5000);
      assert.equal(roadmap.files[0].references.length, 5000 + 2 * 4998);
      assert.deepEqual(roadmap.problems, []);
      assert.ok(cost.ratio < 3, `${Math.round(cost.large)} ms CPU, YAML alone ${Math.round(cost.small)} ms`);
    });
  });
});
