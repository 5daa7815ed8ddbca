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
    const body = commentBody(result, changesMarkdown(reportOf(result.change!, index.roadmap)), folder);
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

function commentBody(result: CheckResult, changes: string, folder: string): string {
  const lines = [
    COMMENT_MARKER,
    changes.trimEnd(),
    '',
    '### Roadmap check',
    '',
    escapeMarkdown(summaryLine(result.summary)),
  ];
  const added = result.problems.filter((entry) => entry.state === 'new');
  if (added.length) {
    lines.push('');
    for (const { problem } of added) {
      const where = `${displayPath(problem.file, folder)}:${problem.range.start.line + 1}`;
      lines.push(`- ${markdownCode(where)} ${problem.severity}: ${escapeMarkdown(problem.message)}`);
    }
  }
  return lines.join('\n') + '\n';
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
    core.warning(
      `Could not write the pull-request comment: ${(error as Error).message}. It needs "permissions: pull-requests: write".`,
    );
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
