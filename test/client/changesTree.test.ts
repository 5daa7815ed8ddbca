import * as assert from 'node:assert/strict';
import { buildChangesView, hunkLabel } from '../../client/src/model/changesTree';
import type { ViewNode } from '../../client/src/model/nodes';
import type { ChangeReport, ChangedFile } from '../../server/src/core/changes/types';

const paths = { fileUri: (path: string) => `file:///repo/${path}` };
const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function at(line: number, character = 0) {
  return { start: { line, character }, end: { line, character } };
}

const PAY: ChangedFile = {
  path: 'services/checkout/pay.ts',
  status: 'modified',
  binary: false,
  hunks: [
    {
      oldStart: 9,
      oldLines: 2,
      newStart: 9,
      newLines: 5,
      attributions: [
        { itemId: 'RM-12', reason: 'annotation', detail: 'TODO(RM-12) at line 12' },
        { itemId: 'RM-3', reason: 'paths', detail: 'matches services/**' },
      ],
    },
    {
      oldStart: 39,
      oldLines: 3,
      newStart: 43,
      newLines: 0,
      attributions: [{ itemId: 'RM-3', reason: 'paths', detail: 'matches services/**' }],
    },
    { oldStart: 59, oldLines: 1, newStart: 59, newLines: 1, attributions: [] },
  ],
  attributions: [
    { itemId: 'RM-12', reason: 'annotation', detail: 'TODO(RM-12) at line 12' },
    { itemId: 'RM-3', reason: 'paths', detail: 'matches services/**' },
  ],
};

const LOGO: ChangedFile = {
  path: 'web/logo.png',
  status: 'added',
  binary: true,
  untracked: true,
  hunks: [],
  attributions: [{ itemId: 'RM-99', reason: 'trailer', detail: 'Roadmap: RM-99 in 1a2b3c4' }],
};

const OLD: ChangedFile = {
  path: 'old.txt',
  status: 'deleted',
  binary: false,
  hunks: [{ oldStart: 0, oldLines: 4, newStart: 0, newLines: 0, attributions: [] }],
  attributions: [],
};

function report(): ChangeReport {
  return {
    root: '/repo',
    base: { mode: 'working-tree', description: 'working tree against HEAD (1a2b3c4)', commit: '1a2b3c4d' },
    files: [PAY, LOGO, OLD],
    byItem: [
      {
        itemId: 'RM-12',
        known: true,
        title: 'Checkout p99 under 300 ms',
        kind: 'investment',
        status: 'in-progress',
        objective: 'OBJ-TRUST',
        values: [
          {
            metric: 'checkout p99 latency',
            category: 'reliability',
            unit: 'ms',
            baseline: 850,
            current: 640,
            target: 300,
            range: R,
          },
        ],
        files: ['services/checkout/pay.ts'],
        hunks: 1,
        reasons: ['annotation'],
      },
      {
        itemId: 'RM-3',
        known: true,
        title: 'Faster deploys',
        status: 'planned',
        values: [
          { metric: 'deploys per week', baseline: 2, target: 10, range: R },
          { metric: 'lead time', unit: 'h', baseline: 48, target: 4, range: R },
        ],
        files: ['services/checkout/pay.ts'],
        hunks: 2,
        reasons: ['paths'],
      },
      {
        itemId: 'RM-5',
        known: true,
        title: 'No value yet',
        status: 'proposed',
        values: [],
        files: [],
        hunks: 0,
        reasons: ['trailer'],
      },
      { itemId: 'RM-99', known: false, values: [], files: ['web/logo.png'], hunks: 1, reasons: ['trailer'] },
    ],
    unattributed: [
      { path: 'services/checkout/pay.ts', hunk: { oldStart: 59, oldLines: 1, newStart: 59, newLines: 1 } },
      { path: 'old.txt', hunk: { oldStart: 0, oldLines: 4, newStart: 0, newLines: 0 } },
      { path: 'docs/a.md' },
    ],
    roadmapEdits: [],
    newDebt: {
      linked: [{ path: 'services/checkout/pay.ts', line: 11, column: 5, tag: 'TODO', text: 'cache', ids: ['RM-12'] }],
      unlinked: [
        { path: 'services/checkout/pay.ts', line: 13, column: 3, tag: 'FIXME', text: 'flaky', ids: [] },
        { path: 'src/x.py', line: 0, column: 0, tag: 'HACK', text: '', ids: [] },
      ],
    },
    newlyLinkedDebt: [],
    badlyLinkedDebt: [],
  };
}

function row(node: ViewNode): [string, string | undefined] {
  return [node.label, node.description];
}

describe('changes view model', () => {
  it('lists served items in report order, then unattributed changes, then new unlinked debt', () => {
    const view = buildChangesView(report(), paths);
    assert.deepEqual(view.nodes.map(row), [
      ['RM-12 Checkout p99 under 300 ms', 'in-progress · 1 file · 1 hunk · +1 debt'],
      ['RM-3 Faster deploys', 'planned · 1 file · 2 hunks'],
      ['RM-5 No value yet', 'proposed · 0 files · 0 hunks'],
      ['RM-99', 'not on the roadmap · 1 file · 1 hunk'],
      ['Serves no roadmap item', '3 files · 3 changes'],
      ['New unlinked debt', '2'],
    ]);
    assert.equal(view.message, 'working tree against HEAD (1a2b3c4) · 3 files · 3 items served');
  });

  it('counts old debt the change links apart from the debt it adds', () => {
    const linked = {
      path: 'services/checkout/pay.ts',
      line: 12,
      column: 5,
      tag: 'TODO',
      text: 'retry',
      ids: ['RM-12'],
    };
    const [rm12] = buildChangesView({ ...report(), newlyLinkedDebt: [linked] }, paths).nodes;
    assert.deepEqual(row(rm12), [
      'RM-12 Checkout p99 under 300 ms',
      'in-progress · 1 file · 1 hunk · +1 debt · 1 debt linked',
    ]);
    assert.ok(
      rm12.tooltip?.endsWith(
        'The change adds 1 debt comment linked to it.\n\nThe change links 1 existing debt comment to it.',
      ),
      rm12.tooltip,
    );
  });

  it('puts the value metric between an item and its files, the files’ hunks below', () => {
    const [rm12] = buildChangesView(report(), paths).nodes;
    assert.deepEqual(rm12.icon, { id: 'play-circle', color: 'charts.blue' });
    assert.equal(
      rm12.tooltip,
      '**RM-12** · Checkout p99 under 300 ms\n\nAttributed by: annotation in the change\n\nThe change adds 1 debt comment linked to it.',
    );
    const [metric] = rm12.children;
    assert.deepEqual(row(metric), ['checkout p99 latency', '850 ms → 640 ms → 300 ms, 38% of the way']);
    assert.equal(metric.tooltip, '- checkout p99 latency (reliability): 850 ms → 640 ms → 300 ms, 38% of the way');
    const [file] = metric.children;
    assert.deepEqual(row(file), ['pay.ts', 'services/checkout · 1 hunk']);
    assert.equal(file.resourceUri, 'file:///repo/services/checkout/pay.ts');
    assert.deepEqual(file.open, { uri: 'file:///repo/services/checkout/pay.ts', range: at(9) });
    assert.deepEqual(file.children.map(row), [['lines 10–14', 'TODO(RM-12) at line 12']]);
  });

  it('shows every attribution of a hunk, with its reason, in the hunk tooltip', () => {
    const hunk = buildChangesView(report(), paths).nodes[0].children[0].children[0].children[0];
    assert.equal(
      hunk.tooltip,
      "@@ -10,2 +10,5 @@\n\n**RM-12**: annotation in the change — TODO(RM-12) at line 12\n**RM-3**: item's paths — matches services/\\*\\*",
    );
    assert.deepEqual(hunk.open, { uri: 'file:///repo/services/checkout/pay.ts', range: at(9) });
    assert.deepEqual(hunk.icon, { id: 'diff' });
  });

  it('names several metrics in one node and lists each in the tooltip', () => {
    const [, rm3] = buildChangesView(report(), paths).nodes;
    const [metric] = rm3.children;
    assert.deepEqual(row(metric), ['deploys per week, lead time', undefined]);
    assert.equal(metric.tooltip, '- deploys per week: 2 → 10\n- lead time: 48 h → 4 h');
    const [file] = metric.children;
    assert.deepEqual(file.children.map(row), [
      ['lines 10–14', 'matches services/**'],
      ['3 lines removed after line 43', 'matches services/**'],
    ]);
    assert.deepEqual(file.children[1].open, { uri: 'file:///repo/services/checkout/pay.ts', range: at(42) });
  });

  it('flags an item without a value metric, and an ID no item has', () => {
    const nodes = buildChangesView(report(), paths).nodes;
    const rm5 = nodes[2];
    assert.deepEqual(rm5.children.map(row), [['No value metric', 'the item shows no measurable value']]);
    assert.deepEqual(rm5.children[0].icon, { id: 'warning', color: 'list.warningForeground' });
    const unknown = nodes[3];
    assert.deepEqual(unknown.icon, { id: 'error', color: 'list.errorForeground' });
    assert.equal(
      unknown.tooltip,
      '**RM-99** is named by the change but no roadmap item has this ID.\n\nAttributed by: commit trailer',
    );
    // No metric level for an unknown item: its files come straight below.
    const [logo] = unknown.children;
    assert.deepEqual(row(logo), ['logo.png', 'web · untracked, binary']);
    assert.deepEqual(logo.children, []);
    assert.equal(
      logo.tooltip,
      'web/logo.png (untracked, binary)\n\n**RM-99**: commit trailer — Roadmap: RM-99 in 1a2b3c4',
    );
    assert.deepEqual(logo.open, { uri: 'file:///repo/web/logo.png', range: at(0) });
  });

  it('groups unattributed changes by file; a deleted file opens nothing', () => {
    const group = buildChangesView(report(), paths).nodes[4];
    assert.deepEqual(group.children.map(row), [
      ['pay.ts', 'services/checkout · 1 hunk'],
      ['old.txt', '1 hunk'],
      ['a.md', 'docs'],
    ]);
    const [pay, old, doc] = group.children;
    assert.deepEqual(pay.children.map(row), [['line 60', undefined]]);
    assert.deepEqual(pay.children[0].open, { uri: 'file:///repo/services/checkout/pay.ts', range: at(59) });
    assert.deepEqual(old.children.map(row), [['4 lines removed at the top', undefined]]);
    assert.equal(old.open, undefined);
    assert.equal(old.children[0].open, undefined);
    assert.equal(old.tooltip, 'old.txt (deleted)');
    assert.deepEqual(doc.children, []);
    assert.deepEqual(doc.open, { uri: 'file:///repo/docs/a.md', range: at(0) });
  });

  it('lists new unlinked debt, opening at its line and column', () => {
    const group = buildChangesView(report(), paths).nodes[5];
    assert.equal(group.expanded, true);
    assert.deepEqual(group.children.map(row), [
      ['FIXME: flaky', 'services/checkout/pay.ts:14'],
      ['HACK', 'src/x.py:1'],
    ]);
    assert.deepEqual(group.children[0].open, {
      uri: 'file:///repo/services/checkout/pay.ts',
      range: { start: { line: 13, character: 3 }, end: { line: 13, character: 8 } },
    });
  });

  it("shows a roadmap file's edits outside any item's entry as roadmap edits, before the unrelated changes", () => {
    const roadmapEdit = { path: 'roadmap.yaml', hunk: { oldStart: 0, oldLines: 0, newStart: 0, newLines: 12 } };
    const view = buildChangesView({ ...report(), roadmapEdits: [roadmapEdit] }, paths);
    assert.deepEqual(view.nodes.slice(4, 6).map(row), [
      ['Roadmap edits', '1 file · 1 change'],
      ['Serves no roadmap item', '3 files · 3 changes'],
    ]);
    const [file] = view.nodes[4].children;
    assert.deepEqual(row(file), ['roadmap.yaml', '1 hunk']);
    assert.deepEqual(file.children.map(row), [['lines 1–12', undefined]]);
    assert.deepEqual(file.children[0].open, { uri: 'file:///repo/roadmap.yaml', range: at(0) });
    assert.match(file.children[0].tooltip ?? '', /no item's entry/);
  });

  it('leaves out empty groups and keeps ids unique', () => {
    const empty = buildChangesView(
      { ...report(), files: [], byItem: [], unattributed: [], newDebt: { linked: [], unlinked: [] } },
      paths,
    );
    assert.deepEqual(empty.nodes, []);
    assert.equal(empty.message, 'working tree against HEAD (1a2b3c4) · 0 files · 0 items served');
    const ids: string[] = [];
    const walk = (nodes: ViewNode[]) => nodes.forEach((node) => (ids.push(node.id), walk(node.children)));
    walk(buildChangesView(report(), paths).nodes);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('labels hunks by their new lines', () => {
    assert.equal(hunkLabel({ oldStart: 3, oldLines: 0, newStart: 3, newLines: 1 }), 'line 4');
    assert.equal(hunkLabel({ oldStart: 2, oldLines: 1, newStart: 2, newLines: 3 }), 'lines 3–5');
    assert.equal(hunkLabel({ oldStart: 6, oldLines: 1, newStart: 6, newLines: 0 }), '1 line removed after line 6');
  });
});
