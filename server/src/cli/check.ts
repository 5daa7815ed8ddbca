/**
 * `check`, the engine shared by the CLI and the GitHub Action: loads the workspace, fingerprints
 * every problem (unless the output has no use for fingerprints), and when asked compares with a
 * branch's base (only what the branch adds is judged) and/or a baseline file (only what is not in it
 * is judged).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { BaselineEntry, FingerprintedProblem } from '../core/baseline';
import type { ChangeInput } from '../core/changes';
import { isStrictlyWithin, isWithin } from '../core/paths';
import type { Problem } from '../core/types';
import { knownPrefixesOf } from '../core/workspace/codeProblems';
import type { WorkspaceIndex } from '../core/workspace';
import { readBytesSync } from '../core/workspace/files';
import { LineMap } from '../core/text';
import { toPosix } from '../core/workspace/walker';
import { UsageError } from './args';
import { baselineCode, branchCheckCode, changesCode } from './lazy';
import { sortProblems, summarize, type CheckSummary } from './problems';

export interface CheckRequest {
  /** Absolute workspace folders. */
  folders: string[];
  index: WorkspaceIndex;
  /** Judge only what the branch adds against its merge-base with this ref. */
  base?: string;
  /** How to name `base` in the summary (default: `base` itself), e.g. a branch name for a commit hash. */
  baseName?: string;
  /** With `base`: uncommitted work counts as the branch's (false in CI, where the checkout is the commit). */
  includeWorkingTree?: boolean;
  /** Judge only problems not recorded in this baseline file. */
  baselineFile?: string;
  /** Fail when more debt than this is unlinked (the whole workspace). */
  maxUnlinked?: number;
  /** When comparing: fail when more than this many new debt annotations are unlinked (default 0). */
  maxNewUnlinked?: number;
  /**
   * False when the output shows no fingerprint (text without a baseline): then no file is read again
   * after the scan. Default true (JSON, SARIF, a baseline to write).
   */
  fingerprints?: boolean;
}

export interface JudgedProblem {
  problem: Problem;
  /** Set when comparing (SARIF's `baselineState`): `new` problems are the ones judged. */
  state?: 'new' | 'unchanged';
}

export type FingerprintedJudgedProblem = JudgedProblem & FingerprintedProblem;

/** A baseline entry nothing matched, with the absolute file it names when that can be told (`fileOfEntry`). */
export type DisappearedEntry = BaselineEntry & { file?: string };

export interface CheckResult<P extends JudgedProblem = FingerprintedJudgedProblem> {
  /** Every problem, sorted; when comparing, the whole-branch rule's problems included. */
  problems: P[];
  summary: CheckSummary;
  /** Baseline entries that no longer occur, each with its file when the baseline tells which folder it is in. */
  disappeared: DisappearedEntry[];
  /** The change read for `base`: the action reuses it for the pull-request comment. */
  change?: ChangeInput;
}

export function runCheck(request: CheckRequest & { fingerprints?: true }): Promise<CheckResult>;
export function runCheck(request: CheckRequest): Promise<CheckResult<JudgedProblem>>;
export async function runCheck(request: CheckRequest): Promise<CheckResult<JudgedProblem>> {
  const { index } = request;
  let all = index.problems();
  let isNew: ((problem: Problem) => boolean) | undefined;
  const against: string[] = [];
  let change: ChangeInput | undefined;

  if (request.base !== undefined) {
    // Loaded here: a check without a base neither runs git nor loads what runs it (lazy.ts).
    const { itemStatusesAt, readChanges } = changesCode();
    const { judgeBranch } = branchCheckCode();
    change = await readChanges({
      cwd: request.folders[0],
      base: request.base,
      baseName: request.baseName,
      includeWorkingTree: request.includeWorkingTree,
      settings: index.settings,
    });
    const roadmapFiles = [...new Set([...index.roadmap.items.values()].map((item) => item.file))]
      .filter((file) => isStrictlyWithin(change!.root, file))
      .map((file) => toPosix(path.relative(change!.root, file)));
    const baseStatuses = await itemStatusesAt(change.root, change.base.commit!, roadmapFiles, index.settings);
    const judgement = judgeBranch({
      problems: all,
      input: change,
      roadmap: index.roadmap,
      prefixes: knownPrefixesOf(index.roadmap),
      baseStatuses,
      debtSitesOf: (id) =>
        index
          .sitesOf(id)
          .filter((site) => site.annotation.kind === 'debt')
          .map((site) => ({ file: site.file, range: site.annotation.range })),
    });
    const added = new Set(judgement);
    all = [...all, ...judgement.filter((problem) => problem.code === 'done-with-debt')];
    isNew = (problem) => added.has(problem);
    against.push(`${request.baseName ?? request.base} (merge-base ${change.base.commit!.slice(0, 7)})`);
  }

  const sorted = sortProblems(all);
  // A baseline is matched by fingerprint, so comparing with one needs them whatever the output. Loaded
  // only when needed: text output loads neither the baseline code nor `crypto`.
  const fingerprints =
    request.fingerprints !== false || request.baselineFile !== undefined ? baselineCode() : undefined;
  const fingerprinted: JudgedProblem[] = fingerprints
    ? fingerprints.fingerprintProblems(sorted, workspacePaths(request.folders, index), lineTexts(index, sorted))
    : sorted.map((problem) => ({ problem }));
  let disappeared: DisappearedEntry[] = [];
  if (request.baselineFile !== undefined && fingerprints) {
    const baselineFile = request.baselineFile;
    const baseline = await readBaseline(baselineFile);
    const comparison = fingerprints.compareWithBaseline(fingerprinted as FingerprintedProblem[], baseline);
    disappeared = comparison.disappeared.map((entry) => {
      const file = fingerprints.fileOfEntry(entry, path.resolve(baselineFile), request.folders);
      return file === undefined ? entry : { ...entry, file };
    });
    const branchNew = isNew;
    const byProblem = new Map(fingerprinted.map((entry, i) => [entry.problem, comparison.isNew[i]]));
    isNew = (problem) => byProblem.get(problem)! && (branchNew ? branchNew(problem) : true);
    against.push(`baseline ${request.baselineFile}`);
  }

  const problems: JudgedProblem[] = fingerprinted.map((entry) =>
    isNew ? { ...entry, state: isNew(entry.problem) ? 'new' : 'unchanged' } : entry,
  );
  const judged = problems.filter((entry) => entry.state !== 'unchanged').map((entry) => entry.problem);
  const summary = summarize(judged, [...index.unlinkedDebt()].length, request.maxUnlinked);
  if (isNew) {
    const newUnlinkedDebt = judged.filter((problem) => problem.code === 'unlinked-debt').length;
    const maxNewUnlinked = request.maxNewUnlinked ?? 0;
    summary.comparison = {
      against: against.join(' and '),
      unchanged: problems.length - judged.length,
      newUnlinkedDebt,
      maxNewUnlinked,
      disappeared: disappeared.length,
    };
    summary.passed = summary.passed && newUnlinkedDebt <= maxNewUnlinked;
  }
  return { problems, summary, disappeared, ...(change && { change }) };
}

/**
 * Records today's problems; returns how many. With several `folders`, each entry records its folder (relative
 * to the baseline file), so that one that disappears can be named.
 */
export async function writeBaseline(
  file: string,
  result: CheckResult<FingerprintedJudgedProblem>,
  folders: readonly string[],
): Promise<number> {
  const { baselineOf } = baselineCode();
  const baseline = baselineOf(result.problems, folders.length > 1 ? path.dirname(path.resolve(file)) : undefined);
  try {
    await fs.writeFile(file, JSON.stringify(baseline, null, 2) + '\n');
  } catch (error) {
    throw new UsageError(
      `cannot write the baseline ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'check',
    );
  }
  return baseline.problems.length;
}

async function readBaseline(file: string) {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the baseline ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'check',
    );
  }
  const { parseBaseline } = baselineCode();
  try {
    return parseBaseline(text, file);
  } catch (error) {
    throw new UsageError((error as Error).message, 'check');
  }
}

/**
 * The folder-relative path a fingerprint names, so a baseline is the same in every checkout, and that folder.
 * Once per file: problems come sorted by file, and finding a file's folder takes a few `path.relative` calls.
 */
function workspacePaths(
  folders: string[],
  index: WorkspaceIndex,
): (problem: Problem) => { folder?: string; path: string } {
  let lastFile: string | undefined;
  let last: { folder?: string; path: string } = { path: '' };
  return ({ file }) => {
    if (file !== lastFile) {
      const folder = index.folderOf(file) ?? folders.find((candidate) => isWithin(candidate, file));
      last = folder ? { folder, path: toPosix(path.relative(folder, file)) } : { path: toPosix(file) };
      lastFile = file;
    }
    return last;
  };
}

/**
 * Each problem's line text, by the rules of `readTextFile` (no link followed, the size cap, git's binary
 * rule; a file that cannot be read has empty lines). Roadmap files come from the index; every other file is
 * read once, synchronously: a few hundred thread-pool round trips cost more than the reads themselves.
 */
function lineTexts(index: WorkspaceIndex, problems: readonly Problem[]): (problem: Problem) => string {
  const lines = new Map<string, LineMap>();
  const scratch = { buffer: Buffer.allocUnsafe(64 * 1024) };
  for (const file of new Set(problems.map((problem) => problem.file))) {
    let text = index.roadmapModelOf(file)?.text;
    if (text === undefined) {
      const outcome = readBytesSync(file, index.settings.maxFileSizeBytes, scratch);
      text = outcome.ok ? outcome.bytes.toString('utf8') : '';
    }
    lines.set(file, new LineMap(text));
  }
  return (problem) => {
    const map = lines.get(problem.file);
    const line = problem.range.start.line;
    return map && line >= 0 && line < map.lineCount ? map.lineText(line) : '';
  };
}
