/**
 * `report`: the roadmap with its code sites and debt counts, per item and per objective, and, in a
 * git repository, its value over time (metric history, the mix, debt trend, age and owner).
 */
import { debtExcerpt, escapeMarkdown, markdownCode, plural } from '../core/format';
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
  /** The comment goes on below its first line (`text` is that first line). */
  continues?: boolean;
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

/** Value over time of one repository, as the report shows it. */
export interface HistoryPart {
  /** Absent outside a git repository (then `historyNote` says why). */
  history?: { seen: HistorySeen; warnings: string[]; generated: string };
  historyNote?: string;
  mix?: ChangeMix;
  debt?: {
    trend: TrendPoint[];
    /** The oldest committed debt first (at most MAX_OLDEST_DEBT). */
    oldest: DebtAge[];
    byOwner: DebtOwner[];
  };
}

/** One folder's value over time in a multi-root report: each folder is its own repository, or part of one. */
export interface FolderHistory extends HistoryPart {
  folder: string;
  /** The folder as the report names files (relative to where it ran). */
  path: string;
}

/** What the CLI computed for one folder: its history, or why it has none. */
export interface FolderHistoryInput {
  folder: string;
  history: HistoryReport | string;
}

/** A single folder's value over time is the report's own `history`, `mix` and `debt`; several have `folderHistories`. */
export interface RoadmapReport extends HistoryPart {
  folders: string[];
  northStar?: { statement?: string; metrics: (ValueEntry & { id: string })[] };
  objectives: ObjectiveEntry[];
  /** Items with no objective, or one that does not exist. */
  withoutObjective: ItemEntry[];
  /** IDs named from code that no item has. */
  unknownIds: { id: string; sites: number }[];
  unlinkedDebt: CodeSiteEntry[];
  totals: { items: number; sites: number; debt: number; unlinkedDebt: number };
  /**
   * Every item once, roadmap order, with its metric history (from the repository holding its roadmap file);
   * `folder` (its folder, as `FolderHistory.path`) in a multi-root report.
   */
  items?: {
    id: string;
    title: string;
    kind?: string;
    status?: string;
    objective?: string;
    folder?: string;
    history: MetricHistory[];
  }[];
  /** Multi-root: each folder's value over time, in the order the folders were given. */
  folderHistories?: FolderHistory[];
}

/** Debt entries listed as "oldest debt". */
export const MAX_OLDEST_DEBT = 20;

export function buildReport(
  index: WorkspaceIndex,
  cwd: string,
  history?: HistoryReport | string | readonly FolderHistoryInput[],
): RoadmapReport {
  const roadmap = index.roadmap;
  const { single, several } = splitHistories(history);
  const siteEntry = (file: string, annotation: Annotation): CodeSiteEntry => ({
    path: displayPath(file, cwd),
    line: annotation.range.start.line + 1,
    column: annotation.range.start.character + 1,
    kind: annotation.kind,
    tag: annotation.tag,
    text: annotation.text,
    ...(annotation.continuation !== undefined && { continues: true }),
  });
  const histories = itemHistories(index, single, several);
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
  const generated = new Date().toISOString();
  if (single !== undefined) Object.assign(report, historyPart(single, generated));
  if (several)
    report.folderHistories = several.map((entry) => ({
      folder: entry.folder,
      path: folderPath(entry.folder, cwd),
      ...historyPart(entry.history, generated),
    }));
  if (histories) {
    report.items = [...roadmap.items.values()].map((item) => {
      const folder = several && index.folderOf(item.file);
      return {
        id: item.id,
        title: item.title,
        ...(item.kind && { kind: item.kind }),
        ...(item.status && { status: item.status }),
        ...(item.objective && { objective: item.objective }),
        ...(folder && { folder: folderPath(folder, cwd) }),
        history: histories.get(item.id) ?? [],
      };
    });
  }
  return report;
}

function historyPart(history: HistoryReport | string, generated: string): HistoryPart {
  if (typeof history === 'string') return { historyNote: history };
  return {
    history: { seen: history.seen, warnings: history.warnings, generated },
    ...(history.mix && { mix: history.mix }),
    debt: {
      trend: history.debt.trend.points,
      oldest: history.debt.ages.debts.filter((debt) => !debt.uncommitted).slice(0, MAX_OLDEST_DEBT),
      byOwner: history.debt.ages.byOwner,
    },
  };
}

/** One folder's history is the report's own, as it always was; only several are told apart. */
function splitHistories(history: HistoryReport | string | readonly FolderHistoryInput[] | undefined): {
  single?: HistoryReport | string;
  several?: readonly FolderHistoryInput[];
} {
  if (!Array.isArray(history)) return { single: history as HistoryReport | string | undefined };
  return history.length === 1 ? { single: history[0].history } : history.length ? { several: history } : {};
}

/** Each item's metric history, as the report gives it (the editor's hover shows the same). */
export function itemHistoriesOf(
  index: WorkspaceIndex,
  history: HistoryReport | string | readonly FolderHistoryInput[] | undefined,
): Map<string, MetricHistory[]> | undefined {
  const { single, several } = splitHistories(history);
  return itemHistories(index, single, several);
}

/**
 * Each item's metric history; undefined when no folder has a history. Several folders: from the folder
 * holding the item's roadmap file (its repository has the file's revisions), else any that has points.
 */
function itemHistories(
  index: WorkspaceIndex,
  single: HistoryReport | string | undefined,
  several: readonly FolderHistoryInput[] | undefined,
): Map<string, MetricHistory[]> | undefined {
  const byId = (history: HistoryReport) => new Map(history.items.map((entry) => [entry.itemId, entry.metrics]));
  if (!several) return typeof single === 'object' ? byId(single) : undefined;
  const computed = several.flatMap((entry) =>
    typeof entry.history === 'object' ? [{ folder: entry.folder, items: byId(entry.history) }] : [],
  );
  if (!computed.length) return undefined;
  const histories = new Map<string, MetricHistory[]>();
  for (const item of index.roadmap.items.values()) {
    const hasPoints = (entry: (typeof computed)[number]) =>
      entry.items.get(item.id)?.some((metric) => metric.points.length > 0) ?? false;
    const own = computed.find((entry) => entry.folder === index.folderOf(item.file));
    const chosen = own && hasPoints(own) ? own : (computed.find(hasPoints) ?? own);
    const metrics = chosen?.items.get(item.id);
    if (metrics) histories.set(item.id, metrics);
  }
  return histories;
}

/** A folder as the report names files; the folder it ran in is ".". */
function folderPath(folder: string, cwd: string): string {
  return folder === cwd ? '.' : displayPath(folder, cwd);
}

/** The report's value over time, one part per repository: its own fields, or each folder's, labelled. */
export function historyPartsOf(report: RoadmapReport): (HistoryPart & { path?: string })[] {
  return report.folderHistories ?? [report];
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
      lines.push(`- ${markdownCode(`${site.path}:${site.line}`)} ${escapeMarkdown(listedDebt(site))}`);
    }
    const rest = report.unlinkedDebt.length - MAX_LISTED_UNLINKED;
    if (rest > 0) lines.push(`- … and ${rest} more`);
  }
  // Several folders: a section each, the one without history saying why (else it would look forgotten).
  for (const part of historyPartsOf(report))
    if (part.history || part.path !== undefined) lines.push(...historyMarkdown(part, report.items ?? []));
  return lines.join('\n') + '\n';
}

/** One line on how much history the report saw (or why it has none). */
export function seenText(part: HistoryPart): string {
  return historySeenText(part.history?.seen, part.historyNote);
}

/** The one line shown instead of the mix's table when its window of days has no commit. */
export function emptyMixOf(part: HistoryPart): string | undefined {
  if (!part.mix || !part.history) return undefined;
  return emptyMixText(part.mix, part.history.seen.ref, Date.parse(part.history.generated) / 1000);
}

/** Debt entries the Markdown report lists as the oldest. */
const MAX_LISTED_OLDEST = 10;

function historyMarkdown(
  report: HistoryPart & { path?: string },
  allItems: NonNullable<RoadmapReport['items']>,
): string[] {
  const label = report.path === undefined ? '' : ` · ${escapeMarkdown(report.path)}`;
  const lines = ['', `## Value over time${label}`, '', seenText(report)];
  const items = report.path === undefined ? allItems : allItems.filter((item) => item.folder === report.path);
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
  for (const item of items) {
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
      // A dash, not a comma, before "added": the comment's own text may hold commas.
      lines.push(
        `- ${markdownCode(`${debt.path}:${debt.line}`)} ${escapeMarkdown(listedDebt(debt))} — added ${debt.date?.slice(0, 10)} by ${escapeMarkdown(debt.author ?? '?')}${owner}`,
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
/** A debt in the report's lists: its first line, ` …` when the comment goes on, and a tag alone said to be one. */
function listedDebt(debt: { tag: string; text: string; continues?: boolean }): string {
  return debt.text || debt.continues
    ? debtExcerpt(debt.tag, debt.text, debt.continues === true)
    : `${debt.tag} (no text)`;
}

export function debtText(item: ItemEntry): string {
  const notes = [
    ...(item.staleDebt ? [`${item.staleDebt} stale`] : []),
    ...(item.expiredDebt ? [`${item.expiredDebt} expired`] : []),
  ];
  return notes.length ? `${item.debt} (${notes.join(', ')})` : String(item.debt);
}
