/**
 * Faults at the language server, over the real protocol: files vanishing mid-scan, unreadable folders,
 * symlink loops, a roadmap file turned into a folder, a broken git repository, cancelled requests,
 * changes to unknown documents, binary and huge files, YAML broken mid-file. After each one the server
 * must still answer (a hover with the right item), and where it matters say what happened.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CancellationTokenSource, ResponseError, type Diagnostic } from 'vscode-languageserver-protocol';
import type { ChangeReport } from '../../server/src/core/changes';
import type { TreeResult } from '../../server/src/protocol';
import { delay, ensureBuilt, TestClient, uriOf } from '../server/lspClient';
import {
  assertHealthy,
  FILE_CHANGED,
  FILE_CREATED,
  FILE_DELETED,
  git,
  hoverAnswers,
  makeWorkspace,
  removeWorkspace,
  ROADMAP,
  watchedFiles,
} from './serverHelpers';
import { addTally } from './tally';
import { waitFor } from '../waiting';

/** A source file whose line 1 links RM-1 at character 11: the probe every test hovers. */
const PROBE_SOURCE = 'export const rate = 0.2;\n// TODO(RM-1): cache the tax table\n';
const PROBE = { position: { line: 1, character: 9 }, expect: /Cache the tax table/ };

describe('reliability: faults at the language server', function () {
  // Long on a busy machine; the timeout only catches a hang (see test/waiting.ts).
  this.timeout(600_000);
  let workspace: string | undefined;
  let client: TestClient | undefined;

  before(() => ensureBuilt());

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    removeWorkspace(workspace);
    workspace = undefined;
  });

  const start = async (
    files: Record<string, string | Buffer>,
    options: Partial<ConstructorParameters<typeof TestClient>[0]> = {},
    waitForIndex = true,
  ) => {
    workspace = makeWorkspace('faults', { 'roadmap.yaml': ROADMAP, 'src/probe.ts': PROBE_SOURCE, ...files });
    client = new TestClient({ folders: [workspace], ...options });
    if (waitForIndex) await client.start();
    return { root: workspace, client, probe: { ...PROBE, file: path.join(workspace, 'src/probe.ts') } };
  };

  it('survives a few thousand files deleted and renamed while the initial scan runs', async () => {
    const files: Record<string, string> = {};
    for (let dir = 0; dir < 40; dir++) {
      for (let n = 0; n < 75; n++)
        files[`gen/d${dir}/f${n}.ts`] =
          `export const v${n} = ${n};\n// TODO(RM-1): generated ${dir}/${n}\n// HACK: unlinked ${n}\n`;
    }
    const { root, client, probe } = await start(files, {}, false);
    // The server reports progress when its scan begins: only then does the damage start.
    let scanBegan!: () => void;
    const began = new Promise<void>((resolve) => (scanBegan = resolve));
    client.connection.onNotification('$/progress', (params: { value?: { kind?: string } }) => {
      if (params.value?.kind === 'begin') scanBegan();
    });
    // Delete whole folders, rename files and replace some by folders while the server walks and reads.
    const vandal = (async () => {
      await began;
      let faults = 0;
      for (let dir = 0; dir < 40; dir++) {
        const folder = path.join(root, `gen/d${dir}`);
        if (dir % 3 === 0) fs.rmSync(folder, { recursive: true, force: true });
        else if (dir % 3 === 1)
          for (let n = 0; n < 75; n += 2)
            fs.renameSync(path.join(folder, `f${n}.ts`), path.join(folder, `moved${n}.txt`));
        else
          for (let n = 0; n < 75; n += 5) {
            fs.rmSync(path.join(folder, `f${n}.ts`));
            fs.mkdirSync(path.join(folder, `f${n}.ts`));
          }
        faults++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return faults;
    })();
    await client.start();
    const faults = await vandal;
    addTally({ faultsInjected: faults });
    // The damage hit the scan itself: folders and files vanished between listing and reading.
    assert.ok(
      client.logs.some((line) => /skipped .*: (cannot read folder|unreadable): ENOENT/.test(line)),
      client.logs.join('\n'),
    );
    await assertHealthy(client, probe);
    assert.ok(
      client.logs.some((line) => /indexed 1 folder\(s\) in \d+ ms/.test(line)),
      client.logs.join('\n'),
    );

    // The editor then reports what happened; afterwards the index holds exactly the files that exist.
    const events: { file: string; type: 1 | 2 | 3 }[] = [];
    for (let dir = 0; dir < 40; dir++) {
      for (let n = 0; n < 75; n++) {
        const file = path.join(root, `gen/d${dir}/f${n}.ts`);
        if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) events.push({ file, type: FILE_DELETED });
      }
    }
    await watchedFiles(client, events);
    const expected = Object.keys(files).filter((relative) =>
      fs.statSync(path.join(root, relative), { throwIfNoEntry: false })?.isFile(),
    ).length;
    await waitFor(
      async () => {
        const tree = await client.request<TreeResult>('roadmapLinks/tree', {});
        const rm1 = tree.items.find((item) => item.id === 'RM-1');
        return rm1?.siteCount === expected + 1 && tree.unlinked.count === expected;
      },
      `RM-1 to have ${expected + 1} sites and ${expected} unlinked HACKs`,
    );
    await assertHealthy(client, probe);
  });

  it('logs an unreadable (chmod 000) folder and indexes the rest', async function () {
    const isRoot = process.getuid?.() === 0;
    const { root } = await start(
      { 'locked/secret.ts': '// TODO(RM-1): locked away\n', 'open/visible.ts': '// TODO(RM-2): visible\n' },
      {},
      false,
    );
    await client!.stop();
    const locked = path.join(root, 'locked');
    fs.chmodSync(locked, 0o000);
    // As root, chmod denies nothing; the server then runs as "nobody" so that the folder really is unreadable.
    let user: { uid: number; gid: number } | undefined;
    if (isRoot) {
      fs.chmodSync(root, 0o755);
      for (const dir of ['src', 'open']) fs.chmodSync(path.join(root, dir), 0o755);
      for (const file of ['roadmap.yaml', 'src/probe.ts', 'open/visible.ts'])
        fs.chmodSync(path.join(root, file), 0o644);
      user = { uid: 65534, gid: 65534 };
    }
    client = new TestClient({ folders: [root], user });
    try {
      await client.start();
    } catch (error) {
      if (isRoot && !client.alive) this.skip(); // cannot run as "nobody" here: the folder cannot be denied to the server
      throw error;
    }
    addTally({ faultsInjected: 1 });
    assert.ok(
      client.logs.some((line) => line.includes(`skipped ${locked}: cannot read folder: EACCES`)),
      `no log line about the locked folder:\n${client.logs.join('\n')}`,
    );
    assert.deepStrictEqual(
      (await client.itemSites('RM-2')).map((site) => site.uri),
      [uriOf(path.join(root, 'open/visible.ts'))],
    );
    assert.deepStrictEqual(
      (await client.itemSites('RM-1')).map((site) => site.uri),
      [uriOf(path.join(root, 'src/probe.ts'))],
    );
    await assertHealthy(client, { ...PROBE, file: path.join(root, 'src/probe.ts') });
  });

  it('does not loop on symlink cycles, in the scan or when a symlinked folder is reported created', async () => {
    const { root, client, probe } = await start(
      {
        'a/b/inner.ts': '// TODO(RM-2): inside a\n',
        'team.roadmap.yaml': 'items:\n  - {id: RM-9, title: Team item, status: proposed}\n',
      },
      {},
      false,
    );
    fs.symlinkSync(root, path.join(root, 'loop'));
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'a/b/up'));
    fs.symlinkSync(path.join(root, 'self'), path.join(root, 'self')); // a link to itself: ELOOP when followed
    await client.start();
    addTally({ faultsInjected: 3 });
    const before = await client.request<TreeResult>('roadmapLinks/tree', {});
    assert.deepStrictEqual(
      (await client.itemSites('RM-2')).map((site) => site.uri),
      [uriOf(path.join(root, 'a/b/inner.ts'))],
    );

    // An editor reports new links as created paths; following them would index the workspace twice over.
    await watchedFiles(client, [
      { file: path.join(root, 'loop'), type: FILE_CREATED },
      { file: path.join(root, 'a/b/up'), type: FILE_CREATED },
      { file: path.join(root, 'self'), type: FILE_CREATED },
    ]);
    await assertHealthy(client, probe);
    await delay(400);
    const after = await client.request<TreeResult>('roadmapLinks/tree', {});
    assert.deepStrictEqual(
      after.items.map((item) => item.id),
      before.items.map((item) => item.id),
    );
    assert.deepStrictEqual(
      after.items.find((item) => item.id === 'RM-2')?.siteCount,
      1,
      'a file indexed again through a symlink',
    );
    const duplicates = client
      .diagnosticsOf(path.join(root, 'team.roadmap.yaml'))
      .filter((d) => d.code === 'duplicate-id');
    assert.deepStrictEqual(duplicates, [], 'the roadmap file was read again through a symlink');
  });

  it('clears a roadmap file that became a folder, and reads it again when it is back', async () => {
    const { root, client, probe } = await start({});
    const roadmap = path.join(root, 'roadmap.yaml');
    const probeFile = probe.file;
    await client.until(
      () => client.diagnosticsOf(probeFile).length === 0 && client.diagnostics.has(uriOf(roadmap)),
      'initial diagnostics',
    );
    fs.rmSync(roadmap);
    fs.mkdirSync(roadmap);
    fs.writeFileSync(path.join(roadmap, 'inside.ts'), '// TODO(RM-1): in a folder named roadmap.yaml\n');
    await watchedFiles(client, [
      { file: roadmap, type: FILE_DELETED },
      { file: roadmap, type: FILE_CREATED },
    ]);
    await watchedFiles(client, [{ file: roadmap, type: FILE_CHANGED }]);
    addTally({ faultsInjected: 1 });
    /** The roadmap view's items once `settled` holds for them (the server applies file events asynchronously). */
    const itemsWhen = async (settled: (count: number) => boolean) => {
      let tree = await client.request<TreeResult>('roadmapLinks/tree', {});
      await waitFor(
        async () => {
          tree = await client.request<TreeResult>('roadmapLinks/tree', {});
          return settled(tree.items.length);
        },
        () => `the roadmap view's items to settle, now ${tree.items.length}`,
        50,
      );
      return tree.items;
    };
    // Without a roadmap file the workspace has no roadmap: the items are gone and no code is judged.
    assert.deepStrictEqual(await itemsWhen((count) => count === 0), []);
    await client.until(() => client.diagnosticsOf(roadmap).length === 0, "the roadmap file's diagnostics cleared");
    assert.deepStrictEqual(client.diagnosticsOf(probeFile), []);
    assert.ok(client.alive);

    fs.rmSync(roadmap, { recursive: true });
    fs.writeFileSync(roadmap, ROADMAP);
    await watchedFiles(client, [
      { file: roadmap, type: FILE_DELETED },
      { file: roadmap, type: FILE_CREATED },
    ]);
    assert.notDeepStrictEqual(await itemsWhen((count) => count > 0), [], 'RM-1 known again');
    await assertHealthy(client, probe);
  });

  it('answers the changes request with a clear error for a broken git repository', async () => {
    const { root, client, probe } = await start({});
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'initial');
    fs.appendFileSync(probe.file, '// FIXME: a new line of debt\n');
    const report = await client.request<ChangeReport>('roadmapLinks/changes', {});
    assert.deepStrictEqual(
      report.files.map((file) => file.path),
      ['src/probe.ts'],
      'the healthy repository works first',
    );

    // Each breakage starts from a copy of the healthy repository.
    const dotGit = path.join(root, '.git');
    const healthy = path.join(path.dirname(root), `${path.basename(root)}-git-backup`);
    fs.cpSync(dotGit, healthy, { recursive: true });
    const breakages: [string, () => void][] = [
      ['HEAD holds garbage', () => fs.writeFileSync(path.join(dotGit, 'HEAD'), 'garbage\n')],
      ['HEAD is empty', () => fs.writeFileSync(path.join(dotGit, 'HEAD'), '')],
      [
        'the branch names a missing commit',
        () => fs.writeFileSync(path.join(dotGit, 'refs/heads/main'), '0123456789012345678901234567890123456789\n'),
      ],
      ['the index is truncated', () => fs.writeFileSync(path.join(dotGit, 'index'), 'DIRC\0\0')],
      ['the objects are gone', () => fs.rmSync(path.join(dotGit, 'objects'), { recursive: true })],
      [
        '.git is an empty file',
        () => {
          fs.rmSync(dotGit, { recursive: true });
          fs.writeFileSync(dotGit, '');
        },
      ],
    ];
    const messages: string[] = [];
    try {
      for (const [what, breakIt] of breakages) {
        fs.rmSync(dotGit, { recursive: true, force: true });
        fs.cpSync(healthy, dotGit, { recursive: true });
        breakIt();
        addTally({ faultsInjected: 1 });
        const error = await client.request<ChangeReport>('roadmapLinks/changes', {}).then(
          () => undefined,
          (failure: unknown) => failure,
        );
        assert.ok(error instanceof ResponseError, `${what}: expected an error response, got a report`);
        assert.ok(error.message.length > 10, `${what}: unclear message ${JSON.stringify(error.message)}`);
        messages.push(`${what}: ${error.message}`);
        await assertHealthy(client, probe);
      }
    } finally {
      fs.rmSync(healthy, { recursive: true, force: true });
    }
    // Each error names what went wrong in git's words, not a stack trace.
    for (const message of messages) assert.doesNotMatch(message, /\n\s+at /, message);
  });

  it('survives cancelled requests, including cancels of unknown and finished ones', async () => {
    const { root, client, probe } = await start({});
    git(root, 'init', '-q', '-b', 'main');
    const uri = uriOf(probe.file);
    const settled: Promise<unknown>[] = [];
    for (let round = 0; round < 50; round++) {
      const source = new CancellationTokenSource();
      const requests = [
        client.connection.sendRequest(
          'textDocument/hover',
          { textDocument: { uri }, position: PROBE.position },
          source.token,
        ),
        client.connection.sendRequest(
          'textDocument/references',
          { textDocument: { uri }, position: PROBE.position, context: { includeDeclaration: true } },
          source.token,
        ),
        client.connection.sendRequest(
          'textDocument/completion',
          { textDocument: { uri }, position: { line: 1, character: 8 } },
          source.token,
        ),
        client.connection.sendRequest('roadmapLinks/changes', {}, source.token),
      ];
      if (round % 2 === 0) source.cancel();
      else setTimeout(() => source.cancel(), round % 7);
      settled.push(
        ...requests.map((request) =>
          request.then(
            () => 'answered',
            (error: ResponseError<unknown>) => `error ${error.code}`,
          ),
        ),
      );
    }
    // Cancels of requests that never existed or already finished.
    for (const id of [0, -1, 99999, 'no-such-request'])
      await client.connection.sendNotification('$/cancelRequest', { id });
    const outcomes = await Promise.all(settled);
    addTally({ faultsInjected: 54, requestsAnswered: outcomes.length });
    // Every request settled, either answered or with the protocol's "request cancelled" code.
    assert.deepStrictEqual(
      [...new Set(outcomes)].filter((outcome) => outcome !== 'answered' && outcome !== 'error -32800'),
      [],
    );
    await assertHealthy(client, probe);
  });

  it('ignores changes and closes of documents it never saw, and odd URIs', async () => {
    const { root, client, probe } = await start({});
    const ghost = uriOf(path.join(root, 'src/ghost.ts'));
    const notifications: [string, unknown][] = [
      [
        'textDocument/didChange',
        { textDocument: { uri: ghost, version: 2 }, contentChanges: [{ text: '// TODO(RM-1): ghost' }] },
      ],
      [
        'textDocument/didChange',
        {
          textDocument: { uri: ghost, version: 3 },
          contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 9, character: 3 } }, text: 'x' }],
        },
      ],
      ['textDocument/didClose', { textDocument: { uri: ghost } }],
      [
        'textDocument/didChange',
        { textDocument: { uri: 'untitled:Untitled-1', version: 2 }, contentChanges: [{ text: '// TODO: x' }] },
      ],
      [
        'textDocument/didOpen',
        {
          textDocument: {
            uri: 'git:/x.ts?ref=HEAD',
            languageId: 'typescript',
            version: 1,
            text: '// TODO(RM-1): in git',
          },
        },
      ],
      [
        'textDocument/didChange',
        { textDocument: { uri: 'not a uri at all', version: 2 }, contentChanges: [{ text: '' }] },
      ],
    ];
    for (const [method, params] of notifications) await client.connection.sendNotification(method, params);
    // A known document, changed with a range past its end.
    await client.open(probe.file, PROBE_SOURCE, 'typescript');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf(probe.file), version: 2 },
      contentChanges: [
        {
          range: { start: { line: 40, character: 0 }, end: { line: 50, character: 9 } },
          text: '\n// FIXME: appended past the end\n',
        },
      ],
    });
    addTally({ faultsInjected: notifications.length + 1 });
    await assertHealthy(client, probe);
    assert.ok(!client.diagnostics.has(ghost), 'a document never opened got diagnostics');
    await client.until(
      () => client.diagnosticsOf(probe.file).some((d) => d.code === 'unlinked-debt'),
      'the FIXME appended past the end',
    );
  });

  it('skips a binary file named .ts and a file over the size cap, logging why; scans a 1 MB minified file', async () => {
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 37) % 256;
    binary.write('// TODO(RM-1): hidden in binary', 100);
    const unit = 'function a(b){return b*2}/*TODO(RM-2): minified*/var c="//TODO: in a string";';
    const minified = unit.repeat(Math.floor((1024 * 1024 - 100) / unit.length));
    const { root, client, probe } = await start({
      'src/blob.ts': binary,
      'dist2/app.min.js': minified,
      'src/huge.ts': '// TODO: x\n'.repeat(110000),
    });
    addTally({ faultsInjected: 3 });
    const blob = path.join(root, 'src/blob.ts');
    assert.ok(
      client.logs.some((line) => line === `[roadmap-links] skipped ${blob}: binary: contains NUL bytes`),
      client.logs.join('\n'),
    );
    assert.ok(
      client.logs.some((line) =>
        line.startsWith(`[roadmap-links] skipped ${path.join(root, 'src/huge.ts')}: too-large: `),
      ),
      client.logs.join('\n'),
    );
    const tree = await client.request<TreeResult>('roadmapLinks/tree', {});
    assert.strictEqual(
      tree.items.find((item) => item.id === 'RM-2')?.siteCount,
      Math.floor((1024 * 1024 - 100) / unit.length),
      'every TODO of the minified file, none from its strings',
    );
    assert.ok(
      (await client.unlinkedSites()).every((site) => !site.uri.endsWith('app.min.js')),
      'a TODO inside a string counted',
    );
    // A hover deep into the minified line answers at once.
    const column = unit.length * 5000 + unit.indexOf('RM-2');
    const hover = await hoverAnswers(client, path.join(root, 'dist2/app.min.js'), { line: 0, character: column });
    assert.match(JSON.stringify(hover), /Retry logic cleanup/);
    // A binary edit reported by the file watcher is skipped with a reason too.
    fs.writeFileSync(probe.file, Buffer.concat([Buffer.from(PROBE_SOURCE), Buffer.from([0, 1, 2])]));
    await watchedFiles(client, [{ file: probe.file, type: FILE_CHANGED }]);
    await waitFor(
      () => client.logs.some((line) => line.includes(`not indexed ${probe.file}: binary`)),
      'a log line for the binary change',
    );
    fs.writeFileSync(probe.file, PROBE_SOURCE);
    await watchedFiles(client, [{ file: probe.file, type: FILE_CHANGED }]);
    // File events are handled asynchronously: the repaired file is indexed again soon, not at once.
    await waitFor(
      async () =>
        JSON.stringify(await hoverAnswers(client, probe.file, probe.position)).includes('Cache the tax table'),
      'the repaired file',
    );
    await assertHealthy(client, probe);
  });

  it('reports a YAML syntax error mid-file at its line and keeps serving the items before it', async () => {
    const broken = ROADMAP.replace(
      '    title: Retry logic cleanup',
      '    title: "Retry logic cleanup\n    status: [proposed',
    );
    const { root, client, probe } = await start({ 'roadmap.yaml': broken });
    const roadmap = path.join(root, 'roadmap.yaml');
    addTally({ faultsInjected: 1 });
    await client.until(
      () => client.diagnosticsOf(roadmap).some((d) => d.code === 'yaml-syntax'),
      'a syntax diagnostic',
    );
    const syntax = client.diagnosticsOf(roadmap).filter((d: Diagnostic) => d.code === 'yaml-syntax');
    const brokenLine = broken.split('\n').findIndex((line) => line.includes('"Retry logic cleanup'));
    assert.ok(
      syntax.every((d) => d.range.start.line >= brokenLine),
      JSON.stringify(syntax),
    );
    assert.ok(syntax.some((d) => d.severity === 1));
    await assertHealthy(client, probe);

    // The same breakage typed in an editor, then repaired.
    await client.open(roadmap, ROADMAP, 'yaml');
    await client.change(roadmap, broken);
    await client.until(
      () => client.diagnosticsOf(roadmap).some((d) => d.code === 'yaml-syntax'),
      'the typed syntax error',
    );
    await client.change(roadmap, ROADMAP);
    await client.until(() => !client.diagnosticsOf(roadmap).some((d) => d.code === 'yaml-syntax'), 'the repaired file');
    addTally({ faultsInjected: 1 });
    await assertHealthy(client, probe);
  });
});
