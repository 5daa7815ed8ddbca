/**
 * The Roadmap Dashboard's page: the body the server drew (the HTML report's, same charts as inline
 * SVG) styled with the VS Code theme's colours, under a strict CSP: no script at all, no remote
 * content, styles by nonce. No `vscode` import, so it is tested like a view model.
 */
import type { DashboardResult } from '../../server/src/protocol';

/** The report's palette variables, mapped onto theme colours (they follow light, dark and high-contrast themes). */
const THEME_CSS = `
:root {
  --fg: var(--vscode-foreground); --bg: var(--vscode-editor-background); --muted: var(--vscode-descriptionForeground);
  --border: var(--vscode-panel-border, var(--vscode-widget-border, transparent)); --track: var(--vscode-editorWidget-background);
  --accent: var(--vscode-charts-blue); --good: var(--vscode-charts-green); --warn: var(--vscode-editorWarning-foreground);
  --feature: var(--vscode-charts-blue); --investment: var(--vscode-charts-purple); --debt: var(--vscode-charts-orange);
  --none: var(--vscode-disabledForeground); --linked: var(--vscode-charts-blue); --unlinked: var(--vscode-charts-yellow);
  --stale: var(--vscode-charts-red); --font: var(--vscode-font-family);
}
a { color: var(--vscode-textLink-foreground); }
.toolbar { float: right; font-size: 12px; }
`;

export function dashboardHtml(result: DashboardResult | null, nonce: string, cspSource: string): string {
  if (!result)
    return page(
      '<h1>Roadmap Dashboard</h1><p class="muted">The Roadmap Links server is not running.</p>',
      nonce,
      cspSource,
    );
  return page(result.html, nonce, cspSource, result.css);
}

export function loadingHtml(nonce: string, cspSource: string, message = 'Computing the roadmap’s history…'): string {
  return page(
    `<h1>Roadmap Dashboard</h1><p class="muted">${message.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>`,
    nonce,
    cspSource,
  );
}

function page(body: string, nonce: string, cspSource: string, css = ''): string {
  // img-src only for the webview's own resource scheme (none used today); everything else is 'none'.
  const csp = `default-src 'none'; img-src ${cspSource}; style-src 'nonce-${nonce}'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Roadmap Dashboard</title>
<style nonce="${nonce}">${THEME_CSS}${css.replace(/<\/style/gi, '')}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
