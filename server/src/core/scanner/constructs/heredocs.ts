/**
 * Bodies that start on the line after their opener: heredocs (the body ends at a terminator line) and
 * YAML block scalars (the body is the more indented lines).
 */
import * as charsModule from '../chars';
import type { CodeLexer, PendingBody } from '../engine';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { isBlank, isBlankRange, isDigit, isIdentifierChar, isLineBreak } = charsModule;

/** A heredoc opener: the body starts on the next line, so it is queued until then. */
export function heredocStart(lx: CodeLexer, i: number): number {
  const { text } = lx;
  const flavor = lx.syntax.heredocs!;
  let p: number;
  let indentedMarker = false;
  if (flavor === 'php') {
    if (!text.startsWith('<<<', i)) return -1;
    p = i + 3;
    while (isBlank(text.charCodeAt(p))) p++;
  } else {
    // `<<<` is a here-string (shell) or not a heredoc at all.
    if (!text.startsWith('<<', i) || text.charCodeAt(i + 2) === 60 || lx.charBefore(i) === 60) return -1;
    p = i + 2;
    const marker = text[p];
    if (marker === '-' || (marker === '~' && (flavor === 'ruby' || flavor === 'perl'))) {
      indentedMarker = true;
      p++;
    }
    if (flavor === 'shell') while (isBlank(text.charCodeAt(p))) p++;
  }
  const delimiter = text[p];
  let word: string;
  if (delimiter === '"' || delimiter === "'") {
    const after = lx.skipPastOnLine(delimiter, p + 1);
    if (text[after - 1] !== delimiter || after === p + 2) return -1;
    word = text.slice(p + 1, after - 1);
    p = after;
  } else {
    if (flavor === 'shell' && delimiter === '\\') p++;
    const start = p;
    while (p < lx.to && isIdentifierChar(text.charCodeAt(p)) && text.charCodeAt(p) < 128) p++;
    word = text.slice(start, p);
    // A bare word must look like one (`<<EOF`, `<<~eos`), so shifts such as `1 << n` stay shifts.
    const first = word.charCodeAt(0);
    if (word === '' || isDigit(first) || (!indentedMarker && !(first === 95 || (first >= 65 && first <= 90))))
      return -1;
  }
  lx.pendingBodies.push(new HeredocBody(word, flavor === 'php'));
  return p;
}

/** At a line break with bodies queued: skips them, each starting on the line after the previous. */
export function pendingBodies(lx: CodeLexer, i: number): number {
  if (lx.pendingBodies.length === 0) return -1;
  let lineBreak = i;
  for (const body of lx.pendingBodies) {
    if (lineBreak >= lx.to) break;
    lineBreak = body.end(lx, lx.afterLineBreak(lineBreak));
  }
  lx.pendingBodies.length = 0;
  return lineBreak;
}

class HeredocBody implements PendingBody {
  constructor(
    private readonly word: string,
    private readonly php: boolean,
  ) {}

  /** The line break ending the terminator line of the heredoc whose body starts at `p`. */
  end(lx: CodeLexer, p: number): number {
    return heredocTerminatorLine(lx, this.word, this.php, p);
  }
}

function heredocTerminatorLine(lx: CodeLexer, word: string, php: boolean, p: number): number {
  const { text, to } = lx;
  while (p < to) {
    const end = lx.lineEnd(p);
    let s = p;
    while (s < end && isBlank(text.charCodeAt(s))) s++;
    if (text.startsWith(word, s)) {
      const rest = s + word.length;
      // PHP allows `EOT;` on the terminator line; the others want the word alone.
      if (php ? rest >= end || !isIdentifierChar(text.charCodeAt(rest)) : isBlankRange(text, rest, end)) return end;
    }
    if (end >= to) return to;
    p = lx.afterLineBreak(end);
  }
  return to;
}

/**
 * YAML `|` or `>` (with `+`, `-`, a digit) where a value starts, then only blanks or a comment: the
 * lines below that are blank or indented more than the key (or the `-` of `- |`) are the scalar's text.
 */
export function blockScalar(lx: CodeLexer, i: number): number {
  const { text } = lx;
  let p = i;
  while (p > lx.from && isBlank(text.charCodeAt(p - 1))) p--;
  const before = lx.charBefore(p);
  const lineStart = lx.atLineStart(p);
  if (!lineStart && !(p < i && (before === 58 /* : */ || before === 45 /* - */ || before === 63) /* ? */)) return -1;
  let q = i + 1;
  while (q < lx.to && q - i <= 3 && /[+\-1-9]/.test(text[q])) q++;
  let r = q;
  while (r < lx.to && isBlank(text.charCodeAt(r))) r++;
  if (r < lx.to && !isLineBreak(text.charCodeAt(r)) && !(text.charCodeAt(r) === 35 /* # */ && r > q)) return -1;
  lx.pendingBodies.push(new BlockScalarBody(parentIndent(lx, i)));
  return q;
}

/** The column the scalar's lines must be indented past: its key's, or its `-`'s in `- |`. */
function parentIndent(lx: CodeLexer, indicator: number): number {
  const { text } = lx;
  let lineStart = indicator;
  while (lineStart > lx.from && !isLineBreak(text.charCodeAt(lineStart - 1))) lineStart--;
  let p = lineStart;
  let node = 0;
  for (;;) {
    while (p < indicator && isBlank(text.charCodeAt(p))) p++;
    node = p - lineStart;
    // `- - key: |`: each dash starts a deeper node.
    if (text.charCodeAt(p) === 45 /* - */ && isBlank(text.charCodeAt(p + 1)) && p + 1 < indicator) {
      p += 2;
      let q = p;
      while (q < indicator && isBlank(text.charCodeAt(q))) q++;
      if (q === indicator) return node;
      continue;
    }
    return node;
  }
}

class BlockScalarBody implements PendingBody {
  constructor(private readonly parentIndent: number) {}

  end(lx: CodeLexer, bodyStart: number): number {
    const { text, to } = lx;
    let lastBodyLineEnd = bodyStart > lx.from ? bodyStart - 1 : bodyStart;
    if (text.charCodeAt(lastBodyLineEnd) === 10 && text.charCodeAt(lastBodyLineEnd - 1) === 13) lastBodyLineEnd--;
    let p = bodyStart;
    while (p < to) {
      const end = lx.lineEnd(p);
      let s = p;
      while (s < end && isBlank(text.charCodeAt(s))) s++;
      if (s < end) {
        if (s - p <= this.parentIndent) return lastBodyLineEnd;
        lastBodyLineEnd = end;
      }
      if (end >= to) return to;
      p = lx.afterLineBreak(end);
    }
    return to;
  }
}
