/**
 * `roadmap-links`: the command line (bundled to dist/cli.js), for CI and pull requests; no editor
 * needed. `run` does the work and returns the exit code, so it can be driven without a process.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
// The one field used: esbuild then bundles it alone, not the whole manifest (12 KB parsed at every start).
import { version } from '../../package.json';
import { DEFAULT_ROADMAP_GLOBS, ROADMAP_FILE_NAME, type Annotation } from './core/types';
import { newRoadmap, repositoryRootOf, roadmapAbove, type WorkspaceIndex } from './core/workspace';
import { setV8Flags } from './v8Flags';
import {
  HELP,
  UsageError,
  isCommand,
  nonNegativeInteger,
  oneOf,
  parseCommandArgs,
  resolveFolders,
  type Command,
} from './cli/args';
import { runCheck, writeBaseline, type CheckResult, type JudgedProblem } from './cli/check';
import { formatJson, formatSarif, formatText } from './cli/problems';
import { loadIndex, loadRoadmapOnly, settingsOf } from './cli/workspace';
import type { HistoryOptions, HistoryProgress, HistoryReport, HistoryScope } from './core/history';
import type { FolderHistoryInput } from './cli/report';
import { progressLine, progressLog, type ProgressLine } from './cli/progress';
import { changesCode, changesOutputCode, historyCode, reportCode, reportHtmlCode } from './cli/lazy';

export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment (default: the process's): `CI` decides whether `check --base` includes the working tree. */
  env?: NodeJS.ProcessEnv;
  /**
   * The real stderr stream, when there is one: a progress line is drawn on a TTY; on any other (a CI log)
   * history writes a plain line now and then.
   */
  stderrStream?: NodeJS.WriteStream;
  /** Tests: history's plain progress line at every N-th progress update instead of by time (with or without a stream). */
  progressEvery?: number;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.stderr(HELP.main);
      return 2;
    }
    if (first === '-h' || first === '--help') {
      io.stdout(HELP.main);
      return 0;
    }
    if (first === '-v' || first === '--version') {
      io.stdout(`${version}\n`);
      return 0;
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command "${topic}"`);
      io.stdout(topic ? HELP[topic] : HELP.main);
      return 0;
    }
    if (!isCommand(first)) throw new UsageError(`unknown command "${first}"`);
    switch (first) {
      case 'check':
        return await check(rest, io);
      case 'changes':
        return await changes(rest, io);
      case 'report':
        return await report(rest, io);
      case 'init':
        return await init(rest, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const where = error.command ? `roadmap-links ${error.command}` : 'roadmap-links';
      io.stderr(`${where}: ${error.message} (see "${where} --help")\n`);
      return 2;
    }
    // Only a command that ran git can have thrown one, and then its module is loaded already.
    if (error instanceof changesCode().GitError) {
      io.stderr(`roadmap-links ${first}: ${error.message}\n`);
      return 2;
    }
    io.stderr(`roadmap-links: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

async function check(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, {
    format: { type: 'string' },
    'max-unlinked': { type: 'string' },
    base: { type: 'string' },
    'max-new-unlinked': { type: 'string' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    'warn-only': { type: 'boolean' },
  });
  if (values.help) return help('check', io);
  const format = oneOf('check', 'format', values.format, ['text', 'json', 'sarif'] as const, 'text');
  const maxUnlinked = nonNegativeInteger('check', 'max-unlinked', values['max-unlinked']);
  const maxNewUnlinked = nonNegativeInteger('check', 'max-new-unlinked', values['max-new-unlinked']);
  const base = values.base as string | undefined;
  const baselineFile = values.baseline === undefined ? undefined : path.resolve(io.cwd, values.baseline as string);
  const writeTo =
    values['write-baseline'] === undefined ? undefined : path.resolve(io.cwd, values['write-baseline'] as string);
  if (maxNewUnlinked !== undefined && base === undefined && baselineFile === undefined) {
    throw new UsageError('--max-new-unlinked needs --base or --baseline: without them nothing is new', 'check');
  }
  if (writeTo !== undefined && (base !== undefined || baselineFile !== undefined)) {
    throw new UsageError(
      '--write-baseline records every problem; it cannot be combined with --base or --baseline',
      'check',
    );
  }
  const folders = await resolveFolders('check', positionals, io.cwd);
  const index = await loadIndex(folders, io);
  if (!index.hasRoadmap) return noRoadmap('check', index, io);
  const request = {
    folders,
    index,
    base,
    // In CI the checkout is the commit under test; elsewhere uncommitted work is part of the branch.
    includeWorkingTree: !isCi(io.env ?? process.env),
    baselineFile,
    maxUnlinked,
    maxNewUnlinked,
  };
  if (writeTo !== undefined) {
    const count = await writeBaseline(writeTo, await runCheck(request), folders);
    io.stdout(`Wrote a baseline of ${count} ${count === 1 ? 'problem' : 'problems'} to ${writeTo}.\n`);
    return 0;
  }
  let result: CheckResult<JudgedProblem>;
  if (format === 'text') {
    // Text shows no fingerprint: the files with problems are not read again to make them.
    result = await runCheck({ ...request, fingerprints: false });
    io.stdout(
      formatText(result.problems, result.summary, io.cwd, result.disappeared, {
        inRepository: folders.some((folder) => repositoryRootOf(folder) !== undefined),
      }),
    );
  } else {
    const fingerprinted = await runCheck(request);
    result = fingerprinted;
    io.stdout(
      format === 'json'
        ? formatJson(fingerprinted.problems, fingerprinted.summary, index.folders, io.cwd, fingerprinted.disappeared)
        : formatSarif(fingerprinted.problems, index.folders, version),
    );
  }
  return result.summary.passed || values['warn-only'] ? 0 : 1;
}

/** CI services set CI (GitHub Actions, GitLab CI, and most others) to "true" or "1". */
function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

async function changes(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('changes', args, {
    base: { type: 'string' },
    branch: { type: 'boolean' },
    format: { type: 'string' },
  });
  if (values.help) return help('changes', io);
  const format = oneOf('changes', 'format', values.format, ['markdown', 'json'] as const, 'markdown');
  if (values.base !== undefined && values.branch)
    throw new UsageError('--base and --branch cannot be used together', 'changes');
  const [folder] = await resolveFolders('changes', positionals, io.cwd, 1);
  const { GitError, defaultBaseRef, mapChanges } = changesCode();
  const { changesJson, changesMarkdown } = changesOutputCode();
  let base = values.base as string | undefined;
  if (values.branch) {
    base = await defaultBaseRef(folder);
    if (!base) throw new GitError('bad-revision', 'no main or master branch found; name the base with --base REF.');
  }
  const settings = await settingsOf(folder, io);
  const index = await loadRoadmapOnly(folder, settings);
  const report = await mapChanges({
    cwd: folder,
    base,
    roadmap: index.roadmap,
    settings: index.settings,
  });
  io.stdout(format === 'json' ? changesJson(report) : changesMarkdown(report));
  // Still a report (what changed, new debt), but the user learns why no change serves an item.
  if (index.roadmap.files.length === 0) io.stderr(`roadmap-links changes: ${noRoadmapMessage(index)}\n`);
  return 0;
}

async function report(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', args, {
    format: { type: 'string' },
    base: { type: 'string' },
    'mix-days': { type: 'string' },
    'max-commits': { type: 'string' },
    'stale-days': { type: 'string' },
    'trend-weeks': { type: 'string' },
    'no-history': { type: 'boolean' },
  });
  if (values.help) return help('report', io);
  const format = oneOf('report', 'format', values.format, ['markdown', 'json', 'html'] as const, 'markdown');
  const limits = {
    mixDays: nonNegativeInteger('report', 'mix-days', values['mix-days']),
    maxCommits: nonNegativeInteger('report', 'max-commits', values['max-commits']),
    staleMetricDays: nonNegativeInteger('report', 'stale-days', values['stale-days']),
    trendWeeks: nonNegativeInteger('report', 'trend-weeks', values['trend-weeks']),
  };
  if (limits.maxCommits === 0) throw new UsageError('--max-commits must be at least 1', 'report');
  const folders = await resolveFolders('report', positionals, io.cwd);
  const index = await loadIndex(folders, io);
  if (!index.hasRoadmap) return noRoadmap('report', index, io);
  // Each folder's own: in a multi-root workspace each is a repository (or a part of one) with its own history.
  const histories: FolderHistoryInput[] = [];
  if (!values['no-history'])
    for (const scope of await historyCode().historyScopes(index.folders, index.files()))
      histories.push({
        folder: scope.folder,
        history: await historyOf(index, scope, { ...limits, mixBase: values.base as string | undefined }, io),
      });
  const { buildReport, reportMarkdown } = reportCode();
  const built = buildReport(index, io.cwd, histories.length ? histories : undefined);
  io.stdout(
    format === 'json'
      ? JSON.stringify(built, null, 2) + '\n'
      : format === 'html'
        ? reportHtmlCode().reportHtml(built)
        : reportMarkdown(built),
  );
  return 0;
}

/** Value over time of a folder's repository; outside one, the reason instead (the report goes on without). */
async function historyOf(
  index: WorkspaceIndex,
  { folder, files }: HistoryScope<[string, Annotation[]]>,
  limits: Pick<HistoryOptions, 'mixDays' | 'maxCommits' | 'staleMetricDays' | 'trendWeeks' | 'mixBase'>,
  io: CliIo,
): Promise<HistoryReport | string> {
  const { GitError } = changesCode();
  const { computeHistory } = historyCode();
  const progress = progressLine(io.stderrStream, 'History') ?? historyLog(io);
  try {
    const defined = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
    return await computeHistory({
      folder,
      roadmap: index.roadmap,
      files,
      settings: index.settings,
      ...defined,
      onProgress: progress && ((step) => progress.update(step.done, step.total, step.phase)),
    });
  } catch (error) {
    if (
      error instanceof GitError &&
      ['not-a-repository', 'git-not-found', 'no-commits', 'bad-revision'].includes(error.code)
    ) {
      if (limits.mixBase !== undefined && error.code === 'bad-revision') throw error;
      return `No history: ${error.message}`;
    }
    throw error;
  } finally {
    progress?.done();
  }
}

/** What each history phase counts, for the plain progress line. */
const HISTORY_STEPS: Record<HistoryProgress['phase'], string> = {
  metrics: 'metric history, roadmap revision',
  mix: 'the mix, step',
  blame: 'dating debt (git blame), file',
  trend: 'debt trend, file version',
};

/** Outside a terminal: "history: debt trend, sample 12 of 53…" at most every few seconds (none for a short run). */
function historyLog(io: CliIo): ProgressLine | undefined {
  if (!io.stderrStream && io.progressEvery === undefined) return undefined;
  return progressLog(
    (text) => io.stderr(text),
    (done, total, step) =>
      `history: ${HISTORY_STEPS[step as HistoryProgress['phase']] ?? step} ${done}${total === undefined ? '' : ` of ${total}`}`,
    { everyUpdates: io.progressEvery },
  );
}

/** A workspace without a roadmap file has no roadmap: nothing to judge, and saying so is not a pass. */
function noRoadmap(command: Command, index: WorkspaceIndex, io: CliIo): number {
  io.stderr(`roadmap-links ${command}: ${noRoadmapMessage(index)}\n`);
  return 2;
}

function noRoadmapMessage(index: WorkspaceIndex): string {
  const globs = index.settings.roadmapFiles.length ? index.settings.roadmapFiles : DEFAULT_ROADMAP_GLOBS;
  const above = index.folders.map(roadmapAbove).find((found) => found !== undefined);
  const advice = above
    ? `the repository's roadmap is ${above}: run roadmap-links on ${path.dirname(above)}`
    : '"roadmap-links init" creates one';
  return `no roadmap file found in ${index.folders.join(', ')} (looked for ${globs.join(', ')}); ${advice}`;
}

/**
 * `init`: roadmap.yaml from the skeleton, as the editor's *Create roadmap.yaml*; never over anything there.
 * Several folders are one workspace, as for `check`: each without a roadmap gets one, and none takes an ID or
 * declares a tracker that the roadmap of the others (those written before it included) has.
 */
async function init(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('init', args, {});
  if (values.help) return help('init', io);
  const folders = await resolveFolders('init', positionals, io.cwd);
  const index = await loadIndex(folders, io);
  const refusals: Refusal[] = [];
  const written: string[] = [];
  for (const folder of folders) {
    const outcome = await initFolder(folder, index);
    if (typeof outcome === 'function') refusals.push(outcome);
    else written.push(outcome.line);
  }
  // Another folder got its roadmap: each refused one is "nothing written there", not a failed run.
  const nothing = written.length ? 'nothing was written there' : 'nothing was written';
  for (const refusal of refusals) io.stderr(`roadmap-links init: ${refusal(nothing)}\n`);
  if (!written.length) return 2;
  io.stdout(
    `${written.join('\n')}\nReplace the example objective with yours. Items: "Propose to roadmap" on a debt comment adds them, or write one as the comment above "items:" shows; then run "roadmap-links check".\n`,
  );
  return 0;
}

/** Why a folder gets no roadmap, ending in what was written (nothing at all, or nothing there). */
type Refusal = (nothing: string) => string;

/** Writes `folder`/roadmap.yaml and takes it into `index`, or says why not. */
async function initFolder(folder: string, index: WorkspaceIndex): Promise<{ line: string } | Refusal> {
  const existing = index.roadmap.files
    .filter((model) => index.folderOf(model.file) === folder)
    .map((model) => path.relative(folder, model.file));
  if (existing.length) return (nothing) => `${folder} has a roadmap already (${existing.join(', ')}); ${nothing}.`;
  const above = roadmapAbove(folder);
  if (above)
    return (nothing) =>
      `the repository has a roadmap already (${above}); ${nothing}. Run roadmap-links on ${path.dirname(above)}.`;
  const file = path.join(folder, ROADMAP_FILE_NAME);
  if (!index.isRoadmapFile(file))
    return (nothing) =>
      `${ROADMAP_FILE_NAME} is not among the roadmap files the roadmapLinks.roadmapFiles setting names; ${nothing}.`;
  const ownFiles = [...index.files()].filter(([source]) => index.folderOf(source) === folder);
  const { text, trackers, declaredAlready } = newRoadmap(ownFiles, index.lineBreak(), {
    folderName: path.basename(folder),
    roadmap: index.roadmap,
  });
  try {
    // "wx": created only if nothing of that name is there, a dangling symlink included (never followed).
    await fs.writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? `${ROADMAP_FILE_NAME} is there already` : String((error as Error).message);
    return (nothing) => `${why}; ${nothing}.`;
  }
  // The folders after this one must not take its IDs or trackers either.
  index.updateFile(file, text);
  const cited = trackers.length ? `, with the trackers the comments cite: ${trackers.join(', ')}` : '';
  const already = declaredAlready.length ? ` (declared already: ${declaredAlready.join(', ')})` : '';
  return { line: `Wrote ${file}${cited}${already}.` };
}

function help(command: Command, io: CliIo): number {
  io.stdout(HELP[command]);
  return 0;
}

if (require.main === module) {
  setV8Flags({ longRunning: false });
  run(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrStream: process.stderr,
  }).then((code) => {
    process.exitCode = code;
  });
}
