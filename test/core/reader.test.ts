/**
 * The index's reader of source files takes shortcuts (a test on the raw bytes before decoding, lexing only
 * what the tags need); each must give exactly what decoding the whole file and scanning it gives. The
 * shortcuts' savings are counted (bytes decoded), never timed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { CandidateFilter, scanText } from '../../server/src/core/scanner';
import { findCandidates } from '../../server/src/core/scanner/annotations';
import { compileSettings, DEFAULT_COMPILED_SETTINGS, makeSettings } from '../../server/src/core/settings';
import { SourceReader } from '../../server/src/core/workspace/reader';

/** Byte pieces that put tags at, inside and across every kind of edge: words, multi-byte characters, invalid UTF-8. */
const BYTE_PIECES: Buffer[] = [
  'TODO',
  'TODO:',
  'FIXME(RM-1)',
  'XXX',
  'BUG',
  'DEBT',
  'HACK',
  '@roadmap',
  '@roadmap RM-2',
  'DEBUG',
  'XXXX',
  'TO',
  'DO',
  'a',
  'Z',
  '_',
  '1',
  ' ',
  ':',
  '(',
  '//',
  '// ',
  '/*',
  '*/',
  '#',
  '"',
  "'",
  '\n',
  '\r\n',
  '\r',
  'é',
  'ж',
  '€',
  '😀',
  'ÜBER',
  '@@',
  '\uFEFF',
].map((piece) => Buffer.from(piece, 'utf8'));
// Invalid UTF-8: a lone continuation byte, a truncated three-byte character, a lead byte before ASCII.
BYTE_PIECES.push(Buffer.from([0x80]), Buffer.from([0xe2, 0x82]), Buffer.from([0xe2]), Buffer.from([0xc3]));
// Half of a character: its first bytes, or its last ones.
BYTE_PIECES.push(Buffer.from('é').subarray(0, 1), Buffer.from('€').subarray(1), Buffer.from('😀').subarray(0, 3));

const SETTINGS = [
  DEFAULT_COMPILED_SETTINGS,
  compileSettings({ ...makeSettings(), tags: ['TODO', 'ÜBER', '@@', 'a'] }),
  compileSettings({ ...makeSettings(), tags: ['TODO:', 'X'] }),
];
const FILE_NAMES = ['a.ts', 'a.py', 'README.md', 'page.html', 'a.c'];

describe('reader: the test on raw bytes before decoding (CandidateFilter)', () => {
  it('passes over a file only when scanning its decoded text finds nothing, on random bytes around tags', () => {
    let passedOverWithTagBytes = 0;
    let withAnnotations = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('', '// ', '# ', '/* ', '<!-- '),
            fc.array(fc.constantFrom(...BYTE_PIECES), { maxLength: 8 }),
            fc.constantFrom('\n', '\r\n', '\r', ''),
          ),
          { maxLength: 6 },
        ),
        fc.constantFrom(...SETTINGS),
        fc.constantFrom(...FILE_NAMES),
        (lines, settings, name) => {
          const bytes = Buffer.concat(
            lines.flatMap(([opener, pieces, end]) => [Buffer.from(opener), ...pieces, Buffer.from(end)]),
          );
          const annotations = scanText(bytes.toString('utf8'), name, settings);
          if (annotations.length) withAnnotations++;
          if (new CandidateFilter(settings).mayHold(bytes)) return;
          assert.deepEqual(annotations, [], `passed over ${JSON.stringify(bytes.toString('latin1'))}`);
          if (/TODO|XXX|BUG|@roadmap/.test(bytes.toString('latin1'))) passedOverWithTagBytes++;
        },
      ),
      { numRuns: 3000, seed: 13 },
    );
    // The cases that matter came up: files passed over though they hold a tag's bytes, and files with annotations.
    assert.ok(passedOverWithTagBytes > 100, `only ${passedOverWithTagBytes} passed over with tag bytes`);
    assert.ok(withAnnotations > 300, `only ${withAnnotations} with annotations`);
  });

  it('passes over tags inside words (DEBUG, base64) and keeps tags at a word edge, or next to a non-ASCII byte', () => {
    const filter = new CandidateFilter(DEFAULT_COMPILED_SETTINGS);
    const holds = (text: string | Buffer) => filter.mayHold(Buffer.isBuffer(text) ? text : Buffer.from(text));
    assert.equal(holds('log.DEBUG("x"); integrity: sha512-aXXXb/TODOx+_BUG1'), false);
    assert.equal(holds('no tag at all'), false);
    assert.equal(holds('x@roadmap'), false, 'the marker too must start a word');
    assert.equal(holds('TODO'), true, 'a whole file of one tag');
    assert.equal(holds('// TODO: x'), true);
    assert.equal(holds('a.@roadmap'), true);
    assert.equal(holds('éTODO'), true, 'a multi-byte character is not judged: the text decides');
    assert.equal(holds(Buffer.from([0xe2, 0x54, 0x4f, 0x44, 0x4f])), true, 'invalid UTF-8 before the tag');
    // A file of the same inner occurrence over and over is decoded after a bounded number of searches.
    assert.equal(holds('aXXX'.repeat(100)), true);
    assert.equal(holds('aXXX'.repeat(10)), false);
  });

  it('never passes over anything when a tag holds U+FFFD (invalid UTF-8 decodes to it)', () => {
    const settings = compileSettings({ ...makeSettings(), tags: ['\uFFFD'] });
    assert.equal(new CandidateFilter(settings).mayHold(Buffer.from('plain')), true);
    assert.equal(scanText(Buffer.from([0x2f, 0x2f, 0x20, 0xff, 0x3a]).toString('utf8'), 'a.ts', settings).length, 1);
  });
});

describe('reader: SourceReader.read', () => {
  let root: string;
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-reader-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Counts the characters decoded from Buffers while `run` runs. */
  function decodedWhile(run: () => void): number {
    const original = Buffer.prototype.toString;
    let decoded = 0;
    Buffer.prototype.toString = function (this: Buffer, ...args: unknown[]) {
      const text = (original as (...a: unknown[]) => string).apply(this, args);
      decoded += text.length;
      return text;
    } as typeof original;
    try {
      run();
    } finally {
      Buffer.prototype.toString = original;
    }
    return decoded;
  }

  it('gives what decoding and scanning the whole file gives, and decodes nothing of a file without a counting tag', () => {
    const reader = new SourceReader(DEFAULT_COMPILED_SETTINGS);
    const cases: [string, string | Buffer, boolean][] = [
      ['untagged.ts', 'export const x = 1;\n'.repeat(200), false],
      ['inner.ts', '// DEBUG only\nconst hash = "aXXXb";\n'.repeat(10), false],
      ['tagged.ts', 'const a = 1;\n// TODO(RM-1): cache\n', true],
      ['string.ts', 'const s = "TODO: not a comment";\n', true],
      ['crlf.py', 'x = 1\r\n# FIXME: later\r\n#   and more\r\n', true],
      ['bom.ts', '\uFEFF// TODO: first line after a BOM\n', true],
      ['invalid.ts', Buffer.concat([Buffer.from('// '), Buffer.from([0xe2, 0x82]), Buffer.from('TODO: x\n')]), true],
    ];
    for (const [name, content, decodes] of cases) {
      const file = path.join(root, name);
      fs.writeFileSync(file, content);
      let result: ReturnType<SourceReader['read']> | undefined;
      const decoded = decodedWhile(() => (result = reader.read(file)));
      const expected = scanText(fs.readFileSync(file, 'utf8'), file, DEFAULT_COMPILED_SETTINGS);
      assert.deepEqual(result, expected.length ? { file, annotations: expected } : { file }, name);
      if (decodes) assert.ok(decoded > 0, `${name} is decoded`);
      else assert.equal(decoded, 0, `${name}: nothing decoded`);
    }
  });
});

describe('scanner: tag occurrences found by indexOf, as a regular expression alternating the tags finds them', () => {
  /** A word character as the scanner tells it, one UTF-16 unit at a time. */
  const isWordUnit = (unit: string) => /[0-9A-Za-z_]/.test(unit) || (unit >= '\u0080' && /[\p{L}\p{N}]/u.test(unit));

  /** The reference: one regular expression, tags longest first (what the scanner used before), then the edges. */
  function byRegex(text: string, tags: readonly string[]): { offset: number; tag: string }[] {
    const regex = new RegExp(tags.map((tag) => tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    return [...text.matchAll(regex)]
      .map((match) => ({ offset: match.index, tag: match[0] }))
      .filter(({ offset, tag }) => {
        const end = offset + tag.length;
        const startsWord = isWordUnit(tag[0]) || tag === '@roadmap';
        if (startsWord && offset > 0 && isWordUnit(text[offset - 1])) return false;
        return !(isWordUnit(tag[tag.length - 1]) && end < text.length && isWordUnit(text[end]));
      });
  }

  it('gives the same occurrences on random texts, with tags that overlap and nest (TODO, TO, ODO, DO)', () => {
    const settingsList = [
      DEFAULT_COMPILED_SETTINGS,
      compileSettings({ ...makeSettings(), tags: ['TODO', 'TO', 'ODO', 'DO', 'TODO:'] }),
      compileSettings({ ...makeSettings(), tags: ['X', 'XX', '@@', '.*', 'ÜBER'] }),
    ];
    const pieces = [
      'TODO',
      'TO',
      'DO',
      'O',
      'X',
      'XX',
      '@',
      '@@',
      '@roadmap',
      '.*',
      ':',
      ' ',
      'a',
      'é',
      'ÜBER',
      '😀',
      '\n',
    ];
    let found = 0;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 30 }),
        fc.constantFrom(...settingsList),
        (parts, settings) => {
          const text = parts.join('');
          const candidates = findCandidates(text, settings);
          assert.deepEqual(candidates, byRegex(text, settings.finderTags), JSON.stringify(text));
          found += candidates.length;
        },
      ),
      { numRuns: 2000, seed: 7 },
    );
    assert.ok(found > 500, `only ${found} occurrences`);
  });
});
