/** String constructs: quotes with escapes and interpolation, raw strings, long brackets. */
import * as charsModule from '../chars';
import type { BracketFrame, CodeLexer } from '../engine';
import type { QuoteRule } from '../languages';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { BACKSLASH, CLOSING_BRACKET, CR, isBlank, isIdentifierChar, isLineBreak, isWhitespace, LF } = charsModule;

const RUST_RAW_PREFIXES = new Set(['r', 'br', 'cr']);
const CPP_RAW_PREFIXES = new Set(['R', 'LR', 'uR', 'UR', 'u8R']);

export function quote(lx: CodeLexer, rule: QuoteRule, i: number): number {
  if (!lx.text.startsWith(rule.open, i)) return -1;
  if (rule.afterWord !== undefined && !rule.afterWord.includes(lx.wordBefore(i))) return -1;
  if (rule.notAfterOperand && isOperandEnd(lx.charBefore(i))) return -1;
  if (lx.syntax.quotesOnlyAtScalarStart && !atYamlScalarStart(lx, i)) return -1;
  return stringBody(lx, rule, i + rule.open.length);
}

/** Scans a string's body from `p`; returns the offset after its closer (or where it gives up). */
export function stringBody(lx: CodeLexer, rule: QuoteRule, p: number): number {
  const { text, to } = lx;
  const close = rule.close;
  const closeCode = close.length > 0 ? close.charCodeAt(0) : -1;
  const escapeCode = rule.escape !== undefined ? rule.escape.charCodeAt(0) : -1;
  const interpolation = rule.interpolation;
  const interpolationCode = interpolation !== undefined ? interpolation.charCodeAt(0) : -1;
  while (p < to) {
    const c = text.charCodeAt(p);
    // Before escapes: Swift's `\(` starts with the escape character.
    if (c === interpolationCode && text.startsWith(interpolation!, p)) {
      const bracket = interpolation!.charCodeAt(interpolation!.length - 1);
      const frame: InterpolationFrame = {
        rule,
        openCode: bracket,
        closeCode: bracket === 40 ? 41 : 125,
        depth: 0,
        resume: resumeString,
      };
      lx.frames.push(frame);
      return p + interpolation!.length;
    }
    if (c === escapeCode) {
      p += text.charCodeAt(p + 1) === CR && text.charCodeAt(p + 2) === LF ? 3 : 2;
      continue;
    }
    if (c === closeCode && text.startsWith(close, p) && (!rule.closeAtLineStart || lx.atLineStart(p))) {
      if (!rule.doubledCloserEscapes || !text.startsWith(close, p + close.length)) return p + close.length;
      p += 2 * close.length;
      continue;
    }
    if (!rule.multiline && isLineBreak(c)) return p;
    p++;
  }
  return to;
}

/** Code inside a string's `${…}`: its closing bracket goes on with the string. */
interface InterpolationFrame extends BracketFrame {
  readonly rule: QuoteRule;
}

function resumeString(this: InterpolationFrame, lx: CodeLexer, afterClose: number): number {
  return stringBody(lx, this.rule, afterClose);
}

/** A bracket while code is nested in a construct: the one closing the nesting resumes the construct. */
export function frameBracket(lx: CodeLexer, i: number): number {
  const top = lx.frames[lx.frames.length - 1];
  if (top === undefined) return -1;
  const c = lx.text.charCodeAt(i);
  if (c === top.openCode) {
    top.depth++;
    return i + 1;
  }
  if (c !== top.closeCode) return -1;
  if (top.depth > 0) {
    top.depth--;
    return i + 1;
  }
  lx.frames.pop();
  return top.resume(lx, i + 1);
}

/** After these a MATLAB quote transposes. Not after a quote: `'it''s'` is a string whose quote is doubled. */
function isOperandEnd(c: number): boolean {
  return isIdentifierChar(c) || c === 41 || c === 93 || c === 125 || c === 46;
}

/** YAML: a quote opens a string only where a scalar starts, not inside plain text (`it's`). */
function atYamlScalarStart(lx: CodeLexer, i: number): boolean {
  const { text } = lx;
  let p = i;
  while (p > lx.from && isBlank(text.charCodeAt(p - 1))) p--;
  if (lx.atLineStart(p)) return true;
  const before = text[p - 1];
  if (before === '[' || before === '{' || before === ',') return true;
  return p < i && (before === ':' || before === '-' || before === '?');
}

/** Rust `r"…"`, `br"…"` at the quote. */
export function rustRawQuote(lx: CodeLexer, i: number): number {
  if (!RUST_RAW_PREFIXES.has(lx.wordBefore(i))) return -1;
  return lx.skipPast('"', i + 1);
}

/** Rust `r#"…"#` at the first `#`. */
export function rustRawHashes(lx: CodeLexer, i: number): number {
  if (!RUST_RAW_PREFIXES.has(lx.wordBefore(i))) return -1;
  const { text } = lx;
  let p = i;
  while (text.charCodeAt(p) === 35 /* # */) p++;
  if (text.charCodeAt(p) !== 34 /* " */) return -1;
  return lx.skipPast(`"${'#'.repeat(p - i)}`, p + 1);
}

/** C++ `R"delim(…)delim"` (also `u8R`, `LR`, `uR`, `UR`) at the quote. */
export function cppRawString(lx: CodeLexer, i: number): number {
  if (!CPP_RAW_PREFIXES.has(lx.wordBefore(i))) return -1;
  const { text } = lx;
  let p = i + 1;
  while (p < lx.to && p - i <= 17) {
    const c = text.charCodeAt(p);
    if (c === 40 /* ( */) return lx.skipPast(`)${text.slice(i + 1, p)}"`, p + 1);
    if (isWhitespace(c) || c === 41 || c === BACKSLASH) return -1;
    p++;
  }
  return -1;
}

/** Swift `#"…"#`, `##"""…"""##` at the first `#`. */
export function swiftRawString(lx: CodeLexer, i: number): number {
  const { text } = lx;
  if (lx.charBefore(i) === 35 /* # */) return -1;
  let p = i;
  while (text.charCodeAt(p) === 35 /* # */) p++;
  if (text.charCodeAt(p) !== 34 /* " */) return -1;
  const hashes = '#'.repeat(p - i);
  if (text.startsWith('"""', p)) return lx.skipPast(`"""${hashes}`, p + 3);
  return lx.skipPastOnLine(`"${hashes}`, p + 1);
}

/** R `r"(…)"`, `R'[…]'`, `r"--{…}--"` at the quote: dashes and a bracket open, the same close. */
export function rRawString(lx: CodeLexer, i: number): number {
  const prefix = lx.wordBefore(i, 1);
  if (prefix !== 'r' && prefix !== 'R') return -1;
  const { text } = lx;
  let p = i + 1;
  while (text.charCodeAt(p) === 45 /* - */) p++;
  const open = text[p];
  if (open !== '(' && open !== '[' && open !== '{') return -1;
  return lx.skipPast(`${CLOSING_BRACKET[open]}${text.slice(i + 1, p)}${text[i]}`, p + 1);
}

/** `[[…]]` / `[==[…]==]`: the level (number of `=`), or -1 when `p` starts no long bracket. */
export function longBracketLevel(lx: CodeLexer, p: number): number {
  const { text } = lx;
  if (text.charCodeAt(p) !== 91 /* [ */) return -1;
  let q = p + 1;
  while (text.charCodeAt(q) === 61 /* = */) q++;
  return text.charCodeAt(q) === 91 ? q - p - 1 : -1;
}

export function longBracketString(lx: CodeLexer, i: number): number {
  const level = longBracketLevel(lx, i);
  if (level < 0) return -1;
  return lx.skipPast(`]${'='.repeat(level)}]`, i + level + 2);
}

/** PHP `?>`: the code ends here and the markup lexer goes on. */
export function endOfCode(lx: CodeLexer, i: number): number {
  if (!lx.text.startsWith(lx.syntax.terminator!, i)) return -1;
  lx.stopped = true;
  return i;
}
