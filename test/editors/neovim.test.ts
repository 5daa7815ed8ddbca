/**
 * Neovim's own LSP client (headless, `vim.lsp.start_client`) against the built server on a copy of the
 * demo: what a Neovim user sees. Skipped, saying so, where `nvim` is not installed (`.ci/run` installs
 * Debian's `neovim`). The editor's steps are in neovim.lua; this file asserts on what it recorded.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');

interface Recorded {
  error?: string;
  messages: { type: number; message: string }[];
  steps: Record<string, unknown>;
}

function neovimVersion(): string | undefined {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.split('\n')[0] : undefined;
}

describe('Neovim (its built-in LSP client)', function () {
  this.timeout(120_000);
  const version = neovimVersion();
  let recorded: Recorded;
  let demo: string;

  before(function () {
    if (!version) {
      console.log('      (skipped: nvim is not installed; `apt-get install neovim` or `bash .ci/run` installs it)');
      this.skip();
    }
    assert.ok(fs.existsSync(SERVER), 'dist/server.js is built by `npm test` before mocha runs');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-nvim-'));
    demo = path.join(tmp, 'demo');
    fs.cpSync(path.join(ROOT, 'examples', 'demo'), demo, { recursive: true });
    const out = path.join(tmp, 'out.json');
    const run = spawnSync(
      'nvim',
      ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${path.join(__dirname, 'neovim.lua')}`],
      {
        env: { ...process.env, DEMO: demo, SERVER, OUT: out },
        encoding: 'utf8',
        timeout: 110_000,
      },
    );
    assert.ok(fs.existsSync(out), `Neovim wrote no results (exit ${run.status}): ${run.stderr.slice(-1000)}`);
    recorded = JSON.parse(fs.readFileSync(out, 'utf8')) as Recorded;
    assert.equal(recorded.error, undefined, `the Lua steps failed: ${recorded.error}`);
  });

  const step = <T>(name: string): T => recorded.steps[name] as T;

  it(`${version ?? 'nvim'}: diagnostics with their ranges, once the index is built`, () => {
    const diagnostics =
      step<{ line: number; col: number; end_line: number; end_col: number; message: string }[]>('diagnostics');
    const unlinked = diagnostics.find((d) => d.message.startsWith('Unlinked debt'));
    assert.deepEqual(unlinked, {
      line: 15,
      col: 5,
      end_line: 15,
      end_col: 62,
      severity: 3,
      message:
        'Unlinked debt: "HACK: the gateway times out under load, so we retry twice" is not on the roadmap. Propose it to the roadmap or link an existing item.',
    });
    const unknown = diagnostics.find((d) => d.message.startsWith('Unknown roadmap item'));
    // RM-3 is one edit away too, but done: the open items are offered.
    assert.equal(unknown?.message, 'Unknown roadmap item "RM-2". Did you mean RM-12, RM-21, RM-22?');
    assert.deepEqual([unknown?.line, unknown?.col, unknown?.end_col], [19, 44, 48]);
  });

  it('hover: the item card as Markdown, with no command URI', () => {
    const hover = step<{ kind: string; value: string }>('hover');
    assert.equal(hover.kind, 'markdown');
    assert.doesNotMatch(hover.value, /command:|%5B/);
    const lines = hover.value.split('\n').filter(Boolean);
    assert.equal(lines[0], '**RM-12** · Checkout p99 under 300 ms');
    assert.ok(
      lines.includes('- Value: checkout p99 latency (reliability): 850 ms → 640 ms → 300 ms, 38% of the way'),
      hover.value,
    );
  });

  it('go to definition: from TODO(RM-12) to its item in roadmap.yaml', () => {
    const roadmapLines = fs.readFileSync(path.join(ROOT, 'examples', 'demo', 'roadmap.yaml'), 'utf8').split('\n');
    const itemLine = roadmapLines.findIndex((line) => /^\s*- id: RM-12\s*$/.test(line));
    assert.deepEqual(step('definition'), [{ path: path.join(demo, 'roadmap.yaml'), line: itemLine }]);
  });

  it('code actions anywhere on the comment (cursor before the tag), with direct links instead of a pick list', () => {
    assert.deepEqual(step('actionTitles'), [
      'Propose to roadmap',
      'Link to RM-12 Checkout p99 under 300 ms',
      'Link to RM-15 Search results in under a second',
    ]);
  });

  it('Propose, applied by Neovim: the comment names the new item and roadmap.yaml has it', () => {
    assert.deepEqual(step('proposeResult'), { applied: true, ids: ['RM-32'] });
    assert.equal(
      step<string>('paymentAfterPropose').split('\n')[15],
      '  // HACK(RM-32): the gateway times out under load, so we retry twice',
    );
    const roadmap = step<string>('roadmapAfterPropose');
    const entry = roadmap.slice(roadmap.indexOf('  - id: RM-32')).split('\n').slice(0, 6);
    assert.deepEqual(entry, [
      '  - id: RM-32',
      '    title: the gateway times out under load, so we retry twice',
      '    kind: debt',
      '    status: proposed',
      '    objective: OBJ-TRUST',
      '    source: services/checkout/payment.ts:16',
    ]);
  });

  it('a refused Propose shows its reason as a message (Neovim discards command results)', () => {
    const reason =
      'The comment at services/checkout/payment.ts:16 moved or changed since the action was offered; nothing was edited. Run the action again.';
    assert.deepEqual(step('refusedResult'), { applied: false, ids: [], message: reason });
    assert.deepEqual(recorded.messages, [{ type: 2, message: `Roadmap Links: ${reason}` }]);
  });

  it('rename from the code, applied by Neovim: every annotation and the item', () => {
    const payment = step<string>('paymentAfterRename').split('\n');
    assert.equal(payment[0], '// @roadmap RM-120');
    assert.equal(payment[9], '  // TODO(RM-120): cache the tax table instead of fetching it per request');
    const roadmap = step<string>('roadmapAfterRename');
    assert.match(roadmap, /^ {2}- id: RM-120$/m);
    assert.match(roadmap, /^ {4}dependsOn: \[RM-120\]$/m);
    assert.doesNotMatch(roadmap, /- id: RM-12$/m);
  });
});

/** The README's "Neovim 0.7" Lua block, as a user pastes it into init.lua. */
function readmeNeovim07Config(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /^\*\*Neovim 0\.7\*\*[^]*?\n```lua\n([^]*?)\n```\n/m.exec(readme);
  assert.ok(block, 'README.md has a "**Neovim 0.7**" paragraph followed by a ```lua block');
  return block[1] + '\n';
}

/**
 * Runs nvim with the README's 0.7 block as its init.lua on services/checkout/payment.ts of a copy of the
 * demo (`arrange` changes the copy first), started in services/ with a relative file name.
 */
function runReadmeConfig(arrange: (demo: string) => void = () => {}): { demo: string; recorded: Recorded } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-nvim-config-'));
  const demo = path.join(tmp, 'demo');
  fs.cpSync(path.join(ROOT, 'examples', 'demo'), demo, { recursive: true });
  arrange(demo);
  // The config runs `roadmap-links-server` from PATH, as `npm install -g roadmap-links` puts it there.
  const bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'roadmap-links-server'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(SERVER)} "$@"\n`,
    { mode: 0o755 },
  );
  const config = path.join(tmp, 'init.lua');
  fs.writeFileSync(config, readmeNeovim07Config());
  const out = path.join(tmp, 'out.json');
  const run = spawnSync(
    'nvim',
    [
      '--headless',
      '-u',
      config,
      '-i',
      'NONE',
      'checkout/payment.ts',
      '-c',
      `luafile ${path.join(__dirname, 'neovimConfig.lua')}`,
    ],
    {
      cwd: path.join(demo, 'services'),
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
        OTHER: path.join(demo, 'services', 'checkout', 'retry.ts'),
        OUT: out,
      },
      encoding: 'utf8',
      timeout: 110_000,
    },
  );
  assert.ok(fs.existsSync(out), `Neovim wrote no results (exit ${run.status}): ${run.stderr.slice(-1000)}`);
  const recorded = JSON.parse(fs.readFileSync(out, 'utf8')) as Recorded;
  assert.equal(recorded.error, undefined, `the Lua steps failed: ${recorded.error}`);
  return { demo, recorded };
}

describe("Neovim 0.7: the README's config, as a user's init.lua", function () {
  this.timeout(240_000);
  const version = neovimVersion();
  let demo: string;
  let recorded: Recorded;

  before(function () {
    if (!version) {
      console.log('      (skipped: nvim is not installed; `apt-get install neovim` or `bash .ci/run` installs it)');
      this.skip();
    }
    assert.ok(fs.existsSync(SERVER), 'dist/server.js is built by `npm test` before mocha runs');
    ({ demo, recorded } = runReadmeConfig());
  });

  const step = <T>(name: string): T => recorded.steps[name] as T;

  it(`${version ?? 'nvim'}: diagnostics arrive, with the config's unlinkedDebtSeverity (hint)`, () => {
    const diagnostics = step<{ line: number; col: number; severity: number; message: string }[]>('diagnostics');
    const unlinked = diagnostics.find((d) => d.line === 15);
    assert.deepEqual(unlinked && [unlinked.col, unlinked.severity], [5, 4]);
    assert.match(unlinked!.message, /^Unlinked debt: "HACK: the gateway times out/);
    assert.ok(diagnostics.some((d) => d.message.startsWith('Unknown roadmap item "RM-2"')));
  });

  it('hover on TODO(RM-12) returns the item', () => {
    const hover = step<{ kind: string; value: string }>('hover');
    assert.equal(hover.value.split('\n')[0], '**RM-12** · Checkout p99 under 300 ms');
  });

  it('one client for the roadmap root, attached to both files read below it', () => {
    assert.deepEqual(step('clients'), [
      {
        name: 'roadmap-links',
        root: demo,
        attached: [
          path.join(demo, 'services', 'checkout', 'payment.ts'),
          path.join(demo, 'services', 'checkout', 'retry.ts'),
        ],
      },
    ]);
  });

  it("no roadmap.yaml above the file (the roadmap is under .roadmap/): the git repository's top is the root", () => {
    const repo = runReadmeConfig((copy) => {
      fs.renameSync(path.join(copy, 'roadmap.yaml'), path.join(copy, '.roadmap', 'main.yaml'));
      fs.mkdirSync(path.join(copy, '.git'));
    });
    const clients = repo.recorded.steps.clients as { root: string; attached: string[] }[];
    assert.deepEqual(
      clients.map((client) => [client.root, client.attached.length]),
      [[repo.demo, 2]],
    );
    const hover = repo.recorded.steps.hover as { value: string };
    assert.equal(hover.value.split('\n')[0], '**RM-12** · Checkout p99 under 300 ms');
  });
});
