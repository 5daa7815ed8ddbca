/**
 * Shallow checkouts (actions/checkout fetches one commit by default) lack the base and the
 * merge-base. This fetches the base, then deepens the history step by step until HEAD and the
 * base meet, and says exactly what `fetch-depth` to set when it cannot.
 *
 * The core's git never reaches a remote (every transport is pinned off, so a repository cannot make
 * it run one); fetching is the action's own job, in the workflow's checkout, so it runs git itself.
 */
import { execFile } from 'child_process';
import { GitError, isShallow, mergeBase, resolveCommit } from '../server/src/core/changes/git';

/** Commits added per deepening step; after the last, the whole history is fetched. */
const DEEPEN_STEPS = [50, 200, 1000];

export interface FetchLog {
  info(message: string): void;
}

/**
 * Resolves `base` (a commit, a branch or tag name, or `origin/<name>`) to a commit that shares
 * history with HEAD, fetching from `origin` as needed. Returns the commit hash.
 */
export async function ensureBase(cwd: string, base: string, log: FetchLog): Promise<string> {
  let commit = (await resolveCommit(cwd, base)) ?? (await resolveCommit(cwd, `origin/${base}`));
  if (!commit) {
    log.info(`Fetching the base ${base} from origin (it is not in this checkout).`);
    await fetch(cwd, ['--depth=50', 'origin', base], base);
    commit = await resolveCommit(cwd, 'FETCH_HEAD');
    if (!commit) throw new GitError('bad-revision', `origin has no branch, tag or commit named "${base}".`);
  }
  for (const step of DEEPEN_STEPS) {
    if (await mergeBase(cwd, commit, 'HEAD')) return commit;
    if (!(await isShallow(cwd))) break;
    log.info(`HEAD and ${base} do not meet in the fetched history yet: fetching ${step} more commits.`);
    await fetch(cwd, [`--deepen=${step}`, 'origin', commit], base);
  }
  if (!(await mergeBase(cwd, commit, 'HEAD')) && (await isShallow(cwd))) {
    log.info('Fetching the whole history.');
    await fetch(cwd, ['--unshallow', 'origin'], base);
  }
  if (await mergeBase(cwd, commit, 'HEAD')) return commit;
  throw new GitError('no-merge-base', `HEAD and ${base} have no common ancestor, so there is no branch to judge.`);
}

/** Fetching can take a while on a big repository, but never this long. */
const FETCH_TIMEOUT_MS = 10 * 60_000;

function fetch(cwd: string, args: string[], base: string): Promise<void> {
  const env = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['fetch', '--no-tags', '--quiet', ...args],
      { cwd, env, timeout: FETCH_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        const reason = String(stderr).trim().split('\n')[0] || error.message;
        reject(
          new GitError(
            'git-failed',
            `could not fetch the base ${base} (${reason}). Check out the full history instead: actions/checkout with "fetch-depth: 0".`,
          ),
        );
      },
    );
  });
}
