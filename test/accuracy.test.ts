import * as assert from 'node:assert/strict';
import * as path from 'path';
import { compareFile, matchSpans, type Span } from '../scripts/accuracy/compare';
import { ORACLES, parserFor } from '../scripts/accuracy/grammars';
import { formatTable, runAccuracy, type AccuracyReport } from '../scripts/accuracy/report';

const FIXTURES = path.join(__dirname, 'fixtures', 'accuracy');

/** Spans of the given substrings, each of which must occur once. */
function spansOf(text: string, ...parts: string[]): Span[] {
  return parts.map((part) => {
    const start = text.indexOf(part);
    assert.ok(start >= 0 && text.indexOf(part, start + 1) < 0, `${part} must occur once`);
    return { start, end: start + part.length };
  });
}

describe('npm run accuracy: scanner vs tree-sitter', () => {
  describe('span matching', () => {
    it('counts agreeing, scanner-only, tree-sitter-only and extent disagreements', () => {
      const text = 'a // one\nb /* two */ c // three \\\n  continued\n"// four"\n';
      const scanner = spansOf(text, '// one', '/* two */', '// three \\', '// four');
      const treeSitter = spansOf(text, '// one', '// three \\\n  continued');
      const { tally, disagreements } = matchSpans(text, scanner, treeSitter);
      assert.deepEqual(tally, { agree: 1, scannerOnly: 2, treeSitterOnly: 0, extent: 1 });
      assert.deepEqual(
        disagreements.map((d) => [d.kind, text.slice(d.offset, d.offset + 4)]),
        [
          ['scanner-only', '/* t'],
          ['extent', '// t'],
          ['scanner-only', '// f'],
        ],
      );
      assert.equal(disagreements[1].context, '`//` longer to tree-sitter');
    });

    it('says whether a tree-sitter-only comment lies within a comment of the scanner', () => {
      const text = '/* a // b */ x // c\n';
      const { tally, disagreements } = matchSpans(
        text,
        spansOf(text, '/* a // b */'),
        spansOf(text, '/* a // b */', '// b', '// c'),
      );
      assert.deepEqual(tally, { agree: 1, scannerOnly: 0, treeSitterOnly: 2, extent: 0 });
      assert.deepEqual(
        disagreements.map((d) => d.context),
        ['`//` under code; within a scanner comment', '`//` under code; not a comment to the scanner'],
      );
    });

    it('counts one tree-sitter node of consecutive line comments as the scanner’s one span per line', () => {
      const text = 'x\n  // one\n  // two\n  // three\ny // four\n';
      const scanner = spansOf(text, '// one', '// two', '// three', '// four');
      const treeSitter = [
        { start: text.indexOf('// one'), end: text.indexOf('// three') + 8 },
        ...spansOf(text, '// four'),
      ];
      assert.deepEqual(matchSpans(text, scanner, treeSitter).tally, {
        agree: 4,
        scannerOnly: 0,
        treeSitterOnly: 0,
        extent: 0,
      });
    });

    it('does not tile over code between two line comments', () => {
      const text = '// one\ncode // two\n';
      const treeSitter = [{ start: 0, end: text.indexOf('// two') + 6 }];
      const { tally } = matchSpans(text, spansOf(text, '// one', '// two'), treeSitter);
      assert.deepEqual(tally, { agree: 0, scannerOnly: 1, treeSitterOnly: 0, extent: 1 });
    });
  });

  describe('on fixture files', function () {
    let report: AccuracyReport;

    before(async function () {
      try {
        await Promise.all(['javascript', 'python', 'go', 'c'].map((id) => parserFor(ORACLES[id])));
      } catch (error) {
        console.log(`      (skipped: the tree-sitter WASM grammars cannot load here: ${(error as Error).message})`);
        this.skip();
      }
      report = await runAccuracy([FIXTURES], { maxBytes: 1000 });
    });

    it('agrees on every comment of the JS, Python and Go files, shebangs and docstrings aside', () => {
      const tallies = Object.fromEntries(
        [...report.languages].map(([id, f]) => [
          id,
          [f.files, f.tally.agree, f.tally.scannerOnly, f.tally.treeSitterOnly, f.tally.extent],
        ]),
      );
      assert.deepEqual(tallies, {
        javascript: [1, 4, 0, 0, 0],
        python: [1, 4, 0, 0, 0],
        go: [1, 5, 0, 0, 0],
        c: [1, 2, 1, 0, 0],
      });
    });

    it('skips the .gitignored file and the one over the size cap', () => {
      assert.equal(report.skipped.tooLarge, 1);
      assert.equal(report.languages.get('javascript')?.files, 1);
    });

    it('reports the disagreement at file:line with both verdicts and its class', () => {
      assert.equal(report.first.length, 1);
      const [d] = report.first;
      assert.deepEqual(
        [d.file, d.line, d.column, d.kind, d.scannerText],
        ['accuracy/sample.c', 2, 18, 'scanner-only', '// the cap'],
      );
      assert.equal(d.context, 'inside preproc_arg < preproc_def');
      assert.deepEqual(
        report.classes.map((c) => [c.key, c.count]),
        [['c scanner-only: inside preproc_arg < preproc_def', 1]],
      );
    });

    it('cancels a parse past its time bound: the file is counted as timed out, not compared', async () => {
      const text = `package big\n${'func f() { x := 1 // c\n\t_ = x }\n'.repeat(20000)}`;
      assert.deepEqual(await compareFile(text, 'go', 0), { compared: false, reason: 'timeout' });
    });

    it('prints the per-language table with counts and shares', () => {
      const table = formatTable(report);
      assert.match(
        table,
        /^\| c \| 1 \(0\) \| 0 \/ 0 \/ 0 \| 3 \| 2 \(66\.67%\) \| 1 \(33\.33%\) \| 0 \(0\.00%\) \| 0 \(0\.00%\) \|$/m,
      );
      assert.match(table, /^\| \*\*all\*\* \| 4 \(0\) \| 0 \/ 0 \/ 0 \| 16 \| 15 \(93\.75%\) \| 1 \(6\.25%\) \|/m);
    });
  });
});
