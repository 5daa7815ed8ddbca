/** What a workspace's comments already cite, counted over the index's annotations (pure). */
import { prefixOf } from '../ids';
import { idPrefixOf } from '../propose/propose';
import { roadmapSkeleton } from '../roadmap';
import type { Annotation } from '../types';

export interface CitedPrefix {
  /** `KAFKA`, or `#` for GitHub-style `#123`. */
  prefix: string;
  /** How many distinct keys of this prefix debt comments cite. */
  keys: number;
  /** The first such key in natural file order, for the reader. */
  example: string;
}

/**
 * Names of standards that are written like keys (`UTF-8`, `SHA-256`, `ISO-8859-1`, `RFC-7231`) and
 * stand right after a tag as often as tickets do (`TODO: UTF-8 decoding`): never a tracker.
 */
const STANDARD_NAMES = new Set([
  'UTF',
  'UCS',
  'SHA',
  'MD',
  'ISO',
  'IEC',
  'IEEE',
  'RFC',
  'ECMA',
  'ANSI',
  'CVE',
  'CWE',
  'TLS',
  'SSL',
  'HTTP',
  'X',
]);

/**
 * The key prefixes that debt comments cite in the explicit-link position (`TODO(KAFKA-12410)`,
 * `TODO(#77)`, `GH-49702: TODO …`): the issue trackers the code already uses, most keys first. A key
 * only mentioned in prose (`see KIP-441`) names no tracker, nor does a standard's name (`TODO: UTF-8 decoding`). `exclude`: prefixes
 * already taken (a roadmap's own items, declared trackers).
 */
export function citedKeyPrefixes(
  files: Iterable<[string, readonly Annotation[]]>,
  exclude: ReadonlySet<string> = new Set(),
): CitedPrefix[] {
  const byPrefix = new Map<string, { keys: Set<string>; example: string }>();
  for (const [, annotations] of files) {
    for (const annotation of annotations) {
      if (annotation.kind !== 'debt') continue;
      for (const mention of annotation.ids) {
        if (!mention.explicit) continue;
        const prefix = prefixOf(mention.id);
        if (exclude.has(prefix) || STANDARD_NAMES.has(prefix)) continue;
        let entry = byPrefix.get(prefix);
        if (!entry) byPrefix.set(prefix, (entry = { keys: new Set(), example: mention.id }));
        entry.keys.add(mention.id);
      }
    }
  }
  return [...byPrefix.entries()]
    .map(([prefix, entry]) => ({ prefix, keys: entry.keys.size, example: entry.example }))
    .sort((a, b) => b.keys - a.keys || (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}

/**
 * A new roadmap for a workspace that has none (the editor's *Create roadmap.yaml*, the CLI's `init`): the
 * format's skeleton, with a tracker for each key prefix its comments cite (their prefixes, most keys first),
 * its lines ending in `eol`, the line break the checkout uses (`lineBreakOfFiles`).
 */
export function newRoadmap(
  files: Iterable<[string, readonly Annotation[]]>,
  eol: '\n' | '\r\n' = '\n',
): { text: string; trackers: string[] } {
  // The prefix the first proposal's ID will take ("RM") is never made a tracker, or no item could use it.
  const trackers = citedKeyPrefixes(files, new Set([idPrefixOf([])]));
  const text = roadmapSkeleton(trackers).split('\n').join(eol);
  return { text, trackers: trackers.map((tracker) => tracker.prefix) };
}
