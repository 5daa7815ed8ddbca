/** What a workspace's comments already cite, counted over the index's annotations (pure). */
import { prefixOf } from '../ids';
import { idPrefixOf } from '../propose/propose';
import { roadmapSkeleton } from '../roadmap';
import type { Annotation, Roadmap } from '../types';
import { knownPrefixesOf } from './codeProblems';

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

/** What a new roadmap must not collide with: the roadmap of the workspace's other folders, loaded with it. */
export interface NewRoadmapContext {
  /** The folder's name: the objective is named after it (`web` → OBJ-WEB), so roots made apart differ. */
  folderName?: string;
  /** IDs it takes are not reused, trackers it declares are not declared again (each would be an error). */
  roadmap?: Roadmap;
}

export interface NewRoadmap {
  text: string;
  /** Trackers declared, most cited first. */
  trackers: string[];
  /** Prefixes the comments cite that the other roadmap declares already: not declared again. */
  declaredAlready: string[];
  objectiveId: string;
}

/**
 * A new roadmap for a workspace (or a folder of one) that has none (the editor's *Create roadmap.yaml*, the
 * CLI's `init`): the format's skeleton, with a tracker for each key prefix its comments cite (their prefixes,
 * most keys first), none that `context.roadmap` declares and no ID it takes (nor a north star when it has one); its lines end in `eol`, the
 * line break the checkout uses (`lineBreakOfFiles`).
 */
export function newRoadmap(
  files: Iterable<[string, readonly Annotation[]]>,
  eol: '\n' | '\r\n' = '\n',
  context: NewRoadmapContext = {},
): NewRoadmap {
  const declared = context.roadmap?.trackers ?? new Map<string, unknown>();
  // The prefix the first proposal's ID will take ("RM") is never made a tracker, or no item could use it;
  // nor is a prefix the other roadmap's items use.
  const exclude = new Set([
    idPrefixOf(context.roadmap?.items.keys() ?? []),
    ...(context.roadmap ? knownPrefixesOf(context.roadmap) : []),
  ]);
  const cited = citedKeyPrefixes(files, exclude);
  const trackers = cited.filter((tracker) => !declared.has(tracker.prefix));
  const objectiveId = freeObjectiveId(context.folderName, context.roadmap);
  return {
    text: roadmapSkeleton(trackers, objectiveId, { northStar: !context.roadmap?.northStar }).split('\n').join(eol),
    trackers: trackers.map((tracker) => tracker.prefix),
    declaredAlready: cited.filter((tracker) => declared.has(tracker.prefix)).map((tracker) => tracker.prefix),
    objectiveId,
  };
}

/** Longest folder-name part of an objective ID: a placeholder to replace, not a description. */
const MAX_NAME_LENGTH = 24;

/**
 * `OBJ-` and the folder's name in capitals (`my app` → OBJ-MY-APP; OBJ-FIRST when it has no letter A–Z),
 * with `-2`, `-3`… when the roadmap has that ID already (items, objectives and metrics share one ID space).
 */
function freeObjectiveId(folderName: string | undefined, roadmap: Roadmap | undefined): string {
  const name = (folderName ?? '')
    .normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/^-+|-+$/g, '');
  const base = /[A-Z]/.test(name) ? `OBJ-${name}` : 'OBJ-FIRST';
  const taken = (id: string) =>
    roadmap !== undefined && (roadmap.items.has(id) || roadmap.objectives.has(id) || roadmap.northStarMetrics.has(id));
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}
