/**
 * Regex literals: `/…/` where an operand may start, told from division by the token before: after an
 * operator, a keyword such as `return`, or the `)` closing a statement head (`if (x) /re/`), not after
 * an operand (`a) / b`, `x / 2`).
 */
import * as charsModule from '../chars';
import type { CodeLexer } from '../engine';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { BACKSLASH, isIdentifierChar, isLineBreak, isWhitespace } = charsModule;

interface RegexState {
  /** A regex literal that failed to close made every `/` before this offset a division. */
  blockedBefore: number;
  /** For each open `(`: whether it opens a statement head (`if (`). */
  parens: boolean[];
  /** Offset of the last `)` that closed a statement head. */
  headClosedAt: number;
}

const stateOf = (lx: CodeLexer): RegexState => lx.state('regex-literal', () => ({ blockedBefore: -1, parens: [], headClosedAt: -1 }));

export function regexLiteral(lx: CodeLexer, i: number): number {
  const { text, to } = lx;
  const state = stateOf(lx);
  if (i < state.blockedBefore || !expressionMayStartAt(lx, i)) return -1;
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
  state.blockedBefore = p;
  return -1;
}

/** `(` and `)`: remembers which parentheses are statement heads. Consumes nothing. */
export function statementHeadParen(lx: CodeLexer, i: number): number {
  const state = stateOf(lx);
  if (lx.text.charCodeAt(i) === 40 /* ( */) {
    let p = i;
    while (p > lx.from && isWhitespace(lx.text.charCodeAt(p - 1))) p--;
    state.parens.push(lx.syntax.regexLiterals!.afterHeadOf!.includes(lx.wordBefore(p, 5)));
  } else if (state.parens.pop() === true) {
    state.headClosedAt = i;
  }
  return -1;
}

/**
 * Whether an expression may start at `i` (a regex literal, a JSX element): after an operator or a
 * keyword, or after the `)` of a statement head; not after an operand.
 */
export function expressionMayStartAt(lx: CodeLexer, i: number): boolean {
  const { text } = lx;
  // `</div>` is a JSX closing tag and Perl's `//=` an operator, not a regex after `<` or `/`.
  const before = lx.charBefore(i);
  if (before === 60 /* < */ || before === 47 /* / */) return false;
  let p = i - 1;
  while (p >= lx.from && isWhitespace(text.charCodeAt(p))) p--;
  if (p < lx.from) return true;
  const c = text.charCodeAt(p);
  if (c === 41 /* ) */) return lx.syntax.regexLiterals!.afterHeadOf !== undefined && stateOf(lx).headClosedAt === p;
  if (c === 93 || c === 125 || c === 34 || c === 39 || c === 96) return false; // ] } " ' `
  if (!isIdentifierChar(c)) return true;
  return lx.syntax.regexLiterals!.keywords.includes(lx.wordBefore(p + 1, 12));
}
