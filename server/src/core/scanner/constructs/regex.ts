/**
 * Regex literals: `/…/` where an operand may start, told from division by the token before: after an
 * operator, a keyword such as `return`, or the `)` closing a statement head (`if (x) /re/`), not after
 * an operand (`a) / b`, `x / 2`). Comments are not tokens: what counts is the token before them.
 */
import * as charsModule from '../chars';
import type { BracketFrame, CodeLexer } from '../engine';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { BACKSLASH, isDigit, isIdentifierChar, isLineBreak, isWhitespace } = charsModule;

interface RegexState {
  /** A regex literal that failed to close made every `/` before this offset a division. */
  blockedBefore: number;
  /** For each open `(`: whether it opens a statement head (`if (`). */
  parens: boolean[];
  /** Offset of the last `)` that closed a statement head. */
  headClosedAt: number;
}

const stateOf = (lx: CodeLexer): RegexState =>
  lx.state('regex-literal', () => ({ blockedBefore: -1, parens: [], headClosedAt: -1 }));

/**
 * Ruby words that take no argument: after them and a blank, `/` or `%` is an operator (`end / 2`), or a
 * method's name after `def` (`def /(other)`).
 */
const NOT_COMMANDS = ['end', 'self', 'nil', 'true', 'false', '__FILE__', '__LINE__', '__dir__', '__method__', 'def'];

export function regexLiteral(lx: CodeLexer, i: number): number {
  if (i < stateOf(lx).blockedBefore || !expressionMayStartAt(lx, i)) return -1;
  return regexBody(lx, i + 1, false);
}

/** Code inside a regex's `#{…}` (Ruby): its closing brace goes on with the regex. */
interface RegexInterpolationFrame extends BracketFrame {
  readonly inClass: boolean;
}

function resumeRegex(this: RegexInterpolationFrame, lx: CodeLexer, afterClose: number): number {
  return regexBody(lx, afterClose, this.inClass);
}

/** Scans a regex's body from `p`; returns the offset after its closing `/`, or -1 if it has none. */
function regexBody(lx: CodeLexer, p: number, inClass: boolean): number {
  const { text, to } = lx;
  const rule = lx.syntax.regexLiterals!;
  const multiline = rule.multiline === true;
  const interpolates = rule.interpolation !== undefined;
  while (p < to) {
    const c = text.charCodeAt(p);
    if (isLineBreak(c) && !multiline) break;
    if (c === BACKSLASH) {
      p += 2;
      continue;
    }
    if (c === 35 /* # */ && interpolates && text.charCodeAt(p + 1) === 123 /* { */) {
      const frame: RegexInterpolationFrame = { inClass, openCode: 123, closeCode: 125, depth: 0, resume: resumeRegex };
      lx.frames.push(frame);
      return p + 2;
    }
    if (c === 91 /* [ */) inClass = true;
    else if (c === 93 /* ] */) inClass = false;
    else if (c === 47 /* / */ && !inClass) return p + 1;
    p++;
  }
  // Not a regex after all; remembering that keeps a long run of divisions linear.
  stateOf(lx).blockedBefore = p;
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
 * Whether an expression may start at `i` (a regex literal, a JSX element, a Ruby `%(…)`): after an
 * operator or a keyword, or after the `)` of a statement head; not after an operand. In Ruby also at
 * a line's start (a line break ends a statement) and as a command's first argument (`system %(ls)`).
 */
export function expressionMayStartAt(lx: CodeLexer, i: number): boolean {
  const { text } = lx;
  // `</div>` is a JSX closing tag and Perl's `//=` an operator, not a regex after `<` or `/`.
  const before = lx.charBefore(i);
  if (before === 60 /* < */ || before === 47 /* / */) return false;
  const rule = lx.syntax.regexLiterals!;
  // Ruby `:/` and `x./(y)` name the operator (a symbol, a method call); `a:/x/` is a label and a regex.
  if (
    rule.operatorNames &&
    (before === 46 /* . */ || (before === 58 /* : */ && !endsLabelOrScope(lx.charBefore(i - 1))))
  )
    return false;
  const { out } = lx;
  let k = out.length - 1;
  let p = i - 1;
  let lineBroken = false;
  for (;;) {
    while (p >= lx.from && isWhitespace(text.charCodeAt(p))) {
      if (isLineBreak(text.charCodeAt(p))) lineBroken = true;
      p--;
    }
    // The comments lexed so far are in order: the last one holding `p` is the only candidate.
    while (k >= 0 && out[k].start > p) k--;
    if (k < 0 || out[k].end <= p || out[k].start < lx.from) break;
    p = out[k].start - 1;
  }
  if (p < lx.from || (lineBroken && rule.lineBreakEndsStatement)) return true;
  const c = text.charCodeAt(p);
  if (c === 41 /* ) */) return rule.afterHeadOf !== undefined && stateOf(lx).headClosedAt === p;
  if (c === 93 || c === 125 || c === 34 || c === 39 || c === 96) return false; // ] } " ' `
  if (!isIdentifierChar(c)) return true;
  const word = lx.wordBefore(p + 1, 64);
  if (rule.keywords.includes(word)) return true;
  // `cmd /re/`, `cmd %(s)`: after a method's name and a blank, an opener not followed by a blank or `=`
  // starts its first argument (Ruby's own rule; a variable's name cannot be told from a method's here).
  if (
    rule.commandArguments !== true ||
    p + 1 === i ||
    word === '' ||
    isDigit(word.charCodeAt(0)) ||
    NOT_COMMANDS.includes(word)
  )
    return false;
  const sigil = lx.charBefore(p + 1 - word.length);
  if (sigil === 64 /* @ */ || sigil === 36 /* $ */) return false;
  const after = text.charCodeAt(i + 1);
  return !(Number.isNaN(after) || isWhitespace(after) || after === 61 /* = */);
}

/** Before a `:`: `a:` is a label, `A::` a scope; otherwise `:` starts a symbol. */
function endsLabelOrScope(c: number): boolean {
  return isIdentifierChar(c) || c === 58; /* : */
}
