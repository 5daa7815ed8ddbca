/**
 * Tickets on workspaces shaped like real repositories (test/realRepos.ts): the exact output and exit code
 * of `check`, with and without a roadmap, then hovers on tickets and the ticket actions' edits over the
 * real protocol.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { run } from '../../server/src/cli';
import type { CommandResult } from '../../server/src/protocol';
import { REAL_ROADMAP, writeRealWorkspace } from '../realRepos';
import { ensureBuilt, TestClient, uriOf } from './lspClient';

const FETCHER = 'core/src/main/java/org/apache/kafka/Fetcher.java';
const LOOKED_FOR =
  'roadmap.yaml, roadmap.yml, **/*.roadmap.yaml, **/*.roadmap.yml, **/.roadmap/**/*.yaml, **/.roadmap/**/*.yml';

async function check(root: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(['check'], {
    cwd: root,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('tickets on real-shaped repositories', function () {
  this.timeout(60000);
  const roots: string[] = [];
  after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));
  const workspace = (label: string, withRoadmap: boolean) => {
    const root = writeRealWorkspace(label, withRoadmap);
    roots.push(root);
    return root;
  };

  it('check: tickets linked, overdue and outside the roadmap; plain key-shaped words; one unknown item; exit 1', async () => {
    const outside = (where: string, key: string, tracker = '') =>
      `${where}: information: ${key} is tracked outside the roadmap${tracker}: no roadmap item lists it in "tickets". Add it to an item, or propose a new item for it. [ticket-not-on-roadmap]`;
    const unlinked = (where: string, text: string) =>
      `${where}: information: Unlinked debt: "${text}" is not on the roadmap. Propose it to the roadmap or link an existing item. [unlinked-debt]`;
    assert.deepEqual(await check(workspace('check', true)), {
      code: 1,
      stderr: '',
      stdout: [
        `${FETCHER}:4:13: warning: Overdue debt: RM-1 "Fetcher stalls under load" (through KAFKA-12887) was due 2020-06-30 and is in-progress. [overdue-debt]`,
        outside(`${FETCHER}:5:13`, 'KAFKA-12410', ' (Apache Jira)'),
        outside(`${FETCHER}:6:14`, 'KAFKA-13001', ' (Apache Jira)'),
        unlinked(`${FETCHER}:7:8`, 'TODO: warm-up replicas'),
        unlinked(`${FETCHER}:8:8`, 'TODO: UTF-8 decoding of SHA-256 digests, ISO-8859-1 fallback'),
        outside('cpp/src/arrow/compute/kernel.cc:2:4', 'GH-49702'),
        unlinked('cpp/src/arrow/compute/kernel.cc:3:4', 'TODO: no ARROW tracker is declared'),
        'go/cmd/tool/main.go:3:15: warning: Expired debt: this TODO was to be resolved by 2020-01-31. [expired-debt]',
        outside('python/pyarrow/io.py:1:8', '#77'),
        outside('python/pyarrow/io.py:2:13', 'GH-7'),
        'python/pyarrow/io.py:3:8: error: Unknown roadmap item "RM-9". Did you mean RM-1, RM-2? [unknown-item]',
        '11 problems (1 error, 2 warnings, 8 information, 0 hints); 3 unlinked debt.',
        '',
      ].join('\n'),
    });
  });

  it('check: the same code without a roadmap file is not judged, and check exits 2 saying so', async () => {
    const root = workspace('bare', false);
    assert.deepEqual(await check(root), {
      code: 2,
      stdout: '',
      stderr: `roadmap-links check: no roadmap file found in ${root} (looked for ${LOOKED_FOR}); "roadmap-links init" creates one\n`,
    });
  });

  describe('over the protocol', () => {
    let root: string;
    let client: TestClient;
    const file = (relative: string) => path.join(root, relative);
    const lineOf = (relative: string, needle: string) =>
      fs
        .readFileSync(file(relative), 'utf8')
        .split('\n')
        .findIndex((line) => line.includes(needle));
    const hoverAt = async (relative: string, needle: string, offset = 1) => {
      const line = lineOf(relative, needle);
      const character = fs.readFileSync(file(relative), 'utf8').split('\n')[line].indexOf(needle) + offset;
      return client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: uriOf(file(relative)) },
        position: { line, character },
      });
    };
    const actionsAt = async (relative: string, needle: string) => {
      const line = lineOf(relative, needle);
      const range = { start: { line, character: 0 }, end: { line, character: 200 } };
      return client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uriOf(file(relative)) },
        range,
        context: { diagnostics: [] },
      });
    };
    const execute = (action: CodeAction) => client.request<CommandResult>('workspace/executeCommand', action.command);

    beforeEach(async () => {
      ensureBuilt();
      root = workspace('lsp', true);
      client = new TestClient({ folders: [root] });
      await client.start();
    });
    afterEach(() => client.stop());

    it('hover on a listed ticket: its tracker, its URL as a link, and the item listing it', async () => {
      const hover = await hoverAt(FETCHER, 'KAFKA-12887');
      const text = (hover?.contents as { value: string }).value;
      const [first, second, third] = text.split('\n\n');
      assert.equal(first, '**KAFKA-12887** · ticket of Apache Jira (KAFKA)');
      assert.equal(
        second,
        '[https://issues.apache.org/jira/browse/KAFKA-12887](https://issues.apache.org/jira/browse/KAFKA-12887)',
      );
      assert.equal(third, 'Listed by **RM-1**:');
      assert.match(text, /\*\*RM-1\*\* · Fetcher stalls under load · \[open\]\(command:roadmapLinks\.openLocation\?/);
      assert.match(text, /stalled fetches per day/);
      const line = lineOf(FETCHER, 'KAFKA-12887');
      assert.deepEqual(hover?.range, { start: { line, character: 12 }, end: { line, character: 23 } });
      // The same on the entry of the item's tickets in the roadmap file.
      const entry = ((await hoverAt('roadmap.yaml', '- GH-48593', 3))?.contents as { value: string }).value;
      assert.match(
        entry,
        /^\*\*GH-48593\*\* · ticket of tracker GH\n\n\[https:\/\/github\.com\/apache\/arrow\/issues\/48593\]\(.*\)\n\nListed by \*\*RM-2\*\*:/,
      );
    });

    it('hover on a ticket no item lists, and on a "#" ticket', async () => {
      const outside = (await hoverAt(FETCHER, 'KAFKA-12410'))?.contents as { value: string };
      assert.equal(
        outside.value,
        '**KAFKA-12410** · ticket of Apache Jira (KAFKA)\n\n[https://issues.apache.org/jira/browse/KAFKA-12410](https://issues.apache.org/jira/browse/KAFKA-12410)\n\n' +
          '**Tracked outside the roadmap**: no item lists it in `tickets`. Quick fixes: add it to an item, or propose a new item for it.',
      );
      const hash = (await hoverAt('python/pyarrow/io.py', '#77'))?.contents as { value: string };
      assert.match(
        hash.value,
        /^\*\*#77\*\* · ticket of tracker #\n\n\[https:\/\/github\.com\/acme\/tool\/issues\/77\]\(https:\/\/github\.com\/acme\/tool\/issues\/77\)/,
      );
      const plain = (await hoverAt(FETCHER, 'UTF-8'))?.contents as { value: string };
      assert.match(plain.value, /^\*\*Unlinked debt\*\* · TODO\n/, 'UTF-8 is plain text: the comment is unlinked debt');
    });

    it('"Add KEY to item" adds the key to that item\'s tickets in one edit, keeping every other line', async () => {
      const actions = await actionsAt(FETCHER, 'KAFKA-12410');
      assert.deepEqual(
        actions.map((action) => action.title),
        [
          'Add KAFKA-12410 to RM-1 Fetcher stalls under load',
          'Add KAFKA-12410 to RM-2 Port the compute kernels',
          'Propose KAFKA-12410 to the roadmap',
        ],
      );
      assert.deepEqual(await execute(actions[0]), { applied: true, ids: ['RM-1'] });
      assert.equal(client.appliedEdits.length, 1);
      assert.equal(
        fs.readFileSync(file('roadmap.yaml'), 'utf8'),
        REAL_ROADMAP.replace('tickets: [KAFKA-12887]', 'tickets: [KAFKA-12887, KAFKA-12410]'),
      );
      // The block list of RM-2 gets a new entry in its own layout.
      const gh = (await actionsAt('python/pyarrow/io.py', 'GH-7')).find((action) =>
        action.title.startsWith('Add GH-7 to RM-2'),
      )!;
      assert.deepEqual(await execute(gh), { applied: true, ids: ['RM-2'] });
      assert.match(fs.readFileSync(file('roadmap.yaml'), 'utf8'), /\n {4}tickets:\n {6}- GH-48593\n {6}- GH-7\n$/);
      // The ticket now links the comment: no more "tracked outside the roadmap" there.
      const hover = (await hoverAt(FETCHER, 'KAFKA-12410'))?.contents as { value: string };
      assert.match(hover.value, /Listed by \*\*RM-1\*\*:/);
    });

    it('"Propose KEY to the roadmap" adds a proposed item with tickets: [KEY] and leaves the comment alone', async () => {
      const code = fs.readFileSync(file(FETCHER), 'utf8');
      const propose = (await actionsAt(FETCHER, 'KAFKA-13001')).find(
        (action) => action.title === 'Propose KAFKA-13001 to the roadmap',
      )!;
      assert.deepEqual(await execute(propose), { applied: true, ids: ['RM-3'] });
      const roadmap = fs.readFileSync(file('roadmap.yaml'), 'utf8');
      assert.ok(roadmap.startsWith(REAL_ROADMAP), 'every line kept');
      assert.equal(
        roadmap.slice(REAL_ROADMAP.length),
        `  - id: RM-3\n    title: leaks a buffer on close\n    kind: debt\n    status: proposed\n    objective: OBJ-1\n    tickets: [KAFKA-13001]\n    source: ${FETCHER}:6\n`,
      );
      assert.equal(fs.readFileSync(file(FETCHER), 'utf8'), code);
    });
  });
});
