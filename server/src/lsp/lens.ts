/** Code lens above each roadmap item: how much code serves it and how much of that is debt. */
import type { CodeLens } from 'vscode-languageserver';
import { plural } from '../core/format';
import { debtCountOf, type WorkspaceIndex } from '../core/workspace';
import { CLIENT_COMMANDS, COMMANDS, type ClientCommandArguments, type ServerCommandArguments } from '../protocol';
import { pathToUri } from './convert';

/**
 * `clientCommands`: the client runs the Roadmap Links peek (VS Code). Other clients get a command the
 * server runs itself (`roadmapLinks.showSites`: the sites in a message), so a click always does something.
 */
export function codeLenses(index: WorkspaceIndex, file: string, clientCommands = false): CodeLens[] {
  const model = index.roadmapModelOf(file);
  if (!model) return [];
  return model.items.map((item) => {
    const counts = index.siteCountsOf(item.id);
    const title = `${plural(counts.sites, 'code site')} · ${counts.debt} debt`;
    if (!clientCommands) {
      const args: ServerCommandArguments[typeof COMMANDS.showSites] = [{ id: item.id }];
      return { range: item.idRange, command: { title, command: COMMANDS.showSites, arguments: args } };
    }
    const locations = index.sitesOf(item.id).map((site) => ({ uri: pathToUri(site.file), range: site.mention.range }));
    const args: ClientCommandArguments[typeof CLIENT_COMMANDS.showReferences] = [
      pathToUri(file),
      item.idRange.start,
      locations,
    ];
    return { range: item.idRange, command: { title, command: CLIENT_COMMANDS.showReferences, arguments: args } };
  });
}

/** What `roadmapLinks.showSites` shows: the item's code sites, one `path:line` each (at most `limit`). */
export function sitesMessage(index: WorkspaceIndex, id: string, limit = 20): string {
  const sites = index.sitesOf(id);
  if (!index.roadmap.items.has(id)) return `${id} is not on the roadmap.`;
  if (!sites.length) return `No code links ${id} yet.`;
  const lines = sites.slice(0, limit).map((site) => {
    const what = site.annotation.kind === 'debt' ? `${site.annotation.tag}: ${site.annotation.text}` : '@roadmap';
    return `${index.relativePath(site.file)}:${site.mention.range.start.line + 1} ${what}`;
  });
  if (sites.length > limit) lines.push(`… and ${sites.length - limit} more`);
  return `${id}: ${plural(sites.length, 'code site')} (${debtCountOf(sites)} debt)\n${lines.join('\n')}`;
}
