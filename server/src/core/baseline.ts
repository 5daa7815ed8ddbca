/**
 * The baseline ratchet: problems recorded by a fingerprint that survives line moves (the file's
 * path, the problem's code and the normalised text of its line, not the line number), so that a
 * check can fail only on problems that are not in the baseline, and say which ones disappeared.
 */
import { createHash } from 'crypto';
import * as path from 'path';
import type { Problem, ProblemCode } from './types';

/** Bumped when the fingerprint recipe changes, so old baselines are rejected rather than misread. */
export const FINGERPRINT_VERSION = 1;

export interface FingerprintedProblem {
  problem: Problem;
  /** Workspace-relative `/` path. */
  path: string;
  /** The workspace folder (absolute) `path` is relative to, when the file is in one. */
  folder?: string;
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
  placeOf: (problem: Problem) => { folder?: string; path: string },
  lineTextOf: (problem: Problem) => string,
): FingerprintedProblem[] {
  const seen = new Map<string, number>();
  return problems.map((problem) => {
    const { folder, path } = placeOf(problem);
    const hash = createHash('sha256')
      .update(`${path}\0${problem.code}\0${normaliseLineText(lineTextOf(problem))}`)
      .digest('hex')
      .slice(0, 32);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return { problem, path, ...(folder !== undefined && { folder }), hash, fingerprint: `${hash}:${occurrence}` };
  });
}

export interface BaselineEntry {
  hash: string;
  path: string;
  /**
   * Written when the check had several folders: the one `path` is in, relative to the baseline file's folder
   * (`/`), so that a problem that disappeared can be named. Not part of the hash: matching ignores it.
   */
  folder?: string;
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

/**
 * The baseline of these problems. `foldersFrom`, given when the check had several folders: the baseline
 * file's folder, from which each entry's `folder` is named.
 */
export function baselineOf(fingerprinted: readonly FingerprintedProblem[], foldersFrom?: string): Baseline {
  const problems: BaselineEntry[] = fingerprinted.map(({ problem, path: relative, folder, hash }) => ({
    hash,
    path: relative,
    ...(foldersFrom !== undefined &&
      folder !== undefined && { folder: path.relative(foldersFrom, folder).split(path.sep).join('/') || '.' }),
    code: problem.code,
    line: problem.range.start.line + 1,
    message: problem.message,
  }));
  problems.sort(
    (a, b) =>
      ((a.folder ?? '') < (b.folder ?? '') ? -1 : (a.folder ?? '') > (b.folder ?? '') ? 1 : 0) ||
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

/**
 * The file a baseline entry names, when that can be told: under its recorded `folder` (relative to the
 * baseline file's folder), or under the one folder of a single-folder check; otherwise undefined (a baseline
 * written before folders were recorded, read by a check of several).
 */
export function fileOfEntry(
  entry: BaselineEntry,
  baselineFile: string,
  folders: readonly string[],
): string | undefined {
  if (typeof entry.folder === 'string') return path.resolve(path.dirname(baselineFile), entry.folder, entry.path);
  return folders.length === 1 ? path.resolve(folders[0], entry.path) : undefined;
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
