/** Diagnostics of annotations in code, judged against the roadmap. */
import * as path from 'path';
import { debtExcerpt } from '../format';
import { didYouMean, likelyMeantIds, prefixOf, suggestItems, type ItemSuggestions } from '../ids';
import { firstSyntaxError } from '../roadmap';
import { LineMap } from '../text';
import {
  isFinished,
  type Annotation,
  type IdMention,
  type Problem,
  type Roadmap,
  type RoadmapItem,
  type Severity,
  type Tracker,
} from '../types';

/**
 * The item IDs an annotation names: the keys whose prefix is one the roadmap's own items use, wherever
 * they stand. Any other key-shaped word ("UTF-8", "SHA-256", "KIP-441" with no such tracker) is plain
 * text, and a tracker's key is a ticket (see `ticketLinksOf`), never an item.
 */
export function linkedMentions(annotation: Annotation, knownPrefixes: ReadonlySet<string>): IdMention[] {
  return annotation.ids.filter((mention) => knownPrefixes.has(prefixOf(mention.id)));
}

/**
 * Debt that names no roadmap item and cites no ticket (given its links): what the unlinked-debt rule and
 * "Propose to roadmap" target.
 */
export function isUnlinkedDebt(
  annotation: Annotation,
  links: readonly IdMention[],
  tickets: readonly TicketLink[],
): boolean {
  return annotation.kind === 'debt' && links.length === 0 && tickets.length === 0;
}

/** The prefixes of the roadmap's item IDs, less any prefix a tracker declares (its keys are tickets). */
export function knownPrefixesOf(roadmap: Roadmap): Set<string> {
  const prefixes = new Set<string>();
  const add = (id: string) => {
    const prefix = prefixOf(id);
    if (!roadmap.trackers.has(prefix)) prefixes.add(prefix);
  };
  // Run on every roadmap keystroke: the keys are walked, not copied.
  for (const id of roadmap.items.keys()) add(id);
  for (const id of unreadIdsOf(roadmap).keys()) add(id);
  return prefixes;
}

/** An ID written in a roadmap file that does not parse, where no item of that ID was read. */
export interface UnreadId {
  file: string;
  /** 0-based line of its `id:`. */
  line: number;
  /** The file's first syntax error. */
  syntaxError: Problem;
}

const ID_LINE = /^[ \t]*(?:-[ \t]+)?(?:&\S+[ \t]+)?id[ \t]*:[ \t]*["']?([^\s"'#,{}[\]]+)/gm;
const unreadIdsByRoadmap = new WeakMap<Roadmap, Map<string, UnreadId>>();

/**
 * The IDs written (`id: X`) in roadmap files whose YAML does not parse and not read as any item: the
 * items after a syntax error are often misread away (one tab of indentation lost the file's other items),
 * and code linking them is then not known to be wrong — a link to one is not an unknown item.
 */
export function unreadIdsOf(roadmap: Roadmap): Map<string, UnreadId> {
  let unread = unreadIdsByRoadmap.get(roadmap);
  if (unread) return unread;
  unread = new Map();
  for (const model of roadmap.files) {
    const syntaxError = firstSyntaxError(model);
    if (!syntaxError) continue;
    const lines = new LineMap(model.text);
    for (const match of model.text.matchAll(ID_LINE)) {
      const id = match[1];
      if (!roadmap.items.has(id) && !roadmap.objectives.has(id) && !roadmap.northStarMetrics.has(id) && !unread.has(id))
        unread.set(id, { file: model.file, line: lines.positionAt(match.index).line, syntaxError });
    }
  }
  unreadIdsByRoadmap.set(roadmap, unread);
  return unread;
}

/** A ticket an annotation cites, with its tracker and the item that lists it, if any. */
export interface TicketLink {
  mention: IdMention;
  tracker: Tracker;
  item?: RoadmapItem;
}

/**
 * The tickets an annotation cites: keys whose prefix is a tracker's, anywhere in the comment; `#123`
 * only in the explicit position (`TODO(#123)`), where the scanner records it.
 */
export function ticketLinksOf(annotation: Annotation, roadmap: Roadmap): TicketLink[] {
  if (roadmap.trackers.size === 0) return [];
  const links: TicketLink[] = [];
  for (const mention of annotation.ids) {
    const tracker = roadmap.trackers.get(prefixOf(mention.id));
    if (!tracker) continue;
    const item = roadmap.tickets.get(mention.id);
    links.push({ mention, tracker, ...(item ? { item } : {}) });
  }
  return links;
}

/** A ticket's URL from its tracker's template: `{key}` is the whole key, `{number}` its digits. */
export function ticketUrl(tracker: Tracker, key: string): string | undefined {
  if (!tracker.url) return undefined;
  const number = /[0-9]+$/.exec(key)?.[0] ?? '';
  return tracker.url.replace(/\{key\}/g, encodeURIComponent(key)).replace(/\{number\}/g, number);
}

/** Today as an ISO date (UTC), what debt dates and `due` dates are compared with. */
export function isoToday(): string {
  // Asked once per file judged: formatted once per day.
  const now = Date.now();
  if (now >= today.until || now < today.since) {
    const date = new Date(now);
    today.text = date.toISOString().slice(0, 10);
    today.since = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
    today.until = today.since + DAY_MS;
  }
  return today.text;
}

const today = { text: '', since: 0, until: 0 };

const DAY_MS = 86_400_000;

/** Milliseconds from `now` until `isoToday` gives the next date (the next UTC midnight). */
export function msUntilNextDay(now: number = Date.now()): number {
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS - now;
}

export function codeProblemsOf(
  file: string,
  annotations: readonly Annotation[],
  roadmap: Roadmap,
  knownPrefixes: ReadonlySet<string>,
  unlinkedSeverity: Severity | 'off',
  today: string = isoToday(),
  /** The items an unknown ID likely meant; the index memoizes them per roadmap (many files name the same typo). */
  suggest: (id: string) => ItemSuggestions = (id) => suggestItems(id, roadmap.items),
): Problem[] {
  const problems: Problem[] = [];
  for (const annotation of annotations) {
    const links = linkedMentions(annotation, knownPrefixes);
    const tickets = ticketLinksOf(annotation, roadmap);
    if (isExpired(annotation, today)) {
      problems.push({
        file,
        range: annotation.date.range,
        severity: 'warning',
        code: 'expired-debt',
        message: `Expired debt: this ${annotation.tag} was to be resolved by ${annotation.date.value}.`,
      });
    }
    if (isUnlinkedDebt(annotation, links, tickets)) {
      if (unlinkedSeverity !== 'off') {
        // The first line only (a diagnostic is read in a list), with an ellipsis when the text goes on.
        const quoted = `"${debtExcerpt(annotation.tag, annotation.text, annotation.continuation !== undefined)}"`;
        const typo = mistypedLink(annotation, roadmap);
        problems.push({
          file,
          range: annotation.range,
          severity: unlinkedSeverity,
          code: 'unlinked-debt',
          message: typo
            ? `Unlinked debt: ${quoted} is not on the roadmap. "${typo.mention.id}" is not a roadmap item; did you mean ${typo.meant.join(', ')}?`
            : `Unlinked debt: ${quoted} is not on the roadmap. Propose it to the roadmap or link an existing item.`,
          ...(typo ? { data: { id: typo.mention.id, suggestions: typo.meant, replaceRange: typo.mention.range } } : {}),
        });
      }
      continue;
    }
    for (const mention of links) {
      const item = roadmap.items.get(mention.id);
      const unread = item ? undefined : unreadIdsOf(roadmap).get(mention.id);
      if (unread) {
        const where = path.basename(unread.file);
        const error = unread.syntaxError.range.start;
        problems.push({
          file,
          range: mention.range,
          severity: 'warning',
          code: 'unknown-item',
          message: `"${mention.id}" cannot be checked: it is written in ${where} (line ${unread.line + 1}), which is not read past its YAML syntax error at ${error.line + 1}:${error.character + 1}. Fix that error first.`,
          data: { id: mention.id, suggestions: [] },
        });
      } else if (!item) {
        const meant = suggest(mention.id);
        problems.push({
          file,
          range: mention.range,
          severity: 'error',
          code: 'unknown-item',
          message: `Unknown roadmap item "${mention.id}".${didYouMean(meant)}`,
          data: { id: mention.id, suggestions: meant.ids, ...(meant.caveats ? { caveats: meant.caveats } : {}) },
        });
      } else if (annotation.kind === 'debt') {
        const problem = linkedDebtProblem(file, annotation, mention, item, today);
        if (problem) problems.push(problem);
      }
    }
    for (const ticket of tickets) {
      if (!ticket.item) {
        const tracker = ticket.tracker.name ? ` (${ticket.tracker.name})` : '';
        problems.push({
          file,
          range: ticket.mention.range,
          severity: 'information',
          code: 'ticket-not-on-roadmap',
          message: `${ticket.mention.id} is tracked outside the roadmap${tracker}: no roadmap item lists it in "tickets". Add it to an item, or propose a new item for it.`,
          data: { id: ticket.mention.id },
        });
      } else if (annotation.kind === 'debt') {
        const problem = linkedDebtProblem(file, annotation, ticket.mention, ticket.item, today);
        if (problem) problems.push(problem);
      }
    }
  }
  return problems;
}

/**
 * `TODO(OKK-1)` where OK-1 exists: a key in the explicit-link position whose prefix is neither the roadmap's
 * nor a tracker's is plain text (and `ok-1`, `OK1` no key), so the debt is unlinked; when it is one typo from
 * an item ID, that is said.
 */
function mistypedLink(annotation: Annotation, roadmap: Roadmap): { mention: IdMention; meant: string[] } | undefined {
  const written = annotation.ids.filter((mention) => mention.explicit);
  // `TODO(ok-1)`, `TODO(OK1)`: no ID at all, but the scanner kept the key-like word.
  if (annotation.keyLike) written.push({ id: annotation.keyLike.value, range: annotation.keyLike.range });
  for (const mention of written) {
    const meant = likelyMeantIds(mention.id, roadmap.items.keys());
    if (meant.length) return { mention, meant };
  }
  return undefined;
}

/** Past its `due` date (`today` an ISO date) and not finished. */
export function isOverdue(item: RoadmapItem, today: string): boolean {
  return !isFinished(item) && item.due !== undefined && item.due < today;
}

/** Debt with its own date (`TODO(RM-1, 2027-01-31)`) that has passed. */
export function isExpired(
  annotation: Annotation,
  today: string,
): annotation is Annotation & { date: NonNullable<Annotation['date']> } {
  return annotation.kind === 'debt' && annotation.date !== undefined && annotation.date.value < today;
}

/** Debt linked to an item that is finished (stale) or past its `due` date (overdue); the link is at `mention`. */
function linkedDebtProblem(
  file: string,
  annotation: Annotation,
  mention: IdMention,
  item: RoadmapItem,
  today: string,
): Problem | undefined {
  const via = mention.id === item.id ? '' : ` (through ${mention.id})`;
  if (isFinished(item)) {
    return {
      file,
      range: mention.range,
      severity: 'warning',
      code: 'stale-debt',
      message: `Stale debt: ${item.id} "${item.title}"${via} is ${item.status}; resolve this ${annotation.tag} or link it to an open item.`,
      data: { id: item.id },
    };
  }
  if (isOverdue(item, today)) {
    return {
      file,
      range: mention.range,
      severity: 'warning',
      code: 'overdue-debt',
      message: `Overdue debt: ${item.id} "${item.title}"${via} was due ${item.due} and is ${item.status ?? 'not done'}.`,
      data: { id: item.id },
    };
  }
  return undefined;
}
