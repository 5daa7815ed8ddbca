/**
 * What a roadmap change can change in the verdicts on code: the keys (item IDs, tickets) whose
 * annotations may be judged differently, so that only the files naming them are judged again. Pure.
 */
import { prefixOf } from '../ids';
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
  /** Whether an item ID came or went (the suggestions for unknown IDs change with them). */
  itemIds: boolean;
}

/**
 * The keys whose code diagnostics (and code sites) may differ between two roadmaps, given every key the
 * code names. It follows what `codeProblemsOf` and the site index read: which prefixes make a key an item
 * ID or a ticket (a key of a prefix that became or stopped being one changes; the others keep their
 * verdict), a tracker's name, an item's existence, status, title and due date, the items' IDs (the
 * suggestions for an unknown ID), and which item lists a ticket.
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
  let idsChanged = false;
  for (const [id, item] of itemsBefore) {
    const now = itemsAfter.get(id);
    if (!now) idsChanged = true;
    if (!now || !sameVerdictFields(item, now)) changed.add(id);
  }
  for (const id of itemsAfter.keys()) {
    if (!itemsBefore.has(id)) {
      idsChanged = true;
      changed.add(id);
    }
  }
  if (changedPrefixes.size || idsChanged) {
    for (const key of mentioned) {
      const prefix = prefixOf(key);
      if (changedPrefixes.has(prefix)) {
        changed.add(key);
        sites.add(key);
      }
      // An unknown ID's message suggests the closest IDs: they change with the set of IDs.
      else if (idsChanged && after.prefixes.has(prefix) && !itemsAfter.has(key)) changed.add(key);
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
  return { verdicts: changed, sites, itemIds: idsChanged };
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
