/**
 * The VSIX as `npm run package` makes it (vsce, offline), read back from the zip: what Open VSX and the
 * Marketplace read to accept and show it. Open VSX checks on its server when publishing (`npx ovsx publish`
 * has no dry run; its client checks only publisher, name and version, and a license when it packages), so
 * this test checks the same fields here: the namespace (publisher), name, version, a license and its file,
 * the repository, the engine, no proposed API, the icon, and that only what the extension runs is inside.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt, ROOT } from './server/lspClient';

// vsce's own reader of the zip it writes (the same one `vsce publish` uses); it gives the names in lower case.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readZip } = require('@vscode/vsce/out/zip') as {
  readZip: (file: string, filter: (name: string) => boolean) => Promise<Map<string, Buffer>>;
};

describe('the VSIX: what Open VSX and the Marketplace read', function () {
  let dir: string;
  let entries: Map<string, Buffer>;
  let manifest: Record<string, unknown> & { engines: { vscode: string }; repository: { url: string } };
  let xml: string;

  before(async () => {
    ensureBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-vsix-'));
    const vsix = path.join(dir, 'roadmap-links.vsix');
    const vsce = require.resolve('@vscode/vsce/vsce');
    const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.strictEqual(run.status, 0, `${run.stdout}${run.stderr}`);
    entries = await readZip(vsix, () => true);
    manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
    xml = entries.get('extension.vsixmanifest')!.toString('utf8');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names its namespace, name and version as Open VSX requires them, the same in both manifests', () => {
    // Open VSX: a namespace and an extension name of word characters and dashes; a semantic version.
    assert.match(String(manifest.publisher), /^[a-z0-9][a-z0-9-]*$/);
    assert.match(String(manifest.name), /^[a-z0-9][a-z0-9-]*$/);
    assert.match(String(manifest.version), /^\d+\.\d+\.\d+$/);
    assert.ok(
      xml.includes(
        `<Identity Language="en-US" Id="${manifest.name}" Version="${manifest.version}" Publisher="${manifest.publisher}"`,
      ),
      xml,
    );
  });

  it('is licensed, with the license file inside (open-vsx.org refuses an unlicensed extension)', () => {
    assert.strictEqual(manifest.license, 'MIT');
    assert.ok(xml.includes('<License>extension/LICENSE.txt</License>'), xml);
    assert.match(entries.get('extension/license.txt')!.toString('utf8'), /^MIT License/);
  });

  it('names its repository, its engine and its icon, and uses no proposed API', () => {
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
    assert.ok(xml.includes(`Id="Microsoft.VisualStudio.Services.Links.Source" Value="${manifest.repository.url}"`));
    assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.ok(xml.includes(`Id="Microsoft.VisualStudio.Code.Engine" Value="${manifest.engines.vscode}"`));
    assert.strictEqual(manifest.enabledApiProposals, undefined);
    assert.ok(xml.includes('Id="Microsoft.VisualStudio.Code.EnabledApiProposals" Value=""'));
    assert.ok(entries.has(`extension/${String(manifest.icon).toLowerCase()}`), `the icon ${manifest.icon} is packaged`);
    assert.ok(xml.includes(`<Icon>extension/${manifest.icon}</Icon>`));
  });

  it('holds only what the extension runs: no CLI, no source map, no sources or tests', () => {
    const files = [...entries.keys()].filter((name) => name.startsWith('extension/')).sort();
    assert.ok(files.includes('extension/dist/client.js') && files.includes('extension/dist/server.js'));
    for (const name of files) {
      assert.ok(!/\.map$|\/dist\/(cli|action)\.js$|\/(server|client|test|out)\//.test(name), `${name} is packaged`);
    }
  });
});
