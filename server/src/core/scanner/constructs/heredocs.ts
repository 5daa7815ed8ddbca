/** Heredocs: the opener is on one line, the body (a string) starts on the next and ends at a terminator line. */
import * as charsModule from '../chars';
import type { CodeLexer, PendingBody } from '../engine';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { isBlank, isBlankRange, isDigit, isIdentifierChar } = charsModule;

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
    if (word === '' || isDigit(first) || (!indentedMarker && !(first === 95 || (first >= 65 && first <= 90)))) return -1;
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
