// Bundles the four entry points so the extension ships without node_modules and the
// CLI starts fast. Type checking is separate (`npm run typecheck`): esbuild only strips types.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The GitHub Action (action.yml); node20 is its runtime.
  build({ ...common, entryPoints: ['action/main.ts'], outfile: 'dist/action.js', target: 'node20' }),
]);
