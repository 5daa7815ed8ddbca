/**
 * Issue #9 point 7, YAML that real teams write: a merge key (`<<: *defaults`) contributes the keys the
 * item does not set itself, so the item is neither reported without a value nor loses its status.
 */
import { strict as assert } from 'assert';
import { buildRoadmap, parseRoadmapFile } from '../../server/src/core/roadmap';
import { DEFAULT_COMPILED_SETTINGS } from '../../server/src/core/settings';

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
