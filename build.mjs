// Bundles the four entry points so the extension ships without node_modules and the
// CLI starts fast. Type checking is separate (`npm run typecheck`): esbuild only strips types.
//
// `--release` (used by `npm run package`) writes no source maps: the VSIX ships no .map file, so its
// bundles must not reference one. Development builds keep linked maps for the debugger.
import { build } from 'esbuild';

const release = process.argv.includes('--release');
// `--extension-tests` (npm run test:extension, the real VS Code test) also builds the suite that runs inside
// the extension host: test/extension/suite → out/extension-tests, each file its own module (mocha loads them).
const extensionTests = process.argv.includes('--extension-tests');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !release,
  minify: release,
  logLevel: 'warning',
};

await Promise.all([
  // The language server is also the npm package's `roadmap-links-server` bin, for editors other than VS Code.
  build({
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: 'dist/server.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The GitHub Action. GitHub runs it on node24 (action.yml; node20 was removed from runners in 2026); the
  // syntax target is node20, the oldest Node this project supports, so the tests can run it everywhere.
  build({ ...common, entryPoints: ['action/main.ts'], outfile: 'dist/action.js', target: 'node20' }),
  ...(extensionTests
    ? [
        build({
          ...common,
          entryPoints: ['test/extension/suite/*.ts'],
          outdir: 'out/extension-tests',
          // The editor's API, and mocha from node_modules as the extension host requires it.
          external: ['vscode', 'mocha'],
          minify: false,
        }),
      ]
    : []),
]);
