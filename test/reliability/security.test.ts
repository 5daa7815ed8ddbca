/**
 * Security at the server (and the CLI for `--base`): an untrusted workspace is neither edited nor
 * handed to git; settings and roadmap fields naming `../` paths never make the server read or write
 * outside the workspace; a base ref is always one argument to git, never shell text or an option.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResponseError, type CodeLens, type Hover } from 'vscode-languageserver-protocol';
import type { ChangeReport } from '../../server/src/core/changes';
import type { CommandResult, TreeResult } from '../../server/src/protocol';
import { ensureBuilt, ROOT, TestClient, uriOf } from '../server/lspClient';
import { makeFakeGit } from '../gitEnv';
import { assertHealthy, git, makeWorkspace, removeWorkspace, ROADMAP } from './serverHelpers';
import { addTally } from './tally';

const SOURCE = 'export const rate = 0.2;\n// TODO(RM-1): cache the tax table\n// HACK: retry twice under load\n';
const HACK = { line: 2, character: 3, expectedText: 'retry twice under load' };
const PROBE = { position: { line: 1, character: 9 }, expect: /Cache the tax table/ };

function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.name === '.git') continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.set(path.relative(root, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return files;
}

describe('reliability: security', function () {
  // Long on a busy machine; the timeout only catches a hang (see test/waiting.ts).
  this.timeout(600_000);
  let workspace: string | undefined;
  let outside: string | undefined;
  let client: TestClient | undefined;
  let fakeGit: ReturnType<typeof makeFakeGit> | undefined;

  before(() => ensureBuilt());

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    removeWorkspace(workspace);
    removeWorkspace(outside);
    fakeGit?.dispose();
    workspace = outside = fakeGit = undefined;
  });

  /** A committed workspace with a fake git first on the server's PATH, recording every call. */
  const start = async (
    options: { trusted?: boolean; settings?: Record<string, unknown>; files?: Record<string, string> } = {},
  ) => {
    // The workspace sits in its own parent folder, so "../" from it lands in a folder the test owns.
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-rel-outside-'));
    workspace = path.join(outside, 'workspace');
    fs.mkdirSync(workspace);
    const root = workspace;
    const created = makeWorkspace('sec', { 'roadmap.yaml': ROADMAP, 'src/tax.ts': SOURCE, ...options.files });
    fs.cpSync(created, root, { recursive: true });
    removeWorkspace(created);
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'initial');
    fakeGit = makeFakeGit();
    client = new TestClient({
      folders: [root],
      trusted: options.trusted,
      settings: options.settings,
      env: fakeGit.env,
    });
    await client.start();
    return { root, client, fakeGit, probe: { ...PROBE, file: path.join(root, 'src/tax.ts') } };
  };

  const propose = (client: TestClient, file: string) =>
    client.request<CommandResult>('workspace/executeCommand', {
      command: 'roadmapLinks.propose',
      arguments: [{ uri: uriOf(file), ...HACK }],
    });

  it('the fake git really is the one the server runs (so that "no git" below means something)', async () => {
    const { client, fakeGit } = await start();
    const report = await client.request<ChangeReport>('roadmapLinks/changes', {});
    assert.deepStrictEqual(report.files, []);
    assert.ok(fakeGit.invocations().length > 0, 'the trusted server ran no git through the fake');
  });

  it('an untrusted workspace: propose edits nothing and says why; changes runs no git', async () => {
    const { root, client, fakeGit, probe } = await start({ trusted: false });
    const before = snapshot(root);
    const result = await propose(client, probe.file);
    assert.deepStrictEqual(result, {
      applied: false,
      ids: [],
      message: 'This workspace is not trusted: Roadmap Links does not edit files in it.',
    });
    const link = await client.request<CommandResult>('workspace/executeCommand', {
      command: 'roadmapLinks.linkExisting',
      arguments: [{ uri: uriOf(probe.file), ...HACK, id: 'RM-1' }],
    });
    assert.strictEqual(link.applied, false);
    const all = await client.request<CommandResult>('workspace/executeCommand', {
      command: 'roadmapLinks.proposeAllInFile',
      arguments: [{ uri: uriOf(probe.file) }],
    });
    assert.strictEqual(all.applied, false);
    assert.deepStrictEqual(client.appliedEdits, [], 'a workspace/applyEdit request was sent');
    assert.deepStrictEqual(snapshot(root), before);

    const error = await client.request('roadmapLinks/changes', {}).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof ResponseError);
    assert.strictEqual(error.message, 'This workspace is not trusted: Roadmap Links runs no git in it.');
    assert.deepStrictEqual(fakeGit.invocations(), [], 'git ran in an untrusted workspace');
    // Reading still works: the editor shows diagnostics and hovers in restricted mode.
    await assertHealthy(client, probe);
    addTally({ faultsInjected: 4 });
  });

  for (const target of [
    '../outside.yaml',
    '../../outside.yaml',
    '/tmp/roadmap-links-absolute-outside.yaml',
    'sub/../../outside.yaml',
  ]) {
    it(`a proposalTarget of ${target} does not make the server write outside the workspace`, async () => {
      const { root, client, probe } = await start({ settings: { proposalTarget: target } });
      const result = await propose(client, probe.file);
      assert.strictEqual(result.applied, true, JSON.stringify(result));
      const touched = client.appliedEdits.flatMap((edit) => [
        ...Object.keys(edit.edit.changes ?? {}),
        ...(edit.edit.documentChanges ?? []).map((change) =>
          'kind' in change ? ('uri' in change ? change.uri : change.oldUri) : change.textDocument.uri,
        ),
      ]);
      assert.ok(touched.length > 0);
      for (const uri of touched)
        assert.ok(uri.startsWith(uriOf(root) + '/'), `the edit touches ${uri}, outside ${root}`);
      assert.deepStrictEqual(
        [...new Set(touched)].sort(),
        [uriOf(path.join(root, 'roadmap.yaml')), uriOf(probe.file)].sort(),
      );
      assert.ok(!fs.existsSync(path.resolve(root, target)), `${target} was created`);
      assert.ok(
        client.logs.some((line) =>
          line.includes(`ignoring roadmapLinks.proposalTarget outside the workspace folder: ${target}`),
        ),
        client.logs.join('\n'),
      );
      addTally({ faultsInjected: 1 });
    });
  }

  it('"paths", "source" and roadmapFiles naming ../ never make the server read outside the workspace', async () => {
    const secret = `SECRET-${process.pid}-${Date.now()}`;
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-rel-parent-'));
    fs.writeFileSync(path.join(parent, 'secret.ts'), `// TODO(RM-1): ${secret}\n`);
    fs.writeFileSync(
      path.join(parent, 'roadmap.yaml'),
      `items:\n  - {id: RM-66, title: "${secret}", status: proposed}\n`,
    );
    try {
      const rel = path.relative(path.join(os.tmpdir(), 'x', 'workspace'), parent);
      const roadmap = ROADMAP.replace(
        '    status: proposed',
        `    status: proposed\n    paths: ['../**', '${rel}/**', '/**']\n    source: ${rel}/secret.ts:1`,
      );
      const { root, client, probe } = await start({
        files: { 'roadmap.yaml': roadmap },
        settings: { roadmapFiles: ['roadmap.yaml', `${rel}/roadmap.yaml`, '../**/*.yaml', `${parent}/roadmap.yaml`] },
      });
      // Something outside changes too; the report must not see it.
      fs.appendFileSync(path.join(parent, 'secret.ts'), `// FIXME: ${secret}\n`);
      fs.appendFileSync(probe.file, '// FIXME(RM-2): a change inside\n');
      const answers: unknown[] = [
        await client.request<TreeResult>('roadmapLinks/tree', {}),
        await client.request<ChangeReport>('roadmapLinks/changes', {}),
        await client.request<Hover>('textDocument/hover', {
          textDocument: { uri: uriOf(path.join(root, 'roadmap.yaml')) },
          position: { line: 10, character: 9 },
        }),
        await client.request<CodeLens[]>('textDocument/codeLens', {
          textDocument: { uri: uriOf(path.join(root, 'roadmap.yaml')) },
        }),
        await client.request('workspace/symbol', { query: '' }),
        await client.request('textDocument/completion', {
          textDocument: { uri: uriOf(probe.file) },
          position: { line: 1, character: 8 },
        }),
      ];
      const everything = JSON.stringify(answers) + JSON.stringify([...client.diagnostics.values()]);
      assert.ok(!everything.includes(secret), 'a response holds the content of a file outside the workspace');
      const report = answers[1] as ChangeReport;
      assert.deepStrictEqual(
        report.files.map((file) => file.path),
        ['src/tax.ts'],
      );
      // The ../ globs match nothing: the change is tied to RM-2 only by its annotation.
      assert.deepStrictEqual(
        report.byItem.map((item) => [item.itemId, item.reasons]),
        [['RM-2', ['annotation']]],
      );
      await assertHealthy(client, probe);
      addTally({ faultsInjected: 3 });
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('a changes request for a folder outside the workspace is refused', async () => {
    const other = makeWorkspace('other-repo', { 'a.ts': '// TODO: other\n' });
    try {
      git(other, 'init', '-q', '-b', 'main');
      const { client, fakeGit } = await start();
      // The server's own background git (the history of the workspace) ends before counting starts.
      await client.request('roadmapLinks/dashboard', {});
      const calls = fakeGit.invocations().length;
      const error = await client.request('roadmapLinks/changes', { folderUri: uriOf(other) }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof ResponseError, 'the server reported on a repository outside the workspace');
      assert.match(error.message, /not a workspace folder/);
      assert.strictEqual(fakeGit.invocations().length, calls, 'git ran outside the workspace');
    } finally {
      removeWorkspace(other);
    }
  });

  describe('a base ref is one argument to git, never shell text or an option', () => {
    const marker = path.join(os.tmpdir(), `roadmap-links-pwned-${process.pid}`);
    const bases = [
      `main; touch ${marker}-1`,
      `$(touch ${marker}-2)`,
      `\`touch ${marker}-3\``,
      `main && touch ${marker}-4`,
      `main | touch ${marker}-5`,
      `--output=${marker}-6`,
      `-o${marker}-7`,
      `main\ntouch ${marker}-8`,
      `main --output=${marker}-9`,
    ];

    afterEach(() => {
      for (let n = 1; n <= bases.length; n++) fs.rmSync(`${marker}-${n}`, { force: true });
    });

    it('over the protocol: each is an unknown base, and no file is created', async () => {
      const { root, client, fakeGit, probe } = await start();
      for (const base of bases) {
        const before = fakeGit.invocations().length;
        const error = await client.request('roadmapLinks/changes', { base }).then(
          () => undefined,
          (failure: unknown) => failure,
        );
        assert.ok(error instanceof ResponseError, `base ${JSON.stringify(base)} gave a report`);
        assert.strictEqual(error.message, `Unknown base "${base}": no branch, tag or commit has that name.`);
        // The ref reached git whole, as one argument (or not at all, for one that looks like an option).
        const calls = fakeGit.invocations().slice(before);
        const asArgument = calls.filter((args) => args.includes(base));
        assert.strictEqual(
          asArgument.length,
          base.startsWith('-') ? 0 : 1,
          `${JSON.stringify(base)}: ${JSON.stringify(calls)}`,
        );
        addTally({ faultsInjected: 1 });
      }
      for (let n = 1; n <= bases.length; n++) assert.ok(!fs.existsSync(`${marker}-${n}`), `${marker}-${n} was created`);
      assert.ok(!fs.existsSync(path.join(root, 'x')));
      await assertHealthy(client, probe);
    });

    it('on the command line (roadmap-links changes --base)', async () => {
      const { root } = await start();
      const cli = path.join(ROOT, 'dist', 'cli.js');
      for (const base of bases) {
        const result = spawnSync(process.execPath, [cli, 'changes', root, `--base=${base}`], {
          encoding: 'utf8',
          timeout: 20000,
        });
        assert.strictEqual(
          result.status,
          2,
          `${JSON.stringify(base)}: exit ${result.status}\n${result.stdout}\n${result.stderr}`,
        );
        assert.match(
          result.stderr,
          new RegExp(`Unknown base "${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`),
          result.stderr,
        );
      }
      for (let n = 1; n <= bases.length; n++) assert.ok(!fs.existsSync(`${marker}-${n}`), `${marker}-${n} was created`);
      addTally({ faultsInjected: bases.length });
    });
  });
});
