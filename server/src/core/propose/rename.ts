/**
 * Renaming an item ID inside one file's text, computed from that text itself (not from an index that
 * may be behind it): in a roadmap file the item's `id` and every `dependsOn` naming it; in code every
 * occurrence of the ID inside an annotation that links it (`TODO(RM-1): see also RM-1` has two).
 */
import { parseRoadmapFile } from '../roadmap';
import { scanText } from '../scanner';
import type { CompiledSettings } from '../settings';
import { LineMap } from '../text';
import type { Range } from '../types';
import type { OffsetEdit } from './yamlEdit';

export function renameEditsInText(
  file: string,
  text: string,
  isRoadmap: boolean,
  oldId: string,
  newId: string,
  settings: CompiledSettings,
): OffsetEdit[] {
  if (oldId === newId) return [];
  const lines = new LineMap(text);
  const ranges: Range[] = [];
  if (isRoadmap) {
    const model = parseRoadmapFile(file, text, settings);
    for (const item of model.items) if (item.id === oldId) ranges.push(item.idRange);
    for (const reference of model.references) {
      if (reference.kind === 'dependsOn' && reference.targetId === oldId) ranges.push(reference.range);
    }
  } else {
    const search = new RegExp(settings.ids.search.source, settings.ids.search.flags);
    for (const annotation of scanText(text, file, settings)) {
      if (!annotation.ids.some((mention) => mention.id === oldId)) continue;
      // The annotation's span: from its tag to the end of its text, on one line.
      const start = lines.offsetAt(annotation.range.start);
      const end = lines.offsetAt(annotation.range.end);
      const span = text.slice(start, end);
      search.lastIndex = 0;
      for (let match = search.exec(span); match; match = search.exec(span)) {
        if (match[0].length === 0) {
          search.lastIndex++;
          continue;
        }
        if (match[0] === oldId) ranges.push(lines.rangeOf(start + match.index, start + match.index + match[0].length));
      }
    }
  }
  // A list shared through a YAML alias names one range several times: each range is edited once.
  const edits = new Map<number, OffsetEdit>();
  for (const range of ranges) {
    const start = lines.offsetAt(range.start);
    const end = lines.offsetAt(range.end);
    if (text.slice(start, end) === oldId) edits.set(start, { start, end, newText: newId });
  }
  return [...edits.values()].sort((a, b) => a.start - b.start);
}
