/**
 * Which files are which language: GitHub Linguist's extension and file-name tables (the
 * `linguist-languages` package, only the languages the scanner lexes), our choices where Linguist
 * gives one extension to several of them or lacks a name, and a look at the content for extensions
 * that mean different languages in different repositories (`.m`, `.cls`, `.ss`, `.inc`).
 */
import JavaScript from 'linguist-languages/data/JavaScript';
import TypeScript from 'linguist-languages/data/TypeScript';
import TSX from 'linguist-languages/data/TSX';
import JSON from 'linguist-languages/data/JSON';
import JSONwithComments from 'linguist-languages/data/JSON_20_with_20_Comments';
import JSON5 from 'linguist-languages/data/JSON5';
import Python from 'linguist-languages/data/Python';
import Cython from 'linguist-languages/data/Cython';
import Starlark from 'linguist-languages/data/Starlark';
import Meson from 'linguist-languages/data/Meson';
import Go from 'linguist-languages/data/Go';
import Rust from 'linguist-languages/data/Rust';
import Java from 'linguist-languages/data/Java';
import Apex from 'linguist-languages/data/Apex';
import Kotlin from 'linguist-languages/data/Kotlin';
import C from 'linguist-languages/data/C';
import Cplusplus from 'linguist-languages/data/C_2b__2b_';
import ObjectiveC from 'linguist-languages/data/Objective-C';
import ObjectiveCplusplus from 'linguist-languages/data/Objective-C_2b__2b_';
import Csharp from 'linguist-languages/data/C_23_';
import Swift from 'linguist-languages/data/Swift';
import Ruby from 'linguist-languages/data/Ruby';
import Crystal from 'linguist-languages/data/Crystal';
import PHP from 'linguist-languages/data/PHP';
import Shell from 'linguist-languages/data/Shell';
import Dockerfile from 'linguist-languages/data/Dockerfile';
import PowerShell from 'linguist-languages/data/PowerShell';
import Batchfile from 'linguist-languages/data/Batchfile';
import YAML from 'linguist-languages/data/YAML';
import TOML from 'linguist-languages/data/TOML';
import INI from 'linguist-languages/data/INI';
import GitConfig from 'linguist-languages/data/Git_20_Config';
import EditorConfig from 'linguist-languages/data/EditorConfig';
import JavaProperties from 'linguist-languages/data/Java_20_Properties';
import IgnoreList from 'linguist-languages/data/Ignore_20_List';
import GitAttributes from 'linguist-languages/data/Git_20_Attributes';
import Dotenv from 'linguist-languages/data/Dotenv';
import SQL from 'linguist-languages/data/SQL';
import PLpgSQL from 'linguist-languages/data/PLpgSQL';
import PLSQL from 'linguist-languages/data/PLSQL';
import TSQL from 'linguist-languages/data/TSQL';
import Lua from 'linguist-languages/data/Lua';
import Haskell from 'linguist-languages/data/Haskell';
import Elm from 'linguist-languages/data/Elm';
import PureScript from 'linguist-languages/data/PureScript';
import HTML from 'linguist-languages/data/HTML';
import Vue from 'linguist-languages/data/Vue';
import Svelte from 'linguist-languages/data/Svelte';
import XML from 'linguist-languages/data/XML';
import Markdown from 'linguist-languages/data/Markdown';
import MDX from 'linguist-languages/data/MDX';
import RMarkdown from 'linguist-languages/data/RMarkdown';
import CSS from 'linguist-languages/data/CSS';
import SCSS from 'linguist-languages/data/SCSS';
import Sass from 'linguist-languages/data/Sass';
import Less from 'linguist-languages/data/Less';
import Makefile from 'linguist-languages/data/Makefile';
import CMake from 'linguist-languages/data/CMake';
import Elixir from 'linguist-languages/data/Elixir';
import Scala from 'linguist-languages/data/Scala';
import Dart from 'linguist-languages/data/Dart';
import Groovy from 'linguist-languages/data/Groovy';
import R from 'linguist-languages/data/R';
import Perl from 'linguist-languages/data/Perl';
import HCL from 'linguist-languages/data/HCL';
import Clojure from 'linguist-languages/data/Clojure';
import CommonLisp from 'linguist-languages/data/Common_20_Lisp';
import EmacsLisp from 'linguist-languages/data/Emacs_20_Lisp';
import Scheme from 'linguist-languages/data/Scheme';
import Racket from 'linguist-languages/data/Racket';
import Erlang from 'linguist-languages/data/Erlang';
import FortranFreeForm from 'linguist-languages/data/Fortran_20_Free_20_Form';
import Fortran from 'linguist-languages/data/Fortran';
import VisualBasicNET from 'linguist-languages/data/Visual_20_Basic_20_.NET';
import VBScript from 'linguist-languages/data/VBScript';
import Fsharp from 'linguist-languages/data/F_23_';
import OCaml from 'linguist-languages/data/OCaml';
import Julia from 'linguist-languages/data/Julia';
import Nim from 'linguist-languages/data/Nim';
import Zig from 'linguist-languages/data/Zig';
import CoffeeScript from 'linguist-languages/data/CoffeeScript';
import GraphQL from 'linguist-languages/data/GraphQL';
import ProtocolBuffer from 'linguist-languages/data/Protocol_20_Buffer';
import FlatBuffers from 'linguist-languages/data/FlatBuffers';
import Thrift from 'linguist-languages/data/Thrift';
import Solidity from 'linguist-languages/data/Solidity';
import Nix from 'linguist-languages/data/Nix';
import TeX from 'linguist-languages/data/TeX';
import BibTeX from 'linguist-languages/data/BibTeX';
import Pascal from 'linguist-languages/data/Pascal';
import Ada from 'linguist-languages/data/Ada';
import MATLAB from 'linguist-languages/data/MATLAB';

interface LinguistLanguage {
  readonly extensions?: readonly string[];
  readonly filenames?: readonly string[];
  /** Programs a shebang names (`bash`, `python3`). */
  readonly interpreters?: readonly string[];
}

/** Linguist's languages that the scanner lexes, each with the language id it is lexed as. */
const LINGUIST: [LinguistLanguage, string][] = [
  [JavaScript, 'javascript'],
  [TypeScript, 'typescript'],
  [TSX, 'typescriptreact'],
  [JSON, 'json'],
  [JSONwithComments, 'jsonc'],
  [JSON5, 'jsonc'],
  [Python, 'python'],
  [Cython, 'python'],
  [Starlark, 'python'],
  [Meson, 'python'],
  [Go, 'go'],
  [Rust, 'rust'],
  [Java, 'java'],
  [Apex, 'java'],
  [Kotlin, 'kotlin'],
  [C, 'c'],
  [Cplusplus, 'cpp'],
  [ObjectiveC, 'objective-c'],
  [ObjectiveCplusplus, 'objective-cpp'],
  [Csharp, 'csharp'],
  [Swift, 'swift'],
  [Ruby, 'ruby'],
  [Crystal, 'crystal'],
  [PHP, 'php'],
  [Shell, 'shellscript'],
  [Dockerfile, 'dockerfile'],
  [PowerShell, 'powershell'],
  [Batchfile, 'bat'],
  [YAML, 'yaml'],
  [TOML, 'toml'],
  [INI, 'ini'],
  [GitConfig, 'ini'],
  [EditorConfig, 'ini'],
  [JavaProperties, 'properties'],
  [IgnoreList, 'ignore'],
  [GitAttributes, 'ignore'],
  [Dotenv, 'dotenv'],
  [SQL, 'sql'],
  [PLpgSQL, 'sql'],
  [PLSQL, 'sql'],
  [TSQL, 'sql'],
  [Lua, 'lua'],
  [Haskell, 'haskell'],
  [Elm, 'elm'],
  [PureScript, 'purescript'],
  [HTML, 'html'],
  [Vue, 'vue'],
  [Svelte, 'svelte'],
  [XML, 'xml'],
  [Markdown, 'markdown'],
  [MDX, 'mdx'],
  [RMarkdown, 'rmarkdown'],
  [CSS, 'css'],
  [SCSS, 'scss'],
  [Sass, 'scss'],
  [Less, 'less'],
  [Makefile, 'makefile'],
  [CMake, 'cmake'],
  [Elixir, 'elixir'],
  [Scala, 'scala'],
  [Dart, 'dart'],
  [Groovy, 'groovy'],
  [R, 'r'],
  [Perl, 'perl'],
  [HCL, 'terraform'],
  [Clojure, 'clojure'],
  [CommonLisp, 'lisp'],
  [EmacsLisp, 'lisp'],
  [Scheme, 'scheme'],
  [Racket, 'racket'],
  [Erlang, 'erlang'],
  [FortranFreeForm, 'fortran'],
  [Fortran, 'fortran-fixed-form'],
  [VisualBasicNET, 'vb'],
  [VBScript, 'vb'],
  [Fsharp, 'fsharp'],
  [OCaml, 'ocaml'],
  [Julia, 'julia'],
  [Nim, 'nim'],
  [Zig, 'zig'],
  [CoffeeScript, 'coffeescript'],
  [GraphQL, 'graphql'],
  [ProtocolBuffer, 'proto3'],
  [FlatBuffers, 'proto3'],
  [Thrift, 'thrift'],
  [Solidity, 'solidity'],
  [Nix, 'nix'],
  [TeX, 'latex'],
  [BibTeX, 'latex'],
  [Pascal, 'pascal'],
  [Ada, 'ada'],
  [MATLAB, 'matlab'],
];

/**
 * Our choices, which win over Linguist's: names Linguist lacks, extensions it gives to several of the
 * languages we lex (`.h`, `.ts`, `.properties`), and extensions whose Linguist language would lex
 * another language's files wrongly (undefined: not scanned). Puppet's `.pp` is not Pascal, lex's `.l`
 * not Lisp, OpenCL's `.cl` not Lisp, RPM's `.spec` not Python, `.d` dependency files not Makefiles.
 */
const EXTENSIONS: Record<string, string | undefined> = {
  jsx: 'javascriptreact',
  es: 'javascript',
  ts: 'typescript',
  tsx: 'typescriptreact',
  code_workspace: 'jsonc',
  h: 'c',
  cu: 'cpp',
  cuh: 'cpp',
  mm: 'objective-cpp',
  rs: 'rust',
  cake: 'csharp',
  phtml: 'php',
  php7: 'php',
  php8: 'php',
  fish: 'shellscript',
  trigger: 'java',
  pluginspec: 'ruby',
  conf: 'ini',
  properties: 'properties',
  psql: 'sql',
  dml: 'sql',
  lhs: 'haskell',
  shtml: 'html',
  xsl: 'xml',
  xslt: 'xml',
  svg: 'xml',
  plist: 'xml',
  pom: 'xml',
  workflow: 'xml',
  sch: 'xml',
  gradle: 'groovy',
  edn: 'clojure',
  bas: 'vb',
  pp: undefined,
  l: undefined,
  cl: undefined,
  spec: undefined,
  d: undefined,
  cgi: undefined,
  fcgi: undefined,
  re: undefined,
};

const FILE_NAMES: Record<string, string> = {
  codeowners: 'ignore',
  '.npmrc': 'ini',
  '.bazelrc': 'shellscript',
  '.eslintrc': 'jsonc',
  '.releaserc': 'yaml',
};

/**
 * Extensions that mean different languages in different repositories: the file's first 64 KB decide,
 * the first rule whose pattern matches, else the fallback (also the answer when there is no content).
 */
const BY_CONTENT: Record<string, { rules: [RegExp, string][]; fallback: string }> = {
  // Objective-C's `@interface`/`#import` lines, else MATLAB's `%` comments and `function` lines.
  m: {
    rules: [
      [
        /^[ \t]*(?:@(?:interface|implementation|protocol|import|end|class|property)\b|#[ \t]*(?:import|include)\b)/m,
        'objective-c',
      ],
      [/^[ \t]*(?:%|function\b|classdef\b|end[ \t]*;?[ \t]*$)/m, 'matlab'],
    ],
    fallback: 'objective-c',
  },
  // A LaTeX class declares itself; a VB6 class starts with its header; the rest are Salesforce Apex.
  cls: {
    rules: [
      [/\\(?:NeedsTeXFormat|ProvidesClass|LoadClass|DeclareOption|RequirePackage|documentclass)\b/, 'latex'],
      [/^(?:VERSION [0-9.]+ CLASS|Attribute VB_Name)/m, 'vb'],
    ],
    fallback: 'java',
  },
  // SilverStripe templates (`<% if %>`, `$Title`, HTML) are HTML with `<%-- --%>` comments; else Scheme.
  ss: { rules: [[/<%|<\/?[A-Za-z][\w-]*[\s>]|\$[A-Z]\w*/, 'html']], fallback: 'scheme' },
  // PHP, HTML fragments, BitBake, Pascal and SQL includes; C/C++ (and assembly with `//`) otherwise.
  inc: {
    rules: [
      [/<\?(?:php|=)/i, 'php'],
      [/^[ \t]*<(?:!DOCTYPE|html|head|body|div|table|script|style|ul|p|!--)[\s>]/im, 'html'],
      [
        /^(?:inherit|require)[ \t]+\S|^(?:SRC_URI|DEPENDS|RDEPENDS\S*|FILESEXTRAPATHS\S*|SUMMARY|LICENSE)[ \t]*[?:+.]?=|^do_\w+[ \t]*\(\)/m,
        'shellscript',
      ],
      [/^[ \t]*(?:\{\$|(?:procedure|unit|implementation|begin)\b)/im, 'pascal'],
      [/^[ \t]*(?:CREATE|INSERT|ALTER|DROP)[ \t]+(?:TABLE|INTO|VIEW|INDEX|PROCEDURE|FUNCTION)\b/im, 'sql'],
    ],
    fallback: 'cpp',
  },
};

const CONTENT_SAMPLE = 64 * 1024;

function linguistTables(): {
  extensions: Map<string, string>;
  fileNames: Map<string, string>;
  interpreters: Map<string, string>;
} {
  const extensions = new Map<string, string>();
  const fileNames = new Map<string, string>();
  const interpreters = new Map<string, string>();
  for (const [language, languageId] of LINGUIST) {
    for (const program of language.interpreters ?? [])
      if (!interpreters.has(program)) interpreters.set(program, languageId);
    // The first language to claim a name keeps it; EXTENSIONS settles the contested ones.
    for (const extension of language.extensions ?? []) {
      const key = extension.slice(1).toLowerCase();
      if (!extensions.has(key)) extensions.set(key, languageId);
    }
    for (const name of language.filenames ?? []) {
      const key = name.toLowerCase();
      if (!fileNames.has(key)) fileNames.set(key, languageId);
    }
  }
  for (const [extension, languageId] of Object.entries(EXTENSIONS)) {
    if (languageId === undefined) extensions.delete(extension);
    else extensions.set(extension, languageId);
  }
  for (const [name, languageId] of Object.entries(FILE_NAMES)) fileNames.set(name, languageId);
  return { extensions, fileNames, interpreters };
}

const { extensions: BY_EXTENSION, fileNames: BY_FILE_NAME, interpreters: BY_INTERPRETER } = linguistTables();

type Ambiguous = (typeof BY_CONTENT)[string];

/** Each extension's language, or the rules deciding an ambiguous one (they win): one lookup a candidate. */
const BY_SUFFIX = new Map<string, string | Ambiguous>([...BY_EXTENSION, ...Object.entries(BY_CONTENT)]);

/**
 * The language id a file name says; for an ambiguous extension (`.m`), the likelier one. Undefined for
 * files the scanner skips.
 */
export function languageOf(filePath: string): string | undefined {
  return languageOfFile(filePath, undefined);
}

/**
 * As `languageOf`, with the file's text deciding an ambiguous extension (`.m`: Objective-C or MATLAB).
 * The walk asks this of every file, so it allocates little: the name, then one suffix per dot.
 */
export function languageOfFile(filePath: string, text: string | undefined): string | undefined {
  const slash = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  const name = (slash < 0 ? filePath : filePath.slice(slash + 1)).toLowerCase();
  const byName = BY_FILE_NAME.get(name);
  if (byName !== undefined) return byName;
  const firstDot = name.indexOf('.');
  // No extension and no known name (`bin/deploy`, zsh's `_git` completions): the first line decides.
  if (firstDot < 0) return text === undefined ? undefined : scriptLanguage(text);
  // `Dockerfile.prod`, `.env.local`: the name's first part says the language.
  if (firstDot === 10 && name.startsWith('dockerfile')) return 'dockerfile';
  if (firstDot === 13 && name.startsWith('containerfile')) return 'dockerfile';
  if (firstDot === 0 && name.startsWith('.env.')) return 'dotenv';
  if (firstDot === 8 && name.startsWith('makefile')) return 'makefile';
  // Longest extension first: `cmake.in`, `json.example`, then `in`.
  for (let dot = firstDot; dot >= 0; dot = name.indexOf('.', dot + 1)) {
    const known = BY_SUFFIX.get(name.slice(dot + 1));
    if (known === undefined) continue;
    if (typeof known === 'string') return known;
    return text === undefined ? known.fallback : byContent(known, text);
  }
  return undefined;
}

/**
 * Whether a file may be a script the first line of which says its language: a name with no extension that
 * no rule names. The walk reads such files (a few in a repository: `bin/rails`, `gradlew`, zsh's `_dnf5`);
 * `languageOfFile` with the text then says which language, or none (`LICENSE`).
 */
export function mayBeScript(filePath: string): boolean {
  const slash = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  const name = (slash < 0 ? filePath : filePath.slice(slash + 1)).toLowerCase();
  return name.length > 0 && !name.includes('.') && !BY_FILE_NAME.has(name);
}

/** `#!/usr/bin/env -S zsh -f`, `#!/bin/sh`, `#!/usr/bin/python3.11`: the program's language; zsh's `#compdef`. */
function scriptLanguage(text: string): string | undefined {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end < 0 ? Math.min(text.length, start + 256) : Math.min(end, start + 256)).trim();
  if (/^#(compdef|autoload)\b/.test(line)) return 'shellscript';
  const shebang = /^#!\s*(\S+)(.*)$/.exec(line);
  if (!shebang) return undefined;
  let program = shebang[1].slice(shebang[1].lastIndexOf('/') + 1);
  if (program === 'env')
    program = shebang[2].split(/\s+/).find((word) => word && !word.startsWith('-') && !word.includes('=')) ?? '';
  return BY_INTERPRETER.get(program) ?? BY_INTERPRETER.get(program.replace(/[\d.]+$/, ''));
}

function byContent(ambiguous: Ambiguous, text: string): string {
  const sample = text.length > CONTENT_SAMPLE ? text.slice(0, CONTENT_SAMPLE) : text;
  return ambiguous.rules.find(([pattern]) => pattern.test(sample))?.[1] ?? ambiguous.fallback;
}
