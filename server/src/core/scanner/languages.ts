/**
 * Comment and string syntax per language (which files are which language: files.ts).
 * The lexer (comments.ts, over the constructs in constructs/) interprets these descriptions. What a
 * plain open/close pair cannot say (raw strings with delimiters, heredocs, regex literals, char
 * literals…) is a named feature.
 */

export interface LineCommentRule {
  open: string;
  /**
   * Where the opener may stand. `word-start`: where a shell word starts (`echo a#b` has no comment);
   * `after-space`: at line start or after whitespace (YAML, dotenv); `line-start`: first non-blank of a
   * line (INI, batch `REM`); `first-column`: column 0 only (fixed-form Fortran). Default: anywhere.
   */
  at?: 'word-start' | 'after-space' | 'line-start' | 'first-column';
  /**
   * With `word-start`: the characters that end a word, after which the opener starts a comment (default: the
   * shell's metacharacters `;|&()<>`); a blank always does.
   */
  wordEndsAfter?: string;
  /**
   * With `word-start`: a shell's `$(…)`, `$((…))`, `<(…)` and `>(…)` are inside a word, so the `)` closing one
   * on the opener's line ends no word (`echo $(date)#x` prints `…#x`).
   */
  substitutionsInWords?: boolean;
  /** The opener does not count right after one of these characters (Makefile `\\#`, SCSS `url(http://…)`). */
  notAfter?: string;
  /** The opener does not count right before one of these characters (PHP 8 attributes `#[…]`). */
  notBefore?: string;
  /** Matched case-insensitively and only as a whole word (`REM`, `rem`). */
  keyword?: boolean;
  /** Haskell-style: a run of dashes followed by a symbol character is an operator (`-->`), not a comment. */
  dashOperators?: boolean;
  /** A backslash ending the line continues the comment on the next line (C, C++). */
  backslashContinues?: boolean;
}

export interface BlockCommentRule {
  open: string;
  close: string;
  /** Comments nest, as in Rust, Swift, Kotlin, Scala, Dart and Haskell (`{- {- -} -}` is one comment). */
  nests?: boolean;
  /** The opener does not count right before one of these characters (F#/OCaml `(*)` is an operator). */
  notBefore?: string;
}

export interface QuoteRule {
  open: string;
  /** Empty: the string runs to the end of its line (Zig `\\` lines). */
  close: string;
  /** The character that escapes the next one inside the string; none for raw strings. */
  escape?: '\\' | '`';
  /** False: an unterminated string ends at the end of its line. */
  multiline: boolean;
  /** Code inside the string (`${…}`, `#{…}`, `\(…)`, shell `$(…)`): comments and strings in there are code. */
  interpolation?: '${' | '#{' | '\\(' | '$(';
  /** The rule applies only right after one of these words (Dart raw strings `r'…'`). */
  afterWord?: string[];
  /** The closer counts only at the start of a line (PowerShell here-strings `"@`). */
  closeAtLineStart?: boolean;
  /** Right after an operand (identifier, `)`, `]`, `}`, `.`) the opener is an operator: MATLAB's transpose `x'`. */
  notAfterOperand?: boolean;
  /** A doubled closer is one literal closer character, not the end: C# verbatim `@"a""b"`, SQL `'it''s'`. */
  doubledCloserEscapes?: boolean;
}

export type CharLiteralStyle =
  /** `'x'`, `'\n'`, digit separators `1'000` skipped (C, C++). */
  | 'c'
  /** `'x'` and `'\n'` are chars; any other `'` is a lifetime or symbol (`'a`, `'static`). */
  | 'quote-or-lifetime'
  /** As `quote-or-lifetime`, and `'` right after an identifier is a prime or transpose (`foldl'`, `x'`). */
  | 'quote-or-prime';

export interface RegexLiteralRule {
  /** Words after which `/` starts a regex rather than dividing (`return /x/`). */
  keywords: string[];
  /**
   * Statements whose parenthesised head may be followed by a regex: after the `)` of `if (x)` a `/`
   * starts a regex, after any other `)` it divides.
   */
  afterHeadOf?: string[];
  /** A regex may span lines (Perl's and Ruby's); otherwise it ends at the line's end. */
  multiline?: boolean;
  /** Code inside the regex (Ruby `/#{x}/`): comments and strings in there are code. */
  interpolation?: '#{';
  /** A line break ends a statement, so a line may start with a regex (Ruby; not JavaScript, which has no such rule for `/`). */
  lineBreakEndsStatement?: boolean;
  /** After a word and a blank, `/x` (no blank after the `/`) is a command's regex argument (Ruby `split /,/`). */
  commandArguments?: boolean;
  /** `:/`, `:%` and `x./(y)` name an operator (Ruby symbols and calls): no regex or percent literal starts there. */
  operatorNames?: boolean;
}

export interface CodeSyntax {
  kind: 'code';
  lineComments: LineCommentRule[];
  blockComments: BlockCommentRule[];
  quotes: QuoteRule[];
  charLiterals?: CharLiteralStyle;
  /** Raw strings with custom delimiters: Rust `r#"…"#`, C++ `R"x(…)x"`, Swift `#"…"#`, R `r"-(…)-"`. */
  rawStrings?: 'rust' | 'cpp' | 'swift' | 'r';
  /** Heredocs, whose bodies are strings: shell `<<EOF`, Ruby `<<~EOS`, Perl `<<"END"`, PHP `<<<EOT`, HCL. */
  heredocs?: 'shell' | 'ruby' | 'perl' | 'php' | 'hcl';
  regexLiterals?: RegexLiteralRule;
  /** Long brackets: strings `[[…]]`/`[==[…]==]` and comments that are this prefix plus a long bracket. */
  longBrackets?: { commentPrefix: string };
  /** Ruby `=begin`…`=end` at line start. */
  rubyBlockComments?: boolean;
  /** Perl POD: a line starting `=word` up to a line starting `=cut`. */
  perlPod?: boolean;
  /** A line holding only one of these ends the code; what follows is data (`__END__`). */
  dataSectionMarkers?: string[];
  /** Ruby `%q(…)`, `%w[…]`, `%(…)`. */
  rubyPercentLiterals?: boolean;
  /** Perl `q(…)`, `qq{…}`, `qw/…/`, `m/…/`, `s/…/…/`, `tr/…/…/`, `y/…/…/`. */
  perlQuoteLike?: boolean;
  /** Elixir sigils `~s(…)`, `~r/…/`, `~S"""…"""`. */
  elixirSigils?: boolean;
  /**
   * `?x` is a char literal: `anywhere` not right after an identifier (Elixir `?#`); `operand` only where
   * an operand may start, so that Ruby's ternary `a ? b : c` and `(x)?'a':'b'` stay operators.
   */
  questionCharLiterals?: 'anywhere' | 'operand';
  /** `\x` is a char literal (Clojure `\;`, Lisp `#\;`). */
  backslashCharLiterals?: boolean;
  /** `$x` is a char literal (Erlang `$%`). */
  dollarCharLiterals?: boolean;
  /** Punctuation variables (Perl, Ruby): `$"`, `$'`, `$#array`, `$\\` are not quotes or comments. */
  punctuationVariables?: boolean;
  /** Outside strings this character escapes the next one (shell `\"`, CMake `\#`, LaTeX `\%`). */
  escape?: '\\' | '`';
  /** C preprocessor `#include <…>`: the path is a string (`<a//b.h>` holds no comment). */
  includePaths?: boolean;
  /** JSX elements where an expression may start: their text is neither code nor string, `{…}` in them is code. */
  jsx?: boolean;
  /** YAML block scalars (`run: |`, `key: >-`): the more indented lines below are a string. */
  blockScalars?: boolean;
  /** LaTeX environments that are comments (`comment`) or verbatim, and inline verbatim commands (`\verb|…|`). */
  latex?: { commentEnvironments: string[]; verbatimEnvironments: string[]; verbatimCommands: string[] };
  /** Lines starting with a tab are code of this language id (Makefile recipes are shell). */
  tabLinesAre?: string;
  /** A variant of this syntax chosen by the text's content (Dockerfile `# escape=`, MySQL); asked once per text. */
  dialect?: (text: string) => CodeSyntax;
  /** YAML: a quote starts a string only where a scalar starts (`key: it's` is plain text). */
  quotesOnlyAtScalarStart?: boolean;
  /** The code ends at this text (PHP `?>` back to HTML); a line comment ends there too. */
  terminator?: string;
}

/** HTML-like files: `<!-- -->` comments; optionally `<script>`/`<style>` and PHP blocks lexed as code. */
export interface MarkupSyntax {
  kind: 'markup';
  /** `<script>`/`<style>` content is code, and `<textarea>`/`<title>` content is text (HTML, Vue, Svelte). */
  embedsScriptAndStyle: boolean;
  /** `{{ … }}` holds an expression whose strings may contain `<!--` (Vue templates). */
  mustache?: boolean;
  /** `<%-- … --%>` is a comment too (SilverStripe, JSP and ASP.NET templates). */
  templateComments?: boolean;
  cdata: boolean;
  php: boolean;
}

/** Markdown: HTML comments outside code blocks and inline code spans. */
export interface MarkdownSyntax {
  kind: 'markdown';
  /** MDX: `{…}` holds JavaScript, whose comments count (`{/* TODO *\/}`). */
  jsxExpressions?: boolean;
  /** R Markdown, Quarto: a fence whose info is `{r}`, `{python}`… holds code of that language. */
  codeChunks?: boolean;
}

export type LanguageSyntax = CodeSyntax | MarkupSyntax | MarkdownSyntax;

// ---------------------------------------------------------------------------------------------
// Building blocks

const SLASH_LINE: LineCommentRule = { open: '//' };
const HASH_LINE: LineCommentRule = { open: '#' };
const C_BLOCK: BlockCommentRule = { open: '/*', close: '*/' };
const C_BLOCK_NESTED: BlockCommentRule = { open: '/*', close: '*/', nests: true };

function quote(
  open: string,
  multiline: boolean,
  escape: QuoteRule['escape'],
  extra: Partial<QuoteRule> = {},
): QuoteRule {
  return { open, close: open, multiline, escape, ...extra };
}

/** `"…"` and `'…'` on one line with backslash escapes. */
const C_STRINGS = [quote('"', false, '\\'), quote("'", false, '\\')];
/** The string's closer written twice stands for itself. */
const DOUBLED: Partial<QuoteRule> = { doubledCloserEscapes: true };

function code(
  spec: Omit<CodeSyntax, 'kind' | 'lineComments' | 'blockComments' | 'quotes'> & Partial<CodeSyntax>,
): CodeSyntax {
  return { kind: 'code', lineComments: [], blockComments: [], quotes: [], ...spec };
}

const JS_REGEX_KEYWORDS = [
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
];

const TYPESCRIPT = code({
  lineComments: [SLASH_LINE],
  blockComments: [C_BLOCK],
  quotes: [...C_STRINGS, quote('`', true, '\\', { interpolation: '${' })],
  regexLiterals: { keywords: JS_REGEX_KEYWORDS, afterHeadOf: ['if', 'while', 'for', 'with'] },
});

/** JavaScript (whose `.js` files often hold JSX), JSX and TSX; plain TypeScript has `<T>x` casts instead. */
const JAVASCRIPT = code({ ...TYPESCRIPT, jsx: true });

const JSONC = code({ lineComments: [SLASH_LINE], blockComments: [C_BLOCK], quotes: C_STRINGS });

const C_FAMILY = code({
  lineComments: [{ open: '//', backslashContinues: true }],
  includePaths: true,
  blockComments: [C_BLOCK],
  quotes: [quote('"', false, '\\')],
  charLiterals: 'c',
  rawStrings: 'cpp',
});

const SHELL = code({
  lineComments: [{ open: '#', at: 'word-start', substitutionsInWords: true }],
  quotes: [
    quote("'", true, undefined),
    { open: "$'", close: "'", escape: '\\', multiline: true },
    quote('"', true, '\\', { interpolation: '$(' }),
    quote('`', true, '\\'),
  ],
  heredocs: 'shell',
  escape: '\\',
});

/** A Dockerfile whose parser directive says `# escape=``: the backtick escapes, a backslash is a character. */
const DOCKERFILE_BACKTICK = code({
  ...SHELL,
  quotes: [quote("'", true, undefined), quote('"', true, '`')],
  escape: '`',
});
const ESCAPE_DIRECTIVE = /^(?:[ \t]*#[ \t]*[A-Za-z]+[ \t]*=[^\r\n]*\r?\n)*[ \t]*#[ \t]*escape[ \t]*=[ \t]*`/i;

const DOCKERFILE = code({
  ...SHELL,
  dialect: (text) => (ESCAPE_DIRECTIVE.test(text) ? DOCKERFILE_BACKTICK : DOCKERFILE),
});

const PYTHON = code({
  lineComments: [HASH_LINE],
  quotes: [quote('"""', true, '\\'), quote("'''", true, '\\'), ...C_STRINGS],
});

const HASKELL = code({
  lineComments: [{ open: '--', dashOperators: true }],
  blockComments: [{ open: '{-', close: '-}', nests: true }],
  quotes: [quote('"', false, '\\')],
  charLiterals: 'quote-or-prime',
});

const CSS = code({ blockComments: [C_BLOCK], quotes: C_STRINGS });
const SCSS = code({ lineComments: [{ open: '//', notAfter: ':' }], blockComments: [C_BLOCK], quotes: C_STRINGS });

const LISP = code({
  lineComments: [{ open: ';' }],
  blockComments: [{ open: '#|', close: '|#', nests: true }],
  quotes: [quote('"', true, '\\')],
  backslashCharLiterals: true,
});

const ML = code({
  blockComments: [{ open: '(*', close: '*)', nests: true, notBefore: ')' }],
  quotes: [quote('"', true, '\\')],
  charLiterals: 'quote-or-prime',
});

const RUBY_REGEX_KEYWORDS = [
  'if',
  'elsif',
  'unless',
  'while',
  'until',
  'when',
  'and',
  'or',
  'not',
  'return',
  'then',
  'puts',
  'p',
];
const PERL_REGEX_KEYWORDS = [
  'split',
  'grep',
  'map',
  'join',
  'if',
  'unless',
  'while',
  'until',
  'and',
  'or',
  'not',
  'return',
  'push',
  'unshift',
];

const FORTRAN_LINE: LineCommentRule = { open: '!' };
const FORTRAN_STRINGS = [quote('"', false, undefined, DOUBLED), quote("'", false, undefined, DOUBLED)];

/**
 * SQL: the standard's `--` and block comments, quotes without escapes. A MySQL text (see MYSQL_SIGNS) also has
 * `#` comments and backslash escapes in its strings; nothing in a file names its dialect, so its content does.
 */
const STANDARD_SQL = code({
  lineComments: [{ open: '--' }],
  blockComments: [C_BLOCK],
  quotes: [
    quote("'", true, undefined, DOUBLED),
    quote('"', true, undefined, DOUBLED),
    quote('`', false, undefined, DOUBLED),
  ],
});
const MYSQL = code({
  lineComments: [{ open: '--' }, { open: '#' }],
  blockComments: [C_BLOCK],
  quotes: [quote("'", true, '\\', DOUBLED), quote('"', true, '\\', DOUBLED), quote('`', false, undefined, DOUBLED)],
});
/** Backtick-quoted identifiers, `ENGINE=`, `AUTO_INCREMENT`, a `DELIMITER` line: MySQL (or MariaDB, BigQuery). */
const MYSQL_SIGNS = /`[A-Za-z_][\w$]*`|\bENGINE\s*=|\bAUTO_INCREMENT\b|^[ \t]*DELIMITER[ \t]/im;
const SQL = code({ ...STANDARD_SQL, dialect: (text) => (MYSQL_SIGNS.test(text) ? MYSQL : STANDARD_SQL) });

/** The code inside `<?php … ?>`; a `.php` file is markup around such blocks. */
export const PHP_CODE: CodeSyntax = code({
  lineComments: [SLASH_LINE, { open: '#', notBefore: '[' }],
  blockComments: [C_BLOCK],
  quotes: [quote("'", true, '\\'), quote('"', true, '\\'), quote('`', true, '\\')],
  heredocs: 'php',
  terminator: '?>',
});

/** Every language the scanner knows, by language id (VS Code's ids where one exists). */
const SYNTAXES: Record<string, LanguageSyntax> = {
  javascript: JAVASCRIPT,
  typescript: TYPESCRIPT,
  javascriptreact: JAVASCRIPT,
  typescriptreact: JAVASCRIPT,
  json: JSONC,
  jsonc: JSONC,
  python: PYTHON,
  go: code({
    lineComments: [SLASH_LINE],
    blockComments: [C_BLOCK],
    quotes: [...C_STRINGS, quote('`', true, undefined)],
  }),
  rust: code({
    lineComments: [SLASH_LINE],
    blockComments: [C_BLOCK_NESTED],
    quotes: [quote('"', true, '\\')],
    charLiterals: 'quote-or-lifetime',
    rawStrings: 'rust',
  }),
  java: code({
    lineComments: [SLASH_LINE],
    blockComments: [C_BLOCK],
    quotes: [quote('"""', true, '\\'), ...C_STRINGS],
  }),
  kotlin: code({
    lineComments: [SLASH_LINE],
    blockComments: [C_BLOCK_NESTED],
    quotes: [
      quote('"""', true, undefined, { interpolation: '${' }),
      quote('"', false, '\\', { interpolation: '${' }),
      quote("'", false, '\\'),
    ],
  }),
  c: C_FAMILY,
  cpp: C_FAMILY,
  'objective-c': C_FAMILY,
  'objective-cpp': C_FAMILY,
  csharp: code({
    lineComments: [SLASH_LINE],
    blockComments: [C_BLOCK],
    quotes: [
      quote('"""', true, undefined),
      { open: '@"', close: '"', multiline: true, ...DOUBLED },
      { open: '$@"', close: '"', multiline: true, ...DOUBLED },
      { open: '@$"', close: '"', multiline: true, ...DOUBLED },
      ...C_STRINGS,
    ],
  }),
  swift: code({
    lineComments: [SLASH_LINE],
    blockComments: [C_BLOCK_NESTED],
    quotes: [quote('"""', true, '\\', { interpolation: '\\(' }), quote('"', false, '\\', { interpolation: '\\(' })],
    rawStrings: 'swift',
  }),
  ruby: code({
    lineComments: [HASH_LINE],
    quotes: [
      quote('"', true, '\\', { interpolation: '#{' }),
      quote("'", true, '\\'),
      quote('`', true, '\\', { interpolation: '#{' }),
    ],
    rubyBlockComments: true,
    heredocs: 'ruby',
    rubyPercentLiterals: true,
    questionCharLiterals: 'operand',
    punctuationVariables: true,
    regexLiterals: {
      keywords: RUBY_REGEX_KEYWORDS,
      multiline: true,
      interpolation: '#{',
      lineBreakEndsStatement: true,
      commandArguments: true,
      operatorNames: true,
    },
    dataSectionMarkers: ['__END__'],
  }),
  crystal: code({
    lineComments: [HASH_LINE],
    quotes: [quote('"', true, '\\', { interpolation: '#{' }), quote("'", false, '\\')],
    heredocs: 'ruby',
  }),
  php: { kind: 'markup', embedsScriptAndStyle: true, cdata: false, php: true },
  shellscript: SHELL,
  dockerfile: DOCKERFILE,
  dotenv: code({
    lineComments: [{ open: '#', at: 'after-space' }],
    quotes: [quote("'", true, undefined), quote('"', true, '\\')],
  }),
  powershell: code({
    // PowerShell's tokenizer starts a comment at `#` wherever a token starts; only a bare word of command mode
    // (`Write-Host a#b`) holds a `#`. A token always ends at a blank and at PowerShell's token-ending characters
    // `(){},;|&`; a `]` (`$a[0]#`, `[int]#`) and a string's closing quote end their token too.
    lineComments: [{ open: '#', at: 'word-start', wordEndsAfter: `(){},;|&]'"<>` }],
    blockComments: [{ open: '<#', close: '#>' }],
    quotes: [
      { open: '@"', close: '"@', multiline: true, closeAtLineStart: true, interpolation: '$(' },
      { open: "@'", close: "'@", multiline: true, closeAtLineStart: true },
      quote('"', true, '`', { interpolation: '$(', ...DOUBLED }),
      quote("'", true, undefined, DOUBLED),
    ],
  }),
  bat: code({
    lineComments: [
      { open: 'rem', at: 'line-start', keyword: true },
      { open: '@rem', at: 'line-start', keyword: true },
      { open: '::', at: 'line-start' },
    ],
    quotes: [quote('"', false, undefined)],
  }),
  yaml: code({
    lineComments: [{ open: '#', at: 'after-space' }],
    quotes: [quote('"', true, '\\'), quote("'", true, undefined)],
    quotesOnlyAtScalarStart: true,
    blockScalars: true,
  }),
  toml: code({
    lineComments: [HASH_LINE],
    quotes: [
      quote('"""', true, '\\'),
      quote("'''", true, undefined),
      quote('"', false, '\\'),
      quote("'", false, undefined),
    ],
  }),
  ini: code({
    lineComments: [
      { open: ';', at: 'line-start' },
      { open: '#', at: 'line-start' },
    ],
  }),
  properties: code({
    lineComments: [
      { open: '#', at: 'line-start' },
      { open: '!', at: 'line-start' },
    ],
  }),
  ignore: code({ lineComments: [{ open: '#', at: 'line-start' }] }),
  sql: SQL,
  lua: code({
    lineComments: [{ open: '--' }],
    quotes: C_STRINGS,
    longBrackets: { commentPrefix: '--' },
  }),
  haskell: HASKELL,
  elm: HASKELL,
  purescript: HASKELL,
  html: { kind: 'markup', embedsScriptAndStyle: true, templateComments: true, cdata: true, php: false },
  vue: { kind: 'markup', embedsScriptAndStyle: true, mustache: true, cdata: false, php: false },
  svelte: { kind: 'markup', embedsScriptAndStyle: true, cdata: false, php: false },
  xml: { kind: 'markup', embedsScriptAndStyle: false, cdata: true, php: false },
  markdown: { kind: 'markdown' },
  mdx: { kind: 'markdown', jsxExpressions: true },
  rmarkdown: { kind: 'markdown', codeChunks: true },
  matlab: code({
    // `%{ … %}` nest; `...` continues the line and what follows it is a comment.
    lineComments: [{ open: '%' }, { open: '...' }],
    blockComments: [{ open: '%{', close: '%}', nests: true }],
    quotes: [
      quote('"', false, undefined, DOUBLED),
      quote("'", false, undefined, { notAfterOperand: true, ...DOUBLED }),
    ],
  }),
  thrift: code({ lineComments: [SLASH_LINE, HASH_LINE], blockComments: [C_BLOCK], quotes: C_STRINGS }),
  css: CSS,
  scss: SCSS,
  less: SCSS,
  makefile: code({ lineComments: [{ open: '#', notAfter: '\\' }], tabLinesAre: 'shellscript' }),
  cmake: code({
    lineComments: [HASH_LINE],
    quotes: [quote('"', true, '\\')],
    longBrackets: { commentPrefix: '#' },
    escape: '\\',
  }),
  elixir: code({
    lineComments: [HASH_LINE],
    quotes: [
      quote('"""', true, '\\', { interpolation: '#{' }),
      quote("'''", true, '\\', { interpolation: '#{' }),
      quote('"', true, '\\', { interpolation: '#{' }),
      quote("'", true, '\\', { interpolation: '#{' }),
    ],
    elixirSigils: true,
    questionCharLiterals: 'anywhere',
  }),
  scala: code({
    lineComments: [SLASH_LINE],
    blockComments: [C_BLOCK_NESTED],
    quotes: [quote('"""', true, undefined), quote('"', false, '\\')],
    charLiterals: 'quote-or-lifetime',
  }),
  dart: code({
    lineComments: [SLASH_LINE],
    blockComments: [C_BLOCK_NESTED],
    quotes: [
      quote("'''", true, undefined, { afterWord: ['r'] }),
      quote('"""', true, undefined, { afterWord: ['r'] }),
      quote("'", false, undefined, { afterWord: ['r'] }),
      quote('"', false, undefined, { afterWord: ['r'] }),
      quote("'''", true, '\\', { interpolation: '${' }),
      quote('"""', true, '\\', { interpolation: '${' }),
      quote("'", false, '\\', { interpolation: '${' }),
      quote('"', false, '\\', { interpolation: '${' }),
    ],
  }),
  groovy: code({
    lineComments: [SLASH_LINE],
    blockComments: [C_BLOCK],
    quotes: [
      quote('"""', true, '\\', { interpolation: '${' }),
      quote("'''", true, '\\'),
      quote('"', false, '\\', { interpolation: '${' }),
      quote("'", false, '\\'),
    ],
  }),
  r: code({
    lineComments: [HASH_LINE],
    quotes: [quote('"', true, '\\'), quote("'", true, '\\'), quote('`', false, undefined)],
    rawStrings: 'r',
  }),
  perl: code({
    lineComments: [HASH_LINE],
    quotes: [quote('"', true, '\\'), quote("'", true, '\\'), quote('`', true, '\\')],
    punctuationVariables: true,
    perlPod: true,
    heredocs: 'perl',
    perlQuoteLike: true,
    regexLiterals: { keywords: PERL_REGEX_KEYWORDS, multiline: true },
    dataSectionMarkers: ['__END__', '__DATA__'],
  }),
  terraform: code({
    lineComments: [HASH_LINE, SLASH_LINE],
    blockComments: [C_BLOCK],
    quotes: [quote('"', false, '\\', { interpolation: '${' })],
    heredocs: 'hcl',
  }),
  clojure: code({ lineComments: [{ open: ';' }], quotes: [quote('"', true, '\\')], backslashCharLiterals: true }),
  lisp: LISP,
  scheme: LISP,
  racket: LISP,
  erlang: code({
    lineComments: [{ open: '%' }],
    quotes: [quote('"', true, '\\'), quote("'", false, '\\')],
    dollarCharLiterals: true,
  }),
  fortran: code({ lineComments: [FORTRAN_LINE], quotes: FORTRAN_STRINGS }),
  'fortran-fixed-form': code({
    lineComments: [
      FORTRAN_LINE,
      { open: 'c', at: 'first-column' },
      { open: 'C', at: 'first-column' },
      { open: '*', at: 'first-column' },
    ],
    quotes: FORTRAN_STRINGS,
  }),
  vb: code({
    lineComments: [{ open: "'" }, { open: 'rem', at: 'line-start', keyword: true }],
    quotes: [quote('"', false, undefined, DOUBLED)],
  }),
  fsharp: code({
    lineComments: [SLASH_LINE],
    blockComments: [{ open: '(*', close: '*)', nests: true, notBefore: ')' }],
    quotes: [
      quote('"""', true, undefined),
      { open: '@"', close: '"', multiline: true, ...DOUBLED },
      quote('"', true, '\\'),
    ],
    charLiterals: 'quote-or-prime',
  }),
  ocaml: ML,
  julia: code({
    lineComments: [HASH_LINE],
    blockComments: [{ open: '#=', close: '=#', nests: true }],
    quotes: [quote('"""', true, '\\'), quote('"', true, '\\'), quote('`', true, '\\')],
    charLiterals: 'quote-or-prime',
  }),
  nim: code({
    lineComments: [HASH_LINE],
    blockComments: [{ open: '#[', close: ']#', nests: true }],
    quotes: [quote('"""', true, undefined), ...C_STRINGS],
  }),
  zig: code({
    lineComments: [SLASH_LINE],
    quotes: [{ open: '\\\\', close: '', multiline: false }, ...C_STRINGS],
  }),
  coffeescript: code({
    lineComments: [HASH_LINE],
    blockComments: [{ open: '###', close: '###' }],
    quotes: [
      quote('"""', true, '\\', { interpolation: '#{' }),
      quote("'''", true, '\\'),
      quote('"', true, '\\', { interpolation: '#{' }),
      quote("'", true, '\\'),
    ],
  }),
  graphql: code({ lineComments: [HASH_LINE], quotes: [quote('"""', true, '\\'), quote('"', false, '\\')] }),
  proto3: code({ lineComments: [SLASH_LINE], blockComments: [C_BLOCK], quotes: C_STRINGS }),
  solidity: code({ lineComments: [SLASH_LINE], blockComments: [C_BLOCK], quotes: C_STRINGS }),
  nix: code({
    lineComments: [HASH_LINE],
    blockComments: [C_BLOCK],
    quotes: [quote("''", true, undefined, { interpolation: '${' }), quote('"', true, '\\', { interpolation: '${' })],
  }),
  latex: code({
    lineComments: [{ open: '%' }],
    escape: '\\',
    latex: {
      commentEnvironments: ['comment'],
      verbatimEnvironments: ['verbatim', 'verbatim*', 'Verbatim', 'lstlisting', 'minted'],
      verbatimCommands: ['verb', 'verb*', 'lstinline'],
    },
  }),
  pascal: code({
    lineComments: [SLASH_LINE],
    blockComments: [
      { open: '{', close: '}' },
      { open: '(*', close: '*)' },
    ],
    quotes: [quote("'", false, undefined, DOUBLED)],
  }),
  ada: code({ lineComments: [{ open: '--' }], quotes: [quote('"', false, undefined)], charLiterals: 'quote-or-prime' }),
};

/** The syntax of a language id, or undefined for an id the scanner does not know. */
export function syntaxOf(languageId: string): LanguageSyntax | undefined {
  return Object.prototype.hasOwnProperty.call(SYNTAXES, languageId) ? SYNTAXES[languageId] : undefined;
}

/** Every language id the scanner knows. */
export function knownLanguageIds(): string[] {
  return Object.keys(SYNTAXES);
}
