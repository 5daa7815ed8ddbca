/**
 * The language server over the real protocol: spawn `dist/server.js --stdio`, open the demo
 * workspace, and check what an editor would show.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Hover,
  Location,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import type { CommandResult, ProposeArgs } from '../../server/src/protocol';
import { copyToTemp, ensureBuilt, ROOT, TestClient, uriOf } from './lspClient';

const DEMO = path.join(ROOT, 'examples', 'demo');

function positionOf(file: string, needle: string, offsetInNeedle = 0): { line: number; character: number } {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  for (let line = 0; line < lines.length; line++) {
    const character = lines[line].indexOf(needle);
    if (character >= 0) return { line, character: character + offsetInNeedle };
  }
  throw new Error(`${needle} not in ${file}`);
}

function rangeOf(file: string, needle: string) {
  const start = positionOf(file, needle);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

describe('language server over LSP (demo workspace)', function () {
  let workspace: string;
  let client: TestClient;
  const file = (relative: string) => path.join(workspace, relative);

  before(async () => {
    ensureBuilt();
    workspace = copyToTemp(DEMO, 'protocol');
    client = new TestClient({ folders: [workspace] });
    await client.start();
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('asks for its settings scoped to the workspace folder (files.exclude and search.exclude are resource settings)', () => {
    assert.deepEqual(
      client.configurationItems.slice(0, 3),
      ['roadmapLinks', 'files.exclude', 'search.exclude'].map((section) => ({ section, scopeUri: uriOf(workspace) })),
    );
  });

  it('reports the initial scan as work-done progress, from begin to end', () => {
    const kinds = client.progress.map((value) => value.kind);
    assert.strictEqual(kinds[0], 'begin');
    assert.strictEqual(client.progress[0].title, 'Roadmap Links: indexing');
    assert.strictEqual(kinds[kinds.length - 1], 'end');
    const last = client.progress.filter((value) => value.kind === 'report').pop();
    assert.ok(last, 'at least one report');
    assert.strictEqual(last.percentage, 100);
    assert.match(last.message!, /^(\d+)\/\1 files$/);
  });

  it('publishes roadmap diagnostics at the offending node', async () => {
    const roadmap = file('roadmap.yaml');
    await client.until(() => client.diagnosticsOf(roadmap).length > 0, 'roadmap diagnostics');
    const diagnostics = client.diagnosticsOf(roadmap);
    const unknownObjective = diagnostics.find((d) => d.code === 'unknown-objective');
    assert.ok(unknownObjective, JSON.stringify(diagnostics));
    assert.deepStrictEqual(unknownObjective.range, rangeOf(roadmap, 'OBJ-SECURE'));
    assert.strictEqual(unknownObjective.severity, 1);
    assert.match(unknownObjective.message, /OBJ-SECURE/);
    const unknownDependency = diagnostics.find((d) => d.code === 'unknown-dependency');
    assert.ok(unknownDependency);
    assert.deepStrictEqual(unknownDependency.range, rangeOf(roadmap, 'RM-99'));
    const missingValue = diagnostics.filter((d) => d.code === 'missing-value');
    assert.strictEqual(missingValue.length, 1, 'only RM-22 (in progress, no value); RM-31 in web.yaml is proposed');
    assert.strictEqual(missingValue[0].severity, 2);
    const webDiagnostics = client.diagnosticsOf(file('.roadmap/web.yaml'));
    const hint = webDiagnostics.find((d) => d.code === 'missing-value');
    assert.strictEqual(hint?.severity, 4, 'a proposed item without value gets a hint');
  });

  it('publishes code diagnostics: stale debt, unknown ID with a suggestion, unlinked debt', () => {
    const payment = file('services/checkout/payment.ts');
    const diagnostics = client.diagnosticsOf(payment);
    const stale = diagnostics.find((d) => d.code === 'stale-debt');
    assert.ok(stale, JSON.stringify(diagnostics));
    assert.deepStrictEqual(stale.range, rangeOf(payment, 'RM-3'));
    assert.strictEqual(stale.severity, 2);
    assert.match(stale.message, /RM-3 "Idempotent payment retries" is done/);
    const unknown = diagnostics.find((d) => d.code === 'unknown-item');
    assert.ok(unknown);
    assert.deepStrictEqual(unknown.range, rangeOf(payment, 'RM-2'));
    assert.strictEqual(unknown.severity, 1);
    assert.match(unknown.message, /^Unknown roadmap item "RM-2"\. Did you mean /);
    const unlinked = diagnostics.filter((d) => d.code === 'unlinked-debt');
    assert.strictEqual(unlinked.length, 1, 'the HACK only: the TODO in a string is no annotation');
    const hackStart = positionOf(payment, 'HACK: the gateway');
    const hackLine = fs.readFileSync(payment, 'utf8').split('\n')[hackStart.line];
    assert.deepStrictEqual(unlinked[0].range, {
      start: hackStart,
      end: { line: hackStart.line, character: hackLine.length },
    });
    assert.strictEqual(unlinked[0].severity, 3);
  });

  it('offers the closest existing IDs as quick fixes for an unknown ID', async () => {
    const payment = file('services/checkout/payment.ts');
    const unknown = client.diagnosticsOf(payment).find((d) => d.code === 'unknown-item')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(payment) },
      range: unknown.range,
      context: { diagnostics: [unknown] },
    });
    const fixes = actions.filter((action) => action.title.startsWith('Change to '));
    assert.deepStrictEqual(
      fixes.map((action) => action.title),
      // RM-3 is one edit away too, but done: linking debt to it would be stale debt at once.
      ['Change to RM-12', 'Change to RM-21', 'Change to RM-22'],
    );
    assert.deepStrictEqual(
      fixes.map((action) => action.isPreferred),
      [true, false, false],
    );
    assert.deepStrictEqual(fixes[0].edit, {
      changes: { [uriOf(payment)]: [{ range: rangeOf(payment, 'RM-2'), newText: 'RM-12' }] },
    });
  });

  it('hovers an annotation with its item, objective and value metric', async () => {
    const payment = file('services/checkout/payment.ts');
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(payment) },
      position: positionOf(payment, 'TODO(RM-12)', 7),
    });
    const text = (hover.contents as { value: string }).value;
    assert.match(text, /^\*\*RM-12\*\* · Checkout p99 under 300 ms · \[open\]\(command:roadmapLinks\.openLocation\?/);
    assert.ok(text.includes('investment · **in-progress** · owner: payments-team'), text);
    assert.ok(text.includes('Objective: **OBJ-TRUST** Customers trust checkout'), text);
    assert.ok(text.includes('North star: Ship what customers want, on time, without burning out the team'), text);
    assert.ok(
      text.includes('- Value: checkout p99 latency (reliability): 850 ms → 640 ms → 300 ms, 38% of the way'),
      text,
    );
    assert.ok(text.includes('SLO: 99.9% of checkouts under 300 ms'), text);
    assert.match(text, /Linked from \d+ code sites \(\d+ debt\)\./);
    assert.deepStrictEqual(hover.range, {
      start: positionOf(payment, 'TODO(RM-12)', 5),
      end: positionOf(payment, 'TODO(RM-12)', 10),
    });
  });

  it('hovers an item ID in the roadmap with the code sites that link it', async () => {
    const roadmap = file('roadmap.yaml');
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(roadmap) },
      position: positionOf(roadmap, 'id: RM-15', 5),
    });
    const text = (hover.contents as { value: string }).value;
    assert.ok(text.includes('**Code sites**'), text);
    assert.match(
      text,
      /\[services\/search\/ranker\.py:7\]\(command:roadmapLinks\.openLocation\?[^)]+\) TODO: precompute term weights at index time/,
    );
    assert.match(text, /\[services\/search\/index\.go:10\]/);
  });

  it('goes from an ID in code to the item in the roadmap', async () => {
    const payment = file('services/checkout/payment.ts');
    const location = await client.request<Location>('textDocument/definition', {
      textDocument: { uri: uriOf(payment) },
      position: positionOf(payment, 'TODO(RM-12)', 6),
    });
    assert.strictEqual(location.uri, uriOf(file('roadmap.yaml')));
    assert.deepStrictEqual(location.range, rangeOf(file('roadmap.yaml'), 'RM-12'));
  });

  it('finds every reference of an item: code sites and roadmap references', async () => {
    const roadmap = file('roadmap.yaml');
    const locations = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: uriOf(roadmap) },
      position: positionOf(roadmap, 'id: RM-12', 5),
      context: { includeDeclaration: false },
    });
    const found = locations
      .map((l) => `${path.relative(workspace, URI(l.uri))}:${l.range.start.line + 1}:${l.range.start.character + 1}`)
      .sort();
    assert.deepStrictEqual(found, [
      'roadmap.yaml:87:17',
      'services/checkout/Cargo.toml:4:9',
      'services/checkout/payment.ts:10:11',
      'services/checkout/payment.ts:1:13',
      'services/checkout/worker.rs:4:13',
    ]);
  });

  it('lists roadmap symbols and workspace symbols', async () => {
    const symbols = await client.request<{ name: string; detail?: string }[]>('textDocument/documentSymbol', {
      textDocument: { uri: uriOf(file('.roadmap/web.yaml')) },
    });
    assert.deepStrictEqual(
      symbols.map((s) => `${s.name}: ${s.detail}`),
      ['RM-30: Accessible checkout form · in-progress', 'RM-31: Replace the legacy date picker · proposed'],
    );
    const found = await client.request<{ name: string }[]>('workspace/symbol', { query: 'p99' });
    assert.deepStrictEqual(
      found.map((s) => s.name),
      ['RM-12 Checkout p99 under 300 ms'],
    );
  });

  it('completes item IDs after TODO( with title and status, open items first', async () => {
    const scratch = file('services/checkout/scratch.ts');
    const text = '// TODO(RM-';
    fs.writeFileSync(scratch, '');
    await client.open(scratch, text, 'typescript');
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: uriOf(scratch) },
      position: { line: 0, character: text.length },
    });
    const rm12 = items.find((item) => item.label === 'RM-12');
    assert.ok(rm12);
    assert.strictEqual(rm12.detail, 'Checkout p99 under 300 ms (in-progress)');
    assert.deepStrictEqual((rm12.textEdit as { range: unknown }).range, {
      start: { line: 0, character: 8 },
      end: { line: 0, character: 11 },
    });
    const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((item) => item.label);
    // Items first, open ones before finished ones; then the tickets items list.
    assert.deepStrictEqual(
      sorted.slice(-3),
      ['RM-3', '#42', 'SHOP-101'],
      'the done item sorts last among items, tickets after items',
    );
    assert.strictEqual(
      items.find((item) => item.label === 'SHOP-101')?.detail,
      'ticket of RM-12 Checkout p99 under 300 ms',
    );
    await client.close(scratch);
    fs.rmSync(scratch);
  });

  it('completes objectives and dependsOn values in a roadmap file', async () => {
    const roadmap = file('.roadmap/web.yaml');
    const original = fs.readFileSync(roadmap, 'utf8');
    const edited = original.replace('    objective: OBJ-FLOW\n', '    objective: OBJ-\n    dependsOn: [RM-30, R\n');
    await client.open(roadmap, edited, 'yaml');
    const objectiveLine = edited.split('\n').findIndex((line) => line === '    objective: OBJ-');
    const objectives = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: uriOf(roadmap) },
      position: { line: objectiveLine, character: '    objective: OBJ-'.length },
    });
    assert.deepStrictEqual(objectives.map((item) => item.label).sort(), ['OBJ-FLOW', 'OBJ-TRUST']);
    const dependencies = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: uriOf(roadmap) },
      position: { line: objectiveLine + 1, character: '    dependsOn: [RM-30, R'.length },
    });
    assert.ok(dependencies.some((item) => item.label === 'RM-12'));
    await client.change(roadmap, original);
    await client.close(roadmap);
  });

  it('shows a code lens above each item with its code sites and debt', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: uriOf(file('roadmap.yaml')) },
    });
    const byLine = new Map(lenses.map((lens) => [lens.range.start.line + 1, lens.command?.title]));
    assert.strictEqual(byLine.get(positionOf(file('roadmap.yaml'), 'id: RM-12').line + 1), '5 code sites · 4 debt');
    assert.strictEqual(byLine.get(positionOf(file('roadmap.yaml'), 'id: RM-22').line + 1), '0 code sites · 0 debt');
    assert.strictEqual(lenses[0].command?.command, 'roadmapLinks.showReferences');
  });

  it('renames an item ID in the roadmap and in every annotation', async () => {
    const roadmap = file('roadmap.yaml');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: uriOf(roadmap) },
      position: positionOf(roadmap, 'id: RM-15', 5),
      newName: 'RM-150',
    });
    // Versioned document changes (this client supports them): null for files not open in the editor.
    const summary = (edit.documentChanges ?? [])
      .flatMap((change) =>
        'edits' in change
          ? change.edits.map((e) => ({ uri: change.textDocument.uri, version: change.textDocument.version, e }))
          : [],
      )
      .map(
        ({ uri, version, e }) =>
          `${path.relative(workspace, URI(uri))}:${e.range.start.line + 1}:${e.range.start.character + 1}→${e.newText}${version === null ? '' : ` v${version}`}`,
      )
      .sort();
    assert.deepStrictEqual(summary, [
      'roadmap.yaml:70:9→RM-150',
      'services/search/index.go:10:10→RM-150',
      'services/search/ranker.py:3:12→RM-150',
      'services/search/ranker.py:7:12→RM-150',
    ]);
    await assert.rejects(
      client.request('textDocument/rename', {
        textDocument: { uri: uriOf(roadmap) },
        position: positionOf(roadmap, 'id: RM-15', 5),
        newName: 'RM-12',
      }),
      /RM-12 already exists/,
    );
  });

  it('offers Propose to roadmap on unlinked debt and applies one edit to both files', async () => {
    const payment = file('services/checkout/payment.ts');
    const hack = positionOf(payment, 'HACK: the gateway');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(payment) },
      range: { start: hack, end: hack },
      context: { diagnostics: client.diagnosticsOf(payment).filter((d) => d.code === 'unlinked-debt') },
    });
    const propose = actions.find((action) => action.title === 'Propose to roadmap');
    assert.ok(propose?.command, JSON.stringify(actions.map((a) => a.title)));
    // The defaults a pick list shows ("Skip — keeps …") come with the action.
    const defaults = (propose.command.arguments?.[0] as ProposeArgs).defaults;
    assert.deepStrictEqual(defaults, { objective: 'OBJ-TRUST', category: 'reliability' });
    const before = fs.readFileSync(file('roadmap.yaml'), 'utf8');
    const result = await client.request<CommandResult>('workspace/executeCommand', {
      command: propose.command.command,
      arguments: propose.command.arguments,
    });
    assert.deepStrictEqual(result, { applied: true, ids: ['RM-32'] });
    const after = fs.readFileSync(file('roadmap.yaml'), 'utf8');
    assert.ok(after.startsWith(before), 'everything that was there is still there, byte for byte');
    assert.ok(after.slice(before.length).includes('id: RM-32'), after.slice(before.length));
    assert.ok(
      after.slice(before.length).includes('objective: OBJ-TRUST'),
      'the default the action announced is the one applied',
    );
    assert.match(
      after.slice(before.length),
      /title: the gateway times out under load, so we retry twice|title: The gateway times out under load, so we retry twice/,
    );
    assert.ok(after.includes('source: services/checkout/payment.ts:16'), after.slice(before.length));
    assert.strictEqual(
      fs.readFileSync(payment, 'utf8').split('\n')[hack.line],
      '  // HACK(RM-32): the gateway times out under load, so we retry twice',
    );
    assert.strictEqual(client.appliedEdits.length, 1, 'one WorkspaceEdit for both files');
  });
});

function URI(uri: string): string {
  return new URL(uri).pathname;
}
