/** Code actions: quick fixes for unknown IDs, and Propose / Link for unlinked debt. */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver';
import { compareIds } from '../core/ids';
import { proposalDefaults, rankItemsForComment } from '../core/propose';
import { rangesIntersect } from '../core/text';
import { annotationExtent } from '../core/workspace/locate';
import { COMMANDS, type AddTicketArgs, type LinkArgs, type ProposeAllArgs, type ProposeArgs } from '../protocol';
import { isFinished, type Annotation, type ProblemCode } from '../core/types';
import type { WorkspaceIndex } from '../core/workspace';

/** Diagnostics whose `data.suggestions` each give a "Change to …" fix replacing the diagnostic's range. */
const REPLACEABLE_CODES: ReadonlySet<string> = new Set<ProblemCode>([
  'unknown-item',
  'unknown-objective',
  'unknown-dependency',
  'unknown-metric',
  'schema',
  'invalid-mix',
  'unlinked-debt',
]);

/** Editors without a pick list get this many direct "Link to …" actions. */
const DIRECT_LINK_ACTIONS = 3;

/**
 * Where the cursor offers an annotation's actions: its whole comment, from the start of the tag's line (so
 * the comment opener and the text before the tag count too: `// check(x); // TODO: …` with the cursor on
 * `//`) to the end of its last continuation line (a block comment's next lines and closer, the `//` lines
 * below).
 */
function actionRange(annotation: Annotation): Range {
  return { start: { line: annotation.tagRange.start.line, character: 0 }, end: annotationExtent(annotation).end };
}

/**
 * Quick fixes for the range. `trusted`: propose and link write files, which an untrusted workspace does
 * not allow, so they are not offered there. `pickers`: the client asks the user to pick an item itself
 * (the VS Code client), so "Link to existing item…" is offered; every client gets direct "Link to RM-12".
 */
export function codeActions(
  index: WorkspaceIndex,
  trusted: boolean,
  file: string,
  params: CodeActionParams,
  pickers = false,
): CodeAction[] {
  const actions: CodeAction[] = [];
  // Clients echo diagnostics back in their own shape (Neovim 0.7 may send `{ code }` alone): keep whole ones.
  params = {
    ...params,
    context: {
      ...params.context,
      diagnostics: params.context.diagnostics.filter((diagnostic) => diagnostic?.range?.start && diagnostic.range.end),
    },
  };
  for (const diagnostic of params.context.diagnostics) {
    // An unknown ID's closest IDs (in code, or an objective/dependency/metric a roadmap entry names); a format
    // key or a kind of the mix in the wrong case or one typo away (`Items:`, `objetive:`, `featur:`) its right
    // spelling; a mistyped link in unlinked debt (`TODO(OKK-1)`) the item it likely meant.
    actions.push(...replaceWithSuggestions(params.textDocument.uri, diagnostic));
  }
  // No verdict, so no fix, before the roadmap is read (nor without one).
  if (!trusted || !index.judgesCode) return actions;
  const unlinked = index.annotationsOf(file).filter((annotation) => index.isUnlinkedDebt(annotation));
  for (const annotation of unlinked) {
    if (!rangesIntersect(actionRange(annotation), params.range)) continue;
    const target = {
      uri: params.textDocument.uri,
      line: annotation.tagRange.start.line,
      character: annotation.tagRange.start.character,
      expectedText: annotation.text,
    };
    const diagnostics = params.context.diagnostics.filter(
      (diagnostic) => diagnostic.code === 'unlinked-debt' && rangesIntersect(diagnostic.range, annotation.range),
    );
    const proposeArgs: ProposeArgs = {
      ...target,
      defaults: proposalDefaults(index.roadmap, annotation.text, index.relativePath(file)),
    };
    // A mistyped link (`TODO(OKK-1)`) has "Change to OK-1" as its preferred fix: one preferred fix only, or
    // an editor's auto-fix has no single choice.
    const typoFixed = diagnostics.some((diagnostic) => replacements(diagnostic).length > 0);
    actions.push({
      title: 'Propose to roadmap',
      kind: CodeActionKind.QuickFix,
      diagnostics,
      isPreferred: !typoFixed,
      command: { title: 'Propose to roadmap', command: COMMANDS.propose, arguments: [proposeArgs] },
    });
    const candidates = linkCandidates(index, annotation, file);
    // Offered whenever there is an item to link to: the ranking only orders the pick list (which lists
    // every item after it), since a comment may share no word with the item it belongs to (`TODO: test`).
    if (index.roadmap.items.size && pickers) {
      const linkArgs: LinkArgs = { ...target, candidates };
      actions.push({
        title: 'Link to existing item…',
        kind: CodeActionKind.QuickFix,
        diagnostics,
        command: { title: 'Link to existing item…', command: COMMANDS.linkExisting, arguments: [linkArgs] },
      });
    }
    if (candidates.length) {
      for (const candidate of candidates.slice(0, DIRECT_LINK_ACTIONS)) {
        const args: LinkArgs = { ...target, id: candidate.id };
        actions.push({
          title: `Link to ${candidate.id} ${candidate.title}`,
          kind: CodeActionKind.QuickFix.concat('.roadmapLinks.link'),
          diagnostics,
          command: { title: `Link to ${candidate.id}`, command: COMMANDS.linkExisting, arguments: [args] },
        });
      }
    }
  }
  actions.push(...ticketActions(index, file, params));
  if (unlinked.length > 1 && unlinked.some((annotation) => rangesIntersect(actionRange(annotation), params.range))) {
    const proposeAllArgs: ProposeAllArgs = {
      uri: params.textDocument.uri,
      defaults: proposalDefaults(index.roadmap, unlinked[0].text, index.relativePath(file)),
    };
    actions.push({
      title: `Propose all ${unlinked.length} unlinked debt comments in this file`,
      kind: CodeActionKind.QuickFix,
      command: {
        title: 'Propose all unlinked debt in this file',
        command: COMMANDS.proposeAllInFile,
        arguments: [proposeAllArgs],
      },
    });
  }
  return actions;
}

/** Items that fit a comment best (title words, `paths` globs), for "Link to existing item". */
function linkCandidates(index: WorkspaceIndex, annotation: Annotation, file: string): { id: string; title: string }[] {
  const ranked = rankItemsForComment([...index.roadmap.items.values()], annotation.text, index.relativePath(file));
  return ranked.map(({ item }) => ({ id: item.id, title: item.title }));
}

/**
 * For a ticket no item lists: "Add KEY to RM-12 …" for the items that fit the comment best (or the first
 * open items), each one edit of the roadmap file, and "Propose KEY to the roadmap" (a new item listing it).
 */
function ticketActions(index: WorkspaceIndex, file: string, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const annotation of index.annotationsOf(file)) {
    if (annotation.kind !== 'debt' || !rangesIntersect(annotation.range, params.range)) continue;
    for (const link of index.ticketsOf(annotation)) {
      if (link.item || !rangesIntersect(link.mention.range, params.range)) continue;
      const ticket = link.mention.id;
      const diagnostics = params.context.diagnostics.filter(
        (diagnostic) =>
          diagnostic.code === 'ticket-not-on-roadmap' && rangesIntersect(diagnostic.range, link.mention.range),
      );
      const open = [...index.roadmap.items.values()].filter((item) => !isFinished(item));
      const ranked = rankItemsForComment(open, annotation.text, index.relativePath(file)).map(({ item }) => item);
      const candidates = ranked.length ? ranked : open.sort((a, b) => compareIds(a.id, b.id));
      for (const item of candidates.slice(0, DIRECT_LINK_ACTIONS)) {
        const args: AddTicketArgs = { id: item.id, ticket };
        actions.push({
          title: `Add ${ticket} to ${item.id} ${item.title}`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          command: { title: `Add ${ticket} to ${item.id}`, command: COMMANDS.addTicket, arguments: [args] },
        });
      }
      const proposeArgs: ProposeArgs = {
        uri: params.textDocument.uri,
        line: annotation.tagRange.start.line,
        character: annotation.tagRange.start.character,
        expectedText: annotation.text,
        ticket,
        defaults: proposalDefaults(index.roadmap, annotation.text, index.relativePath(file)),
      };
      actions.push({
        title: `Propose ${ticket} to the roadmap`,
        kind: CodeActionKind.QuickFix,
        diagnostics,
        command: { title: 'Propose to roadmap', command: COMMANDS.propose, arguments: [proposeArgs] },
      });
    }
  }
  return actions;
}

type ReplaceableData = { suggestions?: string[]; caveats?: string[]; replaceRange?: Range } | undefined;

/** The "Change to …" replacements a diagnostic offers (clients may echo it back without its data). */
function replacements(diagnostic: Diagnostic): string[] {
  if (typeof diagnostic.code !== 'string' || !REPLACEABLE_CODES.has(diagnostic.code)) return [];
  return (diagnostic.data as ReplaceableData)?.suggestions ?? [];
}

function replaceWithSuggestions(uri: string, diagnostic: Diagnostic): CodeAction[] {
  const data = diagnostic.data as ReplaceableData;
  return replacements(diagnostic).map((suggestion, i) => ({
    title: `Change to ${suggestion}${data?.caveats?.[i] ? ` (${data.caveats[i]})` : ''}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    // A doubtful fix (a finished item) is never applied by an editor's auto-fix.
    isPreferred: i === 0 && !data?.caveats,
    edit: { changes: { [uri]: [{ range: data?.replaceRange ?? diagnostic.range, newText: suggestion }] } },
  }));
}
