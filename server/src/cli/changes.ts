/** `changes` output: the change report as Markdown for a pull-request description, or JSON. */
import {
  gitStart,
  type ChangeReport,
  type HunkRange,
  type NewDebt,
  type ServedItem,
  type UnattributedChange,
} from '../core/changes';
import { escapeMarkdown, markdownCode } from '../core/format';
import { describeValue } from '../core/present';

export function changesMarkdown(report: ChangeReport): string {
  const lines: string[] = ['## Roadmap items served', '', `Compared: ${escapeMarkdown(report.base.description)}.`, ''];
  if (report.files.length === 0) {
    lines.push('No changes.');
    return lines.join('\n') + '\n';
  }
  if (report.byItem.length === 0) {
    lines.push('_This change serves no roadmap item._');
  } else {
    lines.push(
      '| Item | Title | Value metric: baseline (→ current) → target | Files | Hunks | Why |',
      '|---|---|---|---|---|---|',
    );
    for (const served of report.byItem) lines.push(itemRow(served));
  }
  if (report.roadmapEdits.length) {
    lines.push('', '### Roadmap edits', '');
    lines.push("Changes to roadmap files outside any item's entry (north star, objectives, trackers):", '');
    lines.push(...spanLines(report.roadmapEdits));
  }
  const { linked, unlinked } = report.newDebt;
  if (linked.length || unlinked.length) {
    lines.push('', '### New debt', '');
    if (linked.length) {
      lines.push(`Linked (${linked.length}):`, '');
      for (const debt of linked) lines.push(debtLine(debt));
      lines.push('');
    }
    if (unlinked.length) {
      lines.push(`Unlinked (${unlinked.length}): propose each to the roadmap or link an existing item.`, '');
      for (const debt of unlinked) lines.push(debtLine(debt));
      lines.push('');
    }
    lines.pop();
  }
  if (report.newlyLinkedDebt.length) {
    lines.push('', '### Debt newly linked', '');
    lines.push(`Old debt this change links to a roadmap item (${report.newlyLinkedDebt.length}):`, '');
    for (const debt of report.newlyLinkedDebt) lines.push(debtLine(debt));
  }
  if (report.badlyLinkedDebt.length) {
    lines.push('', '### Debt linked to no open item', '');
    lines.push(`Old debt this change links to an unknown or finished item (${report.badlyLinkedDebt.length}):`, '');
    for (const debt of report.badlyLinkedDebt) {
      const why =
        debt.problem === 'unknown-item'
          ? `${debt.id} is not a roadmap item`
          : `${debt.id} is ${debt.status}: stale debt`;
      lines.push(`${debtLine(debt)} — ${escapeMarkdown(why)}`);
    }
  }
  if (report.unattributed.length) {
    lines.push('', '### Not tied to a roadmap item', '');
    lines.push(...spanLines(report.unattributed));
  }
  return lines.join('\n') + '\n';
}

function itemRow(served: ServedItem): string {
  const title = served.known ? escapeMarkdown(served.title ?? '') : '_not on the roadmap_';
  const values = served.known
    ? served.values.length
      ? served.values.map((value) => escapeMarkdown(describeValue(value))).join('<br>')
      : '_no value metric_'
    : '';
  const cells = [
    `**${escapeMarkdown(served.itemId)}**`,
    title,
    values,
    String(served.files.length),
    String(served.hunks),
    served.reasons.join(', '),
  ];
  return `| ${cells.join(' | ')} |`;
}

function debtLine(debt: NewDebt): string {
  const link = debt.ids.length ? `(${escapeMarkdown(debt.ids.join(', '))})` : '';
  const text = debt.text ? `: ${escapeMarkdown(debt.text)}` : '';
  return `- ${markdownCode(`${debt.path}:${debt.line + 1}`)} ${escapeMarkdown(debt.tag)}${link}${text}`;
}

/**
 * A file's spans listed before the rest are counted: a lock file bumped in a hundred places made one line of
 * 15,680 characters of "line 5, lines 12–13, …" in etcd's last 300 commits, which nobody reads.
 */
const MAX_SPANS_PER_FILE = 10;

/** One line per file: `- `path` lines 1–12, line 20`, then `and 42 more hunks` past the first ten. */
function spanLines(changes: UnattributedChange[]): string[] {
  return [...groupByPath(changes)].map(([file, spans]) => {
    const listed = spans.slice(0, MAX_SPANS_PER_FILE).map(describeSpan);
    const more = spans.length - listed.length;
    if (more > 0) listed.push(`and ${more} more hunk${more === 1 ? '' : 's'}`);
    return `- ${markdownCode(file)} ${listed.join(', ')}`;
  });
}

function groupByPath(changes: UnattributedChange[]): Map<string, UnattributedChange[]> {
  const groups = new Map<string, UnattributedChange[]>();
  for (const change of changes) {
    const group = groups.get(change.path);
    if (group) group.push(change);
    else groups.set(change.path, [change]);
  }
  return groups;
}

function describeSpan(change: UnattributedChange): string {
  const hunk = change.hunk;
  if (!hunk) return '(whole file)';
  // A removal's start is the number of lines before it: the 1-based line it follows.
  if (hunk.newLines === 0) return `lines removed after line ${hunk.newStart}`;
  if (hunk.newLines === 1) return `line ${hunk.newStart + 1}`;
  return `lines ${hunk.newStart + 1}–${hunk.newStart + hunk.newLines}`;
}

/**
 * The report for other tools: 1-based lines and columns, hunk ranges as git's headers print them,
 * and no roadmap-file positions of value metrics, which mean nothing outside the editor.
 */
export function changesJson(report: ChangeReport): string {
  const asGit = <T extends HunkRange>(hunk: T): T => ({
    ...hunk,
    oldStart: gitStart(hunk.oldStart, hunk.oldLines),
    newStart: gitStart(hunk.newStart, hunk.newLines),
  });
  const spanAsGit = (change: UnattributedChange) => (change.hunk ? { ...change, hunk: asGit(change.hunk) } : change);
  const json = {
    ...report,
    files: report.files.map((file) => ({ ...file, hunks: file.hunks.map(asGit) })),
    byItem: report.byItem.map((served) => ({
      ...served,
      values: served.values.map(({ range: _range, ...value }) => value),
    })),
    unattributed: report.unattributed.map(spanAsGit),
    roadmapEdits: report.roadmapEdits.map(spanAsGit),
    newDebt: {
      linked: report.newDebt.linked.map(oneBased),
      unlinked: report.newDebt.unlinked.map(oneBased),
    },
    newlyLinkedDebt: report.newlyLinkedDebt.map(oneBased),
    badlyLinkedDebt: report.badlyLinkedDebt.map(oneBased),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

function oneBased<T extends NewDebt>(debt: T): T {
  return { ...debt, line: debt.line + 1, column: debt.column + 1 };
}
