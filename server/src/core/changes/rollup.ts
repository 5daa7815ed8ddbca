/**
 * Roll-ups of an attributed change: the items it serves (with their value metrics), what serves no
 * item, and the annotations it adds (debt that merely moved is not new). Pure, like the attribution.
 */
import { isFinished, type Annotation, type Roadmap } from '../types';
import { compareIds } from '../ids';
import { linkedMentions, ticketLinksOf } from '../workspace/codeProblems';
import { annotationsWithin } from './attribute';
import type { ChangedSource } from './read';
import type {
  Attribution,
  AttributionReason,
  ChangeReport,
  BadlyLinkedDebt,
  ChangedFile,
  NewDebt,
  ServedItem,
  UnattributedChange,
} from './types';

const REASON_ORDER: AttributionReason[] = ['roadmap', 'annotation', 'ticket', 'marker', 'paths', 'trailer'];

export function servedItems(files: readonly ChangedFile[], roadmap: Roadmap): ServedItem[] {
  const byId = new Map<string, ServedItem>();
  const count = (file: ChangedFile, attributions: readonly Attribution[]) => {
    for (const { itemId, reason } of attributions) {
      let served = byId.get(itemId);
      if (!served) {
        const item = roadmap.items.get(itemId);
        served = item
          ? {
              itemId,
              known: true,
              title: item.title,
              kind: item.kind,
              status: item.status,
              objective: item.objective,
              values: item.values,
              files: [],
              hunks: 0,
              reasons: [],
            }
          : { itemId, known: false, values: [], files: [], hunks: 0, reasons: [] };
        byId.set(itemId, served);
      }
      served.hunks++;
      if (served.files[served.files.length - 1] !== file.path) served.files.push(file.path);
      if (!served.reasons.includes(reason)) served.reasons.push(reason);
    }
  };
  for (const file of files) {
    if (file.hunks.length === 0) count(file, file.attributions);
    else for (const hunk of file.hunks) count(file, hunk.attributions);
  }
  for (const served of byId.values()) served.reasons.sort((a, b) => REASON_ORDER.indexOf(a) - REASON_ORDER.indexOf(b));
  const known = [...roadmap.items.keys()].filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  const unknown = [...byId.values()].filter((served) => !served.known).sort((a, b) => compareIds(a.itemId, b.itemId));
  return [...known, ...unknown];
}

export function unattributedChanges(files: readonly ChangedFile[]): UnattributedChange[] {
  const changes: UnattributedChange[] = [];
  for (const file of files) {
    if (file.hunks.length === 0) {
      if (file.attributions.length === 0) changes.push({ path: file.path });
      continue;
    }
    for (const hunk of file.hunks) {
      if (hunk.attributions.length === 0) {
        changes.push({
          path: file.path,
          hunk: { oldStart: hunk.oldStart, oldLines: hunk.oldLines, newStart: hunk.newStart, newLines: hunk.newLines },
        });
      }
    }
  }
  return changes;
}

/** An annotation on a line the change adds, with the IDs it links. */
export interface AddedAnnotation {
  path: string;
  annotation: Annotation;
  ids: string[];
  /** It cites a tracker's ticket that no item lists: tracked outside the roadmap, so never unlinked debt. */
  trackedOutside?: true;
}

/**
 * Annotations on added lines, split into those the change adds, those that only moved, and old debt
 * the change links: a removed annotation with the same kind, tag, text and links (anywhere in the
 * change, so across files too) makes one added twin a move; then a removed unlinked debt with the same
 * tag and text makes one added twin that links items old debt newly linked (`TODO: x` →
 * `TODO(RM-3): x`), not new debt; badly linked when an ID it links names no item or a finished one.
 */
export function addedAnnotations(
  sources: readonly ChangedSource[],
  prefixes: ReadonlySet<string>,
  roadmap: Roadmap,
): {
  added: AddedAnnotation[];
  moved: AddedAnnotation[];
  newlyLinked: AddedAnnotation[];
  badlyLinked: BadlyLinkedDebt[];
} {
  // The items named, then those listing a cited ticket: debt citing a listed ticket is linked.
  const idsOf = (annotation: Annotation) => [
    ...new Set([
      ...linkedMentions(annotation, prefixes).map((mention) => mention.id),
      ...ticketLinksOf(annotation, roadmap).flatMap((ticket) => (ticket.item ? [ticket.item.id] : [])),
    ]),
  ];
  const keyOf = (annotation: Annotation, ids: string[]) =>
    `${annotation.kind}\0${annotation.tag}\0${annotation.text}\0${ids.join(',')}`;
  const removed = new Map<string, number>();
  for (const source of sources) {
    for (const hunk of source.diff.hunks) {
      for (const annotation of annotationsWithin(source.oldAnnotations, hunk.oldStart, hunk.oldLines)) {
        const key = keyOf(annotation, idsOf(annotation));
        removed.set(key, (removed.get(key) ?? 0) + 1);
      }
    }
  }
  const added: AddedAnnotation[] = [];
  const moved: AddedAnnotation[] = [];
  for (const source of sources) {
    for (const hunk of source.diff.hunks) {
      for (const annotation of annotationsWithin(source.newAnnotations, hunk.newStart, hunk.newLines)) {
        const ids = idsOf(annotation);
        const key = keyOf(annotation, ids);
        const twins = removed.get(key) ?? 0;
        const trackedOutside = ids.length === 0 && ticketLinksOf(annotation, roadmap).length > 0;
        const entry: AddedAnnotation = {
          path: source.diff.path,
          annotation,
          ids,
          ...(trackedOutside ? { trackedOutside: true as const } : {}),
        };
        if (twins > 0) removed.set(key, twins - 1);
        (twins > 0 ? moved : added).push(entry);
      }
    }
  }
  // Only after every move is matched, so that a moved unlinked twin is never taken for a linked one.
  const newlyLinked: AddedAnnotation[] = [];
  const badlyLinked: BadlyLinkedDebt[] = [];
  const stillAdded = added.filter((entry) => {
    if (entry.annotation.kind !== 'debt' || entry.ids.length === 0) return true;
    const unlinkedKey = keyOf(entry.annotation, []);
    const twins = removed.get(unlinkedKey) ?? 0;
    if (twins === 0) return true;
    removed.set(unlinkedKey, twins - 1);
    // Linked only to an item that exists and is open; else what `check` says of the link (unknown, stale).
    const bad = badLinkOf(entry.ids, roadmap);
    if (bad) badlyLinked.push({ ...debtOf(entry), ...bad });
    else newlyLinked.push(entry);
    return false;
  });
  return { added: stillAdded, moved, newlyLinked, badlyLinked };
}

/** The first of `ids` that names no item, or a finished one, as `check` would report it. */
function badLinkOf(ids: readonly string[], roadmap: Roadmap): Omit<BadlyLinkedDebt, keyof NewDebt> | undefined {
  for (const id of ids) {
    const item = roadmap.items.get(id);
    if (!item) return { problem: 'unknown-item', id };
    if (isFinished(item)) return { problem: 'stale-debt', id, status: item.status };
  }
  return undefined;
}

export function newDebtOf(added: readonly AddedAnnotation[]): ChangeReport['newDebt'] {
  const linked: NewDebt[] = [];
  const unlinked: NewDebt[] = [];
  for (const entry of added) {
    if (entry.annotation.kind !== 'debt' || entry.trackedOutside) continue;
    (entry.ids.length ? linked : unlinked).push(debtOf(entry));
  }
  return { linked, unlinked };
}

export function debtOf({ path, annotation, ids }: AddedAnnotation): NewDebt {
  return {
    path,
    line: annotation.range.start.line,
    column: annotation.range.start.character,
    tag: annotation.tag,
    text: annotation.text,
    ids,
  };
}
