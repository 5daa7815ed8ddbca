/**
 * Worker side of the source fuzz campaign (see sourceFuzz.test.ts): scans every generated file and
 * checks the annotations' invariants and that each one stands inside a comment the lexer reports.
 */
import * as fc from 'fast-check';
import { findComments, languageOfFile, scanText } from '../../server/src/core/scanner';
import {
  compileSettings,
  DEFAULT_COMPILED_SETTINGS,
  makeSettings,
  type CompiledSettings,
} from '../../server/src/core/settings';
import { LineMap } from '../../server/src/core/text';
import { DEFAULT_SETTINGS, type Annotation } from '../../server/src/core/types';
import { finishCase, fuzzWorkerData, runCampaign, startCase } from './fuzzHarness';
import { assertAnnotationInvariants } from './invariants';
import { hugeSourceInputs, sourceFuzzArb, type SourceInput } from './sourceGen';

export interface SourceFuzzData {
  mode: 'generated' | 'huge';
  seed: number;
  numRuns: number;
}

export interface SourceFuzzResult {
  cases: number;
  annotations: number;
  filesWithAnnotations: number;
  slowestMs: number;
  slowestLabel: string;
}

const DEFAULT_OPTIONS = DEFAULT_COMPILED_SETTINGS;

/** Settings a user may write: other tags (non-ASCII, punctuation, one letter), patterns that match empty or do not compile. */
const optionsArb: fc.Arbitrary<CompiledSettings> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(DEFAULT_OPTIONS) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        tags: fc.constantFrom<string[]>(
          ['TODO', 'NOTE', 'ÜBER'],
          ['@@', 'a', 'TODO'],
          ['FIXME'],
          ['TODO', 'TODO:', ''],
        ),
        idPattern: fc.constantFrom(DEFAULT_SETTINGS.idPattern, 'x*', '(', '[A-Z]+-\\d+', '#\\d+', '(?:)'),
      })
      // The pattern goes through the settings check (one that does not compile falls back there); the tags go
      // straight to the compiler, blank ones included, to fuzz what the scanner itself must survive.
      .map(({ tags, idPattern }) => compileSettings({ ...makeSettings({ idPattern }), tags })),
  },
);

const data = fuzzWorkerData<SourceFuzzData>();
const result: SourceFuzzResult = { cases: 0, annotations: 0, filesWithAnnotations: 0, slowestMs: 0, slowestLabel: '' };

/** Every annotation's tag must start inside a comment that the lexer, asked separately, also finds. */
function assertInsideComments(annotations: Annotation[], input: SourceInput, lines: LineMap): void {
  const languageId = languageOfFile(input.file, input.text);
  if (languageId === undefined) {
    if (annotations.length) throw new Error(`annotations in ${input.file}, whose language is unknown`);
    return;
  }
  const comments = findComments(input.text, languageId);
  let k = 0;
  for (const annotation of annotations) {
    const offset = lines.offsetAt(annotation.tagRange.start);
    while (k < comments.length && comments[k].end < offset) k++;
    if (k >= comments.length || comments[k].start > offset) {
      throw new Error(
        `${annotation.tag} at ${JSON.stringify(annotation.tagRange.start)} is not inside any comment findComments reports`,
      );
    }
  }
}

function checkInput(input: SourceInput, options: CompiledSettings): Annotation[] {
  startCase(input.label);
  const started = performance.now();
  const annotations = scanText(input.text, `/workspace/src/${input.file}`, options);
  const lines = new LineMap(input.text);
  assertAnnotationInvariants(annotations, input.text, [...new Set([...options.tags])], lines);
  assertInsideComments(annotations, input, lines);
  finishCase(result, input.label, started);
  result.annotations += annotations.length;
  if (annotations.length) result.filesWithAnnotations++;
  return annotations;
}

runCampaign(() => {
  if (data.mode === 'huge') {
    for (const input of hugeSourceInputs()) {
      const annotations = checkInput(input, DEFAULT_OPTIONS);
      if (input.expected) {
        const found = annotations.map((a) => [
          a.tagRange.start.line,
          a.tagRange.start.character,
          a.tag,
          a.ids[0]?.id ?? '',
        ]);
        if (JSON.stringify(found) !== JSON.stringify(input.expected))
          throw new Error(`${input.label}: found ${JSON.stringify(found)}, expected ${JSON.stringify(input.expected)}`);
      }
      if (input.expectedCount !== undefined && annotations.length !== input.expectedCount) {
        throw new Error(`${input.label}: ${annotations.length} annotations, expected ${input.expectedCount}`);
      }
    }
    return result;
  }
  fc.assert(
    fc.property(sourceFuzzArb, optionsArb, (input, options) => {
      checkInput(input, options);
    }),
    { seed: data.seed, numRuns: data.numRuns, includeErrorInReport: true },
  );
  return result;
});
