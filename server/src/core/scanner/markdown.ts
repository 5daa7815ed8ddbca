/**
 * Markdown lexer: HTML comments, except inside fenced or indented code blocks and inline code spans.
 * MDX adds `{…}` JavaScript expressions (`{/* … *\/}` is its comment); R Markdown and Quarto add code
 * chunks (```` ```{r} ````), which are code of their language.
 */
import * as charsModule from './chars';
import { compiledSyntax } from './constructs';
import { CodeLexer, type LexedComment } from './engine';
import { syntaxOf, type MarkdownSyntax } from './languages';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { CR, isBlankRange, isDigit, isLineBreak, LF, SPACE, TAB } = charsModule;

/** The language ids of code chunks, by the name in their braces. */
const CHUNK_LANGUAGES: Record<string, string> = {
  r: 'r',
  python: 'python',
  bash: 'shellscript',
  sh: 'shellscript',
  sql: 'sql',
  js: 'javascript',
  javascript: 'javascript',
  julia: 'julia',
  ojs: 'javascript',
  stan: 'cpp',
  cpp: 'cpp',
  rcpp: 'cpp',
  c: 'c',
  perl: 'perl',
  ruby: 'ruby',
  css: 'css',
};

/** The first HTML comment opener (or MDX `{`) at or after an offset; each kind searched again only once passed. */
class Openers {
  private comment = -2;
  private brace = -2;

  constructor(
    private readonly text: string,
    private readonly braces: boolean,
  ) {}

  at(from: number): number {
    if (this.comment !== -1 && this.comment < from) this.comment = this.text.indexOf('<!--', from);
    if (!this.braces) return this.comment;
    if (this.brace !== -1 && this.brace < from) this.brace = this.text.indexOf('{', from);
    if (this.comment < 0) return this.brace;
    return this.brace < 0 ? this.comment : Math.min(this.comment, this.brace);
  }
}

export function lexMarkdown(text: string, syntax: MarkdownSyntax, out: LexedComment[], limit: number): void {
  const to = text.length;
  const openers = new Openers(text, syntax.jsxExpressions === true);
  let nextOpener = openers.at(0);
  let fence: { char: number; length: number } | undefined;
  let p = 0;
  let atLineStart = true;
  const block = new IndentedCode();
  while ((nextOpener >= 0 || syntax.codeChunks) && p < to && p <= limit) {
    let lineEnd = p;
    while (lineEnd < to && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
    const nextLine = text.charCodeAt(lineEnd) === CR && text.charCodeAt(lineEnd + 1) === LF ? lineEnd + 2 : lineEnd + 1;
    if (atLineStart) {
      const run = fenceRun(text, p, lineEnd);
      if (fence !== undefined) {
        if (
          run !== undefined &&
          run.char === fence.char &&
          run.length >= fence.length &&
          isBlankRange(text, run.end, lineEnd)
        ) {
          fence = undefined;
        }
        p = nextLine;
        continue;
      }
      if (block.isCodeLine(text, p, lineEnd)) {
        p = nextLine;
        continue;
      }
      // A backtick fence's info string holds no backtick; such a line is inline code instead.
      if (run !== undefined && (run.char !== 96 || text.slice(run.end, lineEnd).indexOf('`') < 0)) {
        const chunk = syntax.codeChunks
          ? CHUNK_LANGUAGES[/^\{\s*([A-Za-z]+)/.exec(text.slice(run.end, lineEnd).trim())?.[1]?.toLowerCase() ?? '']
          : undefined;
        if (chunk !== undefined) {
          p = lexChunk(text, chunk, run, nextLine, out, limit);
          continue;
        }
        fence = run;
        p = nextLine;
        continue;
      }
    }
    if (nextOpener < p) nextOpener = openers.at(p);
    if (nextOpener < 0) {
      if (!syntax.codeChunks) return;
      p = nextLine;
      atLineStart = true;
      continue;
    }
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
      if (nextOpener < q) nextOpener = openers.at(q);
      while (run < runs.length && runs[run].start < q) run++;
      const opensFirst =
        nextOpener >= 0 && nextOpener < lineEnd && (run >= runs.length || nextOpener < runs[run].start);
      if (opensFirst && text.charCodeAt(nextOpener) === 123 /* { */) {
        q = lexExpression(text, nextOpener, out, limit);
        if (q > lineEnd) break;
      } else if (opensFirst) {
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

/** An MDX `{…}` at `open`: JavaScript up to the brace that closes it. Returns the offset after that brace. */
function lexExpression(text: string, open: number, out: LexedComment[], limit: number): number {
  const code = syntaxOf('javascriptreact');
  if (code?.kind !== 'code') return open + 1;
  const lexer = new CodeLexer(text, compiledSyntax(code), open + 1, text.length, out);
  lexer.stopAtUnmatched(123, 125);
  const stop = lexer.run(limit);
  // Unclosed, or lexing halted at the limit inside it: what follows is still the expression's, never Markdown.
  return lexer.stopped ? stop + 1 : text.length;
}

/** A code chunk whose fence line ends at `contentStart`: its lines up to the closing fence are code. Returns where Markdown goes on. */
function lexChunk(
  text: string,
  languageId: string,
  opening: { char: number; length: number },
  contentStart: number,
  out: LexedComment[],
  limit: number,
): number {
  const to = text.length;
  let p = contentStart;
  while (p < to) {
    let lineEnd = p;
    while (lineEnd < to && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
    const run = fenceRun(text, p, lineEnd);
    const after = text.charCodeAt(lineEnd) === CR && text.charCodeAt(lineEnd + 1) === LF ? lineEnd + 2 : lineEnd + 1;
    if (
      run !== undefined &&
      run.char === opening.char &&
      run.length >= opening.length &&
      isBlankRange(text, run.end, lineEnd)
    ) {
      lexCode(text, languageId, contentStart, p, out, limit);
      return after;
    }
    p = after;
  }
  lexCode(text, languageId, contentStart, to, out, limit);
  return to;
}

function lexCode(text: string, languageId: string, from: number, to: number, out: LexedComment[], limit: number): void {
  const code = syntaxOf(languageId);
  if (code?.kind === 'code' && from < to) new CodeLexer(text, compiledSyntax(code), from, to, out).run(limit);
}

/**
 * Indented code blocks: lines indented 4 columns past the enclosing list item's content, after a blank
 * line or another such line (they cannot interrupt a paragraph). Fed every line that starts outside a fence.
 */
class IndentedCode {
  private previousBlank = true;
  private inCode = false;
  /** The content column of the list item being continued; 0 outside lists. */
  private listContent = 0;

  isCodeLine(text: string, lineStart: number, lineEnd: number): boolean {
    let columns = 0;
    let p = lineStart;
    for (; p < lineEnd; p++) {
      const c = text.charCodeAt(p);
      if (c === SPACE) columns++;
      else if (c === TAB) columns += 4 - (columns % 4);
      else break;
    }
    if (p === lineEnd) {
      this.previousBlank = true;
      return this.inCode;
    }
    const code = columns >= this.listContent + 4 && (this.previousBlank || this.inCode);
    this.previousBlank = false;
    this.inCode = code;
    if (code) return true;
    const item = listItemContent(text, p, lineEnd);
    if (item >= 0) this.listContent = columns + item;
    else if (columns === 0) this.listContent = 0;
    return false;
  }
}

/** After a list marker (`-`, `*`, `+`, `1.`, `1)`) and its spaces at `p`: the content's column from `p`; -1 if none. */
function listItemContent(text: string, p: number, lineEnd: number): number {
  let q = p;
  const c = text.charCodeAt(q);
  if (c === 45 || c === 42 || c === 43) q++;
  else {
    while (q < lineEnd && q - p < 9 && isDigit(text.charCodeAt(q))) q++;
    if (q === p || (text.charCodeAt(q) !== 46 && text.charCodeAt(q) !== 41)) return -1;
    q++;
  }
  if (q < lineEnd && text.charCodeAt(q) !== SPACE && text.charCodeAt(q) !== TAB) return -1;
  let r = q;
  while (r < lineEnd && r - q < 4 && text.charCodeAt(r) === SPACE) r++;
  return r - p;
}

/** A code fence run (```` ``` ```` or `~~~`, at most 3 spaces in) at the start of a line. */
function fenceRun(
  text: string,
  lineStart: number,
  lineEnd: number,
): { char: number; length: number; end: number } | undefined {
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
  for (let p = from; p < lineEnd;) {
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
