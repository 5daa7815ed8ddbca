/**
 * Worker side of the roadmap fuzz campaign (see roadmapFuzz.test.ts): parses every generated input,
 * builds the merged roadmap with a second file, proposes an item and renames one, checking invariants.
 */
import * as fc from 'fast-check';
import { buildRoadmap, parseRoadmapFile } from '../../server/src/core/roadmap';
import { LineMap } from '../../server/src/core/text';
import type { NewItemSpec } from '../../server/src/core/propose';
import { checkProposal, checkRename } from './editChecks';
import { finishCase, fuzzWorkerData, runCampaign, startCase } from './fuzzHarness';
import { assertRangeInText, assertRoadmapModelInvariants } from './invariants';
import { hugeRoadmapInputs, newItemSpecArb, roadmapFuzzArb, textArb, type FuzzInput } from './roadmapGen';

export interface RoadmapFuzzData {
  mode: 'generated' | 'huge';
  seed: number;
  numRuns: number;
}

export interface RoadmapFuzzResult {
  cases: number;
  proposalsApplied: number;
  proposalsRefused: number;
  renames: number;
  lostLines: number;
  slowestMs: number;
  slowestLabel: string;
}

const FILE = '/workspace/team/roadmap.yaml';
const OTHER = '/workspace/.roadmap/web.yaml';
const OTHER_TEXT =
  'version: 1\nobjectives:\n  - id: OBJ-A\n    title: Other file\nitems:\n  - id: RM-1\n    title: Also here\n    status: proposed\n    dependsOn: [RM-2, RM-1]\n';
/** An ID the generators never produce, so a proposal never collides with an existing item. */
const NEW_ID = 'ZZ-9999';
const RENAMED_ID = 'ZZ-4242';

const data = fuzzWorkerData<RoadmapFuzzData>();
const other = parseRoadmapFile(OTHER, OTHER_TEXT);
const otherLines = new LineMap(OTHER_TEXT);
const result: RoadmapFuzzResult = {
  cases: 0,
  proposalsApplied: 0,
  proposalsRefused: 0,
  renames: 0,
  lostLines: 0,
  slowestMs: 0,
  slowestLabel: '',
};

function checkInput(input: FuzzInput, spec: NewItemSpec): void {
  startCase(input.label);
  const started = performance.now();
  const model = parseRoadmapFile(FILE, input.text);
  assertRoadmapModelInvariants(model, FILE, input.text);

  const lines = new LineMap(input.text);
  const roadmap = buildRoadmap([model, other]);
  for (const problem of roadmap.problems) {
    assertRangeInText(
      problem.range,
      problem.file === FILE ? lines : otherLines,
      `merged problem ${problem.code} in ${problem.file}`,
    );
  }

  const proposal = checkProposal(input.text, [spec], model);
  if (proposal.applied) result.proposalsApplied++;
  else result.proposalsRefused++;
  result.lostLines += proposal.lostLines;

  // Rename an item whose ID is unique in the file (a duplicate's other definitions are not renamed, by design).
  const counts = new Map<string, number>();
  for (const id of [...model.items.map((item) => item.id), ...model.objectives.map((objective) => objective.id)])
    counts.set(id, (counts.get(id) ?? 0) + 1);
  const target = model.syntaxOk
    ? model.items.find((item) => counts.get(item.id) === 1 && item.id !== RENAMED_ID)
    : undefined;
  if (target) {
    result.lostLines += checkRename(input.text, model, target.id, RENAMED_ID).lostLines;
    result.renames++;
  }

  finishCase(result, input.label, started);
}

const specArb = newItemSpecArb(NEW_ID, textArb, ['src/tax.ts:12', 'web/a b/ü.ts:1']);

runCampaign(() => {
  if (data.mode === 'huge') {
    const spec: NewItemSpec = {
      id: NEW_ID,
      title: 'Cache the tax table',
      kind: 'debt',
      status: 'proposed',
      source: 'src/tax.ts:12',
    };
    for (const input of hugeRoadmapInputs()) checkInput(input, spec);
    return result;
  }
  fc.assert(
    fc.property(roadmapFuzzArb, specArb, (input, spec) => checkInput(input, spec)),
    { seed: data.seed, numRuns: data.numRuns, includeErrorInReport: true },
  );
  return result;
});
