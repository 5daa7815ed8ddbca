/** The fingerprint the session keeps of each file's published diagnostics: equal lists alike, any change apart. */
import * as assert from 'assert';
import type { Diagnostic } from 'vscode-languageserver';
import { diagnosticsFingerprint } from '../../server/src/lsp/fingerprint';

const base = (): Diagnostic => ({
  range: { start: { line: 3, character: 5 }, end: { line: 3, character: 9 } },
  severity: 2,
  source: 'roadmap-links',
  code: 'stale-debt',
  message: 'Stale debt: RM-1 "Item" is done.',
  data: { id: 'RM-1', suggestions: ['RM-2', 'RM-3'] },
});

describe('diagnostics fingerprint', () => {
  it('is the same for equal lists built apart, and differs when any field of any diagnostic does', () => {
    const list = [base(), { ...base(), message: 'Other' }];
    assert.strictEqual(diagnosticsFingerprint(list), diagnosticsFingerprint([base(), { ...base(), message: 'Other' }]));
    const changes: ((d: Diagnostic) => void)[] = [
      (d) => (d.range.start.line = 4),
      (d) => (d.range.start.character = 6),
      (d) => (d.range.end.line = 5),
      (d) => (d.range.end.character = 10),
      (d) => (d.severity = 1),
      (d) => (d.code = 'overdue-debt'),
      (d) => (d.source = 'other'),
      (d) => (d.message += '!'),
      (d) => (d.data = { id: 'RM-1', suggestions: ['RM-2'] }),
      (d) => (d.data = { id: 'RM-1', suggestions: ['RM-3', 'RM-2'] }),
      (d) => (d.data = { id: 1 }),
      (d) => (d.data = undefined),
    ];
    const seen = new Set([diagnosticsFingerprint(list)]);
    for (const change of changes) {
      const changed = [base(), { ...base(), message: 'Other' }];
      change(changed[1]);
      const fingerprint = diagnosticsFingerprint(changed);
      assert.ok(!seen.has(fingerprint), `${change.toString()} changes the fingerprint`);
      seen.add(fingerprint);
    }
    assert.notStrictEqual(diagnosticsFingerprint(list), diagnosticsFingerprint([list[1], list[0]]), 'order counts');
    assert.notStrictEqual(diagnosticsFingerprint(list), diagnosticsFingerprint([list[0]]), 'length counts');
  });

  it('gives 100,000 distinct messages 100,000 distinct fingerprints', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++)
      seen.add(diagnosticsFingerprint([{ ...base(), message: `Unknown item RM-${i}` }]));
    assert.strictEqual(seen.size, 100_000);
  });
});
