/**
 * The LSP handlers in process: each takes the index (and the document where it reads text), so it is
 * tested here without a server, a connection or a session. The server tests cover the same over stdio.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover, type Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { makeSettings } from '../../server/src/core/settings';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import { codeActions } from '../../server/src/lsp/actions';
import { completion } from '../../server/src/lsp/completion';
import { pathToUri, toDiagnostic } from '../../server/src/lsp/convert';
import { HistoryService } from '../../server/src/lsp/history';
import { commandRevealLink, hover } from '../../server/src/lsp/hover';

const ROOT = path.resolve('/virtual/handlers');
const ROADMAP_FILE = path.join(ROOT, 'roadmap.yaml');
const CODE_FILE = path.join(ROOT, 'src', 'pay.ts');

const ROADMAP = [
  'version: 1',
  'northStar:',
  '  statement: Ship what customers want',
  '  metrics:',
  '    - {id: nps, name: Net promoter score}',
  'objectives:',
  '  - id: OBJ-TRUST',
  '    title: Customers trust checkout',
  '    metrics: [nps]',
  'items:',
  '  - id: RM-12',
  '    title: Checkout p99 under 300 ms',
  '    kind: investment',
  '    status: in-progress',
  '    objective: OBJ-TRUST',
  '    value: {metric: checkout p99 latency, category: reliability, unit: ms, baseline: 850, current: 640, target: 300}',
  '  - id: RM-3',
  '    title: Old cache',
  '    status: done',
  '    value: {metric: hit rate, baseline: 40, target: 90}',
  '  - id: RM-20',
  '    title: Retry payments',
  '    status: planned',
  '    objective: OBJ-TRUST',
  '    value: {metric: failed payments}',
  '    dependsOn: [RM-12]',
  '',
].join('\n');

const CODE = [
  '// TODO(RM-12): cache the tax table',
  'pay();',
  '// FIXME: nobody planned this',
  '// @roadmap RM-12',
  '',
].join('\n');

function indexOf(settings = makeSettings()): WorkspaceIndex {
  const index = new WorkspaceIndex([ROOT], settings);
  index.updateFile(ROADMAP_FILE, ROADMAP);
  index.updateFile(CODE_FILE, CODE);
  return index;
}

/** Position of the `offset`-th character after the first occurrence of `needle` in `text`. */
function at(text: string, needle: string, offset = 0): Position {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} not in text`);
  const before = text.slice(0, index + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function markdownOf(result: Hover | null): string {
  assert.ok(result, 'no hover');
  const contents = result.contents as { kind: string; value: string };
  assert.equal(contents.kind, MarkupKind.Markdown);
  return contents.value;
}

describe('LSP handlers in process', () => {
  describe('hover', () => {
    it('on a linked ID in code: the item card with objective, north star, value line and site counts', () => {
      const index = indexOf();
      const result = hover(index, CODE_FILE, at(CODE, 'RM-12', 2), commandRevealLink);
      const text = markdownOf(result);
      assert.deepEqual(text.split('\n').filter(Boolean).slice(1), [
        'investment · **in-progress**',
        'Objective: **OBJ-TRUST** Customers trust checkout',
        'North star: Ship what customers want',
        '- Value: checkout p99 latency (reliability): 850 ms → 640 ms → 300 ms, 38% of the way',
        'Linked from 2 code sites (1 debt).',
      ]);
      assert.match(text, /^\*\*RM-12\*\* · Checkout p99 under 300 ms · \[open\]\(command:roadmapLinks\.openLocation\?/);
      assert.deepEqual(result!.range, { start: at(CODE, 'RM-12'), end: at(CODE, 'RM-12', 5) });
    });

    it('in a new session, while the first history run is computing: says its lines are coming, then not', async () => {
      const index = indexOf();
      const history = new HistoryService(
        { index, trusted: true, currentText: async () => undefined, log: () => {}, notifyIndexChanged: () => {} },
        async () => undefined,
      );
      const done = history.refresh();
      const linked = markdownOf(hover(index, CODE_FILE, at(CODE, 'RM-12', 2), undefined, history));
      // Before, these lines were simply missing until the run ended.
      assert.deepEqual(linked.split('\n\n').slice(-2), [
        '_History of checkout p99 latency: still being computed from git…_',
        '_Added: still being computed from git…_',
      ]);
      const unlinked = markdownOf(hover(index, CODE_FILE, at(CODE, 'FIXME', 2), undefined, history));
      assert.ok(unlinked.endsWith('\n\n_Added: still being computed from git…_'), unlinked);
      // The folder is no git repository: the run ends without a result, and the hover says nothing more.
      await done;
      assert.doesNotMatch(markdownOf(hover(index, CODE_FILE, at(CODE, 'RM-12', 2), undefined, history)), /still being/);
    });

    it('for a client without the Roadmap Links commands (Neovim, Helix…): no command URI, sites as plain path:line', () => {
      const card = markdownOf(hover(indexOf(), CODE_FILE, at(CODE, 'RM-12', 2)));
      assert.equal(card.split('\n')[0], '**RM-12** · Checkout p99 under 300 ms');
      const text = markdownOf(hover(indexOf(), ROADMAP_FILE, at(ROADMAP, 'id: RM-12', 5)));
      assert.doesNotMatch(text, /command:|\]\(/);
      assert.deepEqual(text.slice(text.indexOf('**Code sites**')).split('\n').slice(1), [
        '- src/pay.ts:1 TODO: cache the tax table',
        '- src/pay.ts:4 @roadmap',
      ]);
    });

    it('on unlinked debt: says so and names the quick fix', () => {
      const text = markdownOf(hover(indexOf(), CODE_FILE, at(CODE, 'FIXME', 1)));
      assert.match(text, /^\*\*Unlinked debt\*\* · FIXME\n\nThis FIXME is not on the roadmap/);
      assert.match(text, /\*\*Propose to roadmap\*\*/);
    });

    it('on an item ID in the roadmap: the card and its code sites, each a link to the line', () => {
      const text = markdownOf(hover(indexOf(), ROADMAP_FILE, at(ROADMAP, 'id: RM-12', 5), commandRevealLink));
      const sites = text.slice(text.indexOf('**Code sites**')).split('\n').slice(1);
      assert.equal(sites.length, 2);
      assert.match(
        sites[0],
        /^- \[src\/pay\.ts:1\]\(command:roadmapLinks\.openLocation\?[^)]+\) TODO: cache the tax table$/,
      );
      assert.match(sites[1], /^- \[src\/pay\.ts:4\]\(command:roadmapLinks\.openLocation\?[^)]+\) @roadmap$/);
      const link = decodeURIComponent(sites[0].slice(sites[0].indexOf('?') + 1, sites[0].indexOf(')')));
      assert.deepEqual(JSON.parse(link), [
        pathToUri(CODE_FILE),
        { start: { line: 0, character: 8 }, end: { line: 0, character: 13 } },
      ]);
    });

    it('on an objective: how many items serve it; elsewhere: nothing', () => {
      const index = indexOf();
      assert.equal(
        markdownOf(hover(index, ROADMAP_FILE, at(ROADMAP, 'id: OBJ-TRUST', 5))),
        '**OBJ-TRUST** · Customers trust checkout\n\n2 items serve this objective.',
      );
      assert.equal(hover(index, CODE_FILE, at(CODE, 'pay()', 1)), null);
    });

    it('follows the settings it is given: a custom ID pattern links what the default would not', () => {
      const index = new WorkspaceIndex([ROOT], makeSettings({ idPattern: '#[0-9]+' }));
      index.updateFile(ROADMAP_FILE, 'items:\n  - {id: "#7", title: Seven, value: {metric: m}}\n');
      index.updateFile(CODE_FILE, '// TODO(#7): seven\n');
      assert.match(markdownOf(hover(index, CODE_FILE, { line: 0, character: 9 })), /^\*\*#7\*\* · Seven/);
    });
  });

  describe('completion', () => {
    /**
     * As the server calls it: the index holds a source document's text (a pending re-scan is applied
     * first); the roadmap's lines typed here are completed against the roadmap indexed.
     */
    const complete = (index: WorkspaceIndex, file: string, text: string, position: Position): CompletionItem[] => {
      if (!index.isRoadmapFile(file)) index.updateFile(file, text);
      return completion(index, TextDocument.create(pathToUri(file), 'plaintext', 1, text), file, position);
    };

    it('after TODO( in code: every item, open ones first, replacing the partial ID', () => {
      const text = '// TODO(RM-1';
      const items = complete(indexOf(), CODE_FILE, text, { line: 0, character: text.length });
      const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
      assert.deepEqual(
        sorted.map((item) => [item.label, item.detail]),
        [
          ['RM-12', 'Checkout p99 under 300 ms (in-progress)'],
          ['RM-20', 'Retry payments (planned)'],
          ['RM-3', 'Old cache (done)'],
        ],
      );
      assert.ok(items.every((item) => item.kind === CompletionItemKind.Reference));
      assert.deepEqual((items[0].textEdit as { range: unknown }).range, {
        start: { line: 0, character: 8 },
        end: { line: 0, character: 12 },
      });
    });

    it('only inside comments: nothing in code or in a string, and in block comments too', () => {
      const index = indexOf();
      const cases: [string, number][] = [
        ['const t = TODO(', 0],
        ["const s = '// TODO(", 0],
        ['f(); // TODO(', 3],
        ['/* see TODO(', 3],
        ['/* TODO( */ x', 3],
      ];
      const counts = cases.map(
        ([text]) => complete(index, CODE_FILE, text, { line: 0, character: text.indexOf('TODO(') + 5 }).length,
      );
      assert.deepEqual(
        counts,
        cases.map(([, expected]) => expected),
      );
    });

    it('in a comment whatever follows the cursor: an unterminated string or comment later changes nothing', () => {
      const index = indexOf();
      for (const rest of [
        '',
        '\nconst s = "never closed',
        '\n/* never closed',
        '\n' + 'x = "a"; // b\n'.repeat(5000),
      ]) {
        assert.equal(complete(index, CODE_FILE, `f(); // TODO(${rest}`, { line: 0, character: 13 }).length, 3, rest);
        assert.equal(complete(index, CODE_FILE, `f(); /* TODO(${rest}`, { line: 0, character: 13 }).length, 3, rest);
        assert.equal(complete(index, CODE_FILE, `f(TODO(${rest}`, { line: 0, character: 7 }).length, 0, rest);
        assert.equal(complete(index, CODE_FILE, `f("TODO(${rest}`, { line: 0, character: 8 }).length, 0, rest);
      }
    });

    it('after a configured tag only, and after @roadmap', () => {
      const index = indexOf(makeSettings({ tags: ['NOTE'] }));
      assert.equal(complete(index, CODE_FILE, '// TODO(', { line: 0, character: 8 }).length, 0);
      assert.equal(complete(index, CODE_FILE, '// NOTE(', { line: 0, character: 8 }).length, 3);
      assert.equal(complete(index, CODE_FILE, '// @roadmap ', { line: 0, character: 12 }).length, 3);
      assert.equal(complete(index, CODE_FILE, 'const todo = (', { line: 0, character: 14 }).length, 0);
    });

    it('in the roadmap: objectives after objective:, items in dependsOn, north-star metrics in metrics', () => {
      const index = indexOf();
      const labels = (line: string) =>
        complete(index, ROADMAP_FILE, line, { line: 0, character: line.length })
          .map((item) => item.label)
          .sort();
      assert.deepEqual(labels('    objective: OBJ'), ['OBJ-TRUST']);
      assert.deepEqual(labels('    dependsOn: [RM-12, '), ['RM-12', 'RM-20', 'RM-3']);
      assert.deepEqual(labels('    metrics: ['), ['nps']);
      assert.deepEqual(labels('    title: '), []);
    });

    it('in a block list under dependsOn: items', () => {
      const text = 'items:\n  - id: RM-30\n    dependsOn:\n      - ';
      const items = complete(indexOf(), ROADMAP_FILE, text, { line: 3, character: 8 });
      assert.deepEqual(items.map((item) => item.label).sort(), ['RM-12', 'RM-20', 'RM-3']);
    });
  });
  describe('code actions', () => {
    it('a format key in the wrong case: one fix, "Change to items", replacing exactly the key', () => {
      const index = new WorkspaceIndex([ROOT], makeSettings());
      const text = ROADMAP.replace('\nitems:\n', '\nItems:\n');
      index.updateFile(ROADMAP_FILE, text);
      const diagnostics = index.problemsOf(ROADMAP_FILE).map(toDiagnostic);
      const miscased = diagnostics.filter((diagnostic) => diagnostic.message.startsWith('"Items" is not a key'));
      assert.equal(miscased.length, 1);
      assert.deepEqual(miscased[0].range, { start: at(text, 'Items:'), end: at(text, 'Items:', 'Items'.length) });
      const uri = pathToUri(ROADMAP_FILE);
      const actions = codeActions(index, true, ROADMAP_FILE, {
        textDocument: { uri },
        range: miscased[0].range,
        context: { diagnostics: miscased },
      });
      assert.deepEqual(
        actions.map((action) => [action.title, action.edit?.changes?.[uri]]),
        [['Change to items', [{ range: miscased[0].range, newText: 'items' }]]],
      );
    });

    it('an unknown objective (`OBJ-TRUTS`): "Did you mean OBJ-TRUST?" and the fix "Change to OBJ-TRUST"', () => {
      const index = new WorkspaceIndex([ROOT], makeSettings());
      const text = ROADMAP.replace(
        '    status: planned\n    objective: OBJ-TRUST',
        '    status: planned\n    objective: OBJ-TRUTS',
      );
      index.updateFile(ROADMAP_FILE, text);
      const unknown = index
        .problemsOf(ROADMAP_FILE)
        .map(toDiagnostic)
        .filter((diagnostic) => diagnostic.code === 'unknown-objective');
      assert.deepEqual(
        unknown.map((diagnostic) => diagnostic.message),
        ['Unknown objective "OBJ-TRUTS". Did you mean OBJ-TRUST?'],
      );
      const uri = pathToUri(ROADMAP_FILE);
      const actions = codeActions(index, true, ROADMAP_FILE, {
        textDocument: { uri },
        range: unknown[0].range,
        context: { diagnostics: unknown },
      });
      assert.deepEqual(
        actions.map((action) => [action.title, action.edit?.changes?.[uri]]),
        [['Change to OBJ-TRUST', [{ range: unknown[0].range, newText: 'OBJ-TRUST' }]]],
      );
      assert.deepEqual(unknown[0].range, {
        start: at(text, 'OBJ-TRUTS'),
        end: at(text, 'OBJ-TRUTS', 'OBJ-TRUTS'.length),
      });
    });

    it('unlinked debt with a mistyped link (`TODO(RN-12)`): the fix "Change to RM-12" replaces the key only', () => {
      const index = indexOf();
      const code = '// TODO(RN-12): cache the tax table\n';
      index.updateFile(CODE_FILE, code);
      const unlinked = index
        .problemsOf(CODE_FILE)
        .map(toDiagnostic)
        .filter((diagnostic) => diagnostic.code === 'unlinked-debt');
      assert.deepEqual(
        unlinked.map((diagnostic) => diagnostic.message),
        [
          'Unlinked debt: "TODO: cache the tax table" is not on the roadmap. "RN-12" is not a roadmap item; did you mean RM-12?',
        ],
      );
      const uri = pathToUri(CODE_FILE);
      const actions = codeActions(index, true, CODE_FILE, {
        textDocument: { uri },
        range: unlinked[0].range,
        context: { diagnostics: unlinked },
      });
      const change = actions.find((action) => action.title === 'Change to RM-12');
      assert.deepEqual(change?.edit?.changes?.[uri], [
        { range: { start: at(code, 'RN-12'), end: at(code, 'RN-12', 'RN-12'.length) }, newText: 'RM-12' },
      ]);
      // Propose and Link stay offered: the comment is still unlinked debt.
      assert.ok(actions.some((action) => action.title === 'Propose to roadmap'));
    });

    /** `TODO(id)` naming no item: its diagnostics' messages, and the quick fixes offered for them. */
    const unknownItemFixes = (id: string) => {
      const index = indexOf();
      const code = `// TODO(${id}): cache the tax table\n`;
      index.updateFile(CODE_FILE, code);
      const unknown = index
        .problemsOf(CODE_FILE)
        .map(toDiagnostic)
        .filter((diagnostic) => diagnostic.code === 'unknown-item');
      const uri = pathToUri(CODE_FILE);
      const actions = codeActions(index, true, CODE_FILE, {
        textDocument: { uri },
        range: unknown[0].range,
        context: { diagnostics: unknown },
      });
      return {
        messages: unknown.map((diagnostic) => diagnostic.message),
        actions: actions.map((action) => [action.title, action.isPreferred, action.edit?.changes?.[uri]]),
        range: { start: at(code, id), end: at(code, id, id.length) },
      };
    };

    it('an unknown ID: "Change to …" offers the open items near it, never a finished one beside them', () => {
      // RM-2 is one edit from RM-3 (done), RM-12 (in progress) and RM-20 (planned).
      const { messages, actions, range } = unknownItemFixes('RM-2');
      assert.deepEqual(messages, ['Unknown roadmap item "RM-2". Did you mean RM-12, RM-20?']);
      assert.deepEqual(actions, [
        ['Change to RM-12', true, [{ range, newText: 'RM-12' }]],
        ['Change to RM-20', false, [{ range, newText: 'RM-20' }]],
      ]);
    });

    it('an unknown ID near finished items only: they are offered, said to be finished, and none is preferred', () => {
      // RM-4 is one edit from RM-3 (done) alone: linking debt to it would be stale debt at once.
      const { messages, actions, range } = unknownItemFixes('RM-4');
      assert.deepEqual(messages, ['Unknown roadmap item "RM-4". Did you mean RM-3 (done)?']);
      assert.deepEqual(actions, [['Change to RM-3 (done)', false, [{ range, newText: 'RM-3' }]]]);
    });

    it('an unknown dependency near a finished item only: "Change to RM-3 (done)", not preferred, as in code', () => {
      const index = new WorkspaceIndex([ROOT], makeSettings());
      const text = ROADMAP.replace('dependsOn: [RM-12]', 'dependsOn: [RM-4]');
      index.updateFile(ROADMAP_FILE, text);
      const unknown = index
        .problemsOf(ROADMAP_FILE)
        .map(toDiagnostic)
        .filter((diagnostic) => diagnostic.code === 'unknown-dependency');
      assert.deepEqual(
        unknown.map((diagnostic) => diagnostic.message),
        ['Unknown dependency "RM-4": no roadmap item has this ID. Did you mean RM-3 (done)?'],
      );
      const uri = pathToUri(ROADMAP_FILE);
      const actions = codeActions(index, true, ROADMAP_FILE, {
        textDocument: { uri },
        range: unknown[0].range,
        context: { diagnostics: unknown },
      });
      const range = { start: at(text, 'RM-4'), end: at(text, 'RM-4', 'RM-4'.length) };
      assert.deepEqual(
        actions.map((action) => [action.title, action.isPreferred, action.edit?.changes?.[uri]]),
        [['Change to RM-3 (done)', false, [{ range, newText: 'RM-3' }]]],
      );
    });

    it('a mistyped link (`TODO(RN-12)`): only "Change to RM-12" is preferred, not Propose beside it', () => {
      const index = indexOf();
      index.updateFile(CODE_FILE, '// TODO(RN-12): cache the tax table\n// TODO: nobody planned this\n');
      const unlinked = index
        .problemsOf(CODE_FILE)
        .map(toDiagnostic)
        .filter((diagnostic) => diagnostic.code === 'unlinked-debt');
      const uri = pathToUri(CODE_FILE);
      const preferred = (line: number) =>
        codeActions(index, true, CODE_FILE, {
          textDocument: { uri },
          range: unlinked[line].range,
          context: { diagnostics: [unlinked[line]] },
        })
          .filter((action) => action.isPreferred)
          .map((action) => action.title);
      assert.deepEqual(preferred(0), ['Change to RM-12']);
      // Plain unlinked debt keeps Propose as its preferred fix.
      assert.deepEqual(preferred(1), ['Propose to roadmap']);
    });

    it('a misspelt kind in the mix (`featur:`): an error saying "did you mean", with the fix "Change to feature"', () => {
      const index = new WorkspaceIndex([ROOT], makeSettings());
      const text = ROADMAP.replace('version: 1', 'version: 2').replace(
        '  metrics:\n    - {id: nps',
        '  mix:\n    featur: 60\n    investment: 30\n    debt: 10\n  metrics:\n    - {id: nps',
      );
      index.updateFile(ROADMAP_FILE, text);
      const mix = index
        .problemsOf(ROADMAP_FILE)
        .map(toDiagnostic)
        .filter((diagnostic) => diagnostic.code === 'invalid-mix');
      assert.deepEqual(
        mix.map((diagnostic) => [diagnostic.severity, diagnostic.message]),
        [[1, 'Unknown kind "featur" in "mix"; did you mean "feature"? Expected one of: feature, investment, debt.']],
      );
      assert.deepEqual(mix[0].range, { start: at(text, 'featur:'), end: at(text, 'featur:', 'featur'.length) });
      const uri = pathToUri(ROADMAP_FILE);
      const actions = codeActions(index, true, ROADMAP_FILE, {
        textDocument: { uri },
        range: mix[0].range,
        context: { diagnostics: mix },
      });
      assert.deepEqual(
        actions.map((action) => [action.title, action.edit?.changes?.[uri]]),
        [['Change to feature', [{ range: mix[0].range, newText: 'feature' }]]],
      );
    });

    it('a key one typo away from a format key (`objetive:`): a warning, with the fix "Change to objective"', () => {
      const index = new WorkspaceIndex([ROOT], makeSettings());
      const text = ROADMAP.replace(
        '    objective: OBJ-TRUST\n    value: {metric: checkout',
        '    objetive: OBJ-TRUST\n    value: {metric: checkout',
      );
      index.updateFile(ROADMAP_FILE, text);
      const typos = index
        .problemsOf(ROADMAP_FILE)
        .map(toDiagnostic)
        .filter((diagnostic) => diagnostic.message.startsWith('"objetive"'));
      assert.deepEqual(
        typos.map((diagnostic) => [diagnostic.severity, diagnostic.message]),
        [[2, '"objetive" is not a key of an item; did you mean "objective"? What it holds is not read.']],
      );
      assert.deepEqual(typos[0].range, { start: at(text, 'objetive:'), end: at(text, 'objetive:', 'objetive'.length) });
      const uri = pathToUri(ROADMAP_FILE);
      const actions = codeActions(index, true, ROADMAP_FILE, {
        textDocument: { uri },
        range: typos[0].range,
        context: { diagnostics: typos },
      });
      assert.deepEqual(
        actions.map((action) => [action.title, action.edit?.changes?.[uri]]),
        [['Change to objective', [{ range: typos[0].range, newText: 'objective' }]]],
      );
    });
  });
});
