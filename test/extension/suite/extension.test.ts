/**
 * The extension through VS Code's own API, inside the extension host, on a copy of examples/demo: what
 * the editor gets from the provider commands (`vscode.executeHoverProvider`, `executeCodeActionProvider`),
 * the diagnostics it shows, the commands and views the extension contributes, and a Propose applied.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from '../../waiting';

const EXTENSION_ID = 'roadmap-links.roadmap-links';
const PAYMENT = 'services/checkout/payment.ts';
const HACK_TEXT = 'the gateway times out under load, so we retry twice';

function fileUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the demo copy open as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

async function lineOf(relative: string, needle: string): Promise<{ line: number; character: number }> {
  const document = await vscode.workspace.openTextDocument(fileUri(relative));
  const line = document
    .getText()
    .split('\n')
    .findIndex((text) => text.includes(needle));
  assert.ok(line >= 0, `${relative} has a line with ${needle}`);
  return { line, character: document.lineAt(line).text.indexOf(needle) };
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

function codeActionsAt(uri: vscode.Uri, position: vscode.Position): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    new vscode.Range(position, position),
  );
}

async function unlinkedDebtAt(uri: vscode.Uri, line: number): Promise<vscode.Diagnostic | undefined> {
  return vscode.languages
    .getDiagnostics(uri)
    .find((diagnostic) => diagnostic.code === 'unlinked-debt' && diagnostic.range.start.line === line);
}

describe('Roadmap Links in the extension host (the vscode API)', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    // A workspace with roadmap.yaml activates it at startup (workspaceContains).
    await extension.activate();
    await vscode.window.showTextDocument(fileUri(PAYMENT));
  });

  it('contributes the Roadmap view and its commands', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const command of [
      'roadmapLinks.roadmap.focus',
      'roadmapLinks.changes.focus',
      'roadmapLinks.refreshTree',
      'roadmapLinks.createRoadmap',
      'roadmapLinks.showDashboard',
      'roadmapLinks.restartServer',
    ])
      assert.ok(commands.has(command), `${command} is registered`);
    await vscode.commands.executeCommand('roadmapLinks.roadmap.focus');
    await vscode.commands.executeCommand('roadmapLinks.refreshTree');
  });

  it('reports unlinked debt and an unknown ID as diagnostics at their ranges', async () => {
    const uri = fileUri(PAYMENT);
    const hack = await lineOf(PAYMENT, 'HACK: the gateway');
    await waitFor(async () => (await unlinkedDebtAt(uri, hack.line)) !== undefined, 'the unlinked-debt diagnostic');
    const unlinked = (await unlinkedDebtAt(uri, hack.line))!;
    assert.deepStrictEqual(
      [
        unlinked.range.start.line,
        unlinked.range.start.character,
        unlinked.range.end.line,
        unlinked.range.end.character,
      ],
      [hack.line, hack.character, hack.line, hack.character + `HACK: ${HACK_TEXT}`.length],
    );
    assert.strictEqual(unlinked.severity, vscode.DiagnosticSeverity.Information);
    assert.strictEqual(
      unlinked.message,
      `Unlinked debt: "HACK: ${HACK_TEXT}" is not on the roadmap. Propose it to the roadmap or link an existing item.`,
    );
    const rm2 = await lineOf(PAYMENT, 'RM-2');
    const unknown = vscode.languages.getDiagnostics(uri).find((diagnostic) => diagnostic.code === 'unknown-item');
    assert.ok(unknown, 'RM-2 is reported');
    assert.deepStrictEqual(
      [unknown.range.start.line, unknown.range.start.character, unknown.range.end.character],
      [rm2.line, rm2.character, rm2.character + 'RM-2'.length],
    );
    assert.strictEqual(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.match(unknown.message, /^Unknown roadmap item "RM-2"\. Did you mean RM-12, RM-21, RM-22\?/);
  });

  it('hovers TODO(RM-12) with the item card and its value metric', async () => {
    const todo = await lineOf(PAYMENT, 'TODO(RM-12)');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      fileUri(PAYMENT),
      new vscode.Position(todo.line, todo.character + 'TODO('.length + 1),
    );
    const text = hoverText(hovers);
    assert.match(text, /RM-12\*\* · Checkout p99 under 300 ms/, text);
    assert.match(text, /checkout p99 latency.*850 ms → 640 ms → 300 ms, 38% of the way/, text);
  });

  it('offers Propose to roadmap on unlinked debt, and applying it adds RM-32 to roadmap.yaml', async () => {
    const uri = fileUri(PAYMENT);
    const hack = await lineOf(PAYMENT, 'HACK: the gateway');
    const actions = await codeActionsAt(uri, new vscode.Position(hack.line, 0));
    const propose = actions.find((action) => action.title === 'Propose to roadmap');
    assert.ok(propose?.command, `Propose is offered: ${actions.map((action) => action.title).join(' | ')}`);
    assert.ok(actions.some((action) => action.title === 'Link to existing item…'));
    // The client asks objective, category and metric; closing each step keeps its default, as Escape does.
    let settled = false;
    const running = Promise.resolve(
      vscode.commands.executeCommand(propose.command.command, ...(propose.command.arguments ?? [])),
    ).finally(() => (settled = true));
    await waitFor(
      async () => {
        if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        return settled;
      },
      'the three Propose steps and the edit',
      250,
    );
    assert.deepStrictEqual(await running, { applied: true, ids: ['RM-32'] });
    const roadmap = (await vscode.workspace.openTextDocument(fileUri('roadmap.yaml'))).getText();
    assert.match(roadmap, new RegExp(`- id: RM-32\\n\\s+title: ${HACK_TEXT}\\n\\s+kind: debt\\n\\s+status: proposed`));
    const payment = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(payment.lineAt(hack.line).text.trim(), `// HACK(RM-32): ${HACK_TEXT}`);
    await waitFor(async () => (await unlinkedDebtAt(uri, hack.line)) === undefined, 'the diagnostic to go');
  });

  it('answers code actions asked while the server restarts, and offers Propose again once it runs', async () => {
    const relative = 'services/search/ranker.py';
    const uri = fileUri(relative);
    await vscode.window.showTextDocument(uri);
    const bug = await lineOf(relative, 'BUG: ties');
    const at = new vscode.Position(bug.line, bug.character);
    const asked = Array.from({ length: 10 }, () => codeActionsAt(uri, at));
    const restart = vscode.commands.executeCommand('roadmapLinks.restartServer');
    asked.push(...Array.from({ length: 10 }, () => codeActionsAt(uri, at)));
    await restart;
    // Each is answered (with the actions, or nothing while the server was down), none fails.
    for (const answer of await Promise.all(asked)) assert.ok(Array.isArray(answer));
    await waitFor(
      async () => (await codeActionsAt(uri, at)).some((action) => action.title === 'Propose to roadmap'),
      'Propose after the restart',
      250,
    );
  });
});
