import * as assert from 'node:assert/strict';
import { dashboardHtml, loadingHtml } from '../../client/src/dashboardHtml';
import type { RoadmapReport } from '../../server/src/cli/report';
import type { DashboardResult } from '../../server/src/protocol';
import { dashboardOf } from '../../server/src/lsp/views';

const NOW = Date.parse('2026-06-01T00:00:00Z') / 1000;

function report(): RoadmapReport {
  const item = {
    id: 'RM-1',
    title: 'Fast <checkout>',
    kind: 'investment',
    status: 'in-progress',
    objective: 'OBJ-1',
    values: [
      {
        metric: 'p99',
        unit: 'ms',
        baseline: 850,
        target: 300,
        current: 640,
        progress: 0.38,
        description: 'p99: 850 ms → 640 ms → 300 ms, 38% of the way',
      },
    ],
    sites: 1,
    debt: 1,
    staleDebt: 0,
    expiredDebt: 0,
    overdue: false,
    markers: 0,
    codeSites: [],
    history: [
      {
        metric: 'p99',
        unit: 'ms',
        points: [
          {
            commit: 'a'.repeat(40),
            date: '2026-01-01T00:00:00.000Z',
            time: NOW - 150 * 86_400,
            baseline: 850,
            target: 300,
            current: 850,
          },
          {
            commit: 'b'.repeat(40),
            date: '2026-03-01T00:00:00.000Z',
            time: NOW - 90 * 86_400,
            baseline: 850,
            target: 300,
            current: 640,
          },
        ],
        lastChanged: '2026-03-01T00:00:00.000Z',
        lastChangedTime: NOW - 90 * 86_400,
        stalledDays: 90,
      },
    ],
  };
  return {
    folders: ['/ws'],
    objectives: [{ id: 'OBJ-1', title: 'Fast', metrics: [], items: [item], sites: 1, debt: 1 }],
    withoutObjective: [],
    unknownIds: [],
    unlinkedDebt: [],
    totals: { items: 1, sites: 1, debt: 1, unlinkedDebt: 0 },
    history: {
      seen: { ref: 'main', tip: 'b'.repeat(40), commits: 2, shallow: false },
      warnings: [],
      generated: '2026-06-01T00:00:00.000Z',
    },
    items: [{ id: 'RM-1', title: item.title, history: item.history }],
    mix: {
      description: 'main, last 90 days (2 commits)',
      mode: 'days',
      lines: 10,
      shares: [
        { kind: 'feature', lines: 2, percent: 20, target: 60 },
        { kind: 'investment', lines: 8, percent: 80, target: 30 },
        { kind: 'debt', lines: 0, percent: 0, target: 10 },
        { kind: 'none', lines: 0, percent: 0 },
      ],
      target: { feature: 60, investment: 30, debt: 10 },
      byObjective: [],
    },
    debt: {
      trend: [
        {
          date: '2026-05-25T00:00:00.000Z',
          time: NOW - 7 * 86_400,
          commit: 'b'.repeat(40),
          linked: 1,
          unlinked: 2,
          stale: 0,
        },
      ],
      oldest: [],
      byOwner: [],
    },
  };
}

describe('Roadmap Dashboard page', () => {
  const result: DashboardResult = dashboardOf(report(), NOW);
  const html = dashboardHtml(result, 'n0nce', 'vscode-webview://abc');

  it('has a strict CSP: no script, nothing remote, styles only by nonce', () => {
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src vscode-webview:\/\/abc; style-src 'nonce-n0nce'">/,
    );
    assert.equal((html.match(/<style nonce="n0nce">/g) ?? []).length, 1);
    assert.equal((html.match(/<style/g) ?? []).length, 1);
    assert.doesNotMatch(html, /<script|\bsrc=|style="|https?:/i);
    // The only link runs the one command the webview allows.
    assert.deepEqual(
      [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]),
      ['command:roadmapLinks.refreshDashboard'],
    );
  });

  it('takes its colours from the VS Code theme', () => {
    for (const variable of [
      '--vscode-foreground',
      '--vscode-editor-background',
      '--vscode-charts-blue',
      '--vscode-charts-purple',
      '--vscode-charts-red',
    ]) {
      assert.ok(html.includes(`var(${variable}`), variable);
    }
    assert.doesNotMatch(html, /#[0-9a-f]{6}\b/i);
  });

  it('shows the north star → objectives → items with progress and burn-up, the mix, the debt trend', () => {
    assert.ok(html.includes('<h1>Roadmap Dashboard</h1>'));
    assert.ok(html.includes('<h2>OBJ-1 · Fast</h2>'));
    assert.ok(html.includes('Fast &#60;checkout&#62;'));
    assert.equal((html.match(/class="chart progress"/g) ?? []).length, 1);
    assert.equal((html.match(/class="chart burnup"/g) ?? []).length, 1);
    assert.ok(html.includes('not moved for 90 days'));
    assert.ok(html.includes('<h2>The mix</h2>') && html.includes('Investment 80% (target 30%)'));
    assert.ok(html.includes('<h2>Debt trend</h2>'));
  });

  it('says so when the server is not running, and while it computes', () => {
    assert.match(dashboardHtml(null, 'n', 'c'), /The Roadmap Links server is not running/);
    assert.match(loadingHtml('n', 'c', 'a <b> c'), /a &#60;b&#62; c/);
  });
});
