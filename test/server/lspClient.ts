/**
 * A minimal LSP client for protocol tests: spawns the built server over stdio and speaks real
 * JSON-RPC to it, answering the server's own requests the way an editor would.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { URI } from 'vscode-uri';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type Diagnostic,
  type InitializeParams,
  type ProtocolConnection,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TreeChildDto, TreeChildrenResult, TreeNodeRef, TreeSiteDto } from '../../server/src/protocol';
import { waitFor } from '../waiting';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_JS = path.join(ROOT, 'dist', 'server.js');

/** Builds the bundles once per test run when they are missing or older than the sources. */
export function ensureBuilt(): void {
  const newestSource = newestMtime(path.join(ROOT, 'server', 'src'));
  if (fs.existsSync(SERVER_JS) && fs.statSync(SERVER_JS).mtimeMs >= newestSource) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function uriOf(file: string): string {
  return URI.file(file).toString();
}

/** Copies a folder to a fresh temporary one (tests edit files, the originals stay untouched). */
export function copyToTemp(source: string, label: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `roadmap-links-${label}-`));
  fs.cpSync(source, target, { recursive: true });
  return target;
}

export interface ClientOptions {
  folders: string[];
  settings?: Record<string, unknown>;
  trusted?: boolean;
  /** What the client answers to `workspace/applyEdit` (default: apply it to disk and say yes). */
  applyEdits?: boolean;
  /** Extra environment for the server process (e.g. a PATH with a fake `git` first). */
  env?: NodeJS.ProcessEnv;
  /** Run the server as another user (needs root), e.g. so that a chmod 000 folder is really unreadable. */
  user?: { uid: number; gid: number };
  /**
   * `generic`: a client like Neovim's (no Roadmap Links UI, no workspace/configuration, no dynamic
   * watcher registration; settings pushed). `neovim`: generic, but it answers `workspace/configuration` from
   * its own `settings` table, `null` for a section it lacks (Neovim 0.8+), so `settings` go in
   * `initializationOptions` only. Default `vscode`: what the Roadmap Links VS Code client declares.
   */
  kind?: 'vscode' | 'generic' | 'neovim';
  /** Requests from the server this client never answers (a hung or buggy client). */
  unanswered?: ('workspace/configuration' | 'window/workDoneProgress/create' | 'workspace/applyEdit')[];
}

/**
 * A reader of a server's stdout. A server killed while it writes leaves a message half read, and
 * vscode-jsonrpc then re-arms a "partial message" timer every 10 s for as long as the process lives (its
 * `dispose` does not clear it): mocha, its run over, waited on it without end. We use no partial-message event.
 */
export function streamReader(stream: NodeJS.ReadableStream): StreamMessageReader {
  const reader = new StreamMessageReader(stream);
  reader.partialMessageTimeout = 0;
  return reader;
}

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** URIs of every publishDiagnostics received, in order. */
  readonly publications: string[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly logs: string[] = [];
  /** Work-done progress reports (`$/progress` values), in order. */
  readonly progress: { kind: string; title?: string; message?: string; percentage?: number }[] = [];
  /** Every diagnostics publication, progress report and log line, in the order the server sent them. */
  readonly timeline: (
    | { kind: 'diagnostics'; uri: string; diagnostics: Diagnostic[] }
    | { kind: 'progress'; value: { kind: string; percentage?: number } }
    | { kind: 'log'; message: string }
  )[] = [];
  /** Messages the server showed the user (`window/showMessage`). */
  readonly shownMessages: string[] = [];
  /** The items of every `workspace/configuration` request, in order. */
  readonly configurationItems: { section?: string; scopeUri?: string }[] = [];
  /** Methods the server registered dynamically (`client/registerCapability`). */
  readonly registrations: string[] = [];
  private readonly process: ChildProcess;
  private readonly versions = new Map<string, number>();
  private indexNotifications = 0;
  stderr = '';

  constructor(private readonly options: ClientOptions) {
    this.process = spawn(process.execPath, [SERVER_JS, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      ...options.user,
    });
    this.process.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.connection = createProtocolConnection(
      streamReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification(
      'textDocument/publishDiagnostics',
      (params: { uri: string; diagnostics: Diagnostic[] }) => {
        this.diagnostics.set(params.uri, params.diagnostics);
        this.publications.push(params.uri);
        this.timeline.push({ kind: 'diagnostics', uri: params.uri, diagnostics: params.diagnostics });
      },
    );
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.timeline.push({ kind: 'log', message: params.message });
    });
    this.connection.onNotification('window/showMessage', (params: { message: string }) =>
      this.shownMessages.push(params.message),
    );
    this.connection.onNotification('roadmapLinks/indexChanged', () => this.indexNotifications++);
    const never = () => new Promise<never>(() => undefined);
    const unanswered = new Set<string>(options.unanswered);
    this.connection.onRequest(
      'workspace/configuration',
      (params: { items: { section?: string; scopeUri?: string }[] }) => {
        this.configurationItems.push(...params.items);
        if (unanswered.has('workspace/configuration')) return never();
        if (options.kind === 'neovim') return params.items.map(() => null);
        return params.items.map((item) => (item.section === 'roadmapLinks' ? (options.settings ?? {}) : {}));
      },
    );
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      this.registrations.push(...params.registrations.map((registration) => registration.method));
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', () =>
      unanswered.has('window/workDoneProgress/create') ? never() : null,
    );
    this.connection.onNotification(
      '$/progress',
      (params: { value: { kind: string; title?: string; message?: string; percentage?: number } }) => {
        this.progress.push(params.value);
        this.timeline.push({ kind: 'progress', value: params.value });
      },
    );
    this.connection.onRequest('workspace/applyEdit', (params: ApplyWorkspaceEditParams) => {
      this.appliedEdits.push(params);
      if (unanswered.has('workspace/applyEdit')) return never();
      if (options.applyEdits === false) return { applied: false, failureReason: 'refused by the test' };
      applyWorkspaceEditToDisk(params.edit);
      return { applied: true };
    });
    this.connection.listen();
  }

  /** `waitForIndex: false`: return as soon as `initialized` is sent, while the initial scan starts. */
  async start(options: { waitForIndex?: boolean } = {}): Promise<void> {
    const generic = this.options.kind === 'generic' || this.options.kind === 'neovim';
    const params: InitializeParams = {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: this.options.folders.map((folder) => ({ uri: uriOf(folder), name: path.basename(folder) })),
      initializationOptions: generic
        ? { settings: this.options.settings }
        : {
            trusted: this.options.trusted ?? true,
            clientUi: { commandResults: true, pickers: true, clientCommands: true },
          },
      capabilities: generic
        ? {
            workspace: {
              workspaceEdit: { documentChanges: true },
              applyEdit: true,
              ...(this.options.kind === 'neovim' ? { configuration: true } : {}),
            },
            textDocument: { hover: { contentFormat: ['markdown'] } },
          }
        : {
            workspace: {
              configuration: true,
              workspaceEdit: { documentChanges: true },
              workspaceFolders: true,
              didChangeWatchedFiles: { dynamicRegistration: true },
            },
            window: { workDoneProgress: true },
            textDocument: { hover: { contentFormat: ['markdown'] } },
          },
    };
    await this.connection.sendRequest('initialize', params);
    await this.connection.sendNotification('initialized', {});
    if (options.waitForIndex !== false) await this.waitForIndex();
  }

  /** Waits until the initial scan is over (the tree request reports it). */
  async waitForIndex(): Promise<void> {
    const scanned = async () => {
      const tree = await this.request<{ indexing: boolean } | null>('roadmapLinks/tree', {});
      return tree !== null && !tree.indexing;
    };
    await waitFor(scanned, 'the initial scan to finish', 50);
    await delay(50);
  }

  /** Every child of a Roadmap view node, all pages. */
  async treeChildren(node: TreeNodeRef): Promise<TreeChildDto[]> {
    const children: TreeChildDto[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const page: TreeChildrenResult = await this.request<TreeChildrenResult>('roadmapLinks/treeChildren', {
        node,
        offset,
      });
      children.push(...page.children);
      offset = page.nextOffset;
    }
    return children;
  }

  /** An item's code sites, as the Roadmap view lists them. */
  async itemSites(id: string): Promise<TreeSiteDto[]> {
    return (await this.treeChildren({ kind: 'item', id })).flatMap((child) =>
      child.type === 'site' ? [child.site] : [],
    );
  }

  /** Every unlinked debt site, walking the view's folders and files. */
  async unlinkedSites(node: TreeNodeRef = { kind: 'unlinked' }): Promise<TreeSiteDto[]> {
    const sites: TreeSiteDto[] = [];
    for (const child of await this.treeChildren(node))
      sites.push(...(child.type === 'site' ? [child.site] : await this.unlinkedSites(child.node)));
    return sites;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async open(file: string, text = fs.readFileSync(file, 'utf8'), languageId = 'plaintext'): Promise<void> {
    this.versions.set(file, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf(file), languageId, version: 1, text },
    });
  }

  async change(file: string, text: string): Promise<void> {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf(file), version },
      contentChanges: [{ text }],
    });
  }

  async close(file: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(uriOf(file)) ?? [];
  }

  /** Polls until `check` holds (diagnostics arrive asynchronously); a hang is caught by mocha's timeout. */
  until(check: () => boolean, what: string): Promise<void> {
    return waitFor(check, what);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), delay(2000)]);
      await this.connection.sendNotification('exit');
    } catch {
      // the server may already be gone; the kill below makes sure
    }
    this.connection.dispose();
    this.process.kill();
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Applies a WorkspaceEdit to files on disk, as an editor would (text edits applied bottom-up). */
export function applyWorkspaceEditToDisk(edit: WorkspaceEdit): void {
  const apply = (uri: string, edits: TextEdit[]) => {
    const file = URI.parse(uri).fsPath;
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const document = TextDocument.create(uri, 'plaintext', 1, before);
    fs.writeFileSync(file, TextDocument.applyEdits(document, edits));
  };
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'create') {
        const file = URI.parse(change.uri).fsPath;
        if (!fs.existsSync(file)) fs.writeFileSync(file, '');
      }
      continue;
    }
    apply(change.textDocument.uri, change.edits as TextEdit[]);
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) apply(uri, edits);
}
