/** Diagnostics of annotations in code, judged against the roadmap. */
import { closestIds, prefixOf } from '../ids';
import {
  FINISHED_STATUSES,
  type Annotation,
  type IdMention,
  type Problem,
  type Roadmap,
  type Severity,
} from '../types';

/**
 * The IDs an annotation really links. An ID written loosely in the text counts only when its prefix
 * is one the roadmap uses, so "UTF-8" or "RFC-7231" in prose is not taken for an item; an ID in
 * the explicit `TODO(X-1)` / `FIXME[X-1]` position always counts, so typos there are reported.
 */
export function linkedMentions(annotation: Annotation, knownPrefixes: ReadonlySet<string>): IdMention[] {
  return annotation.ids.filter((mention, index) => {
    if (knownPrefixes.has(prefixOf(mention.id))) return true;
    return index === 0 && isExplicitLink(annotation, mention);
  });
}

function isExplicitLink(annotation: Annotation, mention: IdMention): boolean {
  if (annotation.kind === 'marker') return true;
  const tagEnd = annotation.tagRange.end;
  return mention.range.start.line === tagEnd.line && mention.range.start.character === tagEnd.character + 1;
}

/** Debt that names no roadmap item (given the IDs it links): what the unlinked-debt rule and "Propose to roadmap" target. */
export function isUnlinkedDebt(annotation: Annotation, links: readonly IdMention[]): boolean {
  return annotation.kind === 'debt' && links.length === 0;
}

export function knownPrefixesOf(roadmap: Roadmap): Set<string> {
  const prefixes = new Set<string>();
  for (const id of roadmap.items.keys()) prefixes.add(prefixOf(id));
  return prefixes;
}

export function codeProblemsOf(
  file: string,
  annotations: readonly Annotation[],
  roadmap: Roadmap,
  knownPrefixes: ReadonlySet<string>,
  unlinkedSeverity: Severity | 'off',
): Problem[] {
  const problems: Problem[] = [];
  for (const annotation of annotations) {
    const links = linkedMentions(annotation, knownPrefixes);
    if (isUnlinkedDebt(annotation, links)) {
      if (unlinkedSeverity !== 'off') {
        problems.push({
          file,
          range: annotation.range,
          severity: unlinkedSeverity,
          code: 'unlinked-debt',
          message: `Unlinked debt: "${annotation.tag}${annotation.text ? `: ${annotation.text}` : ''}" is not on the roadmap. Propose it to the roadmap or link an existing item.`,
        });
      }
      continue;
    }
    for (const mention of links) {
      const item = roadmap.items.get(mention.id);
      if (!item) {
        const suggestions = closestIds(mention.id, roadmap.items.keys());
        problems.push({
          file,
          range: mention.range,
          severity: 'error',
          code: 'unknown-item',
          message: `Unknown roadmap item "${mention.id}".${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ''}`,
          data: { id: mention.id, suggestions },
        });
      } else if (annotation.kind === 'debt' && item.status && FINISHED_STATUSES.includes(item.status)) {
        problems.push({
          file,
          range: mention.range,
          severity: 'warning',
          code: 'stale-debt',
          message: `Stale debt: ${item.id} "${item.title}" is ${item.status}; resolve this ${annotation.tag} or link it to an open item.`,
          data: { id: item.id },
        });
      }
    }
  }
  return problems;
}
