/**
 * The Changes view (issue #4): served item → its value metric → changed files → hunks, then the
 * changes that serve no item and the unlinked debt the change adds. Built from a `ChangeReport`.
 */
import type {
  Attribution,
  AttributionReason,
  ChangeReport,
  ChangedFile,
  ChangedHunk,
  NewDebt,
  ServedItem,
  UnattributedChange,
} from '../../../server/src/protocol';
import { gitHunkHeader } from '../../../server/src/core/changes/diff';
import { escapeMarkdown, plural } from '../../../server/src/core/format';
import { describeValue, valueSteps } from '../../../server/src/core/present';
import { baseName, dirName, UniqueIds, type Location, type ViewNode } from './nodes';
import { statusIcon } from './roadmapTree';

/** Repository-relative `/` paths of the report → file URIs. */
export interface ReportPaths {
  fileUri(path: string): string;
}

export interface ChangesView {
  nodes: ViewNode[];
  /** `working tree against HEAD (1a2b3c4) · 4 files · 2 items` */
  message: string;
}

const REASON_LABELS: Record<AttributionReason, string> = {
  roadmap: 'its roadmap entry',
  annotation: 'annotation in the change',
  ticket: 'a ticket the item lists',
  marker: '@roadmap marker',
  paths: "item's paths",
  trailer: 'commit trailer',
};

type HunkLike = Pick<ChangedHunk, 'oldStart' | 'oldLines' | 'newStart' | 'newLines'>;

/** `lines 12–18`, `line 12`, or for a pure deletion `3 lines removed after line 11`. */
export function hunkLabel(hunk: HunkLike): string {
  // Report lines are 0-based; a removal's start is the number of lines before it.
  if (hunk.newLines === 0) {
    const removed = `${plural(hunk.oldLines, 'line')} removed`;
    return hunk.newStart === 0 ? `${removed} at the top` : `${removed} after line ${hunk.newStart}`;
  }
  if (hunk.newLines === 1) return `line ${hunk.newStart + 1}`;
  return `lines ${hunk.newStart + 1}–${hunk.newStart + hunk.newLines}`;
}

/** The hunk's first line in the new file (for a removal, the line before it), where a click puts the cursor. */
function hunkLocation(uri: string, hunk: HunkLike): Location {
  const line = hunk.newLines === 0 ? Math.max(hunk.newStart - 1, 0) : hunk.newStart;
  return { uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
}

function attributionLine(attribution: Attribution): string {
  return `**${escapeMarkdown(attribution.itemId)}**: ${REASON_LABELS[attribution.reason]} — ${escapeMarkdown(attribution.detail)}`;
}

function fileStatusText(file: ChangedFile): string {
  const status = file.untracked ? 'untracked' : file.status;
  return file.binary ? `${status}, binary` : status;
}

export function buildChangesView(report: ChangeReport, paths: ReportPaths): ChangesView {
  const ids = new UniqueIds();
  const filesByPath = new Map(report.files.map((file) => [file.path, file]));
  const newLinkedDebt = debtCountByItem(report.newDebt.linked);
  const newlyLinkedDebt = debtCountByItem(report.newlyLinkedDebt);

  const nodes = report.byItem.map((served) =>
    servedItemNode(
      served,
      filesByPath,
      { added: newLinkedDebt.get(served.itemId) ?? 0, linked: newlyLinkedDebt.get(served.itemId) ?? 0 },
      paths,
      ids,
    ),
  );
  if (report.roadmapEdits.length) nodes.push(changeGroup(ROADMAP_EDITS, report.roadmapEdits, filesByPath, paths, ids));
  if (report.unattributed.length) nodes.push(changeGroup(UNATTRIBUTED, report.unattributed, filesByPath, paths, ids));
  if (report.newDebt.unlinked.length) nodes.push(newUnlinkedDebtGroup(report.newDebt.unlinked, paths, ids));

  const known = report.byItem.filter((item) => item.known).length;
  return {
    nodes,
    message: [report.base.description, plural(report.files.length, 'file'), `${plural(known, 'item')} served`].join(
      ' · ',
    ),
  };
}

function debtCountByItem(debts: readonly NewDebt[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const debt of debts) for (const id of debt.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

function servedItemNode(
  served: ServedItem,
  filesByPath: Map<string, ChangedFile>,
  debt: { added: number; linked: number },
  paths: ReportPaths,
  ids: UniqueIds,
): ViewNode {
  const id = ids.take(`served:${served.itemId}`);
  const descriptionParts: string[] = [];
  if (!served.known) descriptionParts.push('not on the roadmap');
  else if (served.status) descriptionParts.push(served.status);
  descriptionParts.push(plural(served.files.length, 'file'), plural(served.hunks, 'hunk'));
  if (debt.added) descriptionParts.push(`+${debt.added} debt`);
  if (debt.linked) descriptionParts.push(`${debt.linked} debt linked`);

  const tooltip = [
    served.known
      ? `**${escapeMarkdown(served.itemId)}** · ${escapeMarkdown(served.title ?? '')}`
      : `**${escapeMarkdown(served.itemId)}** is named by the change but no roadmap item has this ID.`,
  ];
  tooltip.push('', `Attributed by: ${served.reasons.map((reason) => REASON_LABELS[reason]).join(', ')}`);
  if (debt.added) tooltip.push('', `The change adds ${plural(debt.added, 'debt comment')} linked to it.`);
  if (debt.linked) tooltip.push('', `The change links ${plural(debt.linked, 'existing debt comment')} to it.`);

  const fileNodes = served.files.flatMap((path) => {
    const file = filesByPath.get(path);
    return file ? [servedFileNode(file, served.itemId, id, paths, ids)] : [];
  });
  let children: ViewNode[];
  if (!served.known) {
    children = fileNodes;
  } else if (!served.values.length) {
    children = [
      {
        id: ids.take(`${id}/metric`),
        label: 'No value metric',
        description: 'the item shows no measurable value',
        tooltip: 'Every roadmap item should name the metric it moves: add `value` to the item.',
        icon: { id: 'warning', color: 'list.warningForeground' },
        expanded: true,
        children: fileNodes,
      },
    ];
  } else {
    // One metric node even for several metrics: the same files move all of them, listing them twice would mislead.
    const values = served.values;
    children = [
      {
        id: ids.take(`${id}/metric`),
        label: values.map((value) => value.metric).join(', '),
        description: values.length === 1 ? valueSteps(values[0]) : undefined,
        tooltip: values.map((value) => `- ${escapeMarkdown(describeValue(value))}`).join('\n'),
        icon: { id: 'graph-line' },
        expanded: true,
        children: fileNodes,
      },
    ];
  }
  return {
    id,
    label: served.known && served.title ? `${served.itemId} ${served.title}` : served.itemId,
    description: descriptionParts.join(' · '),
    tooltip: tooltip.join('\n'),
    icon: served.known ? statusIcon(served.status) : { id: 'error', color: 'list.errorForeground' },
    contextValue: served.known ? 'changesItem' : 'changesUnknownItem',
    expanded: true,
    children,
  };
}

function servedFileNode(
  file: ChangedFile,
  itemId: string,
  parentId: string,
  paths: ReportPaths,
  ids: UniqueIds,
): ViewNode {
  const uri = paths.fileUri(file.path);
  const id = ids.take(`${parentId}/file:${file.path}`);
  const hunks = file.hunks.filter((hunk) => hunk.attributions.some((a) => a.itemId === itemId));
  const fileAttribution = file.attributions.find((a) => a.itemId === itemId);
  const dir = dirName(file.path);
  const tooltip = [`${escapeMarkdown(file.path)} (${fileStatusText(file)})`];
  if (file.oldPath) tooltip.push('', `Renamed from ${escapeMarkdown(file.oldPath)}`);
  if (!hunks.length && fileAttribution) tooltip.push('', attributionLine(fileAttribution));
  return {
    id,
    label: baseName(file.path),
    description: [dir, hunks.length ? plural(hunks.length, 'hunk') : fileStatusText(file)].filter(Boolean).join(' · '),
    tooltip: tooltip.join('\n'),
    resourceUri: uri,
    ...(file.status === 'deleted'
      ? {}
      : { open: hunkLocation(uri, hunks[0] ?? { oldStart: 0, oldLines: 0, newStart: 0, newLines: 0 }) }),
    contextValue: 'changesFile',
    children: hunks.map((hunk) => {
      const own = hunk.attributions.find((a) => a.itemId === itemId);
      return {
        id: ids.take(`${id}/hunk:${hunk.oldStart},${hunk.newStart}`),
        label: hunkLabel(hunk),
        ...(own ? { description: own.detail } : {}),
        tooltip: [gitHunkHeader(hunk), '', ...hunk.attributions.map(attributionLine)].join('\n'),
        icon: { id: 'diff' },
        ...(file.status === 'deleted' ? {} : { open: hunkLocation(uri, hunk) }),
        contextValue: 'changesHunk',
        children: [],
      };
    }),
  };
}

/** A group of changes listed by file and hunk, each serving no item: what it is and why a hunk is in it. */
interface ChangeGroupKind {
  id: string;
  label: string;
  tooltip: string;
  hunkTooltip: string;
  icon: ViewNode['icon'];
}

const UNATTRIBUTED: ChangeGroupKind = {
  id: 'group:unattributed',
  label: 'Serves no roadmap item',
  tooltip:
    'Changed code that no annotation, `@roadmap` marker, item `paths` glob or `Roadmap:` commit trailer ties to a roadmap item.',
  hunkTooltip: 'No annotation, `@roadmap` marker, item `paths` glob or commit trailer names an item for this hunk.',
  icon: { id: 'question', color: 'list.warningForeground' },
};

const ROADMAP_EDITS: ChangeGroupKind = {
  id: 'group:roadmap-edits',
  label: 'Roadmap edits',
  tooltip: "Changes to roadmap files outside any item's entry: the north star, objectives, trackers, comments.",
  hunkTooltip: "Edits the roadmap file where no item's entry is (north star, objectives, trackers, comments).",
  icon: { id: 'map' },
};

function changeGroup(
  kind: ChangeGroupKind,
  changes: UnattributedChange[],
  filesByPath: Map<string, ChangedFile>,
  paths: ReportPaths,
  ids: UniqueIds,
): ViewNode {
  const groupId = ids.take(kind.id);
  const byPath = new Map<string, UnattributedChange[]>();
  for (const change of changes) {
    let list = byPath.get(change.path);
    if (!list) byPath.set(change.path, (list = []));
    list.push(change);
  }
  const fileNodes = [...byPath].map(([path, fileChanges]): ViewNode => {
    const uri = paths.fileUri(path);
    const file = filesByPath.get(path);
    const deleted = file?.status === 'deleted';
    const id = ids.take(`${groupId}/file:${path}`);
    const hunks = fileChanges.flatMap((change) => (change.hunk ? [change.hunk] : []));
    const status = file ? fileStatusText(file) : undefined;
    return {
      id,
      label: baseName(path),
      description: [dirName(path), hunks.length ? plural(hunks.length, 'hunk') : status].filter(Boolean).join(' · '),
      tooltip: status ? `${escapeMarkdown(path)} (${status})` : escapeMarkdown(path),
      resourceUri: uri,
      ...(deleted
        ? {}
        : { open: hunkLocation(uri, hunks[0] ?? { oldStart: 0, oldLines: 0, newStart: 0, newLines: 0 }) }),
      contextValue: 'changesFile',
      children: hunks.map((hunk) => ({
        id: ids.take(`${id}/hunk:${hunk.oldStart},${hunk.newStart}`),
        label: hunkLabel(hunk),
        tooltip: `${gitHunkHeader(hunk)}\n\n${kind.hunkTooltip}`,
        icon: { id: 'diff' },
        ...(deleted ? {} : { open: hunkLocation(uri, hunk) }),
        contextValue: 'changesHunk',
        children: [],
      })),
    };
  });
  return {
    id: groupId,
    label: kind.label,
    description: `${plural(byPath.size, 'file')} · ${plural(changes.length, 'change')}`,
    tooltip: kind.tooltip,
    icon: kind.icon,
    children: fileNodes,
  };
}

function newUnlinkedDebtGroup(debts: NewDebt[], paths: ReportPaths, ids: UniqueIds): ViewNode {
  const groupId = ids.take('group:new-unlinked-debt');
  return {
    id: groupId,
    label: 'New unlinked debt',
    description: String(debts.length),
    tooltip: 'Debt comments the change adds that name no roadmap item: link each to an item or propose it.',
    icon: { id: 'warning', color: 'list.warningForeground' },
    expanded: true,
    children: debts.map((debt) => {
      const { line, column: character } = debt;
      const summary = debt.text ? `${debt.tag}: ${debt.text}` : debt.tag;
      return {
        id: ids.take(`${groupId}/${debt.path}:${debt.line}:${debt.column}`),
        label: summary,
        description: `${debt.path}:${line + 1}`,
        tooltip: `${escapeMarkdown(debt.path)}:${line + 1}\n\n${escapeMarkdown(summary)}`,
        icon: { id: 'tools' },
        open: {
          uri: paths.fileUri(debt.path),
          range: { start: { line, character }, end: { line, character: character + debt.tag.length } },
        },
        contextValue: 'changesNewDebt',
        children: [],
      };
    }),
  };
}
