/**
 * JSX elements. Where an expression may start, `<Name` or `<>` opens an element; the lexer then knows
 * whether it is in a tag (attribute strings, `{…}`), in the element's text (where quotes, `//` and `/*`
 * are plain text), or in an embedded `{…}` expression, which is code again and may nest elements.
 */
import * as charsModule from '../chars';
import type { BracketFrame, CodeLexer } from '../engine';
import * as commentsModule from './comments';
import * as regexModule from './regex';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { isBlank, isIdentifierChar } = charsModule;
const { blockComment, lineComment } = commentsModule;
const { expressionMayStartAt } = regexModule;

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Where the lexer is inside one outermost element. */
interface JsxState {
  /** Elements open (their start tag seen, their end tag not yet). */
  depth: number;
  /** Inside a start tag, among its attributes. */
  inTag: boolean;
}

/** A `{…}` in a tag or in text: its closing brace goes back to the element. */
interface JsxExpressionFrame extends BracketFrame {
  readonly element: JsxState;
}

function resumeElement(this: JsxExpressionFrame, lx: CodeLexer, afterClose: number): number {
  return scanElement(lx, this.element, afterClose);
}

/** At `<`: an element where an expression may start, else not this construct's. */
export function jsxElement(lx: CodeLexer, i: number): number {
  const { text } = lx;
  const next = text.charCodeAt(i + 1);
  if (next !== 62 /* > */ && !isNameStart(next)) return -1;
  if (!expressionMayStartAt(lx, i)) return -1;
  const nameEnd = skipName(text, i + 1, lx.to);
  // TSX generic arrow functions: `<T,>(x) => x`, `<T extends U>(x) => x`.
  let p = nameEnd;
  while (p < lx.to && isBlank(text.charCodeAt(p))) p++;
  if (text.charCodeAt(p) === 44 /* , */ || (text.startsWith('extends', p) && !isIdentifierChar(text.charCodeAt(p + 7))))
    return -1;
  // A generic signature in a type (`type F = <T>(x: T) => T`), not an element whose text starts with `(`.
  if (text.charCodeAt(p) === 62 /* > */ && text.charCodeAt(p + 1) === 40 /* ( */) return -1;
  return scanElement(lx, { depth: 1, inTag: next !== 62 }, next === 62 ? i + 2 : nameEnd);
}

/** Scans JSX from `p` until the outermost element ends or a `{` opens code; returns where code goes on. */
function scanElement(lx: CodeLexer, element: JsxState, p: number): number {
  const { text, to } = lx;
  while (p < to) {
    const c = text.charCodeAt(p);
    if (c === OPEN_BRACE) {
      const frame: JsxExpressionFrame = {
        element,
        openCode: OPEN_BRACE,
        closeCode: CLOSE_BRACE,
        depth: 0,
        resume: resumeElement,
      };
      lx.frames.push(frame);
      return p + 1;
    }
    if (element.inTag) {
      if (c === 34 /* " */ || c === 39 /* ' */) {
        // Attribute strings have no escapes and may span lines.
        const close = text.indexOf(text[p], p + 1);
        p = close < 0 || close >= to ? to : close + 1;
      } else if (c === 47 /* / */ && text.charCodeAt(p + 1) === 62 /* > */) {
        element.inTag = false;
        p += 2;
        if (--element.depth === 0) return p;
      } else if (c === 47 && (text.charCodeAt(p + 1) === 42 /* * */ || text.charCodeAt(p + 1) === 47)) {
        // Comments between attributes are code comments.
        const syntax = lx.syntax;
        p =
          text.charCodeAt(p + 1) === 42
            ? blockComment(lx, syntax.blockComments[0], p)
            : lineComment(lx, syntax.lineComments[0], p);
      } else if (c === 62 /* > */) {
        element.inTag = false;
        p++;
      } else {
        p++;
      }
      continue;
    }
    if (c !== 60 /* < */) {
      p++;
      continue;
    }
    const next = text.charCodeAt(p + 1);
    if (next === 47 /* / */) {
      // An end tag: `</Name>` or `</>`.
      const close = text.indexOf('>', p + 2);
      p = close < 0 || close >= to ? to : close + 1;
      if (--element.depth === 0) return p;
    } else if (next === 62 /* > */) {
      element.depth++;
      p += 2;
    } else if (isNameStart(next)) {
      element.depth++;
      element.inTag = true;
      p = skipName(text, p + 1, to);
    } else {
      p++;
    }
  }
  return to;
}

function isNameStart(c: number): boolean {
  return (isIdentifierChar(c) && !(c >= 48 && c <= 57)) || c === 36; /* $ */
}

/** Past a tag name: `div`, `Foo.Bar`, `svg:rect`, `data-x`. */
function skipName(text: string, p: number, to: number): number {
  while (p < to) {
    const c = text.charCodeAt(p);
    if (!isIdentifierChar(c) && c !== 46 && c !== 58 && c !== 45 && c !== 36) break;
    p++;
  }
  return p;
}
