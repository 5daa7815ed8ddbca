import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findComments, languageOf, languageOfFile, scanLanguageText, scanText } from '../../server/src/core/scanner';
import { lexComments } from '../../server/src/core/scanner/comments';
import { knownLanguageIds } from '../../server/src/core/scanner/languages';
import { compileSettings, DEFAULT_COMPILED_SETTINGS, makeSettings } from '../../server/src/core/settings';
import { DEFAULT_SETTINGS, type Annotation, type Position, type Range } from '../../server/src/core/types';
import { assertScalesLinearly, cpuRatio } from '../scaling';

const OPTIONS = DEFAULT_COMPILED_SETTINGS;

/** Position of an offset, computed independently of LineMap: "\r\n", "\r" and "\n" end lines. */
function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

function rangeOf(text: string, start: number, end: number): Range {
  return { start: positionOf(text, start), end: positionOf(text, end) };
}

/** Offset of a substring that must occur exactly once. */
function uniqueOffset(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `test source lacks ${JSON.stringify(needle)}`);
  assert.equal(text.indexOf(needle, at + 1), -1, `test source holds ${JSON.stringify(needle)} twice`);
  return at;
}

interface Expected {
  /** The exact source the annotation's range covers: from its tag to the end of its text. */
  covered: string;
  text: string;
  ids: string[];
}

function e(covered: string, text: string, ...ids: string[]): Expected {
  return { covered, text, ids };
}

function summary(annotations: Annotation[]) {
  return annotations.map((a) => ({ tag: a.tag, ids: a.ids.map((m) => m.id), text: a.text, range: a.range }));
}

function expectAnnotations(file: string, source: string, expected: Expected[], options = OPTIONS): void {
  const wanted = expected.map((x) => {
    const at = uniqueOffset(source, x.covered);
    const tag = [...options.tags, '@roadmap']
      .filter((t) => x.covered.startsWith(t))
      .sort((a, b) => b.length - a.length)[0];
    return { tag, ids: x.ids, text: x.text, range: rangeOf(source, at, at + x.covered.length) };
  });
  assert.deepStrictEqual(summary(scanText(source, file, options)), wanted);
}

const lines = (...parts: string[]) => parts.join('\n');

// ---------------------------------------------------------------------------------------------

interface LanguageCase {
  name: string;
  file: string;
  languageId: string;
  source: string;
  expected: Expected[];
}

const LANGUAGE_CASES: LanguageCase[] = [
  {
    name: 'TypeScript',
    file: 'src/app.ts',
    languageId: 'typescript',
    source: lines(
      'const a = "// TODO: in double quotes \\" /* TODO: after escaped quote */";',
      "const b = '/* TODO: in single quotes */';",
      'const c = `// TODO: in template ${ "/* TODO: nested string */" + `// TODO: nested template ${x}` /* FIXME(RM-1): in interpolation */ } // TODO: template tail`;',
      'const r = /\\/\\/ TODO: in regex ["\']/g; const d = a / 2; // HACK: after division',
      '// TODO(RM-2): line comment',
      '/* BUG[RM-3] block comment */',
      '/**',
      ' * DEBT: jsdoc line RM-4',
      ' */',
    ),
    expected: [
      e('FIXME(RM-1): in interpolation', 'in interpolation', 'RM-1'),
      e('HACK: after division', 'after division'),
      e('TODO(RM-2): line comment', 'line comment', 'RM-2'),
      e('BUG[RM-3] block comment', 'block comment', 'RM-3'),
      e('DEBT: jsdoc line RM-4', 'jsdoc line RM-4', 'RM-4'),
    ],
  },
  {
    name: 'JavaScript (mjs)',
    file: 'lib/index.mjs',
    languageId: 'javascript',
    source: lines(
      "export const url = 'http://example.com/a'; // TODO(RM-5): mjs line",
      'const re = x.split(/"/); // FIXME: after regex holding a quote',
      'if (ok) return /`/.test(s); /* HACK: after regex holding a backtick */',
    ),
    expected: [
      e('TODO(RM-5): mjs line', 'mjs line', 'RM-5'),
      e('FIXME: after regex holding a quote', 'after regex holding a quote'),
      e('HACK: after regex holding a backtick', 'after regex holding a backtick'),
    ],
  },
  {
    name: 'TSX',
    file: 'ui/View.tsx',
    languageId: 'typescriptreact',
    source: lines(
      'const el = <div title="// TODO: attribute">',
      '  {/* TODO(RM-6): jsx comment */}',
      '</div>; // FIXME: after closing tag',
    ),
    expected: [e('TODO(RM-6): jsx comment', 'jsx comment', 'RM-6'), e('FIXME: after closing tag', 'after closing tag')],
  },
  {
    name: 'Python',
    file: 'tools/run.py',
    languageId: 'python',
    source: lines(
      '#!/usr/bin/env python',
      '"""Module docstring # TODO: in docstring"""',
      "s = '# TODO: single'",
      't = "# TODO: double \\" # TODO: after escaped quote"',
      "u = r'\\d # TODO: raw'",
      'v = f"{x} # TODO: f-string"',
      "w = b'# TODO: bytes'",
      "x = '''",
      '# TODO: triple single',
      "'''",
      'y = rb"""# TODO: raw bytes triple"""',
      '# TODO(RM-1): python comment',
      'z = 1  # FIXME: trailing',
    ),
    expected: [e('TODO(RM-1): python comment', 'python comment', 'RM-1'), e('FIXME: trailing', 'trailing')],
  },
  {
    name: 'Go',
    file: 'cmd/main.go',
    languageId: 'go',
    source: lines(
      'package main',
      '// TODO(RM-1): go line',
      '/* FIXME: go block */',
      'var a = "// TODO: in string"',
      'var b = `/* TODO: in raw string',
      '// TODO: still raw */`',
      "var c = '\"' // HACK: after rune quote",
      'var d = "\\"// TODO: escaped quote"',
    ),
    expected: [
      e('TODO(RM-1): go line', 'go line', 'RM-1'),
      e('FIXME: go block', 'go block'),
      e('HACK: after rune quote', 'after rune quote'),
    ],
  },
  {
    name: 'Rust',
    file: 'src/lib.rs',
    languageId: 'rust',
    source: lines(
      '// TODO(RM-1): rust line',
      '/* outer /* inner */ FIXME: after nested inner */',
      'let a = "// TODO: string";',
      'let b = r#"/* TODO: raw "quoted" */"#;',
      'let c = br"// TODO: raw bytes \\";',
      "let d = '\"'; // HACK: after char literal",
      "fn f<'a>(x: &'a str) -> &'a str { x } // BUG: after lifetimes",
      "let e = b'\\''; // DEBT: after byte char",
    ),
    expected: [
      e('TODO(RM-1): rust line', 'rust line', 'RM-1'),
      e('FIXME: after nested inner', 'after nested inner'),
      e('HACK: after char literal', 'after char literal'),
      e('BUG: after lifetimes', 'after lifetimes'),
      e('DEBT: after byte char', 'after byte char'),
    ],
  },
  {
    name: 'Java',
    file: 'src/Main.java',
    languageId: 'java',
    source: lines(
      '// TODO(RM-1): java line',
      '/* FIXME: java block */',
      'String a = "// TODO: string";',
      'String b = """',
      '    /* TODO: text block */',
      '    """;',
      "char c = '\"'; // HACK: after char",
    ),
    expected: [
      e('TODO(RM-1): java line', 'java line', 'RM-1'),
      e('FIXME: java block', 'java block'),
      e('HACK: after char', 'after char'),
    ],
  },
  {
    name: 'Kotlin',
    file: 'app/Main.kt',
    languageId: 'kotlin',
    source: lines(
      '// TODO(RM-1): kotlin line',
      '/* outer /* inner */ FIXME: kotlin nested */',
      'val a = "// TODO: string ${ "/* TODO: nested */" } // TODO: after interpolation"',
      'val b = """',
      '// TODO: raw ${ x /* HACK: in raw interpolation */ }',
      '"""',
      "val c = '\"' // BUG: after char",
    ),
    expected: [
      e('TODO(RM-1): kotlin line', 'kotlin line', 'RM-1'),
      e('FIXME: kotlin nested', 'kotlin nested'),
      e('HACK: in raw interpolation', 'in raw interpolation'),
      e('BUG: after char', 'after char'),
    ],
  },
  {
    name: 'C',
    file: 'src/main.c',
    languageId: 'c',
    source: lines(
      '// TODO(RM-1): c line',
      '/* FIXME: c block */',
      'const char *a = "// TODO: string \\" /* TODO: escaped */";',
      "char b = '\"'; // HACK: after char",
      '#define X "/* TODO: macro string */"',
    ),
    expected: [
      e('TODO(RM-1): c line', 'c line', 'RM-1'),
      e('FIXME: c block', 'c block'),
      e('HACK: after char', 'after char'),
    ],
  },
  {
    name: 'C++',
    file: 'src/main.cpp',
    languageId: 'cpp',
    source: lines(
      '// TODO(RM-1): cpp line',
      "int n = 1'000'000; // BUG: after digit separators",
      'auto r = R"delim(// TODO: raw )" /* TODO: still raw */ )delim"; // DEBT: after raw',
      'auto w = u8R"(/* TODO: prefixed raw */)"; /* FIXME: after prefixed raw */',
      "wchar_t c = L'\"'; // HACK: after wide char",
    ),
    expected: [
      e('TODO(RM-1): cpp line', 'cpp line', 'RM-1'),
      e('BUG: after digit separators', 'after digit separators'),
      e('DEBT: after raw', 'after raw'),
      e('FIXME: after prefixed raw', 'after prefixed raw'),
      e('HACK: after wide char', 'after wide char'),
    ],
  },
  {
    name: 'C#',
    file: 'src/Program.cs',
    languageId: 'csharp',
    source: lines(
      '// TODO(RM-1): cs line',
      '/* FIXME: cs block */',
      'var a = "// TODO: string";',
      'var b = @"C:\\path\\ // TODO: verbatim "" still";',
      'var c = $@"{x} // TODO: interpolated verbatim";',
      'var d = """',
      '  /* TODO: raw */',
      '  """;',
      "char e = '\"'; // HACK: after char",
    ),
    expected: [
      e('TODO(RM-1): cs line', 'cs line', 'RM-1'),
      e('FIXME: cs block', 'cs block'),
      e('HACK: after char', 'after char'),
    ],
  },
  {
    name: 'Swift',
    file: 'Sources/App.swift',
    languageId: 'swift',
    source: lines(
      '// TODO(RM-1): swift line',
      '/* outer /* inner */ FIXME: swift nested */',
      'let a = "// TODO: string \\( "/* TODO: nested */" ) // TODO: after interpolation"',
      'let b = #"// TODO: raw "quoted" \\"#',
      'let c = """',
      '/* TODO: multiline */',
      '"""',
      'let d = 1 // HACK: after code',
    ),
    expected: [
      e('TODO(RM-1): swift line', 'swift line', 'RM-1'),
      e('FIXME: swift nested', 'swift nested'),
      e('HACK: after code', 'after code'),
    ],
  },
  {
    name: 'Ruby',
    file: 'lib/app.rb',
    languageId: 'ruby',
    source: lines(
      '# TODO(RM-1): ruby line',
      '=begin',
      'FIXME: ruby block',
      '=end',
      'a = "# TODO: string #{ "# TODO: nested" } # TODO: after interpolation"',
      "b = '# TODO: single'",
      'c = %w(# TODO: percent (nested) literal)',
      'd = <<~EOS',
      '  # TODO: heredoc',
      '  EOS',
      'e = x # HACK: trailing',
      '__END__',
      '# TODO: data section',
    ),
    expected: [
      e('TODO(RM-1): ruby line', 'ruby line', 'RM-1'),
      e('FIXME: ruby block', 'ruby block'),
      e('HACK: trailing', 'trailing'),
    ],
  },
  {
    name: 'PHP',
    file: 'web/index.php',
    languageId: 'php',
    source: lines(
      "<p>it's <!-- TODO(RM-1): html part --></p>",
      '<?php',
      '// FIXME: php line',
      '# HACK: php hash',
      '/* BUG: php block */',
      '$a = "// TODO: string";',
      "$b = '# TODO: single';",
      '$c = <<<EOT',
      '// TODO: heredoc',
      'EOT;',
      '#[Attribute] // DEBT: after attribute',
      '?>',
      "<p>it's # TODO: html text</p>",
    ),
    expected: [
      e('TODO(RM-1): html part', 'html part', 'RM-1'),
      e('FIXME: php line', 'php line'),
      e('HACK: php hash', 'php hash'),
      e('BUG: php block', 'php block'),
      e('DEBT: after attribute', 'after attribute'),
    ],
  },
  {
    name: 'Shell',
    file: 'scripts/build.sh',
    languageId: 'shellscript',
    source: lines(
      '#!/bin/bash',
      '# TODO(RM-1): shell line',
      'echo a#b # FIXME: after word with hash',
      "echo 'it''s # TODO: single'",
      'echo "# TODO: double \\" # TODO: escaped"',
      "echo $'# TODO: ansi \\' # TODO: escaped'",
      'echo ${#var} $# # HACK: after special vars',
      "cat <<'EOF'",
      '# TODO: heredoc',
      'EOF',
      'cat <<-END; echo # BUG: after heredoc opener',
      '\t# TODO: indented heredoc',
      '\tEND',
    ),
    expected: [
      e('TODO(RM-1): shell line', 'shell line', 'RM-1'),
      e('FIXME: after word with hash', 'after word with hash'),
      e('HACK: after special vars', 'after special vars'),
      e('BUG: after heredoc opener', 'after heredoc opener'),
    ],
  },
  {
    name: 'YAML',
    file: '.github/workflows/ci.yml',
    languageId: 'yaml',
    source: lines(
      '# TODO(RM-1): yaml line',
      'key: "# TODO: double" # FIXME: after double',
      "other: '# TODO: single' # HACK: after single",
      "plain: it's # BUG: after apostrophe",
      'url: http://x#TODO: not a comment',
      'list: [a, "# TODO: in flow"] # DEBT: after flow',
    ),
    expected: [
      e('TODO(RM-1): yaml line', 'yaml line', 'RM-1'),
      e('FIXME: after double', 'after double'),
      e('HACK: after single', 'after single'),
      e('BUG: after apostrophe', 'after apostrophe'),
      e('DEBT: after flow', 'after flow'),
    ],
  },
  {
    name: 'TOML',
    file: 'Cargo.toml',
    languageId: 'toml',
    source: lines(
      '# TODO(RM-1): toml line',
      'a = "# TODO: basic" # FIXME: after basic',
      "b = '# TODO: literal'",
      'c = """',
      '# TODO: multiline basic',
      '"""',
      "d = '''# TODO: multiline literal'''",
    ),
    expected: [e('TODO(RM-1): toml line', 'toml line', 'RM-1'), e('FIXME: after basic', 'after basic')],
  },
  {
    name: 'SQL',
    file: 'db/schema.sql',
    languageId: 'sql',
    source: lines(
      '-- TODO(RM-1): sql line',
      '/* FIXME: sql block */',
      "SELECT '-- TODO: string', 'it''s -- TODO: escaped quote' FROM t; -- HACK: trailing",
      'SELECT "col -- TODO: quoted identifier" FROM t;',
    ),
    expected: [
      e('TODO(RM-1): sql line', 'sql line', 'RM-1'),
      e('FIXME: sql block', 'sql block'),
      e('HACK: trailing', 'trailing'),
    ],
  },
  {
    name: 'Lua',
    file: 'init.lua',
    languageId: 'lua',
    source: lines(
      '-- TODO(RM-1): lua line',
      '--[[ FIXME: lua long comment ]]',
      '--[==[',
      'HACK: level-2 comment ]] still',
      ']==]',
      'local a = "-- TODO: string"',
      'local b = [[-- TODO: long string]]',
      'local c = [=[ --[[ TODO: level-1 long string ]] ]=]',
      'local d = 1 -- BUG: trailing',
    ),
    expected: [
      e('TODO(RM-1): lua line', 'lua line', 'RM-1'),
      e('FIXME: lua long comment', 'lua long comment'),
      e('HACK: level-2 comment ]] still', 'level-2 comment ]] still'),
      e('BUG: trailing', 'trailing'),
    ],
  },
  {
    name: 'Haskell',
    file: 'src/Main.hs',
    languageId: 'haskell',
    source: lines(
      '-- TODO(RM-1): haskell line',
      '{- outer {- inner -} FIXME: haskell nested -}',
      'a = "-- TODO: string"',
      'b = x --> y -- HACK: after operator',
      "c = foldl' f '\"' -- BUG: after prime and char",
    ),
    expected: [
      e('TODO(RM-1): haskell line', 'haskell line', 'RM-1'),
      e('FIXME: haskell nested', 'haskell nested'),
      e('HACK: after operator', 'after operator'),
      e('BUG: after prime and char', 'after prime and char'),
    ],
  },
  {
    name: 'HTML',
    file: 'site/index.html',
    languageId: 'html',
    source: lines(
      '<!-- TODO(RM-1): html comment -->',
      '<script type="module">',
      '  // FIXME: script line',
      '  const s = "<!-- TODO: js string -->";',
      '</script>',
      '<style>',
      '  /* HACK: style block */',
      '  a::after { content: "/* TODO: css string */"; }',
      '</style>',
      '<p title="<!-- TODO: attribute -->">Don\'t <!-- BUG: after apostrophe --></p>',
    ),
    expected: [
      e('TODO(RM-1): html comment', 'html comment', 'RM-1'),
      e('FIXME: script line', 'script line'),
      e('HACK: style block', 'style block'),
      e('BUG: after apostrophe', 'after apostrophe'),
    ],
  },
  {
    name: 'XML',
    file: 'pom.xml',
    languageId: 'xml',
    source: lines(
      '<?xml version="1.0"?>',
      '<!-- TODO(RM-1): xml comment -->',
      '<a><![CDATA[ <!-- TODO: cdata --> ]]></a>',
      '<!--',
      '  FIXME: multi-line xml comment',
      '-->',
    ),
    expected: [
      e('TODO(RM-1): xml comment', 'xml comment', 'RM-1'),
      e('FIXME: multi-line xml comment', 'multi-line xml comment'),
    ],
  },
  {
    name: 'Vue',
    file: 'src/App.vue',
    languageId: 'vue',
    source: lines(
      '<template>',
      '  <!-- TODO(RM-1): template comment -->',
      '</template>',
      '<script setup lang="ts">',
      '// FIXME: vue script',
      "const s = '// TODO: string';",
      '</script>',
      '<style scoped lang="scss">',
      '// HACK: scss line',
      '</style>',
    ),
    expected: [
      e('TODO(RM-1): template comment', 'template comment', 'RM-1'),
      e('FIXME: vue script', 'vue script'),
      e('HACK: scss line', 'scss line'),
    ],
  },
  {
    name: 'Svelte',
    file: 'src/App.svelte',
    languageId: 'svelte',
    source: lines(
      '<script>',
      "  let s = '<!-- TODO: string -->'; // TODO(RM-1): svelte script",
      '</script>',
      '<!-- FIXME: svelte markup -->',
    ),
    expected: [e('TODO(RM-1): svelte script', 'svelte script', 'RM-1'), e('FIXME: svelte markup', 'svelte markup')],
  },
  {
    name: 'CSS',
    file: 'styles/site.css',
    languageId: 'css',
    source: lines(
      '/* TODO(RM-1): css block */',
      'a { content: "/* TODO: string */"; }',
      '/* FIXME: multi',
      '   HACK: second line */',
    ),
    expected: [
      e('TODO(RM-1): css block', 'css block', 'RM-1'),
      e('FIXME: multi', 'multi'),
      e('HACK: second line', 'second line'),
    ],
  },
  {
    name: 'SCSS',
    file: 'styles/site.scss',
    languageId: 'scss',
    source: lines(
      '// TODO(RM-1): scss line',
      'a { background: url(http://x.com/a.png); } // FIXME: after url',
      '/* HACK: scss block */',
      '$s: "// TODO: string";',
    ),
    expected: [
      e('TODO(RM-1): scss line', 'scss line', 'RM-1'),
      e('FIXME: after url', 'after url'),
      e('HACK: scss block', 'scss block'),
    ],
  },
  {
    name: 'LESS',
    file: 'styles/site.less',
    languageId: 'less',
    source: lines('// TODO(RM-1): less line', "@s: '// TODO: string'; /* FIXME: less block */"),
    expected: [e('TODO(RM-1): less line', 'less line', 'RM-1'), e('FIXME: less block', 'less block')],
  },
  {
    name: 'Markdown',
    file: 'docs/README.md',
    languageId: 'markdown',
    source: lines(
      '<!-- TODO(RM-1): md comment -->',
      'Use `<!-- TODO: inline code -->` or ``<!-- TODO: double ` ticks -->`` then <!-- FIXME: after code spans -->',
      '```html',
      '<!-- TODO: fenced -->',
      '```',
      '~~~',
      '<!-- TODO: tilde fence -->',
      '~~~',
      '<!--',
      'HACK: multi-line md comment',
      '-->',
      '# TODO: a heading is text',
    ),
    expected: [
      e('TODO(RM-1): md comment', 'md comment', 'RM-1'),
      e('FIXME: after code spans', 'after code spans'),
      e('HACK: multi-line md comment', 'multi-line md comment'),
    ],
  },
  {
    name: 'Dockerfile',
    file: 'deploy/Dockerfile',
    languageId: 'dockerfile',
    source: lines('# TODO(RM-1): dockerfile line', 'FROM node:20', 'RUN echo "# TODO: string" # FIXME: shell comment'),
    expected: [e('TODO(RM-1): dockerfile line', 'dockerfile line', 'RM-1'), e('FIXME: shell comment', 'shell comment')],
  },
  {
    name: 'Makefile',
    file: 'Makefile',
    languageId: 'makefile',
    source: lines(
      '# TODO(RM-1): makefile line',
      'all: ; echo done # FIXME: trailing',
      'X = a\\#b # HACK: after escaped hash',
    ),
    expected: [
      e('TODO(RM-1): makefile line', 'makefile line', 'RM-1'),
      e('FIXME: trailing', 'trailing'),
      e('HACK: after escaped hash', 'after escaped hash'),
    ],
  },
  {
    name: 'Elixir',
    file: 'lib/app.ex',
    languageId: 'elixir',
    source: lines(
      '# TODO(RM-1): elixir line',
      'a = "# TODO: string #{ "# TODO: nested" } # TODO: after interpolation"',
      'b = ~s(# TODO: sigil)',
      'c = ?# # FIXME: after char literal',
      '@doc """',
      '# TODO: heredoc',
      '"""',
      "d = 'charlist # TODO: x'",
    ),
    expected: [
      e('TODO(RM-1): elixir line', 'elixir line', 'RM-1'),
      e('FIXME: after char literal', 'after char literal'),
    ],
  },
  {
    name: 'Scala',
    file: 'src/Main.scala',
    languageId: 'scala',
    source: lines(
      '// TODO(RM-1): scala line',
      '/* outer /* inner */ FIXME: scala nested */',
      'val a = "// TODO: string"',
      'val b = """/* TODO: multiline */"""',
      "val c = '\"' // HACK: after char",
    ),
    expected: [
      e('TODO(RM-1): scala line', 'scala line', 'RM-1'),
      e('FIXME: scala nested', 'scala nested'),
      e('HACK: after char', 'after char'),
    ],
  },
  {
    name: 'Dart',
    file: 'lib/main.dart',
    languageId: 'dart',
    source: lines(
      '// TODO(RM-1): dart line',
      '/* outer /* inner */ FIXME: dart nested */',
      'var a = \'// TODO: string ${ "/* TODO: nested */" } // TODO: after interpolation\';',
      "var b = r'C:\\'; // HACK: after raw",
      "var c = '''",
      '// TODO: multiline',
      "''';",
    ),
    expected: [
      e('TODO(RM-1): dart line', 'dart line', 'RM-1'),
      e('FIXME: dart nested', 'dart nested'),
      e('HACK: after raw', 'after raw'),
    ],
  },
  {
    name: 'R',
    file: 'analysis/model.R',
    languageId: 'r',
    source: lines(
      '# TODO(RM-1): r line',
      'a <- "# TODO: string"',
      "b <- '# TODO: single \\' # TODO: escaped' # FIXME: trailing",
    ),
    expected: [e('TODO(RM-1): r line', 'r line', 'RM-1'), e('FIXME: trailing', 'trailing')],
  },
  {
    name: 'Perl',
    file: 'bin/tool.pl',
    languageId: 'perl',
    source: lines(
      '# TODO(RM-1): perl line',
      'my $a = "# TODO: string";',
      'my $n = $#array; # FIXME: after last index',
      'my $s = q{# TODO: q {nested}};',
      "$x =~ s/'/ # TODO: subst/g; # HACK: after substitution",
      'print <<"END";',
      '# TODO: heredoc',
      'END',
      '=pod',
      '',
      'BUG: pod text',
      '',
      '=cut',
      '__END__',
      '# TODO: data',
    ),
    expected: [
      e('TODO(RM-1): perl line', 'perl line', 'RM-1'),
      e('FIXME: after last index', 'after last index'),
      e('HACK: after substitution', 'after substitution'),
      e('BUG: pod text', 'pod text'),
    ],
  },
  {
    name: 'PowerShell',
    file: 'scripts/setup.ps1',
    languageId: 'powershell',
    source: lines(
      '# TODO(RM-1): ps line',
      '<# FIXME: ps block #>',
      '$a = "# TODO: string `" # TODO: escaped"',
      "$b = '# TODO: single'",
      '$c = @"',
      '# TODO: here-string "@ not closed here',
      '"@',
      'Write-Host a#b # HACK: after word',
    ),
    expected: [
      e('TODO(RM-1): ps line', 'ps line', 'RM-1'),
      e('FIXME: ps block', 'ps block'),
      e('HACK: after word', 'after word'),
    ],
  },
  {
    name: 'Terraform',
    file: 'infra/main.tf',
    languageId: 'terraform',
    source: lines(
      '# TODO(RM-1): tf hash',
      '// FIXME: tf slash',
      '/* HACK: tf block */',
      'name = "# TODO: string ${ "// TODO: nested" } // TODO: after"',
      'policy = <<EOF',
      '# TODO: heredoc',
      'EOF',
    ),
    expected: [
      e('TODO(RM-1): tf hash', 'tf hash', 'RM-1'),
      e('FIXME: tf slash', 'tf slash'),
      e('HACK: tf block', 'tf block'),
    ],
  },
  {
    name: 'Groovy',
    file: 'Jenkinsfile',
    languageId: 'groovy',
    source: lines(
      '// TODO(RM-1): groovy line',
      'def a = "// TODO: ${ \'/* TODO: nested */\' }"',
      "def b = '''/* TODO: triple */''' // FIXME: trailing",
    ),
    expected: [e('TODO(RM-1): groovy line', 'groovy line', 'RM-1'), e('FIXME: trailing', 'trailing')],
  },
  {
    name: 'Objective-C',
    file: 'App/View.m',
    languageId: 'objective-c',
    source: lines('// TODO(RM-1): objc line', 'NSString *s = @"// TODO: string"; /* FIXME: objc block */'),
    expected: [e('TODO(RM-1): objc line', 'objc line', 'RM-1'), e('FIXME: objc block', 'objc block')],
  },
  {
    name: 'Clojure',
    file: 'src/core.clj',
    languageId: 'clojure',
    source: lines('; TODO(RM-1): clojure line', '(def a "; TODO: string")', '(def b \\;) ;; FIXME: after char literal'),
    expected: [
      e('TODO(RM-1): clojure line', 'clojure line', 'RM-1'),
      e('FIXME: after char literal', 'after char literal'),
    ],
  },
  {
    name: 'Erlang',
    file: 'src/app.erl',
    languageId: 'erlang',
    source: lines('% TODO(RM-1): erlang line', 'A = "% TODO: string",', 'B = $%, % FIXME: after char'),
    expected: [e('TODO(RM-1): erlang line', 'erlang line', 'RM-1'), e('FIXME: after char', 'after char')],
  },
  {
    name: 'Fortran',
    file: 'src/solver.f90',
    languageId: 'fortran',
    source: lines('! TODO(RM-1): fortran line', 'print *, "! TODO: string" ! FIXME: trailing'),
    expected: [e('TODO(RM-1): fortran line', 'fortran line', 'RM-1'), e('FIXME: trailing', 'trailing')],
  },
  {
    name: 'Visual Basic',
    file: 'src/Module.vb',
    languageId: 'vb',
    source: lines("' TODO(RM-1): vb line", 'Dim s = "\' TODO: string" \' FIXME: trailing', 'REM HACK: rem comment'),
    expected: [
      e('TODO(RM-1): vb line', 'vb line', 'RM-1'),
      e('FIXME: trailing', 'trailing'),
      e('HACK: rem comment', 'rem comment'),
    ],
  },
  {
    name: 'JSONC',
    file: '.vscode/settings.jsonc',
    languageId: 'jsonc',
    source: lines('// TODO(RM-1): jsonc line', '{ "a": "// TODO: string", /* FIXME: jsonc block */ }'),
    expected: [e('TODO(RM-1): jsonc line', 'jsonc line', 'RM-1'), e('FIXME: jsonc block', 'jsonc block')],
  },
  {
    name: 'Julia',
    file: 'src/model.jl',
    languageId: 'julia',
    source: lines(
      '# TODO(RM-1): julia line',
      '#= outer #= inner =# FIXME: julia nested =#',
      'x = a\' * "# TODO: string" # HACK: after transpose',
    ),
    expected: [
      e('TODO(RM-1): julia line', 'julia line', 'RM-1'),
      e('FIXME: julia nested', 'julia nested'),
      e('HACK: after transpose', 'after transpose'),
    ],
  },
  {
    name: 'F#',
    file: 'src/Lib.fs',
    languageId: 'fsharp',
    source: lines(
      '// TODO(RM-1): fsharp line',
      '(* FIXME: fsharp block *)',
      'let f = (*) // HACK: after operator',
      'let s = "// TODO: string"',
    ),
    expected: [
      e('TODO(RM-1): fsharp line', 'fsharp line', 'RM-1'),
      e('FIXME: fsharp block', 'fsharp block'),
      e('HACK: after operator', 'after operator'),
    ],
  },
  {
    name: 'Batch',
    file: 'build.cmd',
    languageId: 'bat',
    source: lines(
      'rem TODO(RM-1): batch rem',
      ':: FIXME: batch colons',
      'echo "rem TODO: string"',
      '@REM HACK: at rem',
    ),
    expected: [
      e('TODO(RM-1): batch rem', 'batch rem', 'RM-1'),
      e('FIXME: batch colons', 'batch colons'),
      e('HACK: at rem', 'at rem'),
    ],
  },
  {
    name: 'CMake',
    file: 'CMakeLists.txt',
    languageId: 'cmake',
    source: lines(
      '# TODO(RM-1): cmake line',
      '#[[ FIXME: cmake bracket comment ]]',
      'set(A "# TODO: string")',
      'set(B [[# TODO: bracket argument]])',
    ),
    expected: [
      e('TODO(RM-1): cmake line', 'cmake line', 'RM-1'),
      e('FIXME: cmake bracket comment', 'cmake bracket comment'),
    ],
  },
  // Lexer classes found failing on real code (issue 12): each row fails on the lexer before the fix.
  {
    name: 'TSX: element text is text, {…} in it is code',
    file: 'ui/Text.tsx',
    languageId: 'typescriptreact',
    source: lines(
      "const a = <p>Don't panic</p>; // TODO: after an apostrophe in text",
      'const b = <p>Run `npm i`, see http://example.com/x and src/*.js</p>; // FIXME: after a backtick, a URL and a glob',
      "const c = <ul>{items.map((i) => <li key={i}>{/* HACK: in a nested expression */}{i}'s</li>)}</ul>; // BUG: after nested elements",
      'const d = <><b title="// TODO: attribute">"quoted // TODO: text</b></>; // DEBT: after a fragment',
      'const id = <T,>(x: T) => x; // TODO(RM-1): after a generic arrow function',
      'const u = <Label>https://</Label>; // TODO(RM-2): after a URL scheme in text',
    ),
    expected: [
      e('TODO: after an apostrophe in text', 'after an apostrophe in text'),
      e('FIXME: after a backtick, a URL and a glob', 'after a backtick, a URL and a glob'),
      e('HACK: in a nested expression', 'in a nested expression'),
      e('BUG: after nested elements', 'after nested elements'),
      e('DEBT: after a fragment', 'after a fragment'),
      e('TODO(RM-1): after a generic arrow function', 'after a generic arrow function', 'RM-1'),
      e('TODO(RM-2): after a URL scheme in text', 'after a URL scheme in text', 'RM-2'),
    ],
  },
  {
    name: 'JavaScript: JSX in a .js file; a regex after the ) of a statement head',
    file: 'src/view.js',
    languageId: 'javascript',
    source: lines(
      "export const View = () => <p>It's here</p>; // TODO: after JSX in a .js file",
      "if (ok) /'/.test(s); // FIXME: after a regex after if (…)",
      'while (more) /"/.exec(s); // HACK: after a regex after while (…)',
      'const half = (total) / 2, slash = "/"; // BUG: after a division of a parenthesised operand',
    ),
    expected: [
      e('TODO: after JSX in a .js file', 'after JSX in a .js file'),
      e('FIXME: after a regex after if (…)', 'after a regex after if (…)'),
      e('HACK: after a regex after while (…)', 'after a regex after while (…)'),
      e('BUG: after a division of a parenthesised operand', 'after a division of a parenthesised operand'),
    ],
  },
  {
    name: 'TypeScript: <T> is a cast, not JSX',
    file: 'src/cast.ts',
    languageId: 'typescript',
    source: lines("const n = <number>value; const s = 'x'; // TODO: after a type assertion"),
    expected: [e('TODO: after a type assertion', 'after a type assertion')],
  },
  {
    name: 'Shell: escapes outside quotes, quotes nested in $( )',
    file: 'scripts/quote.sh',
    languageId: 'shellscript',
    source: lines(
      'echo \\"hi\\" # TODO: after escaped quotes',
      'echo "$(date "+%Y") # not a comment" # FIXME: after quotes nested in $( )',
      'echo "$(ls # HACK: a comment inside $( )',
      ')" done',
      'case "$ch" in',
      '\\"|\\\\|\\$|\\`) printf "\\\\%s" "$ch" ;;',
      'esac',
      '# BUG: after a case pattern of escaped quotes',
      'echo \\`x # DEBT: after an escaped backtick',
    ),
    expected: [
      e('TODO: after escaped quotes', 'after escaped quotes'),
      e('FIXME: after quotes nested in $( )', 'after quotes nested in $( )'),
      e('HACK: a comment inside $( )', 'a comment inside $( )'),
      e('BUG: after a case pattern of escaped quotes', 'after a case pattern of escaped quotes'),
      e('DEBT: after an escaped backtick', 'after an escaped backtick'),
    ],
  },
  {
    name: 'CMake: escaped quotes in unquoted arguments',
    file: 'cmake/flags.cmake',
    languageId: 'cmake',
    source: lines('message(STATUS \\"hello\\") # TODO: after escaped quotes', 'set(B "x") # FIXME: next line'),
    expected: [e('TODO: after escaped quotes', 'after escaped quotes'), e('FIXME: next line', 'next line')],
  },
  {
    name: 'Dockerfile: the escape directive makes the backtick the escape',
    file: 'windows/Dockerfile',
    languageId: 'dockerfile',
    source: lines(
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore',
      'COPY "C:\\src\\" C:\\dest\\',
      'RUN dir # TODO: after a backslash before a quote',
    ),
    expected: [e('TODO: after a backslash before a quote', 'after a backslash before a quote')],
  },
  {
    name: 'Makefile: recipe lines are shell',
    file: 'build/Makefile',
    languageId: 'makefile',
    source: lines(
      'build:',
      '\techo "# TODO: in a recipe string" # FIXME: after a recipe string',
      'VAR = a # HACK: make comment',
    ),
    expected: [e('FIXME: after a recipe string', 'after a recipe string'), e('HACK: make comment', 'make comment')],
  },
  {
    name: 'YAML: block scalars are strings',
    file: '.github/workflows/ci.yml',
    languageId: 'yaml',
    source: lines(
      'run: |',
      '  # TODO: in a block scalar',
      '  echo done',
      'script: >- # FIXME: after a block scalar indicator',
      '  # TODO: in a folded scalar',
      '',
      'steps:',
      '  - run: |',
      '      # TODO: in a nested block scalar',
      '    name: x # HACK: after the nested block scalar',
      '  - |',
      '    # TODO: in a sequence entry scalar',
      '  # BUG: after the sequence entry scalar',
    ),
    expected: [
      e('FIXME: after a block scalar indicator', 'after a block scalar indicator'),
      e('HACK: after the nested block scalar', 'after the nested block scalar'),
      e('BUG: after the sequence entry scalar', 'after the sequence entry scalar'),
    ],
  },
  {
    name: 'Ruby: ?" and ?# char literals, $\' and a ternary',
    file: 'lib/chars.rb',
    languageId: 'ruby',
    source: lines(
      'c = ?" # TODO: after a quote char literal',
      'h = ?# # FIXME: after a hash char literal',
      "m = $' # HACK: after the post-match variable",
      'n = $` # TODO(RM-1): after the pre-match variable',
      't = x ? "a" : "b" # BUG: after a ternary',
      "u = (x)?'a':'b' # DEBT: after a ternary without spaces",
    ),
    expected: [
      e('TODO: after a quote char literal', 'after a quote char literal'),
      e('FIXME: after a hash char literal', 'after a hash char literal'),
      e('HACK: after the post-match variable', 'after the post-match variable'),
      e('TODO(RM-1): after the pre-match variable', 'after the pre-match variable', 'RM-1'),
      e('BUG: after a ternary', 'after a ternary'),
      e('DEBT: after a ternary without spaces', 'after a ternary without spaces'),
    ],
  },
  {
    name: 'R: raw strings with dashes',
    file: 'R/raw.R',
    languageId: 'r',
    source: lines(
      'x <- r"-(a " b # TODO: in a raw string)-" # FIXME: after a raw string',
      "y <- R'[ ' # TODO: in brackets]' # HACK: after brackets",
    ),
    expected: [e('FIXME: after a raw string', 'after a raw string'), e('HACK: after brackets', 'after brackets')],
  },
  {
    name: 'C: backslash-continued line comments, #include <…>',
    file: 'src/splice.c',
    languageId: 'c',
    source: lines(
      '// a comment continued \\',
      '   TODO: on the continued line',
      '#include <vendor//TODO(RM-9).h>',
      'int x; // FIXME: after code',
    ),
    expected: [e('TODO: on the continued line', 'on the continued line'), e('FIXME: after code', 'after code')],
  },
  {
    name: 'LaTeX: comment environments, \\verb, escaped %',
    file: 'paper/main.tex',
    languageId: 'latex',
    source: lines(
      '\\begin{comment}',
      'TODO: in a comment environment',
      '\\end{comment}',
      '\\verb|% TODO: not a comment| % FIXME: after verb',
      '\\begin{verbatim}',
      '% TODO: in verbatim',
      '\\end{verbatim}',
      '50\\% done % HACK: after an escaped percent',
      'a\\\\% BUG: after a line break command',
    ),
    expected: [
      e('TODO: in a comment environment', 'in a comment environment'),
      e('FIXME: after verb', 'after verb'),
      e('HACK: after an escaped percent', 'after an escaped percent'),
      e('BUG: after a line break command', 'after a line break command'),
    ],
  },
  {
    name: 'SQL (MySQL, told by its content): # comments and backslash escapes',
    file: 'db/schema.sql',
    languageId: 'sql',
    source: lines(
      'CREATE TABLE `t` (id INT) ENGINE=InnoDB; # TODO: mysql hash comment',
      "INSERT INTO t VALUES ('it\\'s -- FIXME: not a comment');",
      '-- HACK: standard comment',
    ),
    expected: [e('TODO: mysql hash comment', 'mysql hash comment'), e('HACK: standard comment', 'standard comment')],
  },
  {
    name: 'SQL (standard): # is an operator',
    file: 'db/query.sql',
    languageId: 'sql',
    source: lines(
      "SELECT data #> '{a}' # TODO: not a comment",
      "FROM t WHERE s = 'a\\'; -- FIXME: after a string ending in a backslash",
    ),
    expected: [e('FIXME: after a string ending in a backslash', 'after a string ending in a backslash')],
  },
  {
    name: 'HTML: textarea is text, a template script is markup',
    file: 'web/form.html',
    languageId: 'html',
    source: lines(
      '<textarea><!-- TODO: in a textarea --></textarea>',
      '<title><!-- TODO: in a title --></title>',
      '<script type="text/x-template" id="row"><div><!-- FIXME: in a template script --></div></script>',
      '<!-- HACK: after them -->',
    ),
    expected: [e('FIXME: in a template script', 'in a template script'), e('HACK: after them', 'after them')],
  },
  {
    name: 'Vue: <!-- in a template expression string',
    file: 'web/Row.vue',
    languageId: 'vue',
    source: lines(
      '<template>',
      "  <p>{{ msg + '<!-- TODO: in an expression string' }}</p>",
      '  <!-- FIXME: a real comment -->',
      '</template>',
    ),
    expected: [e('FIXME: a real comment', 'a real comment')],
  },
  {
    name: 'Markdown: indented code blocks',
    file: 'docs/guide.md',
    languageId: 'markdown',
    source: lines(
      'Some text.',
      '',
      '    <!-- TODO: in an indented code block -->',
      '',
      '<!-- FIXME: after the code block -->',
      '',
      '- item',
      '',
      '      <!-- TODO: in code inside a list item -->',
      '',
      '  <!-- HACK: in the list item -->',
      'Text line',
      '    <!-- BUG: continues a paragraph -->',
    ),
    expected: [
      e('FIXME: after the code block', 'after the code block'),
      e('HACK: in the list item', 'in the list item'),
      e('BUG: continues a paragraph', 'continues a paragraph'),
    ],
  },
  {
    name: 'C#: a doubled quote in a verbatim string, then a line break',
    file: 'src/Verbatim.cs',
    languageId: 'csharp',
    source: lines(
      'Log(@"say ""hi""',
      '// TODO: in the verbatim string after a doubled quote");',
      'var p = @"C:\\dir\\"""; // FIXME: after a verbatim string ending in a doubled quote',
    ),
    expected: [
      e(
        'FIXME: after a verbatim string ending in a doubled quote',
        'after a verbatim string ending in a doubled quote',
      ),
    ],
  },
  {
    name: 'Ruby: regexes span lines, start a line and interpolate',
    file: 'lib/patterns.rb',
    languageId: 'ruby',
    source: lines(
      'PATTERN = /\\A',
      '  # TODO: a note in a multi-line regex',
      "  [a-z]+ ' # TODO: a quote in a multi-line regex",
      '/x # FIXME: after a multi-line regex',
      'def anchored(h)',
      '  /\\A#{h} # TODO: in an interpolated regex\\z/ # HACK: after a regex starting a line',
      'end',
      'j = /#{parts.join("/")} # TODO: after a slash in an interpolation/ # BUG: after a regex interpolating a slash',
      'half = total / 2 # DEBT: after a division',
      'def /(other) # TODO(RM-1): after a method named /',
      '  calculate(:/, other) # TODO(RM-2): after the symbol :/',
      'end',
      'def %(other) = calculate(:%, other) # TODO(RM-3): after a method named %',
      'x = a./(b) # TODO(RM-4): after a call of the method /',
    ),
    expected: [
      e('FIXME: after a multi-line regex', 'after a multi-line regex'),
      e('HACK: after a regex starting a line', 'after a regex starting a line'),
      e('BUG: after a regex interpolating a slash', 'after a regex interpolating a slash'),
      e('DEBT: after a division', 'after a division'),
      e('TODO(RM-1): after a method named /', 'after a method named /', 'RM-1'),
      e('TODO(RM-2): after the symbol :/', 'after the symbol :/', 'RM-2'),
      e('TODO(RM-3): after a method named %', 'after a method named %', 'RM-3'),
      e('TODO(RM-4): after a call of the method /', 'after a call of the method /', 'RM-4'),
    ],
  },
  {
    name: 'Ruby: %(…) and /…/ as a command argument or after a keyword',
    file: 'lib/commands.rb',
    languageId: 'ruby',
    source: lines(
      'system %(cd #{dir} # TODO: in a percent string) # FIXME: after a percent string argument',
      'm %["], d',
      'x = "#{y}" # HACK: after a percent string holding a quote',
      'next if %(\'"&<>) # BUG: after a percent string after a keyword',
      'fields = line.split /, # TODO: in a regex argument/ # DEBT: after a regex argument',
      'rest = count %(size) # TODO(RM-1): after a percent string after a method name',
      'left = @count % (size) # TODO(RM-2): after a modulo of an instance variable',
    ),
    expected: [
      e('FIXME: after a percent string argument', 'after a percent string argument'),
      e('HACK: after a percent string holding a quote', 'after a percent string holding a quote'),
      e('BUG: after a percent string after a keyword', 'after a percent string after a keyword'),
      e('DEBT: after a regex argument', 'after a regex argument'),
      e('TODO(RM-1): after a percent string after a method name', 'after a percent string after a method name', 'RM-1'),
      e('TODO(RM-2): after a modulo of an instance variable', 'after a modulo of an instance variable', 'RM-2'),
    ],
  },
  {
    name: 'JavaScript: a comment is not the token before a regex or an element',
    file: 'src/after-comments.js',
    languageId: 'javascript',
    source: lines(
      'const xs = [1, // one',
      '  /a-/, // TODO: after a regex holding a dash after a line comment',
      '  /* two */ /b:/g, /* FIXME: after a regex holding a colon after a block comment */',
      '];',
      'const v = ( // the view',
      "  <p>It's here</p>",
      '); // HACK: after an element after a line comment',
    ),
    expected: [
      e('TODO: after a regex holding a dash after a line comment', 'after a regex holding a dash after a line comment'),
      e(
        'FIXME: after a regex holding a colon after a block comment',
        'after a regex holding a colon after a block comment',
      ),
      e('HACK: after an element after a line comment', 'after an element after a line comment'),
    ],
  },
];

describe('scanner: one table per language', () => {
  it('covers at least 25 languages', () => {
    assert.ok(new Set(LANGUAGE_CASES.map((c) => c.languageId)).size >= 25);
  });
  for (const testCase of LANGUAGE_CASES) {
    it(`${testCase.name}: comments count, strings do not`, () => {
      assert.equal(languageOf(testCase.file), testCase.languageId);
      expectAnnotations(testCase.file, testCase.source, testCase.expected);
    });
  }
});

// ---------------------------------------------------------------------------------------------

describe('scanner: links to roadmap items', () => {
  it('reads (IDs), [IDs], ID lists and IDs anywhere on the line, with exact ranges', () => {
    const source = lines(
      '// TODO(RM-12): parenthesised',
      '// FIXME[RM-13] bracketed',
      '// TODO(RM-1, RM-2): a list',
      '// HACK: retry twice, see RM-14',
      '// TODO(alice): ask about OPS-7',
      '// TODO(RM-3): RM-3 again and RM-4, not aRM-5 or RM-6x',
    );
    const annotations = scanText(source, 'a.ts', OPTIONS);
    assert.deepStrictEqual(
      annotations.map((a) => [
        a.text,
        a.ids.map((m) => [m.id, m.range.start.line, m.range.start.character, m.range.end.character]),
      ]),
      [
        ['parenthesised', [['RM-12', 0, 8, 13]]],
        ['bracketed', [['RM-13', 1, 9, 14]]],
        [
          'a list',
          [
            ['RM-1', 2, 8, 12],
            ['RM-2', 2, 14, 18],
          ],
        ],
        ['retry twice, see RM-14', [['RM-14', 3, 26, 31]]],
        ['ask about OPS-7', [['OPS-7', 4, 26, 31]]],
        [
          'RM-3 again and RM-4, not aRM-5 or RM-6x',
          [
            ['RM-3', 5, 8, 12],
            ['RM-4', 5, 30, 34],
          ],
        ],
      ],
    );
    assert.deepStrictEqual(annotations[0].tagRange, {
      start: { line: 0, character: 3 },
      end: { line: 0, character: 7 },
    });
    assert.deepStrictEqual(annotations[0].range, { start: { line: 0, character: 3 }, end: { line: 0, character: 29 } });
  });

  it('does not take IDs from the next line of a block comment', () => {
    const annotations = scanText('/* TODO: first\n   see RM-9 */', 'a.c', OPTIONS);
    assert.deepStrictEqual(summary(annotations), [
      {
        tag: 'TODO',
        ids: [],
        text: 'first',
        range: { start: { line: 0, character: 3 }, end: { line: 0, character: 14 } },
      },
    ]);
  });

  it('unlinked debt has no ids', () => {
    const [annotation] = scanText('# TODO: nobody planned this\n', 'a.py', OPTIONS);
    assert.deepStrictEqual(annotation.ids, []);
    assert.equal(annotation.kind, 'debt');
    assert.equal(annotation.fileLevel, undefined);
    assert.equal(annotation.scopeEndLine, undefined);
  });
});

describe('scanner: annotation text', () => {
  const cases: [string, string, string, string][] = [
    // file, source, expected text, expected covered source
    ['a.c', '/* TODO: drop the closer */', 'drop the closer', 'TODO: drop the closer'],
    ['a.html', '<!-- FIXME: html closer -->', 'html closer', 'FIXME: html closer'],
    ['a.hs', '{- HACK: haskell closer -}', 'haskell closer', 'HACK: haskell closer'],
    ['a.ps1', '<# BUG: powershell closer #>', 'powershell closer', 'BUG: powershell closer'],
    ['a.ts', '// TODO - dash separated', 'dash separated', 'TODO - dash separated'],
    ['a.ts', '// TODO -not a separator', '-not a separator', 'TODO -not a separator'],
    ['a.ts', '// TODO(RM-1):   spaced   ', 'spaced', 'TODO(RM-1):   spaced'],
    ['a.ts', '// TODO(RM-1)', '', 'TODO(RM-1)'],
    ['a.ts', '// TODO:', '', 'TODO:'],
    ['a.ts', '// TODO', '', 'TODO'],
    ['a.ts', '// TODO(unclosed paren', '(unclosed paren', 'TODO(unclosed paren'],
    ['a.ts', '/** TODO: tab\there */', 'tab\there', 'TODO: tab\there'],
  ];
  for (const [file, source, text, covered] of cases) {
    it(`${JSON.stringify(source)} -> ${JSON.stringify(text)}`, () => {
      expectAnnotations(file, source, [e(covered, text, ...(source.includes('RM-1') ? ['RM-1'] : []))]);
    });
  }

  it('gives each tag on a line its own annotation, the first ending where the second starts', () => {
    expectAnnotations('a.ts', 'x(); // TODO(RM-1): first part FIXME(RM-2): second part', [
      e('TODO(RM-1): first part', 'first part', 'RM-1'),
      e('FIXME(RM-2): second part', 'second part', 'RM-2'),
    ]);
  });

  it('finds several annotations in one block comment', () => {
    expectAnnotations('a.java', lines('/*', ' * TODO: one', ' *', ' * - FIXME(RM-7): two', ' */'), [
      e('TODO: one', 'one'),
      e('FIXME(RM-7): two', 'two', 'RM-7'),
    ]);
  });
});

describe('scanner: where a tag counts', () => {
  const cases: [string, string, string[]][] = [
    ['// the todo list', 'lowercase is not a tag', []],
    ['// see TODO list', 'mid-text without : ( [', []],
    ['// see TODO: list', 'mid-text with a colon', ['TODO: list']],
    ['// see TODO(RM-1) list', 'mid-text with a paren', ['TODO(RM-1) list']],
    ['// see TODO[x] list', 'mid-text with a bracket', ['TODO[x] list']],
    ['// TODO list', 'first word of the comment', ['TODO list']],
    ['//TODO list', 'no space after the opener', ['TODO list']],
    ['/// TODO doc comment', 'doc comment opener', ['TODO doc comment']],
    ['// - TODO bullet', 'after a dash', ['TODO bullet']],
    ['foo(); // HACK: bar', 'trailing comment', ['HACK: bar']],
    ['// TODOS: many', 'not a whole word', []],
    ['// XTODO: prefixed', 'not a whole word', []],
    ['// TODO_LATER: x', 'not a whole word', []],
    ['// Todo: mixed case', 'case-sensitive', []],
    ['const TODO = 1; // nothing', 'outside comments', []],
    ['/* intro\n * TODO second line */', 'first word of a later line of a block comment', ['TODO second line']],
    ['/* intro TODO not first */', 'mid-line in a block comment', []],
    ['//\tresp, err := kv.Get(context.TODO(), "k")', 'a qualified call in a doc example', []],
    ["// If ctx is 'context.TODO()', it never ends", 'a qualified name in prose', []],
    ['// f().TODO(x) and list[0].FIXME: y', 'after a call or an index', []],
    ['// Done. TODO: next step', 'after a full stop and a blank', ['TODO: next step']],
  ];
  for (const [source, why, covered] of cases) {
    it(`${JSON.stringify(source)}: ${why}`, () => {
      const found = scanText(source, 'a.ts', OPTIONS).map((a) => {
        const start = positionToOffset(source, a.range.start);
        return source.slice(start, positionToOffset(source, a.range.end));
      });
      assert.deepStrictEqual(found, covered);
    });
  }

  it('repeated opener punctuation is decoration: ;;; and %%', () => {
    expectAnnotations('a.clj', ';;; TODO clojure section', [e('TODO clojure section', 'clojure section')]);
    expectAnnotations('a.erl', '%% TODO erlang doc', [e('TODO erlang doc', 'erlang doc')]);
    expectAnnotations('a.sh', '## TODO shell doc', [e('TODO shell doc', 'shell doc')]);
  });
});

describe('scanner: debt the first-word rule missed (issue 12)', () => {
  const cases: [string, string, string, Expected[]][] = [
    [
      'a.ts',
      '// check(x);  // XXX currently fails',
      'a comment inside commented-out code',
      [e('XXX currently fails', 'currently fails')],
    ],
    ['a.py', '# run(job)  # TODO retry', 'the same with #', [e('TODO retry', 'retry')]],
    ['a.ts', '// see http://example.com TODO later', 'not after an inner opener', []],
    ['a.ts', '// x//TODO later', 'an inner opener must follow a blank', []],
    [
      'a.ts',
      '// retry later (TODO) add backoff',
      'a tag alone in parentheses',
      [e('TODO) add backoff', 'add backoff')],
    ],
    ['a.ts', '// known issue [FIXME]', 'a tag alone in brackets', [e('FIXME]', '')]],
    ['a.ts', '// the (TODO list) is long', 'parentheses around more than the tag', []],
    [
      'A.java',
      lines('/**', ' * <p>TODO document the cache', ' */'),
      'after an HTML tag in a doc comment',
      [e('TODO document the cache', 'document the cache')],
    ],
    ['A.java', '/** <p><b>FIXME</b> flaky */', 'after several HTML tags', [e('FIXME</b> flaky', '</b> flaky')]],
    ['A.java', '/** see <code>TODO</code> in the spec */', 'HTML tags after other text', []],
    [
      'a.ts',
      '// FIXME: TODO: drop the retry',
      'two tags in a row are one debt',
      [e('FIXME: TODO: drop the retry', 'TODO: drop the retry')],
    ],
    [
      'a.ts',
      '// FIXME(RM-1) - TODO drop it',
      'after a bracket group and a dash',
      [e('FIXME(RM-1) - TODO drop it', 'TODO drop it', 'RM-1')],
    ],
    [
      'A.cs',
      '// TODO/FIXME: ETW event for extended semantics',
      'tags joined by a slash are one tag',
      [e('TODO/FIXME: ETW event for extended semantics', 'ETW event for extended semantics')],
    ],
    [
      'A.cs',
      '// TODO/FIXME - need to make sure it is throttled',
      'a tag group before a spaced dash',
      [e('TODO/FIXME - need to make sure it is throttled', 'need to make sure it is throttled')],
    ],
    ['a.ts', '// TODO | FIXME: x', 'joined by a bar', [e('TODO | FIXME: x', 'x')]],
    ['a.ts', '// TODO, HACK, XXX retry', 'joined by commas', [e('TODO, HACK, XXX retry', 'retry')]],
    ['a.ts', '// FIXME TODO: drop it', 'joined by a blank', [e('FIXME TODO: drop it', 'drop it')]],
    ['a.ts', '// TODO/FIXME(RM-1): x', 'the group before a link', [e('TODO/FIXME(RM-1): x', 'x', 'RM-1')]],
    ['a.ts', '// see the TODO/FIXME list', 'a group in prose', []],
    [
      'a.ts',
      '// TODO: first part FIXME: second part',
      'two tags with text between are two debts',
      [e('TODO: first part', 'first part'), e('FIXME: second part', 'second part')],
    ],
    [
      'a.py',
      '# TODO - see TODO(RM-7) below',
      'a tag that "see" refers to is the debt\'s text, not a second debt; its ID links the one',
      [e('TODO - see TODO(RM-7) below', 'see TODO(RM-7) below', 'RM-7')],
    ],
    [
      'a.py',
      '# TODO - see TODO(return_defaults_columns) below',
      'the same with a label (sqlalchemy)',
      [e('TODO - see TODO(return_defaults_columns) below', 'see TODO(return_defaults_columns) below')],
    ],
    [
      'a.ts',
      '// TODO: first part, cf. FIXME: second part',
      'cf. refers too',
      [e('TODO: first part, cf. FIXME: second part', 'first part, cf. FIXME: second part')],
    ],
  ];
  for (const [file, source, why, expected] of cases) {
    it(`${JSON.stringify(source)}: ${why}`, () => expectAnnotations(file, source, expected));
  }
});

function positionToOffset(text: string, position: Position): number {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index! + match[0].length);
  return starts[position.line] + position.character;
}

describe('scanner: custom tags and ID patterns', () => {
  it('uses only the configured tags, case-sensitively', () => {
    const options = makeSettings({ tags: ['NOTE', 'todo'], idPattern: DEFAULT_SETTINGS.idPattern });
    expectAnnotations(
      'a.ts',
      lines('// NOTE: kept RM-1', '// TODO: not configured', '// todo lower-case tag'),
      [e('NOTE: kept RM-1', 'kept RM-1', 'RM-1'), e('todo lower-case tag', 'lower-case tag')],
      options,
    );
  });

  it('prefers the longest tag when tags overlap', () => {
    const options = makeSettings({ tags: ['TODO', 'TODO-LATER'], idPattern: DEFAULT_SETTINGS.idPattern });
    expectAnnotations('a.ts', '// TODO-LATER: much later', [e('TODO-LATER: much later', 'much later')], options);
  });

  it('uses a custom ID pattern, with word boundaries', () => {
    const options = makeSettings({ tags: ['TODO'], idPattern: 'JIRA-[0-9]+|#[0-9]+' });
    const [annotation] = scanText('// TODO(JIRA-42): see #7 and RM-1, not xJIRA-1 or a#9', 'a.ts', options);
    assert.deepStrictEqual(
      annotation.ids.map((m) => m.id),
      ['JIRA-42', '#7'],
    );
  });

  it('falls back to the default ID pattern when the setting is not a valid regex', () => {
    const options = makeSettings({ tags: ['TODO'], idPattern: '([unclosed' });
    const [annotation] = scanText('// TODO(RM-3): fallback', 'a.ts', options);
    assert.deepStrictEqual(
      annotation.ids.map((m) => m.id),
      ['RM-3'],
    );
  });

  it('survives an ID pattern that matches the empty string', () => {
    const options = makeSettings({ tags: ['TODO'], idPattern: 'X*' });
    const [annotation] = scanText('// TODO: XX here', 'a.ts', options);
    assert.deepStrictEqual(
      annotation.ids.map((m) => m.id),
      ['XX'],
    );
  });

  it('skips empty tags', () => {
    // Past the settings check (which refuses blank tags), the compiler still ignores them.
    const options = compileSettings({ ...DEFAULT_SETTINGS, tags: ['', 'TODO'] });
    expectAnnotations('a.ts', '// TODO: only this', [e('TODO: only this', 'only this')], options);
  });
});

describe('scanner: markers', () => {
  it('reads @roadmap with one ID, a list, and trailing text', () => {
    const source = lines(
      'x();',
      '// @roadmap RM-12',
      '// @roadmap RM-1, RM-2 checkout latency',
      '// @roadmap: RM-3 - why',
      '// @roadmap(RM-4) parenthesised',
    );
    const annotations = scanText(source, 'a.ts', OPTIONS);
    assert.deepStrictEqual(
      annotations.map((a) => [a.kind, a.tag, a.ids.map((m) => m.id), a.text]),
      [
        ['marker', '@roadmap', ['RM-12'], ''],
        ['marker', '@roadmap', ['RM-1', 'RM-2'], 'checkout latency'],
        ['marker', '@roadmap', ['RM-3'], 'why'],
        ['marker', '@roadmap', ['RM-4'], 'parenthesised'],
      ],
    );
    assert.deepStrictEqual(annotations[0].range, { start: { line: 1, character: 3 }, end: { line: 1, character: 17 } });
    assert.deepStrictEqual(annotations[0].tagRange, {
      start: { line: 1, character: 3 },
      end: { line: 1, character: 11 },
    });
  });

  it('ignores @roadmap inside words, strings and code', () => {
    const source = lines(
      'const a = "// @roadmap RM-1";',
      '// mail me at team@roadmap.io',
      '// @roadmaps RM-2',
      'decorate(@roadmap RM-3)',
    );
    assert.deepStrictEqual(scanText(source, 'a.ts', OPTIONS), []);
  });

  it('is file-level when only a shebang, blank lines and comments come before it', () => {
    const source = lines(
      '#!/usr/bin/env node',
      '/*',
      ' * Copyright (c) Example',
      ' */',
      '',
      '// @roadmap RM-1',
      'run();',
      '',
    );
    const [marker] = scanText(source, 'cli.js', OPTIONS);
    assert.equal(marker.fileLevel, true);
    assert.equal(marker.scopeEndLine, 7);
  });

  it('is file-level after a byte order mark and in a leading block comment', () => {
    const [marker] = scanText('\uFEFF/** @roadmap RM-1 */\npackage a;\n', 'A.java', OPTIONS);
    assert.equal(marker.fileLevel, true);
    assert.equal(marker.scopeEndLine, 2);
  });

  it('is not file-level after code, or after a Python docstring (a string)', () => {
    assert.equal(scanText('import x\n# @roadmap RM-1\n', 'a.py', OPTIONS)[0].fileLevel, false);
    assert.equal(scanText('"""doc"""\n# @roadmap RM-1\n', 'a.py', OPTIONS)[0].fileLevel, false);
  });

  it('covers its indentation block (Python)', () => {
    const source = lines(
      'def a():', // 0
      '    # @roadmap RM-1', // 1
      '    x = 1', // 2
      '', // 3
      '        y = 2', // 4
      '    z = 3', // 5
      'def b():', // 6
      '    pass', // 7
    );
    const [marker] = scanText(source, 'a.py', OPTIONS);
    assert.equal(marker.fileLevel, false);
    assert.equal(marker.scopeEndLine, 5);
  });

  it('covers up to the closing brace of its block, blank lines before it included', () => {
    const source = lines(
      'class A {', // 0
      '  /**', // 1
      '   * @roadmap RM-1', // 2
      '   */', // 3
      '  method() {', // 4
      '    work();', // 5
      '  }', // 6
      '', // 7
      '}', // 8
      'after();', // 9
    );
    const [marker] = scanText(source, 'a.ts', OPTIONS);
    assert.equal(marker.scopeEndLine, 7);
  });

  it('ends before the next marker at the same or lesser indentation, not a deeper one', () => {
    const source = lines(
      'x();', // 0
      'function f() {', // 1
      '  // @roadmap RM-1', // 2
      '  a();', // 3
      '  if (y) {', // 4
      '    // @roadmap RM-2', // 5
      '    b();', // 6
      '  }', // 7
      '  // @roadmap RM-3', // 8
      '  c();', // 9
      '}', // 10
    );
    const markers = scanText(source, 'a.ts', OPTIONS);
    assert.deepStrictEqual(
      markers.map((m) => [m.ids[0].id, m.range.start.line, m.scopeEndLine]),
      [
        ['RM-1', 2, 7],
        ['RM-2', 5, 6],
        ['RM-3', 8, 9],
      ],
    );
  });

  it('at indentation 0 covers up to the next marker of any indentation, or the end', () => {
    const source = lines(
      'import a;', // 0
      '// @roadmap RM-1', // 1
      'function f() {', // 2
      '}', // 3
      'function g() {', // 4
      '  // @roadmap RM-2', // 5
      '  b();', // 6
      '}', // 7
      '// @roadmap RM-3', // 8
      'h();', // 9
    );
    const markers = scanText(source, 'a.ts', OPTIONS);
    assert.deepStrictEqual(
      markers.map((m) => [m.ids[0].id, m.fileLevel, m.scopeEndLine]),
      [
        ['RM-1', false, 4],
        ['RM-2', false, 6],
        ['RM-3', false, 9],
      ],
    );
  });

  it('markers on one line share a scope; debt annotations carry no scope', () => {
    const source = lines('x();', '  // @roadmap RM-1 @roadmap RM-2 TODO: also debt', '  y();', 'z();');
    const annotations = scanText(source, 'a.ts', OPTIONS);
    assert.deepStrictEqual(
      annotations.map((a) => [a.kind, a.ids.map((m) => m.id), a.scopeEndLine]),
      [
        ['marker', ['RM-1'], 2],
        ['marker', ['RM-2'], 2],
        ['debt', [], undefined],
      ],
    );
  });
});

describe('scanner: line endings', () => {
  it('gives exact ranges in a CRLF file', () => {
    const source = '// first\r\n/* TODO(RM-1): crlf\r\n * FIXME: second line\r\n */\r\nx(); // HACK: last\r\n';
    expectAnnotations('a.ts', source, [
      e('TODO(RM-1): crlf', 'crlf', 'RM-1'),
      e('FIXME: second line', 'second line'),
      e('HACK: last', 'last'),
    ]);
    const [first] = scanText(source, 'a.ts', OPTIONS);
    assert.deepStrictEqual(first.range, { start: { line: 1, character: 3 }, end: { line: 1, character: 19 } });
    assert.deepStrictEqual(first.ids[0].range, { start: { line: 1, character: 8 }, end: { line: 1, character: 12 } });
  });

  it('treats a lone CR as a line break', () => {
    expectAnnotations('a.py', '# TODO: one\rx = 1 # FIXME: two', [e('TODO: one', 'one'), e('FIXME: two', 'two')]);
  });

  it('counts columns in UTF-16 code units', () => {
    const source = 'const s = "😀é"; // TODO: after emoji RM-1';
    const [annotation] = scanText(source, 'a.ts', OPTIONS);
    assert.deepStrictEqual(annotation.range.start, { line: 0, character: 20 });
    assert.deepStrictEqual(annotation.ids[0].range.start, { line: 0, character: 38 });
  });

  it('scopes markers in a CRLF file', () => {
    const source = 'x();\r\nif (a) {\r\n  // @roadmap RM-1\r\n  y();\r\n}\r\n';
    assert.equal(scanText(source, 'a.ts', OPTIONS)[0].scopeEndLine, 3);
  });
});

describe('scanner: unterminated constructs', () => {
  const cases: [string, string, Expected[]][] = [
    ['a.ts', '/* TODO: never closed', [e('TODO: never closed', 'never closed')]],
    [
      'a.ts',
      'const a = "TODO: unterminated // TODO: in string\n// FIXME: next line',
      [e('FIXME: next line', 'next line')],
    ],
    ['a.ts', 'const a = `// TODO: open template\n// TODO: still template', []],
    ['a.py', 's = """\n# TODO: never closed docstring', []],
    ['a.py', "s = 'open\n# TODO: next line", [e('TODO: next line', 'next line')]],
    ['a.rs', '/* /* TODO: nested never closed */', [e('TODO: nested never closed', 'nested never closed')]],
    ['a.rs', 'let s = r##"# TODO: raw never closed "#', []],
    [
      'a.lua',
      '--[[ TODO: long comment never closed',
      [e('TODO: long comment never closed', 'long comment never closed')],
    ],
    ['a.html', '<!-- TODO: html never closed', [e('TODO: html never closed', 'html never closed')]],
    ['a.html', '<script>\n// TODO: script never closed', [e('TODO: script never closed', 'script never closed')]],
    ['a.sh', 'cat <<EOF\n# TODO: heredoc never closed', []],
    ['a.hs', '{- TODO: haskell never closed', [e('TODO: haskell never closed', 'haskell never closed')]],
    ['a.rb', '=begin\nTODO: ruby never closed', [e('TODO: ruby never closed', 'ruby never closed')]],
    ['a.go', "var c = '\n// TODO: after open rune", [e('TODO: after open rune', 'after open rune')]],
    ['a.ts', 'const r = /unclosed [regex\n// TODO: next line', [e('TODO: next line', 'next line')]],
    ['a.md', '```\n<!-- TODO: fence never closed -->', []],
  ];
  for (const [file, source, expected] of cases) {
    it(`${file}: ${JSON.stringify(source)}`, () => expectAnnotations(file, source, expected));
  }
});

describe('scanner: languages', () => {
  const cases: [string, string | undefined][] = [
    ['/repo/src/a.d.ts', 'typescript'],
    ['C:\\repo\\Tools\\Build.PY', 'python'],
    ['/repo/Dockerfile', 'dockerfile'],
    ['/repo/deploy/Dockerfile.prod', 'dockerfile'],
    ['/repo/api.dockerfile', 'dockerfile'],
    ['/repo/GNUmakefile', 'makefile'],
    ['/repo/rules.mk', 'makefile'],
    ['/repo/CMakeLists.txt', 'cmake'],
    ['/repo/Gemfile', 'ruby'],
    ['/home/me/.bashrc', 'shellscript'],
    ['/repo/.env.local', 'dotenv'],
    ['/repo/include/a.hpp', 'cpp'],
    ['/repo/a.cjs', 'javascript'],
    ['/repo/a.jsx', 'javascriptreact'],
    ['/repo/a.zsh', 'shellscript'],
    ['/repo/main.tf', 'terraform'],
    ['/repo/a.hcl', 'terraform'],
    ['/repo/README', undefined],
    ['/repo/image.png', undefined],
    ['/repo/notes.txt', undefined],
    ['/repo/constructor', undefined],
  ];
  for (const [file, id] of cases) {
    it(`${file} -> ${id}`, () => assert.equal(languageOf(file), id));
  }

  it('returns [] for a file whose language is unknown, even full of tags', () => {
    assert.deepStrictEqual(scanText('// TODO(RM-1): x\n# TODO: y', '/repo/notes.txt', OPTIONS), []);
    assert.deepStrictEqual(scanLanguageText('// TODO: x', 'no-such-language', OPTIONS), []);
    assert.deepStrictEqual(findComments('// x', 'no-such-language'), []);
  });

  it('scans a text by language id', () => {
    assert.equal(scanLanguageText('# TODO: untitled', 'python', OPTIONS)[0].text, 'untitled');
  });
});

describe('scanner: file names and extensions (Linguist table, our choices, content)', () => {
  const byName: [string, string | undefined][] = [
    ['/repo/ext/fast.pxd', 'python'],
    ['/repo/ext/fast.pxi', 'python'],
    ['/repo/MODULE.bazel', 'python'],
    ['/repo/.bazelrc', 'shellscript'],
    ['/repo/meson.build', 'python'],
    ['/repo/idl/api.thrift', 'thrift'],
    ['/repo/schema/monster.fbs', 'proto3'],
    ['/repo/report.Rmd', 'rmarkdown'],
    ['/repo/docs/intro.mdx', 'mdx'],
    ['/repo/src/lib.rs', 'rust'],
    ['/repo/src/app.ts', 'typescript'],
    ['/repo/include/a.h', 'c'],
    ['/repo/manifests/site.pp', undefined],
    ['/repo/pkg.spec', undefined],
    ['/repo/CMakeLists.txt', 'cmake'],
    ['/repo/config.cmake.in', 'cmake'],
  ];
  for (const [file, id] of byName) {
    it(`${file} -> ${id}`, () => assert.equal(languageOf(file), id));
  }

  const byContent: [string, string, string][] = [
    ['src/View.m', '#import <UIKit/UIKit.h>\n@interface View : UIView\n@end\n', 'objective-c'],
    ['src/solve.m', "function x = solve(a)\n% TODO: faster\nx = a';\nend\n", 'matlab'],
    ['src/script.m', 'x = 1;\n', 'objective-c'],
    ['force-app/Account.cls', 'public with sharing class AccountService {\n}\n', 'java'],
    ['tex/thesis.cls', '\\NeedsTeXFormat{LaTeX2e}\n\\ProvidesClass{thesis}\n', 'latex'],
    ['vb6/Form.cls', 'VERSION 1.0 CLASS\nAttribute VB_Name = "Form"\n', 'vb'],
    ['templates/Page.ss', '<div class="page"><% if $Title %>$Title<% end_if %></div>\n', 'html'],
    ['lib/util.ss', '(define (square x) (* x x))\n', 'scheme'],
    ['inc/header.inc', '<?php echo $title; ?>\n', 'php'],
    ['inc/table.inc', '#define SIZE 4\nstatic int table[SIZE];\n', 'cpp'],
    ['recipes/base.inc', 'inherit autotools\nSRC_URI = "git://x"\n', 'shellscript'],
    ['units/consts.inc', '{$IFDEF DEBUG}\nconst Size = 4;\n{$ENDIF}\n', 'pascal'],
  ];
  for (const [file, text, id] of byContent) {
    it(`${file} with ${JSON.stringify(text.split('\n')[0])} -> ${id}`, () => {
      assert.equal(languageOfFile(file, text), id);
    });
  }
});

describe('scanner: languages an extension shares, each lexed as itself', () => {
  const cases: [string, string, Expected[]][] = [
    [
      'src/solve.m',
      lines(
        'function x = solve(a) % TODO: a MATLAB comment',
        "  s = 'it''s % TODO: not a comment';",
        "  y = a' * x'; % FIXME: after transposes",
        '%{',
        '  HACK: in a block comment',
        '%}',
        'end',
      ),
      [
        e('TODO: a MATLAB comment', 'a MATLAB comment'),
        e('FIXME: after transposes', 'after transposes'),
        e('HACK: in a block comment', 'in a block comment'),
      ],
    ],
    [
      'src/View.m',
      lines('#import <UIKit/UIKit.h>', '@interface View : UIView // TODO: an Objective-C comment', '@end'),
      [e('TODO: an Objective-C comment', 'an Objective-C comment')],
    ],
    [
      'force-app/main/AccountService.cls',
      lines(
        'public with sharing class AccountService {',
        "  String s = '// TODO: not a comment';",
        '  // FIXME: an Apex comment',
        '}',
      ),
      [e('FIXME: an Apex comment', 'an Apex comment')],
    ],
    [
      'templates/Page.ss',
      lines(
        '<div><% if $Title %>$Title<% end_if %></div>',
        '<%-- TODO: a SilverStripe comment --%>',
        '<!-- FIXME: an HTML comment -->',
      ),
      [e('TODO: a SilverStripe comment', 'a SilverStripe comment'), e('FIXME: an HTML comment', 'an HTML comment')],
    ],
    [
      'docs/intro.mdx',
      lines(
        '# Intro',
        '',
        '{/* TODO: an MDX comment */}',
        '',
        '<Note title="x">{"/* not a comment */"}</Note> {/* FIXME: after an element */}',
        '',
        '```js',
        '{/* TODO: in a fence */}',
        '```',
      ),
      [e('TODO: an MDX comment', 'an MDX comment'), e('FIXME: after an element', 'after an element')],
    ],
    [
      'analysis/report.Rmd',
      lines(
        '# Report',
        '',
        '```{r setup}',
        '# TODO: an R comment in a chunk',
        'x <- "# not a comment"',
        '```',
        '',
        '```r',
        '# TODO: a plain fence is an example',
        '```',
        '<!-- FIXME: a Markdown comment -->',
      ),
      [
        e('TODO: an R comment in a chunk', 'an R comment in a chunk'),
        e('FIXME: a Markdown comment', 'a Markdown comment'),
      ],
    ],
    [
      'idl/api.thrift',
      lines(
        'struct User { // TODO: a slash comment',
        '  1: string name = "# not a comment" # FIXME: a hash comment',
        '} /* HACK: a block comment */',
      ),
      [
        e('TODO: a slash comment', 'a slash comment'),
        e('FIXME: a hash comment', 'a hash comment'),
        e('HACK: a block comment', 'a block comment'),
      ],
    ],
    ['inc/header.inc', lines('<?php', '// TODO: a PHP include', '?>'), [e('TODO: a PHP include', 'a PHP include')]],
  ];
  for (const [file, source, expected] of cases) {
    it(`${file}: comments count, strings do not`, () => expectAnnotations(file, source, expected));
  }
});

describe('scanner: a comment opener glued to the token before it', () => {
  // [file, source, the comments' texts]: each language's own rule for where its opener starts a comment.
  const cases: [string, string, string[]][] = [
    // PowerShell: `#` starts a comment wherever a token starts; only inside a bare word (`a#b`) it does not.
    ['a.ps1', "@{ a = 1 }# locale's clock", ["# locale's clock"]],
    ['a.ps1', '$a[0]# after an index', ['# after an index']],
    ['a.ps1', '[int]# after a type', ['# after a type']],
    ['a.ps1', 'f(1)# after a paren', ['# after a paren']],
    ['a.ps1', '{# after a brace', ['# after a brace']],
    ['a.ps1', '1,# after a comma', ['# after a comma']],
    ['a.ps1', "'a'# after a string", ['# after a string']],
    ['a.ps1', '"a"# after a string', ['# after a string']],
    ['a.ps1', 'Write-Host a#b', []],
    ['a.ps1', 'Write-Host C# is a word', []],
    // Shell: `#` starts a comment where a word starts; `$(…)`, `$((…))` and `${…}` are inside a word.
    ['a.sh', '(echo x)# after a subshell', ['# after a subshell']],
    ['a.sh', 'echo $(echo a)#b', []],
    ['a.sh', 'echo $((1 + 2))#b', []],
    ['a.sh', 'echo <(ls)#b', []],
    ['a.sh', 'echo ${HOME}#b', []],
    ['a.sh', 'echo a}#b', []],
    ['a.sh', 'f() { :; }; f;# after a semicolon', ['# after a semicolon']],
    // Languages whose `#` starts a comment anywhere outside a string.
    ['a.py', 'x = f(1)# after a paren', ['# after a paren']],
    ['a.rb', 'x = h[1]# after a bracket', ['# after a bracket']],
    ['a.tf', 'x = { a = 1 }# after a brace', ['# after a brace']],
    ['a.nix', 'x = { a = 1; }# after a brace', ['# after a brace']],
    ['a.ts', 'x = f(1)// after a paren', ['// after a paren']],
    ['a.ts', 'x = {}/* after a brace */', ['/* after a brace */']],
    // Languages whose `#` needs a blank before it.
    ['a.yaml', 'a: [1]# not a comment', []],
    ['a.yaml', 'a: [1] # a comment', ['# a comment']],
  ];
  for (const [file, source, comments] of cases) {
    it(`${file}: ${JSON.stringify(source)}`, () => {
      const languageId = languageOf(file)!;
      const found = findComments(source, languageId).map(({ start, end }) => source.slice(start, end));
      assert.deepStrictEqual(found, comments);
    });
  }

  it('PowerShell: a $(…) in an expandable string is code, so its own quotes end no string', () => {
    const source = lines(
      `$e = "'$($f.Insert($f.IndexOf($q), "'"))'" # TODO: after a subexpression`,
      '$h = @"',
      '$(f "# not a comment") # TODO: here-string text',
      '"@',
      '$g = "$(1 # TODO: inside a subexpression',
      ')"',
    );
    expectAnnotations('a.ps1', source, [
      e('TODO: after a subexpression', 'after a subexpression'),
      e('TODO: inside a subexpression', 'inside a subexpression'),
    ]);
  });

  it('PowerShell: an apostrophe in a comment after `}` opens no string that would hide the debt below', () => {
    const source = lines('$a = @(', "    @{ a = 1 }# locale's clock", '    # TODO: one', ')', '# TODO: two');
    expectAnnotations('a.ps1', source, [e('TODO: one', 'one'), e('TODO: two', 'two')]);
  });
});

describe('scanner: findComments', () => {
  it('returns exact spans for line and block comments', () => {
    assert.deepStrictEqual(findComments('a /* b */ c // d\r\ne', 'typescript'), [
      { start: 2, end: 9, kind: 'block' },
      { start: 12, end: 16, kind: 'line' },
    ]);
  });

  it('returns the spans of nested, long-bracket and markup comments', () => {
    assert.deepStrictEqual(findComments('/* a /* b */ c */x', 'rust'), [{ start: 0, end: 17, kind: 'block' }]);
    assert.deepStrictEqual(findComments('x --[==[ a ]] ]==] y', 'lua'), [{ start: 2, end: 18, kind: 'block' }]);
    assert.deepStrictEqual(findComments('<b><!-- a --></b>', 'html'), [{ start: 3, end: 13, kind: 'block' }]);
  });

  it('ends a PHP line comment at ?>', () => {
    assert.deepStrictEqual(findComments('<?php // a ?> b', 'php'), [{ start: 6, end: 11, kind: 'line' }]);
  });
});

// ---------------------------------------------------------------------------------------------

/** Pieces that exercise every lexer path when strung together at random. */
const PIECES = [
  '//',
  '/*',
  '*/',
  '"',
  "'",
  '`',
  '${',
  '#{',
  '\\(',
  '}',
  ')',
  '{',
  '(',
  '#',
  '--',
  ';',
  '%',
  '!',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  'a',
  'R',
  'r',
  '1',
  '\\',
  '<!--',
  '-->',
  '[[',
  ']]',
  '[=[',
  '<<EOF',
  '<<~EOS',
  '<<<EOT',
  'EOF',
  'r#"',
  '"#',
  '#"',
  '"""',
  "'''",
  '=begin',
  '=end',
  '=pod',
  '=cut',
  '__END__',
  '%q(',
  '%w[',
  'q{',
  's/',
  '?',
  '$',
  '@"',
  '$@"',
  '~s(',
  '<?php',
  '?>',
  '<script>',
  '</script>',
  '<style>',
  '```',
  '~~~',
  '{-',
  '-}',
  '(*',
  '*)',
  '<#',
  '#>',
  '#=',
  '=#',
  '/',
  'TODO',
  'TODO:',
  'FIXME(RM-1)',
  '@roadmap RM-2',
  ' RM-3',
  '\uD800',
  '\uDC00',
  '😀',
  '\u0000',
  'é',
];

describe('scanner: robustness', () => {
  const texts = fc.oneof(
    fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join('')),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );

  it('never throws, and comments are ordered, disjoint and in bounds, in every language', () => {
    const languageIds = knownLanguageIds();
    fc.assert(
      fc.property(texts, fc.constantFrom(...languageIds), (text, languageId) => {
        const comments = lexComments(text, languageId);
        let previousEnd = 0;
        for (const c of comments) {
          assert.ok(previousEnd <= c.start, 'ordered and disjoint');
          assert.ok(
            c.start <= c.bodyStart && c.bodyStart <= c.bodyEnd && c.bodyEnd <= c.end && c.end <= text.length,
            'in bounds',
          );
          previousEnd = c.end;
        }
        for (const annotation of scanLanguageText(text, languageId, OPTIONS)) {
          const tagStart = positionToOffset(text, annotation.tagRange.start);
          assert.equal(text.slice(tagStart, positionToOffset(text, annotation.tagRange.end)), annotation.tag);
          const rangeEnd = positionToOffset(text, annotation.range.end);
          assert.ok(rangeEnd >= tagStart + annotation.tag.length);
          assert.ok(text.slice(tagStart, rangeEnd).endsWith(annotation.text));
          if (annotation.kind === 'marker') assert.ok(annotation.scopeEndLine! >= annotation.range.start.line);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the same comments whether or not lexing stops early', () => {
    fc.assert(
      fc.property(texts, fc.constantFrom(...knownLanguageIds()), fc.nat(), (text, languageId, cut) => {
        const limit = text.length === 0 ? 0 : cut % text.length;
        const full = lexComments(text, languageId);
        const partial = lexComments(text, languageId, limit);
        // Every comment that starts up to the limit is found, exactly as a full lex finds it.
        assert.deepStrictEqual(partial, full.slice(0, partial.length));
        if (partial.length < full.length) assert.ok(full[partial.length].start > limit);
      }),
      // An MDX expression the limit cuts: what follows it on its line is still code, not an HTML comment.
      { numRuns: 1000, examples: [['q{<!--', 'mdx', 0]] },
    );
  });
});

describe('scanner: speed', () => {
  // CPU time of 1 MB against 10 MB (see test/scaling.ts): a quadratic path costs 100x, not 10x.
  const megabyte = 1024 * 1024;
  /** Returns what the scan of the large text found. */
  const scalesLinearly = (file: string, textOfSize: (bytes: number) => string): Annotation[] => {
    const [small, large] = [textOfSize(megabyte), textOfSize(10 * megabyte)];
    let found: Annotation[] = [];
    assertScalesLinearly(
      () => scanText(small, file, OPTIONS),
      () => (found = scanText(large, file, OPTIONS)),
      10,
    );
    return found;
  };

  const singleLines: [string, string, string][] = [
    ['divisions and an unclosed regex on one line', 'a.ts', 'x = a / b / (c) / '],
    ['unmatched quotes', 'a.py', '\'"x'],
    ['backtick runs in Markdown', 'a.md', '` `` ``` <!-- '],
    ['interpolation braces', 'a.kt', '"${ { "${'],
    ['heredoc openers', 'a.sh', 'cat <<EOF '],
    ['nested comment openers', 'a.rs', '/* '],
    ['Perl quote-like operators', 'a.pl', 'q{ s/a/b/ '],
    ['shell hashes inside words', 'a.sh', 'a#b'],
    ['quoted heredoc openers without a closing quote', 'a.sh', "cat <<'EOF "],
    ['Swift raw string openers', 'a.swift', '#"x '],
    ['C++ raw string openers', 'a.cpp', 'R"abc( '],
    ['YAML quotes after blanks', 'a.yaml', "  'x"],
    ['PHP blocks', 'a.php', '<?php // x ?> '],
    ['HTML tags with an open quote', 'a.html', '<a title="x>'],
  ];
  for (const [what, file, unit] of singleLines) {
    it(`scans a single line of ${what} in linear time (1 MB vs 10 MB)`, () => {
      scalesLinearly(file, (bytes) => `${unit.repeat(Math.ceil(bytes / unit.length))} // TODO: at the end`);
    });
  }

  it('scans a line full of tags in comments in linear time (1 MB vs 10 MB), finding every one', () => {
    const found = scalesLinearly('a.ts', (bytes) => `// ${'TODO: x RM-1 '.repeat(bytes / 14)}`);
    assert.equal(found.length, Math.floor((10 * megabyte) / 14));
  });

  const longRuns: [string, string, (bytes: number) => string][] = [
    ['dashes ending in a symbol (Haskell operator)', 'a.hs', (bytes) => `${'-'.repeat(bytes)}> -- TODO: x`],
    ['hashes without a quote (Swift)', 'a.swift', (bytes) => `${'#'.repeat(bytes)} // TODO: x`],
    ['hashes after r without a quote (Rust)', 'a.rs', (bytes) => `r${'#'.repeat(bytes)} // TODO: x`],
    ['equals signs after [ (Lua)', 'a.lua', (bytes) => `[${'='.repeat(bytes)} -- TODO: x`],
  ];
  for (const [what, file, text] of longRuns) {
    it(`scans a run of ${what} in linear time (1 MB vs 10 MB)`, () => scalesLinearly(file, text));
  }

  it('scans lines that look like Markdown fences in linear time (20k vs 200k lines)', () => {
    const text = (lines: number) => `${'~~~\n<!-- TODO: in fence -->\n'.repeat(lines)}<!-- TODO: end -->`;
    const [small, large] = [text(20_000), text(200_000)];
    assertScalesLinearly(
      () => scanText(small, 'a.md', OPTIONS),
      () => scanText(large, 'a.md', OPTIONS),
      10,
    );
  });

  it('skips lexing a file without tags: it costs well under half of the same file with one', () => {
    const plain = 'const value = compute("string", 42); // a comment\n'.repeat(100_000);
    const withOne = `${plain}// TODO: the one\n`;
    assert.deepStrictEqual(scanText(plain, 'a.ts', OPTIONS), []);
    const cost = cpuRatio(
      () => scanText(withOne, 'a.ts', OPTIONS),
      () => scanText(plain, 'a.ts', OPTIONS),
      0.5,
    );
    assert.ok(cost.ratio < 0.5, `no tag ${cost.large.toFixed(1)} ms CPU, one tag ${cost.small.toFixed(1)} ms`);
  });

  // The constructs added for issue 12, each on input that would make a naive lexer rescan: 8x the input must
  // cost well under 24x the CPU time.
  const adversarial: [string, string, string][] = [
    ['JSX elements that never close', 'a.tsx', 'x = <a b="c" {d} <e> '],
    ['JSX text with expressions', 'a.jsx', 'return <p>{ <q>{'],
    ['statement heads and divisions', 'a.js', 'if (a) / (b) / '],
    ['YAML block scalar indicators', 'a.yaml', 'a: |\n- |\n  b: > # c\n'],
    ['LaTeX verbatim and environments', 'a.tex', '\\verb|x \\begin{comment '],
    ['Vue expressions with open quotes', 'a.vue', '{{ \' {{ " '],
    ['template scripts with open comments', 'a.html', '<script type="text/x-template"><!-- <textarea></script>'],
    ['Makefile recipes continued', 'Makefile', '\techo "$(x \\\n'],
    ['R raw strings that never close', 'a.r', 'r"-( '],
    ['shell command substitutions', 'a.sh', 'echo "$( \\" '],
    ['C comments continued', 'a.c', '// x \\\n#include <a//'],
    ['Ruby regexes and percent strings as arguments that never close', 'a.rb', 'f /#{ g %(h #{ /x '],
    ['Ruby multi-line regexes after line starts', 'a.rb', 'x = a(b)\n/c #{d}\n'],
    ['regexes after comments', 'a.js', 'x = [1, // c\n /a-/, /* d */ /'],
  ];
  for (const [what, file, unit] of adversarial) {
    it(`scales linearly on ${what}`, () => {
      const small = unit.repeat(Math.ceil(400_000 / unit.length));
      const large = unit.repeat(Math.ceil(3_200_000 / unit.length));
      const languageId = languageOf(file)!;
      assertScalesLinearly(
        () => lexComments(small, languageId),
        () => lexComments(large, languageId),
        8,
      );
    });
  }

  it('scales linearly: a file 8x larger costs well under 24x more', () => {
    const chunk = 'function f(a, b) { return a / b; } // TODO(RM-1): fix\nconst s = "TODO: no"; /* FIXME */\n';
    const small = chunk.repeat(5_000);
    const large = chunk.repeat(40_000);
    assertScalesLinearly(
      () => scanText(small, 'a.ts', OPTIONS),
      () => scanText(large, 'a.ts', OPTIONS),
      8,
    );
  });
});
