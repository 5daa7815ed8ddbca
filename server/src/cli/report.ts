/**
 * `report`: the roadmap with its code sites and debt counts, per item and per objective, and, in a
 * git repository, its value over time (metric history, the mix, debt trend, age and owner).
 */
import { escapeMarkdown, markdownCode, plural } from '../core/format';
import { describeValue, summarizeValue } from '../core/present';
import { isFinished, type Annotation, type RoadmapItem, type ValueMetric, type ValueSummary } from '../core/types';
import { debtCountOf, type WorkspaceIndex } from '../core/workspace';
import { isExpired, isOverdue } from '../core/workspace/codeProblems';
import { displayPath } from './problems';
import { compareIds } from '../core/ids';
import { KIND_LABELS, emptyMixText, historySeenText, sparkline } from '../core/history/present';
import type {
  ChangeMix,
  DebtAge,
  DebtOwner,
  HistoryReport,
  HistorySeen,
  MetricHistory,
  TrendPoint,
} from '../core/history';

export interface CodeSiteEntry {
  path: string;
  line: number;
  column: number;
  kind: 'debt' | 'marker';
  tag: string;
  text: string;
}

/** A value metric as the report shows it: the summary every view shows, plus one line for people. */
export interface ValueEntry extends ValueSummary {
  /** "checkout p99 latency (reliability): 850 ms → 640 ms → 300 ms, 38% of the way". */
  description: string;
}

export interface ItemEntry {
  id: string;
  title: string;
  kind?: string;
  status?: string;
  owner?: string;
  objective?: string;
  values: ValueEntry[];
  /** Code sites naming the item: debt annotations plus `@roadmap` markers. */
  sites: number;
  debt: number;
  /** Debt linking an item that is done or dropped (all of its debt then). */
  staleDebt: number;
  /** Debt whose own date (`TODO(RM-1, 2027-01-31)`) has passed. */
  expiredDebt: number;
  due?: string;
  /** Past `due` and not finished. */
  overdue: boolean;
  markers: number;
  codeSites: CodeSiteEntry[];
  /** Per value metric, its revisions on the default branch (with a git history only). */
  history?: MetricHistory[];
}

export interface ObjectiveEntry {
  id: string;
  title: string;
  metrics: string[];
  items: ItemEntry[];
  sites: number;
  debt: number;
}

export interface RoadmapReport {
  folders: string[];
  northStar?: { statement?: string; metrics: (ValueEntry & { id: string })[] };
  objectives: ObjectiveEntry[];
  /** Items with no objective, or one that does not exist. */
  withoutObjective: ItemEntry[];
  /** IDs named from code that no item has. */
  unknownIds: { id: string; sites: number }[];
  unlinkedDebt: CodeSiteEntry[];
  totals: { items: number; sites: number; debt: number; unlinkedDebt: number };
  /** Value over time; absent outside a git repository (then `historyNote` says why). */
  history?: { seen: HistorySeen; warnings: string[]; generated: string };
  historyNote?: string;
  /** Every item once, roadmap order, with its metric history. */
  items?: { id: string; title: string; kind?: string; status?: string; objective?: string; history: MetricHistory[] }[];
  mix?: ChangeMix;
  debt?: {
    trend: TrendPoint[];
    /** The oldest committed debt first (at most MAX_OLDEST_DEBT). */
    oldest: DebtAge[];
    byOwner: DebtOwner[];
  };
}

/** Debt entries listed as "oldest debt". */
export const MAX_OLDEST_DEBT = 20;

export function buildReport(index: WorkspaceIndex, cwd: string, history?: HistoryReport | string): RoadmapReport {
  const roadmap = index.roadmap;
  const siteEntry = (file: string, annotation: Annotation): CodeSiteEntry => ({
    path: displayPath(file, cwd),
    line: annotation.range.start.line + 1,
    column: annotation.range.start.character + 1,
    kind: annotation.kind,
    tag: annotation.tag,
    text: annotation.text,
  });
  const histories =
    typeof history === 'object' ? new Map(history.items.map((entry) => [entry.itemId, entry.metrics])) : undefined;
  const today = index.today();
  const itemEntry = (item: RoadmapItem): ItemEntry => {
    const sites = index.sitesOf(item.id);
    const codeSites = sites.map((site) => siteEntry(site.file, site.annotation));
    const debt = debtCountOf(sites);
    const debtSites = sites.filter((site) => site.annotation.kind === 'debt');
    return {
      id: item.id,
      title: item.title,
      ...(item.kind && { kind: item.kind }),
      ...(item.status && { status: item.status }),
      ...(item.owner && { owner: item.owner }),
      ...(item.objective && { objective: item.objective }),
      values: item.values.map(valueEntry),
      sites: codeSites.length,
      debt,
      staleDebt: isFinished(item) ? debt : 0,
      expiredDebt: new Set(debtSites.filter((site) => isExpired(site.annotation, today)).map((site) => site.annotation))
        .size,
      ...(item.due && { due: item.due }),
      overdue: isOverdue(item, today),
      markers: codeSites.length - debt,
      codeSites,
      ...(histories && { history: histories.get(item.id) ?? [] }),
    };
  };

  const objectives = [...roadmap.objectives.values()].map((objective): ObjectiveEntry => ({
    id: objective.id,
    title: objective.title,
    metrics: objective.metrics,
    items: [],
    sites: 0,
    debt: 0,
  }));
  const byObjective = new Map(objectives.map((entry) => [entry.id, entry]));
  const withoutObjective: ItemEntry[] = [];
  const totals = { items: 0, sites: 0, debt: 0, unlinkedDebt: 0 };
  for (const item of roadmap.items.values()) {
    const entry = itemEntry(item);
    const objective = item.objective === undefined ? undefined : byObjective.get(item.objective);
    if (objective) {
      objective.items.push(entry);
      objective.sites += entry.sites;
      objective.debt += entry.debt;
    } else {
      withoutObjective.push(entry);
    }
    totals.items++;
    totals.sites += entry.sites;
    totals.debt += entry.debt;
  }

  const unknownIds = [...index.linkedIds()]
    .filter((id) => !roadmap.items.has(id))
    .sort(compareIds)
    .map((id) => ({ id, sites: index.sitesOf(id).length }));
  const unlinkedDebt = [...index.unlinkedDebt()].map(({ file, annotation }) => siteEntry(file, annotation));
  unlinkedDebt.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  totals.unlinkedDebt = unlinkedDebt.length;

  const northStar = roadmap.northStar && {
    ...(roadmap.northStar.statement !== undefined && { statement: roadmap.northStar.statement }),
    metrics: [...roadmap.northStarMetrics.values()].map((metric) => ({
      id: metric.id,
      ...valueEntry({
        metric: metric.name,
        unit: metric.unit,
        baseline: metric.baseline,
        current: metric.current,
        target: metric.target,
        range: metric.idRange,
      }),
    })),
  };
  const report: RoadmapReport = {
    folders: index.folders,
    ...(northStar && { northStar }),
    objectives,
    withoutObjective,
    unknownIds,
    unlinkedDebt,
    totals,
  };
  if (typeof history === 'string') report.historyNote = history;
  else if (history) {
    report.history = { seen: history.seen, warnings: history.warnings, generated: new Date().toISOString() };
    report.items = [...roadmap.items.values()].map((item) => ({
      id: item.id,
      title: item.title,
      ...(item.kind && { kind: item.kind }),
      ...(item.status && { status: item.status }),
      ...(item.objective && { objective: item.objective }),
      history: histories?.get(item.id) ?? [],
    }));
    if (history.mix) report.mix = history.mix;
    report.debt = {
      trend: history.debt.trend.points,
      oldest: history.debt.ages.debts.filter((debt) => !debt.uncommitted).slice(0, MAX_OLDEST_DEBT),
      byOwner: history.debt.ages.byOwner,
    };
  }
  return report;
}

function valueEntry(value: ValueMetric): ValueEntry {
  const { metric, ...numbers } = summarizeValue(value);
  return { metric, description: describeValue(value), ...numbers };
}

/** Unlinked debt sites listed in Markdown before the rest is summarized as a count. */
const MAX_LISTED_UNLINKED = 50;

export function reportMarkdown(report: RoadmapReport): string {
  const lines: string[] = ['# Roadmap report', ''];
  const { totals } = report;
  lines.push(
    `${plural(totals.items, 'item')} · ${plural(totals.sites, 'code site')} · ${totals.debt} linked debt · ${totals.unlinkedDebt} unlinked debt`,
  );
  if (report.northStar) {
    lines.push('');
    if (report.northStar.statement) lines.push(`North star: ${escapeMarkdown(report.northStar.statement)}`);
    if (report.northStar.metrics.length) {
      lines.push('');
      for (const metric of report.northStar.metrics) {
        lines.push(`- **${escapeMarkdown(metric.id)}** ${escapeMarkdown(metric.description)}`);
      }
    }
  }
  for (const objective of report.objectives) {
    lines.push('', `## ${escapeMarkdown(objective.id)} · ${escapeMarkdown(objective.title)}`, '');
    const metrics = objective.metrics.length ? ` · moves ${objective.metrics.join(', ')}` : '';
    lines.push(
      `${plural(objective.items.length, 'item')} · ${plural(objective.sites, 'code site')} · ${objective.debt} debt${metrics}`,
    );
    if (objective.items.length) lines.push('', ...itemTable(objective.items));
  }
  if (report.withoutObjective.length) {
    lines.push('', '## Items without an objective', '', ...itemTable(report.withoutObjective));
  }
  if (report.unknownIds.length) {
    lines.push('', '## Unknown IDs named in code', '');
    for (const unknown of report.unknownIds)
      lines.push(`- **${escapeMarkdown(unknown.id)}**: ${plural(unknown.sites, 'code site')}`);
  }
  if (report.unlinkedDebt.length) {
    lines.push('', `## Unlinked debt (${report.unlinkedDebt.length})`, '');
    for (const site of report.unlinkedDebt.slice(0, MAX_LISTED_UNLINKED)) {
      lines.push(
        `- ${markdownCode(`${site.path}:${site.line}`)} ${escapeMarkdown(site.tag)}${site.text ? `: ${escapeMarkdown(site.text)}` : ''}`,
      );
    }
    const rest = report.unlinkedDebt.length - MAX_LISTED_UNLINKED;
    if (rest > 0) lines.push(`- … and ${rest} more`);
  }
  if (report.history) lines.push(...historyMarkdown(report));
  return lines.join('\n') + '\n';
}

/** One line on how much history the report saw (or why it has none). */
export function seenText(report: RoadmapReport): string {
  return historySeenText(report.history?.seen, report.historyNote);
}

/** The one line shown instead of the mix's table when its window of days has no commit. */
export function emptyMixOf(report: RoadmapReport): string | undefined {
  if (!report.mix || !report.history) return undefined;
  return emptyMixText(report.mix, report.history.seen.ref, Date.parse(report.history.generated) / 1000);
}

/** Debt entries the Markdown report lists as the oldest. */
const MAX_LISTED_OLDEST = 10;

function historyMarkdown(report: RoadmapReport): string[] {
  const lines = ['', '## Value over time', '', seenText(report)];
  for (const warning of report.history?.warnings ?? []) lines.push('', `> ${escapeMarkdown(warning)}`);
  const empty = report.mix && emptyMixOf(report);
  if (report.mix && empty) {
    lines.push('', `### The mix: ${escapeMarkdown(report.mix.description)}`, '', escapeMarkdown(empty));
  } else if (report.mix) {
    const mix = report.mix;
    lines.push(
      '',
      `### The mix: ${escapeMarkdown(mix.description)}`,
      '',
      '| Kind | Changed lines | Share | Target |',
      '|---|---|---|---|',
    );
    for (const share of mix.shares) {
      lines.push(
        `| ${KIND_LABELS[share.kind]} | ${Math.round(share.lines)} | ${share.percent}% | ${share.target === undefined ? '' : `${share.target}%`} |`,
      );
    }
    if (mix.note) lines.push('', escapeMarkdown(mix.note));
  }
  const metricLines: string[] = [];
  for (const item of report.items ?? []) {
    for (const metric of item.history) {
      if (metric.points.length === 0) continue;
      const values = metric.points
        .map((point) => point.current)
        .filter((value): value is number => value !== undefined);
      const stalled = metric.stalledDays === undefined ? '' : `, **not moved for ${metric.stalledDays} days**`;
      const changed = metric.lastChanged ? `, last changed ${metric.lastChanged.slice(0, 10)}` : '';
      metricLines.push(
        `- **${escapeMarkdown(item.id)}** ${escapeMarkdown(metric.metric)} ${sparkline(values)} ${values.join(' → ')}${changed}${stalled}`,
      );
    }
  }
  if (metricLines.length) lines.push('', '### Metric history', '', ...metricLines);
  if (report.debt?.oldest.length) {
    lines.push('', '### Oldest debt', '');
    for (const debt of report.debt.oldest.slice(0, MAX_LISTED_OLDEST)) {
      const owner = debt.owner ? ` (owner ${escapeMarkdown(debt.owner)})` : '';
      lines.push(
        `- ${markdownCode(`${debt.path}:${debt.line}`)} ${escapeMarkdown(debt.tag)}${debt.text ? `: ${escapeMarkdown(debt.text)}` : ''}, added ${debt.date?.slice(0, 10)} by ${escapeMarkdown(debt.author ?? '?')}${owner}`,
      );
    }
  }
  return lines;
}

function itemTable(items: ItemEntry[]): string[] {
  const rows = ['| Item | Status | Value metric | Code sites | Debt |', '|---|---|---|---|---|'];
  for (const item of items) {
    const values = item.values.length
      ? item.values.map((value) => escapeMarkdown(value.description)).join('<br>')
      : '_no value metric_';
    rows.push(
      `| **${escapeMarkdown(item.id)}** ${escapeMarkdown(item.title)} | ${escapeMarkdown(statusText(item))} | ${values} | ${item.sites} | ${debtText(item)} |`,
    );
  }
  return rows;
}

/** "in-progress, overdue (due 2026-06-30)", "planned, due 2027-03-31". */
export function statusText(item: ItemEntry): string {
  const status = item.status ?? '';
  if (!item.due) return status;
  const due = item.overdue ? `overdue (due ${item.due})` : `due ${item.due}`;
  return status ? `${status}, ${due}` : due;
}

/** "3 (3 stale)", "2 (1 expired)". */
export function debtText(item: ItemEntry): string {
  const notes = [
    ...(item.staleDebt ? [`${item.staleDebt} stale`] : []),
    ...(item.expiredDebt ? [`${item.expiredDebt} expired`] : []),
  ];
  return notes.length ? `${item.debt} (${notes.join(', ')})` : String(item.debt);
}
