/** The layering rule, checked: the core and the client's view models import no editor or LSP code. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourcesUnder(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((match) => match[1]);
}

describe('layers', () => {
  const rules: { folder: string; forbidden: RegExp; why: string }[] = [
    { folder: 'server/src/core', forbidden: /^vscode(-|$)|\/lsp\/|\/protocol$|\/client\//, why: 'the pure core' },
    { folder: 'client/src/model', forbidden: /^vscode(-|$)/, why: 'the client view models' },
  ];
  for (const rule of rules) {
    it(`${rule.why} (${rule.folder}) imports no vscode, LSP or outer-layer module`, () => {
      const files = sourcesUnder(path.join(ROOT, rule.folder));
      assert.ok(files.length > 3, `no sources found under ${rule.folder}`);
      const offending = files.flatMap((file) =>
        importsOf(file)
          .filter((specifier) => rule.forbidden.test(specifier))
          .map((specifier) => `${path.relative(ROOT, file)} imports ${specifier}`),
      );
      assert.deepStrictEqual(offending, []);
    });
  }
});
