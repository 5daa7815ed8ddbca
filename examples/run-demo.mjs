#!/usr/bin/env node
// The README's main job: `roadmap-links check` and `roadmap-links changes` on the bundled demo.
// `changes` needs history, so the demo is copied into a temporary git repository with a `main`
// branch and a feature branch that carries the change in examples/demo-change.patch (plus one
// uncommitted edit), exactly as an engineer's working copy would look before a pull request.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli.js');
const demo = join(here, 'demo');

function run(title, args, cwd) {
  console.log(`\n$ roadmap-links ${args.join(' ')}    # ${title}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, stdio: 'inherit' });
  // `check` exits 1 when it finds errors: the demo has some on purpose. Only 2 (usage) or a crash fail the demo.
  if (result.status !== 0 && result.status !== 1) process.exit(result.status ?? 1);
}

run('diagnostics of the roadmap and of the code', ['check', demo]);

const repo = mkdtempSync(join(tmpdir(), 'roadmap-links-demo-'));
try {
  const git = (...args) => execFileSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, stdio: 'pipe' });
  cpSync(demo, repo, { recursive: true });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'Acme shop as it is on main');
  git('checkout', '-q', '-b', 'faster-checkout');
  git('apply', join(here, 'demo-change.patch'));
  git('add', '-A');
  git('commit', '-q', '-m', 'Cache the tax table and shard search\n\nRoadmap: RM-21');
  // An edit not yet committed: shows in the working-tree report.
  const payment = join(repo, 'services/checkout/payment.ts');
  writeFileSync(payment, readFileSync(payment, 'utf8').replace('return receipt;', '// TODO: log the receipt id for support\n  return receipt;'));
  // A ticket that RM-12 lists (SHOP-101) attributes the edited comment's hunk to RM-12.
  const retry = join(repo, 'services/checkout/retry.ts');
  writeFileSync(retry, readFileSync(retry, 'utf8').replace('read the retry limit from', 'read the retry limit and backoff from'));
  run('the working tree against HEAD', ['changes', repo]);
  run('the branch against main, for the pull request', ['changes', repo, '--base', 'main']);
} finally {
  rmSync(repo, { recursive: true, force: true });
}
