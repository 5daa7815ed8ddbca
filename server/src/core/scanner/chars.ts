/** Character classes shared by the scanner's lexers (code, markup, Markdown). */

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const BACKSLASH = 92;
export const SINGLE_QUOTE = 39;

export function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

/** Horizontal whitespace. */
export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;
}

export function isWhitespace(c: number): boolean {
  return isBlank(c) || isLineBreak(c);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Identifier characters; anything beyond ASCII counts, which is right for every identifier syntax here. */
export function isIdentifierChar(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c) || c === 95 || c >= 128;
}

/** Code units in the code point at `i` (2 for a surrogate pair). */
export function codePointWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

export function isBlankRange(text: string, from: number, to: number): boolean {
  for (let p = from; p < to; p++) if (!isBlank(text.charCodeAt(p))) return false;
  return true;
}

/** Offset of the line break at or after `i`, or `to`. */
export function lineEndFrom(text: string, i: number, to = text.length): number {
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
    i++;
  }
  return to;
}

/** Offset of the line after the line break at `i` (CRLF counts as one). */
export function afterLineBreakAt(text: string, i: number): number {
  return text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
}

export const CLOSING_BRACKET: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
