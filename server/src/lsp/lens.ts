/** Code lens above each roadmap item: how much code serves it and how much of that is debt. */
import type { CodeLens } from 'vscode-languageserver';
import { plural } from '../core/format';
import { debtCountOf, type WorkspaceIndex } from '../core/workspace';
import { CLIENT_COMMANDS, type ClientCommandArguments } from '../protocol';
import { pathToUri } from './convert';

export function codeLenses(index: WorkspaceIndex, file: string): CodeLens[] {
  const model = index.roadmapModelOf(file);
  if (!model) return [];
  return model.items.map((item) => {
    const sites = index.sitesOf(item.id);
    const title = `${plural(sites.length, 'code site')} · ${debtCountOf(sites)} debt`;
    const locations = sites.map((site) => ({ uri: pathToUri(site.file), range: site.mention.range }));
    const args: ClientCommandArguments[typeof CLIENT_COMMANDS.showReferences] = [pathToUri(file), item.idRange.start, locations];
    return { range: item.idRange, command: { title, command: CLIENT_COMMANDS.showReferences, arguments: args } };
  });
}
