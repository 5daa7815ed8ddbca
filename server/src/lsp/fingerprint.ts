/**
 * A fingerprint of a file's diagnostics: what the session keeps of what it published, instead of the
 * diagnostics themselves, to tell whether new ones differ. Keeping 10,000 files' lists (and replacing many
 * of them on each roadmap keystroke) fills the heap's old generation with garbage; a number per file does
 * not. 53 bits of two independent 32-bit hashes: two different lists share one with a chance of 2^-53.
 */
import type { Diagnostic } from 'vscode-languageserver';

export function diagnosticsFingerprint(diagnostics: readonly Diagnostic[]): number {
  const hash = { a: 0x811c9dc5, b: 0x9747b28c };
  mixNumber(hash, diagnostics.length);
  for (const diagnostic of diagnostics) {
    const { start, end } = diagnostic.range;
    mixNumber(hash, start.line);
    mixNumber(hash, start.character);
    mixNumber(hash, end.line);
    mixNumber(hash, end.character);
    mixNumber(hash, diagnostic.severity ?? 0);
    mixValue(hash, diagnostic.code);
    mixValue(hash, diagnostic.source);
    mixValue(hash, diagnostic.message);
    mixValue(hash, diagnostic.data);
  }
  return (hash.a >>> 0) * 0x200000 + ((hash.b >>> 0) & 0x1fffff);
}

interface Hash {
  a: number;
  b: number;
}

/** A number as two 32-bit words (integers exactly; fractions to a millionth, which diagnostics never hold). */
function mixNumber(hash: Hash, value: number): void {
  mixWord(hash, value | 0);
  mixWord(hash, Number.isInteger(value) ? Math.floor(value / 0x100000000) | 0 : Math.round(value * 1e6) | 0);
}

/** FNV-1a (a) and a multiply-rotate hash (b), each over 32 bits. */
function mixWord(hash: Hash, word: number): void {
  hash.a = Math.imul(hash.a ^ word, 0x01000193);
  hash.b = Math.imul(rotate(hash.b ^ word, 13), 0x5bd1e995) ^ (hash.b >>> 15);
}

function rotate(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/** Plain JSON, each kind of value tagged so that no two values mix alike (`"1"` and `1`, `[]` and `{}`). */
function mixValue(hash: Hash, value: unknown): void {
  if (value === undefined) return mixNumber(hash, 1);
  if (value === null) return mixNumber(hash, 2);
  switch (typeof value) {
    case 'boolean':
      return mixNumber(hash, value ? 3 : 4);
    case 'number':
      mixNumber(hash, 5);
      return mixNumber(hash, value);
    case 'string':
      mixNumber(hash, 6);
      mixNumber(hash, value.length);
      for (let i = 0; i < value.length; i++) mixWord(hash, value.charCodeAt(i));
      return;
  }
  if (Array.isArray(value)) {
    mixNumber(hash, 7);
    mixNumber(hash, value.length);
    for (const entry of value) mixValue(hash, entry);
    return;
  }
  if (typeof value === 'object') {
    mixNumber(hash, 8);
    for (const key of Object.keys(value as object)) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry === undefined) continue; // as JSON, which the client receives, leaves it out
      mixValue(hash, key);
      mixValue(hash, entry);
    }
    mixNumber(hash, 9);
  }
}
