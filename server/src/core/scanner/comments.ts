/**
 * The comments of a text: a linear-time lexer that skips string literals so that a `TODO` inside a
 * string is never mistaken for one. It knows just enough of each language (languages.ts) to tell
 * comments from strings; it never throws and never backtracks more than a bounded distance.
 * Code is lexed by the engine (engine.ts) over named constructs (constructs/); markup and Markdown
 * have lexers of their own (markup.ts, markdown.ts).
 */
import { compiledSyntax } from './constructs';
import { CodeLexer, type CommentSpan, type LexedComment } from './engine';
import { syntaxOf } from './languages';
import { lexMarkdown } from './markdown';
import { lexMarkup } from './markup';

export type { CommentSpan, LexedComment } from './engine';

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
      new CodeLexer(text, compiledSyntax(syntax.dialect?.(text) ?? syntax), 0, text.length, out).run(limit);
      break;
    case 'markup':
      lexMarkup(text, syntax, out, limit);
      break;
    case 'markdown':
      lexMarkdown(text, syntax, out, limit);
      break;
  }
  return out;
}
