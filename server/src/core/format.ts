/**
 * Number and text formatting shared by the server, the CLI and the VS Code client. No imports on
 * purpose: the client bundles this without pulling in the YAML parser.
 */

export interface Measured {
  baseline?: number;
  target?: number;
  current?: number;
}

/** (current - baseline) / (target - baseline); undefined when a number is missing or target equals baseline. */
export function progressOf(value: Measured): number | undefined {
  const { baseline, target, current } = value;
  if (baseline === undefined || target === undefined || current === undefined) return undefined;
  const progress = (current - baseline) / (target - baseline);
  return Number.isFinite(progress) ? progress : undefined;
}

/** A number with its unit: "640 ms", "99.9 %", "12" (no unit). */
export function withUnit(value: number | undefined, unit: string | undefined): string {
  if (value === undefined) return '?';
  const text = Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
  return unit ? `${text} ${unit}` : text;
}

export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** Escapes characters that Markdown would take as formatting, links or HTML in user-written titles. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>]/g, (ch) => `\\${ch}`);
}

/** "1 file", "3 files", "2 entries" (with the plural form given). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
