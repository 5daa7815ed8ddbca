/**
 * The GitHub Action (`action.yml`, bundled to dist/action.js): runs `check --base` against the
 * pull request's base, writes SARIF for github/codeql-action/upload-sarif, and keeps one
 * pull-request comment (found by a hidden marker) updated with the `changes` Markdown.
 */
import * as core from '@actions/core';
import * as github from '@actions/github';
import { promises as fs } from 'fs';
import * as path from 'path';
import packageJson from '../package.json';
import { reportOf } from '../server/src/core/changes';
import { GitError } from '../server/src/core/changes/git';
import { setV8Flags } from '../server/src/v8Flags';
import { escapeMarkdown, markdownCode } from '../server/src/core/format';
import { UsageError } from '../server/src/cli/args';
import { changesMarkdown } from '../server/src/cli/changes';
import { runCheck, type CheckResult } from '../server/src/cli/check';
import { displayPath, formatSarif, formatText, summaryLine } from '../server/src/cli/problems';
import { loadIndex } from '../server/src/cli/workspace';
import { ensureBase } from './fetchBase';

/** Identifies our comment among the pull request's; invisible in the rendered Markdown. */
const COMMENT_MARKER = '<!-- roadmap-links:pull-request-comment -->';

async function main(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const folder = path.resolve(workspace, core.getInput('working-directory') || '.');
  const sarifFile = path.resolve(workspace, core.getInput('sarif-file') || 'roadmap-links.sarif');
  const comment = onOff('comment', core.getInput('comment') || 'on');
  const maxNewUnlinked = wholeNumber('max-new-unlinked', core.getInput('max-new-unlinked') || '0');
  const pullRequest = github.context.payload.pull_request as
    { number: number; base?: { ref?: string; sha?: string } } | undefined;
  const baseName = core.getInput('base') || pullRequest?.base?.ref;
  const baseRef = core.getInput('base') || pullRequest?.base?.sha;
  if (!baseRef || !baseName) {
    throw new UsageError(
      'no base to compare with: run on a pull_request event or set the "base" input (a branch, tag or commit)',
    );
  }

  const base = await ensureBase(folder, baseRef, { info: (message) => core.info(message) });
  const index = await loadIndex([folder], { stderr: (text) => core.warning(text.trim()) });
  const result = await runCheck({
    folders: [folder],
    index,
    base,
    baseName,
    includeWorkingTree: false,
    maxNewUnlinked,
  });
  core.info(formatText(result.problems, result.summary, folder, result.disappeared).trimEnd());
  annotate(result, workspace);

  await fs.mkdir(path.dirname(sarifFile), { recursive: true });
  await fs.writeFile(sarifFile, formatSarif(result.problems, [folder], packageJson.version));
  core.setOutput('sarif-file', sarifFile);
  const comparison = result.summary.comparison!;
  core.setOutput('new-problems', String(result.problems.filter((entry) => entry.state === 'new').length));
  core.setOutput('new-unlinked-debt', String(comparison.newUnlinkedDebt));
  core.setOutput('passed', String(result.summary.passed));

  if (comment && pullRequest) {
    const body = commentBody(result, changesMarkdown(reportOf(result.change!, index.roadmap)), folder, baseName);
    const id = await upsertComment(core.getInput('github-token', { required: true }), pullRequest.number, body);
    if (id !== undefined) core.setOutput('comment-id', String(id));
  }
  if (!result.summary.passed) core.setFailed(`Roadmap check failed: ${summaryLine(result.summary)}`);
}

/** Inline annotations on the pull request's diff, for the new problems only. */
function annotate(result: CheckResult, workspace: string): void {
  for (const { problem, state } of result.problems) {
    if (state !== 'new') continue;
    const properties = {
      title: `roadmap-links: ${problem.code}`,
      file: displayPath(problem.file, workspace),
      startLine: problem.range.start.line + 1,
      startColumn: problem.range.start.character + 1,
    };
    if (problem.severity === 'error') core.error(problem.message, properties);
    else if (problem.severity === 'warning') core.warning(problem.message, properties);
    else core.notice(problem.message, properties);
  }
}

/**
 * GitHub refuses a comment body over 65,536 characters (422, "body is too long"), and then the pull request
 * gets no comment at all: a change of a few hundred files (a dependency bump through every `go.sum`) lists more.
 * Measured in UTF-8 bytes, never fewer than characters, so the body fits however GitHub counts.
 */
const MAX_COMMENT_BYTES = 65_536;

function commentBody(result: CheckResult, changes: string, folder: string, baseName: string): string {
  const verdict = ['### Roadmap check', '', escapeMarkdown(summaryLine(result.summary))];
  const problems = result.problems
    .filter((entry) => entry.state === 'new')
    .map(({ problem }) => {
      const where = `${displayPath(problem.file, folder)}:${problem.range.start.line + 1}`;
      return `- ${markdownCode(where)} ${problem.severity}: ${escapeMarkdown(problem.message)}`;
    });
  const changeLines = changes.trimEnd().split('\n');
  // The marker, the verdict and the blank lines between the parts; each part's cut note is within its budget.
  const available = MAX_COMMENT_BYTES - bytes([COMMENT_MARKER, '', ...verdict, '']);
  // Each part keeps what it needs when the other leaves room; otherwise each gets half.
  const problemBytes = bytes(problems);
  const changeBudget = Math.max(Math.floor(available / 2), available - problemBytes);
  const keptChanges = cutLines(changeLines, changeBudget, `roadmap-links changes --base ${baseName}`);
  const keptProblems = cutLines(problems, available - bytes(keptChanges), `roadmap-links check --base ${baseName}`);
  const lines = [COMMENT_MARKER, ...keptChanges, '', ...verdict];
  if (keptProblems.length) lines.push('', ...keptProblems);
  return lines.join('\n') + '\n';
}

/** The size of `lines` in a comment, each with its line break. */
function bytes(lines: string[]): number {
  return lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
}

/** Room for the blank line and the note `cutLines` adds: its text with the command cut to 300 characters. */
const CUT_NOTE_BYTES = 600;

/**
 * `lines` when they fit in `budget` bytes (each with its line break); otherwise the first that fit with room
 * left for a note saying how many were cut and what prints them all.
 */
function cutLines(lines: string[], budget: number, command: string): string[] {
  if (bytes(lines) <= budget) return lines;
  let used = 0;
  let kept = 0;
  while (kept < lines.length && used + bytes([lines[kept]]) <= budget - CUT_NOTE_BYTES) used += bytes([lines[kept++]]);
  const cut = lines.length - kept;
  const note = `_… ${cut} more line${cut === 1 ? '' : 's'} cut: a GitHub comment holds at most 65,536 characters; ${markdownCode(command.slice(0, 300))} prints them all._`;
  return [...lines.slice(0, kept), '', note];
}

/** Updates our earlier comment, or creates it; a token without write access only warns. */
async function upsertComment(token: string, issueNumber: number, body: string): Promise<number | undefined> {
  const octokit = github.getOctokit(token);
  const { owner, repo } = github.context.repo;
  try {
    const comments: { id: number; body?: string | null; html_url?: string }[] = await octokit.paginate(
      octokit.rest.issues.listComments,
      {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
      },
    );
    const ours = comments.find((candidate) => candidate.body?.includes(COMMENT_MARKER));
    if (ours) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body });
      core.info(`Updated the pull-request comment ${ours.html_url ?? ours.id}.`);
      return ours.id;
    }
    const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    core.info(`Commented on the pull request: ${created.data.html_url ?? created.data.id}.`);
    return created.data.id;
  } catch (error) {
    // A pull request from a fork gets a read-only token: the check still counts, the comment is skipped.
    // Only a refusal of access is about permissions (any other error, a 422 say, would be misled by the hint).
    const status = (error as { status?: unknown }).status;
    const hint =
      status === 401 || status === 403 || status === 404 ? ' It needs "permissions: pull-requests: write".' : '';
    core.warning(`Could not write the pull-request comment: ${(error as Error).message}.${hint}`);
    return undefined;
  }
}

function onOff(name: string, value: string): boolean {
  if (/^(on|true|yes)$/i.test(value)) return true;
  if (/^(off|false|no)$/i.test(value)) return false;
  throw new UsageError(`input "${name}" must be on or off (got "${value}")`);
}

function wholeNumber(name: string, value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  throw new UsageError(`input "${name}" must be a whole number ≥ 0 (got "${value}")`);
}

setV8Flags({ longRunning: false });
main().catch((error: unknown) => {
  const message =
    error instanceof UsageError || error instanceof GitError
      ? error.message
      : ((error as Error).stack ?? String(error));
  core.setFailed(`roadmap-links: ${message}`);
});
