/**
 * Annotations in comments: debt tags (`TODO(RM-12): …`) and markers (`@roadmap RM-12`).
 * Tags are found first with one pass over the whole text; a text without any skips lexing entirely,
 * and lexing stops after the last tag, so the cost of a file is mostly one regex pass.
 */
import { MARKER_TAG, type CompiledSettings } from '../settings';
import { LineMap } from '../text';
import type { Annotation, IdMention } from '../types';
import { lexComments, type LexedComment } from './comments';
import { languageOfFile } from './files';
import { syntaxOf } from './languages';

/** The annotations in a file's comments; [] for a file whose language the scanner does not know. */
export function scanText(text: string, filePath: string, settings: CompiledSettings): Annotation[] {
  const languageId = languageOfFile(filePath, text);
  return languageId === undefined ? [] : scanLanguageText(text, languageId, settings);
}

/** As `scanText`, for a text whose language id is known (an editor's untitled document). */
export function scanLanguageText(text: string, languageId: string, settings: CompiledSettings): Annotation[] {
  if (syntaxOf(languageId) === undefined) return [];
  const candidates = findCandidates(text, settings);
  if (candidates.length === 0) return [];
  // A few lines past the last tag: an annotation's text may continue on the comment's next lines.
  const comments = lexComments(
    text,
    languageId,
    offsetAfterLines(text, candidates[candidates.length - 1].offset, MAX_CONTINUATION_LINES + 1),
  );
  if (comments.length === 0) return [];
  return new AnnotationBuilder(text, comments, settings).build(candidates);
}

/** How many following lines of a comment may continue an annotation's text. */
const MAX_CONTINUATION_LINES = 8;
const MAX_CONTINUATION_LENGTH = 400;
/** A list item's marker that is not comment decoration: `+ x`, `1. x`, `2) x`. */
const LIST_ITEM = /^(?:\+|\d{1,3}[.)])\s+/;

/** The offset `count` line breaks after `from` (or the text's end). */
function offsetAfterLines(text: string, from: number, count: number): number {
  let p = from;
  for (let k = 0; k < count && p >= 0; k++) {
    const next = text.indexOf('\n', p);
    p = next < 0 ? -1 : next + 1;
  }
  return p < 0 ? text.length : p;
}

/** A date in the explicit position: `TODO(RM-12, 2027-01-31)`. */
const DATE_TOKEN = /^\d{4}-\d{2}-\d{2}$/;
/** A GitHub-style `#123` ticket, recognised in the `TODO(#123)` position only. */
const HASH_TICKET = /^#[0-9]+$/;

/** A word in a group shaped like a mistyped key (`ok-1`, `OK1`), kept for unlinked debt's "did you mean". */
const KEY_LIKE = /^[A-Za-z][A-Za-z0-9]*-?[0-9]+$/;

// ---------------------------------------------------------------------------------------------
// Candidates: tag occurrences that are whole words, wherever they are

export interface Candidate {
  offset: number;
  tag: string;
}

const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

/** An ASCII letter, digit or `_`: as a byte of UTF-8, always that character. */
function isAsciiWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isWordChar(c: number): boolean {
  if (c < 128) return isAsciiWordChar(c);
  return NON_ASCII_WORD.test(String.fromCharCode(c));
}

/**
 * Every occurrence of a tag or the marker that stands at a word's edge. The occurrences are those a regular
 * expression alternating the tags longest first finds: the leftmost wins, the longest tag at a tie, and the
 * search goes on after it (so they never overlap). One native `indexOf` per tag and occurrence, three
 * times faster than that regular expression.
 */
export function findCandidates(text: string, settings: CompiledSettings): Candidate[] {
  const candidates: Candidate[] = [];
  const tags = settings.finderTags;
  // Where each tag occurs next (at or after `from`, or -1 when it no longer does).
  const next = tags.map((tag) => text.indexOf(tag));
  for (let from = 0; ;) {
    let chosen = -1;
    for (let k = 0; k < tags.length; k++) if (next[k] >= 0 && (chosen < 0 || next[k] < next[chosen])) chosen = k;
    if (chosen < 0) return candidates;
    const tag = tags[chosen];
    const offset = next[chosen];
    const end = offset + tag.length;
    from = end;
    for (let k = 0; k < tags.length; k++) if (next[k] >= 0 && next[k] < from) next[k] = text.indexOf(tags[k], from);
    const wordStart = isWordChar(tag.charCodeAt(0)) || tag === MARKER_TAG;
    if (wordStart && offset > 0 && isWordChar(text.charCodeAt(offset - 1))) continue;
    if (isWordChar(tag.charCodeAt(tag.length - 1)) && end < text.length && isWordChar(text.charCodeAt(end))) continue;
    candidates.push({ offset, tag });
  }
}

/** How many tag occurrences inside longer words (`DEBUG`, base64's `…XXXq…`) are passed over before giving up. */
const MAX_WORD_INNER_OCCURRENCES = 32;

/**
 * A test on a file's raw UTF-8 bytes, before any decoding: false only when `findCandidates` would find no
 * candidate in the decoded text. Every occurrence of a tag (or the marker) is looked at; one counts unless
 * an ASCII word byte stands right before or after it on a side where `findCandidates` asks for a word's
 * edge. An ASCII byte always decodes to itself, even next to invalid UTF-8, so such a byte is the very
 * character `findCandidates` would see there; a byte of a multi-byte character is not judged (the
 * occurrence counts), so the test errs only towards decoding. Most files hold no tag, and many tagged by
 * bytes hold them only inside words (`DEBUG`, lock files' base64): neither is decoded nor lexed.
 */
export class CandidateFilter {
  /** The words' bytes and where they must stand at a word's edge; undefined: no shortcut (always true). */
  private readonly needles: { bytes: Buffer; edgeBefore: boolean; edgeAfter: boolean }[] | undefined;

  constructor(settings: CompiledSettings) {
    const words = [...new Set([...settings.tags.filter((tag) => tag.length > 0), MARKER_TAG])];
    // A tag holding U+FFFD could match what invalid UTF-8 decodes to, and not the bytes: no shortcut then.
    this.needles = words.some((word) => word.includes('\uFFFD'))
      ? undefined
      : words.map((word) => ({
          bytes: Buffer.from(word, 'utf8'),
          // The same edges as findCandidates asks for.
          edgeBefore: isWordChar(word.charCodeAt(0)) || word === MARKER_TAG,
          edgeAfter: isWordChar(word.charCodeAt(word.length - 1)),
        }));
  }

  /** Whether `bytes` may hold a candidate (false: the scan of their text finds no annotation). */
  mayHold(bytes: Buffer): boolean {
    const { needles } = this;
    if (needles === undefined) return true;
    for (const { bytes: needle, edgeBefore, edgeAfter } of needles) {
      let passed = 0;
      for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
        const end = at + needle.length;
        const inWord =
          (edgeBefore && at > 0 && isAsciiWordChar(bytes[at - 1])) ||
          (edgeAfter && end < bytes.length && isAsciiWordChar(bytes[end]));
        // Past a bound, a file of `XXXXXXXX…` is decoded rather than searched once per byte.
        if (!inWord || ++passed > MAX_WORD_INNER_OCCURRENCES) return true;
      }
    }
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Building annotations

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0xfeff || c === 11 || c === 12;
}

/** What may stand before a tag at the start of a comment's line: `// - TODO`, ` * TODO`, `## TODO`. */
function isDecoration(c: number): boolean {
  return isBlank(c) || c === 42 /* * */ || c === 45 /* - */ || c === 35 /* # */ || c === 47; /* / */
}

/** `(TODO)`, `[TODO]`: the characters around a tag are a pair of brackets enclosing it alone. */
function isEnclosingClose(before: number, after: number): boolean {
  return (before === 40 /* ( */ && after === 41) /* ) */ || (before === 91 /* [ */ && after === 93); /* ] */
}

/** Words after which a tag is named, not written (`see TODO(x) below`): see `afterReferringWord`. */
const REFERRING_WORDS: ReadonlySet<string> = new Set(['see', 'cf', 'cf.', 'per', 'also', 'the', 'this', 'that']);
const LONGEST_REFERRING_WORD = 4;

const BLOCK_CLOSERS = ['*/', '-->', '-}', '#>', '*)', '|#', '=#', ']#'];

class AnnotationBuilder {
  private readonly lines: LineMap;
  /** Memo of the last content start: tags on one line share it. */
  private contentStartKey = '';
  private contentStartValue = 0;

  constructor(
    private readonly text: string,
    private readonly comments: LexedComment[],
    private readonly settings: CompiledSettings,
  ) {
    this.lines = new LineMap(text);
  }

  build(candidates: Candidate[]): Annotation[] {
    const annotations: Annotation[] = [];
    /** The index in `comments` of each annotation's comment, for continuation lines. */
    const commentIndexes: number[] = [];
    /** The comment each annotation is in, for the file-level test of markers. */
    const annotationComments: LexedComment[] = [];
    let commentIndex = 0;
    let group: Candidate[] = [];
    const flush = () => {
      if (group.length === 0) return;
      const comment = this.comments[commentIndex];
      for (const annotation of this.annotationsIn(comment, group)) {
        annotations.push(annotation);
        annotationComments.push(comment);
        commentIndexes.push(commentIndex);
      }
      group = [];
    };
    for (const candidate of candidates) {
      const end = candidate.offset + candidate.tag.length;
      while (commentIndex < this.comments.length && this.comments[commentIndex].bodyEnd < end) {
        flush();
        commentIndex++;
      }
      if (commentIndex >= this.comments.length) break;
      if (candidate.offset >= this.comments[commentIndex].bodyStart) group.push(candidate);
    }
    flush();
    this.scopeMarkers(annotations, annotationComments);
    this.addContinuations(annotations, commentIndexes);
    return annotations;
  }

  /**
   * A debt annotation's text continues on the next lines of its block comment, or on line comments
   * right below it in the same column (`// TODO: we should not` / `// retry here.`), up to a blank
   * comment line, a line holding another annotation, or code. Those lines, and a block's closer line
   * right after them, are the annotation's extent (`extentEnd`).
   */
  private addContinuations(annotations: Annotation[], commentIndexes: number[]): void {
    annotations.forEach((annotation, k) => {
      if (annotation.kind !== 'debt') return;
      const line = annotation.tagRange.start.line;
      // Annotations come in line order: the next one's line ends the continuation.
      const nextAnnotationLine =
        k + 1 < annotations.length ? annotations[k + 1].tagRange.start.line : Number.POSITIVE_INFINITY;
      // Only the last annotation of its line reaches the line's end.
      if (nextAnnotationLine === line) return;
      const parts: string[] = [];
      /** What joins each part to the one before it. */
      const separators: string[] = [];
      let length = 0;
      // Where the lines of this annotation's text end: its last continuation line, or its block's closer.
      let extentEnd: number | undefined;
      // The block comment's closer stands on line `next` (the text's last line, or a closer line of its own).
      const closesOn = (next: number) =>
        comment.kind === 'block' && comment.end > this.lines.lineStart(next) && comment.end <= this.lines.lineEnd(next);
      let commentIndex = commentIndexes[k];
      let comment = this.comments[commentIndex];
      const column = this.lines.positionAt(comment.start).character;
      for (let next = line + 1; this.lines.hasLine(next) && parts.length < MAX_CONTINUATION_LINES; next++) {
        if (next >= nextAnnotationLine) break;
        if (this.lines.lineStart(next) >= comment.bodyEnd) {
          // The comment ended: a line comment directly below, in the same column, continues it.
          if (closesOn(next)) extentEnd = comment.end;
          const below = this.comments[commentIndex + 1];
          if (comment.kind !== 'line' || below === undefined || below.kind !== 'line') break;
          const at = this.lines.positionAt(below.start);
          if (at.line !== next || at.character !== column) break;
          // A comment after code on its line is that code's comment, not this one's continuation.
          if (this.text.slice(this.lines.lineStart(next), below.start).trim() !== '') break;
          commentIndex++;
          comment = below;
        }
        const start = this.contentStart(comment, next);
        let content = this.text.slice(start, Math.min(this.lines.lineEnd(next), comment.bodyEnd)).trim();
        const closer = comment.kind === 'block' ? BLOCK_CLOSERS.find((c) => content.endsWith(c)) : undefined;
        if (closer !== undefined) content = content.slice(0, -closer.length).trimEnd();
        if (content === '') {
          if (closesOn(next)) extentEnd = comment.end;
          // A tag with no text of its own (a heading, `## TODO`) takes the text below it, past blank lines.
          if (parts.length === 0 && annotation.text === '' && !closesOn(next)) continue;
          break;
        }
        // Each item of a list (`- migrate x`, `2. drop y`) is a clause of its own: a title ends with the first.
        const item = LIST_ITEM.exec(content);
        if (item) content = content.slice(item[0].length);
        if (parts.length > 0) separators.push(item || this.followsListMarker(comment, next, start) ? '; ' : ' ');
        parts.push(content);
        extentEnd = Math.min(this.lines.lineEnd(next), comment.end);
        length += content.length;
        if (length > MAX_CONTINUATION_LENGTH) break;
      }
      if (parts.length > 0)
        annotation.continuation = parts.map((part, i) => (i ? separators[i - 1] : '') + part).join('');
      if (extentEnd !== undefined) annotation.extentEnd = this.lines.positionAt(extentEnd);
    });
  }

  /**
   * Whether the decoration that `contentStart` skipped on a line ends with a list item's marker: a `-`
   * (or `*`, where the comment's opener holds none) standing at the line's start or after a blank, and
   * followed by one (`- x`, ` * - x`, `# - x`; not the `---` of a Lua doc comment).
   */
  private followsListMarker(comment: LexedComment, line: number, contentStart: number): boolean {
    const { text } = this;
    const lineStart = this.lines.lineStart(line);
    const from = Math.max(lineStart, comment.bodyStart);
    let p = contentStart;
    while (p > from && isBlank(text.charCodeAt(p - 1))) p--;
    const marker = p - 1;
    if (p === contentStart || marker < from) return false;
    const c = text.charCodeAt(marker);
    const opener = text.slice(comment.start, comment.bodyStart);
    if (c !== 45 /* - */ && !(c === 42 /* * */ && !opener.includes('*'))) return false;
    return marker === lineStart || (marker > from && isBlank(text.charCodeAt(marker - 1)));
  }

  /** The annotations of one comment, from the tag occurrences inside its body. */
  private annotationsIn(comment: LexedComment, candidates: Candidate[]): Annotation[] {
    /** Each debt's first tag, and the last tag of its tag group (`TODO/FIXME`), after which its text starts. */
    const counted: { candidate: Candidate; line: number; groupEnd: Candidate }[] = [];
    for (const candidate of candidates) {
      const line = this.lines.positionAt(candidate.offset).line;
      const last = counted[counted.length - 1];
      if (last !== undefined && this.joinsTagGroup(last.groupEnd, candidate)) {
        last.groupEnd = candidate;
        continue;
      }
      if (!this.counts(comment, candidate, line)) continue;
      // `FIXME: TODO: …` is one debt: a tag right after another's separator is that debt's text. So is one
      // the debt's text refers to, `TODO - see TODO(x) below`: it names debt written elsewhere.
      const previous = counted[counted.length - 1];
      if (
        previous !== undefined &&
        previous.line === line &&
        (this.followsDirectly(previous.candidate, candidate) || this.afterReferringWord(previous.candidate, candidate))
      )
        continue;
      counted.push({ candidate, line, groupEnd: candidate });
    }
    return counted.map(({ candidate, line, groupEnd }, k) => {
      let segmentEnd = Math.min(this.lines.lineEnd(line), comment.bodyEnd);
      // A second annotation on the same line ends this one's text.
      const next = counted[k + 1];
      if (next !== undefined && next.line === line) segmentEnd = Math.min(segmentEnd, next.candidate.offset);
      return this.annotation(
        candidate,
        groupEnd.offset + groupEnd.tag.length,
        segmentEnd,
        comment.kind === 'block',
        this.leadingKey(comment, candidate, line),
      );
    });
  }

  /**
   * A debt tag counts where it starts the comment's text on its line, or anywhere when followed by
   * `:`, `(` or `[`; prose such as "see the TODO list" does not. A marker counts anywhere. Real debt
   * written otherwise counts too: a tag that starts a comment inside the comment (`// check(x);  // XXX
   * fails`, code commented out with its own trailing comment), a tag alone in parentheses (`(TODO)`),
   * and a tag after HTML tags at the start of a doc comment's line (` * <p>TODO …`).
   */
  private counts(comment: LexedComment, candidate: Candidate, line: number): boolean {
    const after = this.text.charCodeAt(candidate.offset + candidate.tag.length);
    const endsLine = candidate.offset + candidate.tag.length >= Math.min(this.lines.lineEnd(line), comment.bodyEnd);
    if (candidate.tag === MARKER_TAG) return endsLine || isBlank(after) || after === 58 || after === 40 || after === 91;
    if (this.isQualifiedName(candidate.offset)) return false;
    if (after === 58 /* : */ || after === 40 /* ( */ || after === 91 /* [ */) return true;
    const start = this.contentStart(comment, line);
    if (start === candidate.offset || this.leadingKey(comment, candidate, line) !== undefined) return true;
    if (isEnclosingClose(this.text.charCodeAt(candidate.offset - 1), after)) return true;
    return this.afterInnerOpener(comment, start, candidate.offset) || this.afterMarkupTags(start, candidate.offset);
  }

  /**
   * The tag is the last part of a qualified name, `context.TODO()` in a Go doc comment's example or code
   * commented out: a member called, not debt written (etcd's docs hold a dozen).
   */
  private isQualifiedName(offset: number): boolean {
    const { text } = this;
    if (offset < 2 || text.charCodeAt(offset - 1) !== 46 /* . */) return false;
    const before = text.charCodeAt(offset - 2);
    return isWordChar(before) || before === 41 /* ) */ || before === 93; /* ] */
  }

  /**
   * In the text of the debt `first`, the word before the tag `second` names it rather than writes it
   * (`see TODO(x) below`, `cf. FIXME: y`): a reference to debt written elsewhere.
   */
  private afterReferringWord(first: Candidate, second: Candidate): boolean {
    const { text } = this;
    const start = first.offset + first.tag.length;
    const offset = second.offset;
    let p = offset;
    while (p > start && isBlank(text.charCodeAt(p - 1))) p--;
    const end = p;
    if (end === offset) return false;
    // The referring words are short: a bounded look back keeps a line of many tags linear.
    while (
      p > start &&
      end - p <= LONGEST_REFERRING_WORD &&
      (isAsciiWordChar(text.charCodeAt(p - 1)) || text[p - 1] === '.')
    )
      p--;
    if (p > start && isWordChar(text.charCodeAt(p - 1))) return false;
    return REFERRING_WORDS.has(text.slice(p, end).toLowerCase());
  }

  /** The tag starts a comment nested in this one: the comment's opener, after a blank, then decoration. */
  private afterInnerOpener(comment: LexedComment, start: number, offset: number): boolean {
    const { text } = this;
    const opener = text.slice(comment.start, comment.bodyStart).trim();
    if (comment.kind !== 'line' || opener.length === 0) return false;
    let p = offset;
    while (p > start && isDecoration(text.charCodeAt(p - 1)) && !text.endsWith(opener, p)) p--;
    return p - opener.length > start && text.endsWith(opener, p) && isBlank(text.charCodeAt(p - opener.length - 1));
  }

  /** Only HTML tags (`<p>`, `<li>`, `<b>`) and blanks between the line's content start and the tag. */
  private afterMarkupTags(start: number, offset: number): boolean {
    // A few tags at most: the bound keeps a long line of candidates linear.
    return (
      offset > start &&
      offset - start <= 80 &&
      /^(?:<\/?[A-Za-z][A-Za-z0-9]*\s*\/?>\s*)+$/.test(this.text.slice(start, offset))
    );
  }

  /**
   * `TODO/FIXME`, `TODO | FIXME`, `TODO, HACK`, `FIXME TODO`: only blanks, `/`, `|` or `,` between two debt tags
   * make them one tag group, one debt whose text follows the group.
   */
  private joinsTagGroup(first: Candidate, second: Candidate): boolean {
    if (first.tag === MARKER_TAG || second.tag === MARKER_TAG) return false;
    const { text } = this;
    for (let p = first.offset + first.tag.length; p < second.offset; p++) {
      const c = text.charCodeAt(p);
      if (!isBlank(c) && c !== 47 /* / */ && c !== 124 /* | */ && c !== 44 /* , */) return false;
    }
    return true;
  }

  /** `FIXME: TODO`, `FIXME(RM-1) - TODO`: only a bracket group, blanks, `:` or `-` between the two tags. */
  private followsDirectly(first: Candidate, second: Candidate): boolean {
    const { text } = this;
    let p = first.offset + first.tag.length;
    const bracket = text[p];
    if (bracket === '(' || bracket === '[') {
      const close = this.indexBefore(bracket === '(' ? ')' : ']', p + 1, second.offset);
      if (close >= 0) p = close + 1;
    }
    for (; p < second.offset; p++) {
      const c = text.charCodeAt(p);
      if (!isBlank(c) && c !== 58 /* : */ && c !== 45 /* - */) return false;
    }
    return true;
  }

  /** The ID written before the tag, `// GH-49702: TODO disabled until…`: [start, end) of the ID. */
  private leadingKey(comment: LexedComment, candidate: Candidate, line: number): [number, number] | undefined {
    const start = this.contentStart(comment, line);
    if (start >= candidate.offset) return undefined;
    const regex = this.settings.ids.at;
    regex.lastIndex = start;
    const match = regex.exec(this.text);
    if (match === null || match[0].length === 0) return undefined;
    const end = start + match[0].length;
    let p = this.skipBlanks(end, candidate.offset);
    if (this.text[p] !== ':') return undefined;
    p = this.skipBlanks(p + 1, candidate.offset);
    return p === candidate.offset ? [start, end] : undefined;
  }

  /** Where a comment's text starts on a line: after the opener (first line) and any decoration. */
  private contentStart(comment: LexedComment, line: number): number {
    const key = `${comment.start}:${line}`;
    if (key === this.contentStartKey) return this.contentStartValue;
    const { text } = this;
    const lineStart = this.lines.lineStart(line);
    const end = Math.min(this.lines.lineEnd(line), comment.bodyEnd);
    let p = Math.max(lineStart, comment.bodyStart);
    // On the opener's line, repeats of the opener's punctuation are decoration too (`;;;`, `%%`, `<!---`).
    const opener = lineStart <= comment.start ? text.slice(comment.start, comment.bodyStart) : '';
    while (p < end) {
      const c = text.charCodeAt(p);
      if (!isDecoration(c) && !(opener.includes(text[p]) && !isWordChar(c))) break;
      p++;
    }
    this.contentStartKey = key;
    this.contentStartValue = p;
    return p;
  }

  /**
   * One annotation. The explicit-link position is what directly follows the tag: a `(…)` / `[…]` group
   * (also after a space when it holds an ID or a date: `TODO (ARROW-12207):`), the ID after `TODO: `,
   * the ID before a colon in `TODO KIP-441:`, and the ID written before the tag (`GH-49702: TODO`).
   * A group also gives the debt a date (`TODO(RM-12, 2027-01-31)`) and `#123` tickets.
   */
  private annotation(
    candidate: Candidate,
    groupEnd: number,
    segmentEnd: number,
    inBlock: boolean,
    leading: [number, number] | undefined,
  ): Annotation {
    const { text } = this;
    const isMarker = candidate.tag === MARKER_TAG;
    const tagEnd = candidate.offset + candidate.tag.length;
    // Few of each per annotation, and a file may hold a million annotations: plain arrays, allocated lazily.
    const explicitStarts: number[] = [];
    let hashTickets: { id: string; start: number }[] | undefined;
    let date: { value: string; start: number } | undefined;
    let keyLike: { value: string; start: number } | undefined;
    // The explicit position and the text follow the tag group (`TODO/FIXME(RM-12): …`): `groupEnd` is its end.
    let p = groupEnd;
    // `TODO(RM-12)`, `FIXME[RM-12]`, `TODO(alice)`: the bracket group is not text.
    const group = this.groupAt(groupEnd, segmentEnd);
    if (group !== undefined) {
      for (const [start, end] of this.groupTokens(group.start + 1, group.close)) {
        const token = text.slice(start, end);
        if (this.isIdAt(start, end)) explicitStarts.push(start);
        else if (HASH_TICKET.test(token)) (hashTickets ??= []).push({ id: token, start });
        else if (date === undefined && DATE_TOKEN.test(token)) date = { value: token, start };
        else if (keyLike === undefined && KEY_LIKE.test(token)) keyLike = { value: token, start };
      }
      p = group.close + 1;
    } else if (isEnclosingClose(text.charCodeAt(candidate.offset - 1), text.charCodeAt(groupEnd))) {
      // `(TODO) add backoff`: the tag's own parenthesis is not text.
      p = groupEnd + 1;
    }
    if (isMarker) {
      p = this.skipBlanks(p, segmentEnd);
      if (text[p] === ':') p = this.skipBlanks(p + 1, segmentEnd);
      p = this.skipIdList(p, segmentEnd);
    }
    const separator = this.skipBlanks(p, segmentEnd);
    if (text[separator] === ':') {
      p = separator + 1;
      // `TODO: RM-12 …`
      const idStart = this.skipBlanks(p, segmentEnd);
      if (group === undefined && !isMarker && this.idEndAt(idStart, segmentEnd) !== undefined)
        explicitStarts.push(idStart);
    } else if (
      text[separator] === '-' &&
      isBlank(text.charCodeAt(separator - 1)) &&
      (separator + 1 >= segmentEnd || isBlank(text.charCodeAt(separator + 1)))
    ) {
      // `TODO - fix this`: a spaced dash separates like a colon.
      p = separator + 1;
    } else if (group === undefined && !isMarker && separator > p) {
      // `TODO KIP-441: …`: an ID right before a colon is the link, not text.
      const idEnd = this.idEndAt(separator, segmentEnd);
      const colon = idEnd === undefined ? -1 : this.skipBlanks(idEnd, segmentEnd);
      if (idEnd !== undefined && text[colon] === ':') {
        explicitStarts.push(separator);
        p = colon + 1;
      }
    }
    if (leading) explicitStarts.push(leading[0]);
    p = Math.min(p, segmentEnd);
    const rest = text.slice(p, segmentEnd);
    let body = rest.trim();
    // The body ends before its own closer; an unclosed nested comment can still leave an inner one.
    const closer = inBlock ? BLOCK_CLOSERS.find((c) => body.endsWith(c)) : undefined;
    if (closer !== undefined) body = body.slice(0, -closer.length).trimEnd();
    const textStart = p + (rest.length - rest.trimStart().length);
    const textEnd = textStart + body.length;
    const rangeEnd = body.length > 0 ? textEnd : tagEnd + text.slice(tagEnd, p).trimEnd().length;
    const annotation: Annotation = {
      kind: isMarker ? 'marker' : 'debt',
      tag: candidate.tag,
      ids: this.idsIn(leading ? leading[0] : tagEnd, segmentEnd, explicitStarts, hashTickets),
      text: body,
      range: this.lines.rangeOf(leading ? leading[0] : candidate.offset, rangeEnd),
      tagRange: this.lines.rangeOf(candidate.offset, tagEnd),
    };
    if (date && !isMarker)
      annotation.date = { value: date.value, range: this.lines.rangeOf(date.start, date.start + date.value.length) };
    if (keyLike && !isMarker)
      annotation.keyLike = {
        value: keyLike.value,
        range: this.lines.rangeOf(keyLike.start, keyLike.start + keyLike.value.length),
      };
    return annotation;
  }

  /**
   * The bracket group after a tag: right after it (any content, `TODO(alice)`), or after blanks when
   * its first entry is an ID, a `#123` ticket or a date (so `TODO (maybe) later` stays text).
   */
  private groupAt(tagEnd: number, segmentEnd: number): { start: number; close: number } | undefined {
    const start = this.skipBlanks(tagEnd, segmentEnd);
    const bracket = this.text[start];
    if (bracket !== '(' && bracket !== '[') return undefined;
    const close = this.indexBefore(bracket === '(' ? ')' : ']', start + 1, segmentEnd);
    if (close < 0) return undefined;
    if (start > tagEnd) {
      const [first] = this.groupTokens(start + 1, close);
      if (first === undefined) return undefined;
      const token = this.text.slice(first[0], first[1]);
      if (!this.isIdAt(first[0], first[1]) && !HASH_TICKET.test(token) && !DATE_TOKEN.test(token)) return undefined;
    }
    return { start, close };
  }

  /** The entries of a group's inside [from, to): separated by commas and blanks. */
  private groupTokens(from: number, to: number): [number, number][] {
    const tokens: [number, number][] = [];
    let p = from;
    while (p < to) {
      while (p < to && (isBlank(this.text.charCodeAt(p)) || this.text[p] === ',')) p++;
      const start = p;
      while (p < to && !isBlank(this.text.charCodeAt(p)) && this.text[p] !== ',') p++;
      if (p > start) tokens.push([start, p]);
    }
    return tokens;
  }

  /** Whether exactly [start, end) is an ID. */
  private isIdAt(start: number, end: number): boolean {
    return this.idEndAt(start, end) === end;
  }

  /** The end of the ID starting exactly at `start` (within `limit`), if one does. */
  private idEndAt(start: number, limit: number): number | undefined {
    const regex = this.settings.ids.at;
    regex.lastIndex = start;
    const match = regex.exec(this.text);
    if (match === null || match[0].length === 0 || start + match[0].length > limit) return undefined;
    return start + match[0].length;
  }

  /**
   * The IDs in [from, to), each once, in order of appearance, plus the group's `#123` tickets; an ID
   * is explicit when any of its occurrences stands in the explicit position.
   */
  private idsIn(
    from: number,
    to: number,
    explicitStarts: number[],
    hashTickets: { id: string; start: number }[] | undefined,
  ): IdMention[] {
    const regex = this.settings.ids.search;
    const segment = this.text.slice(from, to);
    const ids: IdMention[] = [];
    let ticket = 0;
    regex.lastIndex = 0;
    for (let match = regex.exec(segment); match !== null; match = regex.exec(segment)) {
      if (match[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const start = from + match.index;
      // `#123` tickets of the group, in order of appearance among the IDs.
      for (; hashTickets !== undefined && ticket < hashTickets.length && hashTickets[ticket].start < start; ticket++)
        this.addMention(ids, hashTickets[ticket].id, hashTickets[ticket].start, true);
      this.addMention(ids, match[0], start, explicitStarts.includes(start));
    }
    for (; hashTickets !== undefined && ticket < hashTickets.length; ticket++)
      this.addMention(ids, hashTickets[ticket].id, hashTickets[ticket].start, true);
    return ids;
  }

  /** Adds a mention unless its ID is there already (then only its explicitness counts). */
  private addMention(ids: IdMention[], id: string, start: number, explicit: boolean): void {
    for (const seen of ids) {
      if (seen.id !== id) continue;
      if (explicit) seen.explicit = true;
      return;
    }
    const mention: IdMention = { id, range: this.lines.rangeOf(start, start + id.length) };
    if (explicit) mention.explicit = true;
    ids.push(mention);
  }

  /** Past `RM-1, RM-2 RM-3` at `p` (a marker's list). */
  private skipIdList(p: number, end: number): number {
    const regex = this.settings.ids.at;
    for (;;) {
      regex.lastIndex = p;
      const match = regex.exec(this.text);
      if (match === null || match[0].length === 0 || p + match[0].length > end) return p;
      p += match[0].length;
      while (p < end && (isBlank(this.text.charCodeAt(p)) || this.text[p] === ',')) p++;
    }
  }

  private skipBlanks(p: number, end: number): number {
    while (p < end && isBlank(this.text.charCodeAt(p))) p++;
    return p;
  }

  private indexBefore(char: string, from: number, end: number): number {
    for (let p = from; p < end; p++) if (this.text[p] === char) return p;
    return -1;
  }

  // -- markers -----------------------------------------------------------------------------------

  /**
   * Sets `fileLevel` and `scopeEndLine` on markers. A marker before any code covers the file. Another
   * covers from its line to the line before the next non-blank line indented less than its comment's
   * line, or before the next marker indented the same or less; one at indentation 0 covers up to the
   * next marker. One pass over the lines after the first marker, with a stack of open markers.
   */
  private scopeMarkers(annotations: Annotation[], comments: LexedComment[]): void {
    // Only markers need the text's last line (debt alone leaves the tail past the last tag unread).
    if (!annotations.some((annotation) => annotation.kind === 'marker')) return;
    const lastLine = this.lines.lineCount - 1;
    const codeStart = this.codeStart();
    /** Markers not covering the file, grouped by line: markers sharing a line share a scope. */
    const groups: { line: number; indent: number; markers: Annotation[] }[] = [];
    annotations.forEach((annotation, k) => {
      if (annotation.kind !== 'marker') return;
      annotation.fileLevel = comments[k].start < codeStart;
      if (annotation.fileLevel) {
        annotation.scopeEndLine = lastLine;
        return;
      }
      const line = annotation.range.start.line;
      const last = groups[groups.length - 1];
      if (last !== undefined && last.line === line) last.markers.push(annotation);
      else
        groups.push({
          line,
          indent: this.indentation(this.lines.positionAt(comments[k].start).line),
          markers: [annotation],
        });
    });
    if (groups.length === 0) return;

    const close = (group: (typeof groups)[number], endLine: number) => {
      for (const marker of group.markers) marker.scopeEndLine = Math.max(endLine, group.line);
    };
    let root: (typeof groups)[number] | undefined;
    const open: (typeof groups)[number][] = [];
    let next = 0;
    for (let line = groups[0].line; line <= lastLine && (next < groups.length || open.length > 0); line++) {
      if (next < groups.length && groups[next].line === line) {
        const group = groups[next++];
        if (root !== undefined) close(root, line - 1);
        root = undefined;
        while (open.length > 0 && open[open.length - 1].indent >= group.indent) close(open.pop()!, line - 1);
        if (group.indent === 0) root = group;
        else open.push(group);
        continue;
      }
      if (open.length === 0) continue;
      const indent = this.indentation(line);
      if (indent < 0) continue;
      while (open.length > 0 && open[open.length - 1].indent > indent) close(open.pop()!, line - 1);
    }
    if (root !== undefined) close(root, lastLine);
    for (const group of open) close(group, lastLine);
  }

  /** Leading blanks of a line; -1 for a blank line. */
  private indentation(line: number): number {
    const start = this.lines.lineStart(line);
    const end = this.lines.lineEnd(line);
    let p = start;
    while (p < end && isBlank(this.text.charCodeAt(p))) p++;
    return p === end ? -1 : p - start;
  }

  /** Offset of the first code: not whitespace, a shebang line or a comment. */
  private codeStart(): number {
    const { text, comments } = this;
    let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (text.startsWith('#!', p)) p = this.lines.lineEnd(0);
    let k = 0;
    for (;;) {
      while (p < text.length && (isBlank(text.charCodeAt(p)) || text.charCodeAt(p) === 10 || text.charCodeAt(p) === 13))
        p++;
      while (k < comments.length && comments[k].end <= p) k++;
      if (k < comments.length && comments[k].start <= p) {
        p = comments[k].end;
        continue;
      }
      return p;
    }
  }
}
