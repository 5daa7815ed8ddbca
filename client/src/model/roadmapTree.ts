/**
 * The Roadmap view: objectives → items → code sites, then items without a known objective, then
 * unlinked debt grouped by file. Built from the server's `roadmapLinks/tree` result.
 */
import type { TreeItemDto, TreeObjectiveDto, TreeResult, TreeSiteDto } from '../../../server/src/protocol';
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

export function buildRoadmapView(tree: TreeResult, paths: PathLabeler): RoadmapView {
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

  const nodes: ViewNode[] = [];
  const seenObjectives = new Set<string>();
  for (const objective of tree.objectives) {
    // A duplicate objective ID is a roadmap problem the server reports; show its items once.
    if (seenObjectives.has(objective.id)) continue;
    seenObjectives.add(objective.id);
    nodes.push(objectiveNode(objective, itemsByObjective.get(objective.id) ?? [], paths, ids, titles));
  }
  if (orphans.length) {
    nodes.push({
      id: ids.take('group:no-objective'),
      label: 'No objective',
      description: plural(orphans.length, 'item'),
      tooltip: 'Items whose `objective` is missing or names no objective of the roadmap.',
      icon: { id: 'question' },
      expanded: true,
      children: orphans.map((item) => itemNode(item, paths, ids, titles)),
    });
  }
  if (tree.unlinked.length) nodes.push(unlinkedGroup(tree.unlinked, paths, ids));

  const messageParts: string[] = [];
  if (tree.northStar) messageParts.push(`North star: ${tree.northStar}`);
  if (tree.indexing) messageParts.push('Indexing the workspace…');
  return messageParts.length ? { nodes, message: messageParts.join(' — ') } : { nodes };
}

function objectiveNode(objective: TreeObjectiveDto, items: TreeItemDto[], paths: PathLabeler, ids: UniqueIds, titles: ObjectiveTitles): ViewNode {
  return {
    id: ids.take(`objective:${objective.id}`),
    label: `${objective.id} ${objective.title}`,
    description: plural(items.length, 'item'),
    tooltip: `**${escapeMarkdown(objective.id)}** · ${escapeMarkdown(objective.title)}\n\n${plural(items.length, 'item')}`,
    icon: { id: 'target' },
    open: { uri: objective.uri, range: objective.range },
    contextValue: 'roadmapObjective',
    expanded: true,
    children: items.map((item) => itemNode(item, paths, ids, titles)),
  };
}

/** `in-progress · 45% · 3 sites`: the status, the first value metric's progress, the code sites. */
export function itemDescription(item: TreeItemDto): string {
  const parts: string[] = [];
  if (item.status) parts.push(item.status);
  // The first value is the item's headline metric; averaging unrelated metrics would invent a number.
  const progress = item.values[0]?.progress;
  if (progress !== undefined && Number.isFinite(progress)) parts.push(formatPercent(progress));
  if (item.sites.length) parts.push(plural(item.sites.length, 'site'));
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
    objective: item.objective === undefined ? undefined : { id: item.objective, title: objectiveTitles.get(item.objective) },
    siteCount: item.sites.length,
  });
}

function itemNode(item: TreeItemDto, paths: PathLabeler, ids: UniqueIds, titles: ObjectiveTitles): ViewNode {
  const id = ids.take(`item:${item.id}`);
  const sites = sortSites(item.sites, paths);
  return {
    id,
    label: `${item.id} ${item.title}`,
    description: itemDescription(item),
    tooltip: itemTooltip(item, titles),
    icon: statusIcon(item.status),
    open: { uri: item.uri, range: item.range },
    contextValue: 'roadmapItem',
    children: sites.map(({ site, path }) => ({
      id: ids.take(`${id}/site:${site.uri}:${site.range.start.line}:${site.range.start.character}`),
      label: `${baseName(path)}:${site.range.start.line + 1}`,
      description: siteSummary(site),
      tooltip: `${escapeMarkdown(path)}:${site.range.start.line + 1}\n\n${escapeMarkdown(siteSummary(site))}`,
      icon: siteIcon(site),
      open: { uri: site.uri, range: site.range },
      contextValue: site.kind === 'marker' ? 'roadmapMarker' : 'roadmapDebt',
      children: [],
    })),
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

function sortSites(sites: TreeSiteDto[], paths: PathLabeler): { site: TreeSiteDto; path: string }[] {
  return sites
    .map((site) => ({ site, path: paths.relativePath(site.uri) }))
    .sort((a, b) => compareStrings(a.path, b.path) || comparePositions(a.site, b.site));
}

function unlinkedGroup(sites: TreeSiteDto[], paths: PathLabeler, ids: UniqueIds): ViewNode {
  const groupId = ids.take('group:unlinked');
  const byFile = new Map<string, { path: string; sites: TreeSiteDto[] }>();
  for (const site of sites) {
    let file = byFile.get(site.uri);
    if (!file) byFile.set(site.uri, (file = { path: paths.relativePath(site.uri), sites: [] }));
    file.sites.push(site);
  }
  const files = [...byFile.entries()].sort((a, b) => compareStrings(a[1].path, b[1].path));
  return {
    id: groupId,
    label: 'Unlinked debt',
    description: String(sites.length),
    tooltip: `${plural(sites.length, 'debt comment')} in ${plural(files.length, 'file')} name no roadmap item. Link each to an item or propose it to the roadmap.`,
    icon: { id: 'warning', color: 'list.warningForeground' },
    children: files.map(([uri, file]) => {
      const fileId = ids.take(`${groupId}/file:${uri}`);
      const dir = dirName(file.path);
      return {
        id: fileId,
        label: baseName(file.path),
        description: dir ? `${dir} · ${file.sites.length}` : String(file.sites.length),
        tooltip: escapeMarkdown(file.path),
        resourceUri: uri,
        children: file.sites.sort(comparePositions).map((site) => ({
          id: ids.take(`${fileId}/site:${site.range.start.line}:${site.range.start.character}`),
          label: siteSummary(site),
          description: `line ${site.range.start.line + 1}`,
          tooltip: `${escapeMarkdown(file.path)}:${site.range.start.line + 1}\n\n${escapeMarkdown(siteSummary(site))}`,
          icon: siteIcon(site),
          open: { uri: site.uri, range: site.range },
          contextValue: 'roadmapUnlinkedDebt',
          children: [],
        })),
      };
    }),
  };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePositions(a: TreeSiteDto, b: TreeSiteDto): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
