/**
 * Running git: always `spawn` with an argument array (no shell), output bounded, failures turned
 * into a typed {@link GitError}. Only plumbing-stable output formats are parsed (`-z` lists,
 * `cat-file --batch`, unified diff headers).
 */
import { spawn } from 'child_process';
import { promises as fs } from 'fs';

export type GitErrorCode =
  | 'not-a-directory'
  | 'not-a-repository'
  | 'git-not-found'
  | 'bad-revision'
  | 'no-commits'
  | 'no-merge-base'
  | 'output-too-large'
  | 'git-failed';

export class GitError extends Error {
  constructor(
    readonly code: GitErrorCode,
    message: string,
    /** git's own complaint, when it said something. */
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** Output collected in memory (lists, logs) never exceeds this unless a caller asks for more. */
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const MAX_STDERR_BYTES = 16 * 1024;

// `diff.relative` would print paths relative to the folder, not to the repository root as the
// mapper expects; pinned as config (not --no-relative) so an older git that lacks the setting ignores it.
// Diff prefixes, colour and external diff tools are pinned by options where a diff is run.
const CONFIG_OVERRIDES = ['-c', 'diff.relative=false'];

function gitEnv(): NodeJS.ProcessEnv {
  // C locale: messages we match stay English. No prompts, no optional index lock (read-only use).
  return { ...process.env, LC_ALL: 'C', LANG: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
}

export interface RunOptions {
  cwd: string;
  /** Exit codes that are answers rather than failures (e.g. 1 from `merge-base`). */
  okExitCodes?: number[];
  maxBytes?: number;
  /** Written to stdin, which is then closed. */
  input?: string;
}

export interface RunResult {
  stdout: string;
  exitCode: number;
}

/** Runs git and collects its whole output (up to `maxBytes`, else `output-too-large`). */
export async function runGit(args: string[], options: RunOptions): Promise<RunResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  const exitCode = await spawnGit(args, options, (chunk, stop) => {
    size += chunk.length;
    if (size > maxBytes) {
      tooLarge = true;
      stop();
      return;
    }
    chunks.push(chunk);
  });
  if (tooLarge) {
    throw new GitError('output-too-large', `git ${args[0]} printed more than ${formatBytes(maxBytes)}; narrow the comparison (folder or base).`);
  }
  return { stdout: Buffer.concat(chunks).toString('utf8'), exitCode };
}

/**
 * Runs git and hands each stdout chunk to `onChunk` as it arrives, so callers can parse output of
 * any size without holding it. `stop()` kills git; the promise then resolves with exit code -1.
 */
export function spawnGit(
  args: string[],
  options: RunOptions,
  onChunk: (chunk: Buffer, stop: () => void) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...CONFIG_OVERRIDES, ...args], {
      cwd: options.cwd,
      env: gitEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stopped = false;
    let stderr = '';
    let failure: Error | undefined;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      child.kill();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped) return;
      try {
        onChunk(chunk, stop);
      } catch (error) {
        failure = error as Error;
        stop();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR_BYTES) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      failure ??=
        error.code === 'ENOENT'
          ? new GitError('git-not-found', 'git was not found on the PATH; install git to compare changes.')
          : new GitError('git-failed', `could not run git: ${error.message}`);
    });
    // stdin errors (EPIPE when git exits early) surface through the exit code instead.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    child.on('close', (code) => {
      if (failure) return reject(failure);
      if (stopped) return resolve(-1);
      const exitCode = code ?? -1;
      if (exitCode === 0 || options.okExitCodes?.includes(exitCode)) return resolve(exitCode);
      reject(classifyFailure(args, stderr.trim(), options.cwd));
    });
  });
}

function classifyFailure(args: string[], stderr: string, cwd: string): GitError {
  if (/not a git repository|must be run in a work tree/i.test(stderr)) {
    return new GitError('not-a-repository', `"${cwd}" is not inside a git working tree.`, stderr);
  }
  const firstLine = stderr.split('\n')[0] || 'no message';
  return new GitError('git-failed', `git ${args[0]} failed: ${firstLine}`, stderr);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}

// ---------------------------------------------------------------------------------------------
// Queries

/** The top folder of the working tree that holds `cwd` (as git spells it: forward slashes, real path). */
export async function repositoryRoot(cwd: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(cwd);
  } catch {
    throw new GitError('not-a-directory', `"${cwd}" does not exist.`);
  }
  if (!stat.isDirectory()) throw new GitError('not-a-directory', `"${cwd}" is not a folder.`);
  const { stdout } = await runGit(['rev-parse', '--show-toplevel'], { cwd });
  const root = stdout.replace(/\r?\n$/, '');
  if (!root) throw new GitError('not-a-repository', `"${cwd}" is not inside a git working tree.`);
  return root;
}

/** Full commit hash of a revision, or undefined when it names no commit (e.g. HEAD before the first commit). */
export async function resolveCommit(cwd: string, revision: string): Promise<string | undefined> {
  // A leading dash would be read as an option; no ref starts with one.
  if (revision.startsWith('-')) return undefined;
  const { stdout, exitCode } = await runGit(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { cwd, okExitCodes: [1, 128] });
  return exitCode === 0 ? stdout.trim() : undefined;
}

/**
 * Whether HEAD names an object at all, even one missing from the object store: told apart from an
 * unborn branch, a HEAD that does not resolve to a commit is then a corrupt (or partial) repository.
 */
export async function headIsNamed(cwd: string): Promise<boolean> {
  const { exitCode } = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd, okExitCodes: [1, 128] });
  return exitCode === 0;
}

export async function mergeBase(cwd: string, a: string, b: string): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(['merge-base', a, b], { cwd, okExitCodes: [1] });
  return exitCode === 0 ? stdout.trim() : undefined;
}

/** The empty tree's ID in this repository's hash format (SHA-1 or SHA-256). */
export async function emptyTree(cwd: string): Promise<string> {
  const { stdout } = await runGit(['hash-object', '-t', 'tree', '--stdin'], { cwd, input: '' });
  return stdout.trim();
}

/** The first of main, master, origin/main, origin/master that exists: the usual base of a branch. */
export async function defaultBaseRef(cwd: string): Promise<string | undefined> {
  await repositoryRoot(cwd);
  for (const ref of ['main', 'master', 'origin/main', 'origin/master']) {
    if (await resolveCommit(cwd, ref)) return ref;
  }
  return undefined;
}

/** Untracked, not ignored files under `cwd`, repository-relative. */
export async function untrackedFiles(cwd: string): Promise<string[]> {
  const { stdout } = await runGit(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', '.'], { cwd });
  // Entries ending in "/" are nested repositories, not files.
  return stdout.split('\0').filter((entry) => entry && !entry.endsWith('/'));
}

export interface TrailerCommit {
  hash: string;
  /** The values of its `Roadmap:` trailers, unfolded. */
  values: string[];
}

/** Commits of `range` (e.g. "base..HEAD") touching `cwd`, with their `Roadmap:` trailer values. */
export async function roadmapTrailers(cwd: string, range: string): Promise<TrailerCommit[]> {
  const { stdout } = await runGit(
    ['log', '-z', '--format=%H%x1f%(trailers:key=Roadmap,valueonly,unfold,separator=%x1f)', range, '--', '.'],
    { cwd },
  );
  const commits: TrailerCommit[] = [];
  for (const record of stdout.split('\0')) {
    const [hash, ...values] = record.replace(/^\n/, '').split('\x1f');
    const nonEmpty = values.map((value) => value.trim()).filter(Boolean);
    if (hash && nonEmpty.length) commits.push({ hash, values: nonEmpty });
  }
  return commits;
}

/** Paths a commit changed against its first parent (both sides of a rename), repository-relative. */
export async function filesOfCommit(cwd: string, hash: string): Promise<string[]> {
  const { stdout } = await runGit(['diff-tree', '--root', '--no-commit-id', '-r', '--name-only', '--no-renames', '-z', hash], { cwd });
  return stdout.split('\0').filter(Boolean);
}

/**
 * Reads blobs (`rev:path` specs) through one `git cat-file --batch`, in order, without holding more
 * than one at a time. `onBlob` gets undefined for a missing object or one over `maxBytes`.
 */
export async function readBlobs(
  cwd: string,
  specs: string[],
  maxBytes: number,
  onBlob: (index: number, content: Buffer | undefined) => void,
): Promise<void> {
  if (specs.length === 0) return;
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  // While inside a blob: bytes still to read (content plus its trailing LF), and whether to keep them.
  let remaining = -1;
  let keep = false;
  let parts: Buffer[] = [];
  const deliver = (content: Buffer | undefined) => onBlob(index++, content);
  await spawnGit(['cat-file', '--batch'], { cwd, input: specs.map((spec) => `${spec}\n`).join('') }, (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let offset = 0;
    while (offset < pending.length) {
      if (remaining >= 0) {
        const take = Math.min(remaining, pending.length - offset);
        if (keep) parts.push(pending.subarray(offset, offset + take));
        offset += take;
        remaining -= take;
        if (remaining > 0) break;
        remaining = -1;
        deliver(keep ? Buffer.concat(parts).subarray(0, -1) : undefined);
        parts = [];
        continue;
      }
      const newline = pending.indexOf(10, offset);
      if (newline < 0) break;
      const header = pending.subarray(offset, newline).toString('utf8');
      offset = newline + 1;
      // "<oid> <type> <size>" or "<spec> missing" / "<spec> ambiguous".
      const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
      if (!match) {
        deliver(undefined);
        continue;
      }
      const size = Number(match[2]);
      keep = match[1] === 'blob' && size <= maxBytes;
      remaining = size + 1;
    }
    pending = pending.subarray(offset);
  });
}
