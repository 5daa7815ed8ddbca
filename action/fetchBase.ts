/**
 * Shallow checkouts (actions/checkout fetches one commit by default) lack the base and the
 * merge-base. This fetches the base, then deepens the history step by step until HEAD and the
 * base meet, and says exactly what `fetch-depth` to set when it cannot.
 */
import { GitError, mergeBase, resolveCommit, runGit } from '../server/src/core/changes/git';

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

async function isShallow(cwd: string): Promise<boolean> {
  const { stdout } = await runGit(['rev-parse', '--is-shallow-repository'], { cwd });
  return stdout.trim() === 'true';
}

async function fetch(cwd: string, args: string[], base: string): Promise<void> {
  try {
    await runGit(['fetch', '--no-tags', '--quiet', ...args], { cwd });
  } catch (error) {
    const reason = error instanceof GitError ? error.message : String(error);
    throw new GitError(
      'git-failed',
      `could not fetch the base ${base} (${reason}). Check out the full history instead: actions/checkout with "fetch-depth: 0".`,
    );
  }
}
