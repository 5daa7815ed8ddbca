/** Wires the LSP connection to the session and the feature handlers. */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  compileSettings,
  DEFAULT_COMPILED_SETTINGS,
  type CompiledSettings,
  type ParsedSettings,
} from '../core/settings';
import {
  ChangesRequest,
  COMMANDS,
  DashboardRequest,
  TreeChildrenRequest,
  TreeRequest,
  type ClientUi,
  type InitializationOptions,
  type ServerCommandArguments,
  type ServerCommandResult,
} from '../protocol';
import { codeActions } from './actions';
import { completion } from './completion';
import { createRoadmap } from './createRoadmap';
import { pathToUri, uriToPath } from './convert';
import { HistoryService } from './history';
import { commandRevealLink, hover } from './hover';
import { codeLenses, sitesMessage } from './lens';
import { definition, documentSymbols, prepareRename, references, rename, workspaceSymbols } from './navigation';
import { ProposalService } from './propose';
import { Session } from './session';
import type { WorkspaceIndex } from '../core/workspace';
import {
  CONFIGURATION_SECTIONS,
  settingsFromConfiguration,
  settingsFromInitializationOptions,
  settingsFromPush,
} from './settings';
import { changes, dashboard, tree, treeChildren } from './views';
import { watchFolders, type FolderWatcher } from './watcher';
import { clientTimeouts, withTimeout } from './timeouts';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let session: Session | undefined;
  let proposals: ProposalService | undefined;
  let history: HistoryService | undefined;
  let folders: string[] = [];
  let initOptions: InitializationOptions = {};
  let clientUi: ClientUi = {};
  /** The latest settings a client pushed (`initializationOptions`, then `didChangeConfiguration`). */
  let pushedSettings: ParsedSettings | undefined;
  /** What the last applied settings were, so a notification that changes nothing rescans nothing. */
  let appliedSettingsKey: string | undefined;
  let canPullConfiguration = false;
  let canRegisterWatchers = false;
  /** The server's own watcher, while it starts (it lists the folders' rules first) and after. */
  let ownWatcher: Promise<FolderWatcher | undefined> | undefined;
  let canReportProgress = false;
  let canWatchFolders = false;

  /** Runs a handler; an exception is logged and answered with a fallback, never crashing the server. */
  const guard = <T>(name: string, fallback: T, handler: () => T): T => {
    try {
      return handler();
    } catch (error) {
      if (error instanceof ResponseError) throw error; // a deliberate answer (e.g. an invalid rename)
      connection.console.error(
        `[roadmap-links] ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return fallback;
    }
  };
  /** The index and the request's file, with the document's pending re-scan applied first. */
  const context = (uri: string): { index: WorkspaceIndex; file: string } | undefined => {
    const file = uriToPath(uri);
    if (!session || !file) return undefined;
    session.flush(uri);
    return { index: session.index, file };
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = foldersOf(params);
    initOptions = (params.initializationOptions as InitializationOptions | null) ?? {};
    clientUi = initOptions.clientUi ?? {};
    // `settings` holds the roadmapLinks section; Helix and others send their whole config object instead.
    pushedSettings =
      initOptions.settings === undefined
        ? (settingsFromPush(initOptions) ?? settingsFromInitializationOptions(undefined))
        : settingsFromInitializationOptions(initOptions.settings);
    canRegisterWatchers = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canReportProgress = params.capabilities.window?.workDoneProgress === true;
    canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
    session = new Session(connection, documents, folders, compileSettings(pushedSettings.settings));
    session.trusted = initOptions.trusted !== false;
    session.supportsDocumentChanges = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    // What a `.gitignore` admits may be anywhere below it: the folders are scanned again.
    session.onIgnoreRulesChanged = () => void applySettings({ force: true });
    proposals = new ProposalService(session);
    history = new HistoryService(session, async () =>
      canReportProgress ? connection.window.createWorkDoneProgress().catch(() => undefined) : undefined,
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        completionProvider: { triggerCharacters: ['(', '[', ' ', ','] },
        codeLensProvider: { resolveProvider: false },
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'roadmap-links' },
    };
  });

  /** The client's settings, compiled; each unusable value is shown once per load, and its default used. */
  const loadSettings = async (): Promise<CompiledSettings> => {
    let parsed: ParsedSettings;
    if (!canPullConfiguration) {
      parsed = pushedSettings ?? settingsFromInitializationOptions(undefined);
    } else {
      try {
        // Scoped to the first folder, as the CLI reads the first folder's settings: one set of rules for the
        // workspace. `files.exclude` and `search.exclude` are resource settings, which VS Code warns about
        // (and answers for no folder) when asked without a scope.
        const scopeUri = folders.length > 0 ? pathToUri(folders[0]) : undefined;
        const pulled = connection.workspace.getConfiguration(
          CONFIGURATION_SECTIONS.map((section) => ({ section, ...(scopeUri ? { scopeUri } : {}) })),
        ) as Promise<unknown[]>;
        const answer = await withTimeout<unknown[] | undefined>(
          pulled,
          clientTimeouts().configurationMs,
          () => undefined,
        );
        if (!answer) {
          connection.console.warn(
            `[roadmap-links] the client did not send settings within ${clientTimeouts().configurationMs} ms; using defaults`,
          );
          return compileSettings(settingsFromInitializationOptions(initOptions.settings).settings);
        }
        parsed = settingsFromConfiguration(answer, initOptions.settings);
      } catch (error) {
        connection.console.warn(`[roadmap-links] could not read settings, using defaults: ${String(error)}`);
        return DEFAULT_COMPILED_SETTINGS;
      }
    }
    // A notification, not `showWarningMessage` (a request some clients do not answer).
    for (const problem of parsed.problems) {
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: `Roadmap Links: ${problem.message}`,
      });
    }
    return compileSettings(parsed.settings);
  };

  /** Reads the settings again; rescans only when they change what is read or how (folder changes always do). */
  const applySettings = async (options: { force?: boolean } = {}) => {
    if (!session) return;
    // From the change on, the index may be stale: it reports indexing until its rescan (if any) ends.
    const current = session;
    const release = current.expectRescan();
    try {
      const settings = await loadSettings();
      const key = JSON.stringify({ folders, settings });
      if (!options.force && key === appliedSettingsKey) return;
      appliedSettingsKey = key;
      if (!options.force && !current.adoptSettings(folders, settings)) {
        current.log('settings changed; judged again without reading files');
        return;
      }
      await rescan(settings);
    } finally {
      release();
    }
  };

  const rescan = async (settings: CompiledSettings) => {
    if (!session) return;
    // A client that never confirms the progress token gets no progress, not an index that never starts.
    const progress = canReportProgress
      ? await withTimeout(
          connection.window.createWorkDoneProgress().catch(() => undefined),
          clientTimeouts().progressCreateMs,
          () => undefined,
        )
      : undefined;
    progress?.begin('Roadmap Links: indexing', 0, undefined, false);
    try {
      await session.rescanAll(folders, settings, progress);
    } finally {
      progress?.done();
    }
    restartOwnWatcher();
    // In the background: blame and history walks take a while; hovers use the result once it is there.
    // It starts once the scan's diagnostics are out: each git it starts blocks the server while Node
    // forks (milliseconds at this heap size), and the first hovers come as the diagnostics arrive.
    history?.refreshAfter(session.whenPublished());
  };

  /** Without a client that watches files for us, the server watches the folders itself. */
  const restartOwnWatcher = () => {
    if (canRegisterWatchers || !session) return;
    void ownWatcher?.then((watcher) => watcher?.close());
    const current = session;
    ownWatcher = watchFolders(
      current.index,
      (changes) => {
        void current.onWatchedFiles(changes).catch((error) => current.log(`file event failed: ${String(error)}`));
      },
      (message) => current.log(message),
    );
  };

  connection.onInitialized(() => {
    // Registering what the client did not declare it supports is an error for some clients, and does nothing.
    if (canRegisterWatchers)
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] })
        .catch(() => undefined);
    if (canPullConfiguration)
      void connection.client
        .register(DidChangeConfigurationNotification.type, { section: [...CONFIGURATION_SECTIONS] })
        .catch(() => undefined);
    // Registering for folder changes throws when the client cannot send them.
    if (canWatchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map(folderPath));
        folders = [
          ...folders.filter((folder) => !removed.has(folder)),
          ...event.added.map(folderPath).filter((f): f is string => !!f),
        ];
        void applySettings({ force: true });
      });
    }
    void applySettings({ force: true });
  });

  connection.onDidChangeConfiguration((params) => {
    // A client that pushes its settings (nvim-lspconfig, Helix, eglot) sends them here; VS Code sends
    // `null` and is asked with `workspace/configuration`.
    if (!canPullConfiguration) pushedSettings = settingsFromPush(params.settings) ?? pushedSettings;
    void applySettings();
  });
  connection.onDidChangeWatchedFiles((params) => {
    void session?.onWatchedFiles(params.changes).catch((error) => session?.log(`file event failed: ${String(error)}`));
  });

  documents.onDidOpen((event) => guard('open', undefined, () => session?.updateFromDocument(event.document)));
  documents.onDidChangeContent((event) => guard('change', undefined, () => session?.scheduleRescan(event.document)));
  documents.onDidClose((event) => {
    // Closing an unsaved editor: the disk's text counts again.
    const file = uriToPath(event.document.uri);
    const current = session;
    if (!current || !file) return;
    void current.reloadFromDisk(file).catch((error) => current.log(`close failed: ${String(error)}`));
  });

  connection.onHover((params) =>
    guard('hover', null, () => {
      const at = context(params.textDocument.uri);
      return at
        ? hover(at.index, at.file, params.position, clientUi.clientCommands ? commandRevealLink : undefined, history)
        : null;
    }),
  );
  connection.onDefinition((params) =>
    guard('definition', null, () => {
      const at = context(params.textDocument.uri);
      return at ? definition(at.index, at.file, params.position) : null;
    }),
  );
  connection.onReferences((params) =>
    guard('references', [], () => {
      const at = context(params.textDocument.uri);
      return at ? references(at.index, at.file, params.position, params.context.includeDeclaration) : [];
    }),
  );
  connection.onPrepareRename((params) =>
    guard('prepareRename', null, () => {
      const at = context(params.textDocument.uri);
      return at ? prepareRename(at.index, at.file, params.position) : null;
    }),
  );
  connection.onRenameRequest((params) =>
    guard('rename', null, () => {
      const at = context(params.textDocument.uri);
      // The session, not just the index: the edits are computed from the current texts and versions.
      return at && session ? rename(session, at.file, params.position, params.newName) : null;
    }),
  );
  connection.onDocumentSymbol((params) =>
    guard('documentSymbol', [], () => {
      const at = context(params.textDocument.uri);
      return at ? documentSymbols(at.index, at.file) : [];
    }),
  );
  connection.onWorkspaceSymbol((params) =>
    guard('workspaceSymbol', [], () => (session ? workspaceSymbols(session.index, params.query) : [])),
  );
  connection.onCompletion((params) =>
    guard('completion', [], () => {
      const at = context(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      return at && document ? completion(at.index, document, at.file, params.position) : [];
    }),
  );
  connection.onCodeLens((params) =>
    guard('codeLens', [], () => {
      const at = context(params.textDocument.uri);
      return at ? codeLenses(at.index, at.file, clientUi.clientCommands === true) : [];
    }),
  );
  connection.onCodeAction((params) =>
    guard('codeAction', [], () => {
      const at = context(params.textDocument.uri);
      return at && session ? codeActions(at.index, session.trusted, at.file, params, clientUi.pickers === true) : [];
    }),
  );
  /** Runs a server command; a refusal or failure reaches the user even through a client that ignores results. */
  const runCommand = async (command: string, args: unknown[]): Promise<ServerCommandResult | null> => {
    if (!proposals || !session) return null;
    switch (command) {
      case COMMANDS.propose: {
        const [proposeArgs] = args as ServerCommandArguments[typeof COMMANDS.propose];
        return proposals.propose(proposeArgs);
      }
      case COMMANDS.proposeAllInFile: {
        const [{ uri, ...choices }] = args as ServerCommandArguments[typeof COMMANDS.proposeAllInFile];
        return proposals.proposeAllInFile(uri, choices);
      }
      case COMMANDS.linkExisting: {
        const [linkArgs] = args as ServerCommandArguments[typeof COMMANDS.linkExisting];
        return proposals.link(linkArgs);
      }
      case COMMANDS.addTicket: {
        const [addArgs] = args as ServerCommandArguments[typeof COMMANDS.addTicket];
        return proposals.addTicket(addArgs);
      }
      case COMMANDS.createRoadmap: {
        const [createArgs] = args as ServerCommandArguments[typeof COMMANDS.createRoadmap];
        return createRoadmap(session, createArgs ?? {});
      }
      case COMMANDS.showSites: {
        const [{ id }] = args as ServerCommandArguments[typeof COMMANDS.showSites];
        void connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Info,
          message: sitesMessage(session.index, String(id)),
        });
        return { applied: false, ids: [] };
      }
      default:
        return null;
    }
  };
  connection.onExecuteCommand(async (params) => {
    let result: ServerCommandResult | null;
    try {
      result = await runCommand(params.command, params.arguments ?? []);
    } catch (error) {
      connection.console.error(
        `[roadmap-links] ${params.command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      result = {
        applied: false,
        ids: [],
        message: `Roadmap Links could not complete the command: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    // The VS Code client shows the result with its own UI (status bar, "Open error"); others discard a
    // command's result, so the server says it with a standard message.
    if (result?.message && !result.applied && !clientUi.commandResults) {
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: `Roadmap Links: ${result.message}`,
      });
    }
    return result;
  });
  connection.onRequest(TreeRequest, () =>
    guard('tree', null, () => (session ? tree(session.index, session.indexing) : null)),
  );
  connection.onRequest(TreeChildrenRequest, (params) =>
    guard('treeChildren', { children: [], total: 0 }, () =>
      session ? treeChildren(session.index, params) : { children: [], total: 0 },
    ),
  );
  connection.onRequest(ChangesRequest, async (params) => {
    const current = session;
    if (!current) return null;
    await current.whenScanned();
    return changes(current.index, current.trusted, params ?? {});
  });
  connection.onRequest(DashboardRequest, async (params) => {
    if (!session || !history) return null;
    if (params?.refresh) await history.refresh();
    const current = session;
    const result = await history.whenReady();
    return dashboard(current.index, result);
  });
  connection.onShutdown(async () => {
    history?.dispose();
    await (await ownWatcher)?.close();
    session?.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

function folderPath(folder: WorkspaceFolder): string | undefined {
  return uriToPath(folder.uri);
}

function foldersOf(params: InitializeParams): string[] {
  if (params.workspaceFolders?.length) return params.workspaceFolders.map(folderPath).filter((f): f is string => !!f);
  // Clients without workspace folders send only the root.
  const root = params.rootUri ? uriToPath(params.rootUri) : undefined;
  return root ? [root] : [];
}
