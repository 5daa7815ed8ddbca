/**
 * A linear-time lexer that finds the comments of a text, skipping string literals so that a `TODO`
 * inside a string is never mistaken for one. It knows just enough of each language (see languages.ts)
 * to tell comments from strings; it never throws and never backtracks more than a bounded distance.
 */
import {
  PHP_CODE,
  syntaxOf,
  type BlockCommentRule,
  type CodeSyntax,
  type LineCommentRule,
  type MarkupSyntax,
  type QuoteRule,
} from './languages';

export interface CommentSpan {
  /** Offset of the comment's opener. */
  start: number;
  /** Offset just after its closer (block) or before its line break (line). */
  end: number;
  kind: 'line' | 'block';
}

/** A comment with the offsets of its text between opener and closer. */
export interface LexedComment extends CommentSpan {
  bodyStart: number;
  bodyEnd: number;
}

/** The comments of a text, in order; [] for a language id the scanner does not know. */
export function findComments(text: string, languageId: string): CommentSpan[] {
  return lexComments(text, languageId).map(({ start, end, kind }) => ({ start, end, kind }));
}

/**
 * The comments of a text with their bodies. Lexing stops after the token that starts at or after
 * `limit`: a caller that only needs the comments up to some offset saves the rest of the file.
 */
export function lexComments(text: string, languageId: string, limit = Number.POSITIVE_INFINITY): LexedComment[] {
  const syntax = syntaxOf(languageId);
  const out: LexedComment[] = [];
  if (syntax === undefined) return out;
  switch (syntax.kind) {
    case 'code':
      new CodeLexer(text, compile(syntax), 0, text.length, out).run(limit);
      break;
    case 'markup':
      lexMarkup(text, syntax, out, limit);
      break;
    case 'markdown':
      lexMarkdown(text, out, limit);
      break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Characters

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BACKSLASH = 92;
const SINGLE_QUOTE = 39;

function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

/** Horizontal whitespace. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;
}

function isWhitespace(c: number): boolean {
  return isBlank(c) || isLineBreak(c);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Identifier characters; anything beyond ASCII counts, which is right for every identifier syntax here. */
function isIdentifierChar(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c) || c === 95 || c >= 128;
}

/** Code units in the code point at `i` (2 for a surrogate pair). */
function codePointWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

const CLOSING_BRACKET: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

// ---------------------------------------------------------------------------------------------
// Code lexer

/** Returns where lexing goes on, or -1 when the construct at `i` is not this handler's. */
type Handler = (lexer: CodeLexer, i: number) => number;

interface CompiledSyntax {
  syntax: CodeSyntax;
  /** Handlers by the char code that can start their construct, in priority order. */
  dispatch: (Handler[] | undefined)[];
}

interface Interpolation {
  rule: QuoteRule;
  /** Unclosed brackets opened inside the interpolated code. */
  depth: number;
  openCode: number;
  closeCode: number;
}

const C_CHAR: QuoteRule = { open: "'", close: "'", escape: '\\', multiline: false };
const RUST_RAW_PREFIXES = new Set(['r', 'br', 'cr']);
const CPP_RAW_PREFIXES = new Set(['R', 'LR', 'uR', 'UR', 'u8R']);
const PERL_QUOTE_PARTS: Record<string, number> = { q: 1, qq: 1, qw: 1, qr: 1, m: 1, s: 2, tr: 2, y: 2 };
const HASKELL_SYMBOLS = '!#$%&*+./<=>?@\\^|~:';

class CodeLexer {
  private readonly interpolations: Interpolation[] = [];
  private readonly heredocs: { word: string; php: boolean }[] = [];
  /** A regex literal that failed to close made every `/` before this offset a division. */
  private regexBlockedBefore = -1;
  /** Set when the syntax's terminator (PHP `?>`) ended the code. */
  stopped = false;

  constructor(
    readonly text: string,
    readonly compiled: CompiledSyntax,
    readonly from: number,
    readonly to: number,
    readonly out: LexedComment[],
  ) {}

  /** Lexes [from, to) and returns where it stopped: `to`, or the terminator's offset. */
  run(limit: number): number {
    const { text, to } = this;
    const dispatch = this.compiled.dispatch;
    let i = this.from;
    while (i < to && i <= limit) {
      const c = text.charCodeAt(i);
      const handlers = c < 128 ? dispatch[c] : undefined;
      if (handlers === undefined) {
        i++;
        continue;
      }
      let next = -1;
      for (const handler of handlers) {
        next = handler(this, i);
        if (next >= 0) break;
      }
      if (this.stopped) return i;
      i = next > i ? next : i + 1;
    }
    return Math.min(i, to);
  }

  // -- helpers -----------------------------------------------------------------------------------

  private get syntax(): CodeSyntax {
    return this.compiled.syntax;
  }

  private charBefore(i: number): number {
    return i > this.from ? this.text.charCodeAt(i - 1) : -1;
  }

  private atLineStart(i: number): boolean {
    return i <= this.from || isLineBreak(this.text.charCodeAt(i - 1));
  }

  /** Offset of the line break at or after `i`, or `to`. */
  private lineEnd(i: number): number {
    const { text, to } = this;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) return i;
      i++;
    }
    return to;
  }

  /** Offset of the line after the line break at `i`. */
  private afterLineBreak(i: number): number {
    return this.text.charCodeAt(i) === CR && this.text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
  }

  /** First offset of `needle` in [from, bound), or -1. Never scans past the bound. */
  private indexOf(needle: string, from: number, bound = this.to): number {
    const { text } = this;
    const at = bound >= text.length ? text.indexOf(needle, from) : text.slice(0, bound).indexOf(needle, from);
    return at < 0 || at + needle.length > bound ? -1 : at;
  }

  /** Offset just after the first `closer` at or after `from`, or `to` when it never comes. */
  private skipPast(closer: string, from: number, bound = this.to): number {
    const at = this.indexOf(closer, from, bound);
    return at < 0 ? bound : at + closer.length;
  }

  /** Offset just after `closer` if it comes before the end of the line, else the line break's offset. */
  private skipPastOnLine(closer: string, from: number): number {
    const { text, to } = this;
    const first = closer.charCodeAt(0);
    for (let p = from; p < to; p++) {
      const c = text.charCodeAt(p);
      if (c === first && text.startsWith(closer, p)) return p + closer.length;
      if (c === LF || c === CR) return p;
    }
    return to;
  }

  /** The identifier of at most `max` characters that ends right before `i`; '' if none or longer. */
  private wordBefore(i: number, max = 4): string {
    const { text } = this;
    let start = i;
    while (start > this.from && isIdentifierChar(text.charCodeAt(start - 1))) {
      start--;
      if (i - start > max) return '';
    }
    return text.slice(start, i);
  }

  private emit(start: number, end: number, kind: 'line' | 'block', bodyStart: number, bodyEnd: number): void {
    const clampedBodyStart = Math.min(bodyStart, end);
    this.out.push({ start, end, kind, bodyStart: clampedBodyStart, bodyEnd: Math.min(Math.max(bodyEnd, clampedBodyStart), end) });
  }

  /** A line comment from `i` whose opener is `openLength` long; returns its end. */
  private lineCommentFrom(i: number, openLength: number): number {
    const terminator = this.syntax.terminator;
    const end = terminator === undefined ? this.lineEnd(i + openLength) : this.lineEndOrTerminator(i + openLength, terminator);
    this.emit(i, end, 'line', i + openLength, end);
    return end;
  }

  /** PHP: a line comment also ends at `?>`. */
  private lineEndOrTerminator(from: number, terminator: string): number {
    const { text, to } = this;
    const first = terminator.charCodeAt(0);
    for (let p = from; p < to; p++) {
      const c = text.charCodeAt(p);
      if (c === LF || c === CR || (c === first && text.startsWith(terminator, p))) return p;
    }
    return to;
  }

  // -- comments ----------------------------------------------------------------------------------

  lineComment(rule: LineCommentRule, i: number): number {
    const { text } = this;
    const length = rule.open.length;
    if (rule.keyword) {
      if (text.slice(i, i + length).toLowerCase() !== rule.open) return -1;
      if (i + length < this.to && isIdentifierChar(text.charCodeAt(i + length))) return -1;
    } else if (!text.startsWith(rule.open, i)) {
      return -1;
    }
    const before = this.charBefore(i);
    switch (rule.at) {
      case 'word-start':
        if (before >= 0 && !isWhitespace(before) && !';|&()<>'.includes(String.fromCharCode(before))) return -1;
        break;
      case 'after-space':
        if (before >= 0 && !isWhitespace(before)) return -1;
        break;
      case 'line-start': {
        let p = i;
        while (p > this.from && isBlank(text.charCodeAt(p - 1))) p--;
        if (!this.atLineStart(p)) return -1;
        break;
      }
      case 'first-column':
        if (!this.atLineStart(i)) return -1;
        break;
    }
    if (rule.notAfter !== undefined && before >= 0 && rule.notAfter.includes(String.fromCharCode(before))) return -1;
    if (rule.notBefore !== undefined && i + length < this.to && rule.notBefore.includes(text[i + length])) return -1;
    if (rule.dashOperators) {
      // Inside a run of dashes the run's start decided already.
      if (before === 45 /* - */) return -1;
      let p = i + length;
      while (text.charCodeAt(p) === 45 /* - */) p++;
      if (p < this.to && HASKELL_SYMBOLS.includes(text[p])) return -1;
    }
    return this.lineCommentFrom(i, length);
  }

  blockComment(rule: BlockCommentRule, i: number): number {
    const { text, to } = this;
    if (!text.startsWith(rule.open, i)) return -1;
    const bodyStart = i + rule.open.length;
    if (rule.notBefore !== undefined && bodyStart < to && rule.notBefore.includes(text[bodyStart])) return -1;
    const close = rule.nests ? this.nestedClose(rule, bodyStart) : this.indexOf(rule.close, bodyStart);
    const end = close < 0 ? to : close + rule.close.length;
    this.emit(i, end, 'block', bodyStart, close < 0 ? to : close);
    return end;
  }

  private nestedClose(rule: BlockCommentRule, from: number): number {
    const { text, to } = this;
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
  rubyBlockComment(i: number): number {
    const { text } = this;
    if (!this.atLineStart(i) || !text.startsWith('=begin', i)) return -1;
    const after = i + 6;
    if (after < this.to && !isWhitespace(text.charCodeAt(after))) return -1;
    return this.blockToLineStartingWith('=end', i, after);
  }

  /** Perl POD: a line starting `=word` up to a line starting `=cut`. */
  perlPod(i: number): number {
    const { text } = this;
    if (!this.atLineStart(i) || !isAsciiLetter(text.charCodeAt(i + 1))) return -1;
    let bodyStart = i + 1;
    while (bodyStart < this.to && isIdentifierChar(text.charCodeAt(bodyStart))) bodyStart++;
    return this.blockToLineStartingWith('=cut', i, bodyStart);
  }

  /** A block comment from `i` that ends with the line starting with `closer`, or at the end. */
  private blockToLineStartingWith(closer: string, i: number, bodyStart: number): number {
    let p = bodyStart;
    for (;;) {
      const at = this.indexOf(closer, p);
      if (at < 0) {
        this.emit(i, this.to, 'block', bodyStart, this.to);
        return this.to;
      }
      if (this.atLineStart(at)) {
        const end = this.lineEnd(at);
        this.emit(i, end, 'block', bodyStart, at);
        return end;
      }
      p = at + closer.length;
    }
  }

  /** `__END__` alone on its line: the rest of the file is data. */
  dataSection(marker: string, i: number): number {
    const { text } = this;
    if (!this.atLineStart(i) || !text.startsWith(marker, i)) return -1;
    const end = this.lineEnd(i);
    for (let p = i + marker.length; p < end; p++) if (!isBlank(text.charCodeAt(p))) return -1;
    return this.to;
  }

  /** `[[…]]` / `[==[…]==]`: the level (number of `=`), or -1 when `p` starts no long bracket. */
  private longBracketLevel(p: number): number {
    const { text } = this;
    if (text.charCodeAt(p) !== 91 /* [ */) return -1;
    let q = p + 1;
    while (text.charCodeAt(q) === 61 /* = */) q++;
    return text.charCodeAt(q) === 91 ? q - p - 1 : -1;
  }

  longBracketComment(prefix: string, i: number): number {
    if (!this.text.startsWith(prefix, i)) return -1;
    const level = this.longBracketLevel(i + prefix.length);
    if (level < 0) return -1;
    const bodyStart = i + prefix.length + level + 2;
    const closer = `]${'='.repeat(level)}]`;
    const close = this.indexOf(closer, bodyStart);
    const end = close < 0 ? this.to : close + closer.length;
    this.emit(i, end, 'block', bodyStart, close < 0 ? this.to : close);
    return end;
  }

  // -- strings -----------------------------------------------------------------------------------

  quote(rule: QuoteRule, i: number): number {
    if (!this.text.startsWith(rule.open, i)) return -1;
    if (rule.afterWord !== undefined && !rule.afterWord.includes(this.wordBefore(i))) return -1;
    if (this.syntax.quotesOnlyAtScalarStart && !this.atYamlScalarStart(i)) return -1;
    return this.stringBody(rule, i + rule.open.length);
  }

  /** Scans a string's body from `p`; returns the offset after its closer (or where it gives up). */
  private stringBody(rule: QuoteRule, p: number): number {
    const { text, to } = this;
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
        this.interpolations.push({ rule, depth: 0, openCode: bracket, closeCode: bracket === 40 ? 41 : 125 });
        return p + interpolation!.length;
      }
      if (c === escapeCode) {
        p += text.charCodeAt(p + 1) === CR && text.charCodeAt(p + 2) === LF ? 3 : 2;
        continue;
      }
      if (c === closeCode && text.startsWith(close, p) && (!rule.closeAtLineStart || this.atLineStart(p))) {
        return p + close.length;
      }
      if (!rule.multiline && (c === LF || c === CR)) return p;
      p++;
    }
    return to;
  }

  /** `{`/`}` (or `(`/`)`) while inside an interpolation: the closing one resumes the string. */
  interpolationBracket(i: number): number {
    const top = this.interpolations[this.interpolations.length - 1];
    if (top === undefined) return -1;
    const c = this.text.charCodeAt(i);
    if (c === top.openCode) {
      top.depth++;
      return i + 1;
    }
    if (c !== top.closeCode) return -1;
    if (top.depth > 0) {
      top.depth--;
      return i + 1;
    }
    this.interpolations.pop();
    return this.stringBody(top.rule, i + 1);
  }

  /** YAML: a quote opens a string only where a scalar starts, not inside plain text (`it's`). */
  private atYamlScalarStart(i: number): boolean {
    const { text } = this;
    let p = i;
    while (p > this.from && isBlank(text.charCodeAt(p - 1))) p--;
    if (this.atLineStart(p)) return true;
    const before = text[p - 1];
    if (before === '[' || before === '{' || before === ',') return true;
    return p < i && (before === ':' || before === '-' || before === '?');
  }

  charLiteral(i: number): number {
    const { text } = this;
    const style = this.syntax.charLiterals;
    const before = this.charBefore(i);
    if (style === 'c') {
      // C++14 digit separators: 1'000'000, 0xFF'FF.
      if (before >= 0 && isIdentifierChar(before)) {
        const word = this.wordBefore(i, 64);
        if (word === '' || isDigit(word.charCodeAt(0))) return i + 1;
      }
      return this.stringBody(C_CHAR, i + 1);
    }
    if (style === 'quote-or-prime' && before >= 0 && isIdentifierChar(before)) return i + 1;
    const next = text.charCodeAt(i + 1);
    if (next === BACKSLASH) return this.stringBody(C_CHAR, i + 1);
    if (Number.isNaN(next) || isLineBreak(next) || next === SINGLE_QUOTE) return i + 1;
    const width = codePointWidth(text, i + 1);
    return text.charCodeAt(i + 1 + width) === SINGLE_QUOTE ? i + 2 + width : i + 1;
  }

  /** Rust `r"…"`, `br"…"` at the quote. */
  rustRawQuote(i: number): number {
    if (!RUST_RAW_PREFIXES.has(this.wordBefore(i))) return -1;
    return this.skipPast('"', i + 1);
  }

  /** Rust `r#"…"#` at the first `#`. */
  rustRawHashes(i: number): number {
    if (!RUST_RAW_PREFIXES.has(this.wordBefore(i))) return -1;
    const { text } = this;
    let p = i;
    while (text.charCodeAt(p) === 35 /* # */) p++;
    if (text.charCodeAt(p) !== 34 /* " */) return -1;
    return this.skipPast(`"${'#'.repeat(p - i)}`, p + 1);
  }

  /** C++ `R"delim(…)delim"` (also `u8R`, `LR`, `uR`, `UR`) at the quote. */
  cppRawString(i: number): number {
    if (!CPP_RAW_PREFIXES.has(this.wordBefore(i))) return -1;
    const { text } = this;
    let p = i + 1;
    while (p < this.to && p - i <= 17) {
      const c = text.charCodeAt(p);
      if (c === 40 /* ( */) return this.skipPast(`)${text.slice(i + 1, p)}"`, p + 1);
      if (isWhitespace(c) || c === 41 || c === BACKSLASH) return -1;
      p++;
    }
    return -1;
  }

  /** Swift `#"…"#`, `##"""…"""##` at the first `#`. */
  swiftRawString(i: number): number {
    const { text } = this;
    if (this.charBefore(i) === 35 /* # */) return -1;
    let p = i;
    while (text.charCodeAt(p) === 35 /* # */) p++;
    if (text.charCodeAt(p) !== 34 /* " */) return -1;
    const hashes = '#'.repeat(p - i);
    if (text.startsWith('"""', p)) return this.skipPast(`"""${hashes}`, p + 3);
    return this.skipPastOnLine(`"${hashes}`, p + 1);
  }

  longBracketString(i: number): number {
    const level = this.longBracketLevel(i);
    if (level < 0) return -1;
    return this.skipPast(`]${'='.repeat(level)}]`, i + level + 2);
  }

  /** Skips a delimited literal body from `p` to its closer; brackets nest, backslash escapes. */
  private delimited(p: number, open: string, close: string): number {
    const { text, to } = this;
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
  elixirSigil(i: number): number {
    const { text } = this;
    let p = i + 1;
    const c = text.charCodeAt(p);
    if (c >= 97 && c <= 122) p++;
    else if (c >= 65 && c <= 90) while ((text.charCodeAt(p) >= 65 && text.charCodeAt(p) <= 90) || isDigit(text.charCodeAt(p))) p++;
    else return -1;
    if (text.startsWith('"""', p) || text.startsWith("'''", p)) return this.skipPast(text.slice(p, p + 3), p + 3);
    const open = text[p];
    if (open === undefined) return -1;
    const close = CLOSING_BRACKET[open] ?? ('/|"\''.includes(open) ? open : undefined);
    return close === undefined ? -1 : this.delimited(p + 1, open, close);
  }

  /** Ruby `%q(…)`, `%w[…]`, `%(…)`. */
  rubyPercentLiteral(i: number): number {
    const { text } = this;
    let p = i + 1;
    const lettered = p < this.to && 'qQwWiIrsx'.includes(text[p]);
    if (lettered) p++;
    const open = text[p];
    if (open === undefined) return -1;
    const openCode = open.charCodeAt(0);
    if (lettered) {
      if (isIdentifierChar(this.charBefore(i)) || isIdentifierChar(openCode) || isWhitespace(openCode)) return -1;
    } else {
      if (!'([{<|!/^'.includes(open)) return -1;
      // `x %(y)` is a modulo: a literal starts only where an operand would.
      let q = i;
      while (q > this.from && isBlank(text.charCodeAt(q - 1))) q--;
      const before = this.charBefore(q);
      if (isIdentifierChar(before) || before === 41 || before === 93 || before === 125) return -1;
    }
    return this.delimited(p + 1, open, CLOSING_BRACKET[open] ?? open);
  }

  /** Perl quote-like operators: `q(…)`, `qw/…/`, `m{…}`, `s/…/…/`, `tr[…][…]`. */
  perlQuoteLike(i: number): number {
    const { text } = this;
    const before = this.charBefore(i);
    if (before >= 0 && (isIdentifierChar(before) || '$@%&*>:'.includes(String.fromCharCode(before)))) return -1;
    let p = i;
    while (p < this.to && p - i < 3 && isAsciiLetter(text.charCodeAt(p))) p++;
    if (isIdentifierChar(text.charCodeAt(p))) return -1;
    const parts = PERL_QUOTE_PARTS[text.slice(i, p)];
    const open = text[p];
    if (parts === undefined || open === undefined) return -1;
    if (isWhitespace(open.charCodeAt(0)) || '=;)}]>'.includes(open)) return -1;
    const close = CLOSING_BRACKET[open] ?? open;
    p = this.delimited(p + 1, open, close);
    if (parts === 2) {
      if (close === open) return this.delimited(p, open, close);
      while (p < this.to && isWhitespace(text.charCodeAt(p))) p++;
      const secondOpen = text[p];
      if (secondOpen === undefined) return p;
      p = this.delimited(p + 1, secondOpen, CLOSING_BRACKET[secondOpen] ?? secondOpen);
    }
    return p;
  }

  /** Elixir `?x`: the character after `?` is a char literal (`?#` is no comment). */
  questionCharLiteral(i: number): number {
    const { text } = this;
    if (isIdentifierChar(this.charBefore(i))) return -1;
    const next = text.charCodeAt(i + 1);
    if (Number.isNaN(next) || isWhitespace(next)) return -1;
    return next === BACKSLASH ? i + 3 : i + 1 + codePointWidth(text, i + 1);
  }

  /** Clojure/Lisp `\x`, Erlang `$x`: the next character is a literal. */
  prefixedCharLiteral(i: number): number {
    const { text } = this;
    if (i + 1 >= this.to || isLineBreak(text.charCodeAt(i + 1))) return -1;
    return text.charCodeAt(i + 1) === BACKSLASH && text.charCodeAt(i) !== BACKSLASH ? i + 3 : i + 1 + codePointWidth(text, i + 1);
  }

  /** Perl `$"`, `$'`, `$#`: a sigil and one punctuation character. */
  perlSpecialVariable(i: number): number {
    const next = this.text.charCodeAt(i + 1);
    if (Number.isNaN(next) || isIdentifierChar(next) || isWhitespace(next)) return -1;
    return i + 2;
  }

  regexLiteral(i: number): number {
    const { text, to } = this;
    if (i < this.regexBlockedBefore || !this.regexMayStartAt(i)) return -1;
    const multiline = this.syntax.regexLiterals!.multiline === true;
    let inClass = false;
    let p = i + 1;
    while (p < to) {
      const c = text.charCodeAt(p);
      if ((c === LF || c === CR) && !multiline) break;
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
    this.regexBlockedBefore = p;
    return -1;
  }

  /** Whether `/` at `i` starts a regex: after an operator or keyword, not after an operand. */
  private regexMayStartAt(i: number): boolean {
    const { text } = this;
    // `</div>` is a JSX closing tag and Perl's `//=` an operator, not a regex after `<` or `/`.
    const before = this.charBefore(i);
    if (before === 60 /* < */ || before === 47 /* / */) return false;
    let p = i - 1;
    while (p >= this.from && isWhitespace(text.charCodeAt(p))) p--;
    if (p < this.from) return true;
    const c = text.charCodeAt(p);
    if (c === 41 || c === 93 || c === 125 || c === 34 || c === 39 || c === 96) return false; // ) ] } " ' `
    if (!isIdentifierChar(c)) return true;
    return this.syntax.regexLiterals!.keywords.includes(this.wordBefore(p + 1, 12));
  }

  // -- heredocs ----------------------------------------------------------------------------------

  /** A heredoc opener: the body starts on the next line, so it is queued until then. */
  heredocStart(i: number): number {
    const { text } = this;
    const flavor = this.syntax.heredocs!;
    let p: number;
    let indentedMarker = false;
    if (flavor === 'php') {
      if (!text.startsWith('<<<', i)) return -1;
      p = i + 3;
      while (isBlank(text.charCodeAt(p))) p++;
    } else {
      // `<<<` is a here-string (shell) or not a heredoc at all.
      if (!text.startsWith('<<', i) || text.charCodeAt(i + 2) === 60 || this.charBefore(i) === 60) return -1;
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
      const after = this.skipPastOnLine(delimiter, p + 1);
      if (text[after - 1] !== delimiter || after === p + 2) return -1;
      word = text.slice(p + 1, after - 1);
      p = after;
    } else {
      if (flavor === 'shell' && delimiter === '\\') p++;
      const start = p;
      while (p < this.to && isIdentifierChar(text.charCodeAt(p)) && text.charCodeAt(p) < 128) p++;
      word = text.slice(start, p);
      // A bare word must look like one (`<<EOF`, `<<~eos`), so shifts such as `1 << n` stay shifts.
      const first = word.charCodeAt(0);
      if (word === '' || isDigit(first) || (!indentedMarker && !(first === 95 || (first >= 65 && first <= 90)))) return -1;
    }
    this.heredocs.push({ word, php: flavor === 'php' });
    return p;
  }

  /** At a line break with heredocs queued: skips their bodies. */
  heredocBodies(i: number): number {
    if (this.heredocs.length === 0) return -1;
    let lineBreak = i;
    for (const heredoc of this.heredocs) {
      if (lineBreak >= this.to) break;
      lineBreak = this.heredocTerminatorLine(heredoc.word, heredoc.php, this.afterLineBreak(lineBreak));
    }
    this.heredocs.length = 0;
    return lineBreak;
  }

  /** The line break ending the terminator line of a heredoc whose body starts at `p`. */
  private heredocTerminatorLine(word: string, php: boolean, p: number): number {
    const { text, to } = this;
    while (p < to) {
      const end = this.lineEnd(p);
      let s = p;
      while (s < end && isBlank(text.charCodeAt(s))) s++;
      if (text.startsWith(word, s)) {
        const rest = s + word.length;
        // PHP allows `EOT;` on the terminator line; the others want the word alone.
        if (php ? rest >= end || !isIdentifierChar(text.charCodeAt(rest)) : isBlankRange(text, rest, end)) return end;
      }
      if (end >= to) return to;
      p = this.afterLineBreak(end);
    }
    return to;
  }

  // -- PHP ---------------------------------------------------------------------------------------

  terminator(i: number): number {
    if (!this.text.startsWith(this.syntax.terminator!, i)) return -1;
    this.stopped = true;
    return i;
  }
}

// ---------------------------------------------------------------------------------------------
// Compiling a syntax into a dispatch table

const compiledSyntaxes = new WeakMap<CodeSyntax, CompiledSyntax>();

function compile(syntax: CodeSyntax): CompiledSyntax {
  const cached = compiledSyntaxes.get(syntax);
  if (cached !== undefined) return cached;
  const entries: { chars: string; priority: number; length: number; handler: Handler }[] = [];
  const add = (chars: string, priority: number, handler: Handler, length = 0) => entries.push({ chars, priority, length, handler });

  if (syntax.terminator !== undefined) add(syntax.terminator[0], 0, (l, i) => l.terminator(i));
  const interpolations = new Set(syntax.quotes.map((q) => q.interpolation).filter((x) => x !== undefined));
  if (interpolations.has('${') || interpolations.has('#{')) add('{}', 1, (l, i) => l.interpolationBracket(i));
  if (interpolations.has('\\(')) add('()', 1, (l, i) => l.interpolationBracket(i));
  if (syntax.heredocs !== undefined) {
    add('\n\r', 1, (l, i) => l.heredocBodies(i));
    add('<', 6, (l, i) => l.heredocStart(i));
  }
  if (syntax.rubyBlockComments) add('=', 2, (l, i) => l.rubyBlockComment(i));
  if (syntax.perlPod) add('=', 2, (l, i) => l.perlPod(i));
  for (const marker of syntax.dataSectionMarkers ?? []) add(marker[0], 2, (l, i) => l.dataSection(marker, i));
  if (syntax.longBrackets !== undefined) {
    const prefix = syntax.longBrackets.commentPrefix;
    add(prefix[0], 3, (l, i) => l.longBracketComment(prefix, i));
    add('[', 6, (l, i) => l.longBracketString(i));
  }
  for (const rule of syntax.blockComments) add(rule.open[0], 4, (l, i) => l.blockComment(rule, i), rule.open.length);
  for (const rule of syntax.lineComments) {
    const first = rule.keyword ? rule.open[0].toLowerCase() + rule.open[0].toUpperCase() : rule.open[0];
    add(first, 5, (l, i) => l.lineComment(rule, i), rule.open.length);
  }
  switch (syntax.rawStrings) {
    case 'rust':
      add('"', 6, (l, i) => l.rustRawQuote(i));
      add('#', 6, (l, i) => l.rustRawHashes(i));
      break;
    case 'cpp':
      add('"', 6, (l, i) => l.cppRawString(i));
      break;
    case 'swift':
      add('#', 6, (l, i) => l.swiftRawString(i));
      break;
  }
  if (syntax.charLiterals !== undefined) add("'", 6, (l, i) => l.charLiteral(i));
  if (syntax.elixirSigils) add('~', 6, (l, i) => l.elixirSigil(i));
  if (syntax.questionCharLiterals) add('?', 6, (l, i) => l.questionCharLiteral(i));
  if (syntax.backslashCharLiterals) add('\\', 6, (l, i) => l.prefixedCharLiteral(i));
  if (syntax.dollarCharLiterals) add('$', 6, (l, i) => l.prefixedCharLiteral(i));
  if (syntax.perlSpecialVariables) add('$', 6, (l, i) => l.perlSpecialVariable(i));
  if (syntax.rubyPercentLiterals) add('%', 6, (l, i) => l.rubyPercentLiteral(i));
  if (syntax.perlQuoteLike) add('qmsty', 6, (l, i) => l.perlQuoteLike(i));
  if (syntax.regexLiterals !== undefined) add('/', 7, (l, i) => l.regexLiteral(i));
  for (const rule of syntax.quotes) {
    // Rules bound to a prefix word (Dart `r'…'`) go before the plain ones with the same opener.
    add(rule.open[0], rule.afterWord !== undefined ? 8 : 9, (l, i) => l.quote(rule, i), rule.open.length);
  }

  // Stable sort: by priority, then longer openers first (`"""` before `"`, `#=` before `#`).
  entries.sort((a, b) => a.priority - b.priority || b.length - a.length);
  const dispatch: (Handler[] | undefined)[] = new Array(128).fill(undefined);
  for (const entry of entries) {
    for (const ch of new Set(entry.chars)) {
      const code = ch.charCodeAt(0);
      if (code >= 128) continue;
      (dispatch[code] ??= []).push(entry.handler);
    }
  }
  const result = { syntax, dispatch };
  compiledSyntaxes.set(syntax, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Markup: HTML, XML, Vue, Svelte, PHP

const SCRIPT_CLOSE = /<\/script/gi;
const STYLE_CLOSE = /<\/style/gi;

function lexMarkup(text: string, syntax: MarkupSyntax, out: LexedComment[], limit: number): void {
  const to = text.length;
  let i = 0;
  while (i < to && i <= limit) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      const end = close < 0 ? to : close + 3;
      out.push({ start: i, end, kind: 'block', bodyStart: i + 4, bodyEnd: close < 0 ? to : close });
      i = end;
    } else if (syntax.cdata && text.startsWith('<![CDATA[', i)) {
      const close = text.indexOf(']]>', i + 9);
      i = close < 0 ? to : close + 3;
    } else if (syntax.php && (text.startsWith('<?=', i) || text.slice(i, i + 5).toLowerCase() === '<?php')) {
      const lexer = new CodeLexer(text, compile(PHP_CODE), text[i + 2] === '=' ? i + 3 : i + 5, to, out);
      const stop = lexer.run(limit);
      i = lexer.stopped ? stop + 2 : stop;
    } else if (isAsciiLetter(text.charCodeAt(i + 1))) {
      i = lexStartTag(text, i, syntax, out, limit);
    } else {
      i++;
    }
  }
}

/**
 * At `<name`: skips the start tag, whose quoted attribute values may hold `<!--`, and lexes a
 * `<script>`/`<style>` element's content as code. Returns where markup goes on.
 */
function lexStartTag(text: string, lt: number, syntax: MarkupSyntax, out: LexedComment[], limit: number): number {
  let p = lt + 1;
  while (p < text.length && (isIdentifierChar(text.charCodeAt(p)) || text[p] === '-' || text[p] === ':' || text[p] === '.')) p++;
  const name = text.slice(lt + 1, p).toLowerCase();
  const isScript = name === 'script';
  const embedded = syntax.embedsScriptAndStyle && (isScript || name === 'style');
  // In PHP templates attribute values often hold `<?php … ?>`: only script and style tags are parsed.
  if (syntax.php && !embedded) return p;
  const attributesStart = p;
  while (p < text.length && text[p] !== '>') {
    const c = text[p];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, p + 1);
      p = close < 0 ? text.length : close + 1;
    } else {
      p++;
    }
  }
  if (p >= text.length) return text.length;
  if (!embedded || text[p - 1] === '/') return p + 1;
  const contentStart = p + 1;
  const closeRegex = isScript ? SCRIPT_CLOSE : STYLE_CLOSE;
  closeRegex.lastIndex = contentStart;
  const closeMatch = closeRegex.exec(text);
  const contentEnd = closeMatch === null ? text.length : closeMatch.index;
  const languageId = embeddedLanguage(isScript, text.slice(attributesStart, p));
  const code = languageId === undefined ? undefined : syntaxOf(languageId);
  if (code?.kind === 'code') new CodeLexer(text, compile(code), contentStart, contentEnd, out).run(limit);
  return contentEnd;
}

/** The language of a `<script>`/`<style>` element from its `lang`/`type` attributes; undefined: not code. */
function embeddedLanguage(isScript: boolean, attributes: string): string | undefined {
  const lang = /\blang\s*=\s*["']?([\w-]+)/i.exec(attributes)?.[1]?.toLowerCase();
  if (!isScript) return lang === 'scss' || lang === 'sass' || lang === 'less' || lang === 'stylus' ? 'scss' : 'css';
  if (lang === 'coffee' || lang === 'coffeescript') return 'coffeescript';
  const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
  if (type === undefined || /javascript|ecmascript|module|babel|jsx|typescript/.test(type)) return 'javascript';
  return /json/.test(type) ? 'jsonc' : undefined;
}

// ---------------------------------------------------------------------------------------------
// Markdown: HTML comments, except inside fenced code blocks and inline code spans

function lexMarkdown(text: string, out: LexedComment[], limit: number): void {
  const to = text.length;
  let nextOpener = text.indexOf('<!--');
  let fence: { char: number; length: number } | undefined;
  let p = 0;
  let atLineStart = true;
  while (nextOpener >= 0 && p < to && p <= limit) {
    let lineEnd = p;
    while (lineEnd < to && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
    const nextLine = text.charCodeAt(lineEnd) === CR && text.charCodeAt(lineEnd + 1) === LF ? lineEnd + 2 : lineEnd + 1;
    if (atLineStart) {
      const run = fenceRun(text, p, lineEnd);
      if (fence !== undefined) {
        if (run !== undefined && run.char === fence.char && run.length >= fence.length && isBlankRange(text, run.end, lineEnd)) {
          fence = undefined;
        }
        p = nextLine;
        continue;
      }
      // A backtick fence's info string holds no backtick; such a line is inline code instead.
      if (run !== undefined && (run.char !== 96 || text.slice(run.end, lineEnd).indexOf('`') < 0)) {
        fence = run;
        p = nextLine;
        continue;
      }
    }
    if (nextOpener < p) nextOpener = text.indexOf('<!--', p);
    if (nextOpener < 0) return;
    if (nextOpener >= lineEnd) {
      p = nextLine;
      atLineStart = true;
      continue;
    }
    // Left to right, whichever starts first wins: a code span hides `<!--`, a comment hides backticks.
    const runs = backtickRuns(text, p, lineEnd);
    let run = 0;
    let q = p;
    for (;;) {
      if (nextOpener < q) nextOpener = text.indexOf('<!--', q);
      while (run < runs.length && runs[run].start < q) run++;
      const opensFirst = nextOpener >= 0 && nextOpener < lineEnd && (run >= runs.length || nextOpener < runs[run].start);
      if (opensFirst) {
        const close = text.indexOf('-->', nextOpener + 4);
        const end = close < 0 ? to : close + 3;
        out.push({ start: nextOpener, end, kind: 'block', bodyStart: nextOpener + 4, bodyEnd: close < 0 ? to : close });
        q = end;
        if (end > lineEnd) break;
      } else if (run < runs.length) {
        const closing = runs[run].closing;
        q = closing >= 0 ? runs[closing].end : runs[run].end;
      } else {
        break;
      }
    }
    if (q > lineEnd) {
      p = q;
      atLineStart = isLineBreak(text.charCodeAt(p - 1));
    } else {
      p = nextLine;
      atLineStart = true;
    }
  }
}

function isBlankRange(text: string, from: number, to: number): boolean {
  for (let p = from; p < to; p++) if (!isBlank(text.charCodeAt(p))) return false;
  return true;
}

/** A code fence run (```` ``` ```` or `~~~`, at most 3 spaces in) at the start of a line. */
function fenceRun(text: string, lineStart: number, lineEnd: number): { char: number; length: number; end: number } | undefined {
  let p = lineStart;
  while (p < lineEnd && p - lineStart < 3 && text.charCodeAt(p) === SPACE) p++;
  const char = text.charCodeAt(p);
  if (char !== 96 && char !== 126) return undefined;
  let q = p;
  while (q < lineEnd && text.charCodeAt(q) === char) q++;
  return q - p >= 3 ? { char, length: q - p, end: q } : undefined;
}

/**
 * The backtick runs of a line segment. A run of n backticks opens an inline code span closed by the
 * next run of exactly n (`closing`, its index, or -1); one right-to-left pass finds them all.
 */
function backtickRuns(text: string, from: number, lineEnd: number): { start: number; end: number; closing: number }[] {
  const runs: { start: number; end: number; closing: number }[] = [];
  for (let p = from; p < lineEnd; ) {
    if (text.charCodeAt(p) !== 96) {
      p++;
      continue;
    }
    const start = p;
    while (p < lineEnd && text.charCodeAt(p) === 96) p++;
    runs.push({ start, end: p, closing: -1 });
  }
  const lastByLength = new Map<number, number>();
  for (let k = runs.length - 1; k >= 0; k--) {
    const length = runs[k].end - runs[k].start;
    runs[k].closing = lastByLength.get(length) ?? -1;
    lastByLength.set(length, k);
  }
  return runs;
}
