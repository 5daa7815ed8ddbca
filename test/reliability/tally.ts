/**
 * What the reliability suite tried, summed over its files and printed once at the end of the run
 * (a root-level mocha `after` hook, registered on first import), so the README can quote real figures.
 */
export interface Tally {
  roadmapCases: number;
  sourceCases: number;
  /** Proposals and renames whose untouched lines were compared byte for byte. */
  editRoundTrips: number;
  faultsInjected: number;
  /** Requests answered while (or right after) faults were injected. */
  requestsAnswered: number;
  /** An exception escaping the core, or the server process dying. Any crash also fails its test. */
  crashes: number;
  /** Untouched input lines missing or altered in an edit's output. Any lost line also fails its test. */
  lostLines: number;
}

export const tally: Tally = {
  roadmapCases: 0,
  sourceCases: 0,
  editRoundTrips: 0,
  faultsInjected: 0,
  requestsAnswered: 0,
  crashes: 0,
  lostLines: 0,
};

export function addTally(counts: Partial<Tally>): void {
  for (const [key, value] of Object.entries(counts) as [keyof Tally, number][]) tally[key] += value;
}

export function summaryLine(): string {
  return (
    `reliability: ${tally.roadmapCases} roadmap cases, ${tally.sourceCases} source cases, ` +
    `${tally.editRoundTrips} edit round-trips, ${tally.faultsInjected} faults injected, ` +
    `${tally.requestsAnswered} requests answered under faults, crashes ${tally.crashes}, lost lines ${tally.lostLines}`
  );
}

after(() => {
  console.log(`\n  ${summaryLine()}`);
});
