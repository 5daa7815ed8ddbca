/**
 * Annotations in comments: debt tags (`TODO(RM-12): …`) and markers (`@roadmap RM-12`).
 * Tags are found first with one pass over the whole text; a text without any skips lexing entirely,
 * and lexing stops after the last tag, so the cost of a file is mostly one regex pass.
 */
import { MARKER_TAG, type CompiledSettings } from '../settings';
import { LineMap } from '../text';
import type { Annotation, IdMention } from '../types';
import { lexComments, type LexedComment } from './comments';
import { languageOf, syntaxOf } from './languages';

/** The annotations in a file's comments; [] for a file whose language the scanner does not know. */
export function scanText(text: string, filePath: string, settings: CompiledSettings): Annotation[] {
  const languageId = languageOf(filePath);
  return languageId === undefined ? [] : scanLanguageText(text, languageId, settings);
}

/** As `scanText`, for a text whose language id is known (an editor's untitled document). */
export function scanLanguageText(text: string, languageId: string, settings: CompiledSettings): Annotation[] {
  if (syntaxOf(languageId) === undefined) return [];
  const candidates = findCandidates(text, settings);
  if (candidates.length === 0) return [];
  const comments = lexComments(text, languageId, candidates[candidates.length - 1].offset);
  if (comments.length === 0) return [];
  return new AnnotationBuilder(text, comments, settings).build(candidates);
}

// ---------------------------------------------------------------------------------------------
// Candidates: tag occurrences that are whole words, wherever they are

interface Candidate {
  offset: number;
  tag: string;
}

const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return NON_ASCII_WORD.test(String.fromCharCode(c));
}

function findCandidates(text: string, settings: CompiledSettings): Candidate[] {
  const candidates: Candidate[] = [];
  const regex = settings.tagFinder;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const tag = match[0];
    const offset = match.index;
    const end = offset + tag.length;
    const wordStart = isWordChar(tag.charCodeAt(0)) || tag === MARKER_TAG;
    if (wordStart && offset > 0 && isWordChar(text.charCodeAt(offset - 1))) continue;
    if (isWordChar(tag.charCodeAt(tag.length - 1)) && end < text.length && isWordChar(text.charCodeAt(end))) continue;
    candidates.push({ offset, tag });
  }
  return candidates;
}

// ---------------------------------------------------------------------------------------------
// Building annotations

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0xfeff || c === 11 || c === 12;
}

/** What may stand before a tag at the start of a comment's line: `// - TODO`, ` * TODO`, `## TODO`. */
function isDecoration(c: number): boolean {
  return isBlank(c) || c === 42 /* * */ || c === 45 /* - */ || c === 35 /* # */ || c === 47 /* / */;
}

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
    return annotations;
  }

  /** The annotations of one comment, from the tag occurrences inside its body. */
  private annotationsIn(comment: LexedComment, candidates: Candidate[]): Annotation[] {
    const counted: { candidate: Candidate; line: number }[] = [];
    for (const candidate of candidates) {
      const line = this.lines.positionAt(candidate.offset).line;
      if (this.counts(comment, candidate, line)) counted.push({ candidate, line });
    }
    return counted.map(({ candidate, line }, k) => {
      let segmentEnd = Math.min(this.lines.lineEnd(line), comment.bodyEnd);
      // A second annotation on the same line ends this one's text.
      const next = counted[k + 1];
      if (next !== undefined && next.line === line) segmentEnd = Math.min(segmentEnd, next.candidate.offset);
      return this.annotation(candidate, segmentEnd, comment.kind === 'block');
    });
  }

  /**
   * A debt tag counts where it starts the comment's text on its line, or anywhere when followed by
   * `:`, `(` or `[`; prose such as "see the TODO list" does not. A marker counts anywhere.
   */
  private counts(comment: LexedComment, candidate: Candidate, line: number): boolean {
    const after = this.text.charCodeAt(candidate.offset + candidate.tag.length);
    const endsLine = candidate.offset + candidate.tag.length >= Math.min(this.lines.lineEnd(line), comment.bodyEnd);
    if (candidate.tag === MARKER_TAG) return endsLine || isBlank(after) || after === 58 || after === 40 || after === 91;
    if (after === 58 /* : */ || after === 40 /* ( */ || after === 91 /* [ */) return true;
    return this.contentStart(comment, line) === candidate.offset;
  }

  /** Where a comment's text starts on a line: after the opener (first line) and any decoration. */
  private contentStart(comment: LexedComment, line: number): number {
    const key = `${comment.start}:${line}`;
    if (key === this.contentStartKey) return this.contentStartValue;
    const { text } = this;
    const lineStart = this.lines.lineStarts[line];
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

  private annotation(candidate: Candidate, segmentEnd: number, inBlock: boolean): Annotation {
    const { text } = this;
    const isMarker = candidate.tag === MARKER_TAG;
    const tagEnd = candidate.offset + candidate.tag.length;
    let p = tagEnd;
    // `TODO(RM-12)`, `FIXME[RM-12]`, `TODO(alice)`: the bracket group is not text.
    const bracket = text[p];
    if (bracket === '(' || bracket === '[') {
      const close = this.indexBefore(bracket === '(' ? ')' : ']', p + 1, segmentEnd);
      if (close >= 0) p = close + 1;
    }
    if (isMarker) {
      p = this.skipBlanks(p, segmentEnd);
      if (text[p] === ':') p = this.skipBlanks(p + 1, segmentEnd);
      p = this.skipIdList(p, segmentEnd);
    }
    const separator = this.skipBlanks(p, segmentEnd);
    if (text[separator] === ':') {
      p = separator + 1;
    } else if (text[separator] === '-' && isBlank(text.charCodeAt(separator - 1)) && (separator + 1 >= segmentEnd || isBlank(text.charCodeAt(separator + 1)))) {
      // `TODO - fix this`: a spaced dash separates like a colon.
      p = separator + 1;
    }
    p = Math.min(p, segmentEnd);
    const rest = text.slice(p, segmentEnd);
    let body = rest.trim();
    // The body ends before its own closer; an unclosed nested comment can still leave an inner one.
    const closer = inBlock ? BLOCK_CLOSERS.find((c) => body.endsWith(c)) : undefined;
    if (closer !== undefined) body = body.slice(0, -closer.length).trimEnd();
    const textStart = p + (rest.length - rest.trimStart().length);
    const textEnd = textStart + body.length;
    const rangeEnd = body.length > 0 ? textEnd : tagEnd + text.slice(tagEnd, p).trimEnd().length;
    return {
      kind: isMarker ? 'marker' : 'debt',
      tag: candidate.tag,
      ids: this.idsIn(tagEnd, segmentEnd),
      text: body,
      range: this.lines.rangeOf(candidate.offset, rangeEnd),
      tagRange: this.lines.rangeOf(candidate.offset, tagEnd),
    };
  }

  /** The IDs in [from, to), each once, in order of appearance. */
  private idsIn(from: number, to: number): IdMention[] {
    const regex = this.settings.ids.search;
    const segment = this.text.slice(from, to);
    const seen = new Set<string>();
    const ids: IdMention[] = [];
    regex.lastIndex = 0;
    for (let match = regex.exec(segment); match !== null; match = regex.exec(segment)) {
      const id = match[0];
      if (id.length === 0) {
        regex.lastIndex++;
        continue;
      }
      if (seen.has(id)) continue;
      seen.add(id);
      ids.push({ id, range: this.lines.rangeOf(from + match.index, from + match.index + id.length) });
    }
    return ids;
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
      else groups.push({ line, indent: this.indentation(this.lines.positionAt(comments[k].start).line), markers: [annotation] });
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
    const start = this.lines.lineStarts[line];
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
      while (p < text.length && (isBlank(text.charCodeAt(p)) || text.charCodeAt(p) === 10 || text.charCodeAt(p) === 13)) p++;
      while (k < comments.length && comments[k].end <= p) k++;
      if (k < comments.length && comments[k].start <= p) {
        p = comments[k].end;
        continue;
      }
      return p;
    }
  }
}
