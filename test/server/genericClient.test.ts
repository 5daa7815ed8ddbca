/**
 * A client with no Roadmap Links UI, the way Neovim, Helix or eglot connect: settings pushed (in
 * `initializationOptions` and `workspace/didChangeConfiguration`), no `workspace/configuration`, no
 * dynamic registration of file watching, and a code lens or refusal must still reach the user.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { copyToTemp, ensureBuilt, ROOT, TestClient, uriOf } from './lspClient';

const DEMO = path.join(ROOT, 'examples', 'demo');

describe('language server with a generic LSP client (settings pushed, no client watcher)', function () {
  this.timeout(60000);
  let workspace: string;
  let client: TestClient;
  const file = (relative: string) => path.join(workspace, relative);
  const indexedCount = () => client.logs.filter((line) => / indexed \d+ folder/.test(line)).length;
  const unlinkedIn = (relative: string) =>
    client.diagnosticsOf(file(relative)).filter((d) => d.code === 'unlinked-debt').length;

  before(async () => {
    ensureBuilt();
    workspace = copyToTemp(DEMO, 'generic');
    client = new TestClient({ folders: [workspace], kind: 'generic', settings: { unlinkedDebtSeverity: 'warning' } });
    await client.start();
    await client.open(file('services/checkout/payment.ts'));
    await client.until(() => unlinkedIn('services/checkout/payment.ts') === 1, 'the unlinked HACK in payment.ts');
  });
  after(() => client.stop());

  it('takes settings from initializationOptions and registers no watcher it was not offered', () => {
    assert.equal(
      client.diagnosticsOf(file('services/checkout/payment.ts')).find((d) => d.code === 'unlinked-debt')?.severity,
      2,
    );
    assert.deepEqual(client.registrations, []);
    assert.equal(indexedCount(), 1);
  });

  it('didChangeConfiguration: the same settings index nothing again; a new severity re-judges without reading files', async () => {
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { roadmapLinks: { unlinkedDebtSeverity: 'warning' } },
    });
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { roadmapLinks: { unlinkedDebtSeverity: 'off' } },
    });
    await client.until(() => unlinkedIn('services/checkout/payment.ts') === 0, 'unlinked debt gone with severity off');
    assert.equal(indexedCount(), 1);
    assert.ok(
      client.logs.some((line) => line.includes('judged again without reading files')),
      client.logs.join('\n'),
    );
  });

  it('didChangeConfiguration with new tags: a new scan that uses them', async () => {
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { roadmapLinks: { unlinkedDebtSeverity: 'information', tags: ['HACK'] } },
    });
    // The tree says indexing from the change until the second scan has ended.
    let indexing: boolean;
    do {
      indexing = (await client.request<{ indexing: boolean }>('roadmapLinks/tree', {})).indexing;
      if (!indexing) assert.equal(indexedCount(), 2, 'indexing: false only once the second scan has ended');
    } while (indexing);
    await client.until(() => unlinkedIn('services/checkout/payment.ts') === 1, 'the HACK, the only tag now');
  });

  it('watches the folders itself: a file written on disk outside the editor is indexed', async () => {
    // One watcher per scan (two so far); the second must have finished its first look at the folders.
    await client.until(
      () => client.logs.filter((line) => line.includes('for changes (the client does not watch')).length === 2,
      'the watcher ready',
    );
    fs.writeFileSync(file('services/checkout/new.ts'), '// HACK: written by another program\nexport const x = 1;\n');
    await client.until(
      () => client.diagnosticsOf(file('services/checkout/new.ts')).some((d) => d.code === 'unlinked-debt'),
      "the new file's unlinked HACK",
    );
    assert.equal(client.diagnosticsOf(file('services/checkout/new.ts'))[0].range.start.line, 0);
  });

  it('the code lens runs a server command that lists the sites in a message', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: uriOf(file('roadmap.yaml')) },
    });
    const lens = lenses.find((candidate) => candidate.command?.title.startsWith('1 code site'));
    assert.ok(lens?.command, JSON.stringify(lenses.map((l) => l.command)));
    assert.equal(lens.command.command, 'roadmapLinks.showSites');
    const before = client.shownMessages.length;
    await client.request('workspace/executeCommand', {
      command: lens.command.command,
      arguments: lens.command.arguments,
    });
    await client.until(() => client.shownMessages.length > before, 'the sites message');
    const [head, ...sites] = client.shownMessages[before].split('\n');
    assert.match(head, /^RM-\d+: 1 code site \(\d debt\)$/);
    assert.match(sites[0], /^[\w/.-]+:\d+ /);
  });

  it('a misspelt setting key is shown as a warning, with the setting it likely means, and changes nothing', async () => {
    const before = client.shownMessages.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { roadmapLinks: { unlinkedDebtSeverity: 'information', tags: ['HACK'], unlinkedDebtSevrity: 'off' } },
    });
    await client.until(() => client.shownMessages.length > before, 'the settings warning');
    assert.deepEqual(client.shownMessages.slice(before), [
      'Roadmap Links: roadmapLinks.unlinkedDebtSevrity is not a setting of Roadmap Links; did you mean roadmapLinks.unlinkedDebtSeverity? It is ignored.',
    ]);
    assert.equal(unlinkedIn('services/checkout/payment.ts'), 1);
  });
});

describe('language server with a client that answers workspace/configuration with null (Neovim 0.8+)', function () {
  this.timeout(60000);

  it('takes the settings from initializationOptions when the client holds no roadmapLinks section', async () => {
    ensureBuilt();
    const workspace = copyToTemp(DEMO, 'neovim-settings');
    const client = new TestClient({
      folders: [workspace],
      kind: 'neovim',
      settings: { unlinkedDebtSeverity: 'warning' },
    });
    await client.start();
    try {
      const payment = path.join(workspace, 'services/checkout/payment.ts');
      await client.open(payment);
      await client.until(
        () => client.diagnosticsOf(payment).some((d) => d.code === 'unlinked-debt'),
        'the unlinked HACK in payment.ts',
      );
      assert.ok(
        client.configurationItems.some((item) => item.section === 'roadmapLinks'),
        'the server asked',
      );
      // Warning (2), as initializationOptions say; the default would be information (3).
      assert.equal(client.diagnosticsOf(payment).find((d) => d.code === 'unlinked-debt')?.severity, 2);
    } finally {
      await client.stop();
    }
  });
});
