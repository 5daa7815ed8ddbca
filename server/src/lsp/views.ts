/** Data for the client's sidebar views: the roadmap tree and the change report. */
import { ResponseError } from 'vscode-languageserver';
import { GitError, mapChanges, type ChangeReport } from '../core/changes';
import { summarizeValue } from '../core/present';
import { firstSyntaxError } from '../core/roadmap';
import { debtCountOf, type WorkspaceIndex } from '../core/workspace';
import { buildReport, type FolderHistoryInput, type RoadmapReport } from '../cli/report';
import { REPORT_LAYOUT_CSS, reportBodyHtml } from '../cli/reportHtml';
import { isWithin } from '../core/paths';
import * as path from 'path';
import {
  DASHBOARD_REFRESH_COMMAND,
  ErrorCodes,
  type ChangesParams,
  type DashboardResult,
  type TreeChildDto,
  type TreeChildrenParams,
  type TreeChildrenResult,
  type TreeResult,
  type TreeSiteDto,
} from '../protocol';
import type { Annotation } from '../core/types';
import { pathToUri, uriToPath } from './convert';

/** Annotation text longer than this is cut in tree answers: a label shows far less, and pages stay small. */
const SITE_TEXT_LIMIT = 240;
/** A page of children holds at most this many entries… */
const PAGE_ENTRIES = 500;
/** …and at most this many bytes of JSON, so an answer stays well under 200 KB whatever the paths' lengths. */
const PAGE_BYTES = 150_000;

function siteDto(file: string, annotation: Annotation): TreeSiteDto {
  const text =
    annotation.text.length > SITE_TEXT_LIMIT ? `${annotation.text.slice(0, SITE_TEXT_LIMIT - 1)}…` : annotation.text;
  return { uri: pathToUri(file), range: annotation.range, kind: annotation.kind, tag: annotation.tag, text };
}

/**
 * Unlinked debt count per file, derived once per index state: the view's requests (the first level, then
 * each folder expanded) read this instead of judging every annotation of the workspace again.
 */
const unlinkedCounts = new WeakMap<WorkspaceIndex, { generation: number; byFile: Map<string, number> }>();

function unlinkedByFile(index: WorkspaceIndex): Map<string, number> {
  const cached = unlinkedCounts.get(index);
  if (cached?.generation === index.generation) return cached.byFile;
  const byFile = new Map<string, number>();
  for (const { file } of index.unlinkedDebt()) byFile.set(file, (byFile.get(file) ?? 0) + 1);
  unlinkedCounts.set(index, { generation: index.generation, byFile });
  return byFile;
}

/**
 * The dashboard's data: the report `roadmap-links report --format json` writes, with the last history (each
 * folder's, labelled, in a multi-root workspace). Paths are relative to the folder, or with several to the
 * folder that holds them all, as the CLI run there names them (`web/src/pay.ts`, sections `· web`, `· api`).
 */
export function dashboard(index: WorkspaceIndex, history: readonly FolderHistoryInput[] | string): DashboardResult {
  return dashboardOf(buildReport(index, commonFolder(index.folders), history), Math.floor(Date.now() / 1000));
}

/** The deepest folder holding every one of `folders` (the folder itself when there is one; the first on two drives). */
function commonFolder(folders: readonly string[]): string {
  if (folders.length === 0) return '';
  let common = folders[0];
  for (const folder of folders.slice(1))
    while (!isWithin(common, folder)) {
      const parent = path.dirname(common);
      if (parent === common) return folders[0];
      common = parent;
    }
  return common;
}

/** The dashboard's answer for a report: the data, and the page body drawn from it (ages relative to `now`). */
export function dashboardOf(report: RoadmapReport, now: number): DashboardResult {
  const refresh = `<p class="toolbar"><a href="command:${DASHBOARD_REFRESH_COMMAND}">Refresh history</a></p>`;
  return { report, now, html: reportBodyHtml(report, now, 'Roadmap Dashboard', refresh), css: REPORT_LAYOUT_CSS };
}

/** The Roadmap view's first level. `indexing`: whether the initial scan still runs (the view says so). */
export function tree(index: WorkspaceIndex, indexing: boolean): TreeResult {
  const roadmap = index.roadmap;
  const byFile = unlinkedByFile(index);
  let count = 0;
  for (const perFile of byFile.values()) count += perFile;
  const unreadFiles = roadmap.files.flatMap((model) => {
    const error = firstSyntaxError(model);
    return error
      ? [
          {
            uri: pathToUri(model.file),
            path: index.relativePath(model.file),
            range: error.range,
            message: error.message.split('\n')[0],
          },
        ]
      : [];
  });
  return {
    northStar: roadmap.northStar?.statement,
    objectives: [...roadmap.objectives.values()].map((objective) => ({
      id: objective.id,
      title: objective.title,
      uri: pathToUri(objective.file),
      range: objective.idRange,
    })),
    items: [...roadmap.items.values()].map((item) => {
      const sites = index.sitesOf(item.id);
      return {
        id: item.id,
        title: item.title,
        kind: item.kind,
        status: item.status,
        objective: item.objective,
        owner: item.owner,
        uri: pathToUri(item.file),
        range: item.idRange,
        values: item.values.map(summarizeValue),
        slo: item.slo,
        siteCount: sites.length,
        debtCount: debtCountOf(sites),
      };
    }),
    unlinked: { count, files: byFile.size },
    indexing,
    roadmapFiles: !index.roadmapLoaded ? 'reading' : index.hasRoadmap ? 'found' : 'none',
    ...(unreadFiles.length ? { unreadFiles } : {}),
  };
}

/** One page of a node's children; an unknown node (an item renamed meanwhile) has none. */
export function treeChildren(index: WorkspaceIndex, params: TreeChildrenParams): TreeChildrenResult {
  const node = params.node;
  const offset = Math.max(0, Math.floor(params.offset ?? 0));
  switch (node?.kind) {
    case 'item':
      return page(index.sitesOf(node.id), offset, (site) => ({
        type: 'site',
        site: siteDto(site.file, site.annotation),
      }));
    case 'unlinkedFile': {
      const file = uriToPath(node.uri);
      const annotations = file
        ? index.annotationsOf(file).filter((annotation) => index.isUnlinkedDebt(annotation))
        : [];
      return page(annotations, offset, (annotation) => ({ type: 'site', site: siteDto(file!, annotation) }));
    }
    case 'unlinked':
      return page(unlinkedEntries(index, node.folderUri, node.path ?? ''), offset, (entry) => entry);
    default:
      return { children: [], total: 0 };
  }
}

function page<T>(all: readonly T[], offset: number, toDto: (entry: T) => TreeChildDto): TreeChildrenResult {
  const children: TreeChildDto[] = [];
  let bytes = 0;
  let next = offset;
  while (next < all.length && children.length < PAGE_ENTRIES) {
    const dto = toDto(all[next]);
    bytes += Buffer.byteLength(JSON.stringify(dto)) + 1;
    // The first entry always goes in, so every page makes progress.
    if (children.length && bytes > PAGE_BYTES) break;
    children.push(dto);
    next++;
  }
  return next < all.length ? { children, total: all.length, nextOffset: next } : { children, total: all.length };
}

/**
 * The children of an unlinked-debt folder node: subfolders (a chain of folders that hold nothing but one
 * subfolder is one node, `src/main/java`), then files, each with its count, by name.
 */
function unlinkedEntries(index: WorkspaceIndex, folderUri: string | undefined, relativeDir: string): TreeChildDto[] {
  const byFile = unlinkedByFile(index);
  if (folderUri === undefined && index.folders.length > 1) {
    // A multi-root workspace: one node per workspace folder that has unlinked debt.
    const perFolder = new Map<string, { count: number; files: number }>();
    for (const [file, count] of byFile) {
      const folder = index.folderOf(file)!;
      const entry = perFolder.get(folder) ?? { count: 0, files: 0 };
      perFolder.set(folder, { count: entry.count + count, files: entry.files + 1 });
    }
    return index.folders
      .filter((folder) => perFolder.has(folder))
      .map((folder) => ({
        type: 'folder',
        node: { kind: 'unlinked', folderUri: pathToUri(folder), path: '' },
        label: path.basename(folder),
        ...perFolder.get(folder)!,
      }));
  }
  const folder = folderUri === undefined ? index.folders[0] : uriToPath(folderUri);
  if (!folder || !index.folders.includes(folder)) return [];
  const prefix = relativeDir ? `${relativeDir}/` : '';
  const subfolders = new Map<string, { count: number; files: number; common: string[] }>();
  const files: { file: string; path: string; count: number }[] = [];
  for (const [file, count] of byFile) {
    if (index.folderOf(file) !== folder) continue;
    const relative = index.relativePath(file);
    if (!relative.startsWith(prefix)) continue;
    const parts = relative.slice(prefix.length).split('/');
    if (parts.length === 1) {
      files.push({ file, path: relative, count });
      continue;
    }
    const [name, ...rest] = parts;
    const dirs = rest.slice(0, -1);
    const entry = subfolders.get(name);
    if (!entry) {
      subfolders.set(name, { count, files: 1, common: dirs });
      continue;
    }
    entry.count += count;
    entry.files++;
    let shared = 0;
    while (shared < entry.common.length && shared < dirs.length && entry.common[shared] === dirs[shared]) shared++;
    entry.common.length = shared;
  }
  const uri = pathToUri(folder);
  const folderNodes: TreeChildDto[] = [...subfolders.entries()]
    .sort((a, b) => compareNames(a[0], b[0]))
    .map(([name, entry]) => {
      const label = [name, ...entry.common].join('/');
      return {
        type: 'folder',
        node: { kind: 'unlinked', folderUri: uri, path: `${prefix}${label}` },
        label,
        count: entry.count,
        files: entry.files,
      };
    });
  const fileNodes: TreeChildDto[] = files
    .sort((a, b) => compareNames(a.path, b.path))
    .map(({ file, path: relative, count }) => ({
      type: 'file',
      node: { kind: 'unlinkedFile', uri: pathToUri(file) },
      uri: pathToUri(file),
      path: relative,
      count,
    }));
  return [...folderNodes, ...fileNodes];
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The change report of a workspace folder; call it once the index has scanned (it reads the roadmap). */
export async function changes(index: WorkspaceIndex, trusted: boolean, params: ChangesParams): Promise<ChangeReport> {
  if (!trusted)
    throw new ResponseError(ErrorCodes.Untrusted, 'This workspace is not trusted: Roadmap Links runs no git in it.');
  const folder = params.folderUri ? uriToPath(params.folderUri) : index.folders[0];
  if (!folder)
    throw new ResponseError(ErrorCodes.NotInWorkspace, 'Open a folder to see which roadmap items your changes serve.');
  // git runs only where the workspace is, never in a folder a request merely names.
  if (!index.folders.includes(folder) && index.folderOf(folder) === undefined) {
    throw new ResponseError(
      ErrorCodes.NotInWorkspace,
      `${folder} is not a workspace folder: Roadmap Links compares changes only inside the workspace.`,
    );
  }
  try {
    return await mapChanges({ cwd: folder, base: params.base, roadmap: index.roadmap, settings: index.settings });
  } catch (error) {
    const code = error instanceof GitError ? ErrorCodes.GitFailed : ErrorCodes.InternalError;
    throw new ResponseError(code, error instanceof Error ? error.message : String(error));
  }
}
