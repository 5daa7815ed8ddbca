/** The one value line and item card that the hover, the CLI, the report and the tree views all show. */
import * as assert from 'node:assert/strict';
import { describeValue, itemCardMarkdown, itemCardOf, summarizeValue, valueSteps } from '../../server/src/core/present';
import type { Roadmap, RoadmapItem } from '../../server/src/core/types';
import { plural } from '../../server/src/core/format';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

describe('presentation', () => {
  it('writes one value line: name (category), baseline → current → target, progress when computable', () => {
    assert.equal(
      describeValue({
        metric: 'checkout p99 latency',
        category: 'reliability',
        unit: 'ms',
        baseline: 850,
        current: 640,
        target: 300,
      }),
      'checkout p99 latency (reliability): 850 ms → 640 ms → 300 ms, 38% of the way',
    );
    assert.equal(describeValue({ metric: 'deploys per week', baseline: 2, target: 10 }), 'deploys per week: 2 → 10');
    assert.equal(describeValue({ metric: 'nps', unit: 'points', target: 45 }), 'nps: no baseline yet → 45 points');
    assert.equal(describeValue({ metric: 'nps', unit: 'points', baseline: 31 }), 'nps: 31 points → no target yet');
    // A proposed item's metric has no numbers yet: said in words, never "? → ?".
    assert.equal(
      describeValue({ metric: 'open CVEs', category: 'security' }),
      'open CVEs (security): no baseline or target yet',
    );
    assert.equal(valueSteps({ metric: 'm', unit: 'ms', current: 640 }), '640 ms now, no baseline or target yet');
    assert.equal(valueSteps({ metric: 'm', baseline: 0, current: 0.125, target: 1 }), '0 → 0.125 → 1, 13% of the way');
    // Target equal to baseline: no progress can be computed, so none is shown.
    assert.equal(valueSteps({ metric: 'm', baseline: 1, current: 1, target: 1 }), '1 → 1 → 1');
  });

  it('summarizes a value metric without its position, with its progress', () => {
    assert.deepEqual(summarizeValue({ metric: 'm', unit: '%', baseline: 0, current: 5, target: 10, range }), {
      metric: 'm',
      unit: '%',
      baseline: 0,
      current: 5,
      target: 10,
      progress: 0.5,
    });
    assert.deepEqual(summarizeValue({ metric: 'm', range }), { metric: 'm' });
  });

  it('writes the item card with escaped user text, an unknown objective and the site counts', () => {
    assert.equal(
      itemCardMarkdown({
        id: 'RM-1',
        title: 'Use *fast* path',
        status: 'dropped',
        objective: { id: 'OBJ-X' },
        values: [],
        siteCount: 1,
        debtCount: 1,
        openTarget: 'command:x',
      }),
      [
        '**RM-1** · Use \\*fast\\* path · [open](command:x)',
        '',
        '**dropped**',
        '',
        'Objective: OBJ-X (unknown)',
        '',
        'Linked from 1 code site (1 debt).',
      ].join('\n'),
    );
  });

  it('says on the card when the item is due, and when it is overdue (judged against the given day)', () => {
    const item = {
      id: 'OK-1',
      title: 'Pool',
      status: 'in-progress',
      due: '2026-06-30',
      values: [],
    } as unknown as RoadmapItem;
    const roadmap = { objectives: new Map() } as unknown as Roadmap;
    const facts = (today: string) =>
      itemCardMarkdown(itemCardOf(item, roadmap, { siteCount: 0, debtCount: 0 }, today)).split('\n')[2];
    assert.equal(facts('2026-06-30'), '**in-progress** · due 2026-06-30');
    assert.equal(facts('2026-07-01'), '**in-progress** · **overdue** (due 2026-06-30)');
    assert.equal(
      itemCardMarkdown(
        itemCardOf({ ...item, status: 'done' }, roadmap, { siteCount: 0, debtCount: 0 }, '2026-07-01'),
      ).split('\n')[2],
      '**done** · due 2026-06-30',
    );
  });

  it('counts in words', () => {
    assert.equal(plural(1, 'file'), '1 file');
    assert.equal(plural(0, 'file'), '0 files');
    assert.equal(plural(2, 'entry', 'entries'), '2 entries');
  });
});
