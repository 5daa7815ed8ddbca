import * as assert from 'node:assert/strict';
import { basePicks, WORKING_TREE_LABEL } from '../../client/src/model/changesBase';
import type { RefInfo } from '../../client/src/model/changesBase';

const REFS: RefInfo[] = [
  { name: 'v1.0', kind: 'tag', commit: 'aaaaaaaaaa' },
  { name: 'origin/main', kind: 'remote', commit: 'bbbbbbbbbb' },
  { name: 'main', kind: 'branch', commit: 'cccccccccc' },
  { name: 'feature', kind: 'branch' },
  { name: 'main', kind: 'branch', commit: 'cccccccccc' },
];

describe('changes base pick list', () => {
  it('starts with the working tree and the usual base, then branches, remote branches and tags', () => {
    assert.deepEqual(basePicks(REFS, '', undefined), [
      {
        label: WORKING_TREE_LABEL,
        description: 'uncommitted changes (index and working tree) · current',
        value: undefined,
      },
      { label: 'main', description: 'branch ccccccc · the usual base', value: 'main' },
      { label: 'feature', description: 'branch', value: 'feature' },
      { label: 'origin/main', description: 'remote branch bbbbbbb', value: 'origin/main' },
      { label: 'v1.0', description: 'tag aaaaaaa', value: 'v1.0' },
    ]);
  });

  it('offers whatever is typed as a ref of its own, unless it names a listed ref', () => {
    const typed = basePicks(REFS, ' HEAD~3 ', 'main');
    assert.deepEqual(typed.slice(0, 3), [
      { label: WORKING_TREE_LABEL, description: 'uncommitted changes (index and working tree)', value: undefined },
      { label: 'HEAD~3', description: 'compare HEAD with HEAD~3', value: 'HEAD~3' },
      { label: 'main', description: 'branch ccccccc · the usual base · current', value: 'main' },
    ]);
    assert.equal(basePicks(REFS, 'main', undefined).filter((p) => p.label === 'main').length, 1);
  });

  it('leaves out the branch checked out and puts the usual base right after the working tree', () => {
    const many: RefInfo[] = [
      ...Array.from({ length: 300 }, (_, i) => ({ name: `origin/a-${i}`, kind: 'remote' as const })),
      { name: 'origin/main', kind: 'remote', commit: 'bbbbbbbbbb' },
      { name: 'feat', kind: 'branch', commit: 'dddddddddd' },
      { name: 'main', kind: 'branch', commit: 'cccccccccc' },
    ];
    const onFeat = basePicks(many, '', undefined, 'feat');
    assert.deepEqual(
      onFeat.slice(0, 3).map((p) => [p.label, p.description]),
      [
        [WORKING_TREE_LABEL, 'uncommitted changes (index and working tree) · current'],
        ['main', 'branch ccccccc · the usual base'],
        ['origin/a-0', 'remote branch'],
      ],
    );
    assert.ok(!onFeat.some((p) => p.value === 'feat'), 'HEAD against itself is offered');
    // On main, its remote comes first: what is not pushed yet.
    assert.deepEqual(
      basePicks(many, '', undefined, 'main')
        .slice(1, 2)
        .map((p) => [p.label, p.description]),
      [['origin/main', 'remote branch bbbbbbb · the usual base']],
    );
  });

  it('keeps a typed-in current base in the list', () => {
    assert.deepEqual(
      basePicks([], '', 'abc1234').map((p) => [p.label, p.description]),
      [
        [WORKING_TREE_LABEL, 'uncommitted changes (index and working tree)'],
        ['abc1234', 'compare HEAD with abc1234 · current'],
      ],
    );
  });
});
