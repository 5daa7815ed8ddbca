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
