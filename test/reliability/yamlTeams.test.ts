/**
 * Issue #9 point 7, YAML that real teams write: a merge key (`<<: *defaults`) contributes the keys the
 * item does not set itself, so the item is neither reported without a value nor loses its status; a key
 * of the format in the wrong case (`Items:`) is reported at the key, and Propose adds no second `items:`;
 * an item listed again through an alias is a duplicate at the alias; a new item goes above a comment that
 * labels the next section, below the comments of the last item.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { addTicketToItem, appendItems, type NewItemSpec } from '../../server/src/core/propose';
import { buildRoadmap, parseRoadmapFile } from '../../server/src/core/roadmap';
import { DEFAULT_COMPILED_SETTINGS } from '../../server/src/core/settings';
import type { CommandResult } from '../../server/src/protocol';
import { ensureBuilt, TestClient, uriOf } from '../server/lspClient';
import { makeWorkspace, removeWorkspace } from './serverHelpers';

const YAML = [
  'version: 1',
  'defaults: &done',
  '  status: done',
  '  kind: debt',
  '  value: {metric: build time, category: velocity, baseline: 120, target: 90}',
  'objectives:',
  '  - id: OBJ-A',
  '    title: Fast builds',
  'items:',
  '  - <<: *done',
  '    id: RM-1',
  '    title: Cache the compiler',
  '    objective: OBJ-A',
  '  - <<: [*done]',
  '    id: RM-2',
  '    title: Drop the old bundler',
  '    status: in-progress',
  '    objective: OBJ-A',
  '',
].join('\n');

describe('reliability: YAML that real teams write', () => {
  it("merge keys contribute their keys; the item's own keys win", () => {
    const model = parseRoadmapFile('/virtual/roadmap.yaml', YAML, DEFAULT_COMPILED_SETTINGS);
    const roadmap = buildRoadmap([model]);
    const items = [...roadmap.items.values()].map((item) => [
      item.id,
      item.status,
      item.kind,
      item.values.map((value) => value.metric),
    ]);
    assert.deepStrictEqual(items, [
      ['RM-1', 'done', 'debt', ['build time']],
      ['RM-2', 'in-progress', 'debt', ['build time']],
    ]);
    assert.deepStrictEqual(
      roadmap.problems.map((problem) => `${problem.code}: ${problem.message}`),
      [],
    );
  });
});

/** Each problem as `line:character-line:character severity code: message` (0-based positions). */
function problemsOf(text: string): string[] {
  const roadmap = buildRoadmap([parseRoadmapFile('/virtual/roadmap.yaml', text, DEFAULT_COMPILED_SETTINGS)]);
  return roadmap.problems.map(
    ({ range: { start, end }, severity, code, message }) =>
      `${start.line}:${start.character}-${end.line}:${end.character} ${severity} ${code}: ${message}`,
  );
}

const PROPOSAL: NewItemSpec = {
  id: 'RM-9',
  title: 'Retry twice under load',
  kind: 'debt',
  status: 'proposed',
  source: 'src/tax.ts:2',
};
const PROPOSAL_LINES = [
  '  - id: RM-9',
  '    title: Retry twice under load',
  '    kind: debt',
  '    status: proposed',
  '    source: src/tax.ts:2',
];

describe('reliability: YAML that real teams write, point 7', () => {
  describe('a key of the format in the wrong case', () => {
    const WRONG_CASE = [
      'Version: 2',
      'NorthStar:',
      '  statement: Ship',
      'Trackers:',
      '  - prefix: KAFKA',
      'OBJECTIVES:',
      '  - id: OBJ-A',
      '    title: Fast builds',
      'Items:',
      '  - id: RM-1',
      '    Title: Cache the compiler',
      '    status: planned',
      '    value: {metric: build time, category: velocity, baseline: 120, target: 90}',
      '',
    ].join('\n');
    const message = (name: string, meant: string) =>
      `"${name}" is not a key of the roadmap format; did you mean "${meant}"? Keys are case-sensitive, so what it holds is not read.`;

    it('is reported at the key, with the key it means, and what it holds is not read', () => {
      assert.deepStrictEqual(problemsOf(WRONG_CASE), [
        `0:0-0:7 error schema: ${message('Version', 'version')}`,
        `1:0-1:9 error schema: ${message('NorthStar', 'northStar')}`,
        `3:0-3:8 error schema: ${message('Trackers', 'trackers')}`,
        `5:0-5:10 error schema: ${message('OBJECTIVES', 'objectives')}`,
        `8:0-8:5 error schema: ${message('Items', 'items')}`,
      ]);
      const model = parseRoadmapFile('/virtual/roadmap.yaml', WRONG_CASE, DEFAULT_COMPILED_SETTINGS);
      assert.deepStrictEqual([model.items.length, model.objectives.length, model.trackers.length], [0, 0, 0]);
    });

    it("an entry's key in the wrong case is reported too, once: not also as the key it leaves missing", () => {
      const text = WRONG_CASE.replace('Items:', 'items:');
      // Before, `Title:` also gave 'Item RM-1 has no "title".' at the ID.
      assert.deepStrictEqual(problemsOf(text).slice(-1), [`10:4-10:9 error schema: ${message('Title', 'title')}`]);
      // The same for any key: `Value:` gives no "has no value" warning, `ID:` no "has no id".
      const others = [
        'items:',
        '  - ID: RM-2',
        '    title: B',
        '  - id: RM-3',
        '    title: C',
        '    Value: {metric: m}',
        '',
      ];
      assert.deepStrictEqual(problemsOf(others.join('\n')), [
        `1:4-1:6 error schema: ${message('ID', 'id')}`,
        `5:4-5:9 error schema: ${message('Value', 'value')}`,
      ]);
    });

    it('Propose refuses to add a second `items:` beside `Items:`, with the same message; the file is left as it was', () => {
      const result = appendItems(WRONG_CASE, [PROPOSAL]);
      assert.deepStrictEqual(result, {
        ok: false,
        reason: `${message('Items', 'items')} Rename it to "items"; the file was left unchanged.`,
      });
    });

    it('beside a real `items:`, the miscased key is reported and Propose adds under `items:` (there is no doubt where)', () => {
      const text = ['version: 2', 'items:', '  - id: RM-8', '    title: Keep', 'Items:', '  - id: RM-1', ''].join('\n');
      assert.deepStrictEqual(
        problemsOf(text).filter((problem) => problem.includes('is not a key')),
        [`4:0-4:5 error schema: ${message('Items', 'items')}`],
      );
      const result = appendItems(text, [PROPOSAL]);
      assert.ok(result.ok, JSON.stringify(result));
      assert.strictEqual(
        result.newText,
        [
          'version: 2',
          'items:',
          '  - id: RM-8',
          '    title: Keep',
          ...PROPOSAL_LINES,
          'Items:',
          '  - id: RM-1',
          '',
        ].join('\n'),
      );
    });
  });

  describe('a key one typo away from a key of the format', () => {
    const TYPOS = [
      'version: 2',
      'northStar:',
      '  statment: Ship',
      'objectives:',
      '  - id: OBJ-PERF',
      '    title: Fast',
      'items:',
      '  - id: OK-1',
      '    titel: Avoid allocation',
      '    status: planned',
      '    objetive: OBJ-PERF',
      '    value:',
      '      metric: allocations per call',
      '      basline: 200',
      '      target: 0',
      '  - id: OK-2',
      '    title: Pool buffers',
      '    stauts: planned',
      '    vaule: {metric: m}',
      '    team: core',
      '    notes: keep it small',
      '    objective: OBJ-PERF',
      '    objectiv: OBJ-PERF',
      '',
    ].join('\n');
    const message = (name: string, meant: string, owner: string) =>
      `"${name}" is not a key of ${owner}; did you mean "${meant}"? What it holds is not read.`;

    it('is a warning at the key, naming the key it means, with the fix; keys far from any stay allowed', () => {
      assert.deepStrictEqual(problemsOf(TYPOS), [
        `2:2-2:10 warning schema: ${message('statment', 'statement', 'the north star')}`,
        `8:4-8:9 warning schema: ${message('titel', 'title', 'an item')}`,
        `10:4-10:12 warning schema: ${message('objetive', 'objective', 'an item')}`,
        `13:6-13:13 warning schema: ${message('basline', 'baseline', 'a value metric')}`,
        // A swap of two letters is one typo; the key left missing (`value`) is not reported again.
        `17:4-17:10 warning schema: ${message('stauts', 'status', 'an item')}`,
        `18:4-18:9 warning schema: ${message('vaule', 'value', 'an item')}`,
      ]);
      const model = parseRoadmapFile('/virtual/roadmap.yaml', TYPOS, DEFAULT_COMPILED_SETTINGS);
      // What it holds is not read: OK-1 has no objective and its metric no baseline.
      assert.strictEqual(model.items[0].objective, undefined);
      assert.strictEqual(model.items[0].values[0].baseline, undefined);
      const fix = model.problems.find((problem) => problem.message.startsWith('"objetive"'));
      assert.deepStrictEqual(fix?.data, { suggestions: ['objective'] });
    });

    it('a root key too; `objectiv` beside a real `objective` is an extra key, not a typo to rename', () => {
      assert.deepStrictEqual(problemsOf('version: 2\nitmes:\n  - id: RM-1\n'), [
        `1:0-1:5 warning schema: ${message('itmes', 'items', 'a roadmap file')}`,
      ]);
      assert.ok(!problemsOf(TYPOS).some((problem) => problem.includes('"objectiv"')));
    });
  });

  describe('an item repeated through an alias', () => {
    const ALIASED = [
      'version: 2',
      'trackers:',
      '  - prefix: KAFKA',
      'items:',
      '  - &rm1',
      '    id: RM-1',
      '    title: Cache the compiler',
      '    status: planned',
      '    value: {metric: build time, category: velocity, baseline: 120, target: 90}',
      '    tickets: [KAFKA-1]',
      '  - id: RM-2',
      '    title: Drop the old bundler',
      '    status: proposed',
      '  - *rm1',
      '',
    ].join('\n');

    it('is a duplicate ID reported at the alias only, and its tickets are not counted twice', () => {
      assert.deepStrictEqual(problemsOf(ALIASED), [
        '10:8-10:12 hint missing-value: Proposed item RM-2 has no "value" yet: give it a value metric (baseline and target) before it is planned.',
        '13:4-13:8 error duplicate-id: Duplicate ID "RM-1": the alias *rm1 lists item RM-1 again (first at line 6). IDs must be unique across all roadmap files.',
      ]);
    });

    it('a merge of an item without an ID of its own (`- <<: *rm1`) is a duplicate at its merge alias as well', () => {
      const text = ALIASED.replace('  - *rm1\n', '  - <<: *rm1\n    title: A copy\n    tickets: []\n');
      assert.deepStrictEqual(
        problemsOf(text).filter((problem) => problem.includes('duplicate-id')),
        [
          '5:8-5:12 error duplicate-id: Duplicate ID "RM-1": also defined as an item at roadmap.yaml:14. IDs must be unique across all roadmap files.',
          '13:8-13:12 error duplicate-id: Duplicate ID "RM-1": also defined as an item at roadmap.yaml:6. IDs must be unique across all roadmap files.',
        ],
      );
    });

    it('an item merging another that lists tickets repeats no problem at the listing', () => {
      const text = [
        'version: 2',
        'items:',
        '  - &rm1',
        '    id: RM-1',
        '    title: A',
        '    status: proposed',
        '    tickets: [JIRA-1]',
        '  - <<: *rm1',
        '    id: RM-2',
        '    title: B',
        '',
      ].join('\n');
      // Before, each problem came twice at 6:14, the second time naming the item that listed it first.
      assert.deepStrictEqual(
        problemsOf(text).filter((problem) => !problem.includes('missing-value')),
        [
          '6:14-6:20 warning unknown-tracker: No tracker has the prefix "JIRA": declare it under "trackers" (prefix: JIRA), or code naming JIRA-1 is plain text and never links to this item.',
          '6:14-6:20 error duplicate-ticket: Ticket JIRA-1 is also listed through a merge key by RM-2: a ticket belongs to one item.',
        ],
      );
    });

    it('an item written once, through an alias to a template outside `items`, is no duplicate', () => {
      const text = [
        'version: 2',
        'templates:',
        '  cache: &cache {id: RM-1, title: Cache, status: proposed}',
        'items:',
        '  - *cache',
        '',
      ].join('\n');
      assert.deepStrictEqual(problemsOf(text), [
        '2:21-2:25 hint missing-value: Proposed item RM-1 has no "value" yet: give it a value metric (baseline and target) before it is planned.',
      ]);
    });

    it('listed twice through aliases to a template, the second alias is the duplicate, naming the first', () => {
      const text = [
        'version: 2',
        'templates:',
        '  cache: &cache {id: RM-1, title: Cache, status: proposed}',
        'items:',
        '  - *cache',
        '  - *cache',
        '',
      ].join('\n');
      assert.deepStrictEqual(problemsOf(text), [
        '2:21-2:25 hint missing-value: Proposed item RM-1 has no "value" yet: give it a value metric (baseline and target) before it is planned.',
        '5:4-5:10 error duplicate-id: Duplicate ID "RM-1": the alias *cache lists item RM-1 again (first at line 5). IDs must be unique across all roadmap files.',
      ]);
    });
  });

  describe('a new item and the comments around the end of `items`', () => {
    const SECTIONED = [
      'version: 2',
      'items:',
      '  - id: RM-1',
      '    title: Cache the compiler',
      '    tags:',
      '      - build',
      '      # more tags once the cache lands',
      '    # RM-1 waits for the new runners',
      '# ---- objectives ----',
      'objectives:',
      '  - id: OBJ-A',
      '    title: Fast builds',
      '',
    ];

    it("goes above a column-0 comment that labels the next section, below the last item's own comments", () => {
      const result = appendItems(SECTIONED.join('\n'), [PROPOSAL]);
      assert.ok(result.ok, JSON.stringify(result));
      assert.strictEqual(
        result.newText,
        [...SECTIONED.slice(0, 8), ...PROPOSAL_LINES, ...SECTIONED.slice(8)].join('\n'),
      );
      assert.deepStrictEqual(result.edits, [
        {
          start: SECTIONED.slice(0, 8).join('\n').length,
          end: SECTIONED.slice(0, 8).join('\n').length,
          newText: '\n' + PROPOSAL_LINES.join('\n'),
        },
      ]);
    });

    it('the same with CRLF line breaks and a blank line before the section', () => {
      const lines = [...SECTIONED.slice(0, 8), '', ...SECTIONED.slice(8)];
      const result = appendItems(lines.join('\r\n'), [PROPOSAL]);
      assert.ok(result.ok, JSON.stringify(result));
      assert.strictEqual(result.newText, [...lines.slice(0, 8), ...PROPOSAL_LINES, ...lines.slice(8)].join('\r\n'));
    });

    it('a ticket added to the last item goes before the section comment too', () => {
      const result = addTicketToItem(SECTIONED.join('\n'), 'RM-1', 'KAFKA-7');
      assert.ok(result.ok, JSON.stringify(result));
      assert.strictEqual(
        result.newText,
        [...SECTIONED.slice(0, 6), '    tickets: [KAFKA-7]', ...SECTIONED.slice(6)].join('\n'),
      );
    });
  });
});

describe('reliability: Propose over the protocol on such roadmaps', function () {
  this.timeout(120_000);
  const SOURCE = 'export const rate = 0.2;\n// HACK: retry twice under load\n';
  let root: string | undefined;
  let client: TestClient | undefined;
  before(() => ensureBuilt());
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    removeWorkspace(root);
  });

  const proposeIn = async (roadmap: string) => {
    root = makeWorkspace('yaml-teams', { 'roadmap.yaml': roadmap, 'src/tax.ts': SOURCE });
    client = new TestClient({ folders: [root] });
    await client.start();
    const result = await client.request<CommandResult>('workspace/executeCommand', {
      command: 'roadmapLinks.propose',
      arguments: [
        {
          uri: uriOf(path.join(root, 'src/tax.ts')),
          line: 1,
          character: 3,
          expectedText: 'retry twice under load',
        },
      ],
    });
    const read = (file: string) => fs.readFileSync(path.join(root!, file), 'utf8');
    return { result, roadmap: read('roadmap.yaml'), source: read('src/tax.ts') };
  };

  it("`Items:`: refused with the diagnostic's message, no edit sent, nothing written", async () => {
    const roadmap = ['version: 2', 'Items:', '  - id: RM-1', '    title: Cache', ''].join('\n');
    const outcome = await proposeIn(roadmap);
    assert.deepStrictEqual(outcome.result, {
      applied: false,
      ids: [],
      message:
        'Cannot add to roadmap.yaml: "Items" is not a key of the roadmap format; did you mean "items"? Keys are case-sensitive, so what it holds is not read. Rename it to "items"; the file was left unchanged.',
    });
    assert.deepStrictEqual(client!.appliedEdits, []);
    assert.deepStrictEqual([outcome.roadmap, outcome.source], [roadmap, SOURCE]);
  });

  it("objectives only (OBJ-1, OBJ-2): the new item is RM-1, never OBJ-3, and goes above the next section's comment", async () => {
    const roadmap = [
      'version: 2',
      'objectives:',
      '  - id: OBJ-1',
      '    title: Fast builds',
      '  - id: OBJ-2',
      '    title: Fewer pages',
      'items:',
      '  # none yet',
      '# ---- north star ----',
      'northStar:',
      '  statement: Ship',
      '',
    ].join('\n');
    const outcome = await proposeIn(roadmap);
    assert.deepStrictEqual(outcome.result, { applied: true, ids: ['RM-1'] });
    assert.strictEqual(
      outcome.roadmap,
      [
        ...roadmap.split('\n').slice(0, 8),
        '  - id: RM-1',
        '    title: retry twice under load',
        '    kind: debt',
        '    status: proposed',
        '    source: src/tax.ts:2',
        ...roadmap.split('\n').slice(8),
      ].join('\n'),
    );
    assert.strictEqual(outcome.source, 'export const rate = 0.2;\n// HACK(RM-1): retry twice under load\n');
  });
});
