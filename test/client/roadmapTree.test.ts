import * as assert from 'node:assert/strict';
import { buildRoadmapView, itemDescription, itemTooltip, siteSummary, statusIcon } from '../../client/src/model/roadmapTree';
import type { ViewNode } from '../../client/src/model/nodes';
import type { TreeItemDto, TreeResult, TreeSiteDto } from '../../server/src/protocol';

const ROADMAP = 'file:///ws/roadmap.yaml';
const paths = { relativePath: (uri: string) => uri.replace('file:///ws/', '') };

function range(line: number, character = 0, length = 4) {
  return { start: { line, character }, end: { line, character: character + length } };
}

function site(file: string, line: number, tag = 'TODO', text = '', kind: 'debt' | 'marker' = 'debt', character = 3): TreeSiteDto {
  return { uri: `file:///ws/${file}`, range: range(line, character), kind, tag, text };
}

function item(id: string, overrides: Partial<TreeItemDto> = {}): TreeItemDto {
  return { id, title: `Title of ${id}`, uri: ROADMAP, range: range(10), values: [], sites: [], debtCount: 0, ...overrides };
}

const RM12 = item('RM-12', {
  title: 'Checkout p99 under 300 ms',
  kind: 'investment',
  status: 'in-progress',
  objective: 'OBJ-TRUST',
  owner: 'payments-team',
  range: range(20, 8, 5),
  values: [{ metric: 'checkout p99 latency', category: 'reliability', unit: 'ms', baseline: 850, current: 640, target: 300, progress: 0.3818 }],
  sites: [
    site('services/checkout/pay.ts', 41, 'TODO', 'cache the price'),
    site('services/checkout/api.ts', 9, '@roadmap', '', 'marker', 0),
    site('services/checkout/api.ts', 2, 'FIXME', 'retry'),
  ],
  debtCount: 2,
});

function sampleTree(): TreeResult {
  return {
    northStar: 'Ship what customers want',
    objectives: [
      { id: 'OBJ-TRUST', title: 'Customers trust checkout', uri: ROADMAP, range: range(5, 6, 9) },
      { id: 'OBJ-FAST', title: 'A fast team', uri: ROADMAP, range: range(8, 6, 8) },
    ],
    items: [
      RM12,
      item('RM-3', { status: 'done', objective: 'OBJ-FAST' }),
      item('RM-7', { status: 'planned', objective: 'OBJ-TRUST' }),
      item('RM-9', { status: 'proposed' }),
      item('RM-10', { objective: 'OBJ-GONE' }),
    ],
    unlinked: [
      site('src/b.ts', 30, 'HACK', 'sleep(100)'),
      site('src/a.ts', 7, 'TODO'),
      site('src/b.ts', 4, 'XXX', 'why?'),
      site('README.md', 1, 'TODO', 'docs'),
    ],
    indexing: false,
  };
}

function labels(nodes: ViewNode[]): string[] {
  return nodes.map((node) => node.label);
}

describe('roadmap view model', () => {
  it('groups items under their objectives in roadmap order, then orphans, then unlinked debt', () => {
    const view = buildRoadmapView(sampleTree(), paths);
    assert.deepEqual(labels(view.nodes), ['OBJ-TRUST Customers trust checkout', 'OBJ-FAST A fast team', 'No objective', 'Unlinked debt']);
    const [trust, fast, orphans, unlinked] = view.nodes;
    assert.deepEqual(labels(trust.children), ['RM-12 Checkout p99 under 300 ms', 'RM-7 Title of RM-7']);
    assert.equal(trust.description, '2 items');
    assert.equal(trust.expanded, true);
    assert.deepEqual(trust.open, { uri: ROADMAP, range: range(5, 6, 9) });
    assert.deepEqual(labels(fast.children), ['RM-3 Title of RM-3']);
    assert.equal(fast.description, '1 item');
    assert.deepEqual(labels(orphans.children), ['RM-9 Title of RM-9', 'RM-10 Title of RM-10']);
    assert.equal(orphans.description, '2 items');
    assert.equal(unlinked.description, '4');
    assert.equal(view.message, 'North star: Ship what customers want');
  });

  it('describes an item by status, headline progress and site count', () => {
    const view = buildRoadmapView(sampleTree(), paths);
    const rm12 = view.nodes[0].children[0];
    assert.equal(rm12.description, 'in-progress · 38% · 3 sites');
    assert.deepEqual(rm12.icon, { id: 'play-circle', color: 'charts.blue' });
    assert.deepEqual(rm12.open, { uri: ROADMAP, range: range(20, 8, 5) });
    assert.equal(rm12.contextValue, 'roadmapItem');
    assert.equal(view.nodes[0].children[1].description, 'planned');
    assert.equal(itemDescription(item('X-1', { sites: [site('a.ts', 0)] })), '1 site');
    assert.equal(itemDescription(item('X-1', { values: [{ metric: 'm', progress: 1.2 }, { metric: 'n', progress: 0 }] })), '120%');
    assert.equal(itemDescription(item('X-1', { values: [{ metric: 'm' }, { metric: 'n', progress: 0.5 }] })), '');
  });

  it('lists an item’s code sites by path and line, each opening its site', () => {
    const rm12 = buildRoadmapView(sampleTree(), paths).nodes[0].children[0];
    assert.deepEqual(
      rm12.children.map((node) => [node.label, node.description, node.icon?.id, node.contextValue]),
      [
        ['api.ts:3', 'FIXME: retry', 'tools', 'roadmapDebt'],
        ['api.ts:10', '@roadmap', 'bookmark', 'roadmapMarker'],
        ['pay.ts:42', 'TODO: cache the price', 'tools', 'roadmapDebt'],
      ],
    );
    assert.deepEqual(rm12.children[2].open, { uri: 'file:///ws/services/checkout/pay.ts', range: range(41, 3) });
    assert.equal(rm12.children[2].tooltip, 'services/checkout/pay.ts:42\n\nTODO: cache the price');
  });

  it('writes the item tooltip as the hover\'s item card (objective title from the tree, value line, site counts)', () => {
    const titles = new Map([['OBJ-TRUST', 'Customers trust checkout']]);
    assert.equal(
      itemTooltip({ ...RM12, slo: '99.9% under 300 ms' }, titles),
      [
        '**RM-12** · Checkout p99 under 300 ms',
        '',
        'investment · **in-progress** · owner: payments-team',
        '',
        'Objective: **OBJ-TRUST** Customers trust checkout',
        '',
        '- Value: checkout p99 latency (reliability): 850 ms → 640 ms → 300 ms, 38% of the way',
        '',
        'SLO: 99.9% under 300 ms',
        '',
        'Linked from 3 code sites (2 debt).',
      ].join('\n'),
    );
    assert.equal(
      itemTooltip(item('RM-1', { title: 'Use *fast* path [v2]', objective: 'OBJ-GONE' }), titles),
      '**RM-1** · Use \\*fast\\* path \\[v2\\]\n\nObjective: OBJ-GONE (unknown)\n\n_No value metric: every roadmap item should show measurable value._\n\nNo code links this item yet.',
    );
  });

  it('groups unlinked debt by file, files by path, sites by line', () => {
    const unlinked = buildRoadmapView(sampleTree(), paths).nodes[3];
    assert.equal(unlinked.label, 'Unlinked debt');
    assert.equal(unlinked.tooltip, '4 debt comments in 3 files name no roadmap item. Link each to an item or propose it to the roadmap.');
    assert.equal(unlinked.expanded, undefined);
    assert.deepEqual(
      unlinked.children.map((file) => [file.label, file.description, file.resourceUri]),
      [
        ['README.md', '1', 'file:///ws/README.md'],
        ['a.ts', 'src · 1', 'file:///ws/src/a.ts'],
        ['b.ts', 'src · 2', 'file:///ws/src/b.ts'],
      ],
    );
    const b = unlinked.children[2];
    assert.deepEqual(
      b.children.map((node) => [node.label, node.description]),
      [
        ['XXX: why?', 'line 5'],
        ['HACK: sleep(100)', 'line 31'],
      ],
    );
    assert.equal(unlinked.children[1].children[0].label, 'TODO');
    assert.deepEqual(b.children[1].open, { uri: 'file:///ws/src/b.ts', range: range(30, 3) });
  });

  it('gives every node a unique id, even with duplicate IDs in the roadmap', () => {
    const tree = sampleTree();
    tree.items.push(item('RM-7', { objective: 'OBJ-TRUST', title: 'Duplicate' }));
    tree.objectives.push({ id: 'OBJ-FAST', title: 'Again', uri: ROADMAP, range: range(90) });
    const view = buildRoadmapView(tree, paths);
    const ids: string[] = [];
    const walk = (nodes: ViewNode[]) => nodes.forEach((node) => (ids.push(node.id), walk(node.children)));
    walk(view.nodes);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(labels(view.nodes[0].children), ['RM-12 Checkout p99 under 300 ms', 'RM-7 Title of RM-7', 'RM-7 Duplicate']);
    assert.deepEqual(labels(view.nodes).filter((label) => label.startsWith('OBJ-FAST')), ['OBJ-FAST A fast team']);
  });

  it('says when indexing still runs, and shows no empty groups', () => {
    const view = buildRoadmapView({ objectives: [], items: [], unlinked: [], indexing: true }, paths);
    assert.deepEqual(view.nodes, []);
    assert.equal(view.message, 'Indexing the workspace…');
    const both = buildRoadmapView({ northStar: 'N', objectives: [], items: [], unlinked: [], indexing: true }, paths);
    assert.equal(both.message, 'North star: N — Indexing the workspace…');
    assert.equal(buildRoadmapView({ objectives: [], items: [], unlinked: [], indexing: false }, paths).message, undefined);
  });

  it('picks status icons, with a neutral one for a missing or unknown status', () => {
    assert.deepEqual(statusIcon('done'), { id: 'pass-filled', color: 'charts.green' });
    assert.deepEqual(statusIcon('dropped'), { id: 'circle-slash', color: 'disabledForeground' });
    assert.deepEqual(statusIcon('proposed'), { id: 'lightbulb', color: 'charts.yellow' });
    assert.deepEqual(statusIcon(undefined), { id: 'circle-large-outline' });
    assert.deepEqual(statusIcon('toString'), { id: 'circle-large-outline' });
  });

  it('summarises sites', () => {
    assert.equal(siteSummary(site('a.ts', 0, 'TODO', 'x')), 'TODO: x');
    assert.equal(siteSummary(site('a.ts', 0, '@roadmap', 'handles retries', 'marker')), '@roadmap handles retries');
    assert.equal(siteSummary(site('a.ts', 0, 'DEBT', '')), 'DEBT');
  });
});
