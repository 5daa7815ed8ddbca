/**
 * Small inline SVG charts for the HTML report and the dashboard: plain strings, no script, no
 * fonts or images fetched. Colours are CSS classes (`series-feature`, …) that the page styles,
 * so the report picks its palette and the VS Code webview the theme's. No imports on purpose:
 * the client bundles this.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const round = (value: number) => Math.round(value * 10) / 10;

/** A chart's opening tag, with its label for screen readers (`aria-label`) and for hovering (`<title>`). */
function svgOpen(kind: string, width: number, height: number, label: string): string {
  const text = escapeHtml(label);
  return `<svg class="chart ${kind}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${text}"><title>${text}</title>`;
}

/** A progress bar: 0..1 filled, clamped; `label` is read by screen readers and shown on hover. */
export function progressBar(progress: number | undefined, label: string, width = 160): string {
  const filled = progress === undefined ? 0 : Math.max(0, Math.min(1, progress)) * width;
  return (
    svgOpen('progress', width, 10, label) +
    `<rect class="track" x="0" y="0" width="${width}" height="10" rx="3"/>` +
    `<rect class="fill${progress !== undefined && progress >= 1 ? ' done' : ''}" x="0" y="0" width="${round(filled)}" height="10" rx="3"/></svg>`
  );
}

export interface BurnUpPoint {
  time: number;
  /** 0..1 towards the target (may leave that range), or the raw value when there is no target. */
  value: number;
}

/**
 * A burn-up: progress towards the target over time, as steps (a value holds until the roadmap
 * changes it), from the first point to `endTime`, with the target line at 100%.
 */
export function burnUpChart(
  points: readonly BurnUpPoint[],
  options: { endTime: number; label: string; percent: boolean; width?: number; height?: number },
): string {
  const width = options.width ?? 320;
  const height = options.height ?? 96;
  const pad = { left: 34, right: 8, top: 8, bottom: 18 };
  const open = svgOpen('burnup', width, height, options.label);
  if (points.length === 0) return `${open}<text class="axis" x="${pad.left}" y="${height / 2}">no history</text></svg>`;
  const start = points[0].time;
  const end = Math.max(options.endTime, points[points.length - 1].time, start + 1);
  const values = points.map((point) => point.value);
  let low = Math.min(...values, options.percent ? 0 : Infinity);
  let high = Math.max(...values, options.percent ? 1 : -Infinity);
  if (high === low) {
    low -= 1;
    high += 1;
  }
  const x = (time: number) => pad.left + ((time - start) / (end - start)) * (width - pad.left - pad.right);
  const y = (value: number) => pad.top + (1 - (value - low) / (high - low)) * (height - pad.top - pad.bottom);
  let path = `M${round(x(points[0].time))},${round(y(points[0].value))}`;
  for (let i = 1; i < points.length; i++) path += `H${round(x(points[i].time))}V${round(y(points[i].value))}`;
  path += `H${round(x(end))}`;
  const format = (value: number) => (options.percent ? `${Math.round(value * 100)}%` : String(round(value)));
  const parts = [open];
  if (options.percent) {
    parts.push(
      `<line class="target" x1="${pad.left}" x2="${width - pad.right}" y1="${round(y(1))}" y2="${round(y(1))}"/>`,
    );
    parts.push(
      `<line class="baseline" x1="${pad.left}" x2="${width - pad.right}" y1="${round(y(0))}" y2="${round(y(0))}"/>`,
    );
  }
  parts.push(
    `<text class="axis" x="${pad.left - 4}" y="${round(y(high)) + 4}" text-anchor="end">${format(high)}</text>`,
  );
  parts.push(`<text class="axis" x="${pad.left - 4}" y="${round(y(low)) + 4}" text-anchor="end">${format(low)}</text>`);
  parts.push(`<path class="line" d="${path}"/>`);
  for (const point of points)
    parts.push(`<circle class="dot" cx="${round(x(point.time))}" cy="${round(y(point.value))}" r="2.5"/>`);
  parts.push(`<text class="axis" x="${pad.left}" y="${height - 4}">${dateLabel(start)}</text>`);
  parts.push(
    `<text class="axis" x="${width - pad.right}" y="${height - 4}" text-anchor="end">${dateLabel(end)}</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}

export interface Segment {
  /** CSS class suffix: `series-${key}`. */
  key: string;
  label: string;
  value: number;
}

/** One horizontal bar split into segments proportional to their values, each labelled in %. */
export function stackedBar(
  segments: readonly Segment[],
  options: { label: string; width?: number; height?: number },
): string {
  const width = options.width ?? 480;
  const height = options.height ?? 22;
  const total = segments.reduce((sum, segment) => sum + Math.max(0, segment.value), 0);
  const parts = [svgOpen('stacked', width, height, options.label)];
  parts.push(`<rect class="track" x="0" y="0" width="${width}" height="${height}" rx="3"/>`);
  let offset = 0;
  for (const segment of segments) {
    if (total === 0 || segment.value <= 0) continue;
    const share = segment.value / total;
    const w = share * width;
    parts.push(
      `<rect class="series-${escapeHtml(segment.key)}" x="${round(offset)}" y="0" width="${round(w)}" height="${height}"><title>${escapeHtml(segment.label)}: ${Math.round(share * 1000) / 10}%</title></rect>`,
    );
    if (w > 34)
      parts.push(
        `<text class="on-bar" x="${round(offset + w / 2)}" y="${height / 2 + 4}" text-anchor="middle">${Math.round(share * 100)}%</text>`,
      );
    offset += w;
  }
  parts.push('</svg>');
  return parts.join('');
}

export interface TrendColumn {
  time: number;
  values: Record<string, number>;
}

/** Stacked columns over time (one per sample), for the debt trend. */
export function stackedColumns(
  columns: readonly TrendColumn[],
  keys: readonly string[],
  options: { label: string; width?: number; height?: number },
): string {
  const width = options.width ?? 640;
  const height = options.height ?? 160;
  const pad = { left: 34, right: 8, top: 8, bottom: 18 };
  const open = svgOpen('columns', width, height, options.label);
  if (columns.length === 0)
    return `${open}<text class="axis" x="${pad.left}" y="${height / 2}">no samples</text></svg>`;
  const totals = columns.map((column) => keys.reduce((sum, key) => sum + (column.values[key] ?? 0), 0));
  const high = Math.max(1, ...totals);
  const slot = (width - pad.left - pad.right) / columns.length;
  const barWidth = Math.max(1, slot * 0.8);
  const plotHeight = height - pad.top - pad.bottom;
  const parts = [open];
  parts.push(`<text class="axis" x="${pad.left - 4}" y="${pad.top + 4}" text-anchor="end">${high}</text>`);
  parts.push(`<text class="axis" x="${pad.left - 4}" y="${height - pad.bottom}" text-anchor="end">0</text>`);
  parts.push(
    `<line class="baseline" x1="${pad.left}" x2="${width - pad.right}" y1="${height - pad.bottom}" y2="${height - pad.bottom}"/>`,
  );
  columns.forEach((column, index) => {
    let top = height - pad.bottom;
    const x = pad.left + index * slot + (slot - barWidth) / 2;
    const tip = keys.map((key) => `${key} ${column.values[key] ?? 0}`).join(', ');
    parts.push(`<g><title>${dateLabel(column.time)}: ${escapeHtml(tip)}</title>`);
    for (const key of keys) {
      const h = ((column.values[key] ?? 0) / high) * plotHeight;
      if (h <= 0) continue;
      top -= h;
      parts.push(
        `<rect class="series-${escapeHtml(key)}" x="${round(x)}" y="${round(top)}" width="${round(barWidth)}" height="${round(h)}"/>`,
      );
    }
    parts.push('</g>');
  });
  parts.push(`<text class="axis" x="${pad.left}" y="${height - 4}">${dateLabel(columns[0].time)}</text>`);
  parts.push(
    `<text class="axis" x="${width - pad.right}" y="${height - 4}" text-anchor="end">${dateLabel(columns[columns.length - 1].time)}</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}

/** "2026-03-01" (UTC): charts label days, never the local time of whoever renders them. */
export function dateLabel(time: number): string {
  return new Date(time * 1000).toISOString().slice(0, 10);
}

/** A metric's points as burn-up points: progress when baseline and target are known, else the raw value. */
export function burnUpPointsOf(
  points: readonly { time: number; baseline?: number; target?: number; current?: number }[],
): { points: BurnUpPoint[]; percent: boolean } {
  const last = points[points.length - 1];
  const percent = last?.baseline !== undefined && last.target !== undefined && last.target !== last.baseline;
  const result: BurnUpPoint[] = [];
  for (const point of points) {
    if (point.current === undefined) continue;
    // Today's baseline and target: a re-baselined metric is drawn on today's scale.
    const value = percent ? (point.current - last.baseline!) / (last.target! - last.baseline!) : point.current;
    if (Number.isFinite(value)) result.push({ time: point.time, value });
  }
  return { points: result, percent };
}
