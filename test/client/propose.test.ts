import * as assert from 'node:assert/strict';
import {
  asLinkArgs,
  asProposeArgs,
  categoryPicks,
  choiceDefaults,
  linkPicks,
  objectivePicks,
  resultNotice,
  withChoices,
} from '../../client/src/model/propose';
import type { ProposeArgs, TreeItemDto, TreeResult } from '../../server/src/protocol';

const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };

function item(id: string, status: string | undefined, objective?: string): TreeItemDto {
  return {
    id,
    title: `Title ${id}`,
    status,
    objective,
    uri: 'file:///ws/roadmap.yaml',
    range: R,
    values: [],
    siteCount: 0,
    debtCount: 0,
  };
}

const TREE: TreeResult = {
  objectives: [
    { id: 'OBJ-TRUST', title: 'Customers trust checkout', uri: 'file:///ws/roadmap.yaml', range: R },
    { id: 'OBJ-FAST', title: 'A fast team', uri: 'file:///ws/roadmap.yaml', range: R },
  ],
  items: [
    item('RM-1', 'done', 'OBJ-TRUST'),
    item('RM-2', 'in-progress', 'OBJ-TRUST'),
    item('RM-3', 'dropped'),
    item('RM-4', undefined),
  ],
  unlinked: { count: 0, files: 0 },
  indexing: false,
  roadmapFiles: 'found',
};

const ARGS: ProposeArgs = { uri: 'file:///ws/a.ts', line: 3, character: 5, expectedText: 'cache the price' };

describe('propose and link choices', () => {
  it('offers Skip first, then the objectives with their item counts', () => {
    assert.deepEqual(objectivePicks(TREE, undefined), [
      { label: 'Skip — no objective', value: undefined },
      { label: 'OBJ-TRUST', description: 'Customers trust checkout', detail: '2 items', value: 'OBJ-TRUST' },
      { label: 'OBJ-FAST', description: 'A fast team', detail: '0 items', value: 'OBJ-FAST' },
    ]);
    assert.deepEqual(objectivePicks(undefined, 'OBJ-X'), [{ label: 'Skip — keeps OBJ-X', value: undefined }]);
  });

  it('offers the six value categories after Skip', () => {
    const picks = categoryPicks(undefined);
    assert.deepEqual(
      picks.map((p) => p.value),
      [undefined, 'reliability', 'security', 'performance', 'velocity', 'customer', 'revenue'],
    );
    assert.deepEqual(picks[1], {
      label: 'reliability',
      description: 'uptime, latency, error rates',
      value: 'reliability',
    });
    assert.equal(picks[0].label, 'Skip — no category');
    assert.equal(categoryPicks('security')[0].label, 'Skip — keeps security');
  });

  it('starts each step at the choice in the arguments, else at the default the server sent', () => {
    assert.deepEqual(choiceDefaults({ ...ARGS, defaults: { objective: 'OBJ-RESILIENCE', category: 'reliability' } }), {
      objective: 'OBJ-RESILIENCE',
      category: 'reliability',
    });
    assert.deepEqual(
      choiceDefaults({ ...ARGS, category: 'security', defaults: { objective: 'OBJ-A', category: 'reliability' } }),
      {
        objective: 'OBJ-A',
        category: 'security',
      },
    );
    assert.deepEqual(choiceDefaults(ARGS), {});
    assert.equal(
      objectivePicks(TREE, choiceDefaults({ ...ARGS, defaults: { objective: 'OBJ-TRUST' } }).objective)[0].label,
      'Skip — keeps OBJ-TRUST',
    );
  });

  it('merges only the choices made; skipped or blank ones keep the arguments', () => {
    assert.deepEqual(withChoices(ARGS, { objective: 'OBJ-FAST', category: undefined, metric: '  lead time ' }), {
      ...ARGS,
      objective: 'OBJ-FAST',
      metric: 'lead time',
    });
    const preset = { ...ARGS, category: 'security', metric: 'open CVEs' };
    assert.deepEqual(withChoices(preset, { objective: undefined, category: undefined, metric: '   ' }), preset);
    assert.deepEqual(withChoices({ uri: 'file:///ws/a.ts' }, { category: 'revenue' }), {
      uri: 'file:///ws/a.ts',
      category: 'revenue',
    });
    // The caller's object is not changed.
    assert.equal((ARGS as { objective?: string }).objective, undefined);
  });

  it('ranks link targets as the server did, with titles from the tree, then lists the other items', () => {
    assert.deepEqual(
      linkPicks(TREE, [
        { id: 'RM-2', title: 'old title' },
        { id: 'RM-8', title: 'Not in tree' },
        { id: 'RM-2', title: 'x' },
      ]),
      [
        { label: 'RM-2', description: 'Title RM-2', detail: 'in-progress · OBJ-TRUST', value: 'RM-2' },
        { label: 'RM-8', description: 'Not in tree', value: 'RM-8' },
        // The ranking goes by shared words; the item the debt belongs to may share none.
        { label: 'RM-4', description: 'Title RM-4', value: 'RM-4' },
        { label: 'RM-1', description: 'Title RM-1', detail: 'done · OBJ-TRUST', value: 'RM-1' },
        { label: 'RM-3', description: 'Title RM-3', detail: 'dropped', value: 'RM-3' },
      ],
    );
  });

  it('without a ranking, lists open items first and finished ones last', () => {
    assert.deepEqual(
      linkPicks(TREE, undefined).map((p) => [p.label, p.detail]),
      [
        ['RM-2', 'in-progress · OBJ-TRUST'],
        ['RM-4', undefined],
        ['RM-1', 'done · OBJ-TRUST'],
        ['RM-3', 'dropped'],
      ],
    );
    assert.deepEqual(linkPicks(undefined, []), []);
  });

  it('turns a command result into a warning (with the error location) or a status note', () => {
    const errorLocation = { uri: 'file:///ws/roadmap.yaml', range: R };
    assert.deepEqual(
      resultNotice({ applied: false, ids: [], message: 'The roadmap has syntax errors.', errorLocation }, 'Proposed'),
      {
        kind: 'warning',
        message: 'The roadmap has syntax errors.',
        errorLocation,
      },
    );
    assert.deepEqual(resultNotice({ applied: false, ids: [] }, 'Linked'), {
      kind: 'warning',
      message: 'Nothing was changed.',
    });
    assert.deepEqual(resultNotice({ applied: true, ids: ['RM-13', 'RM-14'] }, 'Proposed'), {
      kind: 'status',
      message: 'Proposed RM-13, RM-14',
    });
    assert.equal(resultNotice(null, 'Linked'), undefined);
    assert.equal(resultNotice({ ids: [] }, 'Linked'), undefined);
  });

  it('accepts only argument objects that name a file and a line', () => {
    assert.deepEqual(asProposeArgs(ARGS), ARGS);
    assert.equal(asProposeArgs({ uri: 'file:///ws/a.ts' }), undefined);
    assert.equal(asProposeArgs('file:///ws/a.ts'), undefined);
    assert.equal(asLinkArgs([ARGS]), undefined);
    assert.deepEqual(asLinkArgs({ ...ARGS, id: 'RM-2' }), { ...ARGS, id: 'RM-2' });
  });
});
