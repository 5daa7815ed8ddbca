/** Reading workspace files defensively: size cap, binary detection, files that vanish. */
import { promises as fs } from 'fs';

export type ReadOutcome =
  | { ok: true; text: string }
  | { ok: false; reason: 'too-large' | 'binary' | 'unreadable'; detail: string };

/** How many leading bytes are checked for NUL, the same heuristic git uses to call a file binary. */
const BINARY_SNIFF_BYTES = 8000;

export function looksBinary(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < limit; i++) if (bytes[i] === 0) return true;
  return false;
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
