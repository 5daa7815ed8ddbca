/**
 * `runCheck`'s fingerprints, in process: each one is the recipe's (sha-256 of the folder-relative path, the
 * code and the problem's normalised line text) whatever the file's line breaks, roadmap lines included; and
 * output that shows no fingerprint reads no file after the scan (counted, never timed).
 */
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { runCheck } from '../server/src/cli/check';
import { loadIndex } from '../server/src/cli/workspace';
import { FINGERPRINT_VERSION, baselineOf, normaliseLineText } from '../server/src/core/baseline';
import type { WorkspaceIndex } from '../server/src/core/workspace';
import { removeTemporaryFolders, temporaryFolder, write } from './gitEnv';

const ROADMAP = [
  'version: 1',
  'items:',
  '  - id: RM-1',
  '    title: Cache the tax table',
  '    kind: debt',
  '    status: done',
  '    value: { metric: p99, category: performance, unit: ms, baseline: 800, target: 300 }',
  '  - id: RM-2',
  '    title:   No value here',
  '',
].join('\r\n');

/** Files by line break: LF, CRLF, a lone CR (old Mac), and a mix; each with problems on several lines. */
const SOURCES: Record<string, string> = {
  'src/lf.ts': 'const a = 1;\n    // TODO: first   unlinked\nconst b = 2; // TODO(RM-1): stale\n',
  'src/crlf.ts': 'const a = 1;\r\n\t// FIXME:  tabs\tand spaces \r\nlet x; // TODO(RM-9): unknown\r\n',
  'src/cr.ts': '// header\r  // HACK: lone CR\rcall(); // TODO: again\r',
  'src/mixed.ts': '// one\r\n// TODO: after CRLF\n\r// XXX: after LF then CR\r\n',
};

let root: string;
let index: WorkspaceIndex;
const quiet = { stderr: () => {} };

/** The recipe, written out again: the line is cut at every line break VS Code knows (\r\n, \n, \r). */
function expectedHash(relative: string, code: string, line: number): string {
  const text = fs.readFileSync(path.join(root, relative), 'utf8');
  const lineText = text.split(/\r\n|\n|\r/)[line] ?? '';
  return createHash('sha256')
    .update(`${relative}\0${code}\0${normaliseLineText(lineText)}`)
    .digest('hex')
    .slice(0, 32);
}

/** Paths opened or read (sync or promise API) while `run` runs. */
async function filesOpened<T>(run: () => Promise<T>): Promise<{ result: T; opened: string[] }> {
  const nodeFs = module.require('fs') as typeof fs;
  const opened: string[] = [];
  const restore: (() => void)[] = [];
  for (const [object, names] of [
    [nodeFs, ['openSync', 'readFileSync', 'open', 'readFile']],
    [nodeFs.promises, ['open', 'readFile']],
  ] as const) {
    for (const name of names) {
      const target = object as unknown as Record<string, (...args: unknown[]) => unknown>;
      const original = target[name];
      target[name] = function (this: unknown, ...args: unknown[]) {
        if (typeof args[0] === 'string' && args[0].startsWith(root)) opened.push(args[0]);
        return original.apply(this, args);
      };
      restore.push(() => (target[name] = original));
    }
  }
  try {
    return { result: await run(), opened };
  } finally {
    for (const undo of restore) undo();
  }
}

describe('check: fingerprints', () => {
  before(async () => {
    root = temporaryFolder('rl-check-');
    write(root, 'roadmap.yaml', ROADMAP);
    for (const [file, text] of Object.entries(SOURCES)) write(root, file, text);
    index = await loadIndex([root], quiet);
  });

  after(removeTemporaryFolders);

  it("are the recipe's for every line break, roadmap lines included", async () => {
    const { problems } = await runCheck({ folders: [root], index });
    const found = problems.map(({ problem, path: relative, hash, fingerprint }) => {
      assert.equal(relative, path.relative(root, problem.file));
      assert.equal(hash, expectedHash(relative, problem.code, problem.range.start.line), `${relative} ${problem.code}`);
      assert.equal(fingerprint, `${hash}:1`);
      return `${relative}:${problem.range.start.line + 1} ${problem.code}`;
    });
    // Every file and kind of line break is covered, the roadmap's CRLF lines too.
    assert.deepEqual(found, [
      'roadmap.yaml:8 missing-value',
      'src/cr.ts:2 unlinked-debt',
      'src/cr.ts:3 unlinked-debt',
      'src/crlf.ts:2 unlinked-debt',
      'src/crlf.ts:3 unknown-item',
      'src/lf.ts:2 unlinked-debt',
      'src/lf.ts:3 stale-debt',
      'src/mixed.ts:2 unlinked-debt',
      'src/mixed.ts:4 unlinked-debt',
    ]);
    assert.equal(baselineOf(problems).fingerprintVersion, FINGERPRINT_VERSION);
  });

  it('are made by reading each file with problems once, and not at all when the output shows none', async () => {
    const fingerprinted = await filesOpened(() => runCheck({ folders: [root], index }));
    assert.deepEqual(
      fingerprinted.opened.sort(),
      Object.keys(SOURCES)
        .map((file) => path.join(root, file))
        .sort(),
    );
    const plain = await filesOpened(() => runCheck({ folders: [root], index, fingerprints: false }));
    assert.deepEqual(plain.opened, []);
    // The same problems, judged the same, only without fingerprints.
    assert.deepEqual(
      plain.result.problems,
      fingerprinted.result.problems.map(({ problem }) => ({ problem })),
    );
    assert.deepEqual(plain.result.summary, fingerprinted.result.summary);
  });

  it('are still made to compare with a baseline when the output shows none', async () => {
    const { problems } = await runCheck({ folders: [root], index });
    const baselineFile = path.join(root, 'baseline.json');
    // The baseline knows every problem but the last two.
    fs.writeFileSync(baselineFile, JSON.stringify(baselineOf(problems.slice(0, -2))));
    try {
      const { result, opened } = await filesOpened(() =>
        runCheck({ folders: [root], index, fingerprints: false, baselineFile }),
      );
      assert.ok(opened.includes(path.join(root, 'src/lf.ts')));
      assert.deepEqual(
        result.problems.map(({ state }) => state),
        [...Array(problems.length - 2).fill('unchanged'), 'new', 'new'],
      );
      assert.equal(result.summary.comparison?.unchanged, problems.length - 2);
    } finally {
      fs.rmSync(baselineFile);
    }
  });

  it('never follow a file swapped for a symbolic link after the scan: its lines read as empty', async () => {
    const outside = temporaryFolder('rl-check-outside-');
    write(outside, 'secret.ts', SOURCES['src/lf.ts']);
    const file = path.join(root, 'src/lf.ts');
    fs.rmSync(file);
    fs.symlinkSync(path.join(outside, 'secret.ts'), file);
    try {
      const { problems } = await runCheck({ folders: [root], index });
      for (const { problem, hash } of problems.filter((entry) => entry.path === 'src/lf.ts')) {
        assert.equal(hash, createHash('sha256').update(`src/lf.ts\0${problem.code}\0`).digest('hex').slice(0, 32));
      }
    } finally {
      fs.rmSync(file);
      write(root, 'src/lf.ts', SOURCES['src/lf.ts']);
    }
  });
});
