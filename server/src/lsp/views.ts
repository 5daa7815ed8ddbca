/** Data for the client's sidebar views: the roadmap tree and the change report. */
import { ResponseError } from 'vscode-languageserver';
import { GitError, mapChanges, type ChangeReport } from '../core/changes';
import { summarizeValue } from '../core/present';
import { debtCountOf, type WorkspaceIndex } from '../core/workspace';
import { buildReport, type RoadmapReport } from '../cli/report';
import { REPORT_LAYOUT_CSS, reportBodyHtml } from '../cli/reportHtml';
import type { HistoryReport } from '../core/history';
import { DASHBOARD_REFRESH_COMMAND, ErrorCodes, type ChangesParams, type DashboardResult, type TreeResult, type TreeSiteDto } from '../protocol';
import type { Annotation } from '../core/types';
import { pathToUri, uriToPath } from './convert';

/** The dashboard's data: the report `roadmap-links report --format json` writes, with the last history. */
export function dashboard(index: WorkspaceIndex, history: HistoryReport | string): DashboardResult {
  return dashboardOf(buildReport(index, index.folders[0] ?? '', history), Math.floor(Date.now() / 1000));
}

/** The dashboard's answer for a report: the data, and the page body drawn from it (ages relative to `now`). */
export function dashboardOf(report: RoadmapReport, now: number): DashboardResult {
  const refresh = `<p class="toolbar"><a href="command:${DASHBOARD_REFRESH_COMMAND}">Refresh history</a></p>`;
  return { report, now, html: reportBodyHtml(report, now, 'Roadmap Dashboard', refresh), css: REPORT_LAYOUT_CSS };
}

/** `indexing`: whether the initial scan still runs (the view says so). */
export function tree(index: WorkspaceIndex, indexing: boolean): TreeResult {
  const roadmap = index.roadmap;
  const site = (file: string, annotation: Annotation): TreeSiteDto => ({
    uri: pathToUri(file),
    range: annotation.range,
    kind: annotation.kind,
    tag: annotation.tag,
    text: annotation.text,
  });
  const unlinked = [...index.unlinkedDebt()].map(({ file, annotation }) => site(file, annotation));
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
        sites: sites.map((entry) => site(entry.file, entry.annotation)),
        debtCount: debtCountOf(sites),
      };
    }),
    unlinked,
    indexing,
  };
}

/** The change report of a workspace folder; call it once the index has scanned (it reads the roadmap). */
export async function changes(index: WorkspaceIndex, trusted: boolean, params: ChangesParams): Promise<ChangeReport> {
  if (!trusted) throw new ResponseError(ErrorCodes.Untrusted, 'This workspace is not trusted: Roadmap Links runs no git in it.');
  const folder = params.folderUri ? uriToPath(params.folderUri) : index.folders[0];
  if (!folder) throw new ResponseError(ErrorCodes.NotInWorkspace, 'Open a folder to see which roadmap items your changes serve.');
  // git runs only where the workspace is, never in a folder a request merely names.
  if (!index.folders.includes(folder) && index.folderOf(folder) === undefined) {
    throw new ResponseError(ErrorCodes.NotInWorkspace, `${folder} is not a workspace folder: Roadmap Links compares changes only inside the workspace.`);
  }
  try {
    return await mapChanges({ cwd: folder, base: params.base, roadmap: index.roadmap, settings: index.settings });
  } catch (error) {
    const code = error instanceof GitError ? ErrorCodes.GitFailed : ErrorCodes.InternalError;
    throw new ResponseError(code, error instanceof Error ? error.message : String(error));
  }
}
