/**
 * Human-readable text about roadmap items, shared by hovers, the CLI and reports.
 * Markdown output, no editor types: links are passed in as already-built targets.
 */
import { escapeMarkdown, formatPercent, progressOf, withUnit } from './format';
import type { Roadmap, RoadmapItem, ValueMetric } from './types';

/** "checkout p99 latency (reliability): 850 ms → 640 ms → 300 ms, 38% of the way" */
export function describeValue(value: ValueMetric): string {
  const head = value.category ? `${value.metric} (${value.category})` : value.metric;
  const steps = [withUnit(value.baseline, value.unit)];
  if (value.current !== undefined) steps.push(withUnit(value.current, value.unit));
  steps.push(withUnit(value.target, value.unit));
  const progress = progressOf(value);
  const tail = progress === undefined ? '' : `, ${formatPercent(progress)} of the way`;
  return `${head}: ${steps.join(' → ')}${tail}`;
}

export interface ItemHoverContext {
  /** How many code sites link the item, and how many of them are debt. */
  siteCount: number;
  debtCount: number;
  /** Markdown link target that opens the item in its roadmap file (e.g. a `command:` URI). */
  openTarget?: string;
}

export function itemMarkdown(item: RoadmapItem, roadmap: Roadmap, context: ItemHoverContext): string {
  const lines: string[] = [];
  const title = `**${item.id}** · ${escapeMarkdown(item.title)}`;
  lines.push(context.openTarget ? `${title} · [open](${context.openTarget})` : title);
  const facts = [item.kind, item.status && `**${item.status}**`, item.owner && `owner: ${escapeMarkdown(item.owner)}`].filter(Boolean);
  if (facts.length) lines.push('', facts.join(' · '));
  if (item.objective) {
    const objective = roadmap.objectives.get(item.objective);
    lines.push('', objective ? `Objective: **${objective.id}** ${escapeMarkdown(objective.title)}` : `Objective: ${item.objective} (unknown)`);
  }
  if (roadmap.northStar?.statement) lines.push('', `North star: ${escapeMarkdown(roadmap.northStar.statement)}`);
  if (item.values.length) {
    lines.push('');
    for (const value of item.values) lines.push(`- Value: ${escapeMarkdown(describeValue(value))}`);
  } else if (item.status !== 'dropped') {
    lines.push('', '_No value metric: every roadmap item should show measurable value._');
  }
  if (item.slo) lines.push('', `SLO: ${escapeMarkdown(item.slo)}`);
  lines.push('', sitesSentence(context.siteCount, context.debtCount));
  return lines.join('\n');
}

function sitesSentence(siteCount: number, debtCount: number): string {
  if (siteCount === 0) return 'No code links this item yet.';
  const sites = siteCount === 1 ? '1 code site' : `${siteCount} code sites`;
  return `Linked from ${sites} (${debtCount} debt).`;
}
