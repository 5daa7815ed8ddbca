/** Hover: on an annotation in code, the item it serves; on an ID in a roadmap file, the code that links it. */
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver';
import { escapeMarkdown, plural } from '../core/format';
import { itemCardMarkdown, itemCardOf } from '../core/present';
import { debtCountOf, ticketUrl } from '../core/workspace';
import { annotationAt, annotationExtent, idAt, ticketAt, type TicketAtPosition } from '../core/workspace/locate';
import type { WorkspaceIndex } from '../core/workspace';
import { debtAgeMarkdown, metricHistoryMarkdown } from '../core/history/present';
import type { HistoryService } from './history';
import { commandUri, pathToUri } from './convert';
import { CLIENT_COMMANDS } from '../protocol';
import type { Annotation } from '../core/types';

/** A hover lists at most this many code sites; the rest are counted. */
const HOVER_SITE_LIMIT = 10;

/**
 * Makes the Markdown link that reveals a range: `command:` URIs for the Roadmap Links VS Code client.
 * Other clients get none (a terminal shows a link's URL in full; go-to-definition does the same job).
 */
export type RevealLink = (uri: string, range: Range) => string | undefined;

/** For clients that run the Roadmap Links client commands. */
export const commandRevealLink: RevealLink = (uri, range) => commandUri(CLIENT_COMMANDS.openLocation, [uri, range]);

/** Said where a history line (`Added …`, `History of …`) will stand once the background run has a first result. */
const HISTORY_COMPUTING = (line: string) => `_${line}: still being computed from git…_`;

/** `history` (optional) adds what the last background history run found; nothing is computed here. */
export function hover(
  index: WorkspaceIndex,
  file: string,
  position: Position,
  revealLink?: RevealLink,
  history?: HistoryService,
): Hover | null {
  // Without a roadmap file, or before it is read, nothing in code is judged, and the hover says nothing either.
  if (!index.judgesCode) return null;
  const ticket = ticketAt(index, file, position);
  if (ticket) return markdown(ticketMarkdown(index, ticket, revealLink), ticket.range);
  const target = idAt(index, file, position);
  const now = Math.floor(Date.now() / 1000);
  // In a new session the background history has no result yet: say it is coming rather than nothing.
  const computing = history?.computing === true;
  const ageOf = (annotation: Annotation | undefined) => {
    if (annotation?.kind !== 'debt') return '';
    const age = history?.debtAgeOf(file, annotation);
    if (age) return `\n\n${debtAgeMarkdown(age, now)}`;
    return computing ? `\n\n${HISTORY_COMPUTING('Added')}` : '';
  };
  if (!target) {
    const annotation = annotationAt(index, file, position);
    if (annotation && index.isUnlinkedDebt(annotation)) {
      return markdown(
        `**Unlinked debt** · ${escapeMarkdown(annotation.tag)}\n\nThis ${escapeMarkdown(annotation.tag)} is not on the roadmap, so nobody weighs it against feature work. ` +
          'Use **Propose to roadmap** (quick fix) to make it a proposed item, or link it to an existing item.' +
          ageOf(annotation),
        annotationExtent(annotation),
      );
    }
    return null;
  }
  const roadmap = index.roadmap;
  if (target.entity !== 'item') {
    const objective = target.entity === 'objective' ? roadmap.objectives.get(target.id) : undefined;
    const metric = target.entity === 'metric' ? roadmap.northStarMetrics.get(target.id) : undefined;
    if (objective) {
      const items = [...roadmap.items.values()].filter((item) => item.objective === objective.id);
      return markdown(
        `**${escapeMarkdown(objective.id)}** · ${escapeMarkdown(objective.title)}\n\n${plural(items.length, 'item serves', 'items serve')} this objective.`,
        target.range,
      );
    }
    if (metric)
      return markdown(
        `North-star metric **${escapeMarkdown(metric.id)}** · ${escapeMarkdown(metric.name)}`,
        target.range,
      );
    return null;
  }
  const item = roadmap.items.get(target.id);
  if (!item) {
    return target.role === 'code'
      ? markdown(`**${escapeMarkdown(target.id)}** is not on the roadmap.`, target.range)
      : null;
  }
  // Code lists no sites, so only counts are needed (the item's sites may be thousands).
  const sites = target.role === 'code' ? [] : index.sitesOf(item.id);
  const counts =
    target.role === 'code' ? index.siteCountsOf(item.id) : { sites: sites.length, debt: debtCountOf(sites) };
  const openTarget = revealLink?.(pathToUri(item.file), item.idRange);
  let text = itemCardMarkdown(
    itemCardOf(item, roadmap, { siteCount: counts.sites, debtCount: counts.debt, openTarget }, index.today()),
  );
  const histories = (history?.metricsOf(item.id) ?? [])
    .map((metric) => metricHistoryMarkdown(metric, now))
    .filter(Boolean);
  if (histories.length) text += `\n\n${histories.join('\n\n')}`;
  else if (computing && item.values.length)
    text += `\n\n${HISTORY_COMPUTING(`History of ${item.values.map((value) => escapeMarkdown(value.metric)).join(', ')}`)}`;
  if (target.role === 'code') text += ageOf(annotationAt(index, file, position));
  if (target.role !== 'code' && sites.length) {
    const lines = sites.slice(0, HOVER_SITE_LIMIT).map((site) => {
      const where = `${index.relativePath(site.file)}:${site.mention.range.start.line + 1}`;
      const link = revealLink?.(pathToUri(site.file), site.mention.range);
      const what =
        site.annotation.kind === 'debt'
          ? `${escapeMarkdown(site.annotation.tag)}: ${escapeMarkdown(site.annotation.text)}`
          : '@roadmap';
      return link ? `- [${escapeMarkdown(where)}](${link}) ${what}` : `- ${escapeMarkdown(where)} ${what}`;
    });
    if (sites.length > HOVER_SITE_LIMIT) lines.push(`- … and ${sites.length - HOVER_SITE_LIMIT} more`);
    text += `\n\n**Code sites**\n${lines.join('\n')}`;
  }
  return markdown(text, target.range);
}

/**
 * A ticket: its tracker, its URL as a link (the server never fetches it), and the item that lists it.
 * Only an http(s) URL becomes a link, so a roadmap file cannot plant a command link.
 */
function ticketMarkdown(index: WorkspaceIndex, target: TicketAtPosition, revealLink: RevealLink | undefined): string {
  const { ticket, tracker, item } = target;
  const lines: string[] = [];
  if (!tracker) {
    lines.push(
      `**${escapeMarkdown(ticket)}** · no tracker has the prefix "${escapeMarkdown(ticket.replace(/-?[0-9]+$/, ''))}": declare it under \`trackers\`.`,
    );
  } else {
    const trackerName = tracker.name
      ? `${escapeMarkdown(tracker.name)} (${escapeMarkdown(tracker.prefix)})`
      : `tracker ${escapeMarkdown(tracker.prefix)}`;
    lines.push(`**${escapeMarkdown(ticket)}** · ticket of ${trackerName}`);
    const url = ticketUrl(tracker, ticket);
    if (url && /^https?:\/\//i.test(url))
      lines.push(`[${escapeMarkdown(url)}](${url.replace(/[()<>\s]/g, (c) => encodeURIComponent(c))})`);
  }
  if (item) {
    const openTarget = revealLink?.(pathToUri(item.file), item.idRange);
    const counts = index.siteCountsOf(item.id);
    lines.push(`Listed by **${escapeMarkdown(item.id)}**:`);
    lines.push(
      itemCardMarkdown(
        itemCardOf(item, index.roadmap, { siteCount: counts.sites, debtCount: counts.debt, openTarget }, index.today()),
      ),
    );
  } else {
    lines.push(
      '**Tracked outside the roadmap**: no item lists it in `tickets`. Quick fixes: add it to an item, or propose a new item for it.',
    );
  }
  return lines.join('\n\n');
}

function markdown(value: string, range: Hover['range']): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}
