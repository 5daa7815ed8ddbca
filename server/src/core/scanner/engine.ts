/**
 * The code lexer's engine: a linear scan that, at each character some construct may start with,
 * asks those constructs in precedence order whether one starts there. The engine knows no construct;
 * constructs (constructs/) are registered by name with a precedence and say which characters open them.
 */
import * as charsModule from './chars';
import type { CodeSyntax } from './languages';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { afterLineBreakAt, isIdentifierChar, isLineBreak, lineEndFrom } = charsModule;

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

/** Returns where lexing goes on, or -1 when the construct at `i` is not this handler's. */
export type Handler = (lexer: CodeLexer, i: number) => number;

/**
 * Which construct wins when several may start at the same character, earliest first. Within a tier
 * a longer opener goes first (`"""` before `"`, `#=` before `#`), then the order of registration.
 */
export const PRECEDENCE = [
  /** The code ends here (PHP `?>`): nothing else may claim the text. */
  'end-of-code',
  /** The lexer's own state: a bracket closing an interpolation, a line break starting a queued heredoc body. */
  'lexer-state',
  /** Whole-line blocks decided at line start: Ruby `=begin`, Perl POD, `__END__`. */
  'line-start-block',
  /** Comments that a plain line comment's opener begins (Lua `--[[`, CMake `#[[`). */
  'bracket-comment',
  'block-comment',
  'line-comment',
  /** Literals with a prefix or a delimiter of their own: raw strings, heredocs, char literals, sigils. */
  'literal',
  /** After comments (`//` is a comment, not an empty regex) and before quotes (`/'/` holds a quote). */
  'regex',
  /** Quotes bound to a prefix word (Dart `r'…'`), before the plain quotes with the same opener. */
  'prefixed-quote',
  'quote',
] as const;

export type Precedence = (typeof PRECEDENCE)[number];

export interface Opener {
  /** The characters the construct may start with. */
  chars: string;
  handler: Handler;
  /** The opener's length, which orders constructs within a tier. */
  length?: number;
}

/** A construct of some languages: a name, a precedence, and the openers it has in a syntax (none: absent). */
export interface Construct {
  name: string;
  precedence: Precedence;
  openers(syntax: CodeSyntax): Opener[];
}

export interface CompiledSyntax {
  syntax: CodeSyntax;
  /** Handlers by the char code that can start their construct, in precedence order. */
  dispatch: (Handler[] | undefined)[];
  /** Finds the next character some construct may start with (global: `lastIndex` says where to look). */
  nextOpener: RegExp;
}

/** The dispatch table of a syntax: every registered construct's openers, ordered by precedence. */
export function compile(syntax: CodeSyntax, constructs: readonly Construct[]): CompiledSyntax {
  const entries: { tier: number; length: number; opener: Opener }[] = [];
  for (const construct of constructs) {
    const tier = PRECEDENCE.indexOf(construct.precedence);
    for (const opener of construct.openers(syntax)) entries.push({ tier, length: opener.length ?? 0, opener });
  }
  // Stable sort: registration order breaks the remaining ties.
  entries.sort((a, b) => a.tier - b.tier || b.length - a.length);
  const dispatch: (Handler[] | undefined)[] = new Array(128).fill(undefined);
  for (const { opener } of entries) {
    for (const ch of new Set(opener.chars)) {
      const code = ch.charCodeAt(0);
      if (code >= 128) continue;
      (dispatch[code] ??= []).push(opener.handler);
    }
  }
  const openers = dispatch.flatMap((handlers, code) => (handlers ? [`\\u${code.toString(16).padStart(4, '0')}`] : []));
  // No opener at all: a class that matches nothing.
  const nextOpener = new RegExp(openers.length ? `[${openers.join('')}]` : '[^\\s\\S]', 'g');
  return { syntax, dispatch, nextOpener };
}

/**
 * Code nested inside a construct (`${…}` in a template): the bracket that closes it resumes the
 * construct. (Objects with a method rather than closures: one small allocation per frame.)
 */
export interface BracketFrame {
  readonly openCode: number;
  readonly closeCode: number;
  /** Unclosed brackets opened inside the nested code. */
  depth: number;
  /** Goes on with the construct after its closing bracket; returns where lexing goes on. */
  resume(lexer: CodeLexer, afterClose: number): number;
}

/** A body that starts on the next line (a heredoc's). */
export interface PendingBody {
  /** Given the body's first offset, the offset of the line break that ends it. */
  end(lexer: CodeLexer, bodyStart: number): number;
}

function stopRun(lexer: CodeLexer, afterClose: number): number {
  lexer.stopped = true;
  return afterClose - 1;
}

export class CodeLexer {
  /** Open nested code, innermost last. */
  readonly frames: BracketFrame[] = [];
  /** Bodies queued to start at the next line break, in order. */
  readonly pendingBodies: PendingBody[] = [];
  private readonly states = new Map<string, unknown>();
  /** Set when the syntax's terminator (PHP `?>`) ended the code. */
  stopped = false;

  constructor(
    readonly text: string,
    readonly compiled: CompiledSyntax,
    readonly from: number,
    readonly to: number,
    readonly out: LexedComment[],
  ) {}

  get syntax(): CodeSyntax {
    return this.compiled.syntax;
  }

  /** Lexes [from, to) and returns where it stopped: `to`, or the terminator's offset. */
  run(limit: number): number {
    const { text, to } = this;
    const { dispatch, nextOpener } = this.compiled;
    let i = this.from;
    while (i < to && i <= limit) {
      const c = text.charCodeAt(i);
      const handlers = c < 128 ? dispatch[c] : undefined;
      if (handlers === undefined) {
        // Most characters open nothing: the regular expression engine finds the next one that may, many
        // times faster than this loop did one character at a time.
        // It stops where the loop did: at that character, past the limit, or at the end.
        nextOpener.lastIndex = i + 1;
        i = Math.min(nextOpener.test(text) ? nextOpener.lastIndex - 1 : to, limit + 1, to);
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

  /** Ends the run at the first closing bracket that no bracket in the code opened (an MDX `{…}` expression). */
  stopAtUnmatched(openCode: number, closeCode: number): void {
    const stop: BracketFrame = { openCode, closeCode, depth: 0, resume: stopRun };
    this.frames.push(stop);
  }

  // -- helpers for constructs --------------------------------------------------------------------

  /** A construct's own state for this run (open parentheses, where a failed regex ended), made on first use. */
  state<T>(construct: string, create: () => T): T {
    let state = this.states.get(construct) as T | undefined;
    if (state === undefined) {
      state = create();
      this.states.set(construct, state);
    }
    return state;
  }

  charBefore(i: number): number {
    return i > this.from ? this.text.charCodeAt(i - 1) : -1;
  }

  atLineStart(i: number): boolean {
    return i <= this.from || isLineBreak(this.text.charCodeAt(i - 1));
  }

  /** Offset of the line break at or after `i`, or `to`. */
  lineEnd(i: number): number {
    return lineEndFrom(this.text, i, this.to);
  }

  /** Offset of the line after the line break at `i`. */
  afterLineBreak(i: number): number {
    return afterLineBreakAt(this.text, i);
  }

  /** First offset of `needle` in [from, bound), or -1. Never scans past the bound. */
  indexOf(needle: string, from: number, bound = this.to): number {
    const { text } = this;
    const at = bound >= text.length ? text.indexOf(needle, from) : text.slice(0, bound).indexOf(needle, from);
    return at < 0 || at + needle.length > bound ? -1 : at;
  }

  /** Offset just after the first `closer` at or after `from`, or `to` when it never comes. */
  skipPast(closer: string, from: number, bound = this.to): number {
    const at = this.indexOf(closer, from, bound);
    return at < 0 ? bound : at + closer.length;
  }

  /** Offset just after `closer` if it comes before the end of the line, else the line break's offset. */
  skipPastOnLine(closer: string, from: number): number {
    const { text, to } = this;
    const first = closer.charCodeAt(0);
    for (let p = from; p < to; p++) {
      const c = text.charCodeAt(p);
      if (c === first && text.startsWith(closer, p)) return p + closer.length;
      if (isLineBreak(c)) return p;
    }
    return to;
  }

  /** The identifier of at most `max` characters that ends right before `i`; '' if none or longer. */
  wordBefore(i: number, max = 4): string {
    const { text } = this;
    let start = i;
    while (start > this.from && isIdentifierChar(text.charCodeAt(start - 1))) {
      start--;
      if (i - start > max) return '';
    }
    return text.slice(start, i);
  }

  emit(start: number, end: number, kind: 'line' | 'block', bodyStart: number, bodyEnd: number): void {
    const clampedBodyStart = Math.min(bodyStart, end);
    this.out.push({
      start,
      end,
      kind,
      bodyStart: clampedBodyStart,
      bodyEnd: Math.min(Math.max(bodyEnd, clampedBodyStart), end),
    });
  }
}
