#!/usr/bin/env node
// Value over time on the bundled demo: replays a year of dated commits (metrics moving, debt added
// by several people, one item finished) into a temporary git repository, then writes
// `roadmap-links report --format html` of it. Usage: node examples/history-demo.mjs [OUT.html]
// (default: history-demo.html in the current folder). `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli.js');
const out = resolve(process.argv[2] ?? 'history-demo.html');
const repo = mkdtempSync(join(tmpdir(), 'roadmap-links-history-'));
const WEEK = 7 * 86_400_000;
const now = Date.now();

const git = (args, env = {}) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...env } });
const file = (relative) => join(repo, relative);
const read = (relative) => readFileSync(file(relative), 'utf8');
const write = (relative, text) => {
  mkdirSync(dirname(file(relative)), { recursive: true });
  writeFileSync(file(relative), text);
};

/** Sets `field: value` inside one roadmap item's block (adding it after `after` when missing). */
function setField(id, field, value, after) {
  const text = read('roadmap.yaml');
  const start = text.indexOf(`  - id: ${id}\n`);
  const end = text.indexOf('\n  - id: ', start + 1);
  let block = text.slice(start, end < 0 ? undefined : end);
  const pattern = new RegExp(`(\\n\\s+${field}: ).*`);
  if (pattern.test(block)) block = block.replace(pattern, `$1${value}`);
  else block = block.replace(new RegExp(`(\\n(\\s+)${after}: .*)`), `$1\n$2${field}: ${value}`);
  write('roadmap.yaml', text.slice(0, start) + block + (end < 0 ? '' : text.slice(end)));
}

function commit(weeksAgo, author, message) {
  const date = new Date(now - weeksAgo * WEEK).toISOString();
  git(['add', '-A']);
  git(['commit', '-q', '-m', message], {
    GIT_AUTHOR_NAME: author, GIT_AUTHOR_EMAIL: `${author.toLowerCase()}@acme.example`, GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: author, GIT_COMMITTER_EMAIL: `${author.toLowerCase()}@acme.example`, GIT_COMMITTER_DATE: date,
  });
}

try {
  cpSync(join(here, 'demo'), repo, { recursive: true });
  git(['init', '-q', '-b', 'main']);
  // The year starts with RM-3 under way and RM-12 at its baseline (the demo's roadmap declares its mix).
  setField('RM-3', 'status', 'in-progress');
  setField('RM-3', 'current', '4.2');
  setField('RM-12', 'current', '850');
  write('CODEOWNERS', 'services/checkout/ @payments-team\nservices/search/ @search-team\nweb/ @web-team\n');
  commit(52, 'Alice', 'Acme shop: the roadmap and the code as they were a year ago');

  const steps = [
    [48, 'Bob', () => setField('RM-3', 'current', '3.1'), 'Dedupe retries by idempotency key'],
    [45, 'Chen', () => write('services/search/cache.go', 'package search\n\n// TODO: evict by size, not by count\nfunc Evict() {}\n'), 'Search result cache'],
    [42, 'Alice', () => setField('RM-12', 'current', '800'), 'Precompute shipping zones'],
    [38, 'Dana', () => write('web/src/Cart.tsx', 'export function Cart() {\n  // TODO(RM-30): announce cart updates to screen readers\n  // HACK: force re-render after the legacy widget mutates the DOM\n  return null;\n}\n'), 'Cart page'],
    [35, 'Bob', () => setField('RM-3', 'current', '1.5'), 'Retry budget per merchant'],
    [31, 'Alice', () => setField('RM-12', 'current', '720'), 'Parallel fraud and tax checks'],
    [28, 'Chen', () => write('services/search/suggest.py', '# FIXME: suggestions ignore the locale\n# TODO(RM-15): rank suggestions by conversion\ndef suggest(q):\n    return []\n'), 'Query suggestions'],
    [24, 'Bob', () => setField('RM-3', 'current', '0.4'), 'Idempotent refunds'],
    [21, 'Dana', () => write('web/src/Promo.tsx', '// TODO: remove the promo banner after the campaign\n// XXX: hard-coded campaign end date\nexport const Promo = () => null;\n'), 'Promo banner'],
    [18, 'Alice', () => setField('RM-12', 'current', '680'), 'Connection pooling to the gateway'],
    [15, 'Bob', () => { setField('RM-3', 'current', '0'); setField('RM-3', 'status', 'done'); }, 'RM-3 done: no duplicate charges for a month'],
    [12, 'Alice', () => setField('RM-12', 'current', '640'), 'Cache warm-up on deploy'],
    [9, 'Chen', () => write('services/search/cache.go', 'package search\n\n// Evicts by size.\nfunc Evict() {}\n'), 'Evict the search cache by size'],
    [6, 'Dana', () => write('web/src/Wishlist.tsx', '// TODO: sync the wishlist across devices\n// FIXME: wishlist flickers on slow networks\nexport const Wishlist = () => null;\n'), 'Wishlist'],
    [3, 'Erin', () => write('scripts/bootstrap.sh', '#!/bin/sh\n# TODO(RM-21): one command for the whole local stack\nmake up\n'), 'Bootstrap script'],
    [1, 'Chen', () => write('services/search/shard.go', 'package search\n\n// @roadmap RM-15\nfunc Shard() {}\n'), 'Shard search by term prefix'],
  ];
  for (const [weeksAgo, author, edit, message] of steps) {
    edit();
    commit(weeksAgo, author, message);
  }
  const result = spawnSync(process.execPath, [cli, 'report', repo, '--format', 'html'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    process.exit(result.status ?? 1);
  }
  writeFileSync(out, result.stdout);
  console.log(`wrote ${out}`);
} finally {
  rmSync(repo, { recursive: true, force: true });
}
