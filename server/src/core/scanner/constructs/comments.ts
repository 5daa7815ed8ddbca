/** Comment constructs: line and block comments, nested and line-start blocks, long-bracket comments. */
import * as charsModule from '../chars';
import type { CodeLexer } from '../engine';
import type { BlockCommentRule, LineCommentRule } from '../languages';
import * as stringsModule from './strings';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { isAsciiLetter, isBlank, isIdentifierChar, isLineBreak, isWhitespace } = charsModule;
const { longBracketLevel } = stringsModule;

const HASKELL_SYMBOLS = '!#$%&*+./<=>?@\\^|~:';

/** The shell's metacharacters: a word ends at each. */
const SHELL_WORD_ENDS = ';|&()<>';

/**
 * Whether the `)` at `close` closes a `$(`, `<(` or `>(` opened on its line (shell substitutions, inside a
 * word). Parentheses are counted back to the line's start: a `)` is rarely right before a `#`.
 */
function closesSubstitution(lx: CodeLexer, close: number): boolean {
  const { text } = lx;
  let depth = 0;
  for (let p = close; p > lx.from && !isLineBreak(text.charCodeAt(p)); p--) {
    const c = text.charCodeAt(p);
    if (c === 41 /* ) */) depth++;
    else if (c === 40 /* ( */ && --depth === 0) return p > lx.from && '$<>'.includes(text[p - 1]);
  }
  return false;
}

/** A line comment from `i` whose opener is `openLength` long; returns its end. */
function lineCommentFrom(lx: CodeLexer, i: number, openLength: number, backslashContinues: boolean): number {
  const terminator = lx.syntax.terminator;
  let end = terminator === undefined ? lx.lineEnd(i + openLength) : lineEndOrTerminator(lx, i + openLength, terminator);
  // C: a backslash right before the line break splices the next line into the comment.
  while (backslashContinues && end < lx.to && lx.text.charCodeAt(end - 1) === 92 /* \ */ && end - 1 >= i + openLength) {
    end = lx.lineEnd(lx.afterLineBreak(end));
  }
  lx.emit(i, end, 'line', i + openLength, end);
  return end;
}

/** PHP: a line comment also ends at `?>`. */
function lineEndOrTerminator(lx: CodeLexer, from: number, terminator: string): number {
  const { text, to } = lx;
  const first = terminator.charCodeAt(0);
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    if (isLineBreak(c) || (c === first && text.startsWith(terminator, p))) return p;
  }
  return to;
}

export function lineComment(lx: CodeLexer, rule: LineCommentRule, i: number): number {
  const { text } = lx;
  const length = rule.open.length;
  if (rule.keyword) {
    if (text.slice(i, i + length).toLowerCase() !== rule.open) return -1;
    if (i + length < lx.to && isIdentifierChar(text.charCodeAt(i + length))) return -1;
  } else if (!text.startsWith(rule.open, i)) {
    return -1;
  }
  const before = lx.charBefore(i);
  switch (rule.at) {
    case 'word-start':
      if (before >= 0 && !isWhitespace(before) && !(rule.wordEndsAfter ?? SHELL_WORD_ENDS).includes(text[i - 1]))
        return -1;
      if (before === 41 /* ) */ && rule.substitutionsInWords && closesSubstitution(lx, i - 1)) return -1;
      break;
    case 'after-space':
      if (before >= 0 && !isWhitespace(before)) return -1;
      break;
    case 'line-start': {
      let p = i;
      while (p > lx.from && isBlank(text.charCodeAt(p - 1))) p--;
      if (!lx.atLineStart(p)) return -1;
      break;
    }
    case 'first-column':
      if (!lx.atLineStart(i)) return -1;
      break;
  }
  if (rule.notAfter !== undefined && before >= 0 && rule.notAfter.includes(String.fromCharCode(before))) return -1;
  if (rule.notBefore !== undefined && i + length < lx.to && rule.notBefore.includes(text[i + length])) return -1;
  if (rule.dashOperators) {
    // Inside a run of dashes the run's start decided already.
    if (before === 45 /* - */) return -1;
    let p = i + length;
    while (text.charCodeAt(p) === 45 /* - */) p++;
    if (p < lx.to && HASKELL_SYMBOLS.includes(text[p])) return -1;
  }
  return lineCommentFrom(lx, i, length, rule.backslashContinues === true);
}

export function blockComment(lx: CodeLexer, rule: BlockCommentRule, i: number): number {
  const { text, to } = lx;
  if (!text.startsWith(rule.open, i)) return -1;
  const bodyStart = i + rule.open.length;
  if (rule.notBefore !== undefined && bodyStart < to && rule.notBefore.includes(text[bodyStart])) return -1;
  const close = rule.nests ? nestedClose(lx, rule, bodyStart) : lx.indexOf(rule.close, bodyStart);
  const end = close < 0 ? to : close + rule.close.length;
  lx.emit(i, end, 'block', bodyStart, close < 0 ? to : close);
  return end;
}

function nestedClose(lx: CodeLexer, rule: BlockCommentRule, from: number): number {
  const { text, to } = lx;
  const openCode = rule.open.charCodeAt(0);
  const closeCode = rule.close.charCodeAt(0);
  let depth = 1;
  let p = from;
  while (p < to) {
    const c = text.charCodeAt(p);
    if (c === closeCode && text.startsWith(rule.close, p)) {
      if (--depth === 0) return p;
      p += rule.close.length;
    } else if (c === openCode && text.startsWith(rule.open, p)) {
      depth++;
      p += rule.open.length;
    } else {
      p++;
    }
  }
  return -1;
}

/** Ruby `=begin` … `=end`, both at line start. */
export function rubyBlockComment(lx: CodeLexer, i: number): number {
  const { text } = lx;
  if (!lx.atLineStart(i) || !text.startsWith('=begin', i)) return -1;
  const after = i + 6;
  if (after < lx.to && !isWhitespace(text.charCodeAt(after))) return -1;
  return blockToLineStartingWith(lx, '=end', i, after);
}

/** Perl POD: a line starting `=word` up to a line starting `=cut`. */
export function perlPod(lx: CodeLexer, i: number): number {
  const { text } = lx;
  if (!lx.atLineStart(i) || !isAsciiLetter(text.charCodeAt(i + 1))) return -1;
  let bodyStart = i + 1;
  while (bodyStart < lx.to && isIdentifierChar(text.charCodeAt(bodyStart))) bodyStart++;
  return blockToLineStartingWith(lx, '=cut', i, bodyStart);
}

/** A block comment from `i` that ends with the line starting with `closer`, or at the end. */
function blockToLineStartingWith(lx: CodeLexer, closer: string, i: number, bodyStart: number): number {
  let p = bodyStart;
  for (;;) {
    const at = lx.indexOf(closer, p);
    if (at < 0) {
      lx.emit(i, lx.to, 'block', bodyStart, lx.to);
      return lx.to;
    }
    if (lx.atLineStart(at)) {
      const end = lx.lineEnd(at);
      lx.emit(i, end, 'block', bodyStart, at);
      return end;
    }
    p = at + closer.length;
  }
}

/** `__END__` alone on its line: the rest of the file is data. */
export function dataSection(lx: CodeLexer, marker: string, i: number): number {
  const { text } = lx;
  if (!lx.atLineStart(i) || !text.startsWith(marker, i)) return -1;
  const end = lx.lineEnd(i);
  for (let p = i + marker.length; p < end; p++) if (!isBlank(text.charCodeAt(p))) return -1;
  return lx.to;
}

/** Lua `--[[ … ]]`, CMake `#[==[ … ]==]`: the prefix and a long bracket. */
export function longBracketComment(lx: CodeLexer, prefix: string, i: number): number {
  if (!lx.text.startsWith(prefix, i)) return -1;
  const level = longBracketLevel(lx, i + prefix.length);
  if (level < 0) return -1;
  const bodyStart = i + prefix.length + level + 2;
  const closer = `]${'='.repeat(level)}]`;
  const close = lx.indexOf(closer, bodyStart);
  const end = close < 0 ? lx.to : close + closer.length;
  lx.emit(i, end, 'block', bodyStart, close < 0 ? lx.to : close);
  return end;
}
