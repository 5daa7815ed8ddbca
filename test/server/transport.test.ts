/** The server over IPC (how VS Code starts it), in a multi-root workspace, and with a minimal client. */
import * as assert from 'assert';
import { fork } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type Hover,
} from 'vscode-languageserver-protocol/node';
import { delay, ensureBuilt, SERVER_JS, TestClient, uriOf } from './lspClient';
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
      // Not waitForIndex: until the rescan starts (after a settings request), the tree still says the first scan is over.
      const lateSite = uriOf(path.join(late, 'b.go'));
      let sites: string[] = [];
      await waitFor(
        async () => {
          sites = (await client.itemSites('RM-1')).map((site) => site.uri);
          return sites.includes(lateSite);
        },
        () => `${lateSite} among the sites of RM-1, now ${JSON.stringify(sites)}`,
      );
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
});
