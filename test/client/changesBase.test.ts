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
  it('starts with the working tree, then branches, remote branches and tags', () => {
    assert.deepEqual(basePicks(REFS, '', undefined), [
      {
        label: WORKING_TREE_LABEL,
        description: 'uncommitted changes (index and working tree) · current',
        value: undefined,
      },
      { label: 'feature', description: 'branch', value: 'feature' },
      { label: 'main', description: 'branch ccccccc', value: 'main' },
      { label: 'origin/main', description: 'remote branch bbbbbbb', value: 'origin/main' },
      { label: 'v1.0', description: 'tag aaaaaaa', value: 'v1.0' },
    ]);
  });

  it('offers whatever is typed as a ref of its own, unless it names a listed ref', () => {
    const typed = basePicks(REFS, ' HEAD~3 ', 'main');
    assert.deepEqual(typed.slice(0, 3), [
      { label: WORKING_TREE_LABEL, description: 'uncommitted changes (index and working tree)', value: undefined },
      { label: 'HEAD~3', description: 'compare HEAD with HEAD~3', value: 'HEAD~3' },
      { label: 'feature', description: 'branch', value: 'feature' },
    ]);
    assert.equal(typed.find((p) => p.value === 'main')?.description, 'branch ccccccc · current');
    assert.equal(basePicks(REFS, 'main', undefined).filter((p) => p.label === 'main').length, 1);
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
