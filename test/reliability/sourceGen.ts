/**
 * fast-check generators for source files: soups of every language's comment and string delimiters
 * (unterminated block comments and strings, mixed comment styles, heredocs, raw strings, interpolation)
 * around annotations, mutations of the demo workspace's real files, and bytes read as UTF-8.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { languageOf } from '../../server/src/core/scanner';
import { syntaxOf } from '../../server/src/core/scanner/languages';

/** One file name per language the scanner knows (checked by the test), plus a name it does not know. */
export const FILE_NAMES = [
  'a.js',
  'a.ts',
  'a.jsx',
  'a.tsx',
  'a.json',
  'a.jsonc',
  'a.py',
  'a.go',
  'a.rs',
  'A.java',
  'a.kt',
  'a.c',
  'a.cpp',
  'a.m',
  'a.mm',
  'a.cs',
  'a.swift',
  'a.rb',
  'a.cr',
  'a.php',
  'a.sh',
  'Dockerfile',
  '.env',
  'a.ps1',
  'a.bat',
  'a.yaml',
  'a.toml',
  'a.ini',
  'a.properties',
  '.gitignore',
  'a.sql',
  'a.lua',
  'a.hs',
  'a.elm',
  'a.purs',
  'a.html',
  'a.vue',
  'a.svelte',
  'a.xml',
  'a.md',
  'a.css',
  'a.scss',
  'a.less',
  'Makefile',
  'a.cmake',
  'a.ex',
  'a.scala',
  'a.dart',
  'a.groovy',
  'a.r',
  'a.pl',
  'a.tf',
  'a.clj',
  'a.lisp',
  'a.scm',
  'a.rkt',
  'a.erl',
  'a.f90',
  'a.f',
  'a.vb',
  'a.fs',
  'a.ml',
  'a.jl',
  'a.nim',
  'a.zig',
  'a.coffee',
  'a.graphql',
  'a.proto',
  'a.sol',
  'a.nix',
  'a.tex',
  'a.pas',
  'a.adb',
  'a.matlab',
  'a.thrift',
  'a.mdx',
  'a.rmd',
  'notes.txt',
];

/** Delimiters of every family of comments and strings the scanner lexes. */
const DELIMITERS = [
  '//',
  '/*',
  '*/',
  '/**',
  '#',
  '##',
  '--',
  '-->',
  '<!--',
  '(*',
  '*)',
  '{-',
  '-}',
  '{',
  '}',
  '%',
  ';',
  ';;',
  'REM ',
  '::',
  "'",
  '"',
  '`',
  '"""',
  "'''",
  '=begin\n',
  '\n=end\n',
  '<<EOF\n',
  '\nEOF\n',
  "<<'END'\n",
  '<<~EOS\n',
  '[[',
  ']]',
  '--[[',
  '--]]',
  '[==[',
  ']==]',
  '#[',
  '#|',
  '|#',
  '#=',
  '=#',
  'r#"',
  '"#',
  '#"',
  'R"x(',
  ')x"',
  '${',
  '#{',
  '\\(',
  ')',
  '\\',
  '/re/g',
  'return /',
  '?>',
  '<?php ',
  '<script>',
  '</script>',
  '<style>',
  '</style>',
  '__END__\n',
  '=pod\n',
  '\n=cut\n',
  '@"',
  '\n"@',
  'q{',
  'qq(',
  's/a/',
  '%q(',
  '~s(',
  '?#',
  '$%',
  "c'",
  "'a",
  '!',
  '(*)',
  '<![CDATA[',
  ']]>',
  '```\n',
  '\\\\',
  "r'",
  '$"',
  "@'",
];

const ANNOTATIONS = [
  'TODO',
  'TODO:',
  'TODO(RM-12):',
  'TODO(RM-12)',
  'FIXME[RM-3]',
  'HACK:',
  'XXX ',
  'BUG(RM-1, RM-2)',
  'DEBT -',
  '@roadmap RM-7',
  '@roadmap',
  '@roadmap: RM-1, RM-2',
  'TODO(alice)',
  'see RM-99',
  'UTF-8',
  'todo',
  'TODOS',
  '@roadmapper',
  'FIXME(',
  'TODO[',
  'RM-',
  'RM-0012',
];

const FILLER = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\n',
  '\r\n',
  '\r',
  'x',
  'foo',
  'a = 1',
  'fn()',
  '=',
  '.',
  ',',
  'é',
  '😀',
  '\u2028',
  '\uFEFF',
  '\uD800',
  '\uDC00',
  '\u0000',
  '0',
  "x'",
  'return',
];

export interface SourceInput {
  label: string;
  file: string;
  text: string;
}

const fileArb = fc.constantFrom(...FILE_NAMES);

const soupArb: fc.Arbitrary<SourceInput> = fc
  .tuple(
    fileArb,
    fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...DELIMITERS) },
        { weight: 2, arbitrary: fc.constantFrom(...ANNOTATIONS) },
        { weight: 4, arbitrary: fc.constantFrom(...FILLER) },
      ),
      { maxLength: 300 },
    ),
  )
  .map(([file, parts]) => ({ label: `delimiter soup (${file})`, file, text: parts.join('') }));

const OPENERS = ['// ', '# ', '-- ', '/* ', ' * ', '<!-- ', '; ', '% ', "' ", 'REM '];

/** The comment openers of a file's language (so most generated comments are real ones), plus a few foreign ones. */
function openersOf(file: string): string[] {
  const languageId = languageOf(file);
  const syntax = languageId === undefined ? undefined : syntaxOf(languageId);
  const own =
    syntax?.kind === 'code'
      ? [...syntax.lineComments.map((rule) => rule.open), ...syntax.blockComments.map((rule) => rule.open)].map(
          (open) => `${open} `,
        )
      : syntax === undefined
        ? []
        : ['<!-- '];
  return [...own, ...own, ...own, ...OPENERS];
}

/** Lines of code, each ending in what may open a comment and an annotation, with delimiters strewn in. */
const commentLinesArb: fc.Arbitrary<SourceInput> = fileArb.chain((file) =>
  fc
    .array(
      fc.tuple(
        fc.array(fc.constantFrom(...FILLER, ...DELIMITERS), { maxLength: 3 }),
        fc.constantFrom(...openersOf(file)),
        fc.constantFrom(...ANNOTATIONS),
        fc.constantFrom(' fix this', ' RM-4 and RM-5', '', ' */', ' -->', ' -}', ' *)', ' "quoted" TODO: again'),
        fc.constantFrom('\n', '\r\n', '\r'),
      ),
      { maxLength: 40 },
    )
    .map((lines) => ({
      label: `comment lines (${file})`,
      file,
      text: lines.map(([code, ...rest]) => code.join('') + rest.join('')).join(''),
    })),
);

/** The demo workspace's real source files, the seeds of mutation. */
function demoSources(): { file: string; text: string }[] {
  const root = path.resolve(__dirname, '..', '..', 'examples', 'demo');
  const found: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/\.ya?ml$/.test(entry.name))
        found.push({ file: path.basename(full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(root);
  return found;
}

const DEMO = demoSources();

const sourceMutationArb = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    snippet: fc.constantFrom(...DELIMITERS, ...ANNOTATIONS),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 30 }),
  }),
  fc.record({ kind: fc.constant('crlf' as const) }),
  fc.record({ kind: fc.constant('lone-cr' as const) }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
);

type SourceMutation = typeof sourceMutationArb extends fc.Arbitrary<infer T> ? T : never;

function mutateSource(text: string, mutation: SourceMutation): string {
  const at = (fraction: number) => Math.floor(fraction * text.length);
  switch (mutation.kind) {
    case 'truncate':
      return text.slice(0, at(mutation.at));
    case 'insert':
      return text.slice(0, at(mutation.at)) + mutation.snippet + text.slice(at(mutation.at));
    case 'delete':
      return text.slice(0, at(mutation.at)) + text.slice(at(mutation.at) + mutation.length);
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'lone-cr':
      return text.replace(/\r?\n/g, '\r');
    case 'bytes':
      return (
        text.slice(0, at(mutation.at)) + Buffer.from(mutation.bytes).toString('utf8') + text.slice(at(mutation.at))
      );
  }
}

const mutatedDemoArb: fc.Arbitrary<SourceInput> = fc
  .tuple(
    fc.constantFrom(...DEMO),
    fc.array(sourceMutationArb, { minLength: 1, maxLength: 5 }),
    fc.option(fileArb, { freq: 3 }),
  )
  .map(([seed, mutations, renamed]) => {
    // Sometimes the text is read as another language than it is written in, as a misnamed file would be.
    const file = renamed ?? seed.file;
    return {
      label: `mutated ${seed.file} as ${file} (${mutations.map((m) => m.kind).join(', ')})`,
      file,
      text: mutations.reduce(mutateSource, seed.text),
    };
  });

const bytesArb: fc.Arbitrary<SourceInput> = fc
  .tuple(fileArb, fc.uint8Array({ maxLength: 2000 }))
  .map(([file, bytes]) => ({
    label: `${bytes.length} random bytes as ${file}`,
    file,
    text: Buffer.from(bytes).toString('utf8'),
  }));

/** Long runs of one construct: the shapes that make a careless lexer quadratic. */
const repetitionArb: fc.Arbitrary<SourceInput> = fc
  .tuple(
    fileArb,
    fc.constantFrom(...DELIMITERS, ...ANNOTATIONS, 'TODO: x\n', '// TODO\n', '"\\', '/*/*', '(*(*', '{-{-'),
    fc.integer({ min: 100, max: 5000 }),
  )
  .map(([file, unit, count]) => ({
    label: `${JSON.stringify(unit)} x${count} as ${file}`,
    file,
    text: unit.repeat(count),
  }));

export const sourceFuzzArb: fc.Arbitrary<SourceInput> = fc.oneof(
  { weight: 3, arbitrary: soupArb },
  { weight: 4, arbitrary: commentLinesArb },
  { weight: 4, arbitrary: mutatedDemoArb },
  { weight: 1, arbitrary: bytesArb },
  { weight: 1, arbitrary: repetitionArb },
);

export interface HugeSourceInput extends SourceInput {
  /** Annotations the scan must find: [line, character, tag, first ID or ''] of each, in order (checked when given). */
  expected?: Array<[number, number, string, string]>;
  /** When only the count is known. */
  expectedCount?: number;
}

/** A few 10 MB single-line files (not a thousand): minified code, an unterminated comment, an unterminated string. */
export function hugeSourceInputs(): HugeSourceInput[] {
  const tenMb = 10 * 1024 * 1024;
  const padding = 'x'.repeat(tenMb);
  const minifiedUnit =
    'var a="/* not a comment */",b=`${"//"}`;/*TODO(RM-1): keep*/function f(){return/re\\/gex/.test(a)}';
  const minified = minifiedUnit.repeat(Math.ceil(tenMb / minifiedUnit.length));
  const count = Math.ceil(tenMb / minifiedUnit.length);
  const unclosedUnit = 'padding padding padding '.repeat(400) + 'TODO(RM-2): inside ';
  const unclosedCount = Math.ceil(tenMb / unclosedUnit.length);
  return [
    {
      label: '10 MB line, TODO at its end',
      file: 'min.js',
      text: `${padding} // TODO(RM-1): end`,
      expected: [[0, tenMb + 4, 'TODO', 'RM-1']],
    },
    { label: '10 MB minified JavaScript', file: 'bundle.min.js', text: minified, expectedCount: count },
    {
      label: '10 MB unterminated block comment',
      file: 'a.ts',
      text: '/*' + unclosedUnit.repeat(unclosedCount),
      expectedCount: unclosedCount,
    },
    {
      label: '10 MB unterminated string',
      file: 'a.py',
      text: `s = "${'TODO: not a comment '.repeat(tenMb / 20)}`,
      expectedCount: 0,
    },
    { label: '10 MB of comment openers', file: 'a.c', text: '/*'.repeat(tenMb / 2), expectedCount: 0 },
    {
      label: '10 MB of string quotes and escapes',
      file: 'a.rs',
      text: '"\\'.repeat(tenMb / 2) + '// TODO: after',
      expectedCount: 0,
    },
  ];
}
