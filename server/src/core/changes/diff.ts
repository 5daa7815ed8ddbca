/**
 * Streaming parser of `git diff -U0` output. It keeps file headers and hunk ranges only, never the
 * changed lines themselves (the mapper reads whole texts when it needs them), so memory stays
 * proportional to the number of hunks however big the diff is.
 */
import type { ChangeStatus } from './types';

/**
 * A hunk's lines per side, 0-based like every position in the core: `start` is the first changed
 * line and `lines` the count, so a side covers lines start..start+lines-1. A side with no lines
 * (a pure insertion or deletion) has `start` = the number of lines before the change. git's header
 * numbers are converted on parsing; {@link gitHunkHeader} turns them back.
 */
export interface HunkRange {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
}

export interface FileDiff {
  /** Repository-relative path on the new side (the old side for a deletion). */
  path: string;
  /** Set for renames: the path on the old side. */
  oldPath?: string;
  status: ChangeStatus;
  binary: boolean;
  /** File modes ("100644", "120000" for a symlink, "160000" for a submodule); absent when unknown. */
  oldMode?: string;
  newMode?: string;
  hunks: HunkRange[];
}

/** Lines longer than this are cut: only their first characters matter (headers, `+`/`-` markers). */
const MAX_KEPT_LINE_BYTES = 64 * 1024;

/** Splits a byte stream into lines (without the LF), keeping at most a prefix of each line. */
export class LineSplitter {
  private partial: Buffer[] = [];
  private partialSize = 0;

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline >= 0; newline = chunk.indexOf(10, start)) {
      this.keep(chunk.subarray(start, newline));
      this.flush();
      start = newline + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  end(): void {
    if (this.partialSize > 0 || this.partial.length > 0) this.flush();
  }

  private keep(bytes: Buffer): void {
    const room = MAX_KEPT_LINE_BYTES - this.partialSize;
    if (room <= 0) return;
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    // Copy, so a short line does not keep its whole chunk alive.
    this.partial.push(Buffer.from(kept));
    this.partialSize += kept.length;
  }

  private flush(): void {
    const line = Buffer.concat(this.partial).toString('utf8');
    this.partial = [];
    this.partialSize = 0;
    this.onLine(line);
  }
}

/** Incremental parser: feed it lines of `git diff` output, then read `files`. */
export class DiffParser {
  readonly files: FileDiff[] = [];
  private current: FileDiff | undefined;
  /** Inside a file's hunks, where lines are content, not headers. */
  private inHunks = false;

  line(line: string): void {
    if (line.startsWith('diff --git ')) {
      this.current = startFile(line.slice('diff --git '.length));
      this.files.push(this.current);
      this.inHunks = false;
      return;
    }
    const file = this.current;
    if (!file) return;
    if (line.startsWith('@@')) {
      const hunk = parseHunkHeader(line);
      if (hunk) file.hunks.push(hunk);
      this.inHunks = true;
      return;
    }
    if (this.inHunks) return;
    if (line.startsWith('new file mode ')) {
      file.status = 'added';
      file.newMode = line.slice('new file mode '.length);
    } else if (line.startsWith('deleted file mode ')) {
      file.status = 'deleted';
      file.oldMode = line.slice('deleted file mode '.length);
    } else if (line.startsWith('old mode ')) {
      file.oldMode = line.slice('old mode '.length);
    } else if (line.startsWith('new mode ')) {
      file.newMode = line.slice('new mode '.length);
    } else if (line.startsWith('index ')) {
      // "index abc..def 100644": the mode is shared by both sides.
      const mode = line.split(' ')[2];
      if (mode) {
        file.oldMode ??= mode;
        file.newMode ??= mode;
      }
    } else if (line.startsWith('rename from ')) {
      file.status = 'renamed';
      file.oldPath = unquote(line.slice('rename from '.length));
    } else if (line.startsWith('rename to ')) {
      file.status = 'renamed';
      file.path = unquote(line.slice('rename to '.length));
    } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
      file.binary = true;
    }
  }
}

function startFile(names: string): FileDiff {
  return { path: pathFromGitHeader(names) ?? '', status: 'modified', binary: false, hunks: [] };
}

/**
 * The path of `a/P b/P` (possibly C-quoted). Renames have two different paths; theirs come from the
 * `rename from`/`rename to` lines, so this only needs to handle the symmetric case, as `git apply` does.
 */
export function pathFromGitHeader(names: string): string | undefined {
  if (names.startsWith('"')) {
    const first = readQuoted(names, 0);
    if (!first) return undefined;
    return first.value.startsWith('a/') ? first.value.slice(2) : undefined;
  }
  const length = (names.length - 5) / 2;
  if (!Number.isInteger(length) || length <= 0) return undefined;
  const a = names.slice(0, 2 + length);
  const b = names.slice(3 + length);
  if (!a.startsWith('a/') || !b.startsWith('b/') || names[2 + length] !== ' ') return undefined;
  return a.slice(2) === b.slice(2) ? a.slice(2) : undefined;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseHunkHeader(line: string): HunkRange | undefined {
  const match = HUNK_HEADER.exec(line);
  if (!match) return undefined;
  const oldLines = match[2] === undefined ? 1 : Number(match[2]);
  const newLines = match[4] === undefined ? 1 : Number(match[4]);
  // git's start is 1-based, and for an empty side it names the line before: that is already the 0-based start.
  return {
    oldStart: oldLines === 0 ? Number(match[1]) : Number(match[1]) - 1,
    oldLines,
    newStart: newLines === 0 ? Number(match[3]) : Number(match[3]) - 1,
    newLines,
  };
}

/** A side's start as git prints it (1-based; for an empty side, the line before). */
export function gitStart(start: number, lines: number): number {
  return lines === 0 ? start : start + 1;
}

/** `@@ -12,3 +12,5 @@`: the hunk's header as git prints it. */
export function gitHunkHeader(hunk: HunkRange): string {
  return `@@ -${gitStart(hunk.oldStart, hunk.oldLines)},${hunk.oldLines} +${gitStart(hunk.newStart, hunk.newLines)},${hunk.newLines} @@`;
}

/** A path as git prints it: verbatim, or C-quoted with escapes (octal bytes for non-ASCII). */
export function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  return readQuoted(text, 0)?.value ?? text;
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (ch === '\\') {
      const next = text[i + 1];
      if (next >= '0' && next <= '7') {
        bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
        i += 4;
        continue;
      }
      const code = SIMPLE_ESCAPES[next];
      if (code === undefined) return undefined;
      bytes.push(code);
      i += 2;
      continue;
    }
    bytes.push(...Buffer.from(ch, 'utf8'));
    i++;
  }
  return undefined;
}
