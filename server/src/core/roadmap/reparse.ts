/**
 * A roadmap file parsed again after an edit: when the edit lies inside one entry of the `items` list,
 * only that entry is read again and the rest of the previous model is kept (its positions moved by the
 * lines the edit added or removed). The model is the one a full parse gives; any edit this cannot prove
 * confined to one entry is parsed in full. Typing in a roadmap of hundreds of items then costs one item.
 */
import { DEFAULT_COMPILED_SETTINGS, type CompiledSettings } from '../settings';
import type { Range, RoadmapFileModel, RoadmapItem } from '../types';
import { layoutOf, parseRoadmapFile, parseSoleItemEntry, recordLayout } from './parse';

export function reparseRoadmapFile(
  previous: RoadmapFileModel,
  text: string,
  settings: CompiledSettings = DEFAULT_COMPILED_SETTINGS,
): RoadmapFileModel {
  return reparseOneItem(previous, text, settings) ?? parseRoadmapFile(previous.file, text, settings);
}

function reparseOneItem(
  previous: RoadmapFileModel,
  text: string,
  settings: CompiledSettings,
): RoadmapFileModel | undefined {
  const layout = layoutOf(previous);
  if (!layout || layout.ids !== settings.ids) return undefined;
  const before = previous.text;
  // The edit: what differs between the common prefix and the common suffix.
  const shortest = Math.min(before.length, text.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)
  )
    suffix++;
  // The entry holding the edit, which must end before the next entry's line: the last entry's end is
  // not known (other keys may follow the list), so an edit there is parsed in full.
  let index = layout.offsets.length - 2;
  while (index >= 0 && layout.offsets[index] > prefix) index--;
  if (index < 0) return undefined;
  const start = layout.offsets[index];
  const endBefore = layout.offsets[index + 1];
  if (before.length - suffix > endBefore) return undefined;
  const end = endBefore + text.length - before.length;
  const entryText = text.slice(start, end);
  if (!isOneEntry(entryText, layout.dashColumn)) return undefined;
  const entry = {
    line: layout.lines[index],
    itemsBefore: layout.itemsBefore[index],
    items: layout.items[index],
    referencesBefore: layout.referencesBefore[index],
    references: layout.references[index],
  };
  const next = { line: layout.lines[index + 1] };
  const read = parseSoleItemEntry(previous.file, entryText, entry.line, settings.ids, layout.dashColumn);
  if (!read) return undefined;

  const lineDelta = lineBreaks(entryText) - (next.line - entry.line);
  const moved = (range: Range): Range =>
    range.start.line < next.line
      ? range
      : {
          start: { line: range.start.line + lineDelta, character: range.start.character },
          end: { line: range.end.line + lineDelta, character: range.end.character },
        };
  const after = <T extends { range: Range }>(list: readonly T[], move: (value: T) => T): T[] =>
    lineDelta === 0 ? list.slice() : list.map(move);
  const moveItem = (item: RoadmapItem): RoadmapItem =>
    item.range.start.line < next.line
      ? item
      : {
          ...item,
          range: moved(item.range),
          idRange: moved(item.idRange),
          values: item.values.map((value) => ({ ...value, range: moved(value.range) })),
        };

  const items = [
    ...previous.items.slice(0, entry.itemsBefore),
    ...read.items,
    ...after(previous.items.slice(entry.itemsBefore + entry.items), moveItem),
  ];
  const references = [
    ...after(previous.references.slice(0, entry.referencesBefore), (reference) => ({
      ...reference,
      range: moved(reference.range),
    })),
    ...read.references,
    ...after(previous.references.slice(entry.referencesBefore + entry.references), (reference) => ({
      ...reference,
      range: moved(reference.range),
    })),
  ];
  // Problems are in file order: those before the entry, the entry's, those after it.
  if (previous.problems.some((problem) => straddles(problem.range, entry.line, next.line))) return undefined;
  const problems = [
    ...previous.problems.filter((problem) => problem.range.start.line < entry.line),
    ...read.problems,
    ...previous.problems
      .filter((problem) => problem.range.start.line >= next.line)
      .map((problem) => (lineDelta === 0 ? problem : { ...problem, range: moved(problem.range) })),
  ];
  const northStar = previous.northStar;
  const model: RoadmapFileModel = {
    file: previous.file,
    text,
    syntaxOk: true,
    items,
    objectives:
      lineDelta === 0
        ? previous.objectives
        : previous.objectives.map((objective) => ({
            ...objective,
            range: moved(objective.range),
            idRange: moved(objective.idRange),
          })),
    ...(northStar
      ? {
          northStar:
            lineDelta === 0
              ? northStar
              : {
                  ...northStar,
                  keyRange: moved(northStar.keyRange),
                  metrics: northStar.metrics.map((metric) => ({ ...metric, idRange: moved(metric.idRange) })),
                },
        }
      : {}),
    trackers:
      lineDelta === 0
        ? previous.trackers
        : previous.trackers.map((tracker) => ({
            ...tracker,
            range: moved(tracker.range),
            prefixRange: moved(tracker.prefixRange),
          })),
    references,
    problems,
  };
  const shift = (column: Int32Array, delta: number, changed?: number): Int32Array => {
    const copy = column.slice();
    if (changed !== undefined) copy[index] = changed;
    if (delta) for (let i = index + 1; i < copy.length; i++) copy[i] += delta;
    return copy;
  };
  recordLayout(model, {
    ...layout,
    lines: shift(layout.lines, lineDelta),
    offsets: shift(layout.offsets, text.length - before.length),
    itemsBefore: shift(layout.itemsBefore, read.items.length - entry.items),
    items: shift(layout.items, 0, read.items.length),
    referencesBefore: shift(layout.referencesBefore, read.references.length - entry.references),
    references: shift(layout.references, 0, read.references.length),
  });
  return model;
}

/**
 * Whether a text is one block list entry at `dashColumn` and nothing else: its first line `- ` there,
 * every other line blank, a comment, or indented deeper (so it cannot end the list, start another entry
 * or a key of the enclosing mapping), ending with a line break (the next entry starts a line).
 */
function isOneEntry(text: string, dashColumn: number): boolean {
  const last = text.charCodeAt(text.length - 1);
  if (last !== 10 && last !== 13) return false;
  const lines = text.split(/\r\n|\r|\n/);
  lines.pop();
  if (!/^ *- /.test(lines[0]) || lines[0].indexOf('-') !== dashColumn) return false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length || line.charCodeAt(indent) === 35 /* # */) continue;
    if (indent <= dashColumn || line.charCodeAt(indent) === 9 /* a tab after spaces: let YAML judge it whole */)
      return false;
  }
  return true;
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}

function straddles(range: Range, firstLine: number, nextLine: number): boolean {
  return (
    (range.start.line < firstLine && range.end.line >= firstLine) ||
    (range.start.line < nextLine && range.end.line >= nextLine)
  );
}
