import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const ROOT = path.join(__dirname, '..');
const INJECTION_SCOPE = 'roadmap-links.annotations.injection';

/** A minimal host language: `//` and block comments, double-quoted strings. */
const TEST_GRAMMAR = {
  scopeName: 'source.test',
  patterns: [
    { begin: '//', end: '$', name: 'comment.line.double-slash.test' },
    { begin: '/\\*', end: '\\*/', name: 'comment.block.test' },
    { begin: '"', end: '"', name: 'string.quoted.double.test' },
  ],
};

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

/** Resolves injections from package.json the way VS Code does (`injectTo: ["source"]` reaches `source.test`). */
function injectionsFromManifest(): (scopeName: string) => string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const grammars: GrammarContribution[] = manifest.contributes.grammars;
  return (scopeName) => {
    const parts = scopeName.split('.');
    const result: string[] = [];
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      for (const grammar of grammars) if (grammar.injectTo?.includes(prefix)) result.push(grammar.scopeName);
    }
    return result;
  };
}

function grammarPathFromManifest(scopeName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const grammar = (manifest.contributes.grammars as GrammarContribution[]).find((g) => g.scopeName === scopeName);
  assert.ok(grammar, `package.json contributes no grammar ${scopeName}`);
  return path.join(ROOT, grammar.path);
}

async function loadTestGrammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === 'source.test') return vsctm.parseRawGrammar(JSON.stringify(TEST_GRAMMAR), 'test.json');
      if (scopeName === INJECTION_SCOPE) {
        const file = grammarPathFromManifest(scopeName);
        return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      }
      return null;
    },
    getInjections: injectionsFromManifest(),
  });
  const grammar = await registry.loadGrammar('source.test');
  assert.ok(grammar);
  return grammar;
}

interface Token {
  text: string;
  scope: string;
}

/** Tokens of one line whose innermost scope comes from the injection, as `text → scope`. */
function roadmapTokens(grammar: vsctm.IGrammar, line: string): Token[] {
  const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
  return tokens
    .map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scope: t.scopes[t.scopes.length - 1] }))
    .filter((t) => t.scope.includes('roadmap-links'));
}

describe('roadmap annotations grammar (injection)', () => {
  let grammar: vsctm.IGrammar;
  before(async () => {
    grammar = await loadTestGrammar();
  });

  it('scopes a linked TODO: the tag and the item ID', () => {
    assert.deepEqual(roadmapTokens(grammar, 'x(); // TODO(RM-12): cache the price'), [
      { text: 'TODO', scope: 'keyword.other.roadmap-links.tag.todo' },
      { text: 'RM-12', scope: 'entity.name.tag.roadmap-links.item-id' },
    ]);
  });

  it('gives every default tag its own scope', () => {
    for (const tag of ['TODO', 'FIXME', 'HACK', 'XXX', 'BUG', 'DEBT']) {
      assert.deepEqual(roadmapTokens(grammar, `// ${tag}: something`), [
        { text: tag, scope: `keyword.other.roadmap-links.tag.${tag.toLowerCase()}` },
      ]);
    }
  });

  it('keeps the comment scope around injected tokens', () => {
    const { tokens } = grammar.tokenizeLine('// FIXME[OPS-7] x', vsctm.INITIAL);
    const fixme = tokens.find((t) => t.startIndex === 3);
    assert.ok(fixme);
    assert.deepEqual(fixme.scopes, [
      'source.test',
      'comment.line.double-slash.test',
      'keyword.other.roadmap-links.tag.fixme',
    ]);
    assert.equal(fixme.endIndex, 8);
  });

  it('finds IDs anywhere in the comment, and @roadmap markers', () => {
    assert.deepEqual(roadmapTokens(grammar, '// HACK: retry twice, see RM-12 and PAY2-300'), [
      { text: 'HACK', scope: 'keyword.other.roadmap-links.tag.hack' },
      { text: 'RM-12', scope: 'entity.name.tag.roadmap-links.item-id' },
      { text: 'PAY2-300', scope: 'entity.name.tag.roadmap-links.item-id' },
    ]);
    assert.deepEqual(roadmapTokens(grammar, '/* @roadmap RM-3 */'), [
      { text: '@roadmap', scope: 'keyword.other.roadmap-links.marker' },
      { text: 'RM-3', scope: 'entity.name.tag.roadmap-links.item-id' },
    ]);
  });

  it('does not tag a TODO or an ID in a string, or outside comments', () => {
    assert.deepEqual(roadmapTokens(grammar, 'log("TODO RM-12"); TODO RM-12'), []);
    assert.deepEqual(roadmapTokens(grammar, 'log("// TODO RM-12")'), []);
  });

  it('matches whole words only, case-sensitively', () => {
    assert.deepEqual(roadmapTokens(grammar, '// TODOS todo MY_TODO XXXL BUGS xRM-12 RM-12x RM-12-3 rm-12'), []);
  });

  it('tags a block comment spread over lines', () => {
    const first = grammar.tokenizeLine('/* DEBT: rewrite', vsctm.INITIAL);
    const line2 = '   see RM-4 */ "TODO"';
    const second = grammar.tokenizeLine(line2, first.ruleStack);
    const scoped = second.tokens
      .map((t) => ({ text: line2.slice(t.startIndex, t.endIndex), scope: t.scopes[t.scopes.length - 1] }))
      .filter((t) => t.scope.includes('roadmap-links'));
    assert.deepEqual(scoped, [{ text: 'RM-4', scope: 'entity.name.tag.roadmap-links.item-id' }]);
  });
});
