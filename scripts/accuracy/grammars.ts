/**
 * The oracle's side: which tree-sitter grammar reads each scanner language, which of its node types are
 * comments, and which regions it leaves unparsed. Grammars are prebuilt WASM files run by `web-tree-sitter`
 * 0.25.10: those of `@vscode/tree-sitter-wasm` 0.3.1 where it has the language (built with tree-sitter
 * 0.25, the runtime's own version, and recent grammars), else those of `tree-sitter-wasms` 0.1.13 (older
 * grammars of ABI 13/14, which this runtime still accepts; its bash grammar calls `isalpha`, which the
 * runtime does not provide, hence VS Code's). The versions are pinned together in package.json.
 */
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

export interface Oracle {
  /** Which package has the grammar, and its file stem there: `tree-sitter-<grammar>.wasm`. */
  from: 'vscode' | 'wasms';
  grammar: string;
  /** Node types that are comments. */
  comments: string[];
  /**
   * Node types whose text the grammar does not parse (embedded script/style bodies, the HTML around PHP):
   * no span of either side inside them is compared, since tree-sitter has no verdict there.
   */
  opaque?: string[];
  /** Whether a file of this scanner language is in the grammar's dialect (default: all are). */
  accepts?(fileName: string, text: string): boolean;
}

const COMMENT = ['comment'];
/** `html_comment` is the `<!--` line comment that scripts (not modules) allow. */
const JS_COMMENTS = ['comment', 'html_comment'];

/** zsh and fish are not bash: the bash grammar misreads their expansions (`${${(%):-%x}:a:h}`) as strings. */
function isBashLike(fileName: string, text: string): boolean {
  return !/\.(zsh|fish)$/i.test(fileName) && !/^#!.*\b(zsh|fish)\b/.test(text.slice(0, 200).split('\n', 1)[0]);
}

const vscode = (grammar: string, comments = COMMENT, opaque?: string[]): Oracle => ({
  from: 'vscode',
  grammar,
  comments,
  opaque,
});
const wasms = (grammar: string, comments = COMMENT, opaque?: string[]): Oracle => ({
  from: 'wasms',
  grammar,
  comments,
  opaque,
});

/**
 * Scanner language id → oracle. Languages the scanner knows but that are missing here have no usable
 * grammar in either package (YAML's fails to load in this runtime; Markdown, Dockerfile, Makefile, CMake,
 * SQL, … have none).
 */
export const ORACLES: Record<string, Oracle> = {
  javascript: vscode('javascript', JS_COMMENTS),
  javascriptreact: vscode('javascript', JS_COMMENTS),
  typescript: vscode('typescript', JS_COMMENTS),
  typescriptreact: vscode('tsx', JS_COMMENTS),
  python: vscode('python'),
  go: vscode('go'),
  rust: vscode('rust', ['line_comment', 'block_comment']),
  java: vscode('java', ['line_comment', 'block_comment']),
  cpp: vscode('cpp'),
  csharp: vscode('c-sharp'),
  ruby: vscode('ruby'),
  php: vscode('php', COMMENT, ['text']),
  shellscript: { ...vscode('bash'), accepts: isBashLike },
  css: vscode('css'),
  // `.conf` files are as often nginx, Apache or shell configuration as INI.
  ini: { ...vscode('ini'), accepts: (fileName) => !/\.conf$/i.test(fileName) },
  powershell: vscode('powershell'),
  json: wasms('json'),
  jsonc: wasms('json'),
  kotlin: wasms('kotlin', ['line_comment', 'multiline_comment']),
  c: wasms('c'),
  'objective-c': wasms('objc'),
  swift: wasms('swift', ['comment', 'multiline_comment']),
  html: wasms('html', COMMENT, ['raw_text']),
  vue: wasms('vue', COMMENT, ['raw_text']),
  lua: wasms('lua'),
  elixir: wasms('elixir'),
  scala: wasms('scala'),
  dart: wasms('dart', ['comment', 'documentation_comment']),
  ocaml: wasms('ocaml'),
  solidity: wasms('solidity'),
  zig: wasms('zig'),
  toml: wasms('toml'),
};

const parsers = new Map<string, Promise<Parser>>();
/** The runtime is initialized once: a second init would make a new WASM instance that earlier languages do not belong to. */
let runtime: Promise<void> | undefined;

function wasmPath({ from, grammar }: Oracle): string {
  const [pkg, folder] = from === 'vscode' ? ['@vscode/tree-sitter-wasm', 'wasm'] : ['tree-sitter-wasms', 'out'];
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), folder, `tree-sitter-${grammar}.wasm`);
}

async function loadParser(oracle: Oracle): Promise<Parser> {
  runtime ??= Parser.init();
  await runtime;
  const parser = new Parser();
  parser.setLanguage(await Language.load(wasmPath(oracle)));
  return parser;
}

/** The parser of a grammar, loaded once; rejects when the runtime or the grammar cannot load. */
export function parserFor(oracle: Oracle): Promise<Parser> {
  const key = `${oracle.from}:${oracle.grammar}`;
  let parser = parsers.get(key);
  if (!parser) {
    parser = loadParser(oracle);
    parsers.set(key, parser);
  }
  return parser;
}

/** Forgets a parser left unusable by a trap inside its grammar; the next file gets a fresh one. */
export function discardParser(oracle: Oracle): void {
  parsers.delete(`${oracle.from}:${oracle.grammar}`);
}
