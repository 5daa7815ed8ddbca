/** Reading workspace files defensively: size cap, binary detection, files that vanish. */
import * as fsSync from 'fs';
import { constants, promises as fs } from 'fs';

export type ReadOutcome =
  { ok: true; text: string } | { ok: false; reason: 'too-large' | 'binary' | 'unreadable'; detail: string };

/** How many leading bytes are checked for NUL, the same heuristic git uses to call a file binary. */
export const BINARY_SNIFF_BYTES = 8000;

/** Whether content is binary by git's rule: a NUL among its first bytes (or, for decoded text, characters). */
export function looksBinary(content: Uint8Array | string): boolean {
  if (typeof content === 'string') return content.slice(0, BINARY_SNIFF_BYTES).includes('\0');
  const limit = Math.min(content.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < limit; i++) if (content[i] === 0) return true;
  return false;
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
 * `readTextFile`'s rules (no link followed, no FIFO waited on, the kind checked on the descriptor, the
 * size cap, git's binary rule) in four synchronous calls (open, fstat, read, close), for the index's bulk
 * reads: a worker thread reads thousands of files this way in a fraction of the time of as many
 * thread-pool round trips. The content goes into `scratch.buffer`, reused from file to file and grown
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
    const stat = fsSync.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'unreadable', detail: REFUSED_NOT_REGULAR };
    if (stat.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${stat.size} bytes > ${maxBytes}` };
    // One byte more than the cap, so a file that grew since the fstat is still caught. A regular file's
    // read is short only at its end, so one read is enough unless the file grew in between.
    const limit = Math.min(stat.size, maxBytes) + 1;
    if (scratch.buffer.length < limit)
      scratch.buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(limit, scratch.buffer.length * 2)));
    const buffer = scratch.buffer;
    let length = 0;
    for (;;) {
      const read = fsSync.readSync(fd, buffer, length, limit - length, length);
      length += read;
      if (read === 0 || length >= limit || length <= stat.size) break;
    }
    if (length > maxBytes) return { ok: false, reason: 'too-large', detail: `more than ${maxBytes} bytes` };
    const bytes = buffer.subarray(0, length);
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
