/**
 * Offsets ↔ positions for a text. Positions are 0-based lines and UTF-16 code-unit columns,
 * which is what JavaScript strings index and what LSP expects by default.
 * "\r\n", "\n" and a lone "\r" all end a line, as they do in VS Code.
 */
import type { Position, Range } from './types';

export class LineMap {
  /** Offsets at which lines start, as far as they are found yet (every one once `complete`). */
  private readonly starts = [0];
  private complete = false;
  /** The next "\n" and "\r" past the last line start found (-1: none), or -2 before the first search. */
  private nextLf = -2;
  private nextCr = -2;

  /**
   * Lines are found on demand, up to the offset or line asked about: the scanner asks only about the lines
   * up to its last tag, and a file's tail past it is never searched for line breaks.
   */
  constructor(readonly text: string) {}

  /** Offset at which each line starts. */
  get lineStarts(): number[] {
    while (this.addLine());
    return this.starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Offset at which a line starts (`line` within the text). */
  lineStart(line: number): number {
    this.findLine(line);
    return this.starts[line];
  }

  /** Whether the text has that many lines and one more (lines are numbered from 0). */
  hasLine(line: number): boolean {
    this.findLine(line);
    return line < this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.starts;
    while (starts[starts.length - 1] <= clamped && this.addLine());
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - starts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (!this.hasLine(position.line)) return this.text.length;
    const start = this.starts[position.line];
    const end = this.lineEnd(position.line);
    return Math.min(start + Math.max(0, position.character), end);
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  /** Offset of the end of a line's content, before its line break. */
  lineEnd(line: number): number {
    this.findLine(line + 1);
    const start = this.starts[line];
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    let end = next;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** Finds lines until `line` is known or the text ends. */
  private findLine(line: number): void {
    while (this.starts.length <= line && this.addLine());
  }

  /**
   * Finds the next line start; false when there is none. indexOf, not a loop over every character: the
   * scan maps whole files of megabytes, where the loop was a third of the lexing time.
   */
  private addLine(): boolean {
    if (this.complete) return false;
    const { text } = this;
    let lf = this.nextLf === -2 ? text.indexOf('\n') : this.nextLf;
    let cr = this.nextCr === -2 ? text.indexOf('\r') : this.nextCr;
    if (lf < 0 && cr < 0) {
      this.complete = true;
      return false;
    }
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      const crlf = lf === cr + 1;
      this.starts.push(crlf ? cr + 2 : cr + 1);
      if (crlf) lf = text.indexOf('\n', lf + 1);
      cr = text.indexOf('\r', cr + 1);
    } else {
      this.starts.push(lf + 1);
      lf = text.indexOf('\n', lf + 1);
    }
    this.nextLf = lf;
    this.nextCr = cr;
    return true;
  }

  /** The line break this text uses most ("\r\n" for files written on Windows). */
  get eol(): '\n' | '\r\n' {
    const crlf = (this.text.match(/\r\n/g) ?? []).length;
    const lf = (this.text.match(/\n/g) ?? []).length - crlf;
    return crlf > lf ? '\r\n' : '\n';
  }
}

export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangesIntersect(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}
