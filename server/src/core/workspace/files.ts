/** Reading workspace files defensively: size cap, binary detection, files that vanish. */
import * as fsSync from 'fs';
import { constants, promises as fs } from 'fs';
import { LineMap } from '../text';

export type ReadOutcome =
  { ok: true; text: string } | { ok: false; reason: 'too-large' | 'binary' | 'unreadable'; detail: string };

/** How many leading bytes are checked for NUL, the same heuristic git uses to call a file binary. */
export const BINARY_SNIFF_BYTES = 8000;

/** Whether content is binary by git's rule: a NUL among its first bytes (or, for decoded text, characters). */
export function looksBinary(content: Uint8Array | string): boolean {
  if (typeof content === 'string') return content.slice(0, BINARY_SNIFF_BYTES).includes('\0');
  // The native search (memchr), not a loop over the bytes: every file the scan reads passes this test.
  const head = content.length > BINARY_SNIFF_BYTES ? content.subarray(0, BINARY_SNIFF_BYTES) : content;
  return head.indexOf(0) >= 0;
}

/**
 * Runs `work` over `items` with at most `concurrency` calls in flight, in order of start; stops starting new
 * ones once `isCancelled` says so. Rejects with the first failure (the others run to their end).
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  isCancelled: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !isCancelled()) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Opens a regular file for reading without following a symlink (it may point outside the workspace,
 * as the folder walk never follows one) and without blocking on a FIFO or a device: the kind is
 * checked on the open descriptor, so a file swapped for a link or a pipe after a check is not read.
 * When it is not a regular file, why it was refused.
 */
export async function openRegularFile(
  absolutePath: string,
): Promise<{ handle: fs.FileHandle; size: number } | { refused: string }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(absolutePath, SAFE_OPEN_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { refused: REFUSED_SYMLINK };
    throw error;
  }
  const stat = await handle.stat();
  if (stat.isFile()) return { handle, size: stat.size };
  await handle.close();
  return { refused: REFUSED_NOT_REGULAR };
}

// O_NOFOLLOW and O_NONBLOCK are absent on Windows, which has neither FIFOs in the tree nor this race.
const SAFE_OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const REFUSED_SYMLINK = 'a symbolic link (not followed)';
const REFUSED_NOT_REGULAR = 'not a regular file';

export type BytesOutcome =
  { ok: true; bytes: Buffer } | { ok: false; reason: 'too-large' | 'binary' | 'unreadable'; detail: string };

/**
 * `readTextFile`'s rules (no link followed, no FIFO waited on, the size cap, git's binary rule) in three
 * synchronous calls (open, read, close), for the index's bulk reads: thousands of files this way take a
 * fraction of the time of as many thread-pool round trips. No `fstat` before reading: the walk's own
 * listing said the file is a regular one, and what could be swapped in since cannot make the read hang or
 * leave the workspace (no link is followed; a FIFO opened non-blocking has no position, so `pread` fails;
 * the read stops one byte past the cap). The descriptor is `fstat`ed only to say why a read failed or how
 * large a file over the cap is. The content goes into `scratch.buffer`, reused from file to file and grown
 * when a file needs more; the bytes returned are a view into it, valid until the next call.
 */
export function readBytesSync(absolutePath: string, maxBytes: number, scratch: { buffer: Buffer }): BytesOutcome {
  let fd: number;
  try {
    fd = fsSync.openSync(absolutePath, SAFE_OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: 'unreadable', detail: code === 'ELOOP' ? REFUSED_SYMLINK : (code ?? String(error)) };
  }
  try {
    // One byte more than the cap is read, so that a file over it is told from one just at it.
    const limit = maxBytes + 1;
    let length = 0;
    for (;;) {
      if (length === scratch.buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(limit, length * 2));
        scratch.buffer.copy(grown, 0, 0, length);
        scratch.buffer = grown;
      }
      const wanted = Math.min(scratch.buffer.length, limit) - length;
      let read: number;
      try {
        read = fsSync.readSync(fd, scratch.buffer, length, wanted, length);
      } catch (error) {
        if (!fsSync.fstatSync(fd).isFile()) return { ok: false, reason: 'unreadable', detail: REFUSED_NOT_REGULAR };
        throw error;
      }
      length += read;
      // A regular file's read is short only at its end.
      if (read < wanted || length >= limit) break;
    }
    if (length > maxBytes) {
      const size = fsSync.fstatSync(fd).size;
      return {
        ok: false,
        reason: 'too-large',
        detail: size > maxBytes ? `${size} bytes > ${maxBytes}` : `more than ${maxBytes} bytes`,
      };
    }
    const bytes = scratch.buffer.subarray(0, length);
    if (looksBinary(bytes)) return { ok: false, reason: 'binary', detail: 'contains NUL bytes' };
    return { ok: true, bytes };
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? String(error) };
  } finally {
    fsSync.closeSync(fd);
  }
}

export async function readTextFile(absolutePath: string, maxBytes: number): Promise<ReadOutcome> {
  try {
    const opened = await openRegularFile(absolutePath);
    if ('refused' in opened) return { ok: false, reason: 'unreadable', detail: opened.refused };
    const { handle, size } = opened;
    try {
      if (size > maxBytes) return { ok: false, reason: 'too-large', detail: `${size} bytes > ${maxBytes}` };
      // At most maxBytes + 1, so a file that grew since the stat is still caught.
      const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
      let length = 0;
      for (let read = -1; read !== 0 && length < buffer.length; length += read) {
        read = (await handle.read(buffer, length, buffer.length - length, length)).bytesRead;
      }
      if (length > maxBytes) return { ok: false, reason: 'too-large', detail: `more than ${maxBytes} bytes` };
      const bytes = buffer.subarray(0, length);
      if (looksBinary(bytes)) return { ok: false, reason: 'binary', detail: 'contains NUL bytes' };
      return { ok: true, text: bytes.toString('utf8') };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/** How many files tell a checkout's line break: a clear majority, and few enough to read at once. */
const LINE_BREAK_SAMPLE = 16;

/**
 * The line break most of the first `files` use (each by `LineMap.eol`; a file with no line break does not
 * count), for a file written new into the checkout, such as `init`'s roadmap.yaml: a Windows checkout
 * (`core.autocrlf=true`) gets CRLF. "\n" when no file tells.
 */
export function lineBreakOfFiles(files: Iterable<string>, maxBytes: number): '\n' | '\r\n' {
  const scratch = { buffer: Buffer.allocUnsafe(64 * 1024) };
  let crlf = 0;
  let lf = 0;
  let sampled = 0;
  for (const file of files) {
    if (sampled++ === LINE_BREAK_SAMPLE) break;
    const outcome = readBytesSync(file, maxBytes, scratch);
    if (!outcome.ok) continue;
    // Line breaks are ASCII: latin1 decodes them the same at a fraction of the cost.
    const text = outcome.bytes.toString('latin1');
    if (!text.includes('\n')) continue;
    if (new LineMap(text).eol === '\r\n') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}
