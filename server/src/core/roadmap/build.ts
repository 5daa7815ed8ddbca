/**
 * Parsed roadmap files → one Roadmap: IDs merged across files, plus the problems only the whole
 * roadmap shows (duplicate IDs, references to nothing, dependency cycles).
 */
import * as path from 'node:path';
import type {
  NorthStarMetric,
  Objective,
  Problem,
  Range,
  Roadmap,
  RoadmapFileModel,
  RoadmapItem,
  RoadmapReference,
  Tracker,
} from '../types';
import { closestIds, compareIds, prefixOf } from '../ids';

interface Definition {
  kind: 'item' | 'objective' | 'north-star metric';
  file: string;
  idRange: Range;
}

export function buildRoadmap(files: RoadmapFileModel[]): Roadmap {
  const items = new Map<string, RoadmapItem>();
  const objectives = new Map<string, Objective>();
  const northStarMetrics = new Map<string, NorthStarMetric>();
  // Items, objectives and north-star metrics share one ID space.
  const definitions = new Map<string, Definition[]>();
  const define = (id: string, definition: Definition) => {
    const existing = definitions.get(id);
    if (existing) existing.push(definition);
    else definitions.set(id, [definition]);
  };

  for (const file of files) {
    for (const item of file.items) {
      define(item.id, { kind: 'item', file: item.file, idRange: item.idRange });
      if (!items.has(item.id)) items.set(item.id, item);
    }
    for (const objective of file.objectives) {
      define(objective.id, { kind: 'objective', file: objective.file, idRange: objective.idRange });
      if (!objectives.has(objective.id)) objectives.set(objective.id, objective);
    }
    for (const metric of file.northStar?.metrics ?? []) {
      define(metric.id, { kind: 'north-star metric', file: metric.file, idRange: metric.idRange });
      if (!northStarMetrics.has(metric.id)) northStarMetrics.set(metric.id, metric);
    }
  }

  const problems: Problem[] = files.flatMap((file) => file.problems);
  // Appended one by one: spreading a list of 100k+ problems into push() overflows the stack.
  for (const problem of duplicateProblems(definitions)) problems.push(problem);
  const suggestions = new Suggestions();
  for (const file of files) {
    for (const reference of file.references) {
      const problem = unknownReferenceProblem(reference, items, objectives, northStarMetrics, suggestions);
      if (problem) problems.push(problem);
    }
  }
  for (const problem of cycleProblems(files, items)) problems.push(problem);
  const trackers = trackersOf(files, items, problems);
  const tickets = ticketsOf(files, items, trackers, problems);

  const northStar = files.find((file) => file.northStar)?.northStar;
  return { files, items, objectives, northStarMetrics, ...(northStar ? { northStar } : {}), trackers, tickets, problems };
}

/**
 * v2: trackers by prefix. A prefix declared twice is reported at the later declarations; a prefix that
 * roadmap item IDs also use is reported at the tracker, since its keys could then mean either.
 */
function trackersOf(files: RoadmapFileModel[], items: Map<string, RoadmapItem>, problems: Problem[]): Map<string, Tracker> {
  const trackers = new Map<string, Tracker>();
  const all = files.flatMap((file) => file.trackers);
  if (all.length === 0) return trackers;
  const itemsByPrefix = new Map<string, string[]>();
  for (const id of items.keys()) {
    const prefix = prefixOf(id);
    const ids = itemsByPrefix.get(prefix);
    if (ids) ids.push(id);
    else itemsByPrefix.set(prefix, [id]);
  }
  for (const tracker of all) {
    const first = trackers.get(tracker.prefix);
    if (first) {
      problems.push({
        file: tracker.file,
        range: tracker.prefixRange,
        severity: 'error',
        code: 'tracker-prefix',
        message: `Tracker prefix "${tracker.prefix}" is already declared at ${where({ file: first.file, idRange: first.prefixRange }, tracker.file)}; each prefix names one tracker.`,
        data: { id: tracker.prefix },
      });
      continue;
    }
    trackers.set(tracker.prefix, tracker);
    const clashing = itemsByPrefix.get(tracker.prefix);
    if (clashing) {
      const shown = clashing.sort(compareIds).slice(0, 3).join(', ') + (clashing.length > 3 ? `, and ${clashing.length - 3} more` : '');
      problems.push({
        file: tracker.file,
        range: tracker.prefixRange,
        severity: 'error',
        code: 'tracker-prefix',
        message: `Tracker prefix "${tracker.prefix}" is also the prefix of roadmap items (${shown}): a key ${tracker.prefix}-123 is a ticket of this tracker, never an item. Give the items or the tracker another prefix.`,
        data: { id: tracker.prefix },
      });
    }
  }
  return trackers;
}

/**
 * v2: ticket → the item listing it. A ticket listed twice is reported at every listing; a ticket whose
 * prefix no tracker declares is reported too, since annotations naming it would be plain text.
 */
function ticketsOf(files: RoadmapFileModel[], items: Map<string, RoadmapItem>, trackers: Map<string, Tracker>, problems: Problem[]): Map<string, RoadmapItem> {
  const listings = new Map<string, RoadmapReference[]>();
  for (const file of files) {
    for (const reference of file.references) {
      if (reference.kind !== 'ticket') continue;
      const list = listings.get(reference.targetId);
      if (list) list.push(reference);
      else listings.set(reference.targetId, [reference]);
    }
  }
  const tickets = new Map<string, RoadmapItem>();
  for (const [ticket, all] of listings) {
    const owner = all.map((reference) => reference.from !== undefined && items.get(reference.from)).find((item) => item) || undefined;
    if (owner) tickets.set(ticket, owner);
    if (!trackers.has(prefixOf(ticket))) {
      for (const reference of all) {
        const prefix = prefixOf(ticket);
        problems.push({
          file: reference.file,
          range: reference.range,
          severity: 'warning',
          code: 'unknown-tracker',
          message: `No tracker has the prefix "${prefix}": declare it under "trackers" (prefix: ${prefix === '#' ? '"#"' : prefix}), or code naming ${ticket} is plain text and never links to this item.`,
          data: { id: ticket },
        });
      }
    }
    if (all.length < 2) continue;
    for (const reference of all) {
      const others = all.filter((other) => other !== reference).slice(0, MAX_OTHERS_IN_MESSAGE);
      const named = others.map((other) => `${other.from ?? 'an item'} (${where({ file: other.file, idRange: other.range }, reference.file)})`);
      problems.push({
        file: reference.file,
        range: reference.range,
        severity: 'error',
        code: 'duplicate-ticket',
        message: `Ticket ${ticket} is also listed by ${named.join(', ')}${all.length - 1 > others.length ? `, and ${all.length - 1 - others.length} more` : ''}: a ticket belongs to one item.`,
        data: { id: ticket },
      });
    }
  }
  return tickets;
}

/**
 * A message names at most this many other definitions: n copies of one ID would otherwise cost n² time
 * and memory (thousands of pasted items froze the server on every keystroke).
 */
const MAX_OTHERS_IN_MESSAGE = 5;

function duplicateProblems(definitions: Map<string, Definition[]>): Problem[] {
  const problems: Problem[] = [];
  for (const [id, all] of definitions) {
    if (all.length < 2) continue;
    for (const definition of all) {
      const others: string[] = [];
      for (const other of all) {
        if (other === definition) continue;
        if (others.length === MAX_OTHERS_IN_MESSAGE) {
          others.push(`and ${all.length - 1 - MAX_OTHERS_IN_MESSAGE} more`);
          break;
        }
        others.push(`as ${article(other.kind)} ${other.kind} at ${where(other, definition.file)}`);
      }
      problems.push({
        file: definition.file,
        range: definition.idRange,
        severity: 'error',
        code: 'duplicate-id',
        message: `Duplicate ID "${id}": also defined ${others.join(', ')}. IDs must be unique across all roadmap files.`,
        data: { id },
      });
    }
  }
  return problems;
}

function article(kind: Definition['kind']): string {
  return kind === 'north-star metric' ? 'a' : 'an';
}

/** `path:line` (1-based line), the path relative to the folder of the file the message appears in. */
function where(definition: Pick<Definition, 'file' | 'idRange'>, fromFile: string): string {
  const relative = path.relative(path.dirname(fromFile), definition.file) || path.basename(definition.file);
  return `${relative}:${definition.idRange.start.line + 1}`;
}

function unknownReferenceProblem(
  reference: RoadmapReference,
  items: Map<string, RoadmapItem>,
  objectives: Map<string, Objective>,
  northStarMetrics: Map<string, NorthStarMetric>,
  suggestions: Suggestions,
): Problem | undefined {
  const id = reference.targetId;
  const problem = (code: Problem['code'], message: string, candidates: Map<string, unknown>): Problem => ({
    file: reference.file,
    range: reference.range,
    severity: 'error',
    code,
    message,
    data: { id, suggestions: suggestions.closestTo(reference.kind, id, candidates) },
  });
  switch (reference.kind) {
    case 'objective':
      if (objectives.has(id)) return undefined;
      return problem('unknown-objective', `Unknown objective "${id}".${items.has(id) ? ` "${id}" is an item; "objective" names an objective.` : ''}`, objectives);
    case 'dependsOn':
      if (items.has(id)) return undefined;
      return problem('unknown-dependency', `Unknown dependency "${id}": no roadmap item has this ID.${objectives.has(id) ? ` "${id}" is an objective; "dependsOn" names items.` : ''}`, items);
    case 'ticket':
      return undefined; // checked with the trackers, in ticketsOf
    case 'metric':
      if (northStarMetrics.has(id)) return undefined;
      return problem('unknown-metric', `Unknown north-star metric "${id}": "metrics" names metrics listed under northStar.metrics.`, northStarMetrics);
  }
}

/** Candidate IDs compared per build at most: a roadmap broken wholesale gets suggestions for its first unknown IDs. */
const SUGGESTION_BUDGET = 1_000_000;

/** Suggestions per unknown ID, each computed once: finding them scans every ID of the kind. */
class Suggestions {
  private readonly known = new Map<string, string[]>();
  private budget = SUGGESTION_BUDGET;

  closestTo(kind: RoadmapReference['kind'], id: string, candidates: Map<string, unknown>): string[] {
    const key = `${kind}\u0000${id}`;
    let closest = this.known.get(key);
    if (!closest) {
      closest = candidates.size <= this.budget ? closestIds(id, candidates.keys()) : [];
      this.budget -= Math.min(this.budget, candidates.size);
      this.known.set(key, closest);
    }
    return [...closest];
  }
}

interface DependencyEdge {
  from: string;
  to: string;
  reference: RoadmapReference;
}

/** The longest cycle a message spells out in full. */
const MAX_CYCLE_IN_MESSAGE = 20;

/**
 * Every cycle has an edge that a depth-first search finds pointing back into its own path; each
 * such cycle is reported on all of its `dependsOn` entries (each entry once), the message starting
 * at the entry's own item. Iterative, so a long dependency chain cannot overflow the stack.
 */
function cycleProblems(files: RoadmapFileModel[], items: Map<string, RoadmapItem>): Problem[] {
  const edges = new Map<string, DependencyEdge[]>();
  for (const file of files) {
    for (const reference of file.references) {
      if (reference.kind !== 'dependsOn' || reference.from === undefined || !items.has(reference.targetId)) continue;
      const edge = { from: reference.from, to: reference.targetId, reference };
      const outgoing = edges.get(edge.from);
      if (outgoing) outgoing.push(edge);
      else edges.set(edge.from, [edge]);
    }
  }

  const problems: Problem[] = [];
  const reported = new Set<DependencyEdge>();
  const finished = new Set<string>();
  // The current DFS path: each item, the index of its next edge, and the edge that led to it.
  const path: Array<{ id: string; next: number; via?: DependencyEdge }> = [];
  const onPath = new Map<string, number>();

  for (const start of edges.keys()) {
    if (finished.has(start)) continue;
    path.push({ id: start, next: 0 });
    onPath.set(start, 0);
    while (path.length > 0) {
      const frame = path[path.length - 1];
      const edge = edges.get(frame.id)?.[frame.next++];
      if (!edge) {
        path.pop();
        onPath.delete(frame.id);
        finished.add(frame.id);
        continue;
      }
      const cycleStart = onPath.get(edge.to);
      if (cycleStart !== undefined) {
        const cycle = path.slice(cycleStart + 1).map((step) => step.via!);
        cycle.push(edge);
        for (const [index, cycleEdge] of cycle.entries()) {
          if (reported.has(cycleEdge)) continue;
          reported.add(cycleEdge);
          problems.push(cycleProblem(cycleEdge, [...cycle.slice(index), ...cycle.slice(0, index)]));
        }
      } else if (!finished.has(edge.to)) {
        onPath.set(edge.to, path.length);
        path.push({ id: edge.to, next: 0, via: edge });
      }
    }
  }
  return problems;
}

function cycleProblem(edge: DependencyEdge, cycleFromEdge: DependencyEdge[]): Problem {
  const ids = cycleFromEdge.map((step) => step.from);
  const shown = ids.length > MAX_CYCLE_IN_MESSAGE ? [...ids.slice(0, MAX_CYCLE_IN_MESSAGE - 1), `… (${ids.length} items)`] : ids;
  return {
    file: edge.reference.file,
    range: edge.reference.range,
    severity: 'error',
    code: 'dependency-cycle',
    message: `Dependency cycle: ${[...shown, edge.from].join(' → ')}.`,
    data: { id: edge.to },
  };
}
