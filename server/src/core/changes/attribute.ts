/**
 * Attribution, pure: which roadmap items each changed hunk serves and why, from the hunks, both
 * sides' annotations, the roadmap and the trailers that {@link ./read} gathered. No git, no file
 * system: tests build the input by hand. The rules, in precedence order: an edit of the item's own
 * roadmap entry, annotations in the hunk's lines, the nearest enclosing `@roadmap` marker, items'
 * `paths` globs, `Roadmap:` commit trailers.
 */
import * as path from 'path';
import { globMatcher } from '../glob';
import { isWithin } from '../paths';
import type { Annotation, Roadmap } from '../types';
import { knownPrefixesOf, linkedMentions, ticketLinksOf } from '../workspace/codeProblems';
import type { HunkRange } from './diff';
import { shortHash, type ChangeInput, type ChangedSource, type TrailerMark, type WorkspacePrefix } from './read';
import type { Attribution, AttributionReason, ChangedFile, ChangedHunk } from './types';

interface PathRule {
  itemId: string;
  glob: string;
  matches: (relativePath: string) => boolean;
}

/** The roadmap facts every file is attributed against, computed once per report. */
export interface AttributionContext {
  prefixes: ReadonlySet<string>;
  /** For tickets: annotations and commit messages naming a ticket an item lists serve that item. */
  roadmap: Roadmap;
  /** Repository-relative roadmap file → its items' 0-based line spans (the roadmap as it is now). */
  roadmapEntries: Map<string, { itemId: string; first: number; last: number }[]>;
  /** Repository-relative paths of the roadmap files (the roadmap as it is now), items or none. */
  roadmapFiles: ReadonlySet<string>;
  pathRules: PathRule[];
  workspacePrefix: WorkspacePrefix;
  trailers: Map<string, TrailerMark[]>;
}

export function attributionContextOf(
  roadmap: Roadmap,
  input: Pick<ChangeInput, 'root' | 'trailers' | 'workspacePrefix'>,
): AttributionContext {
  return {
    prefixes: knownPrefixesOf(roadmap),
    roadmap,
    roadmapEntries: roadmapEntriesOf(roadmap, input.root),
    roadmapFiles: new Set(
      roadmap.files
        .filter((model) => isWithin(input.root, model.file))
        .map((model) => repoPathOf(input.root, model.file)),
    ),
    pathRules: pathRulesOf(roadmap),
    workspacePrefix: input.workspacePrefix,
    trailers: input.trailers,
  };
}

function roadmapEntriesOf(roadmap: Roadmap, root: string): AttributionContext['roadmapEntries'] {
  const entries: AttributionContext['roadmapEntries'] = new Map();
  for (const item of roadmap.items.values()) {
    if (!isWithin(root, item.file)) continue;
    const repoPath = repoPathOf(root, item.file);
    let list = entries.get(repoPath);
    if (!list) entries.set(repoPath, (list = []));
    // A range that ends at the start of a line does not cover that line (the next item may begin there).
    const { start, end } = item.range;
    const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
    list.push({ itemId: item.id, first: start.line, last });
  }
  return entries;
}

function repoPathOf(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function pathRulesOf(roadmap: Roadmap): PathRule[] {
  const rules: PathRule[] = [];
  for (const item of roadmap.items.values()) {
    for (const glob of item.paths) {
      // An unparsable glob matches nothing; the roadmap file is where it should be fixed.
      rules.push({ itemId: item.id, glob, matches: globMatcher(glob) });
    }
  }
  return rules;
}

function workspaceRelative(repoPath: string, prefix: WorkspacePrefix): string | undefined {
  if (prefix.up) return repoPath.startsWith(prefix.up) ? repoPath.slice(prefix.up.length) : undefined;
  return prefix.down + repoPath;
}

/** Attributions in precedence order, each item once (the first reason found wins). */
class AttributionList {
  readonly list: Attribution[] = [];
  private readonly seen = new Set<string>();

  add(itemId: string, reason: AttributionReason, detail: string): void {
    if (this.seen.has(itemId)) return;
    this.seen.add(itemId);
    this.list.push({ itemId, reason, detail });
  }

  addAll(attributions: readonly Attribution[]): void {
    for (const attribution of attributions) this.add(attribution.itemId, attribution.reason, attribution.detail);
  }
}

export function attributeFile(source: ChangedSource, context: AttributionContext): ChangedFile {
  const { diff } = source;
  const markers = source.newAnnotations.filter((annotation) => annotation.kind === 'marker');
  const fileWide = fileWideAttributions(diff.path, diff.oldPath, context);
  const changed: ChangedFile = {
    path: diff.path,
    ...(diff.oldPath !== undefined && { oldPath: diff.oldPath }),
    status: diff.status,
    binary: diff.binary,
    ...(source.untracked && { untracked: true }),
    hunks: [],
    attributions: [],
  };
  const union = new AttributionList();
  const entries = diff.status === 'deleted' ? [] : (context.roadmapEntries.get(diff.path) ?? []);
  for (const range of diff.hunks) {
    const attributions = new AttributionList();
    const [first, last] = newSideLines(range);
    for (const entry of entries) {
      if (range.newLines > 0 && entry.first <= last && first <= entry.last) {
        attributions.add(
          entry.itemId,
          'roadmap',
          `edits the item's entry (lines ${entry.first + 1}–${entry.last + 1})`,
        );
      }
    }
    addHunkAnnotations(attributions, source, range, context);
    addMarkers(attributions, markers, first, last, context.prefixes);
    attributions.addAll(fileWide);
    const hunk: ChangedHunk = { ...range, attributions: attributions.list };
    changed.hunks.push(hunk);
    union.addAll(hunk.attributions);
  }
  if (diff.hunks.length === 0) {
    // No text hunk (binary, pure rename, mode change, empty or untracked file): the file as a whole.
    if (source.untracked)
      for (const entry of entries) union.add(entry.itemId, 'roadmap', 'a new roadmap file defines it');
    const fileLevel = markers.filter((marker) => marker.fileLevel);
    addMarkers(union, fileLevel, 0, 0, context.prefixes);
    union.addAll(fileWide);
  }
  changed.attributions = union.list;
  return changed;
}

/** New-side lines a hunk touches (inclusive); a pure deletion is anchored on the line before it. */
function newSideLines(range: HunkRange): [number, number] {
  if (range.newLines === 0) {
    const anchor = Math.max(0, range.newStart - 1);
    return [anchor, anchor];
  }
  return [range.newStart, range.newStart + range.newLines - 1];
}

function annotationLabel(annotation: Annotation): string {
  return annotation.kind === 'marker' ? '@roadmap' : annotation.tag;
}

function addHunkAnnotations(
  list: AttributionList,
  source: ChangedSource,
  range: HunkRange,
  context: AttributionContext,
): void {
  const sides: [Annotation[], (annotation: Annotation) => string][] = [
    [
      annotationsWithin(source.newAnnotations, range.newStart, range.newLines),
      (a) => `${annotationLabel(a)} at line ${a.range.start.line + 1}`,
    ],
    [
      annotationsWithin(source.oldAnnotations, range.oldStart, range.oldLines),
      (a) => `removed ${annotationLabel(a)} at old line ${a.range.start.line + 1}`,
    ],
  ];
  for (const [annotations, describe] of sides) {
    for (const annotation of annotations) {
      const at = describe(annotation);
      for (const mention of linkedMentions(annotation, context.prefixes)) list.add(mention.id, 'annotation', at);
      for (const ticket of ticketLinksOf(annotation, context.roadmap)) {
        if (ticket.item) list.add(ticket.item.id, 'ticket', `${ticket.mention.id} in ${at}`);
      }
    }
  }
}

/** Annotations starting on the `count` lines from `start` (0-based); `annotations` is in file order. */
export function annotationsWithin(annotations: readonly Annotation[], start: number, count: number): Annotation[] {
  let low = 0;
  let high = annotations.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (annotations[mid].range.start.line < start) low = mid + 1;
    else high = mid;
  }
  const found: Annotation[] = [];
  for (let i = low; i < annotations.length && annotations[i].range.start.line < start + count; i++)
    found.push(annotations[i]);
  return found;
}

/**
 * For each line of first..last, the nearest enclosing marker is the one starting last among those
 * whose scope covers it. Markers starting inside the range stand on the hunk's own lines (rule 1
 * already took them), so the answer only changes just after a scope ends: checking `first` and
 * those lines finds every marker that is nearest somewhere in the range.
 */
function addMarkers(
  list: AttributionList,
  markers: readonly Annotation[],
  first: number,
  last: number,
  prefixes: ReadonlySet<string>,
): void {
  if (markers.length === 0) return;
  const probes = new Set([first]);
  for (const marker of markers) {
    const after = scopeEnd(marker) + 1;
    if (after > first && after <= last) probes.add(after);
  }
  const nearest = new Set<Annotation>();
  for (const line of probes) {
    let best: Annotation | undefined;
    for (const marker of markers) {
      if (
        marker.range.start.line <= line &&
        line <= scopeEnd(marker) &&
        (!best || marker.range.start.line > best.range.start.line)
      )
        best = marker;
    }
    if (best) nearest.add(best);
  }
  const ordered = [...nearest].sort((a, b) => b.range.start.line - a.range.start.line);
  for (const marker of ordered) {
    const start = marker.range.start.line + 1;
    const scope = marker.fileLevel ? 'covers the file' : `covers lines ${start}–${scopeEnd(marker) + 1}`;
    for (const mention of linkedMentions(marker, prefixes))
      list.add(mention.id, 'marker', `@roadmap at line ${start} ${scope}`);
  }
}

function scopeEnd(marker: Annotation): number {
  return marker.scopeEndLine ?? marker.range.start.line;
}

/** Rules 3 and 4 concern the file, not the lines: computed once per file. */
function fileWideAttributions(
  repoPath: string,
  oldPath: string | undefined,
  context: AttributionContext,
): Attribution[] {
  const list = new AttributionList();
  const candidates: { repoPath: string; note: string }[] = [{ repoPath, note: '' }];
  if (oldPath !== undefined) candidates.push({ repoPath: oldPath, note: ' (old path)' });
  for (const candidate of candidates) {
    const relative = workspaceRelative(candidate.repoPath, context.workspacePrefix);
    if (relative === undefined) continue;
    for (const rule of context.pathRules) {
      if (rule.matches(relative)) list.add(rule.itemId, 'paths', `matches ${rule.glob}${candidate.note}`);
    }
  }
  for (const candidate of candidates) {
    for (const mark of context.trailers.get(candidate.repoPath) ?? []) {
      if (!mark.inMessage) {
        list.add(mark.itemId, 'trailer', `Roadmap trailer of commit ${shortHash(mark.hash)}`);
        continue;
      }
      const owner = context.roadmap.tickets.get(mark.itemId);
      if (owner) list.add(owner.id, 'ticket', `${mark.itemId} in the message of commit ${shortHash(mark.hash)}`);
    }
  }
  return list.list;
}
