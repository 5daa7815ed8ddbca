/**
 * Fuzzing the annotation scanner at the core: delimiter soups of every language (unterminated block
 * comments and strings, mixed comment styles, heredocs, raw strings), mutated real files, random bytes
 * and long repetitions, plus a few 10 MB single-line files. Each must be scanned without an exception or
 * a hang, every range inside the text and every annotation inside a comment.
 */
import * as assert from 'assert';
import { knownLanguageIds, languageOf } from '../../server/src/core/scanner';
import { fuzzSeed, runFuzzWorker } from './fuzzHarness';
import type { SourceFuzzData, SourceFuzzResult } from './sourceFuzz.worker';
import { FILE_NAMES } from './sourceGen';
import { addTally } from './tally';

const SEED = fuzzSeed(424242);
const RUNS = 3000;

describe('reliability: source scanner fuzz', function () {
  // Long on a busy machine; the timeout only catches a hang (see test/waiting.ts).
  this.timeout(600_000);

  it('generates files in every language the scanner knows', () => {
    const covered = new Set(FILE_NAMES.map(languageOf));
    assert.deepStrictEqual(
      knownLanguageIds().filter((id) => !covered.has(id)),
      [],
    );
    assert.ok(covered.has(undefined), 'an unknown file type is fuzzed too');
  });

  it(`scans ${RUNS} generated and mutated source files (seed ${SEED}) with every annotation in a comment`, async () => {
    const data: SourceFuzzData = { mode: 'generated', seed: SEED, numRuns: RUNS };
    const result = await runFuzzWorker<SourceFuzzResult>('sourceFuzz.worker.ts', data).catch((error: Error) => {
      addTally({ crashes: /hang|exited/.test(error.message) ? 1 : 0 });
      throw new Error(`source fuzz failed (seed ${SEED}; rerun with FUZZ_SEED=${SEED}): ${error.message}`);
    });
    addTally({ sourceCases: result.cases });
    console.log(
      `      ${result.annotations} annotations in ${result.filesWithAnnotations} files; slowest case ${result.slowestMs} ms (${result.slowestLabel})`,
    );
    assert.strictEqual(result.cases, RUNS);
    // The generators must reach the annotation builder, or the invariants are checked on nothing.
    assert.ok(result.filesWithAnnotations > RUNS / 5, `only ${result.filesWithAnnotations} files had annotations`);
  });

  it('scans 10 MB single-line files (minified, unterminated comment and string)', async () => {
    const data: SourceFuzzData = { mode: 'huge', seed: SEED, numRuns: 0 };
    const result = await runFuzzWorker<SourceFuzzResult>('sourceFuzz.worker.ts', data);
    addTally({ sourceCases: result.cases });
    console.log(`      slowest: ${result.slowestMs} ms (${result.slowestLabel})`);
    assert.strictEqual(result.cases, 6);
  });
});
