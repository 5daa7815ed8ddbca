/** Literals with a delimiter or prefix of their own: char literals, sigils, percent and quote-like operators. */
import * as charsModule from '../chars';
import type { CodeLexer } from '../engine';
import type { QuoteRule } from '../languages';
import * as regexModule from './regex';
import * as stringsModule from './strings';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const {
  BACKSLASH,
  CLOSING_BRACKET,
  codePointWidth,
  isAsciiLetter,
  isBlank,
  isDigit,
  isIdentifierChar,
  isLineBreak,
  isWhitespace,
  SINGLE_QUOTE,
} = charsModule;
const { stringBody } = stringsModule;
const { expressionMayStartAt } = regexModule;

const C_CHAR: QuoteRule = { open: "'", close: "'", escape: '\\', multiline: false };
const PERL_QUOTE_PARTS: Record<string, number> = { q: 1, qq: 1, qw: 1, qr: 1, m: 1, s: 2, tr: 2, y: 2 };

export function charLiteral(lx: CodeLexer, i: number): number {
  const { text } = lx;
  const style = lx.syntax.charLiterals;
  const before = lx.charBefore(i);
  if (style === 'c') {
    // C++14 digit separators: 1'000'000, 0xFF'FF.
    if (before >= 0 && isIdentifierChar(before)) {
      const word = lx.wordBefore(i, 64);
      if (word === '' || isDigit(word.charCodeAt(0))) return i + 1;
    }
    return stringBody(lx, C_CHAR, i + 1);
  }
  if (style === 'quote-or-prime' && before >= 0 && isIdentifierChar(before)) return i + 1;
  const next = text.charCodeAt(i + 1);
  if (next === BACKSLASH) return stringBody(lx, C_CHAR, i + 1);
  if (Number.isNaN(next) || isLineBreak(next) || next === SINGLE_QUOTE) return i + 1;
  const width = codePointWidth(text, i + 1);
  return text.charCodeAt(i + 1 + width) === SINGLE_QUOTE ? i + 2 + width : i + 1;
}

/** Skips a delimited literal body from `p` to its closer; brackets nest, backslash escapes. */
function delimited(lx: CodeLexer, p: number, open: string, close: string): number {
  const { text, to } = lx;
  const openCode = open.charCodeAt(0);
  const closeCode = close.charCodeAt(0);
  const nests = openCode !== closeCode;
  let depth = 0;
  while (p < to) {
    const c = text.charCodeAt(p);
    if (c === BACKSLASH) {
      p += 2;
      continue;
    }
    if (c === closeCode) {
      if (depth === 0) return p + 1;
      depth--;
    } else if (nests && c === openCode) {
      depth++;
    }
    p++;
  }
  return to;
}

/** Elixir sigils: `~s(…)`, `~r/…/`, `~S"""…"""`. */
export function elixirSigil(lx: CodeLexer, i: number): number {
  const { text } = lx;
  let p = i + 1;
  const c = text.charCodeAt(p);
  if (c >= 97 && c <= 122) p++;
  else if (c >= 65 && c <= 90)
    while ((text.charCodeAt(p) >= 65 && text.charCodeAt(p) <= 90) || isDigit(text.charCodeAt(p))) p++;
  else return -1;
  if (text.startsWith('"""', p) || text.startsWith("'''", p)) return lx.skipPast(text.slice(p, p + 3), p + 3);
  const open = text[p];
  if (open === undefined) return -1;
  const close = CLOSING_BRACKET[open] ?? ('/|"\''.includes(open) ? open : undefined);
  return close === undefined ? -1 : delimited(lx, p + 1, open, close);
}

/** Ruby `%q(…)`, `%w[…]`, `%(…)`. */
export function rubyPercentLiteral(lx: CodeLexer, i: number): number {
  const { text } = lx;
  let p = i + 1;
  const lettered = p < lx.to && 'qQwWiIrsx'.includes(text[p]);
  if (lettered) p++;
  const open = text[p];
  if (open === undefined) return -1;
  const openCode = open.charCodeAt(0);
  if (lettered) {
    if (isIdentifierChar(lx.charBefore(i)) || isIdentifierChar(openCode) || isWhitespace(openCode)) return -1;
  } else {
    // `x % (y)` is a modulo: a literal starts only where an operand would (the regex literal's rule).
    if (!'([{<|!/^'.includes(open) || !expressionMayStartAt(lx, i)) return -1;
  }
  return delimited(lx, p + 1, open, CLOSING_BRACKET[open] ?? open);
}

/** Perl quote-like operators: `q(…)`, `qw/…/`, `m{…}`, `s/…/…/`, `tr[…][…]`. */
export function perlQuoteLike(lx: CodeLexer, i: number): number {
  const { text } = lx;
  const before = lx.charBefore(i);
  if (before >= 0 && (isIdentifierChar(before) || '$@%&*>:'.includes(String.fromCharCode(before)))) return -1;
  let p = i;
  while (p < lx.to && p - i < 3 && isAsciiLetter(text.charCodeAt(p))) p++;
  if (isIdentifierChar(text.charCodeAt(p))) return -1;
  const parts = PERL_QUOTE_PARTS[text.slice(i, p)];
  const open = text[p];
  if (parts === undefined || open === undefined) return -1;
  if (isWhitespace(open.charCodeAt(0)) || '=;)}]>'.includes(open)) return -1;
  const close = CLOSING_BRACKET[open] ?? open;
  p = delimited(lx, p + 1, open, close);
  if (parts === 2) {
    if (close === open) return delimited(lx, p, open, close);
    while (p < lx.to && isWhitespace(text.charCodeAt(p))) p++;
    const secondOpen = text[p];
    if (secondOpen === undefined) return p;
    p = delimited(lx, p + 1, secondOpen, CLOSING_BRACKET[secondOpen] ?? secondOpen);
  }
  return p;
}

/** Ruby: whether the token before `i` (blanks skipped) is an operand, so that `%` or `?` there is an operator. */
function afterOperand(lx: CodeLexer, i: number): boolean {
  let q = i;
  while (q > lx.from && isBlank(lx.text.charCodeAt(q - 1))) q--;
  const before = lx.charBefore(q);
  return isIdentifierChar(before) || before === 41 || before === 93 || before === 125;
}

/** Elixir `?#`, Ruby `?"`: the character after `?` is a char literal, not a comment or quote. */
export function questionCharLiteral(lx: CodeLexer, i: number): number {
  const { text } = lx;
  if (isIdentifierChar(lx.charBefore(i))) return -1;
  const next = text.charCodeAt(i + 1);
  if (Number.isNaN(next) || isWhitespace(next)) return -1;
  const end = next === BACKSLASH ? i + 3 : i + 1 + codePointWidth(text, i + 1);
  if (lx.syntax.questionCharLiterals === 'operand' && (afterOperand(lx, i) || isIdentifierChar(text.charCodeAt(end))))
    return -1;
  return end;
}

/** Shell `\"`, CMake `\#`, LaTeX `\%`: outside strings the escape character takes the next one literally. */
export function escapedChar(lx: CodeLexer, i: number): number {
  const { text } = lx;
  const crlf = text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10;
  return Math.min(i + (crlf ? 3 : 2), lx.to);
}

/** C preprocessor `#include <…>` / `#import <…>` at line start: the path is a string. */
export function includePath(lx: CodeLexer, i: number): number {
  const { text } = lx;
  let p = i;
  while (p > lx.from && isBlank(text.charCodeAt(p - 1))) p--;
  if (!lx.atLineStart(p)) return -1;
  p = i + 1;
  while (isBlank(text.charCodeAt(p))) p++;
  const start = p;
  while (isAsciiLetter(text.charCodeAt(p)) || text.charCodeAt(p) === 95) p++;
  const directive = text.slice(start, p);
  if (directive !== 'include' && directive !== 'import' && directive !== 'include_next') return -1;
  while (isBlank(text.charCodeAt(p))) p++;
  if (text.charCodeAt(p) !== 60 /* < */) return -1;
  return lx.skipPastOnLine('>', p + 1);
}

/** Clojure/Lisp `\x`, Erlang `$x`: the next character is a literal. */
export function prefixedCharLiteral(lx: CodeLexer, i: number): number {
  const { text } = lx;
  if (i + 1 >= lx.to || isLineBreak(text.charCodeAt(i + 1))) return -1;
  return text.charCodeAt(i + 1) === BACKSLASH && text.charCodeAt(i) !== BACKSLASH
    ? i + 3
    : i + 1 + codePointWidth(text, i + 1);
}

/** Perl `$"`, `$'`, `$#`: a sigil and one punctuation character. */
export function punctuationVariable(lx: CodeLexer, i: number): number {
  const next = lx.text.charCodeAt(i + 1);
  if (Number.isNaN(next) || isIdentifierChar(next) || isWhitespace(next)) return -1;
  return i + 2;
}
