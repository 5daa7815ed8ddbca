/**
 * The choices the VS Code client offers around the server's propose/link commands: pick lists,
 * how the choices are merged into the command's arguments, and how a command result is shown.
 */
import {
  VALUE_CATEGORIES,
  type CommandResult,
  type LinkArgs,
  type ProposalDefaults,
  type ProposeArgs,
  type TreeItemDto,
  type TreeResult,
} from '../../../server/src/protocol';
import { plural } from '../../../server/src/core/format';

export interface PickEntry<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/** The value of the entry that leaves a choice to the server. */
const KEEP_DEFAULT = undefined;

const CATEGORY_HINTS: Record<(typeof VALUE_CATEGORIES)[number], string> = {
  reliability: 'uptime, latency, error rates',
  security: 'vulnerabilities, exposure, compliance',
  performance: 'speed, resource use, cost',
  velocity: 'how fast the team ships',
  customer: 'satisfaction, adoption, retention',
  revenue: 'income, conversion',
};

/** "Skip — keeps OBJ-RESILIENCE": what Escape or Skip leaves the choice at, said up front. */
function skipEntry(current: string | undefined, none: string): PickEntry<string | undefined> {
  return { label: current ? `Skip — keeps ${current}` : `Skip — ${none}`, value: KEEP_DEFAULT };
}

export function objectivePicks(
  tree: TreeResult | undefined,
  current: string | undefined,
): PickEntry<string | undefined>[] {
  const picks = [skipEntry(current, 'no objective')];
  if (!tree) return picks;
  const itemCounts = new Map<string, number>();
  for (const item of tree.items)
    if (item.objective) itemCounts.set(item.objective, (itemCounts.get(item.objective) ?? 0) + 1);
  const seen = new Set<string>();
  for (const objective of tree.objectives) {
    if (seen.has(objective.id)) continue;
    seen.add(objective.id);
    picks.push({
      label: objective.id,
      description: objective.title,
      detail: plural(itemCounts.get(objective.id) ?? 0, 'item'),
      value: objective.id,
    });
  }
  return picks;
}

export function categoryPicks(current: string | undefined): PickEntry<string | undefined>[] {
  return [
    skipEntry(current, 'no category'),
    ...VALUE_CATEGORIES.map((category) => ({
      label: category,
      description: CATEGORY_HINTS[category],
      value: category,
    })),
  ];
}

export interface ProposeChoices {
  objective?: string;
  category?: string;
  metric?: string;
}

/** What each step starts at: a choice already in the arguments, else the default the server sent with them. */
export function choiceDefaults(args: ProposeChoices & ProposalDefaults): ProposeChoices {
  const defaults: ProposeChoices = { ...args.defaults };
  if (args.objective !== undefined) defaults.objective = args.objective;
  if (args.category !== undefined) defaults.category = args.category;
  if (args.metric !== undefined) defaults.metric = args.metric;
  return defaults;
}

/** The arguments with every choice the user made; a skipped (undefined) or blank choice keeps the original. */
export function withChoices<T extends object>(args: T, choices: ProposeChoices): T & ProposeChoices {
  const result: T & ProposeChoices = { ...args };
  if (choices.objective !== undefined) result.objective = choices.objective;
  if (choices.category !== undefined) result.category = choices.category;
  const metric = choices.metric?.trim();
  if (metric) result.metric = metric;
  return result;
}

/** What the server passes as propose arguments, checked, since command arguments arrive untyped. */
export function asProposeArgs(value: unknown): ProposeArgs | undefined {
  if (!isRecord(value) || typeof value.uri !== 'string' || typeof value.line !== 'number') return undefined;
  return value as unknown as ProposeArgs;
}

export function asLinkArgs(value: unknown): LinkArgs | undefined {
  if (!isRecord(value) || typeof value.uri !== 'string' || typeof value.line !== 'number') return undefined;
  return value as unknown as LinkArgs;
}

/**
 * Items to link a debt comment to: the server's ranking first, then the tree's other items with finished
 * (done/dropped) ones last, since linking debt to a finished item makes it stale at once. The ranking
 * goes by shared words, and the item a comment belongs to may share none with it.
 */
export function linkPicks(tree: TreeResult | undefined, candidates: LinkArgs['candidates']): PickEntry<string>[] {
  const byId = new Map<string, TreeItemDto>();
  for (const item of tree?.items ?? []) if (!byId.has(item.id)) byId.set(item.id, item);
  const entry = (id: string, title?: string): PickEntry<string> => {
    const item = byId.get(id);
    const description = item?.title ?? title;
    const facts = [item?.status, item?.objective].filter(Boolean).join(' · ');
    return { label: id, ...(description ? { description } : {}), ...(facts ? { detail: facts } : {}), value: id };
  };
  const seen = new Set<string>();
  const ranked = (candidates ?? []).filter((c) => !seen.has(c.id) && seen.add(c.id)).map((c) => entry(c.id, c.title));
  const open: string[] = [];
  const finished: string[] = [];
  for (const [id, item] of byId) {
    if (seen.has(id)) continue;
    (item.status === 'done' || item.status === 'dropped' ? finished : open).push(id);
  }
  return [...ranked, ...[...open, ...finished].map((id) => entry(id))];
}

export type ResultNotice =
  | { kind: 'warning'; message: string; errorLocation?: CommandResult['errorLocation'] }
  | { kind: 'status'; message: string };

/** A failed command is a warning (with where to look); a success is a brief status-bar note. */
export function resultNotice(result: unknown, verb: 'Proposed' | 'Linked'): ResultNotice | undefined {
  if (!isRecord(result) || typeof result.applied !== 'boolean') return undefined;
  const commandResult = result as unknown as CommandResult;
  if (!commandResult.applied) {
    const message = commandResult.message || 'Nothing was changed.';
    return commandResult.errorLocation
      ? { kind: 'warning', message, errorLocation: commandResult.errorLocation }
      : { kind: 'warning', message };
  }
  const ids = Array.isArray(commandResult.ids) ? commandResult.ids : [];
  return { kind: 'status', message: ids.length ? `${verb} ${ids.join(', ')}` : `${verb}.` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
