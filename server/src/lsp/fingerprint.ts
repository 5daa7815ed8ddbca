/**
 * A fingerprint of a file's diagnostics: what the session keeps of what it published, instead of the
 * diagnostics themselves, to tell whether new ones differ. Keeping 10,000 files' lists (and replacing many
 * of them on each roadmap keystroke) fills the heap's old generation with garbage; a number per file does
 * not. 53 bits of two independent 32-bit hashes: two different lists share one with a chance of 2^-53.
 */
import type { Diagnostic } from 'vscode-languageserver';

export function diagnosticsFingerprint(diagnostics: readonly Diagnostic[]): number {
  hash[0] = 0x811c9dc5;
  hash[1] = 0x9747b28c;
  mixNumber(diagnostics.length);
  for (const diagnostic of diagnostics) {
    const { start, end } = diagnostic.range;
    mixNumber(start.line);
    mixNumber(start.character);
    mixNumber(end.line);
    mixNumber(end.character);
    mixNumber(diagnostic.severity ?? 0);
    mixValue(diagnostic.code);
    mixValue(diagnostic.source);
    mixValue(diagnostic.message);
    mixValue(diagnostic.data);
  }
  return (hash[0] >>> 0) * 0x200000 + ((hash[1] >>> 0) & 0x1fffff);
}

/** The two 32-bit hashes being computed: typed, so that mixing allocates nothing. */
const hash = new Int32Array(2);

/** A number as two 32-bit words (integers exactly; fractions to a millionth, which diagnostics never hold). */
function mixNumber(value: number): void {
  mixWord(value | 0);
  mixWord(Number.isInteger(value) ? Math.floor(value / 0x100000000) | 0 : Math.round(value * 1e6) | 0);
}

/** FNV-1a (the first) and a multiply-rotate hash (the second). */
function mixWord(word: number): void {
  hash[0] = Math.imul(hash[0] ^ word, 0x01000193);
  const second = hash[1] ^ word;
  hash[1] = Math.imul((second << 13) | (second >>> 19), 0x5bd1e995) ^ (hash[1] >>> 15);
}

/** Plain JSON, each kind of value tagged so that no two values mix alike (`"1"` and `1`, `[]` and `{}`). */
function mixValue(value: unknown): void {
  if (value === undefined) return mixWord(1);
  if (value === null) return mixWord(2);
  switch (typeof value) {
    case 'boolean':
      return mixWord(value ? 3 : 4);
    case 'number':
      mixWord(5);
      return mixNumber(value);
    case 'string':
      mixWord(6);
      mixWord(value.length);
      for (let i = 0; i < value.length; i++) mixWord(value.charCodeAt(i));
      return;
  }
  if (Array.isArray(value)) {
    mixWord(7);
    mixWord(value.length);
    for (const entry of value) mixValue(entry);
    return;
  }
  if (typeof value === 'object') {
    mixWord(8);
    const record = value as Record<string, unknown>;
    for (const key in record) {
      // As JSON, which the client receives, leaves an undefined field out.
      if (!Object.prototype.hasOwnProperty.call(record, key) || record[key] === undefined) continue;
      mixValue(key);
      mixValue(record[key]);
    }
    mixWord(9);
  }
}
