/**
 * The extension-host side of the conventional extension tests: VS Code (Electron through
 * @vscode/test-electron, or code-server) loads this module as `extensionTestsPath` and calls `run`, which
 * runs the suite's mocha files inside the extension host, where `vscode` is the real API.
 */
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import Mocha from 'mocha';

/**
 * Where mocha's report is also written (set by the runners): a remote extension host's console reaches no
 * terminal, so code-server's runner reads the report from this file.
 */
const REPORT_ENV = 'ROADMAP_LINKS_EXTENSION_TESTS_REPORT';

export function run(): Promise<void> {
  const reportFile = process.env[REPORT_ENV];
  const lines: string[] = [];
  const consoleLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    lines.push(format(...args));
    consoleLog(...args);
  };
  // Generous: the first test waits for the server's first index; a hang is still caught.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000 });
  for (const file of fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) =>
    mocha.run((failures) => {
      if (reportFile) fs.writeFileSync(reportFile, `${lines.join('\n')}\n`);
      if (failures) reject(new Error(`${failures} extension test(s) failed`));
      else resolve();
    }),
  );
}
