/**
 * What a roadmap change can change in the verdicts on code: the keys (item IDs, tickets) whose
 * annotations may be judged differently, so that only the files naming them are judged again. Pure.
 */
import { closestIds, prefixOf } from '../ids';
import { isFinished, type Roadmap, type RoadmapItem } from '../types';

export interface Derived {
  roadmap: Roadmap;
  /** The prefixes of the roadmap's own item IDs (see `knownPrefixesOf`). */
  prefixes: ReadonlySet<string>;
}

/** What a roadmap change changes for the keys code names. */
export interface ChangedKeys {
  /** Keys whose annotations may be judged differently (their files' diagnostics are computed again). */
  verdicts: Set<string>;
  /**
   * Keys whose code sites may be filed under another item (a subset of `verdicts`): only a prefix that
   * became or stopped being an item's or a tracker's, or a ticket listed by another item, moves a site.
   * A title, status or due date typed changes verdicts only.
   */
  sites: Set<string>;
  /**
   * Whether the items suggested for an unknown ID may differ: an item ID came or went, or an item became
   * or stopped being finished (open items are suggested first).
   */
  suggestions: boolean;
}

/**
 * The keys whose code diagnostics (and code sites) may differ between two roadmaps, given every key the
 * code names. It follows what `codeProblemsOf` and the site index read: which prefixes make a key an item
 * ID or a ticket (a key of a prefix that became or stopped being one changes; the others keep their
 * verdict), a tracker's name, an item's existence, status, title and due date, the items near an unknown
 * ID and which of them are finished (its suggestions), and which item lists a ticket.
 */
export function changedKeys(before: Derived, after: Derived, mentioned: Iterable<string>): ChangedKeys {
  const changedPrefixes = new Set<string>();
  for (const prefix of before.prefixes) if (!after.prefixes.has(prefix)) changedPrefixes.add(prefix);
  for (const prefix of after.prefixes) if (!before.prefixes.has(prefix)) changedPrefixes.add(prefix);
  const trackersBefore = before.roadmap.trackers;
  const trackersAfter = after.roadmap.trackers;
  for (const [prefix, tracker] of trackersBefore)
    if (!trackersAfter.has(prefix) || trackersAfter.get(prefix)!.name !== tracker.name) changedPrefixes.add(prefix);
  for (const prefix of trackersAfter.keys()) if (!trackersBefore.has(prefix)) changedPrefixes.add(prefix);

  const changed = new Set<string>();
  const sites = new Set<string>();
  const itemsBefore = before.roadmap.items;
  const itemsAfter = after.roadmap.items;
  /** The items that came, went, or became or stopped being finished: what an unknown ID's suggestions follow. */
  const touched: string[] = [];
  for (const [id, item] of itemsBefore) {
    const now = itemsAfter.get(id);
    if (!now || isFinished(now) !== isFinished(item)) touched.push(id);
    if (!now || !sameVerdictFields(item, now)) changed.add(id);
  }
  for (const id of itemsAfter.keys()) {
    if (!itemsBefore.has(id)) {
      touched.push(id);
      changed.add(id);
    }
  }
  if (changedPrefixes.size || touched.length) {
    for (const key of mentioned) {
      const prefix = prefixOf(key);
      if (changedPrefixes.has(prefix)) {
        changed.add(key);
        sites.add(key);
      }
      // An unknown ID's message suggests the items near it (open ones first): it changes only when one of those
      // came, went, or became or stopped being finished.
      else if (
        touched.length &&
        after.prefixes.has(prefix) &&
        !itemsAfter.has(key) &&
        closestIds(key, touched, 1).length
      )
        changed.add(key);
    }
  }
  const ticketsBefore = before.roadmap.tickets;
  const ticketsAfter = after.roadmap.tickets;
  for (const [key, item] of ticketsBefore) {
    const moved = ticketsAfter.get(key)?.id !== item.id;
    if (moved) sites.add(key);
    if (moved || changed.has(item.id)) changed.add(key);
  }
  for (const [key, item] of ticketsAfter) {
    if (!ticketsBefore.has(key)) sites.add(key);
    if (!ticketsBefore.has(key) || changed.has(item.id)) changed.add(key);
  }
  return { verdicts: changed, sites, suggestions: touched.length > 0 };
}

function sameVerdictFields(a: RoadmapItem, b: RoadmapItem): boolean {
  return a.status === b.status && a.due === b.due && (a.title === b.title || !namesTitle(a));
}

/**
 * Whether debt linked to the item may be reported with the item's title (stale: finished; overdue: a due
 * date): typing the title of any other item changes no verdict.
 */
function namesTitle(item: RoadmapItem): boolean {
  return item.due !== undefined || isFinished(item);
}
