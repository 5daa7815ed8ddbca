/** A workspace without a roadmap, over LSP: no code is judged, and "Create roadmap.yaml" makes one safely. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CreateRoadmapResult } from '../../server/src/protocol';
import { ensureBuilt, TestClient, uriOf } from './lspClient';

/** A folder named `name` (its objective is named after it) in a new temporary folder, holding `files`. */
function workspace(files: Record<string, string>, name = 'shop'): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-create-')), name);
  fs.mkdirSync(root);
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  }
  return root;
}

describe('create roadmap.yaml (over LSP)', function () {
  this.timeout(60000);
  let root: string;
  let client: TestClient;
  const create = (args: unknown[]) =>
    client.request<CreateRoadmapResult>('workspace/executeCommand', {
      command: 'roadmapLinks.createRoadmap',
      arguments: args,
    });

  before(async () => {
    ensureBuilt();
    root = workspace({
      'clients/Fetcher.java':
        '// TODO(KAFKA-12410): retry the fetch\n// TODO KAFKA-13284: rebalance\n// TODO(RM-7): an ID of a roadmap that is gone\nclass Fetcher {}\n',
      'src/io.py': '# TODO(#77): close the handle\n# TODO: UTF-8 decoding\n',
    });
    client = new TestClient({ folders: [root] });
    await client.start();
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  it('judges no code without a roadmap file, and says there is none', async () => {
    const fetcher = path.join(root, 'clients/Fetcher.java');
    await client.open(fetcher);
    const tree = await client.request<{ roadmapFiles: string }>('roadmapLinks/tree', {});
    assert.strictEqual(tree.roadmapFiles, 'none');
    assert.deepStrictEqual(client.diagnosticsOf(fetcher), []);
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri: uriOf(fetcher) },
      position: { line: 0, character: 10 },
    });
    assert.strictEqual(hover, null);
  });

  it('refuses a folder outside the workspace', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-elsewhere-'));
    try {
      const result = await create([{ folderUri: uriOf(elsewhere) }]);
      assert.strictEqual(result.applied, false);
      assert.match(result.message!, /workspace folder/);
      assert.strictEqual(fs.existsSync(path.join(elsewhere, 'roadmap.yaml')), false);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('creates roadmap.yaml with the cited trackers through one CreateFile + insert edit, then judges the code', async () => {
    const result = await create([]);
    const file = path.join(root, 'roadmap.yaml');
    assert.deepStrictEqual(result, { applied: true, ids: [], uri: uriOf(file), trackers: ['KAFKA', '#'] });
    const edit = client.appliedEdits[client.appliedEdits.length - 1].edit;
    assert.deepStrictEqual(edit.documentChanges?.[0], {
      kind: 'create',
      uri: uriOf(file),
      options: { overwrite: false, ignoreIfExists: false },
    });
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^version: 2$/m);
    assert.match(text, /^ {2}- id: OBJ-SHOP$/m, 'the objective is named after the folder, as init names it');
    assert.match(text, /- prefix: "KAFKA" {3}# 2 keys in comments, e\.g\. KAFKA-12410/);
    assert.match(text, /- prefix: "#"/);
    assert.doesNotMatch(text, /UTF/);
    // Now there is a roadmap: the tickets are "tracked outside the roadmap", the plain TODO is unlinked debt.
    const io = path.join(root, 'src/io.py');
    await client.until(() => client.diagnosticsOf(io).length === 2, 'the code judged against the new roadmap');
    assert.deepStrictEqual(
      client.diagnosticsOf(io).map((d) => [d.code, d.range.start.line]),
      [
        ['ticket-not-on-roadmap', 0],
        ['unlinked-debt', 1],
      ],
    );
    const tree = await client.request<{ roadmapFiles: string }>('roadmapLinks/tree', {});
    assert.strictEqual(tree.roadmapFiles, 'found');
    assert.deepStrictEqual(client.diagnosticsOf(file), [], 'the skeleton has no problem');
    // The first proposal goes into it with the roadmap's default prefix, which the trackers left free.
    const proposed = await client.request<CreateRoadmapResult>('workspace/executeCommand', {
      command: 'roadmapLinks.propose',
      arguments: [{ uri: uriOf(io), line: 1, character: 2, expectedText: 'UTF-8 decoding' }],
    });
    assert.deepStrictEqual(
      proposed,
      { applied: true, ids: ['RM-1'] },
      'RM is no tracker, although a comment cites RM-7',
    );
    assert.match(
      fs.readFileSync(file, 'utf8'),
      /- id: RM-1\n\s+title: UTF-8 decoding\n\s+kind: debt\n\s+status: proposed\n\s+objective: OBJ-SHOP/,
    );
  });

  it('never overwrites an existing file', async () => {
    const file = path.join(root, 'roadmap.yaml');
    fs.writeFileSync(file, 'version: 2\n# the team wrote this\n');
    const edits = client.appliedEdits.length;
    const result = await create([]);
    assert.strictEqual(result.applied, false);
    assert.match(result.message!, /already exists .*nothing was overwritten/);
    assert.strictEqual(client.appliedEdits.length, edits, 'no edit was even asked for');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'version: 2\n# the team wrote this\n');
  });

  it("in a CRLF checkout, the created roadmap.yaml has the checkout's CRLF line breaks", async () => {
    const crlf = workspace({ 'src/a.ts': '// TODO: first\r\nexport const a = 1;\r\n', 'src/b.py': '# FIXME: x\r\n' });
    const other = new TestClient({ folders: [crlf] });
    try {
      await other.start();
      const result = await other.request<CreateRoadmapResult>('workspace/executeCommand', {
        command: 'roadmapLinks.createRoadmap',
        arguments: [],
      });
      assert.strictEqual(result.applied, true);
      const text = fs.readFileSync(path.join(crlf, 'roadmap.yaml'), 'utf8');
      assert.ok(text.endsWith('items:\r\n'), JSON.stringify(text.slice(-20)));
      assert.strictEqual(text.split('\r\n').length, text.split('\n').length, 'every line break is CRLF');
    } finally {
      await other.stop();
      fs.rmSync(path.dirname(crlf), { recursive: true, force: true });
    }
  });
});

describe('create roadmap.yaml in a multi-root workspace (over LSP)', function () {
  this.timeout(60000);
  let parent: string;
  const createIn = (client: TestClient, folder: string) =>
    client.request<CreateRoadmapResult>('workspace/executeCommand', {
      command: 'roadmapLinks.createRoadmap',
      arguments: [{ folderUri: uriOf(folder) }],
    });
  /** The IDs a roadmap file defines (objectives and items: `- id: X`). */
  const idsIn = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/^\s*- id: (\S+)$/gm)].map((m) => m[1]);
  const prefixesIn = (file: string) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/^\s*- prefix: "([^"]+)"/gm)].map((m) => m[1]);

  before(() => {
    ensureBuilt();
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-create-multi-'));
  });

  after(() => fs.rmSync(parent, { recursive: true, force: true }));

  it("gives the second folder's roadmap its own objective and none of the first's trackers: no duplicate in the workspace", async () => {
    const web = path.join(parent, 'web');
    const api = path.join(parent, 'api');
    for (const [file, text] of [
      [path.join(web, 'src/pay.ts'), '// TODO(#12): round the total\n// TODO(SHOP-101): cache the rates\n'],
      [path.join(api, 'src/retry.ts'), '// FIXME(#40): retry once\n// TODO(KAFKA-7): rebalance\n'],
    ]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    const client = new TestClient({ folders: [web, api] });
    try {
      await client.start();
      const first = await createIn(client, web);
      assert.deepStrictEqual(first, {
        applied: true,
        ids: [],
        uri: uriOf(path.join(web, 'roadmap.yaml')),
        trackers: ['#', 'SHOP'],
      });
      const second = await createIn(client, api);
      assert.deepStrictEqual(second, {
        applied: true,
        ids: [],
        uri: uriOf(path.join(api, 'roadmap.yaml')),
        trackers: ['KAFKA'],
        declaredAlready: ['#'],
      });
      const webRoadmap = path.join(web, 'roadmap.yaml');
      const apiRoadmap = path.join(api, 'roadmap.yaml');
      assert.deepStrictEqual(idsIn(webRoadmap), ['OBJ-WEB']);
      assert.deepStrictEqual(idsIn(apiRoadmap), ['OBJ-API']);
      assert.deepStrictEqual(prefixesIn(apiRoadmap), ['KAFKA'], 'the # tracker web declares is not declared again');
      assert.doesNotMatch(fs.readFileSync(apiRoadmap, 'utf8'), /^northStar:/m, "web's north star is the workspace's");
      assert.match(fs.readFileSync(webRoadmap, 'utf8'), /^northStar:/m);
      // Only the folder's own comments: SHOP is cited in web alone, so api does not declare it.
      assert.deepStrictEqual(prefixesIn(webRoadmap), ['#', 'SHOP']);
      // The workspace as the editor shows it: every file judged, no ID or tracker reported twice.
      const retry = path.join(api, 'src/retry.ts');
      await client.until(
        () => client.diagnosticsOf(retry).some((d) => d.code === 'ticket-not-on-roadmap'),
        "api's code judged against both roadmaps",
      );
      const codes = [webRoadmap, apiRoadmap, retry, path.join(web, 'src/pay.ts')].flatMap((file) =>
        client.diagnosticsOf(file).map((d) => d.code),
      );
      assert.deepStrictEqual(
        codes.filter((code) => code === 'duplicate-id' || code === 'tracker-prefix'),
        [],
        codes.join(', '),
      );
      assert.deepStrictEqual(client.diagnosticsOf(apiRoadmap), []);
    } finally {
      await client.stop();
    }
  });

  it('numbers the objective of a second folder of the same name (OBJ-APP-2), and refuses a folder that has a roadmap', async () => {
    const one = path.join(parent, 'one', 'app');
    const two = path.join(parent, 'two', 'app');
    fs.mkdirSync(one, { recursive: true });
    fs.mkdirSync(path.join(two, '.roadmap'), { recursive: true });
    fs.writeFileSync(path.join(two, '.roadmap', 'team.yaml'), 'version: 2\nitems: []\n');
    const three = path.join(parent, 'three', 'app');
    fs.mkdirSync(three, { recursive: true });
    const client = new TestClient({ folders: [one, two, three] });
    try {
      await client.start();
      const refused = await createIn(client, two);
      assert.strictEqual(refused.applied, false);
      assert.match(refused.message!, /^app has a roadmap already \(\.roadmap[/\\]team\.yaml\); nothing was written\.$/);
      assert.strictEqual(fs.existsSync(path.join(two, 'roadmap.yaml')), false);
      assert.strictEqual((await createIn(client, one)).applied, true);
      assert.strictEqual((await createIn(client, three)).applied, true);
      assert.deepStrictEqual(idsIn(path.join(one, 'roadmap.yaml')), ['OBJ-APP']);
      assert.deepStrictEqual(idsIn(path.join(three, 'roadmap.yaml')), ['OBJ-APP-2']);
    } finally {
      await client.stop();
    }
  });

  it('refuses a package of a repository whose root has the roadmap, as init does, whether or not the root is open', async () => {
    const repo = path.join(parent, 'mono');
    const pkg = path.join(repo, 'packages', 'web');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(repo, 'roadmap.yaml'), 'version: 2\nitems: []\n');
    fs.writeFileSync(path.join(pkg, 'index.ts'), '// TODO: split the bundle\n');
    const roadmap = path.join(repo, 'roadmap.yaml');
    for (const [folders, message] of [
      [
        [pkg],
        `The repository has a roadmap already (${roadmap}); nothing was written. Add ${repo} to the workspace to use it.`,
      ],
      [[repo, pkg], `The repository's roadmap (${roadmap}) is this workspace's already; nothing was written.`],
    ] as const) {
      const client = new TestClient({ folders: [...folders] });
      try {
        await client.start();
        const refused = await createIn(client, pkg);
        assert.strictEqual(refused.applied, false);
        assert.strictEqual(refused.message, message);
        assert.strictEqual(fs.existsSync(path.join(pkg, 'roadmap.yaml')), false);
      } finally {
        await client.stop();
      }
    }
  });
});
