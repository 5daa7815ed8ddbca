/**
 * The Roadmap view: objectives → items → code sites, then items without a known objective, then
 * unlinked debt grouped by folder and file. The first level comes from the server's `roadmapLinks/tree`;
 * code sites and unlinked debt come page by page from `roadmapLinks/treeChildren` as nodes are expanded.
 */
import type {
  TreeChildDto,
  TreeChildrenResult,
  TreeItemDto,
  TreeNodeRef,
  TreeObjectiveDto,
  TreeResult,
  TreeSiteDto,
} from '../../../server/src/protocol';
import { escapeMarkdown, formatPercent, plural } from '../../../server/src/core/format';
import { itemCardMarkdown } from '../../../server/src/core/present';
import { baseName, dirName, UniqueIds, type IconSpec, type PathLabeler, type ViewNode } from './nodes';

/** Objective ID → title, for the item cards. */
type ObjectiveTitles = ReadonlyMap<string, string>;

export interface RoadmapView {
  nodes: ViewNode[];
  /** Text above the tree (VS Code `TreeView.message`): the north star, and whether indexing still runs. */
  message?: string;
}

const STATUS_ICONS = new Map<string, IconSpec>([
  ['proposed', { id: 'lightbulb', color: 'charts.yellow' }],
  ['planned', { id: 'circle-large-outline', color: 'charts.blue' }],
  ['in-progress', { id: 'play-circle', color: 'charts.blue' }],
  ['done', { id: 'pass-filled', color: 'charts.green' }],
  ['dropped', { id: 'circle-slash', color: 'disabledForeground' }],
]);
const UNKNOWN_STATUS_ICON: IconSpec = { id: 'circle-large-outline' };

export function statusIcon(status: string | undefined): IconSpec {
  return (status !== undefined && STATUS_ICONS.get(status)) || UNKNOWN_STATUS_ICON;
}

/** "1,135": counts in the thousands are read at a glance. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1,135 files", "1 file". */
function counted(n: number, singular: string): string {
  return `${count(n)} ${n === 1 ? singular : `${singular}s`}`;
}

export function buildRoadmapView(tree: TreeResult): RoadmapView {
  const ids = new UniqueIds();
  const titles: ObjectiveTitles = objectiveTitlesOf(tree);
  const objectiveIds = new Set(tree.objectives.map((o) => o.id));
  const itemsByObjective = new Map<string, TreeItemDto[]>();
  const orphans: TreeItemDto[] = [];
  // Items keep the server's order: the roadmap file's order is the team's priority order.
  for (const item of tree.items) {
    if (item.objective !== undefined && objectiveIds.has(item.objective)) {
      let list = itemsByObjective.get(item.objective);
      if (!list) itemsByObjective.set(item.objective, (list = []));
      list.push(item);
    } else {
      orphans.push(item);
    }
  }

  // First, since what it hides is missing below: a file not read past its syntax error lost items.
  const nodes: ViewNode[] = (tree.unreadFiles ?? []).map((unread) => unreadFileNode(unread, ids));
  const seenObjectives = new Set<string>();
  for (const objective of tree.objectives) {
    // A duplicate objective ID is a roadmap problem the server reports; show its items once.
    if (seenObjectives.has(objective.id)) continue;
    seenObjectives.add(objective.id);
    nodes.push(objectiveNode(objective, itemsByObjective.get(objective.id) ?? [], ids, titles));
  }
  if (orphans.length) {
    nodes.push({
      id: ids.take('group:no-objective'),
      label: `No objective · ${plural(orphans.length, 'item')}`,
      tooltip: 'Items whose `objective` is missing or names no objective of the roadmap.',
      icon: { id: 'question' },
      expanded: true,
      children: orphans.map((item) => itemNode(item, ids, titles)),
    });
  }
  if (tree.unlinked.count) nodes.push(unlinkedGroup(tree.unlinked, ids));

  const messageParts: string[] = [];
  if (tree.northStar) messageParts.push(`North star: ${tree.northStar}`);
  if (tree.indexing) messageParts.push('Indexing the workspace…');
  return messageParts.length ? { nodes, message: messageParts.join(' — ') } : { nodes };
}

/** `roadmap.yaml:13:9 · YAML syntax error`, opening the error: the items after it are not in the tree. */
function unreadFileNode(unread: NonNullable<TreeResult['unreadFiles']>[number], ids: UniqueIds): ViewNode {
  const where = `${unread.path}:${unread.range.start.line + 1}:${unread.range.start.character + 1}`;
  return {
    id: ids.take(`unread:${unread.path}`),
    label: `${where} · YAML syntax error`,
    description: `the items after it are not read: ${unread.message}`,
    tooltip: `**${escapeMarkdown(where)}**: YAML syntax error: ${escapeMarkdown(unread.message)}\n\nThe file is not read past it, so the items after it are missing here until it is fixed.`,
    icon: { id: 'error', color: 'errorForeground' },
    open: { uri: unread.uri, range: unread.range },
    children: [],
  };
}

/** `1 in progress · 1 done`: what the objective's items are at. */
function objectiveProgress(items: TreeItemDto[]): string {
  const parts: string[] = [];
  const inProgress = items.filter((item) => item.status === 'in-progress').length;
  const done = items.filter((item) => item.status === 'done').length;
  if (inProgress) parts.push(`${inProgress} in progress`);
  if (done) parts.push(`${done} done`);
  return parts.join(' · ');
}

/*
 * Labels lead with the short facts (ID, progress, counts) and the title follows as the description:
 * at the default sidebar width VS Code cuts the end of a row, and what it cuts should be prose that the
 * tooltip repeats, never the numbers.
 */

function objectiveNode(
  objective: TreeObjectiveDto,
  items: TreeItemDto[],
  ids: UniqueIds,
  titles: ObjectiveTitles,
): ViewNode {
  const progress = objectiveProgress(items);
  return {
    id: ids.take(`objective:${objective.id}`),
    label: `${objective.id} · ${plural(items.length, 'item')}`,
    description: objective.title,
    tooltip: `**${escapeMarkdown(objective.id)}** · ${escapeMarkdown(objective.title)}\n\n${[plural(items.length, 'item'), progress].filter(Boolean).join(' · ')}`,
    icon: { id: 'target' },
    open: { uri: objective.uri, range: objective.range },
    contextValue: 'roadmapObjective',
    expanded: true,
    children: items.map((item) => itemNode(item, ids, titles)),
  };
}

/**
 * `RM-12 · 38% · 5 sites`: the ID, the headline metric's progress and the code sites that link the item
 * (the status is the icon; the tooltip says it all).
 */
export function itemLabel(item: TreeItemDto): string {
  const parts = [item.id];
  // The first value is the item's headline metric; averaging unrelated metrics would invent a number.
  const progress = item.values[0]?.progress;
  if (progress !== undefined && Number.isFinite(progress)) parts.push(formatPercent(progress));
  if (item.siteCount) parts.push(counted(item.siteCount, 'site'));
  return parts.join(' · ');
}

function objectiveTitlesOf(tree: TreeResult): ObjectiveTitles {
  const titles = new Map<string, string>();
  // The first of duplicate IDs wins, as the server's roadmap does.
  for (const objective of tree.objectives) if (!titles.has(objective.id)) titles.set(objective.id, objective.title);
  return titles;
}

/** The item card the hover shows, less the north star (the view's message already shows it). */
export function itemTooltip(item: TreeItemDto, objectiveTitles: ObjectiveTitles): string {
  return itemCardMarkdown({
    ...item,
    objective:
      item.objective === undefined ? undefined : { id: item.objective, title: objectiveTitles.get(item.objective) },
  });
}

function itemNode(item: TreeItemDto, ids: UniqueIds, titles: ObjectiveTitles): ViewNode {
  return {
    id: ids.take(`item:${item.id}`),
    label: itemLabel(item),
    description: item.title,
    tooltip: itemTooltip(item, titles),
    icon: statusIcon(item.status),
    open: { uri: item.uri, range: item.range },
    contextValue: 'roadmapItem',
    children: [],
    ...(item.siteCount ? { lazy: { node: { kind: 'item', id: item.id } } } : {}),
  };
}

/** `TODO: cache the price`, `@roadmap handles retries`, or the bare tag when the comment says nothing else. */
export function siteSummary(site: TreeSiteDto): string {
  if (!site.text) return site.tag;
  return site.kind === 'marker' ? `${site.tag} ${site.text}` : `${site.tag}: ${site.text}`;
}

function siteIcon(site: TreeSiteDto): IconSpec {
  return site.kind === 'marker' ? { id: 'bookmark' } : { id: 'tools' };
}

function unlinkedGroup(unlinked: TreeResult['unlinked'], ids: UniqueIds): ViewNode {
  return {
    id: ids.take('group:unlinked'),
    label: 'Unlinked debt',
    description: `${count(unlinked.count)} in ${counted(unlinked.files, 'file')}`,
    tooltip: `${plural(unlinked.count, 'debt comment')} in ${plural(unlinked.files, 'file')} name no roadmap item. Link each to an item or propose it to the roadmap.`,
    // Information, as their diagnostics are: old TODOs are the norm, not a warning.
    icon: { id: 'info', color: 'problemsInfoIcon.foreground' },
    children: [],
    lazy: { node: { kind: 'unlinked' } },
  };
}

/** The nodes of one page of a lazy node's children, and a "… N more" node that loads the next page. */
export function childNodes(parent: ViewNode, page: TreeChildrenResult, paths: PathLabeler): ViewNode[] {
  const ref = parent.lazy!.node;
  const ids = new UniqueIds();
  // A "more" node's id names its offset, so its children never collide with the first page's.
  const base = parent.lazy!.offset ? parent.id.replace(/\/more@\d+$/, '') : parent.id;
  const nodes = page.children.map((child) => childNode(child, ref, base, ids, paths));
  if (page.nextOffset !== undefined) {
    const left = page.total - page.nextOffset;
    nodes.push({
      id: `${base}/more@${page.nextOffset}`,
      label: `… ${count(left)} more`,
      tooltip: `Expand to list the next ${left > 1 ? 'entries' : 'entry'}.`,
      icon: { id: 'ellipsis' },
      children: [],
      lazy: { node: ref, offset: page.nextOffset },
    });
  }
  return nodes;
}

function childNode(
  child: TreeChildDto,
  parent: TreeNodeRef,
  parentId: string,
  ids: UniqueIds,
  paths: PathLabeler,
): ViewNode {
  switch (child.type) {
    case 'folder': {
      const where = child.node.kind === 'unlinked' ? child.node.path || child.label : child.label;
      return {
        id: ids.take(`${parentId}/folder:${where}`),
        label: child.label,
        description: `${count(child.count)} in ${counted(child.files, 'file')}`,
        tooltip: `${escapeMarkdown(where)}\n\n${plural(child.count, 'unlinked debt comment')} in ${plural(child.files, 'file')}`,
        icon: { id: 'folder' },
        children: [],
        lazy: { node: child.node },
      };
    }
    case 'file':
      return {
        id: ids.take(`${parentId}/file:${child.uri}`),
        label: baseName(child.path),
        description: count(child.count),
        tooltip: `${escapeMarkdown(child.path)}\n\n${plural(child.count, 'unlinked debt comment')}`,
        resourceUri: child.uri,
        children: [],
        lazy: { node: child.node },
      };
    case 'site': {
      const site = child.site;
      const line = site.range.start.line + 1;
      const path = paths.relativePath(site.uri);
      // Under an item, sites of many files: where first. Under a file: the line, then what the comment says.
      const underFile = parent.kind === 'unlinkedFile';
      return {
        id: ids.take(`${parentId}/site:${site.uri}:${site.range.start.line}:${site.range.start.character}`),
        label: underFile ? `${line}: ${siteSummary(site)}` : `${baseName(path)}:${line}`,
        description: underFile ? undefined : siteSummary(site),
        tooltip: `${escapeMarkdown(dirName(path) ? path : baseName(path))}:${line}\n\n${escapeMarkdown(siteSummary(site))}`,
        icon: siteIcon(site),
        open: { uri: site.uri, range: site.range },
        contextValue:
          site.kind === 'marker' ? 'roadmapMarker' : parent.kind === 'item' ? 'roadmapDebt' : 'roadmapUnlinkedDebt',
        children: [],
      };
    }
  }
}
