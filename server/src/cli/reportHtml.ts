/**
 * `report --format html`: one self-contained file (inline CSS and SVG, no script, nothing fetched),
 * for CI artifacts and for people who never open the editor.
 */
import { burnUpChart, burnUpPointsOf, dateLabel, escapeHtml, progressBar, stackedBar, stackedColumns } from '../core/history/charts';
import { ageText } from '../core/history/present';
import type { MixShare } from '../core/history';
import { KIND_LABELS, seenText, type ItemEntry, type RoadmapReport, type ValueEntry } from './report';

const DEBT_KEYS = ['linked', 'unlinked', 'stale'] as const;

export function reportHtml(report: RoadmapReport, now = Math.floor(Date.now() / 1000)): string {
  const body: string[] = [];
  const { totals } = report;
  body.push('<header><h1>Roadmap report</h1>');
  if (report.northStar?.statement) body.push(`<p class="north-star">★ ${escapeHtml(report.northStar.statement)}</p>`);
  body.push(
    `<p class="totals">${totals.items} items · ${totals.sites} code sites · ${totals.debt} linked debt · ${totals.unlinkedDebt} unlinked debt</p>`,
  );
  body.push(`<p class="seen">${escapeHtml(seenText(report))}</p>`);
  for (const warning of report.history?.warnings ?? []) body.push(`<p class="warning">⚠ ${escapeHtml(warning)}</p>`);
  body.push('</header>');

  if (report.northStar?.metrics.length) {
    body.push('<section><h2>North star metrics</h2><table><tbody>');
    for (const metric of report.northStar.metrics) body.push(`<tr><th>${escapeHtml(metric.id)}</th><td>${valueCell(metric)}</td></tr>`);
    body.push('</tbody></table></section>');
  }

  const endTime = report.history?.seen.to ? Date.parse(report.history.seen.to) / 1000 : now;
  for (const objective of report.objectives) {
    body.push(`<section><h2>${escapeHtml(objective.id)} · ${escapeHtml(objective.title)}</h2>`);
    body.push(`<p class="muted">${objective.items.length} items · ${objective.sites} code sites · ${objective.debt} debt</p>`);
    body.push(itemTable(objective.items, endTime, now), '</section>');
  }
  if (report.withoutObjective.length) body.push('<section><h2>Items without an objective</h2>', itemTable(report.withoutObjective, endTime, now), '</section>');

  if (report.mix) body.push(mixSection(report));
  if (report.debt) {
    const points = report.debt.trend;
    body.push('<section><h2>Debt trend</h2>');
    if (points.length) {
      const last = points[points.length - 1];
      body.push(`<p class="muted">${points.length} weekly samples, ${dateLabel(points[0].time)} to ${dateLabel(last.time)}; now ${last.linked} linked, ${last.unlinked} unlinked, ${last.stale} stale</p>`);
      body.push(stackedColumns(points.map((point) => ({ time: point.time, values: { linked: point.linked, unlinked: point.unlinked, stale: point.stale } })), DEBT_KEYS, { label: 'Debt per week: linked, unlinked, stale' }));
      body.push(legend(DEBT_KEYS.map((key) => ({ key, label: key }))));
    } else body.push('<p class="muted">No commit in the sampled range.</p>');
    body.push('</section>');

    body.push('<section><h2>Oldest debt</h2>');
    if (report.debt.oldest.length) {
      body.push('<table><thead><tr><th>Where</th><th>Debt</th><th>Added</th><th>By</th><th>Owner</th></tr></thead><tbody>');
      for (const debt of report.debt.oldest) {
        const text = `${debt.tag}${debt.ids.length ? `(${debt.ids.join(', ')})` : ''}${debt.text ? `: ${debt.text}` : ''}`;
        body.push(
          `<tr class="state-${debt.state}"><td><code>${escapeHtml(debt.path)}:${debt.line}</code></td><td>${escapeHtml(text)} <span class="badge ${debt.state}">${debt.state}</span></td>` +
            `<td class="nowrap">${debt.time === undefined ? '' : `${ageText(debt.time, now)}<br><span class="muted">${dateLabel(debt.time)}</span>`}</td>` +
            `<td class="nowrap">${escapeHtml(debt.author ?? '')}</td><td class="nowrap">${escapeHtml(debt.owner ?? '')}</td></tr>`,
        );
      }
      body.push('</tbody></table>');
    } else body.push('<p class="muted">No committed debt.</p>');
    body.push('</section>');

    body.push('<section><h2>Debt by owner</h2>');
    const owners = report.debt.byOwner;
    if (owners.length) {
      const most = Math.max(...owners.map((owner) => owner.count));
      body.push('<table><tbody>');
      for (const owner of owners) {
        const origin = owner.fromCodeOwners ? 'CODEOWNERS' : 'author';
        const oldest = owner.oldestTime === undefined ? '' : `, oldest ${ageText(owner.oldestTime, now)}`;
        body.push(`<tr><th>${escapeHtml(owner.owner)} <span class="muted">(${origin})</span></th><td>${progressBar(owner.count / most, `${owner.count} debt`, 240)} ${owner.count}${oldest}</td></tr>`);
      }
      body.push('</tbody></table>');
    } else body.push('<p class="muted">No debt.</p>');
    body.push('</section>');
  }

  if (report.unlinkedDebt.length) {
    body.push(`<section><h2>Unlinked debt (${report.unlinkedDebt.length})</h2><ul>`);
    for (const site of report.unlinkedDebt.slice(0, 50)) body.push(`<li><code>${escapeHtml(site.path)}:${site.line}</code> ${escapeHtml(site.tag)}${site.text ? `: ${escapeHtml(site.text)}` : ''}</li>`);
    if (report.unlinkedDebt.length > 50) body.push(`<li>… and ${report.unlinkedDebt.length - 50} more</li>`);
    body.push('</ul></section>');
  }

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Roadmap report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body.join('\n')}
<footer class="muted">Generated by roadmap-links${report.history ? ` on ${escapeHtml(report.history.generated.slice(0, 10))}` : ''}.</footer>
</body>
</html>
`;
}

function valueCell(value: ValueEntry): string {
  // No bar without a current value: an empty bar would read as "no progress".
  const bar = value.progress === undefined ? '' : `${progressBar(value.progress, value.description)} <strong>${Math.round(value.progress * 100)}%</strong>`;
  return `${bar}<div class="muted">${escapeHtml(value.description)}</div>`;
}

function itemTable(items: ItemEntry[], endTime: number, now: number): string {
  const rows = ['<table class="items"><thead><tr><th>Item</th><th>Status</th><th>Value</th><th>Burn-up</th><th>Sites · debt</th></tr></thead><tbody>'];
  for (const item of items) {
    const values = item.values.length ? item.values : [undefined];
    values.forEach((value, index) => {
      const history = value && item.history?.find((entry) => entry.metric === value.metric);
      let chart = '';
      const drawn = history && burnUpPointsOf(history.points);
      if (!history || !drawn || drawn.points.length === 0) chart = value ? '<span class="muted">no current value yet</span>' : '';
      else {
        const { points, percent } = drawn;
        chart = burnUpChart(points, { endTime, percent, label: `${item.id} ${value!.metric} over time` });
        if (history.lastChangedTime !== undefined) chart += `<div class="muted">last changed ${ageText(history.lastChangedTime, now)} (${dateLabel(history.lastChangedTime)})</div>`;
        if (history.stalledDays !== undefined) chart += `<div class="warning">not moved for ${history.stalledDays} days</div>`;
      }
      const head =
        index === 0
          ? `<td rowspan="${values.length}"><strong>${escapeHtml(item.id)}</strong> ${escapeHtml(item.title)}${item.kind ? ` <span class="badge kind-${escapeHtml(item.kind)}">${escapeHtml(item.kind)}</span>` : ''}</td><td rowspan="${values.length}">${escapeHtml(item.status ?? '')}</td>`
          : '';
      const tail = index === 0 ? `<td rowspan="${values.length}">${item.sites} · ${item.debt}</td>` : '';
      rows.push(`<tr>${head}<td>${value ? valueCell(value) : '<em class="warning">no value metric</em>'}</td><td>${chart}</td>${tail}</tr>`);
    });
  }
  rows.push('</tbody></table>');
  return rows.join('');
}

function mixSection(report: RoadmapReport): string {
  const mix = report.mix!;
  const segments = (shares: readonly MixShare[]) => shares.map((share) => ({ key: share.kind, label: KIND_LABELS[share.kind], value: share.lines }));
  const parts = ['<section><h2>The mix</h2>', `<p class="muted">${escapeHtml(mix.description)}: ${Math.round(mix.lines)} changed lines</p>`];
  if (mix.note) parts.push(`<p class="warning">${escapeHtml(mix.note)}</p>`);
  parts.push('<table class="mix"><tbody>');
  parts.push(`<tr><th>Actual</th><td>${stackedBar(segments(mix.shares), { label: 'Changed lines per item kind' })}</td></tr>`);
  if (mix.target) {
    const target = (['feature', 'investment', 'debt'] as const).map((kind) => ({ key: kind, label: KIND_LABELS[kind], value: mix.target![kind] ?? 0 }));
    parts.push(`<tr><th>Target</th><td>${stackedBar(target, { label: 'northStar.mix target' })}</td></tr>`);
  }
  for (const objective of mix.byObjective) {
    const name = objective.objective ? `${objective.objective}` : 'No objective';
    parts.push(`<tr><th>${escapeHtml(name)}</th><td>${stackedBar(segments(objective.shares), { label: `${name}: changed lines per kind`, height: 14 })}</td></tr>`);
  }
  parts.push('</tbody></table>');
  parts.push(legend(mix.shares.map((share) => ({ key: share.kind, label: `${KIND_LABELS[share.kind]} ${share.percent}%${share.target !== undefined ? ` (target ${share.target}%)` : ''}` }))));
  parts.push('</section>');
  return parts.join('');
}

function legend(entries: { key: string; label: string }[]): string {
  return `<p class="legend">${entries.map((entry) => `<span><svg width="10" height="10"><rect class="series-${escapeHtml(entry.key)}" width="10" height="10" rx="2"/></svg> ${escapeHtml(entry.label)}</span>`).join('')}</p>`;
}

/** Shared with the dashboard, which maps the same variables onto the VS Code theme. */
export const CHART_CSS = `
.chart { vertical-align: middle; overflow: visible; }
.chart .track { fill: var(--track); }
.chart .fill { fill: var(--accent); }
.chart .fill.done { fill: var(--good); }
.chart .line { fill: none; stroke: var(--accent); stroke-width: 2; }
.chart .dot { fill: var(--accent); }
.chart .target { stroke: var(--good); stroke-dasharray: 4 3; }
.chart .baseline { stroke: var(--muted); stroke-dasharray: 1 3; }
.chart text { font-size: 10px; fill: var(--muted); }
.chart .on-bar { fill: #fff; font-weight: 600; }
.series-feature { fill: var(--feature); }
.series-investment { fill: var(--investment); }
.series-debt { fill: var(--debt); }
.series-none { fill: var(--none); }
.series-linked { fill: var(--linked); }
.series-unlinked { fill: var(--unlinked); }
.series-stale { fill: var(--stale); }
`;

const REPORT_CSS = `
:root { --fg: #1f2328; --bg: #ffffff; --muted: #656d76; --border: #d0d7de; --track: #eaeef2; --accent: #0969da; --good: #1a7f37;
  --warn: #9a6700; --feature: #0969da; --investment: #8250df; --debt: #bc4c00; --none: #8c959f;
  --linked: #0969da; --unlinked: #bf8700; --stale: #cf222e; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0; --border: #30363d; --track: #21262d;
  --accent: #4493f8; --good: #3fb950; --warn: #d29922; --feature: #4493f8; --investment: #a371f7; --debt: #db6d28; --none: #6e7681;
  --linked: #4493f8; --unlinked: #d29922; --stale: #f85149; } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { margin: 0 0 4px; } h2 { border-bottom: 1px solid var(--border); padding-bottom: 4px; margin-top: 28px; font-size: 18px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--border); }
table.mix th { width: 140px; white-space: nowrap; } thead th { font-size: 12px; color: var(--muted); font-weight: 600; }
.muted { color: var(--muted); font-size: 12px; } .warning { color: var(--warn); font-size: 12px; }
.north-star { font-size: 16px; margin: 4px 0; } .totals { margin: 4px 0; }
.badge { font-size: 11px; border-radius: 8px; padding: 0 6px; border: 1px solid var(--border); color: var(--muted); white-space: nowrap; }
.badge.stale { color: var(--stale); border-color: var(--stale); } .badge.unlinked { color: var(--unlinked); border-color: var(--unlinked); }
.badge.kind-feature { color: var(--feature); } .badge.kind-investment { color: var(--investment); } .badge.kind-debt { color: var(--debt); }
.legend span { margin-right: 16px; font-size: 12px; white-space: nowrap; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
footer { margin-top: 32px; } .nowrap { white-space: nowrap; }
${CHART_CSS}`;
