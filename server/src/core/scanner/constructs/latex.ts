/** LaTeX: `\begin{comment}` environments are comments; verbatim environments and `\verb|…|` are text. */
import * as charsModule from '../chars';
import type { CodeLexer } from '../engine';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { isAsciiLetter, isLineBreak } = charsModule;

/** At `\begin{name}`: a comment environment is a block comment, a verbatim one is skipped. */
export function latexEnvironment(lx: CodeLexer, i: number): number {
  const { text } = lx;
  if (!text.startsWith('\\begin{', i)) return -1;
  const nameStart = i + 7;
  const nameEnd = lx.indexOf('}', nameStart, Math.min(lx.to, nameStart + 32));
  if (nameEnd < 0) return -1;
  const name = text.slice(nameStart, nameEnd);
  const { commentEnvironments, verbatimEnvironments } = lx.syntax.latex!;
  const isComment = commentEnvironments.includes(name);
  if (!isComment && !verbatimEnvironments.includes(name)) return -1;
  const bodyStart = nameEnd + 1;
  const closer = `\\end{${name}}`;
  const close = lx.indexOf(closer, bodyStart);
  const end = close < 0 ? lx.to : close + closer.length;
  if (isComment) lx.emit(i, end, 'block', bodyStart, close < 0 ? lx.to : close);
  return end;
}

/** `\verb|…|`, `\verb*+…+`, `\lstinline!…!`: the delimiter is the character after the command, on one line. */
export function latexVerbatimCommand(lx: CodeLexer, i: number): number {
  const { text } = lx;
  let p = i + 1;
  while (p < lx.to && isAsciiLetter(text.charCodeAt(p))) p++;
  if (text.charCodeAt(p) === 42 /* * */) p++;
  if (!lx.syntax.latex!.verbatimCommands.includes(text.slice(i + 1, p))) return -1;
  const delimiter = text.charCodeAt(p);
  if (p >= lx.to || isLineBreak(delimiter) || delimiter === 123 /* { */) return -1;
  return lx.skipPastOnLine(text[p], p + 1);
}
