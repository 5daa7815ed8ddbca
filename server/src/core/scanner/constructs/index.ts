/**
 * Every construct the code lexer knows, by name, with its precedence (engine.ts, PRECEDENCE) and the
 * openers it has in a syntax. A language gets a construct by describing it in its syntax (languages.ts);
 * a new kind of construct is one entry here and its handler in this folder.
 */
import * as engineModule from '../engine';
import { CodeLexer } from '../engine';
import { type CompiledSyntax, type Construct, type Handler, type Opener } from '../engine';
import * as languagesModule from '../languages';
import type { CodeSyntax } from '../languages';
import * as commentsModule from './comments';
import * as heredocsModule from './heredocs';
import * as jsxModule from './jsx';
import * as latexModule from './latex';
import * as literalsModule from './literals';
import * as regexModule from './regex';
import * as stringsModule from './strings';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { compile } = engineModule;
const { blockComment, dataSection, lineComment, longBracketComment, perlPod, rubyBlockComment } = commentsModule;
const { blockScalar, heredocStart, pendingBodies } = heredocsModule;
const { jsxElement } = jsxModule;
const { latexEnvironment, latexVerbatimCommand } = latexModule;
const { syntaxOf } = languagesModule;
const {
  charLiteral,
  elixirSigil,
  escapedChar,
  includePath,
  perlQuoteLike,
  prefixedCharLiteral,
  punctuationVariable,
  questionCharLiteral,
  rubyPercentLiteral,
} = literalsModule;
const { regexLiteral, statementHeadParen } = regexModule;
const {
  cppRawString,
  endOfCode,
  frameBracket,
  longBracketString,
  quote,
  rRawString,
  rustRawHashes,
  rustRawQuote,
  swiftRawString,
} = stringsModule;

/** One opener when the syntax has the construct, else none. */
function when(present: unknown, chars: string, handler: Handler): Opener[] {
  return present ? [{ chars, handler }] : [];
}

export const CONSTRUCTS: readonly Construct[] = [
  {
    name: 'end-of-code',
    precedence: 'end-of-code',
    openers: (s) => when(s.terminator !== undefined, s.terminator?.[0] ?? '', endOfCode),
  },
  {
    name: 'statement-head-paren',
    precedence: 'lexer-state',
    openers: (s) => when(s.regexLiterals?.afterHeadOf !== undefined, '()', statementHeadParen),
  },
  {
    name: 'nested-code-bracket',
    precedence: 'lexer-state',
    openers: (s) => {
      const kinds = new Set(s.quotes.map((q) => q.interpolation));
      return [
        ...when(kinds.has('${') || kinds.has('#{') || s.jsx, '{}', frameBracket),
        ...when(kinds.has('\\(') || kinds.has('$('), '()', frameBracket),
      ];
    },
  },
  {
    name: 'pending-body',
    precedence: 'lexer-state',
    openers: (s) => when(s.heredocs !== undefined || s.blockScalars, '\n\r', pendingBodies),
  },
  {
    name: 'tab-line',
    precedence: 'line-start-block',
    openers: (s) => when(s.tabLinesAre !== undefined, '\t', tabLine),
  },
  { name: 'heredoc', precedence: 'literal', openers: (s) => when(s.heredocs !== undefined, '<', heredocStart) },
  {
    name: 'ruby-block-comment',
    precedence: 'line-start-block',
    openers: (s) => when(s.rubyBlockComments, '=', rubyBlockComment),
  },
  { name: 'perl-pod', precedence: 'line-start-block', openers: (s) => when(s.perlPod, '=', perlPod) },
  {
    name: 'data-section',
    precedence: 'line-start-block',
    openers: (s) =>
      (s.dataSectionMarkers ?? []).map((marker) => ({
        chars: marker[0],
        handler: (lx, i) => dataSection(lx, marker, i),
      })),
  },
  {
    name: 'long-bracket-comment',
    precedence: 'bracket-comment',
    openers: (s) => {
      const prefix = s.longBrackets?.commentPrefix;
      return prefix === undefined ? [] : [{ chars: prefix[0], handler: (lx, i) => longBracketComment(lx, prefix, i) }];
    },
  },
  {
    name: 'latex-comment-environment',
    precedence: 'block-comment',
    openers: (s) => when(s.latex, '\\', latexEnvironment),
  },
  {
    name: 'long-bracket-string',
    precedence: 'literal',
    openers: (s) => when(s.longBrackets !== undefined, '[', longBracketString),
  },
  {
    name: 'block-comment',
    precedence: 'block-comment',
    openers: (s) =>
      s.blockComments.map((rule) => ({
        chars: rule.open[0],
        length: rule.open.length,
        handler: (lx, i) => blockComment(lx, rule, i),
      })),
  },
  {
    name: 'line-comment',
    precedence: 'line-comment',
    openers: (s) =>
      s.lineComments.map((rule) => ({
        chars: rule.keyword ? rule.open[0].toLowerCase() + rule.open[0].toUpperCase() : rule.open[0],
        length: rule.open.length,
        handler: (lx, i) => lineComment(lx, rule, i),
      })),
  },
  {
    name: 'raw-string',
    precedence: 'literal',
    openers: (s) => {
      switch (s.rawStrings) {
        case 'rust':
          return [
            { chars: '"', handler: rustRawQuote },
            { chars: '#', handler: rustRawHashes },
          ];
        case 'cpp':
          return [{ chars: '"', handler: cppRawString }];
        case 'swift':
          return [{ chars: '#', handler: swiftRawString }];
        case 'r':
          return [{ chars: `"'`, handler: rRawString }];
        default:
          return [];
      }
    },
  },
  { name: 'char-literal', precedence: 'literal', openers: (s) => when(s.charLiterals !== undefined, "'", charLiteral) },
  { name: 'elixir-sigil', precedence: 'literal', openers: (s) => when(s.elixirSigils, '~', elixirSigil) },
  {
    name: 'question-char-literal',
    precedence: 'literal',
    openers: (s) => when(s.questionCharLiterals, '?', questionCharLiteral),
  },
  {
    name: 'backslash-char-literal',
    precedence: 'literal',
    openers: (s) => when(s.backslashCharLiterals, '\\', prefixedCharLiteral),
  },
  {
    name: 'dollar-char-literal',
    precedence: 'literal',
    openers: (s) => when(s.dollarCharLiterals, '$', prefixedCharLiteral),
  },
  {
    name: 'punctuation-variable',
    precedence: 'literal',
    openers: (s) => when(s.punctuationVariables, '$', punctuationVariable),
  },
  { name: 'include-path', precedence: 'literal', openers: (s) => when(s.includePaths, '#', includePath) },
  { name: 'yaml-block-scalar', precedence: 'literal', openers: (s) => when(s.blockScalars, '|>', blockScalar) },
  { name: 'jsx-element', precedence: 'literal', openers: (s) => when(s.jsx, '<', jsxElement) },
  { name: 'latex-verbatim-command', precedence: 'literal', openers: (s) => when(s.latex, '\\', latexVerbatimCommand) },
  {
    name: 'escaped-char',
    precedence: 'literal',
    openers: (s) => when(s.escape !== undefined, s.escape ?? '', escapedChar),
  },
  {
    name: 'ruby-percent-literal',
    precedence: 'literal',
    openers: (s) => when(s.rubyPercentLiterals, '%', rubyPercentLiteral),
  },
  { name: 'perl-quote-like', precedence: 'literal', openers: (s) => when(s.perlQuoteLike, 'qmsty', perlQuoteLike) },
  {
    name: 'regex-literal',
    precedence: 'regex',
    openers: (s) => when(s.regexLiterals !== undefined, '/', regexLiteral),
  },
  {
    name: 'quote',
    precedence: 'quote',
    openers: (s) =>
      s.quotes
        .filter((rule) => rule.afterWord === undefined)
        .map((rule) => ({ chars: rule.open[0], length: rule.open.length, handler: (lx, i) => quote(lx, rule, i) })),
  },
  {
    name: 'prefixed-quote',
    precedence: 'prefixed-quote',
    openers: (s) =>
      s.quotes
        .filter((rule) => rule.afterWord !== undefined)
        .map((rule) => ({ chars: rule.open[0], length: rule.open.length, handler: (lx, i) => quote(lx, rule, i) })),
  },
];

/** Makefile recipe lines: a line starting with a tab, and its backslash continuations, is lexed as shell. */
function tabLine(lx: CodeLexer, i: number): number {
  if (!lx.atLineStart(i)) return -1;
  const embedded = syntaxOf(lx.syntax.tabLinesAre!);
  if (embedded?.kind !== 'code') return -1;
  let end = lx.lineEnd(i);
  while (end < lx.to && lx.text.charCodeAt(end - 1) === 92 /* \ */) end = lx.lineEnd(lx.afterLineBreak(end));
  new CodeLexer(lx.text, compiledSyntax(embedded), i, end, lx.out).run(Number.POSITIVE_INFINITY);
  return end;
}

const compiledSyntaxes = new WeakMap<CodeSyntax, CompiledSyntax>();

/** The dispatch table of a code syntax over every registered construct, built once per syntax. */
export function compiledSyntax(syntax: CodeSyntax): CompiledSyntax {
  let compiled = compiledSyntaxes.get(syntax);
  if (compiled === undefined) {
    compiled = compile(syntax, CONSTRUCTS);
    compiledSyntaxes.set(syntax, compiled);
  }
  return compiled;
}
