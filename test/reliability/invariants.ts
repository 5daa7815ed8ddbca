/** Invariants every core result must satisfy, whatever the input: ranges inside the text, start <= end. */
import { LineMap } from '../../server/src/core/text';
import type { Annotation, Range, RoadmapFileModel } from '../../server/src/core/types';

/** Throws unless the range lies within the text: line < line count, character <= line length, start <= end. */
export function assertRangeInText(range: Range, lines: LineMap, what: string): void {
  const fail = (why: string) => {
    throw new Error(`${what}: range ${JSON.stringify(range)} ${why} (text has ${lines.lineCount} lines)`);
  };
  for (const [name, position] of [
    ['start', range.start],
    ['end', range.end],
  ] as const) {
    if (!Number.isInteger(position.line) || !Number.isInteger(position.character)) fail(`${name} is not integral`);
    if (position.line < 0 || position.character < 0) fail(`${name} is negative`);
    if (position.line >= lines.lineCount) fail(`${name} line is past the last line`);
    const length = lines.lineEnd(position.line) - lines.lineStarts[position.line];
    if (position.character > length)
      fail(`${name} character is past the end of line ${position.line} (length ${length})`);
  }
  if (
    range.start.line > range.end.line ||
    (range.start.line === range.end.line && range.start.character > range.end.character)
  ) {
    fail('starts after it ends');
  }
}

function assertWithin(inner: Range, outer: Range, what: string): void {
  const before = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character < b.character);
  if (before(inner.start, outer.start) || before(outer.end, inner.end)) {
    throw new Error(`${what}: ${JSON.stringify(inner)} is not inside ${JSON.stringify(outer)}`);
  }
}

/** Every range a roadmap model holds, plus the problems' file and the syntax flag's consistency. */
export function assertRoadmapModelInvariants(model: RoadmapFileModel, file: string, text: string): void {
  const lines = new LineMap(text);
  if (model.file !== file || model.text !== text) throw new Error('the model does not describe the file it was given');
  for (const problem of model.problems) {
    if (problem.file !== file) throw new Error(`problem for another file: ${problem.file}`);
    assertRangeInText(problem.range, lines, `problem ${problem.code} "${problem.message.slice(0, 120)}"`);
    if (problem.code === 'file-unreadable')
      throw new Error(`the parser caught its own exception: ${problem.message.slice(0, 500)}`);
  }
  const syntaxError = model.problems.some((problem) => problem.code === 'yaml-syntax' && problem.severity === 'error');
  if (syntaxError && model.syntaxOk) throw new Error('syntaxOk is true although a YAML syntax error was reported');
  for (const item of model.items) {
    assertRangeInText(item.range, lines, `item ${item.id} range`);
    assertRangeInText(item.idRange, lines, `item ${item.id} idRange`);
    for (const value of item.values) assertRangeInText(value.range, lines, `item ${item.id} value range`);
  }
  for (const objective of model.objectives) {
    assertRangeInText(objective.range, lines, `objective ${objective.id} range`);
    assertRangeInText(objective.idRange, lines, `objective ${objective.id} idRange`);
  }
  for (const metric of model.northStar?.metrics ?? [])
    assertRangeInText(metric.idRange, lines, `north-star metric ${metric.id} idRange`);
  for (const reference of model.references)
    assertRangeInText(reference.range, lines, `${reference.kind} reference to ${reference.targetId}`);
}

/** Annotation ranges inside the text, tag and IDs inside the annotation, tags from the settings, no duplicate IDs. */
export function assertAnnotationInvariants(
  annotations: Annotation[],
  text: string,
  tags: readonly string[],
  lines = new LineMap(text),
): void {
  for (const annotation of annotations) {
    const what = `${annotation.tag} annotation ${JSON.stringify(annotation.range)}`;
    assertRangeInText(annotation.range, lines, what);
    assertRangeInText(annotation.tagRange, lines, `${what} tag`);
    assertWithin(annotation.tagRange, annotation.range, `${what} tag`);
    if (annotation.kind === 'marker' ? annotation.tag !== '@roadmap' : !tags.includes(annotation.tag)) {
      throw new Error(`${what}: unexpected tag for a ${annotation.kind}`);
    }
    if (/[\r\n]/.test(annotation.text))
      throw new Error(`${what}: text spans lines: ${JSON.stringify(annotation.text)}`);
    const seen = new Set<string>();
    for (const mention of annotation.ids) {
      assertRangeInText(mention.range, lines, `${what} ID ${mention.id}`);
      assertWithin(mention.range, annotation.range, `${what} ID ${mention.id}`);
      const spelled = text.slice(lines.offsetAt(mention.range.start), lines.offsetAt(mention.range.end));
      if (spelled !== mention.id)
        throw new Error(`${what}: ID ${mention.id} is spelled ${JSON.stringify(spelled)} at its range`);
      if (seen.has(mention.id)) throw new Error(`${what}: ID ${mention.id} listed twice`);
      seen.add(mention.id);
    }
    if (
      annotation.scopeEndLine !== undefined &&
      (annotation.scopeEndLine < annotation.range.start.line || annotation.scopeEndLine >= lines.lineCount)
    ) {
      throw new Error(`${what}: scopeEndLine ${annotation.scopeEndLine} outside the file`);
    }
  }
}
