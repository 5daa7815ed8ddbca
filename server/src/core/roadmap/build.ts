/**
 * Parsed roadmap files → one Roadmap: IDs merged across files, plus the problems only the whole
 * roadmap shows (duplicate IDs, references to nothing, dependency cycles).
 */
import * as path from 'node:path';
import type {
  ItemStatus,
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
import { compareIds, didYouMean, prefixOf, suggestItems, type ItemSuggestions } from '../ids';

interface Definition {
  kind: 'item' | 'objective' | 'north-star metric';
  file: string;
  idRange: Range;
}

/**
 * How a message names another roadmap file (`fromFile` is the file the message appears in). The CLI names
 * files as its problem lines do (relative to where it runs); the default is relative to `fromFile`'s folder.
 */
export type NameFile = (file: string, fromFile: string) => string;

const relativeToFolderOf: NameFile = (file, fromFile) =>
  path.relative(path.dirname(fromFile), file) || path.basename(file);

export function buildRoadmap(files: RoadmapFileModel[], nameFile: NameFile = relativeToFolderOf): Roadmap {
  const items = new Map<string, RoadmapItem>();
  const objectives = new Map<string, Objective>();
  const northStarMetrics = new Map<string, NorthStarMetric>();
  // Items, objectives and north-star metrics share one ID space. Only an ID defined twice gets a list of its
  // definitions (the first one is in the maps): rebuilt on every roadmap keystroke, the rest allocates nothing.
  const duplicates = new Map<string, Definition[]>();
  const firstDefinition = (id: string): Definition | undefined => {
    const first = items.get(id) ?? objectives.get(id) ?? northStarMetrics.get(id);
    if (!first) return undefined;
    const kind = items.has(id) ? 'item' : objectives.has(id) ? 'objective' : 'north-star metric';
    return { kind, file: first.file, idRange: first.idRange };
  };
  const define = (id: string, kind: Definition['kind'], { file, idRange }: { file: string; idRange: Range }) => {
    const existing = duplicates.get(id);
    if (existing) existing.push({ kind, file, idRange });
    else {
      const first = firstDefinition(id);
      if (first) duplicates.set(id, [first, { kind, file, idRange }]);
    }
  };

  for (const file of files) {
    for (const item of file.items) {
      define(item.id, 'item', item);
      if (!items.has(item.id)) items.set(item.id, item);
    }
    for (const objective of file.objectives) {
      define(objective.id, 'objective', objective);
      if (!objectives.has(objective.id)) objectives.set(objective.id, objective);
    }
    for (const metric of file.northStar?.metrics ?? []) {
      define(metric.id, 'north-star metric', metric);
      if (!northStarMetrics.has(metric.id)) northStarMetrics.set(metric.id, metric);
    }
  }

  const problems: Problem[] = files.flatMap((file) => file.problems);
  // Appended one by one: spreading a list of 100k+ problems into push() overflows the stack.
  for (const problem of duplicateProblems(files, duplicates, nameFile)) problems.push(problem);
  const suggestions = new Suggestions();
  for (const file of files) {
    for (const reference of file.references) {
      const problem = unknownReferenceProblem(reference, items, objectives, northStarMetrics, suggestions);
      if (problem) problems.push(problem);
    }
  }
  for (const problem of cycleProblems(files, items)) problems.push(problem);
  const trackers = trackersOf(files, items, problems, nameFile);
  const tickets = ticketsOf(files, items, trackers, problems, nameFile);

  const northStar = files.find((file) => file.northStar)?.northStar;
  for (const file of files) {
    const other = file.northStar;
    if (!northStar || !other || other === northStar) continue;
    // One roadmap has one north star: a second one's statement and mix are not read (its metrics are IDs still).
    problems.push({
      file: file.file,
      range: other.keyRange,
      severity: 'warning',
      code: 'duplicate-north-star',
      message: `A second north star: the roadmap's statement and mix are those at ${nameFile(northStar.file, file.file)}:${northStar.keyRange.start.line + 1} (the first roadmap file in path order with a north star), not this file's. Keep one north star, in one file.`,
    });
  }
  return {
    files,
    items,
    objectives,
    northStarMetrics,
    ...(northStar ? { northStar } : {}),
    trackers,
    tickets,
    problems,
  };
}

/**
 * v2: trackers by prefix. A prefix declared twice is reported at the later declarations; a prefix that
 * roadmap item IDs also use is reported at the tracker, since its keys could then mean either.
 */
function trackersOf(
  files: RoadmapFileModel[],
  items: Map<string, RoadmapItem>,
  problems: Problem[],
  nameFile: NameFile,
): Map<string, Tracker> {
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
        message: `Tracker prefix "${tracker.prefix}" is already declared at ${where({ file: first.file, idRange: first.prefixRange }, tracker.file, nameFile)}; each prefix names one tracker.`,
        data: { id: tracker.prefix },
      });
      continue;
    }
    trackers.set(tracker.prefix, tracker);
    const clashing = itemsByPrefix.get(tracker.prefix);
    if (clashing) {
      const shown =
        clashing.sort(compareIds).slice(0, 3).join(', ') +
        (clashing.length > 3 ? `, and ${clashing.length - 3} more` : '');
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
function ticketsOf(
  files: RoadmapFileModel[],
  items: Map<string, RoadmapItem>,
  trackers: Map<string, Tracker>,
  problems: Problem[],
  nameFile: NameFile,
): Map<string, RoadmapItem> {
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
    const owner =
      all.map((reference) => reference.from !== undefined && items.get(reference.from)).find((item) => item) ||
      undefined;
    if (owner) tickets.set(ticket, owner);
    // An item merging another's keys (`<<: *rm1`) lists the same text again: one listing, reported once.
    const byText = new Map<string, RoadmapReference[]>();
    for (const reference of all) {
      const key = `${reference.file}\0${reference.range.start.line}:${reference.range.start.character}`;
      const same = byText.get(key);
      if (same) same.push(reference);
      else byText.set(key, [reference]);
    }
    const listedAt = [...byText.values()];
    if (!trackers.has(prefixOf(ticket))) {
      for (const [reference] of listedAt) {
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
    for (const here of listedAt) {
      const [reference] = here;
      // The first few other listings only: a ticket pasted n times must not cost n² (see MAX_OTHERS_IN_MESSAGE).
      const others: RoadmapReference[] = [];
      for (const other of listedAt) {
        if (others.length === MAX_OTHERS_IN_MESSAGE) break;
        if (other !== here) others.push(other[0]);
      }
      const elsewhere = listedAt.length - 1;
      const named = others.map(
        (other) =>
          `${other.from ?? 'an item'} (${where({ file: other.file, idRange: other.range }, reference.file, nameFile)})`,
      );
      const merged = here.slice(1).map((other) => other.from ?? 'an item');
      const parts = [
        ...(merged.length ? [`through a merge key by ${merged.join(', ')}`] : []),
        ...(named.length ? [`by ${named.join(', ')}`] : []),
      ];
      const more = elsewhere > others.length ? `, and ${elsewhere - others.length} more` : '';
      problems.push({
        file: reference.file,
        range: reference.range,
        severity: 'error',
        code: 'duplicate-ticket',
        message: `Ticket ${ticket} is also listed ${parts.join(' and ')}${more}: a ticket belongs to one item.`,
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

/** The duplicate-ID problems, in the order of each ID's first definition. */
function duplicateProblems(
  files: RoadmapFileModel[],
  duplicates: Map<string, Definition[]>,
  nameFile: NameFile,
): Problem[] {
  const problems: Problem[] = [];
  if (!duplicates.size) return problems;
  const ordered = new Set<string>();
  for (const file of files) {
    for (const { id } of [...file.items, ...file.objectives, ...(file.northStar?.metrics ?? [])])
      if (duplicates.has(id)) ordered.add(id);
  }
  for (const id of ordered) {
    const all = duplicates.get(id)!;
    for (const definition of all) {
      const others: string[] = [];
      for (const other of all) {
        if (other === definition) continue;
        if (others.length === MAX_OTHERS_IN_MESSAGE) {
          others.push(`and ${all.length - 1 - MAX_OTHERS_IN_MESSAGE} more`);
          break;
        }
        others.push(`as ${article(other.kind)} ${other.kind} at ${where(other, definition.file, nameFile)}`);
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

/** `path:line` (1-based line), the path as `nameFile` names it. */
function where(definition: Pick<Definition, 'file' | 'idRange'>, fromFile: string, nameFile: NameFile): string {
  return `${nameFile(definition.file, fromFile)}:${definition.idRange.start.line + 1}`;
}

function unknownReferenceProblem(
  reference: RoadmapReference,
  items: Map<string, RoadmapItem>,
  objectives: Map<string, Objective>,
  northStarMetrics: Map<string, NorthStarMetric>,
  suggestions: Suggestions,
): Problem | undefined {
  const id = reference.targetId;
  // The closest IDs are said in the message, as for an unknown item in code, and offered as "Change to …".
  const problem = (code: Problem['code'], message: string, candidates: Candidates, self?: string): Problem => {
    // An item is never offered as its own dependency: that would be a cycle of one.
    const meant = withoutId(suggestions.closestTo(reference.kind, id, candidates), self);
    return {
      file: reference.file,
      range: reference.range,
      severity: 'error',
      code,
      message: message + didYouMean(meant),
      data: { id, suggestions: meant.ids, ...(meant.caveats ? { caveats: meant.caveats } : {}) },
    };
  };
  switch (reference.kind) {
    case 'objective':
      if (objectives.has(id)) return undefined;
      return problem(
        'unknown-objective',
        `Unknown objective "${id}".${items.has(id) ? ` "${id}" is an item; "objective" names an objective.` : ''}`,
        objectives,
      );
    case 'dependsOn':
      if (items.has(id)) return undefined;
      return problem(
        'unknown-dependency',
        `Unknown dependency "${id}": no roadmap item has this ID.${objectives.has(id) ? ` "${id}" is an objective; "dependsOn" names items.` : ''}`,
        items,
        reference.from,
      );
    case 'ticket':
      return undefined; // checked with the trackers, in ticketsOf
    case 'metric':
      if (northStarMetrics.has(id)) return undefined;
      return problem(
        'unknown-metric',
        `Unknown north-star metric "${id}": "metrics" names metrics listed under northStar.metrics.`,
        northStarMetrics,
      );
  }
}

/** Candidate IDs compared per build at most: a roadmap broken wholesale gets suggestions for its first unknown IDs. */
const SUGGESTION_BUDGET = 1_000_000;

/** What a reference may name: items (whose status counts in suggestions), objectives or metrics (none has one). */
type Candidates = ReadonlyMap<string, { id: string; status?: ItemStatus }>;

/**
 * Suggestions per unknown ID, each computed once: finding them scans every ID of the kind. A dependency is
 * offered items as an unknown ID in code is (`suggestItems`: the open ones near it, finished ones said so).
 */
class Suggestions {
  private readonly known = new Map<string, ItemSuggestions>();
  private budget = SUGGESTION_BUDGET;

  closestTo(kind: RoadmapReference['kind'], id: string, candidates: Candidates): ItemSuggestions {
    const key = `${kind}\u0000${id}`;
    let closest = this.known.get(key);
    if (!closest) {
      closest = candidates.size <= this.budget ? suggestItems(id, candidates) : { ids: [] };
      this.budget -= Math.min(this.budget, candidates.size);
      this.known.set(key, closest);
    }
    return { ids: [...closest.ids], ...(closest.caveats ? { caveats: [...closest.caveats] } : {}) };
  }
}

/** The suggestions without `id` (and its caveat). */
function withoutId(suggested: ItemSuggestions, id: string | undefined): ItemSuggestions {
  const at = id === undefined ? -1 : suggested.ids.indexOf(id);
  if (at < 0) return suggested;
  const ids = suggested.ids.filter((_, i) => i !== at);
  const caveats = suggested.caveats?.filter((_, i) => i !== at);
  return { ids, ...(caveats && ids.length ? { caveats } : {}) };
}

interface DependencyEdge {
  from: string;
  to: string;
  reference: RoadmapReference;
}

/** The longest cycle a message spells out in full. */
const MAX_CYCLE_IN_MESSAGE = 20;

/** A DFS frame: an item, the index of its next edge, and the edge that led to it. */
interface Frame {
  id: string;
  next: number;
  via?: DependencyEdge;
}

/**
 * Every cycle has an edge that a depth-first search finds pointing back into its own path; each
 * such cycle is reported on all of its `dependsOn` entries (each entry once), the message starting
 * at the entry's own item. Iterative, so a long dependency chain cannot overflow the stack.
 *
 * Linear in the edges: a message names at most MAX_CYCLE_IN_MESSAGE items, so it is built from the
 * path without copying the cycle, and the path's already reported edges are skipped in runs (a ring of
 * 20,000 items, or 20,000 items that each also depend on the first, took minutes when each back edge
 * walked and copied its whole cycle).
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
  const finished = new Set<string>();
  const path: Frame[] = [];
  const onPath = new Map<string, number>();
  // Per path position: -1 while the edge that led there is unreported; once reported, a link towards the
  // lowest position of the run of reported positions it belongs to (a union-find, compressed on lookup).
  const runLink: number[] = [];
  const runStart = (position: number): number => {
    let root = position;
    while (runLink[root] !== root) root = runLink[root];
    while (runLink[position] !== root) {
      const next = runLink[position];
      runLink[position] = root;
      position = next;
    }
    return root;
  };

  for (const start of edges.keys()) {
    if (finished.has(start)) continue;
    path.push({ id: start, next: 0 });
    runLink.push(-1);
    onPath.set(start, 0);
    while (path.length > 0) {
      const frame = path[path.length - 1];
      const edge = edges.get(frame.id)?.[frame.next++];
      if (!edge) {
        path.pop();
        runLink.pop();
        onPath.delete(frame.id);
        finished.add(frame.id);
        continue;
      }
      const cycleStart = onPath.get(edge.to);
      if (cycleStart !== undefined) {
        // The cycle is path[cycleStart..top] closed by `edge`; position p's edge is path[p].via.
        const fresh: number[] = [];
        const skipped: number[] = [];
        for (let position = path.length - 1; position > cycleStart;) {
          if (runLink[position] === -1) fresh.push(position--);
          else {
            const root = runStart(position);
            skipped.push(root);
            position = root - 1;
          }
        }
        if (cycleStart < path.length - 1) {
          // Positions cycleStart+1..top are now all reported: one run, joined to the one below it if any.
          const low = cycleStart > 0 && runLink[cycleStart] !== -1 ? runStart(cycleStart) : cycleStart + 1;
          for (const position of [...fresh, ...skipped]) runLink[position] = low;
          runLink[low] = low;
        }
        for (const position of fresh.reverse())
          problems.push(cycleProblem(path[position].via!, path, cycleStart, position - cycleStart - 1));
        problems.push(cycleProblem(edge, path, cycleStart, path.length - 1 - cycleStart));
      } else if (!finished.has(edge.to)) {
        onPath.set(edge.to, path.length);
        path.push({ id: edge.to, next: 0, via: edge });
        runLink.push(-1);
      }
    }
  }
  return problems;
}

/** The problem on the cycle's edge number `index` (the cycle being path[start..top] and the edge back). */
function cycleProblem(edge: DependencyEdge, path: Frame[], start: number, index: number): Problem {
  const length = path.length - start;
  const idAt = (k: number) => path[start + ((index + k) % length)].id;
  const spelled = length > MAX_CYCLE_IN_MESSAGE ? MAX_CYCLE_IN_MESSAGE - 1 : length;
  const shown = Array.from({ length: spelled }, (_, k) => idAt(k));
  if (length > MAX_CYCLE_IN_MESSAGE) shown.push(`… (${length} items)`);
  return {
    file: edge.reference.file,
    range: edge.reference.range,
    severity: 'error',
    code: 'dependency-cycle',
    message: `Dependency cycle: ${[...shown, edge.from].join(' → ')}.`,
    data: { id: edge.to },
  };
}
