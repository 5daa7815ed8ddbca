/**
 * Human-readable text about roadmap items, written once and shown by the hover, the CLI, the report and
 * the client's tree views alike. Markdown output, no editor types, type-only imports besides `format`,
 * so the client bundles it: links are passed in as already-built targets.
 */
import { escapeMarkdown, formatPercent, plural, progressOf, withUnit } from './format';
import type { Roadmap, RoadmapItem, ValueMetric, ValueSummary } from './types';
import { isOverdue } from './workspace/codeProblems';

/** What a value line needs: a metric's name and numbers (a roadmap metric, a tree DTO, a report entry). */
export type DescribedValue = Omit<ValueSummary, 'progress'>;

/**
 * "850 ms → 640 ms → 300 ms, 38% of the way": baseline → current → target, and the progress when computable.
 * A number not set yet is said in words ("no baseline or target yet"), never as a "?".
 */
export function valueSteps(value: DescribedValue): string {
  const { baseline, current, target, unit } = value;
  if (baseline === undefined && target === undefined) {
    return current === undefined
      ? 'no baseline or target yet'
      : `${withUnit(current, unit)} now, no baseline or target yet`;
  }
  const steps = [baseline === undefined ? 'no baseline yet' : withUnit(baseline, unit)];
  if (current !== undefined) steps.push(withUnit(current, unit));
  steps.push(target === undefined ? 'no target yet' : withUnit(target, unit));
  const progress = progressOf(value);
  return `${steps.join(' → ')}${progress === undefined ? '' : `, ${formatPercent(progress)} of the way`}`;
}

/** "checkout p99 latency (reliability)" */
function valueName(value: DescribedValue): string {
  return value.category ? `${value.metric} (${value.category})` : value.metric;
}

/** "checkout p99 latency (reliability): 850 ms → 640 ms → 300 ms, 38% of the way" (plain text, not escaped). */
export function describeValue(value: DescribedValue): string {
  return `${valueName(value)}: ${valueSteps(value)}`;
}

/** A value metric without its position, with its progress: what the tree and the report carry. */
export function summarizeValue(value: ValueMetric): ValueSummary {
  const summary: ValueSummary = { metric: value.metric };
  if (value.category !== undefined) summary.category = value.category;
  if (value.unit !== undefined) summary.unit = value.unit;
  if (value.baseline !== undefined) summary.baseline = value.baseline;
  if (value.current !== undefined) summary.current = value.current;
  if (value.target !== undefined) summary.target = value.target;
  const progress = progressOf(value);
  if (progress !== undefined) summary.progress = progress;
  return summary;
}

/** Everything the item card shows; each front end fills it from what it has. */
export interface ItemCard {
  id: string;
  title: string;
  kind?: string;
  status?: string;
  owner?: string;
  due?: string;
  /** Past `due` and not done or dropped (judged against the index's today). */
  overdue?: boolean;
  /** The item's objective; `title` absent when no objective has that ID. */
  objective?: { id: string; title?: string };
  northStar?: string;
  values: DescribedValue[];
  slo?: string;
  /** How many code sites link the item, and how many of them are debt. */
  siteCount: number;
  debtCount: number;
  /** Markdown link target that opens the item in its roadmap file (e.g. a `command:` URI). */
  openTarget?: string;
}

/** The item card in Markdown: the hover on an ID, and the tooltip of an item in the Roadmap view. */
export function itemCardMarkdown(card: ItemCard): string {
  const lines: string[] = [];
  const title = `**${escapeMarkdown(card.id)}** · ${escapeMarkdown(card.title)}`;
  lines.push(card.openTarget ? `${title} · [open](${card.openTarget})` : title);
  const facts = [
    card.kind && escapeMarkdown(card.kind),
    card.status && `**${escapeMarkdown(card.status)}**`,
    card.owner && `owner: ${escapeMarkdown(card.owner)}`,
    card.due && (card.overdue ? `**overdue** (due ${escapeMarkdown(card.due)})` : `due ${escapeMarkdown(card.due)}`),
  ].filter(Boolean);
  if (facts.length) lines.push('', facts.join(' · '));
  if (card.objective) {
    const { id, title: objectiveTitle } = card.objective;
    lines.push(
      '',
      objectiveTitle !== undefined
        ? `Objective: **${escapeMarkdown(id)}** ${escapeMarkdown(objectiveTitle)}`
        : `Objective: ${escapeMarkdown(id)} (unknown)`,
    );
  }
  if (card.northStar) lines.push('', `North star: ${escapeMarkdown(card.northStar)}`);
  if (card.values.length) {
    lines.push('');
    for (const value of card.values) lines.push(`- Value: ${escapeMarkdown(describeValue(value))}`);
  } else if (card.status !== 'dropped') {
    lines.push('', '_No value metric: every roadmap item should show measurable value._');
  }
  if (card.slo) lines.push('', `SLO: ${escapeMarkdown(card.slo)}`);
  lines.push('', sitesSentence(card.siteCount, card.debtCount));
  return lines.join('\n');
}

/** The card of a roadmap item as the core models it. */
export function itemCardOf(
  item: RoadmapItem,
  roadmap: Roadmap,
  sites: { siteCount: number; debtCount: number; openTarget?: string },
  today: string,
): ItemCard {
  return {
    id: item.id,
    title: item.title,
    kind: item.kind,
    status: item.status,
    owner: item.owner,
    due: item.due,
    overdue: isOverdue(item, today),
    objective:
      item.objective === undefined
        ? undefined
        : { id: item.objective, title: roadmap.objectives.get(item.objective)?.title },
    northStar: roadmap.northStar?.statement,
    values: item.values,
    slo: item.slo,
    ...sites,
  };
}

function sitesSentence(siteCount: number, debtCount: number): string {
  return siteCount === 0
    ? 'No code links this item yet.'
    : `Linked from ${plural(siteCount, 'code site')} (${debtCount} debt).`;
}
