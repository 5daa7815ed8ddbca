/**
 * Judging a branch, pure: of today's problems, which ones the branch brings. A problem is the
 * branch's when it stands on a line the branch added and is not on an annotation that merely moved
 * (a removed twin elsewhere in the change); old debt is never the branch's. Two rules look at the
 * whole branch: an item it marks `done` while debt still links it, and an unknown ID anywhere that
 * named an item at the merge-base (the branch removed or renamed the item).
 */
import * as path from 'path';
import { isStrictlyWithin } from '../paths';
import type { ItemStatus, Problem, Range, Roadmap } from '../types';
import { toPosix } from '../workspace/walker';
import type { ChangeInput } from './read';
import { addedAnnotations } from './rollup';

export interface DebtSite {
  file: string;
  range: Range;
}

export interface BranchFacts {
  /** Every problem of the workspace as it is now. */
  problems: readonly Problem[];
  /** The change, as read against the merge-base. */
  input: ChangeInput;
  roadmap: Roadmap;
  prefixes: ReadonlySet<string>;
  /** Item statuses at the merge-base (absent: the item did not exist). */
  baseStatuses: ReadonlyMap<string, ItemStatus | undefined>;
  /** The debt annotations that link an item now, anywhere in the workspace. */
  debtSitesOf: (itemId: string) => DebtSite[];
}

/** The problems the branch brings: a subset of `facts.problems`, then the `done-with-debt` ones. */
export function judgeBranch(facts: BranchFacts): Problem[] {
  const { moved } = addedAnnotations(facts.input.files, facts.prefixes, facts.roadmap);
  const addedLines = new Map<string, LineSet>();
  for (const source of facts.input.files) {
    const lines = new LineSet();
    for (const hunk of source.diff.hunks) lines.add(hunk.newStart, hunk.newLines);
    addedLines.set(source.diff.path, lines);
  }
  const movedLines = new Map<string, LineSet>();
  for (const { path: file, annotation } of moved) {
    let lines = movedLines.get(file);
    if (!lines) movedLines.set(file, (lines = new LineSet()));
    lines.add(annotation.range.start.line, annotation.range.end.line - annotation.range.start.line + 1);
  }
  const judged: Problem[] = [];
  for (const problem of facts.problems) {
    const repoPath = repositoryPath(facts.input.root, problem.file);
    if (repoPath === undefined) continue;
    const line = problem.range.start.line;
    const removedItem =
      problem.code === 'unknown-item' && problem.data?.id !== undefined && facts.baseStatuses.has(problem.data.id);
    if (removedItem || (addedLines.get(repoPath)?.has(line) && !movedLines.get(repoPath)?.has(line)))
      judged.push(problem);
  }
  judged.push(...doneWithDebt(facts));
  return judged;
}

/** Items the branch marks `done` (they were not done at the merge-base) while debt still links them. */
function doneWithDebt(facts: BranchFacts): Problem[] {
  const problems: Problem[] = [];
  for (const item of facts.roadmap.items.values()) {
    if (item.status !== 'done' || facts.baseStatuses.get(item.id) === 'done') continue;
    const sites = facts.debtSitesOf(item.id);
    if (sites.length === 0) continue;
    const them = sites.length === 1 ? 'it' : 'them';
    const where = sites.map(
      (site) => `${repositoryPath(facts.input.root, site.file) ?? site.file}:${site.range.start.line + 1}`,
    );
    problems.push({
      file: item.file,
      range: item.idRange,
      severity: 'error',
      code: 'done-with-debt',
      message: `${item.id} "${item.title}" is marked done by this branch, but ${sites.length === 1 ? '1 debt annotation still links' : `${sites.length} debt annotations still link`} it: ${where.join(', ')}. Resolve ${them} or link ${them} to an open item.`,
      data: { id: item.id, sites },
    });
  }
  return problems;
}

function repositoryPath(root: string, file: string): string | undefined {
  return isStrictlyWithin(root, file) ? toPosix(path.relative(root, file)) : undefined;
}

/** A set of 0-based lines kept as spans; sorted and merged once, then looked up by binary search. */
class LineSet {
  private spans: [number, number][] = [];
  private merged = true;

  add(start: number, count: number): void {
    if (count <= 0) return;
    this.spans.push([start, start + count]);
    this.merged = false;
  }

  has(line: number): boolean {
    if (!this.merged) this.merge();
    let low = 0;
    let high = this.spans.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.spans[mid][0] <= line) low = mid + 1;
      else high = mid;
    }
    return low > 0 && line < this.spans[low - 1][1];
  }

  private merge(): void {
    this.spans.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const span of this.spans) {
      const last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push([span[0], span[1]]);
    }
    this.spans = merged;
    this.merged = true;
  }
}
