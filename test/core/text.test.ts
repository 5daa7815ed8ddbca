import * as assert from 'assert';
import fc from 'fast-check';
import { LineMap } from '../../server/src/core/text';

/** Line starts found one character at a time: "\r\n", a lone "\r" and "\n" each end a line. */
function lineStartsByCharacter(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\r' || text[i] === '\n') starts.push(i + 1);
  }
  return starts;
}

describe('LineMap', () => {
  it('finds the same line starts as a character-by-character reading, whatever the mix of line breaks', () => {
    const text = fc
      .array(fc.constantFrom('\r', '\n', '\r\n', 'a', 'é', ' '), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (sample) => {
        assert.deepStrictEqual(new LineMap(sample).lineStarts, lineStartsByCharacter(sample));
      }),
      { numRuns: 2000 },
    );
  });

  it('answers each question as a fully mapped text does, whatever lines it has found so far', () => {
    const text = fc
      .array(fc.constantFrom('\r', '\n', '\r\n', 'a', 'é', ' '), { maxLength: 40 })
      .map((parts) => parts.join(''));
    const question = fc.record({
      kind: fc.constantFrom('positionAt', 'offsetAt', 'lineEnd', 'lineStart', 'hasLine', 'lineText'),
      at: fc.integer({ min: -2, max: 45 }),
      character: fc.integer({ min: -1, max: 5 }),
    });
    fc.assert(
      fc.property(text, fc.array(question, { maxLength: 12 }), (sample, questions) => {
        const lazy = new LineMap(sample);
        const full = new LineMap(sample);
        const count = full.lineCount;
        for (const { kind, at, character } of questions) {
          // Lines asked about exist (as every caller ensures), except for the questions that take any.
          const line = Math.max(0, Math.min(at, count - 1));
          const ask = (map: LineMap) => {
            if (kind === 'positionAt') return map.positionAt(at);
            if (kind === 'offsetAt') return map.offsetAt({ line: at, character });
            if (kind === 'hasLine') return map.hasLine(at);
            if (kind === 'lineEnd') return map.lineEnd(line);
            if (kind === 'lineStart') return map.lineStart(line);
            return map.lineText(line);
          };
          assert.deepStrictEqual(ask(lazy), ask(full), `${kind}(${at}) of ${JSON.stringify(sample)}`);
        }
        assert.deepStrictEqual(lazy.lineStarts, full.lineStarts);
      }),
      { numRuns: 3000 },
    );
  });

  it('maps offsets to positions across \\r\\n, \\r and \\n', () => {
    const lines = new LineMap('a\r\nb\rc\n\nd');
    assert.deepStrictEqual(lines.lineStarts, [0, 3, 5, 7, 8]);
    assert.deepStrictEqual(lines.positionAt(4), { line: 1, character: 1 });
    assert.deepStrictEqual(lines.positionAt(8), { line: 4, character: 0 });
    assert.strictEqual(lines.lineText(0), 'a');
  });
});
