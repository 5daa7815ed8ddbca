/**
 * The baseline ratchet: problems recorded by a fingerprint that survives line moves (the file's
 * path, the problem's code and the normalised text of its line, not the line number), so that a
 * check can fail only on problems that are not in the baseline, and say which ones disappeared.
 */
import { createHash } from 'crypto';
import type { Problem, ProblemCode } from './types';

/** Bumped when the fingerprint recipe changes, so old baselines are rejected rather than misread. */
export const FINGERPRINT_VERSION = 1;

export interface FingerprintedProblem {
  problem: Problem;
  /** Workspace-relative `/` path. */
  path: string;
  /** sha-256 (hex, 32 characters) of path, code and normalised line text. */
  hash: string;
  /** `hash:n`, n counting identical hashes in file order from 1: unique within a run (SARIF `partialFingerprints`). */
  fingerprint: string;
}

/** Whitespace runs collapse to one space and the ends are trimmed: re-indenting keeps the fingerprint. */
export function normaliseLineText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function fingerprintProblems(
  problems: readonly Problem[],
  pathOf: (problem: Problem) => string,
  lineTextOf: (problem: Problem) => string,
): FingerprintedProblem[] {
  const seen = new Map<string, number>();
  return problems.map((problem) => {
    const path = pathOf(problem);
    const hash = createHash('sha256')
      .update(`${path}\0${problem.code}\0${normaliseLineText(lineTextOf(problem))}`)
      .digest('hex')
      .slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return { problem, path, hash, fingerprint: `${hash}:${occurrence}` };
  });
}

export interface BaselineEntry {
  hash: string;
  path: string;
  code: ProblemCode;
  /** 1-based, for people reading the file; matching ignores it. */
  line: number;
  message: string;
}

export interface Baseline {
  tool: 'roadmap-links';
  fingerprintVersion: number;
  problems: BaselineEntry[];
}

export function baselineOf(fingerprinted: readonly FingerprintedProblem[]): Baseline {
  const problems = fingerprinted.map(({ problem, path, hash }) => ({
    hash,
    path,
    code: problem.code,
    line: problem.range.start.line + 1,
    message: problem.message,
  }));
  problems.sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.line - b.line ||
      (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0),
  );
  return { tool: 'roadmap-links', fingerprintVersion: FINGERPRINT_VERSION, problems };
}

/** Reads a baseline file's text; a file that is not one is an error that says why. */
export function parseBaseline(text: string, name: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not JSON: ${(error as Error).message}`);
  }
  const candidate = json as Partial<Baseline> | null;
  if (
    !candidate ||
    typeof candidate !== 'object' ||
    candidate.tool !== 'roadmap-links' ||
    !Array.isArray(candidate.problems)
  ) {
    throw new Error(`${name} is not a roadmap-links baseline (write one with --write-baseline)`);
  }
  if (candidate.fingerprintVersion !== FINGERPRINT_VERSION) {
    throw new Error(
      `${name} was written with fingerprint version ${String(candidate.fingerprintVersion)}, this version uses ${FINGERPRINT_VERSION}; write it again with --write-baseline`,
    );
  }
  for (const [index, entry] of candidate.problems.entries()) {
    if (!entry || typeof entry.hash !== 'string' || typeof entry.path !== 'string')
      throw new Error(`${name}: problem ${index + 1} has no hash or path`);
  }
  return candidate as Baseline;
}

export interface BaselineComparison {
  /** Per problem, in order: not in the baseline. Identical fingerprints match as many times as recorded. */
  isNew: boolean[];
  /** Baseline entries nothing matched any more: paid-down debt, so the baseline can be tightened. */
  disappeared: BaselineEntry[];
}

export function compareWithBaseline(
  fingerprinted: readonly FingerprintedProblem[],
  baseline: Baseline,
): BaselineComparison {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.problems) {
    const list = remaining.get(entry.hash);
    if (list) list.push(entry);
    else remaining.set(entry.hash, [entry]);
  }
  const isNew = fingerprinted.map(({ hash }) => {
    const list = remaining.get(hash);
    if (!list?.length) return true;
    list.shift();
    return false;
  });
  return { isNew, disappeared: [...remaining.values()].flat() };
}
