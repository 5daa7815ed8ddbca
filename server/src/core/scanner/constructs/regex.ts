/** Regex literals: `/…/` where an operand may start, told from division by the token before. */
import * as charsModule from '../chars';
import type { CodeLexer } from '../engine';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { BACKSLASH, isIdentifierChar, isLineBreak, isWhitespace } = charsModule;

/** Memo key: a regex literal that failed to close made every `/` before this offset a division. */
const BLOCKED_BEFORE = 'regex-blocked-before';

export function regexLiteral(lx: CodeLexer, i: number): number {
  const { text, to } = lx;
  if (i < (lx.memo.get(BLOCKED_BEFORE) ?? -1) || !regexMayStartAt(lx, i)) return -1;
  const multiline = lx.syntax.regexLiterals!.multiline === true;
  let inClass = false;
  let p = i + 1;
  while (p < to) {
    const c = text.charCodeAt(p);
    if (isLineBreak(c) && !multiline) break;
    if (c === BACKSLASH) {
      p += 2;
      continue;
    }
    if (c === 91 /* [ */) inClass = true;
    else if (c === 93 /* ] */) inClass = false;
    else if (c === 47 /* / */ && !inClass) return p + 1;
    p++;
  }
  // Not a regex after all; remembering that keeps a long run of divisions linear.
  lx.memo.set(BLOCKED_BEFORE, p);
  return -1;
}

/** Whether `/` at `i` starts a regex: after an operator or keyword, not after an operand. */
function regexMayStartAt(lx: CodeLexer, i: number): boolean {
  const { text } = lx;
  // `</div>` is a JSX closing tag and Perl's `//=` an operator, not a regex after `<` or `/`.
  const before = lx.charBefore(i);
  if (before === 60 /* < */ || before === 47 /* / */) return false;
  let p = i - 1;
  while (p >= lx.from && isWhitespace(text.charCodeAt(p))) p--;
  if (p < lx.from) return true;
  const c = text.charCodeAt(p);
  if (c === 41 || c === 93 || c === 125 || c === 34 || c === 39 || c === 96) return false; // ) ] } " ' `
  if (!isIdentifierChar(c)) return true;
  return lx.syntax.regexLiterals!.keywords.includes(lx.wordBefore(p + 1, 12));
}
