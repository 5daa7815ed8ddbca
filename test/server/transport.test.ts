/** The server over IPC (how VS Code starts it), in a multi-root workspace, and with a minimal client. */
import * as assert from 'assert';
import { fork, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageWriter,
  type Hover,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { delay, ensureBuilt, SERVER_JS, streamReader, TestClient, uriOf } from './lspClient';
import { URI } from 'vscode-uri';
import { waitFor } from '../waiting';

const ROADMAP =
  'version: 1\nitems:\n  - id: RM-1\n    title: Shared cache\n    status: planned\n    value: { metric: hit rate, unit: "%", baseline: 40, target: 90 }\n';

function folder(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-transport-'));
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  }
  return root;
}

async function hoverText(
  request: (method: string, params: unknown) => Promise<unknown>,
  file: string,
  line: number,
  character: number,
): Promise<string | undefined> {
  const hover = (await request('textDocument/hover', {
    textDocument: { uri: uriOf(file) },
    position: { line, character },
  })) as Hover | null;
  return hover ? (hover.contents as { value: string }).value : undefined;
}

/** The built server over IPC (as VS Code starts it) or stdio (as other editors do), with a bare connection. */
function serverOver(transport: 'ipc' | 'stdio'): { connection: ProtocolConnection; kill: () => void } {
  if (transport === 'ipc') {
    const child = fork(SERVER_JS, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    return {
      connection: createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child)),
      kill: () => child.kill(),
    };
  }
  const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  return {
    connection: createProtocolConnection(streamReader(child.stdout), new StreamMessageWriter(child.stdin)),
    kill: () => child.kill(),
  };
}

describe('server transports and clients', function () {
  const folders: string[] = [];
  before(() => ensureBuilt());
  after(() => folders.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('speaks LSP over node IPC, as VS Code starts it, to a client with no optional capabilities', async () => {
    const root = folder({ 'roadmap.yaml': ROADMAP, 'src/cache.ts': '// TODO(RM-1): share it\n' });
    folders.push(root);
    const child = fork(SERVER_JS, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      // No workspace folders capability, no configuration, no progress: the oldest kind of client.
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: uriOf(root), capabilities: {} });
      await connection.sendNotification('initialized', {});
      const file = path.join(root, 'src', 'cache.ts');
      let text: string | undefined;
      await waitFor(
        async () => !!(text = await hoverText((m, p) => connection.sendRequest(m, p), file, 0, 9)),
        'a hover once the scan is over',
        50,
      );
      assert.ok(text?.startsWith('**RM-1** · Shared cache'), text);
      assert.ok(text?.includes('- Value: hit rate: 40 % → 90 %'), text);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('serves a multi-root workspace as one roadmap: code in one folder links items of another', async () => {
    const plan = folder({ 'roadmap.yaml': ROADMAP });
    const service = folder({ 'src/a.py': '# TODO(RM-1): share it\n# FIXME(RM-2): nowhere\n' });
    folders.push(plan, service);
    const client = new TestClient({ folders: [plan, service] });
    await client.start();
    try {
      const file = path.join(service, 'src', 'a.py');
      assert.ok((await hoverText((m, p) => client.request(m, p), file, 0, 8))?.startsWith('**RM-1** · Shared cache'));
      await client.until(() => client.diagnosticsOf(file).length > 0, 'diagnostics in the second folder');
      assert.deepStrictEqual(
        client.diagnosticsOf(file).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`),
        ['unknown-item@1:8'],
      );
      // A folder added later is indexed too.
      const late = folder({ 'b.go': '// HACK(RM-1): late\n' });
      folders.push(late);
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: uriOf(late), name: 'late' }], removed: [] },
      });
      // From the change on, the tree says indexing (the rescan starts after a settings request), and it says
      // so until that rescan has ended: never a stale index called complete in between.
      const states: boolean[] = [];
      do states.push((await client.request<{ indexing: boolean }>('roadmapLinks/tree', {})).indexing);
      while (states[states.length - 1]);
      assert.strictEqual(states[0], true, 'indexing right after the folder change');
      // The index is complete once it says so: the late folder's site is there at once. (The rescan's log
      // line may reach us after the answer: responses go ahead of queued notifications.)
      const lateSite = uriOf(path.join(late, 'b.go'));
      assert.ok(
        (await client.itemSites('RM-1')).some((site) => site.uri === lateSite),
        `${lateSite} among the sites of RM-1`,
      );
      await client.until(() => client.logs.some((line) => line.includes('indexed 3 folder(s)')), 'the three folders');
    } finally {
      await client.stop();
    }
  });

  it('after a roadmap edit, republishes only the files whose diagnostics changed', async () => {
    const roadmapText =
      'version: 1\nitems:\n  - id: RM-1\n    title: Old\n    status: done\n  - id: RM-2\n    title: New\n    status: proposed\n';
    const root = folder({
      'roadmap.yaml': roadmapText,
      'a.ts': '// FIXME(RM-1): stale\n',
      'b.ts': '// TODO(RM-2): fine\n',
      'c.ts': '// TODO: unlinked\n',
    });
    folders.push(root);
    const client = new TestClient({ folders: [root] });
    await client.start();
    try {
      const roadmap = path.join(root, 'roadmap.yaml');
      await client.until(() => client.diagnosticsOf(path.join(root, 'a.ts')).length === 1, 'the stale-debt warning');
      await client.open(roadmap, roadmapText, 'yaml');
      await delay(300);
      client.publications.length = 0;
      await client.change(roadmap, roadmapText.replace('status: done', 'status: in-progress'));
      await client.until(
        () => client.diagnosticsOf(path.join(root, 'a.ts')).length === 0,
        'the stale-debt warning to go',
      );
      await delay(300);
      assert.deepStrictEqual(client.publications, [uriOf(path.join(root, 'a.ts'))]);
    } finally {
      await client.stop();
    }
  });

  it('a roadmap keystroke publishes the files naming the item it changed, and no other file', async () => {
    const items = Array.from(
      { length: 6 },
      (_, i) =>
        `  - id: RM-${i + 1}\n    title: Item ${i + 1}\n    status: planned\n    value: { metric: m, baseline: 1, target: 2 }\n`,
    ).join('');
    const roadmapText = `version: 2\nitems:\n${items}`;
    const files: Record<string, string> = { 'roadmap.yaml': roadmapText, 'probe.ts': 'const probe = 1;\n' };
    for (let i = 0; i < 60; i++)
      files[`src/f${i}.ts`] = `// TODO(RM-${(i % 6) + 1}): tune ${i}\n// FIXME: unlinked ${i}\n`;
    const root = folder(files);
    folders.push(root);
    const client = new TestClient({ folders: [root] });
    await client.start();
    try {
      const roadmap = path.join(root, 'roadmap.yaml');
      const probe = path.join(root, 'probe.ts');
      await client.until(() => client.publications.length >= 60, 'the diagnostics of the 60 files');
      await client.open(roadmap, roadmapText, 'yaml');
      await client.open(probe, 'const probe = 1;\n', 'typescript');
      let probes = 0;
      /**
       * What the server published after `edit`, up to a probe: unlinked debt typed in another file, whose
       * diagnostics are queued after the edit's, so when they arrive everything the edit sent has too.
       */
      const publishedAfter = async (edit: () => Promise<void>): Promise<string[]> => {
        await client.until(() => client.diagnosticsOf(probe).length === probes % 2, 'the last probe');
        client.publications.length = 0;
        await edit();
        // A request on the roadmap makes the server take the edit now.
        await client.request('textDocument/hover', {
          textDocument: { uri: uriOf(roadmap) },
          position: { line: 0, character: 0 },
        });
        probes++;
        await client.change(probe, probes % 2 ? '// FIXME: probe\n' : 'const probe = 1;\n');
        await client.until(() => client.publications.includes(uriOf(probe)), 'the probe');
        return client.publications
          .filter((uri) => uri !== uriOf(probe))
          .map((uri) => path.relative(root, URI.parse(uri).fsPath));
      };
      const naming3 = Array.from({ length: 10 }, (_, k) => path.join('src', `f${k * 6 + 2}.ts`)).sort();
      const done = roadmapText.replace(/(id: RM-3\n.*\n {4}status: )planned/, '$1done');
      assert.deepStrictEqual((await publishedAfter(() => client.change(roadmap, done))).sort(), naming3);
      assert.ok(client.diagnosticsOf(path.join(root, naming3[0])).some((d) => d.code === 'stale-debt'));
      // A title typed in an open item, a baseline edited: no file's diagnostics change, none is sent.
      const renamed = done.replace('title: Item 5\n', 'title: Item 5 renamed\n');
      assert.deepStrictEqual(await publishedAfter(() => client.change(roadmap, renamed)), []);
      assert.deepStrictEqual(
        await publishedAfter(() => client.change(roadmap, renamed.replace('baseline: 1', 'baseline: 0'))),
        [],
      );
      // The title of the done item is in its stale-debt warnings: those files again, and only those.
      const retitled = renamed.replace('title: Item 3\n', 'title: Item 3 renamed\n');
      assert.deepStrictEqual((await publishedAfter(() => client.change(roadmap, retitled))).sort(), naming3);
    } finally {
      await client.stop();
    }
  });

  it('warns about an unusable idPattern setting and keeps working with the default', async () => {
    const root = folder({ 'roadmap.yaml': ROADMAP, 'src/a.ts': '// TODO(RM-1): share it\n' });
    folders.push(root);
    const client = new TestClient({ folders: [root], settings: { idPattern: '([A-Z', tags: ['TODO'] } });
    await client.start();
    try {
      assert.deepStrictEqual(client.shownMessages, [
        'Roadmap Links: roadmapLinks.idPattern "([A-Z" is not a valid regular expression; using [A-Z][A-Z0-9]*-[0-9]+.',
      ]);
      const text = await hoverText((m, p) => client.request(m, p), path.join(root, 'src', 'a.ts'), 0, 9);
      assert.ok(text?.startsWith('**RM-1** · Shared cache'), text);
    } finally {
      await client.stop();
    }
  });

  it('applies the size cap to open editors too, logging it once', async () => {
    const root = folder({ 'roadmap.yaml': ROADMAP, 'src/a.ts': '// TODO(RM-1): share it\n' });
    folders.push(root);
    const client = new TestClient({ folders: [root], settings: { maxFileSizeBytes: 200 } });
    await client.start();
    try {
      const file = path.join(root, 'src', 'a.ts');
      const big = `// TODO: a new unlinked debt\n${'const x = 1;\n'.repeat(30)}`;
      await client.open(file, big, 'typescript');
      await client.change(file, `${big}// more\n`);
      await delay(400);
      const tree = await client.request<{ unlinked: { count: number } }>('roadmapLinks/tree', {});
      assert.strictEqual(tree.unlinked.count, 0, 'the oversized editor text is not indexed');
      assert.deepStrictEqual(await client.itemSites('RM-1'), [], 'nor is what the file said on disk');
      assert.strictEqual(
        client.logs.filter((line) => line.includes('not indexed') && line.includes('too-large')).length,
        1,
        client.logs.join('\n'),
      );
    } finally {
      await client.stop();
    }
  });

  for (const transport of ['ipc', 'stdio'] as const) {
    it(`over ${transport}, answers a hover before the scan's diagnostics that a slow client has not read yet`, async () => {
      // 1,000 files of ten unlinked debts each: 1,000 notifications of about 3 KB, far more than the
      // channel's buffers hold.
      const files: Record<string, string> = { 'roadmap.yaml': ROADMAP };
      for (let i = 0; i < 1000; i++)
        files[`src/f${i}.ts`] = Array.from({ length: 10 }, (_, k) => `// FIXME: unlinked debt ${k} of ${i}\n`).join('');
      const root = folder(files);
      folders.push(root);
      const { connection, kill } = serverOver(transport);
      let publications = 0;
      let scanned = false;
      connection.onNotification('textDocument/publishDiagnostics', () => publications++);
      connection.onNotification('$/progress', (params: { value: { kind: string } }) => {
        if (params.value.kind === 'end') scanned = true;
      });
      connection.onRequest('window/workDoneProgress/create', () => null);
      connection.listen();
      try {
        await connection.sendRequest('initialize', {
          processId: process.pid,
          rootUri: uriOf(root),
          capabilities: { window: { workDoneProgress: true } },
        });
        await connection.sendNotification('initialized', {});
        await waitFor(() => scanned, 'the end of the scan');
        // The scan's diagnostics go out now. The client reads nothing for a while (an editor busy
        // elsewhere), then asks for a hover: it must come before the diagnostics the server sent meanwhile.
        // (Before, over IPC, the server wrote every file's diagnostics into the channel at once, and the
        // hover came after all 1,000.)
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
        const text = await hoverText((m, p) => connection.sendRequest(m, p), path.join(root, 'src', 'f0.ts'), 0, 4);
        const before = publications;
        assert.ok(text?.startsWith('**Unlinked debt**'), text);
        await waitFor(
          () => publications >= 1000,
          () => `all 1,000 files' diagnostics (${publications} so far)`,
        );
        assert.ok(before < 500, `the hover's answer came after ${before} of the 1,000 diagnostics notifications`);
      } finally {
        connection.dispose();
        kill();
      }
    });
  }
});

describe("the tests' stream reader", () => {
  it('leaves no timer behind a message a killed server left half written (mocha would never exit)', async () => {
    const { PassThrough } = await import('stream');
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    const stream = new PassThrough();
    const reader = streamReader(stream);
    reader.listen(() => undefined);
    stream.write('Content-Length: 100\r\n\r\n{"jsonrpc":"2.0",');
    stream.end();
    await delay(10);
    assert.equal(timers(), before);
    reader.dispose();
  });
});
