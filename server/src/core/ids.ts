/** Item IDs: their natural order, and the IDs a typo most likely meant. */
import { isFinished, type ItemStatus } from './types';

/**
 * Natural order: RM-2 before RM-10, case ignored (then lower case first, as
 * `Intl.Collator('en', { numeric: true })` orders them; and a total order, so sorting is stable). Written
 * out rather than an `Intl.Collator`: building one loads ICU's collation data, 5–18 ms of every start of
 * `check` and the server, which compare IDs to sort their output.
 */
export function compareIds(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      // Two runs of digits compare by their values: past leading zeros, the longer run is the greater
      // number, and runs of one length compare digit by digit.
      while (a.charCodeAt(i) === ZERO && isDigit(a.charCodeAt(i + 1))) i++;
      while (b.charCodeAt(j) === ZERO && isDigit(b.charCodeAt(j + 1))) j++;
      let endA = i;
      let endB = j;
      while (isDigit(a.charCodeAt(endA))) endA++;
      while (isDigit(b.charCodeAt(endB))) endB++;
      if (endA - i !== endB - j) return endA - i - (endB - j);
      for (; i < endA; i++, j++) if (a[i] !== b[j]) return a.charCodeAt(i) - b.charCodeAt(j);
      continue;
    }
    const order = rankOf(a[i]) - rankOf(b[j]) || compareStrings(a[i].toLowerCase(), b[j].toLowerCase());
    if (order !== 0) return order;
    i++;
    j++;
  }
  if (i < a.length || j < b.length) return i < a.length ? 1 : -1;
  // Equal but for case or leading zeros: lower case (a greater code unit) first.
  return compareStrings(b, a);
}

const ZERO = 48;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= 57;
}

/** ASCII punctuation in the order of the Unicode collation (CLDR root) that `Intl.Collator` follows. */
const PUNCTUATION = '_-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$';

/** Punctuation (in collation order) before digits before letters, as in a collator. */
function rankOf(char: string): number {
  if (isDigit(char.charCodeAt(0))) return PUNCTUATION.length + 1;
  if (char.toLowerCase() !== char.toUpperCase()) return PUNCTUATION.length + 2;
  const punctuation = PUNCTUATION.indexOf(char);
  return punctuation >= 0 ? punctuation : PUNCTUATION.length;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * How many edits a typo of a word this long may hold: none under four characters (a three-letter word is
 * one edit from too many others), one up to seven, two from eight on. Two edits on a short ID are another
 * ID altogether (RM-3 is two from RM-12). The one rule of every "did you mean": IDs, format keys, settings.
 */
function typoBudget(length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2;
}

/**
 * Up to `limit` candidates nearest to `id` (an ID, a key or a setting's name), case ignored, within the
 * typo budget of its length; best first (edit distance, then natural order). Where both end in a number
 * (RM-12, PAYMENTS-35), that number takes one edit at most, a swap of two neighbouring digits being one:
 * another number is another item, so PAYMENTS-12 is never told of PAYMENTS-35, though its length allows two
 * edits, while PAYMNTS-12 is of PAYMENTS-12 and RM-21 of RM-12.
 */
export function closestIds(id: string, candidates: Iterable<string>, limit = 3): string[] {
  const maxDistance = typoBudget(id.length);
  const written = splitNumber(id.toLowerCase());
  const scored: { id: string; distance: number }[] = [];
  for (const candidate of candidates) {
    const distance = typoDistance(written, candidate.toLowerCase(), maxDistance);
    if (distance <= maxDistance) scored.push({ id: candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || compareIds(a.id, b.id));
  return scored.slice(0, limit).map((entry) => entry.id);
}

/** A word and its trailing number: `rm-12` is `rm-` and `12`; `perf` has no number. */
interface Split {
  whole: string;
  head: string;
  number?: string;
}

function splitNumber(word: string): Split {
  let start = word.length;
  while (start > 0 && isDigit(word.charCodeAt(start - 1))) start--;
  return start < word.length
    ? { whole: word, head: word.slice(0, start), number: word.slice(start) }
    : { whole: word, head: word };
}

/** Edits from `written` to `candidate` (both lower case), the number part one at most; past `cap`, `cap + 1`. */
function typoDistance(written: Split, candidate: string, cap: number): number {
  if (written.number === undefined) return editDistance(written.whole, candidate, cap);
  const other = splitNumber(candidate);
  if (other.number === undefined) return editDistance(written.whole, candidate, cap);
  const numberEdits = editDistance(written.number, other.number, 1);
  if (numberEdits > Math.min(1, cap)) return cap + 1;
  return numberEdits + editDistance(written.head, other.head, cap - numberEdits);
}

/** The items an unknown ID likely meant; `caveats`, when given, says each one's status (they are finished). */
export interface ItemSuggestions {
  ids: string[];
  caveats?: string[];
}

/**
 * The items an unknown ID (in code, or in a `dependsOn`) likely meant: the open ones near it. A finished (done
 * or dropped) item only when no open one is near, with its status said, and so never the preferred fix: debt
 * linked to it is stale at once and work waiting on it waits on nothing, so it is rarely what the writer
 * meant, but an old comment may well cite a finished item with a typo.
 */
export function suggestItems(
  id: string,
  items: ReadonlyMap<string, { id: string; status?: ItemStatus }>,
): ItemSuggestions {
  const open: string[] = [];
  const finished: string[] = [];
  for (const [itemId, item] of items) (isFinished(item) ? finished : open).push(itemId);
  const ids = closestIds(id, open);
  if (ids.length) return { ids };
  const finishedIds = closestIds(id, finished);
  return finishedIds.length
    ? { ids: finishedIds, caveats: finishedIds.map((meant) => items.get(meant)!.status!) }
    : { ids: [] };
}

/** A message's "Did you mean …?" for these suggestions (finished items with their status), or nothing. */
export function didYouMean({ ids, caveats }: ItemSuggestions): string {
  if (!ids.length) return '';
  return ` Did you mean ${ids.map((id, i) => (caveats ? `${id} (${caveats[i]})` : id)).join(', ')}?`;
}

/**
 * The existing IDs a mistyped key most likely meant (`OKK-1`, `ok-1`, `OK1` for OK-1): the same ID up to
 * case and its dash, or the same number under a prefix one edit away. Stricter than `closestIds`, since it
 * is said of text that is no ID at all, where a loose guess would be noise.
 */
export function likelyMeantIds(written: string, ids: Iterable<string>): string[] {
  const squashed = written.toUpperCase().replace('-', '');
  const dash = written.lastIndexOf('-');
  const prefix = dash > 0 ? written.slice(0, dash).toUpperCase() : undefined;
  const number = dash > 0 ? written.slice(dash + 1) : undefined;
  const meant: string[] = [];
  for (const id of ids) {
    if (id.toUpperCase().replace('-', '') === squashed) meant.push(id);
    else if (prefix !== undefined && number === id.slice(id.lastIndexOf('-') + 1)) {
      const idPrefix = prefixOf(id);
      if (idPrefix !== id && editDistance(prefix, idPrefix.toUpperCase(), 1) <= 1) meant.push(id);
    }
  }
  return meant.sort(compareIds);
}

/**
 * Edit distance counting a swap of two neighbouring characters as one edit (optimal string alignment:
 * `stauts` is one typo of `status`, not two), giving up (returning `cap + 1`) once it must exceed `cap`.
 */
export function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > cap) return cap + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/** The prefix of a key: everything before its last dash ("KAFKA" for KAFKA-123); "#" for "#123". */
export function prefixOf(id: string): string {
  if (id.startsWith('#')) return '#';
  const dash = id.lastIndexOf('-');
  return dash > 0 ? id.slice(0, dash) : id;
}
