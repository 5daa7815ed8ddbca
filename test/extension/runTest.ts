/**
 * `npm run test:extension`: the conventional extension tests. @vscode/test-electron downloads a desktop VS
 * Code and starts it on a copy of examples/demo with this repository as the development extension and
 * test/extension/suite (built to out/extension-tests by `node build.mjs --extension-tests`) as its tests, run
 * by mocha inside the extension host. Where VS Code cannot be downloaded (no internet), it says so and skips;
 * the same suite runs in code-server as a check of the real VS Code test (scripts/vscode-smoke.mjs).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '..', '..');
/** The VS Code of code-server 4.100.3, which runs the same suite: one editor version for both runs. */
const VSCODE_VERSION = process.env.VSCODE_VERSION ?? '1.100.3';

async function main(): Promise<number> {
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version: VSCODE_VERSION,
      cachePath: path.join(ROOT, '.vscode-test'),
    });
  } catch (error) {
    console.log(
      `test:extension skipped: VS Code ${VSCODE_VERSION} could not be downloaded (${error instanceof Error ? error.message : String(error)}).\n` +
        'The same suite runs in code-server in npm test (the real VS Code test, test/vscode/smoke.test.ts) where CODE_SERVER and PLAYWRIGHT_CORE are set.',
    );
    return 0;
  }
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-extension-tests-'));
  fs.cpSync(path.join(ROOT, 'examples', 'demo'), workspace, { recursive: true });
  try {
    // Rejects when the suite fails (mocha's report is on this terminal).
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'extension-tests', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:extension failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
