/** Code lens above each roadmap item: how much code serves it and how much of that is debt. */
import type { CodeLens } from 'vscode-languageserver';
import { CLIENT_COMMANDS } from '../protocol';
import type { Session } from './session';
import { pathToUri } from './convert';

export function codeLenses(session: Session, file: string): CodeLens[] {
  const model = session.index.roadmapModelOf(file);
  if (!model) return [];
  return model.items.map((item) => {
    const sites = session.index.sitesOf(item.id);
    const debt = sites.filter((site) => site.annotation.kind === 'debt').length;
    const title = `${sites.length} code site${sites.length === 1 ? '' : 's'} · ${debt} debt`;
    const locations = sites.map((site) => ({ uri: pathToUri(site.file), range: site.mention.range }));
    return {
      range: item.idRange,
      command: { title, command: CLIENT_COMMANDS.showReferences, arguments: [pathToUri(file), item.idRange.start, locations] },
    };
  });
}
