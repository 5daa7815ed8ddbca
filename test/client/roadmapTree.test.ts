import * as assert from 'node:assert/strict';
import {
  buildRoadmapView,
  childNodes,
  itemLabel,
  itemTooltip,
  siteSummary,
  statusIcon,
} from '../../client/src/model/roadmapTree';
import type { ViewNode } from '../../client/src/model/nodes';
import type { TreeChildrenResult, TreeItemDto, TreeResult, TreeSiteDto } from '../../server/src/protocol';

const ROADMAP = 'file:///ws/roadmap.yaml';
const paths = { relativePath: (uri: string) => uri.replace('file:///ws/', '') };

function range(line: number, character = 0, length = 4) {
  return { start: { line, character }, end: { line, character: character + length } };
}

function site(
  file: string,
  line: number,
  tag = 'TODO',
  text = '',
  kind: 'debt' | 'marker' = 'debt',
  character = 3,
): TreeSiteDto {
  return { uri: `file:///ws/${file}`, range: range(line, character), kind, tag, text };
}

function item(id: string, overrides: Partial<TreeItemDto> = {}): TreeItemDto {
  return {
    id,
    title: `Title of ${id}`,
    uri: ROADMAP,
    range: range(10),
    values: [],
    siteCount: 0,
    debtCount: 0,
    ...overrides,
  };
}

const RM12 = item('RM-12', {
  title: 'Checkout p99 under 300 ms',
  kind: 'investment',
  status: 'in-progress',
  objective: 'OBJ-TRUST',
  owner: 'payments-team',
  range: range(20, 8, 5),
  values: [
    {
      metric: 'checkout p99 latency',
      category: 'reliability',
      unit: 'ms',
      baseline: 850,
      current: 640,
      target: 300,
      progress: 0.3818,
    },
  ],
  siteCount: 3,
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
    unlinked: { count: 2211, files: 1135 },
    indexing: false,
    roadmapFiles: 'found',
  };
}

function labels(nodes: ViewNode[]): string[] {
  return nodes.map((node) => node.label);
}

describe('roadmap view model', () => {
  it('groups items under their objectives in roadmap order, then orphans, then unlinked debt', () => {
    const view = buildRoadmapView(sampleTree());
    assert.deepEqual(labels(view.nodes), [
      'OBJ-TRUST · 2 items',
      'OBJ-FAST · 1 item',
      'No objective · 2 items',
      'Unlinked debt',
    ]);
    const [trust, fast, orphans, unlinked] = view.nodes;
    assert.deepEqual(labels(trust.children), ['RM-12 · 38% · 3 sites', 'RM-7']);
    assert.deepEqual(
      trust.children.map((node) => node.description),
      ['Checkout p99 under 300 ms', 'Title of RM-7'],
    );
    assert.equal(trust.description, 'Customers trust checkout');
    assert.equal(trust.tooltip, '**OBJ-TRUST** · Customers trust checkout\n\n2 items · 1 in progress');
    assert.equal(trust.expanded, true);
    assert.deepEqual(trust.open, { uri: ROADMAP, range: range(5, 6, 9) });
    assert.deepEqual(labels(fast.children), ['RM-3']);
    assert.equal(fast.tooltip, '**OBJ-FAST** · A fast team\n\n1 item · 1 done');
    assert.deepEqual(labels(orphans.children), ['RM-9', 'RM-10']);
    assert.equal(unlinked.description, '2,211 in 1,135 files');
    assert.equal(view.message, 'North star: Ship what customers want');
  });

  it('leads an item’s label with its ID, headline progress and code sites; the title follows, the status is the icon', () => {
    const view = buildRoadmapView(sampleTree());
    const rm12 = view.nodes[0].children[0];
    assert.equal(rm12.label, 'RM-12 · 38% · 3 sites');
    assert.equal(rm12.description, 'Checkout p99 under 300 ms');
    assert.deepEqual(rm12.icon, { id: 'play-circle', color: 'charts.blue' });
    assert.deepEqual(rm12.open, { uri: ROADMAP, range: range(20, 8, 5) });
    assert.equal(rm12.contextValue, 'roadmapItem');
    assert.deepEqual(rm12.lazy, { node: { kind: 'item', id: 'RM-12' } }, 'its sites are fetched when it is expanded');
    assert.equal(view.nodes[0].children[1].lazy, undefined, 'no sites, nothing to expand');
    assert.equal(itemLabel(item('X-1', { siteCount: 1 })), 'X-1 · 1 site');
    assert.equal(itemLabel(item('X-1', { siteCount: 12000 })), 'X-1 · 12,000 sites');
    assert.equal(
      itemLabel(
        item('X-1', {
          values: [
            { metric: 'm', progress: 1.2 },
            { metric: 'n', progress: 0 },
          ],
        }),
      ),
      'X-1 · 120%',
    );
    assert.equal(itemLabel(item('X-1', { values: [{ metric: 'm' }, { metric: 'n', progress: 0.5 }] })), 'X-1');
  });

  it('lists a page of an item’s code sites in the server’s order, each opening its site', () => {
    const rm12 = buildRoadmapView(sampleTree()).nodes[0].children[0];
    const page: TreeChildrenResult = {
      children: [
        { type: 'site', site: site('services/checkout/api.ts', 2, 'FIXME', 'retry') },
        { type: 'site', site: site('services/checkout/api.ts', 9, '@roadmap', '', 'marker', 0) },
        { type: 'site', site: site('services/checkout/pay.ts', 41, 'TODO', 'cache the price') },
      ],
      total: 3,
    };
    const nodes = childNodes(rm12, page, paths);
    assert.deepEqual(
      nodes.map((node) => [node.label, node.description, node.icon?.id, node.contextValue]),
      [
        ['api.ts:3', 'FIXME: retry', 'tools', 'roadmapDebt'],
        ['api.ts:10', '@roadmap', 'bookmark', 'roadmapMarker'],
        ['pay.ts:42', 'TODO: cache the price', 'tools', 'roadmapDebt'],
      ],
    );
    assert.deepEqual(nodes[2].open, { uri: 'file:///ws/services/checkout/pay.ts', range: range(41, 3) });
    assert.equal(nodes[2].tooltip, 'services/checkout/pay.ts:42\n\nTODO: cache the price');
  });

  it('shows unlinked debt as folders and files with counts, then a file’s debt by line', () => {
    const unlinked = buildRoadmapView(sampleTree()).nodes[3];
    assert.equal(unlinked.label, 'Unlinked debt');
    // The severity of their diagnostics (information), not a warning.
    assert.deepEqual(unlinked.icon, { id: 'info', color: 'problemsInfoIcon.foreground' });
    assert.equal(
      unlinked.tooltip,
      '2211 debt comments in 1135 files name no roadmap item. Link each to an item or propose it to the roadmap.',
    );
    assert.equal(unlinked.expanded, undefined, 'collapsed: thousands of comments are not laid out at once');
    assert.deepEqual(unlinked.lazy, { node: { kind: 'unlinked' } });
    const folders = childNodes(
      unlinked,
      {
        children: [
          {
            type: 'folder',
            node: { kind: 'unlinked', folderUri: 'file:///ws', path: 'clients/src/main/java' },
            label: 'clients/src/main/java',
            count: 1200,
            files: 600,
          },
          {
            type: 'file',
            node: { kind: 'unlinkedFile', uri: 'file:///ws/README.md' },
            uri: 'file:///ws/README.md',
            path: 'README.md',
            count: 2,
          },
        ],
        total: 2,
      },
      paths,
    );
    assert.deepEqual(
      folders.map((node) => [node.label, node.description, node.icon?.id, node.resourceUri]),
      [
        ['clients/src/main/java', '1,200 in 600 files', 'folder', undefined],
        ['README.md', '2', undefined, 'file:///ws/README.md'],
      ],
    );
    assert.deepEqual(folders[0].lazy, {
      node: { kind: 'unlinked', folderUri: 'file:///ws', path: 'clients/src/main/java' },
    });
    const sites = childNodes(
      folders[1],
      {
        children: [
          { type: 'site', site: site('README.md', 4, 'XXX', 'why?') },
          { type: 'site', site: site('README.md', 30, 'TODO') },
        ],
        total: 2,
      },
      paths,
    );
    assert.deepEqual(
      sites.map((node) => [node.label, node.description, node.contextValue]),
      [
        ['5: XXX: why?', undefined, 'roadmapUnlinkedDebt'],
        ['31: TODO', undefined, 'roadmapUnlinkedDebt'],
      ],
    );
    assert.deepEqual(sites[0].open, { uri: 'file:///ws/README.md', range: range(4, 3) });
  });

  it('ends a page with a node that lists the next page, under ids of its own', () => {
    const unlinked = buildRoadmapView(sampleTree()).nodes[3];
    const file = (n: number) => ({
      type: 'file' as const,
      node: { kind: 'unlinkedFile' as const, uri: `file:///ws/f${n}.ts` },
      uri: `file:///ws/f${n}.ts`,
      path: `f${n}.ts`,
      count: 1,
    });
    const first = childNodes(unlinked, { children: [file(0), file(1)], total: 1135, nextOffset: 2 }, paths);
    const more = first[first.length - 1];
    assert.equal(more.label, '… 1,133 more');
    assert.deepEqual(more.lazy, { node: { kind: 'unlinked' }, offset: 2 });
    const second = childNodes(more, { children: [file(2)], total: 1135, nextOffset: 3 }, paths);
    assert.equal(second[second.length - 1].label, '… 1,132 more');
    const ids = [...first, ...second].map((node) => node.id);
    assert.equal(new Set(ids).size, ids.length, JSON.stringify(ids));
  });

  it("writes the item tooltip as the hover's item card (objective title from the tree, value line, site counts)", () => {
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

  it('gives every node a unique id, even with duplicate IDs in the roadmap', () => {
    const tree = sampleTree();
    tree.items.push(item('RM-7', { objective: 'OBJ-TRUST', title: 'Duplicate' }));
    tree.objectives.push({ id: 'OBJ-FAST', title: 'Again', uri: ROADMAP, range: range(90) });
    const view = buildRoadmapView(tree);
    const ids: string[] = [];
    const walk = (nodes: ViewNode[]) => nodes.forEach((node) => (ids.push(node.id), walk(node.children)));
    walk(view.nodes);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(
      view.nodes[0].children.map((node) => node.description),
      ['Checkout p99 under 300 ms', 'Title of RM-7', 'Duplicate'],
    );
    assert.deepEqual(
      view.nodes.filter((node) => node.label.startsWith('OBJ-FAST')).map((node) => node.description),
      ['A fast team'],
    );
  });

  it('says when indexing still runs, and shows no empty groups', () => {
    const empty = { objectives: [], items: [], unlinked: { count: 0, files: 0 }, roadmapFiles: 'found' as const };
    const view = buildRoadmapView({ ...empty, indexing: true });
    assert.deepEqual(view.nodes, []);
    assert.equal(view.message, 'Indexing the workspace…');
    const both = buildRoadmapView({ ...empty, northStar: 'N', indexing: true });
    assert.equal(both.message, 'North star: N — Indexing the workspace…');
    assert.equal(buildRoadmapView({ ...empty, indexing: false }).message, undefined);
  });

  it('leads with each roadmap file not read past a YAML syntax error, opening the error', () => {
    const range = { start: { line: 12, character: 8 }, end: { line: 12, character: 12 } };
    const view = buildRoadmapView({
      objectives: [],
      items: [],
      unlinked: { count: 0, files: 0 },
      roadmapFiles: 'found',
      indexing: false,
      unreadFiles: [
        { uri: 'file:///ws/roadmap.yaml', path: 'roadmap.yaml', range, message: 'Nested mappings are not allowed' },
      ],
    });
    assert.deepEqual(view.nodes, [
      {
        id: 'unread:roadmap.yaml',
        label: 'roadmap.yaml:13:9 · YAML syntax error',
        description: 'the items after it are not read: Nested mappings are not allowed',
        tooltip:
          '**roadmap.yaml:13:9**: YAML syntax error: Nested mappings are not allowed\n\nThe file is not read past it, so the items after it are missing here until it is fixed.',
        icon: { id: 'error', color: 'errorForeground' },
        open: { uri: 'file:///ws/roadmap.yaml', range },
        children: [],
      },
    ]);
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
