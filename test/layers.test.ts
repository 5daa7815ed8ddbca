/**
 * The layering rules, checked: the core and the client's view models import no editor or LSP code, the LSP
 * handlers do not reach for the session, and the client imports only the protocol and pure formatting.
 */
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
  const rules: { folder: string; forbidden: RegExp; why: string; except?: string[] }[] = [
    { folder: 'server/src/core', forbidden: /^vscode(-|$)|\/lsp\/|\/protocol$|\/client\//, why: 'the pure core' },
    { folder: 'client/src/model', forbidden: /^vscode(-|$)/, why: 'the client view models' },
    // Handlers take what they use (the index, a document), so they can be called in process by tests.
    {
      folder: 'server/src/lsp',
      forbidden: /^\.\/session$/,
      why: 'the LSP handlers',
      except: ['server.ts', 'session.ts'],
    },
    // The client speaks to the server through the protocol and shares only pure formatting with it.
    {
      folder: 'client/src',
      forbidden: /\/server\/src\/(?!protocol$|core\/(format|present|paths)$|core\/changes\/diff$)/,
      why: 'the VS Code client',
    },
  ];
  for (const rule of rules) {
    it(`${rule.why} (${rule.folder}): no import across the layer's boundary`, () => {
      const files = sourcesUnder(path.join(ROOT, rule.folder)).filter(
        (file) => !rule.except?.includes(path.basename(file)),
      );
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
