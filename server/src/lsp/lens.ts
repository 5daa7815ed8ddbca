/** Code lens above each roadmap item: how much code serves it and how much of that is debt. */
import type { CodeLens } from 'vscode-languageserver';
import { plural } from '../core/format';
import { debtCountOf } from '../core/workspace';
import { CLIENT_COMMANDS } from '../protocol';
import type { Session } from './session';
import { pathToUri } from './convert';

export function codeLenses(session: Session, file: string): CodeLens[] {
  const model = session.index.roadmapModelOf(file);
  if (!model) return [];
  return model.items.map((item) => {
    const sites = session.index.sitesOf(item.id);
    const title = `${plural(sites.length, 'code site')} · ${debtCountOf(sites)} debt`;
    const locations = sites.map((site) => ({ uri: pathToUri(site.file), range: site.mention.range }));
    return {
      range: item.idRange,
      command: { title, command: CLIENT_COMMANDS.showReferences, arguments: [pathToUri(file), item.idRange.start, locations] },
    };
  });
}
