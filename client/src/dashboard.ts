/** The "Roadmap Dashboard" webview: fed by the server's `roadmapLinks/dashboard` request, no script inside. */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DASHBOARD_REFRESH_COMMAND, DashboardRequest } from '../../server/src/protocol';
import { dashboardHtml, loadingHtml } from './dashboardHtml';

/** Index changes (typing) refresh an open dashboard at most this often. */
const REFRESH_DELAY_MS = 2000;

export class Dashboard implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(private readonly client: LanguageClient) {}

  /** Opens (or reveals) the dashboard; `refresh` recomputes the history first. */
  async show(refresh = false): Promise<void> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'roadmapLinks.dashboard',
        'Roadmap Dashboard',
        vscode.ViewColumn.Active,
        {
          enableScripts: false,
          enableCommandUris: [DASHBOARD_REFRESH_COMMAND],
          localResourceRoots: [],
        },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        if (this.timer) clearTimeout(this.timer);
      });
    } else {
      this.panel.reveal();
    }
    await this.render(refresh);
  }

  /** The index changed: an open dashboard redraws soon (its history stays the last computed). */
  requestRefresh(): void {
    if (!this.panel || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.render(false);
    }, REFRESH_DELAY_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
  }

  private async render(refresh: boolean): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const generation = ++this.generation;
    const webview = panel.webview;
    if (refresh || !webview.html) webview.html = loadingHtml(nonce(), webview.cspSource);
    try {
      const result = await this.client.sendRequest(DashboardRequest, { refresh });
      if (generation === this.generation && this.panel === panel)
        webview.html = dashboardHtml(result, nonce(), webview.cspSource);
    } catch (error) {
      if (generation === this.generation && this.panel === panel) {
        webview.html = loadingHtml(
          nonce(),
          webview.cspSource,
          `The dashboard could not be built: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}

function nonce(): string {
  return randomBytes(16).toString('base64');
}
