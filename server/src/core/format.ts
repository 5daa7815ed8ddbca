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
export function withUnit(value: number, unit: string | undefined): string {
  const text = Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
  return unit ? `${text} ${unit}` : text;
}

export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/**
 * Text from a roadmap or a file name, made inert inside one Markdown line: every character that can
 * start emphasis, code, a link or image, HTML, an entity or a table cell is backslash-escaped, and
 * line breaks (which could start a new block) become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n?|\n|\u2028|\u2029/g, ' ').replace(/[\\`*_[\]|<>&~!]/g, (ch) => `\\${ch}`);
}

/**
 * `text` as a Markdown code span: the fence is one backtick longer than the longest run inside, so no
 * backtick in a file name can close it early; line breaks are shown as `\n` so the span stays on its line.
 */
export function markdownCode(text: string): string {
  const inline = singleLine(text);
  const longestRun = Math.max(0, ...(inline.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A space on each side keeps a leading or trailing backtick from joining the fence (it is stripped when rendered).
  const pad = inline.startsWith('`') || inline.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inline}${pad}${fence}`;
}

/**
 * `text` on one line of terminal or log output: line breaks and other control characters (which could
 * fake another line or drive the terminal) are written as escapes, like git's quoted paths.
 */
export function singleLine(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * A debt comment's first line as lists and messages quote it: `TODO(RM-1): text`, and ` …` when the comment's
 * text goes on below it, so a cut is seen as one. `head` is the tag, with its links where the caller shows them.
 */
export function debtExcerpt(head: string, text: string, continues: boolean): string {
  return `${head}${text ? `: ${text}` : ''}${continues ? ' …' : ''}`;
}

/** "1 file", "3 files", "2 entries" (with the plural form given). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
