/**
 * The VS Code extension: starts one Roadmap Links language server for all workspace folders, and adds
 * the Roadmap and Changes views and the pick lists around the server's propose/link commands.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type MessageSignature,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CLIENT_COMMANDS,
  DASHBOARD_REFRESH_COMMAND,
  IndexChangedNotification,
  type InitializationOptions,
  type Range,
} from '../../server/src/protocol';
import { commandMiddleware } from './commands';
import { Dashboard } from './dashboard';
import { gitApi, listRefs, onAnyRepositoryChange } from './git';
import { basePicks } from './model/changesBase';
import type { PickEntry } from './model/propose';
import { ChangesView, RoadmapView } from './views';

/**
 * A request the editor makes as the client stops (the window closes, *Restart Language Server*) can pass
 * vscode-languageclient's "is it running" check and then fail in its start step with a plain "Starting server
 * failed", which the library logs as an error and throws into the editor's provider; a request made a moment
 * later gets "Client is not running", which it answers quietly with the request's empty default. Nobody
 * waits for the answer once the client no longer runs: both get that default.
 */
class RoadmapLinksClient extends LanguageClient {
  override handleFailedRequest<T>(
    type: MessageSignature,
    token: vscode.CancellationToken | undefined,
    error: unknown,
    defaultValue: T,
    showNotification?: boolean,
  ): T {
    if (!this.isRunning()) return defaultValue;
    return super.handleFailedRequest(type, token, error, defaultValue, showNotification);
  }
}

let client: LanguageClient | undefined;
/**
 * Not in `context.subscriptions`: VS Code disposes those right after calling `deactivate`, without
 * waiting for it, and the client still logs to this channel while it stops (a disposed channel throws).
 */
let outputChannel: vscode.LogOutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Roadmap Links', { log: true });
  outputChannel = output;
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };

  // Assigned once the client exists; the client's middleware, made first, reads it through this binding.
  // eslint-disable-next-line prefer-const
  let roadmap: RoadmapView | undefined;
  const clientOptions: LanguageClientOptions = {
    // Files on disk only: the server indexes by path (exclusions, roadmap-relative sources, git), which
    // an untitled buffer has none of. All languages: the server decides what it scans.
    documentSelector: [{ scheme: 'file' }],
    // No `synchronize` options: the server registers its own file watcher (`**/*`) and pulls the
    // `roadmapLinks` and `files.exclude` settings; client-side duplicates would make it index twice.
    // Evaluated at every (re)start, so granting trust restarts the server with git and edits allowed.
    // `clientUi`: this client shows command results, asks with pick lists and runs the client commands
    // itself; other editors send none of it and the server keeps to standard LSP for them.
    initializationOptions: (): InitializationOptions => ({
      trusted: vscode.workspace.isTrusted,
      clientUi: { commandResults: true, pickers: true, clientCommands: true },
    }),
    outputChannel: output,
    // Hovers link to items with `command:roadmapLinks.openLocation`; no other command runs from Markdown.
    markdown: { isTrusted: { enabledCommands: [CLIENT_COMMANDS.openLocation] } },
    middleware: { executeCommand: commandMiddleware(async () => roadmap?.currentTree()) },
  };
  const languageClient = new RoadmapLinksClient('roadmapLinks', 'Roadmap Links', serverOptions, clientOptions);
  client = languageClient;

  roadmap = new RoadmapView(languageClient);
  const changes = new ChangesView(languageClient);
  const dashboard = new Dashboard(languageClient);
  context.subscriptions.push(roadmap, changes, dashboard);

  languageClient.onNotification(IndexChangedNotification, () => {
    roadmap?.requestRefresh();
    dashboard.requestRefresh();
  });
  context.subscriptions.push(
    languageClient.onDidChangeState((event) => {
      if (event.newState !== State.Running) return;
      roadmap?.requestRefresh();
      changes.requestRefresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('Workspace trusted: restarting the server with git and edits enabled.');
      void languageClient.restart();
    }),
    vscode.commands.registerCommand(CLIENT_COMMANDS.openLocation, openLocation),
    vscode.commands.registerCommand(CLIENT_COMMANDS.refreshTree, () => roadmap?.refreshNow()),
    vscode.commands.registerCommand(CLIENT_COMMANDS.refreshChanges, () => changes.refreshNow()),
    vscode.commands.registerCommand(CLIENT_COMMANDS.pickChangesBase, () => pickChangesBase(changes)),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showReferences, showReferences),
    vscode.commands.registerCommand('roadmapLinks.restartServer', () => languageClient.restart()),
    vscode.commands.registerCommand('roadmapLinks.showOutput', () => output.show()),
    vscode.commands.registerCommand('roadmapLinks.showDashboard', () => dashboard.show()),
    vscode.commands.registerCommand(DASHBOARD_REFRESH_COMMAND, () => dashboard.show(true)),
  );

  void gitApi().then((api) => {
    if (api) context.subscriptions.push(onAnyRepositoryChange(api, () => changes.requestRefresh()));
  });

  if (!vscode.workspace.isTrusted)
    output.info('Workspace not trusted: the server runs no git and edits no file until it is.');
  try {
    await languageClient.start();
  } catch (error) {
    output.error(`The Roadmap Links server did not start: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window
      .showErrorMessage('Roadmap Links: the language server did not start. See the output for details.', 'Show Output')
      .then((choice) => {
        if (choice) output.show();
      });
  }
}

export async function deactivate(): Promise<void> {
  try {
    await client?.stop();
  } finally {
    client = undefined;
    outputChannel?.dispose();
    outputChannel = undefined;
  }
}

function isRange(value: unknown): value is Range {
  const r = value as Range | undefined;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.start?.line === 'number' &&
    typeof r.start?.character === 'number' &&
    typeof r.end?.line === 'number' &&
    typeof r.end?.character === 'number'
  );
}

/** Opens `uri` and selects `range` (from the trees, hovers and the "Open error" button). */
async function openLocation(uri: unknown, range: unknown): Promise<void> {
  if (typeof uri !== 'string') return;
  const selection = isRange(range) ? toVsRange(range) : undefined;
  try {
    await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection, preview: true });
  } catch (error) {
    void vscode.window.showWarningMessage(
      `Roadmap Links: cannot open ${uri}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The code lens' "N references": LSP-shaped arguments → VS Code's reference peek. */
async function showReferences(uri: unknown, position: unknown, locations: unknown): Promise<void> {
  if (typeof uri !== 'string' || !Array.isArray(locations)) return;
  const at = position as { line?: unknown; character?: unknown } | undefined;
  const start =
    typeof at?.line === 'number' && typeof at.character === 'number'
      ? new vscode.Position(at.line, at.character)
      : new vscode.Position(0, 0);
  const targets = locations.flatMap((location: { uri?: unknown; range?: unknown }) =>
    typeof location?.uri === 'string' && isRange(location.range)
      ? [new vscode.Location(vscode.Uri.parse(location.uri), toVsRange(location.range))]
      : [],
  );
  await vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri), start, targets);
}

async function pickChangesBase(changes: ChangesView): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  let folderUri = changes.comparison.folderUri;
  if (folders.length > 1) {
    const folder = await vscode.window.showWorkspaceFolderPick({
      placeHolder: 'Whose changes? Pick a workspace folder',
      ignoreFocusOut: true,
    });
    if (!folder) return;
    folderUri = folder.uri.toString();
  }
  const api = await gitApi();
  const { refs, head } = api
    ? await listRefs(api, folderUri ? vscode.Uri.parse(folderUri) : folders[0]?.uri)
    : { refs: [], head: undefined };
  const current = folderUri === changes.comparison.folderUri ? changes.comparison.base : undefined;

  const quickPick = vscode.window.createQuickPick<PickEntry<string | undefined>>();
  quickPick.title = 'Compare changes with';
  quickPick.placeholder = 'The working tree, or a branch, tag or commit (type any ref git understands)';
  quickPick.matchOnDescription = true;
  const update = () => (quickPick.items = basePicks(refs, quickPick.value, current, head));
  update();
  const chosen = await new Promise<PickEntry<string | undefined> | undefined>((resolve) => {
    quickPick.onDidChangeValue(update);
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]);
      quickPick.hide();
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!chosen) return;
  // The command may come from the palette with the view closed: show where the answer appears.
  await vscode.commands.executeCommand('roadmapLinks.changes.focus');
  await changes.compareWith({
    ...(folderUri ? { folderUri } : {}),
    ...(chosen.value !== undefined ? { base: chosen.value } : {}),
  });
}
