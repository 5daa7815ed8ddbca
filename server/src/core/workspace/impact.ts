/**
 * What a roadmap change can change in the verdicts on code: the keys (item IDs, tickets) whose
 * annotations may be judged differently, so that only the files naming them are judged again. Pure.
 */
import { prefixOf } from '../ids';
import type { Roadmap, RoadmapItem } from '../types';

export interface Derived {
  roadmap: Roadmap;
  /** The prefixes of the roadmap's own item IDs (see `knownPrefixesOf`). */
  prefixes: ReadonlySet<string>;
}

/**
 * The keys whose code diagnostics may differ between two roadmaps, given every key the code names. It
 * follows what `codeProblemsOf` reads: which prefixes make a key an item ID or a ticket (a key of a
 * prefix that became or stopped being one changes; the others keep their verdict), a tracker's name,
 * an item's existence, status, title and due date, the items' IDs (the suggestions for an unknown ID),
 * and which item lists a ticket.
 */
export function changedKeys(before: Derived, after: Derived, mentioned: Iterable<string>): Set<string> {
  const changedPrefixes = new Set<string>();
  for (const prefix of before.prefixes) if (!after.prefixes.has(prefix)) changedPrefixes.add(prefix);
  for (const prefix of after.prefixes) if (!before.prefixes.has(prefix)) changedPrefixes.add(prefix);
  const trackersBefore = before.roadmap.trackers;
  const trackersAfter = after.roadmap.trackers;
  for (const [prefix, tracker] of trackersBefore)
    if (!trackersAfter.has(prefix) || trackersAfter.get(prefix)!.name !== tracker.name) changedPrefixes.add(prefix);
  for (const prefix of trackersAfter.keys()) if (!trackersBefore.has(prefix)) changedPrefixes.add(prefix);

  const changed = new Set<string>();
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
      if (changedPrefixes.has(prefix)) changed.add(key);
      // An unknown ID's message suggests the closest IDs: they change with the set of IDs.
      else if (idsChanged && after.prefixes.has(prefix) && !itemsAfter.has(key)) changed.add(key);
    }
  }
  const ticketsBefore = before.roadmap.tickets;
  const ticketsAfter = after.roadmap.tickets;
  for (const [key, item] of ticketsBefore)
    if (ticketsAfter.get(key)?.id !== item.id || changed.has(item.id)) changed.add(key);
  for (const [key, item] of ticketsAfter) if (!ticketsBefore.has(key) || changed.has(item.id)) changed.add(key);
  return changed;
}

function sameVerdictFields(a: RoadmapItem, b: RoadmapItem): boolean {
  return a.status === b.status && a.title === b.title && a.due === b.due;
}
