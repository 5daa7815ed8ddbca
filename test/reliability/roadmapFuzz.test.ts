/**
 * Fuzzing the roadmap parser at the core: generated and mutated roadmap files (truncated, wrong types,
 * deep nesting, alias bombs, duplicate keys, tabs, BOM, CRLF, lone CR, huge strings, invalid UTF-8)
 * must each yield a model whose every range lies in the text, without an exception
 * escaping and without a hang; proposals and renames on them must never lose an untouched line.
 */
import * as assert from 'assert';
import { fuzzSeed, runFuzzWorker } from './fuzzHarness';
import type { RoadmapFuzzData, RoadmapFuzzResult } from './roadmapFuzz.worker';
import { addTally } from './tally';

const SEED = fuzzSeed(20240611);
const RUNS = 1200;

describe('reliability: roadmap parser fuzz', function () {
  // Long on a busy machine; the timeout only catches a hang (see test/waiting.ts).
  this.timeout(600_000);

  it(`parses ${RUNS} generated and mutated roadmap files (seed ${SEED}) with every range in the text`, async () => {
    const data: RoadmapFuzzData = { mode: 'generated', seed: SEED, numRuns: RUNS };
    const result = await runFuzzWorker<RoadmapFuzzResult>('roadmapFuzz.worker.ts', data).catch((error: Error) => {
      addTally({ crashes: /hang|exited/.test(error.message) ? 1 : 0 });
      throw new Error(`roadmap fuzz failed (seed ${SEED}; rerun with FUZZ_SEED=${SEED}): ${error.message}`);
    });
    addTally({
      roadmapCases: result.cases,
      editRoundTrips: result.proposalsApplied + result.renames,
      lostLines: result.lostLines,
    });
    console.log(
      `      ${result.proposalsApplied} proposals applied, ${result.proposalsRefused} refused, ${result.renames} renames; slowest case ${result.slowestMs} ms (${result.slowestLabel})`,
    );
    assert.strictEqual(result.cases, RUNS);
    assert.strictEqual(result.lostLines, 0);
    // The generators must reach the edit paths, or the round-trip half of this test proves nothing.
    assert.ok(result.proposalsApplied > RUNS / 10, `only ${result.proposalsApplied} proposals applied`);
    assert.ok(result.proposalsRefused > RUNS / 20, `only ${result.proposalsRefused} proposals refused`);
    assert.ok(result.renames > RUNS / 10, `only ${result.renames} renames`);
  });

  it('parses a few huge roadmap files (1 MB strings and lines, 20,000 items, 20,000 anchors, 100,000 comments)', async () => {
    const data: RoadmapFuzzData = { mode: 'huge', seed: SEED, numRuns: 0 };
    const result = await runFuzzWorker<RoadmapFuzzResult>('roadmapFuzz.worker.ts', data);
    addTally({
      roadmapCases: result.cases,
      editRoundTrips: result.proposalsApplied + result.renames,
      lostLines: result.lostLines,
    });
    console.log(
      `      slowest: ${result.slowestMs} ms (${result.slowestLabel}), parse, merge, proposal and rename together`,
    );
    assert.strictEqual(result.lostLines, 0);
    assert.strictEqual(result.cases, 9);
  });
});
