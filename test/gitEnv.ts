/** Environment for git in test fixtures: a fixed identity, and none of the user's own configuration. */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  // Hooks, signing or a default branch from the user's configuration must not leak into fixtures.
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  return gitWithEnv(cwd, args);
}

/** git with extra environment, e.g. `GIT_AUTHOR_DATE`/`GIT_COMMITTER_DATE` for dated history fixtures. */
export function gitWithEnv(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, { cwd, env: { ...GIT_ENV, ...env }, encoding: 'utf8' });
}

export function write(root: string, relative: string, content: string | Buffer): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Commits every change in the working tree; returns the new commit's hash. */
export function commitAll(root: string, message: string): string {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD').trim();
}

/** Commits every change with both dates at `iso` and the given author; returns the new commit's hash. */
export function commitAt(root: string, iso: string, message: string, author = 'Test'): string {
  git(root, 'add', '-A');
  gitWithEnv(root, ['commit', '-q', '-m', message], {
    GIT_AUTHOR_DATE: iso,
    GIT_COMMITTER_DATE: iso,
    GIT_AUTHOR_NAME: author,
    GIT_AUTHOR_EMAIL: `${author.toLowerCase()}@example.com`,
  });
  return git(root, 'rev-parse', 'HEAD').trim();
}

/**
 * Two repositories side by side in `parent`, as a multi-root workspace opens them, and `plain/`, a folder in
 * none (its roadmap has no item). `web`: `webRoadmap` with RM-1's metric at 850 then 700 (January and
 * February 2026, by Alice), `services/pay.ts` linked to RM-1 and the `webFiles` given; `api`: API-1's timeouts
 * at 40 then 12 (March and April, by Bob), `src/retry.ts` linked to it.
 */
export function twoRepositories(
  parent: string,
  webRoadmap: (current: number) => string,
  webFiles: Record<string, string> = {},
): { web: string; api: string } {
  const apiRoadmap = (current: number) => `version: 2
items:
  - id: API-1
    title: Fewer timeouts
    kind: debt
    status: in-progress
    value: { metric: timeouts per day, baseline: 40, target: 0, current: ${current} }
`;
  const web = `${parent}/web`;
  const api = `${parent}/api`;
  for (const repo of [web, api]) {
    write(repo, '.keep', '');
    git(repo, 'init', '-q', '-b', 'main');
  }
  write(web, 'roadmap.yaml', webRoadmap(850));
  write(web, 'services/pay.ts', '// TODO(RM-1): cache\n');
  for (const [file, text] of Object.entries(webFiles)) write(web, file, text);
  commitAt(web, '2026-01-05T10:00:00Z', 'web one', 'Alice');
  write(web, 'roadmap.yaml', webRoadmap(700));
  commitAt(web, '2026-02-05T10:00:00Z', 'web two', 'Alice');
  write(api, 'roadmap.yaml', apiRoadmap(40));
  write(api, 'src/retry.ts', '// FIXME(API-1): retry once\n');
  commitAt(api, '2026-03-01T10:00:00Z', 'api one', 'Bob');
  write(api, 'roadmap.yaml', apiRoadmap(12));
  commitAt(api, '2026-04-01T10:00:00Z', 'api two', 'Bob');
  write(parent, 'plain/p.roadmap.yaml', 'version: 2\nitems: []\n');
  return { web, api };
}

/** What each folder of `twoRepositories` saw of its history, as `report` and the server's dashboard give it. */
export function historiesSeen(
  entries: readonly { path: string; history?: { seen: { ref: string; tip: string } }; historyNote?: string }[],
): unknown[] {
  return entries.map((entry) => [
    entry.path,
    entry.history?.seen.ref,
    entry.history?.seen.tip,
    entry.historyNote?.replace(/:.*/, ''),
  ]);
}

/** The rows `historiesSeen` gives for the folders of `twoRepositories(parent)`: each repository at its tip. */
export function twoRepositoriesSeen(parent: string): unknown[] {
  const tip = (folder: string) => git(`${parent}/${folder}`, 'rev-parse', 'HEAD').trim();
  return [
    ['web', 'main', tip('web'), undefined],
    ['api', 'main', tip('api'), undefined],
    ['plain', undefined, undefined, 'No history'],
  ];
}

const temporaryFolders: string[] = [];

/** A new folder under the system's temporary folder, its real path (macOS's /tmp is a symlink). */
export function temporaryFolder(prefix: string): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  temporaryFolders.push(folder);
  return folder;
}

/** Deletes every folder `temporaryFolder` made: call it from the suite's `after`. */
export function removeTemporaryFolders(): void {
  for (const folder of temporaryFolders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
}

/**
 * A `git` that records each invocation's arguments and then runs the real git, put first on a PATH.
 * Arguments are recorded exactly as received (unit separator between, record separator after).
 */
export function makeFakeGit(): { env: NodeJS.ProcessEnv; invocations(): string[][]; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-fake-git-'));
  const log = path.join(dir, 'invocations.log');
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(
    path.join(dir, 'git'),
    `#!/bin/sh\n{ for a in "$@"; do printf '%s\\037' "$a"; done; printf '\\036'; } >> '${log}'\nexec '${realGit}' "$@"\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(log, '');
  return {
    env: { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` },
    invocations: () =>
      fs
        .readFileSync(log, 'utf8')
        .split('\x1e')
        .filter(Boolean)
        .map((record) => record.split('\x1f').slice(0, -1)),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
