/** The `vscode` side of the Roadmap and Changes views: tree providers around the pure builders in `model/`. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ChangesRequest,
  CLIENT_COMMANDS,
  TreeChildrenRequest,
  TreeRequest,
  type ChangeReport,
  type ChangesParams,
  type TreeResult,
} from '../../server/src/protocol';
import { buildChangesView } from './model/changesTree';
import type { ViewNode } from './model/nodes';
import { RefreshScheduler } from './model/refresh';
import { buildRoadmapView, childNodes } from './model/roadmapTree';

/** Index changes come in bursts while a person types; the tree reloads once they pause. */
const TREE_DEBOUNCE_MS = 400;
/** Each changes reload runs git; saves and repository events in a row cost one run. */
const CHANGES_DEBOUNCE_MS = 800;

/** Lists a lazy node's children (one page) when VS Code expands it. */
type ChildLoader = (node: ViewNode) => Promise<ViewNode[]>;

class NodeTreeProvider implements vscode.TreeDataProvider<ViewNode> {
  private roots: ViewNode[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly loadChildren?: ChildLoader) {}

  setRoots(roots: ViewNode[]): void {
    this.roots = roots;
    this.changed.fire();
  }

  async getChildren(node?: ViewNode): Promise<ViewNode[]> {
    if (!node) return this.roots;
    if (!node.lazy || !this.loadChildren) return node.children;
    try {
      return await this.loadChildren(node);
    } catch (error) {
      return [
        { id: `${node.id}/error`, label: `Could not load: ${errorText(error)}`, icon: { id: 'error' }, children: [] },
      ];
    }
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const state =
      !node.children.length && !node.lazy
        ? vscode.TreeItemCollapsibleState.None
        : node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    if (node.tooltip) item.tooltip = new vscode.MarkdownString(node.tooltip);
    if (node.resourceUri) {
      item.resourceUri = vscode.Uri.parse(node.resourceUri);
      item.iconPath = vscode.ThemeIcon.File;
    } else if (node.icon) {
      item.iconPath = new vscode.ThemeIcon(
        node.icon.id,
        node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined,
      );
    }
    if (node.open)
      item.command = {
        command: CLIENT_COMMANDS.openLocation,
        title: 'Open',
        arguments: [node.open.uri, node.open.range],
      };
    item.contextValue = node.contextValue;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A tree view whose nodes are reloaded by a scheduler while visible. */
abstract class ReloadingView implements vscode.Disposable {
  protected readonly provider: NodeTreeProvider;
  protected readonly view: vscode.TreeView<ViewNode>;
  protected readonly scheduler: RefreshScheduler;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly viewId: string,
    delayMs: number,
    loadChildren?: ChildLoader,
  ) {
    this.provider = new NodeTreeProvider(loadChildren);
    this.view = vscode.window.createTreeView(viewId, { treeDataProvider: this.provider, showCollapseAll: true });
    this.scheduler = new RefreshScheduler(() => this.load(), delayMs, this.view.visible);
    this.subscriptions.push(
      this.view,
      this.provider,
      this.view.onDidChangeVisibility((event) => this.scheduler.setVisible(event.visible)),
    );
  }

  protected abstract load(): Promise<void>;

  /** Reload soon (debounced; deferred while hidden). */
  requestRefresh(): void {
    this.scheduler.request();
  }

  /** Reload now, with the view's progress bar. */
  refreshNow(): Thenable<void> {
    return vscode.window.withProgress({ location: { viewId: this.viewId } }, () => this.scheduler.now());
  }

  protected track(...disposables: vscode.Disposable[]): void {
    this.subscriptions.push(...disposables);
  }

  dispose(): void {
    this.scheduler.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

export class RoadmapView extends ReloadingView {
  private tree: TreeResult | undefined;

  constructor(private readonly client: LanguageClient) {
    super('roadmapLinks.roadmap', TREE_DEBOUNCE_MS, async (node) => {
      const page = await client.sendRequest(TreeChildrenRequest, { node: node.lazy!.node, offset: node.lazy!.offset });
      return childNodes(node, page, { relativePath: (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)) });
    });
  }

  /** The tree as the view shows it when that is current, else a fresh one (pick lists need it with the view closed). */
  async currentTree(): Promise<TreeResult | undefined> {
    if (this.tree && this.view.visible) return this.tree;
    try {
      return (await this.client.sendRequest(TreeRequest, {})) ?? undefined;
    } catch {
      return undefined;
    }
  }

  protected async load(): Promise<void> {
    let tree: TreeResult | null;
    try {
      tree = await this.client.sendRequest(TreeRequest, {});
    } catch (error) {
      this.view.message = `Could not load the roadmap: ${errorText(error)}`;
      return;
    }
    if (!tree) {
      this.view.message = 'The language server is still starting.';
      return;
    }
    this.tree = tree;
    const built = buildRoadmapView(tree);
    this.provider.setRoots(built.nodes);
    this.view.message = built.message;
    // The welcome ("Create roadmap.yaml") shows only once the server knows there is no roadmap file.
    await vscode.commands.executeCommand('setContext', 'roadmapLinks.noRoadmap', tree.roadmapFiles === 'none');
  }
}

export class ChangesView extends ReloadingView {
  private params: ChangesParams = {};

  constructor(private readonly client: LanguageClient) {
    super('roadmapLinks.changes', CHANGES_DEBOUNCE_MS);
    this.track(vscode.workspace.onDidSaveTextDocument(() => this.requestRefresh()));
  }

  get comparison(): ChangesParams {
    return this.params;
  }

  /** Compare another folder or base from now on. */
  compareWith(params: ChangesParams): Thenable<void> {
    this.params = params;
    return this.refreshNow();
  }

  protected async load(): Promise<void> {
    // In a multi-root workspace the title says whose changes these are (the server compares the first
    // folder unless another was picked); one folder needs no name.
    const folders = vscode.workspace.workspaceFolders ?? [];
    const compared = this.params.folderUri
      ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(this.params.folderUri))
      : folders[0];
    this.view.description = folders.length > 1 ? compared?.name : undefined;
    let report: ChangeReport | null;
    try {
      report = await this.client.sendRequest(ChangesRequest, this.params);
    } catch (error) {
      this.provider.setRoots([]);
      this.view.message = errorText(error);
      await vscode.commands.executeCommand('setContext', 'roadmapLinks.changesEmpty', false);
      return;
    }
    if (!report) {
      this.view.message = 'The language server is still starting.';
      return;
    }
    const root = vscode.Uri.file(report.root);
    const built = buildChangesView(report, {
      fileUri: (path) => vscode.Uri.joinPath(root, ...path.split('/')).toString(),
    });
    const empty = built.nodes.length === 0;
    this.provider.setRoots(built.nodes);
    // VS Code shows a view's welcome only while the view has no message: nothing changed shows the welcome,
    // whose text says what was compared and whose button picks another base.
    this.view.message = empty ? undefined : built.message;
    await vscode.commands.executeCommand('setContext', 'roadmapLinks.changesEmpty', empty ? report.base.mode : false);
  }
}
