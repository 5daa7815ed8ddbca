/**
 * The pure pieces of "Propose to roadmap" around the YAML edit: choosing new IDs, turning a debt comment
 * into a title, linking the comment to the new item, and ranking existing items a comment may belong to.
 */
import { globMatcher as compileGlob } from '../glob';
import { DEFAULT_SETTINGS, isFinished } from '../types';
import type { Roadmap, RoadmapItem } from '../types';
import type { OffsetEdit } from './yamlEdit';
import { compileIdPattern } from '../settings';

/** `PREFIX-123`: the prefix is everything before the last dash-and-digits. */
const ID_SHAPE = /^(.+)-([0-9]+)$/;

function splitId(id: string): { prefix: string; digits: string } | undefined {
  const match = ID_SHAPE.exec(id);
  return match ? { prefix: match[1], digits: match[2] } : undefined;
}

/** The prefix most existing IDs use ("RM" for RM-1, RM-2, OPS-1); ties go to the one seen first. */
export function idPrefixOf(existingIds: Iterable<string>, fallback = 'RM'): string {
  const counts = new Map<string, number>();
  let best: string | undefined;
  let bestCount = 0;
  for (const id of existingIds) {
    const prefix = splitId(id)?.prefix;
    if (prefix === undefined) continue;
    const count = (counts.get(prefix) ?? 0) + 1;
    counts.set(prefix, count);
    if (count > bestCount) {
      best = prefix;
      bestCount = count;
    }
  }
  return best ?? fallback;
}

/** Widths tried when the ID pattern fixes how many digits a number has (`TEAM-[0-9]{4}` → TEAM-0042). */
const MAX_DIGIT_WIDTH = 12;
/** Numbers tried per prefix before giving up: taken ones are skipped, a pattern may reject others. */
const MAX_ID_ATTEMPTS = 10_000;

export interface NewIdRequest {
  count: number;
  /** IDs of the roadmap's items: the prefix is chosen from these, and numbers go on after theirs. */
  itemIds: string[];
  /** The other IDs of the roadmap's one ID space (objectives, north-star metrics): never reused, no say in the prefix. */
  otherIds: string[];
  /** Prefixes to prefer, best first (the target file's own, then the roadmap's); more are derived. */
  preferredPrefixes: string[];
  /** The `idPattern` setting (regular expression source): every new ID matches it whole. */
  idPattern: string;
  /** Tracker prefixes: their keys are tickets, so no new item ID uses one. */
  trackerPrefixes: ReadonlySet<string>;
  /** Keys that must stay free: every key in the workspace's comments, every item's tickets, IDs handed out. */
  reserved: Iterable<string>;
}

export type NewIds = { ok: true; ids: string[] } | { ok: false; reason: string };

/**
 * `count` IDs that are really free: with the roadmap's own prefix (the one most items use), matching
 * the ID pattern (zero-padded when the pattern fixes the digits), never a tracker prefix, never a
 * key already in use anywhere (item, objective, comment, ticket). Or why none can be made.
 */
export function newItemIds(request: NewIdRequest): NewIds {
  let whole: RegExp;
  try {
    // The settings' compiler: a pattern from settings runs on the linear-time engine here too.
    whole = compileIdPattern(request.idPattern).whole;
  } catch {
    return {
      ok: false,
      reason: `roadmapLinks.idPattern "${request.idPattern}" is not a valid regular expression, so no new ID can be checked against it.`,
    };
  }
  const valid = request.itemIds.filter((id) => whole.test(id));
  const prefixes: string[] = [];
  const consider = (prefix: string | undefined) => {
    if (prefix && !prefixes.includes(prefix) && !request.trackerPrefixes.has(prefix)) prefixes.push(prefix);
  };
  for (const prefix of request.preferredPrefixes) consider(prefix);
  consider(idPrefixOf(valid, ''));
  consider(literalPrefixOf(request.idPattern));
  consider('RM');
  consider('rm');
  // OBJ-1 stays taken, yet makes no item OBJ-2: an objective's ID is not an item's.
  const reserved = [...request.otherIds, ...request.reserved];
  for (const prefix of prefixes) {
    const ids = numberedIds(valid, prefix, request.count, reserved, whole);
    if (ids) return { ok: true, ids };
  }
  const tried = prefixes.length ? prefixes.join(', ') : 'none (every candidate is a tracker prefix)';
  return {
    ok: false,
    reason:
      `No free item ID matches roadmapLinks.idPattern "${request.idPattern}" (prefixes tried: ${tried}; tracker prefixes are never used). ` +
      'Add an item with the ID you want by hand, or change the setting. Nothing was edited.',
  };
}

/** The literal prefix a pattern starts with: "TEAM" for `TEAM-[0-9]{4}`; none for `[A-Z]+-[0-9]+`. */
function literalPrefixOf(pattern: string): string | undefined {
  return /^\^?([A-Za-z][A-Za-z0-9_]*)-/.exec(pattern)?.[1];
}

/**
 * `count` IDs with `prefix`, numbered after the highest existing one, each matching `whole`, or undefined.
 * Gaps are not reused (a deleted ID may still be named in old comments and commits); numbers are compared
 * by value, so RM-007 blocks RM-7; the zero-padding of the highest existing ID is kept (RM-009 → RM-010).
 */
function numberedIds(
  existingIds: string[],
  prefix: string,
  count: number,
  reserved: string[],
  whole: RegExp,
): string[] | undefined {
  const taken = new Set<bigint>();
  let max = 0n;
  let width = 0;
  const note = (id: string, raisesMax: boolean): void => {
    const parts = splitId(id);
    // Case ignored: "rm-7" in a comment and a new "RM-7" would be read as the same by people.
    if (!parts || parts.prefix.toLowerCase() !== prefix.toLowerCase()) return;
    const value = BigInt(parts.digits);
    taken.add(value);
    if (raisesMax && value >= max) {
      max = value;
      width = parts.digits.startsWith('0') ? parts.digits.length : 0;
    }
  };
  for (const id of existingIds) note(id, true);
  for (const id of reserved) note(id, false);
  const result: string[] = [];
  let chosenWidth: number | undefined;
  for (let candidate = max + 1n, attempts = 0; result.length < count; candidate++) {
    if (++attempts > MAX_ID_ATTEMPTS) return undefined;
    if (taken.has(candidate)) continue;
    const digits = candidate.toString();
    const widths =
      chosenWidth !== undefined ? [chosenWidth] : [width, ...Array.from({ length: MAX_DIGIT_WIDTH + 1 }, (_, w) => w)];
    const fitting = widths.find((w) => whole.test(`${prefix}-${digits.padStart(w, '0')}`));
    if (fitting === undefined) {
      if (chosenWidth === undefined && result.length === 0) return undefined;
      continue;
    }
    chosenWidth = fitting;
    result.push(`${prefix}-${digits.padStart(fitting, '0')}`);
  }
  return result;
}

const TITLE_MAX = 80;
const UNTITLED = 'Untitled debt';
const COMMENT_LEADER = /^(?:\/\/+|\/\*+|<!--|#+|--+|;+|%+|\*+)\s*/;
const COMMENT_CLOSER = /\s*(?:\*+\/|-->)\s*$/;
const TAG_PREFIX = new RegExp(
  `^@?(?:${DEFAULT_SETTINGS.tags.join('|')})(?![A-Za-z0-9_])\\s*(?:\\([^)]*\\)|\\[[^\\]]*\\])?\\s*[:\\-–—]?\\s*`,
);
/** Words whose trailing period does not end a sentence. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'cf', 'approx', 'incl', 'eg', 'ie', 'esp', 'resp']);
const EDGE_PUNCTUATION_START = /^[\s:;,.\-–—]+/;
const EDGE_PUNCTUATION_END = /[\s:;,.\-–—]+$/;

/** A leading `(alice)` / `[2027-01-31]` group left before the text. */
const LEADING_GROUP = /^(?:\([^)]*\)|\[[^\]]*\])\s*[:\-–—]?\s*/;

/**
 * A roadmap title from a debt comment's text and its continuation lines (joined): comment markers, a
 * leading debt tag (with its `(ID)` or `:`) and a leading group removed, whitespace collapsed, cut at
 * the end of the first sentence, at most 80 characters (cut at a word boundary with "…"). The
 * engineer's wording and case are kept. "Untitled debt" when nothing is left.
 */
export function titleFromDebtText(text: string, continuation?: string): string {
  let title = (continuation ? `${text} ${continuation}` : text).trim().replace(COMMENT_CLOSER, '');
  title = title.replace(COMMENT_LEADER, '').replace(TAG_PREFIX, '').replace(LEADING_GROUP, '');
  title = title.replace(/\s+/g, ' ').trim();
  title = firstSentence(title);
  title = title.replace(EDGE_PUNCTUATION_START, '').replace(EDGE_PUNCTUATION_END, '');
  if (title.length > TITLE_MAX) title = truncateAtWord(title, TITLE_MAX);
  // Only punctuation left (`(TODO)).` leaves ")"): no words, no title.
  return /[\p{L}\p{N}]/u.test(title) ? title : UNTITLED;
}

function firstSentence(text: string): string {
  const boundary = /[.!?;](?=\s|$)/g;
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    const end = match.index;
    const word = /([\p{L}.]+)$/u.exec(text.slice(0, end))?.[1].toLowerCase() ?? '';
    // "e.g." and single initials ("J. Doe") are not sentence ends.
    if (text[end] === '.' && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word))) continue;
    return text.slice(0, text[end] === '.' || text[end] === ';' ? end : end + 1);
  }
  return text;
}

function truncateAtWord(text: string, max: number): string {
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space >= max / 2) cut = cut.slice(0, space);
  // Never leave half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.replace(EDGE_PUNCTUATION_END, '') + '…';
}

/**
 * The edit that links a debt comment to `id`, as offsets within `lineText`: `TODO: x` → `TODO(RM-31): x`,
 * `FIXME x` → `FIXME(RM-31) x`. A tag already followed by a group that holds no ID, such as `TODO(alice)`,
 * gets the ID added inside it (`TODO(alice, RM-31)`), since an ID anywhere in the comment links it.
 */
export function linkCommentEdit(lineText: string, tagStart: number, tagLength: number, id: string): OffsetEdit {
  const tagEnd = Math.min(Math.max(tagStart + tagLength, 0), lineText.length);
  const group = /^(?:\(([^()]*)\)|\[([^[\]]*)\])/.exec(lineText.slice(tagEnd));
  if (group) {
    const inner = group[1] ?? group[2];
    const innerStart = tagEnd + 1;
    if (inner.trim() === '') return { start: innerStart, end: innerStart + inner.length, newText: id };
    const innerEnd = innerStart + inner.trimEnd().length;
    return { start: innerEnd, end: innerEnd, newText: `, ${id}` };
  }
  return { start: tagEnd, end: tagEnd, newText: `(${id})` };
}

// ---------------------------------------------------------------------------------------------
// Ranking existing items for a comment

const STOP_WORDS = new Set(
  (
    'a an and are as at be but by do does for from has have if in into is it its not of on or so that the ' +
    'this to too was we were when where which will with should must need needs use used make per via'
  ).split(' '),
);

/** Lowercased content words, camelCase split, crudely stemmed so "caching"/"cache" and "tables"/"table" meet. */
function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  const spaced = text.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
  for (const raw of spaced.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 2 || STOP_WORDS.has(raw)) continue;
    words.add(stem(raw));
  }
  return words;
}

function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ing', 'ed', 'es', 's', 'e']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  }
  return word;
}

const globMatchers = new Map<string, (path: string) => boolean>();

function globMatcher(glob: string): (path: string) => boolean {
  let matcher = globMatchers.get(glob);
  if (!matcher) {
    // An invalid glob (reported by the roadmap checks) matches nothing.
    matcher = compileGlob(glob);
    // Globs come from roadmap files; the bound only guards a very long session against growth.
    if (globMatchers.size >= 2000) globMatchers.clear();
    globMatchers.set(glob, matcher);
  }
  return matcher;
}

/**
 * Existing items an unlinked debt comment may belong to, best first. Score: the overlap of the comment's
 * and the title's content words (|shared| / √(|comment|·|title|), 0..1), plus 1 when one of the item's
 * `paths` globs matches the file. Finished (done/dropped) items and items scoring 0 are left out; equal
 * scores are ordered by ID.
 */
export function rankItemsForComment(
  items: RoadmapItem[],
  commentText: string,
  workspaceRelativePath: string,
): { item: RoadmapItem; score: number }[] {
  const commentWords = contentWords(commentText);
  const path = workspaceRelativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  const ranked: { item: RoadmapItem; score: number }[] = [];
  for (const item of items) {
    if (isFinished(item)) continue;
    let score = 0;
    if (commentWords.size > 0) {
      const titleWords = contentWords(item.title);
      let shared = 0;
      for (const word of titleWords) if (commentWords.has(word)) shared++;
      if (shared > 0) score += shared / Math.sqrt(commentWords.size * titleWords.size);
    }
    if (item.paths.some((glob) => globMatcher(glob)(path))) score += 1;
    if (score > 0) ranked.push({ item, score });
  }
  return ranked.sort((a, b) => b.score - a.score || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
}

/**
 * The objective and value category a proposal gets when the user picks none: those of the open item that
 * fits the comment best, else the roadmap's only objective. The server applies them and the code action
 * carries them, so pick lists can say what skipping keeps.
 */
export function proposalDefaults(
  roadmap: Roadmap,
  commentText: string,
  workspaceRelativePath: string,
): { objective?: string; category?: string } {
  const best = rankItemsForComment([...roadmap.items.values()], commentText, workspaceRelativePath)[0];
  if (best) {
    const defaults: { objective?: string; category?: string } = {};
    if (best.item.objective !== undefined) defaults.objective = best.item.objective;
    if (best.item.values[0]?.category !== undefined) defaults.category = best.item.values[0].category;
    return defaults;
  }
  if (roadmap.objectives.size === 1) return { objective: [...roadmap.objectives.keys()][0] };
  return {};
}
