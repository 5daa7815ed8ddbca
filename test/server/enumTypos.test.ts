/**
 * Over the protocol: a value of an enumeration one typo away or in another case (`status: proposd`,
 * `kind: Debt`, `category: realiability`) says which value it meant, at the value, with the quick fix
 * "Change to …"; a value far from every one (`status: wip`) gets the list and no fix.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ensureBuilt, TestClient, uriOf } from './lspClient';

const ROADMAP = [
  'version: 2',
  'northStar:',
  '  statement: Ship what customers want',
  'objectives:',
  '  - id: OBJ-A',
  '    title: Customers trust checkout',
  'items:',
  '  - id: RM-1',
  '    title: Cache the tax table',
  '    kind: Debt', // 9
  '    status: proposd', // 10
  '    objective: OBJ-A',
  '    value:',
  '      metric: p99 latency',
  '      category: realiability', // 14
  '      baseline: 850',
  '      target: 300',
  '  - id: RM-2',
  '    title: Retry payments',
  '    kind: debt',
  '    status: wip', // 20
  '    objective: OBJ-A',
  '',
].join('\n');

describe('A mistyped value of an enumeration in a roadmap file', function () {
  let workspace: string;
  let client: TestClient;
  let roadmap: string;
  let diagnostics: Diagnostic[];

  before(async () => {
    ensureBuilt();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-enum-typos-'));
    roadmap = path.join(workspace, 'roadmap.yaml');
    fs.writeFileSync(roadmap, ROADMAP);
    client = new TestClient({ folders: [workspace] });
    await client.start();
    await client.until(
      () => client.diagnosticsOf(roadmap).filter((d) => d.code === 'schema').length >= 4,
      'the schema errors of roadmap.yaml',
    );
    diagnostics = client.diagnosticsOf(roadmap).filter((d) => d.code === 'schema');
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  /** The schema error on `line` (0-based), which must cover the value from `column` to the line's end. */
  const errorOn = (line: number, value: string): Diagnostic => {
    const found = diagnostics.find((d) => d.range.start.line === line);
    assert.ok(found, `no schema error on line ${line + 1}: ${JSON.stringify(diagnostics)}`);
    const character = ROADMAP.split('\n')[line].indexOf(value);
    assert.deepStrictEqual(found.range, {
      start: { line, character },
      end: { line, character: character + value.length },
    });
    return found;
  };

  const fixesOf = async (diagnostic: Diagnostic) =>
    (
      await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uriOf(roadmap) },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      })
    ).filter((action) => action.title.startsWith('Change to '));

  for (const [line, written, meant, list] of [
    [10, 'proposd', 'proposed', 'proposed, planned, in-progress, done, dropped'],
    [9, 'Debt', 'debt', 'feature, investment, debt'],
    [14, 'realiability', 'reliability', 'reliability, security, performance, velocity, customer, revenue'],
  ] as const) {
    it(`"${written}" says it means "${meant}" and offers "Change to ${meant}"`, async () => {
      const error = errorOn(line, written);
      assert.strictEqual(error.severity, 1);
      assert.match(error.message, new RegExp(`"${written}"; did you mean "${meant}"\\? Expected one of: ${list}\\.$`));
      const fixes = await fixesOf(error);
      assert.deepStrictEqual(
        fixes.map((fix) => [fix.title, fix.isPreferred]),
        [[`Change to ${meant}`, true]],
      );
      assert.deepStrictEqual(fixes[0].edit, {
        changes: { [uriOf(roadmap)]: [{ range: error.range, newText: meant }] },
      });
    });
  }

  it('a value far from every one ("wip") gets the list and no fix', async () => {
    const error = errorOn(20, 'wip');
    assert.strictEqual(
      error.message,
      'Unknown status "wip". Expected one of: proposed, planned, in-progress, done, dropped.',
    );
    assert.deepStrictEqual(await fixesOf(error), []);
  });
});
