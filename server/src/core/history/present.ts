/** Words and text marks for history, shared by hovers, the CLI and the dashboard. No imports: the client bundles it. */

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

export const KIND_LABELS: Readonly<Record<string, string>> = { feature: 'Feature', investment: 'Investment', debt: 'Debt', none: 'No item' };

/** "History of main at 1a2b3c4: 412 commits in the sampled range, … (shallow clone: …)." */
export function historySeenText(
  seen: { ref: string; tip: string; commits: number; from?: string; to?: string; cutBy?: string } | undefined,
  note?: string,
): string {
  if (!seen) return note ?? 'No git history.';
  const range = seen.from && seen.to ? `, ${seen.from.slice(0, 10)} to ${seen.to.slice(0, 10)}` : '';
  const cut =
    seen.cutBy === 'shallow' ? ' (shallow clone: older history not available)'
    : seen.cutBy === 'commits' ? ' (commit limit reached)'
    : seen.cutBy === 'time' ? ' (time budget reached)'
    : '';
  return `History of ${seen.ref} at ${seen.tip.slice(0, 7)}: ${seen.commits} commit${seen.commits === 1 ? '' : 's'} in the sampled range${range}${cut}.`;
}
