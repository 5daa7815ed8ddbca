/**
 * Round-trip safety of the two roadmap edits on generated *valid* roadmaps (random items, comments in
 * random places, 2/4-space indent, LF/CRLF, with or without final newline, flow or block lists, BOM):
 * a proposal keeps every input line (a subsequence of the output; only a flow list's own line may
 * change), a rename changes only lines that hold the old ID, and both results re-parse as intended.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import type { NewItemSpec } from '../../server/src/core/propose';
import { parseRoadmapFile } from '../../server/src/core/roadmap';
import { LineMap } from '../../server/src/core/text';
import { checkProposal, checkRename } from './editChecks';
import { fuzzSeed } from './fuzzHarness';
import { generatedRoadmapArb, newItemSpecArb, textArb, type GeneratedRoadmap } from './roadmapGen';
import { addTally } from './tally';

const FILE = '/workspace/roadmap.yaml';
const SEED = fuzzSeed(7031);
const RUNS = 500;

/** Titles as a debt comment could yield them: anything printable, trimmed, including YAML's special characters. */
const titleArb = fc
  .oneof(
    textArb,
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 40 }),
  )
  .map((title) => title.trim())
  .filter((title) => title.length > 0);

function specsArb(existingIds: string[]): fc.Arbitrary<NewItemSpec[]> {
  const taken = new Set(existingIds);
  const ids = Array.from({ length: 200 }, (_, i) => `NEW-${i + 1}`).filter((id) => !taken.has(id));
  return fc
    .uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 })
    .chain((chosen) =>
      fc.tuple(...chosen.map((id) => newItemSpecArb(id, titleArb, ['src/tax.ts:12', 'web/ü x.ts:3']))),
    );
}

const caseArb = generatedRoadmapArb.chain((generated) =>
  fc.tuple(fc.constant(generated), specsArb(generated.roadmap.items.map((item) => item.id)), fc.nat()),
);

/** A description of the case for failure messages: the layout and the text, line breaks visible. */
function describe_(generated: GeneratedRoadmap): string {
  return `layout ${JSON.stringify(generated.layout)}\n${generated.text.replace(/\r/g, '␍')}`;
}

describe('reliability: round-trip safety of roadmap edits', function () {
  // Long on a busy machine; the timeout only catches a hang (see test/waiting.ts).
  this.timeout(600_000);

  it(`generated roadmaps are valid and read back exactly (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(generatedRoadmapArb, (generated) => {
        const model = parseRoadmapFile(FILE, generated.text);
        const serious = model.problems.filter(
          (problem) => problem.severity === 'error' || problem.severity === 'warning',
        );
        assert.deepStrictEqual(serious, [], describe_(generated));
        const lines = new LineMap(generated.text);
        const expected = generated.roadmap.items.map((item) => ({
          id: item.id,
          title: item.title,
          status: item.status,
          dependsOn: item.dependsOn,
          paths: item.paths,
          values: item.values.length,
        }));
        const actual = model.items.map((item) => ({
          id: item.id,
          title: item.title,
          status: item.status,
          dependsOn: item.dependsOn,
          paths: item.paths,
          values: item.values.length,
        }));
        assert.deepStrictEqual(actual, expected, describe_(generated));
        for (const item of model.items) {
          const spelled = generated.text.slice(lines.offsetAt(item.idRange.start), lines.offsetAt(item.idRange.end));
          assert.strictEqual(spelled.replace(/^(['"])(.*)\1$/, '$2'), item.id, describe_(generated));
        }
      }),
      { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
    );
    addTally({ roadmapCases: RUNS });
  });

  it(`a proposal keeps every input line and re-parses with the new items (${RUNS} runs, seed ${SEED})`, () => {
    let lost = 0;
    fc.assert(
      fc.property(caseArb, ([generated, specs]) => {
        const outcome = checkProposal(generated.text, specs);
        assert.ok(outcome.applied, `a valid roadmap was refused: ${outcome.reason}\n${describe_(generated)}`);
        lost += outcome.lostLines;
        assert.strictEqual(outcome.lostLines, 0, `lost lines\n${describe_(generated)}\n--- after:\n${outcome.newText}`);
        // Only a flow list written on the items line (or its last entry, which gains a comma) may change.
        const flow = /^\uFEFF?items: \[/m.test(generated.text);
        assert.ok(
          outcome.touchedLines <= (flow ? 1 : 0),
          `${outcome.touchedLines} lines rewritten\n${describe_(generated)}`,
        );
        const newText = outcome.newText!;
        const { eol } = generated.layout;
        assert.strictEqual(newText.replace(/\r\n/g, '').includes('\n') && eol === '\r\n', false, 'mixed line breaks');
        assert.strictEqual(newText.endsWith(eol), generated.text.endsWith(eol), 'the final newline changed');
        assert.strictEqual(newText.startsWith('\uFEFF'), generated.text.startsWith('\uFEFF'), 'the BOM changed');
      }),
      { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
    );
    addTally({ editRoundTrips: RUNS, lostLines: lost });
  });

  it(`a rename changes only lines holding the old ID and re-parses with the new one (${RUNS} runs, seed ${SEED})`, () => {
    let lost = 0;
    let renames = 0;
    fc.assert(
      fc.property(caseArb, ([generated, , pick]) => {
        const model = parseRoadmapFile(FILE, generated.text);
        if (model.items.length === 0) return;
        const item = model.items[pick % model.items.length];
        const outcome = checkRename(generated.text, model, item.id, 'NEW-777');
        lost += outcome.lostLines;
        renames++;
        assert.strictEqual(
          outcome.lostLines,
          0,
          `lines without ${item.id} changed\n${describe_(generated)}\n--- after:\n${outcome.newText}`,
        );
        assert.strictEqual(
          outcome.edits,
          1 + generated.roadmap.items.filter((other) => other.dependsOn.includes(item.id)).length,
        );
      }),
      { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
    );
    assert.ok(renames > RUNS / 2, `only ${renames} renames ran`);
    addTally({ editRoundTrips: renames, lostLines: lost });
  });
});
