/** Helpers for the fault, load and security tests that drive the real server through TestClient. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Hover } from 'vscode-languageserver-protocol';
import { TestClient, uriOf } from '../server/lspClient';
import { waitOn } from '../waiting';
import { addTally } from './tally';

/** A fresh temporary workspace holding `files` (relative path → text or bytes). */
export function makeWorkspace(label: string, files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `roadmap-links-rel-${label}-`));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

export function removeWorkspace(root: string | undefined): void {
  if (!root) return;
  // A chmod 000 folder left behind by a failed test must not stop the clean-up.
  spawnSync('chmod', ['-R', 'u+rwx', root]);
  fs.rmSync(root, { recursive: true, force: true });
}

export const ROADMAP = [
  'version: 1',
  'objectives:',
  '  - id: OBJ-A',
  '    title: Customers trust checkout',
  'items:',
  '  - id: RM-1',
  '    title: Cache the tax table',
  '    status: in-progress',
  '    objective: OBJ-A',
  '    value: {metric: tax lookup p95, category: performance, baseline: 80, target: 10}',
  '  - id: RM-2',
  '    title: Retry logic cleanup',
  '    status: proposed',
  '',
].join('\n');

/** Sends a hover and returns its answer (a hover or null); a server that never answers fails the test by its timeout. */
export async function hoverAnswers(
  client: TestClient,
  file: string,
  position: { line: number; character: number },
): Promise<Hover | null> {
  const answer = client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(file) }, position });
  const where = `${file}:${position.line}:${position.character}`;
  const result = await waitOn(
    answer,
    () => `a hover answer at ${where} (server alive: ${client.alive}); stderr: ${client.stderr.slice(-2000)}`,
  );
  addTally({ requestsAnswered: 1 });
  return result;
}

export function hoverText(hover: Hover | null): string {
  if (!hover) return '';
  const contents = hover.contents;
  return typeof contents === 'string' ? contents : 'value' in contents ? contents.value : JSON.stringify(contents);
}

/**
 * After a fault: the process is alive, answers a hover with the expected item, and logged no handler
 * failure (a guarded exception is still a bug, just not a crash).
 */
export async function assertHealthy(
  client: TestClient,
  probe: { file: string; position: { line: number; character: number }; expect: RegExp },
): Promise<void> {
  if (!client.alive) {
    addTally({ crashes: 1 });
    throw new Error(`the server died; stderr: ${client.stderr.slice(-2000)}`);
  }
  const hover = await hoverAnswers(client, probe.file, probe.position);
  const text = hoverText(hover);
  if (!probe.expect.test(text))
    throw new Error(
      `hover at ${probe.file}:${probe.position.line} says ${JSON.stringify(text)}, expected ${probe.expect}`,
    );
  const failures = client.logs.filter((line) => /\bfailed: /.test(line) && !/git /.test(line));
  if (failures.length) throw new Error(`the server logged handler failures:\n${failures.join('\n')}`);
}

export function watchedFiles(client: TestClient, changes: { file: string; type: 1 | 2 | 3 }[]): Promise<void> {
  return client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: changes.map((change) => ({ uri: uriOf(change.file), type: change.type })),
  });
}

export const FILE_CREATED = 1;
export const FILE_CHANGED = 2;
export const FILE_DELETED = 3;

/** Runs git in `cwd` (test setup only), failing loudly. */
export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
