/** The first roadmap file of a workspace that has none ("Create roadmap.yaml"). Pure text. */
import { plural } from '../format';

export interface SkeletonTracker {
  prefix: string;
  keys: number;
  example: string;
}

/**
 * A version 2 roadmap with the north star (`northStar: false`: none, another file has it), one objective, no items yet (an example item as a comment), and the trackers whose keys the
 * workspace's comments already cite (so they are tickets at once, not unknown items). Every value is
 * a placeholder the team replaces; the file parses without a problem as written.
 */
export function roadmapSkeleton(
  trackers: readonly SkeletonTracker[],
  objectiveId = 'OBJ-FIRST',
  { northStar = true }: { northStar?: boolean } = {},
): string {
  const lines = [
    '# The roadmap of this workspace: feature work and technical investments in one list.',
    '# Each item names the objective it serves and the value it brings: a metric with a baseline and a target.',
    'version: 2',
    // A workspace has one north star: a placeholder beside the one another roadmap file declares could hide it.
    ...(northStar
      ? ['northStar:', '  statement: Say here what the whole team works toward']
      : ["# The workspace's north star is declared in its other roadmap file."]),
    '',
  ];
  if (trackers.length) {
    lines.push(
      '# Issue trackers whose keys the code already cites: their keys are tickets, never roadmap item IDs.',
      'trackers:',
    );
    for (const tracker of trackers) {
      // Prefixes are `[A-Z][A-Z0-9]*` or `#`; `#` must be quoted, and quoting every one keeps them alike.
      lines.push(
        `  - prefix: ${JSON.stringify(tracker.prefix)}   # ${plural(tracker.keys, 'key')} in comments, e.g. ${tracker.example}`,
      );
      lines.push(`    # url: https://tracker.example/${tracker.prefix === '#' ? 'issues/{number}' : 'browse/{key}'}`);
    }
    lines.push('');
  }
  lines.push(
    'objectives:',
    `  - id: ${objectiveId}`,
    '    title: Name the first outcome this roadmap serves',
    '',
    '# "Propose to roadmap" (a quick fix on a debt comment) adds items here. One written by hand, under items:',
    // A comment, not an item: a placeholder item would be counted, reported and linked as real work.
    '#   - id: RM-1',
    '#     title: Checkout p99 under 300 ms',
    `#     objective: ${objectiveId}`,
    '#     status: planned',
    '#     value: { metric: checkout p99 latency, category: performance, unit: ms, baseline: 850, target: 300 }',
    'items:',
    '',
  );
  return lines.join('\n');
}
