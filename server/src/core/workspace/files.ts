/** Reading workspace files defensively: size cap, binary detection, files that vanish. */
import { promises as fs } from 'fs';

export type ReadOutcome =
  | { ok: true; text: string }
  | { ok: false; reason: 'too-large' | 'binary' | 'unreadable'; detail: string };

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

export async function readTextFile(absolutePath: string, maxBytes: number): Promise<ReadOutcome> {
  try {
    // lstat: a symlink is not followed, as the folder walk never follows one (it may point outside the workspace).
    const stat = await fs.lstat(absolutePath);
    if (stat.isSymbolicLink()) return { ok: false, reason: 'unreadable', detail: 'a symbolic link (not followed)' };
    if (!stat.isFile()) return { ok: false, reason: 'unreadable', detail: 'not a regular file' };
    if (stat.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${stat.size} bytes > ${maxBytes}` };
    const bytes = await fs.readFile(absolutePath);
    if (looksBinary(bytes)) return { ok: false, reason: 'binary', detail: 'contains NUL bytes' };
    return { ok: true, text: bytes.toString('utf8') };
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}
