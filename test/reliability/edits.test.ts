/**
 * Issue #9 points 1, 4, 5 and 8, over the real protocol: the server edits only regular roadmap files
 * inside the workspace (never through a symlink); every edit is computed from the file's current text
 * and refused when the file changed before it was sent; rename renames every mention and nothing for
 * the same ID; a client that never answers a request delays nothing for ever.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { readTextFile, WorkspaceIndex } from '../../server/src/core/workspace';
import { DEFAULT_COMPILED_SETTINGS } from '../../server/src/core/settings';
import { sendEdit, snapshotOf, type EditHost } from '../../server/src/lsp/edits';
import type { CommandResult } from '../../server/src/protocol';
import { applyWorkspaceEditToDisk, ensureBuilt, TestClient, uriOf, type ClientOptions } from '../server/lspClient';
import { ROADMAP, removeWorkspace } from './serverHelpers';
import { addTally } from './tally';

const SOURCE = 'export const rate = 0.2;\n// HACK: retry twice under load\n';
const HACK = { line: 1, character: 3, expectedText: 'retry twice under load' };

describe('reliability: edits stay inside, on current text, and never wait for ever', function () {
  this.timeout(60000);
  let outside: string;
  let root: string;
  let client: TestClient | undefined;
  before(() => ensureBuilt());
  beforeEach(() => {
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-edits-')));
    root = path.join(outside, 'workspace');
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/tax.ts'), SOURCE);
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    removeWorkspace(outside);
  });

  const start = async (options: Partial<ClientOptions> = {}) => {
    client = new TestClient({ folders: [root], ...options });
    await client.start();
    return client;
  };
  const propose = (c: TestClient) =>
    c.request<CommandResult>('workspace/executeCommand', {
      command: 'roadmapLinks.propose',
      arguments: [{ uri: uriOf(path.join(root, 'src/tax.ts')), ...HACK }],
    });

  describe('point 1: only regular roadmap files inside the workspace are written', () => {
    it('a roadmap.yaml that links outside (to a .bashrc) is refused, and the target is untouched', async () => {
      const bashrc = path.join(outside, '.bashrc');
      fs.writeFileSync(bashrc, 'export PS1=x\n');
      fs.symlinkSync(bashrc, path.join(root, 'roadmap.yaml'));
      // The index never follows the link, so the real roadmap is another file; the setting names the link.
      fs.writeFileSync(path.join(root, 'team.roadmap.yaml'), ROADMAP);
      const c = await start({ settings: { proposalTarget: 'roadmap.yaml' } });
      const result = await propose(c);
      assert.deepStrictEqual(result, {
        applied: false,
        ids: [],
        message:
          'roadmap.yaml is a symbolic link; Roadmap Links edits only regular files inside the workspace, so nothing was edited.',
      });
      assert.deepStrictEqual(c.appliedEdits, []);
      assert.strictEqual(fs.readFileSync(bashrc, 'utf8'), 'export PS1=x\n');
      addTally({ faultsInjected: 1 });
    });

    it('a roadmap folder linked outside the workspace is refused', async () => {
      fs.mkdirSync(path.join(outside, 'elsewhere'));
      fs.writeFileSync(path.join(outside, 'elsewhere', 'team.yaml'), ROADMAP);
      fs.symlinkSync(path.join(outside, 'elsewhere'), path.join(root, '.roadmap'));
      fs.writeFileSync(path.join(root, 'team.roadmap.yaml'), ROADMAP);
      const c = await start({ settings: { proposalTarget: '.roadmap/team.yaml' } });
      const result = await propose(c);
      assert.strictEqual(
        result.message,
        '.roadmap/team.yaml resolves outside the workspace folder (through a symbolic link); nothing was edited.',
      );
      assert.strictEqual(fs.readFileSync(path.join(outside, 'elsewhere', 'team.yaml'), 'utf8'), ROADMAP);
      addTally({ faultsInjected: 1 });
    });

    for (const target of ['README.md', 'src/tax.ts']) {
      it(`a proposalTarget naming ${target}, not a roadmap file, is refused`, async () => {
        fs.writeFileSync(path.join(root, 'roadmap.yaml'), ROADMAP);
        fs.writeFileSync(path.join(root, 'README.md'), '# Readme\n');
        const c = await start({ settings: { proposalTarget: target } });
        const result = await propose(c);
        assert.strictEqual(
          result.message,
          `${target} is not a roadmap file (roadmap.yaml, *.roadmap.yaml, .roadmap/*.yaml or roadmapLinks.roadmapFiles); nothing was edited.`,
        );
        assert.deepStrictEqual(c.appliedEdits, []);
        addTally({ faultsInjected: 1 });
      });
    }
  });

  describe('point 4: every edit is computed from, and pinned to, the current text', () => {
    /** A fake host around a real index: disk texts, no open documents, a counted applyEdit. */
    const fakeSession = (applyEdit: () => Promise<{ applied: boolean }>) => {
      const index = new WorkspaceIndex([root], DEFAULT_COMPILED_SETTINGS);
      let calls = 0;
      const session: EditHost = {
        index,
        supportsDocumentChanges: true,
        currentText: async (file) => {
          const outcome = await readTextFile(file, 1024 * 1024);
          return outcome.ok ? outcome.text : undefined;
        },
        documentVersion: () => null,
        applyEdit: () => (calls++, applyEdit()),
      };
      return { session, calls: () => calls };
    };

    it('a closed file changed on disk after the edit was computed: refused, nothing sent', async () => {
      const roadmap = path.join(root, 'roadmap.yaml');
      fs.writeFileSync(roadmap, ROADMAP);
      const { session, calls } = fakeSession(async () => ({ applied: true }));
      const snapshot = await snapshotOf(session, roadmap);
      fs.appendFileSync(roadmap, '  - id: RM-9\n    title: Added by a teammate\n');
      const result = await sendEdit(session, 'Propose RM-3', { changes: {} }, [snapshot]);
      assert.strictEqual(
        result,
        'roadmap.yaml changed while the edit was being prepared; nothing was edited. Run the action again.',
      );
      assert.strictEqual(calls(), 0);
      // Unchanged: sent.
      assert.strictEqual(
        await sendEdit(session, 'Propose RM-3', { changes: {} }, [await snapshotOf(session, roadmap)]),
        undefined,
      );
      assert.strictEqual(calls(), 1);
    });

    it('a rename from an index that is behind the disk edits the current text (no "const a RM-7")', async () => {
      fs.writeFileSync(path.join(root, 'roadmap.yaml'), ROADMAP);
      fs.writeFileSync(path.join(root, 'src/a.ts'), '// TODO(RM-1): cache\n');
      const c = await start();
      // Changed behind the server's back (no watched-file event): the index still has the old text.
      fs.writeFileSync(path.join(root, 'src/a.ts'), 'const a = 1;\n// TODO(RM-1): cache\n');
      const roadmapLines = ROADMAP.split('\n');
      const line = roadmapLines.findIndex((text) => text.includes('id: RM-1'));
      const edit = await c.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri: uriOf(path.join(root, 'roadmap.yaml')) },
        position: { line, character: roadmapLines[line].indexOf('RM-1') + 1 },
        newName: 'RM-7',
      });
      applyWorkspaceEditToDisk(edit);
      assert.strictEqual(fs.readFileSync(path.join(root, 'src/a.ts'), 'utf8'), 'const a = 1;\n// TODO(RM-7): cache\n');
      assert.strictEqual(
        fs.readFileSync(path.join(root, 'roadmap.yaml'), 'utf8'),
        ROADMAP.replace('id: RM-1', 'id: RM-7'),
      );
      addTally({ faultsInjected: 1, editRoundTrips: 1 });
    });

    it('an open document: the edit carries its version', async () => {
      fs.writeFileSync(path.join(root, 'roadmap.yaml'), ROADMAP);
      const c = await start();
      const file = path.join(root, 'src/tax.ts');
      await c.open(file, SOURCE, 'typescript');
      await c.change(file, SOURCE);
      const result = await propose(c);
      assert.strictEqual(result.applied, true, result.message);
      const changes = c.appliedEdits[0].edit.documentChanges ?? [];
      const versions = changes.flatMap((change) =>
        'textDocument' in change ? [[change.textDocument.uri, change.textDocument.version]] : [],
      );
      assert.deepStrictEqual(versions, [
        [uriOf(path.join(root, 'roadmap.yaml')), null],
        [uriOf(file), 2],
      ]);
    });
  });

  describe('point 5: rename', () => {
    const renameAt = async (c: TestClient, newName: string) => {
      const lines = ROADMAP.split('\n');
      const line = lines.findIndex((text) => text.includes('id: RM-1'));
      return c.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri: uriOf(path.join(root, 'roadmap.yaml')) },
        position: { line, character: lines[line].indexOf('RM-1') },
        newName,
      });
    };

    it('renames every mention in an annotation', async () => {
      fs.writeFileSync(path.join(root, 'roadmap.yaml'), ROADMAP);
      fs.writeFileSync(path.join(root, 'src/a.ts'), '// TODO(RM-1): see also RM-1, not RM-10\n');
      const c = await start();
      applyWorkspaceEditToDisk(await renameAt(c, 'RM-7'));
      assert.strictEqual(
        fs.readFileSync(path.join(root, 'src/a.ts'), 'utf8'),
        '// TODO(RM-7): see also RM-7, not RM-10\n',
      );
    });

    it('a rename to the same ID edits nothing', async () => {
      fs.writeFileSync(path.join(root, 'roadmap.yaml'), ROADMAP);
      fs.writeFileSync(path.join(root, 'src/a.ts'), '// TODO(RM-1): x\n');
      const c = await start();
      assert.deepStrictEqual(await renameAt(c, 'RM-1'), { documentChanges: [] });
    });
  });

  describe('point 8: a client that never answers', () => {
    const env = { ROADMAP_LINKS_CLIENT_TIMEOUT_MS: '1000' };

    it('an unanswered workspace/applyEdit does not block the next proposal', async () => {
      fs.writeFileSync(path.join(root, 'roadmap.yaml'), ROADMAP);
      const c = await start({ env, unanswered: ['workspace/applyEdit'] });
      for (let attempt = 0; attempt < 2; attempt++) {
        const result = await propose(c);
        assert.deepStrictEqual(result, {
          applied: false,
          ids: [],
          message:
            'The editor did not answer the edit request within 1 s; Roadmap Links stopped waiting (the editor may still apply it).',
        });
      }
      assert.strictEqual(c.appliedEdits.length, 2, 'the second proposal waited behind the first for ever');
      addTally({ faultsInjected: 2 });
    });

    it('unanswered workspace/configuration and workDoneProgress/create: the server still indexes, with defaults', async () => {
      fs.writeFileSync(path.join(root, 'roadmap.yaml'), ROADMAP);
      // start() waits for the index: it would time out if indexing never began.
      const c = await start({
        env,
        unanswered: ['workspace/configuration', 'window/workDoneProgress/create'],
        settings: { tags: ['NOPE'] },
      });
      await c.until(
        () => c.diagnosticsOf(path.join(root, 'src/tax.ts')).some((d) => d.code === 'unlinked-debt'),
        'the HACK diagnostic (default tags)',
      );
      assert.ok(
        c.logs.some((line) => line.includes('the client did not send settings within 1000 ms; using defaults')),
        c.logs.join('\n'),
      );
      addTally({ faultsInjected: 2 });
    });
  });
});
