/** Words and text marks for history, shared by hovers, the CLI and the dashboard. Pure formatting only: the client bundles it. */
import { escapeMarkdown, withUnit } from '../format';

/** Bars of a text sparkline (`▁▃▅▇`): safe in any Markdown and any font with block elements. */
const BARS = '▁▂▃▄▅▆▇█';

/** One bar per value, scaled between the smallest and the largest; at most `width` (the latest) values. */
export function sparkline(values: readonly number[], width = 24): string {
  const shown = values.filter((value) => Number.isFinite(value)).slice(-width);
  if (shown.length === 0) return '';
  const low = Math.min(...shown);
  const high = Math.max(...shown);
  return shown
    .map((value) => (high === low ? BARS[3] : BARS[Math.round(((value - low) / (high - low)) * (BARS.length - 1))]))
    .join('');
}

/** "3 days ago", "14 months ago", "2 years ago": how long ago `time` was at `now` (seconds). */
export function ageText(time: number, now: number): string {
  const days = Math.floor((now - time) / 86_400);
  if (days < 1) return 'today';
  if (days < 45) return days === 1 ? 'yesterday' : `${days} days ago`;
  const months = Math.round(days / 30.44);
  if (months < 24) return `${months} months ago`;
  return `${Math.floor(days / 365.25)} years ago`;
}

export const KIND_LABELS: Readonly<Record<string, string>> = {
  feature: 'Feature',
  investment: 'Investment',
  debt: 'Debt',
  none: 'No item',
};

/**
 * The one line a mix of the last N days with no commit shows instead of its table of zeros: "No commits on
 * main in the last 90 days: the last one is from 2026-08-21 (102 days ago); --mix-days 102 or the
 * roadmapLinks.mixDays setting widens the window.""
 */
export function emptyMixText(
  mix: { mode: string; commits?: number; days?: number; lastCommit?: { date: string; time: number } },
  ref: string,
  now: number,
): string | undefined {
  if (mix.mode !== 'days' || mix.commits !== 0) return undefined;
  const none = `No commits on ${ref} in the last ${mix.days} days`;
  if (!mix.lastCommit) return `${none}.`;
  const days = Math.max(1, Math.ceil((now - mix.lastCommit.time) / 86_400));
  return `${none}: the last one is from ${mix.lastCommit.date.slice(0, 10)} (${days} days ago); --mix-days ${days} or the roadmapLinks.mixDays setting widens the window.`;
}

/** "History of main at 1a2b3c4: 412 commits in the sampled range, … (shallow clone: …)." */
export function historySeenText(
  seen: { ref: string; tip: string; commits: number; from?: string; to?: string; cutBy?: string } | undefined,
  note?: string,
): string {
  if (!seen) return note ?? 'No git history.';
  const range = seen.from && seen.to ? `, ${seen.from.slice(0, 10)} to ${seen.to.slice(0, 10)}` : '';
  const cut =
    seen.cutBy === 'shallow'
      ? ' (shallow clone: older history not available)'
      : seen.cutBy === 'commits'
        ? ' (commit limit reached)'
        : seen.cutBy === 'time'
          ? ' (time budget reached)'
          : '';
  return `History of ${seen.ref} at ${seen.tip.slice(0, 7)}: ${seen.commits} commit${seen.commits === 1 ? '' : 's'} in the sampled range${range}${cut}.`;
}

/** Markdown, one line: "History: █▅▃ 850 ms → 700 ms → 640 ms, last changed 3 months ago (2026-03-01)", and the stall. */
export function metricHistoryMarkdown(
  history: {
    metric: string;
    unit?: string;
    points: readonly { current?: number }[];
    lastChangedTime?: number;
    stalledDays?: number;
  },
  now: number,
): string | undefined {
  const values = history.points.map((point) => point.current).filter((value): value is number => value !== undefined);
  if (values.length === 0) return undefined;
  const shown = values.length > 4 ? [values[0], '…', ...values.slice(-2)] : values;
  const steps = shown.map((value) => (typeof value === 'number' ? withUnit(value, history.unit) : value)).join(' → ');
  const changed =
    history.lastChangedTime === undefined
      ? ''
      : `, last changed ${ageText(history.lastChangedTime, now)} (${new Date(history.lastChangedTime * 1000).toISOString().slice(0, 10)})`;
  const stalled = history.stalledDays === undefined ? '' : ` · **not moved for ${history.stalledDays} days**`;
  return `History of ${escapeMarkdown(history.metric)}: \`${sparkline(values)}\` ${escapeMarkdown(steps)}${changed}${stalled}`;
}

/** Markdown, one line: "Added 14 months ago (2025-10-01) by Alice · owner @team-core". */
export function debtAgeMarkdown(
  debt: { uncommitted: boolean; time?: number; author?: string; owner?: string },
  now: number,
): string {
  const owner = debt.owner ? ` · owner ${escapeMarkdown(debt.owner)}` : '';
  if (debt.uncommitted || debt.time === undefined) return `Not committed yet${owner}`;
  const by = debt.author ? ` by ${escapeMarkdown(debt.author)}` : '';
  return `Added ${ageText(debt.time, now)} (${new Date(debt.time * 1000).toISOString().slice(0, 10)})${by}${owner}`;
}
