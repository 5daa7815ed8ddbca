import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  GitError,
  defaultBaseRef,
  mapChanges,
  reportOf,
  type ChangeInput,
  type ChangeReport,
  type ChangedFile,
  type ChangedSource,
} from '../../server/src/core/changes';
import { judgeBranch } from '../../server/src/core/changes/branchCheck';
import type { HunkRange } from '../../server/src/core/changes/diff';
import { codeProblemsOf, knownPrefixesOf } from '../../server/src/core/workspace/codeProblems';
import { scanText } from '../../server/src/core/scanner';
import {
  DiffParser,
  LineSplitter,
  parseHunkHeader,
  pathFromGitHeader,
  unquote,
} from '../../server/src/core/changes/diff';
import { runGit } from '../../server/src/core/changes/git';
import { buildRoadmap, parseRoadmapFile } from '../../server/src/core/roadmap';
import { DEFAULT_COMPILED_SETTINGS } from '../../server/src/core/settings';
import type { Roadmap } from '../../server/src/core/types';
import { commitAll, git, removeTemporaryFolders, temporaryFolder, write } from '../gitEnv';

const SETTINGS = DEFAULT_COMPILED_SETTINGS;

const ROADMAP_YAML = `version: 1
objectives:
  - id: OBJ-1
    title: Fast, reliable checkout
items:
  - id: RM-1
    title: Checkout p99 under 300 ms
    kind: investment
    status: in-progress
    objective: OBJ-1
    value: { metric: checkout p99 latency, category: performance, unit: ms, baseline: 850, target: 300, current: 640 }
    paths: [services/checkout/**]
  - id: RM-2
    title: Retry failed payments
    status: planned
    objective: OBJ-1
    value: { metric: failed payments, category: revenue, unit: '%', baseline: 3, target: 1 }
  - id: RM-3
    title: Remove the legacy cart
    kind: debt
    status: planned
    objective: OBJ-1
    value: { metric: build time, category: velocity, unit: s, baseline: 120, target: 90 }
`;

function roadmapOf(yaml: string): Roadmap {
  return buildRoadmap([parseRoadmapFile('/virtual/roadmap.yaml', yaml, SETTINGS)]);
}
const ROADMAP = roadmapOf(ROADMAP_YAML);

function newRepo(): string {
  const root = temporaryFolder('rl-changes-');
  git(root, 'init', '-q', '-b', 'main');
  return root;
}

function fileOf(report: ChangeReport, file: string): ChangedFile {
  const found = report.files.find((candidate) => candidate.path === file);
  assert.ok(found, `${file} not in report: ${report.files.map((f) => f.path).join(', ')}`);
  return found;
}

/** Hunks as compact, comparable tuples (0-based starts): [oldStart, oldLines, newStart, newLines, "ID:reason", ...]. */
function hunksOf(file: ChangedFile): (string | number)[][] {
  return file.hunks.map((hunk) => [
    hunk.oldStart,
    hunk.oldLines,
    hunk.newStart,
    hunk.newLines,
    ...hunk.attributions.map((attribution) => `${attribution.itemId}:${attribution.reason}`),
  ]);
}

async function expectGitError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GitError, `expected GitError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

describe('change mapper', () => {
  after(removeTemporaryFolders);

  describe('attribution without git', () => {
    const hunk = (oldStart: number, oldLines: number, newStart: number, newLines: number): HunkRange => ({
      oldStart,
      oldLines,
      newStart,
      newLines,
    });
    /** A changed file from its two texts and hand-made 0-based hunks. */
    const source = (
      file: string,
      oldText: string,
      newText: string,
      hunks: HunkRange[],
      oldPath?: string,
    ): ChangedSource => ({
      diff: { path: file, ...(oldPath && { oldPath }), status: oldPath ? 'renamed' : 'modified', binary: false, hunks },
      untracked: false,
      oldAnnotations: scanText(oldText, `/virtual/${oldPath ?? file}`, SETTINGS),
      newAnnotations: scanText(newText, `/virtual/${file}`, SETTINGS),
    });
    const input = (files: ChangedSource[], extra: Partial<ChangeInput> = {}): ChangeInput => ({
      root: '/virtual',
      base: { mode: 'branch', description: 'test', ref: 'main', commit: 'a'.repeat(40) },
      files,
      trailers: new Map(),
      workspacePrefix: { up: '', down: '' },
      ...extra,
    });
    const tuples = (report: ChangeReport) => report.files.map(hunksOf);

    it("takes annotations on the hunk's lines of each side, 0-based, each item once with its first reason", () => {
      const before = 'a();\n// TODO(RM-3): old cart\nb();\n';
      const after = 'a();\n// FIXME(RM-2): retry\n// HACK(RM-2) again, see RM-1\nb();\n';
      // Line 1 replaced by lines 1–2; a hunk on line 3 touches no annotation.
      const report = reportOf(
        input([source('src/x.ts', before, after, [hunk(1, 1, 1, 2), hunk(2, 0, 3, 1)])]),
        ROADMAP,
      );
      assert.deepEqual(tuples(report), [
        [
          [1, 1, 1, 2, 'RM-2:annotation', 'RM-1:annotation', 'RM-3:annotation'],
          [2, 0, 3, 1],
        ],
      ]);
      assert.deepEqual(
        report.files[0].hunks[0].attributions.map((a) => a.detail),
        ['FIXME at line 2', 'HACK at line 3', 'removed TODO at old line 2'],
      );
      assert.deepEqual(report.unattributed, [{ path: 'src/x.ts', hunk: hunk(2, 0, 3, 1) }]);
    });

    it('orders the rules: annotation, marker, paths (relative to the workspace), trailer', () => {
      const text = '// @roadmap RM-2\nexport function f() {\n  // TODO(RM-3): x\n  return 1;\n}\n';
      const trailers = new Map([
        [
          'pkg/services/checkout/f.ts',
          [
            { itemId: 'RM-1', hash: 'b'.repeat(40) },
            { itemId: 'RM-9', hash: 'c'.repeat(40) },
          ],
        ],
      ]);
      const report = reportOf(
        input([source('pkg/services/checkout/f.ts', text, text, [hunk(2, 1, 2, 1), hunk(3, 1, 3, 1)])], {
          trailers,
          workspacePrefix: { up: 'pkg/', down: '' },
        }),
        ROADMAP,
      );
      assert.deepEqual(tuples(report), [
        [
          [2, 1, 2, 1, 'RM-3:annotation', 'RM-2:marker', 'RM-1:paths', 'RM-9:trailer'],
          [3, 1, 3, 1, 'RM-2:marker', 'RM-1:paths', 'RM-9:trailer'],
        ],
      ]);
      assert.equal(report.files[0].hunks[1].attributions[2].detail, 'Roadmap trailer of commit ccccccc');
      assert.deepEqual(
        report.byItem.map((served) => [served.itemId, served.known, served.hunks, served.reasons]),
        [
          ['RM-1', true, 2, ['paths']],
          ['RM-2', true, 2, ['marker']],
          ['RM-3', true, 1, ['annotation']],
          ['RM-9', false, 2, ['trailer']],
        ],
      );
      // A workspace below the repository: files outside it match no paths glob.
      const outside = reportOf(
        input([source('other/services/checkout/f.ts', text, text, [hunk(3, 1, 3, 1)])], {
          workspacePrefix: { up: 'pkg/', down: '' },
        }),
        ROADMAP,
      );
      assert.deepEqual(tuples(outside), [[[3, 1, 3, 1, 'RM-2:marker']]]);
    });

    it('tickets an item lists attribute a hunk to it (reason ticket), in annotations and in commit messages', () => {
      const roadmap = roadmapOf(
        'version: 2\ntrackers:\n  - prefix: KAFKA\nitems:\n  - id: RM-1\n    title: Fetcher\n    status: planned\n    tickets: [KAFKA-12887]\n',
      );
      const text = 'a();\n// TODO(KAFKA-12887): stalls\n// TODO(KAFKA-1): not listed\nb();\n';
      const messageMark = { itemId: 'KAFKA-12887', hash: 'd'.repeat(40), inMessage: true as const };
      const unlisted = { itemId: 'KAFKA-5', hash: 'e'.repeat(40), inMessage: true as const };
      const report = reportOf(
        input(
          [
            source('src/f.ts', text, text, [hunk(1, 1, 1, 1), hunk(2, 1, 2, 1), hunk(3, 1, 3, 1)]),
            source('src/g.ts', '', 'x\n', [hunk(0, 0, 0, 1)]),
          ],
          {
            trailers: new Map([['src/g.ts', [unlisted, messageMark]]]),
          },
        ),
        roadmap,
      );
      assert.deepEqual(
        report.files[0].hunks.map((h) => h.attributions),
        [[{ itemId: 'RM-1', reason: 'ticket', detail: 'KAFKA-12887 in TODO at line 2' }], [], []],
      );
      assert.deepEqual(report.files[1].hunks[0].attributions, [
        { itemId: 'RM-1', reason: 'ticket', detail: 'KAFKA-12887 in the message of commit ddddddd' },
      ]);
      // New debt citing a listed ticket is linked debt, to the item listing it; an unlisted ticket's is
      // tracked outside the roadmap: neither.
      const added = reportOf(input([source('src/h.ts', '', text, [hunk(0, 0, 0, 4)])]), roadmap);
      assert.deepEqual(
        [added.newDebt.linked.map((debt) => [debt.text, debt.ids]), added.newDebt.unlinked.map((debt) => debt.text)],
        [[['stalls', ['RM-1']]], []],
      );
    });

    it('does not count debt that moved, within a file or to another one, as new', () => {
      const debt = '// TODO(RM-1): cache\n// FIXME: twice\n';
      const report = reportOf(
        input([
          // The TODO and one FIXME move from a.ts to b.ts; b.ts gets a second, new FIXME with the same text.
          source('src/a.ts', `x();\n${debt}`, 'x();\n', [hunk(1, 2, 1, 0)]),
          source('src/b.ts', '', `${debt}// FIXME: twice\n`, [hunk(0, 0, 0, 3)]),
        ]),
        ROADMAP,
      );
      assert.deepEqual(report.newDebt, {
        linked: [],
        unlinked: [{ path: 'src/b.ts', line: 2, column: 3, tag: 'FIXME', text: 'twice', ids: [] }],
      });
      assert.deepEqual(tuples(report), [[[1, 2, 1, 0, 'RM-1:annotation']], [[0, 0, 0, 3, 'RM-1:annotation']]]);
    });

    it('lists old debt the change links (TODO: x → TODO(RM-1): x) as newly linked, not as new debt', () => {
      const report = reportOf(
        input([
          // The TODO gets linked; the FIXME moves to b.ts unlinked; b.ts adds a linked FIXME of the same text.
          source('src/a.ts', 'x();\n// TODO: cache\n// FIXME: twice\n', 'x();\n// TODO(RM-1): cache\n', [
            hunk(1, 2, 1, 1),
          ]),
          source('src/b.ts', '', '// FIXME: twice\n// FIXME(RM-1): twice\n', [hunk(0, 0, 0, 2)]),
        ]),
        ROADMAP,
      );
      assert.deepEqual(report.newlyLinkedDebt, [
        { path: 'src/a.ts', line: 1, column: 3, tag: 'TODO', text: 'cache', ids: ['RM-1'] },
      ]);
      // The moved FIXME is no twin of the linked one: that one is new debt.
      assert.deepEqual(report.newDebt, {
        linked: [{ path: 'src/b.ts', line: 1, column: 3, tag: 'FIXME', text: 'twice', ids: ['RM-1'] }],
        unlinked: [],
      });
    });

    it('judges a branch: new and moved problems, an item removed or marked done while code still links it', () => {
      // At HEAD RM-2 is gone and RM-3 is done; at the merge-base both were planned.
      const roadmap = roadmapOf(
        ROADMAP_YAML.replace(/ {2}- id: RM-2\n( {4}.*\n)+?(?= {2}- id: RM-3)/, '').replace(
          'kind: debt\n    status: planned',
          'kind: debt\n    status: done',
        ),
      );
      assert.deepEqual([...roadmap.items.keys()], ['RM-1', 'RM-3']);
      const prefixes = knownPrefixesOf(roadmap);
      const moved = source('src/a.ts', '// TODO: moved\nx();\n', 'x();\n  // TODO: moved\n// FIXME: new\n', [
        hunk(0, 1, 0, 0),
        hunk(2, 0, 1, 2),
      ]);
      const untouched = {
        'src/b.ts': '// TODO(RM-2): retry\n',
        'src/c.ts': 'y();\n// TODO(RM-3): legacy\n',
        'src/d.ts': '// HACK: old debt\n',
      };
      const problems = [
        ...codeProblemsOf('/virtual/src/a.ts', moved.newAnnotations, roadmap, prefixes, 'information'),
        ...Object.entries(untouched).flatMap(([file, text]) =>
          codeProblemsOf(
            `/virtual/${file}`,
            scanText(text, `/virtual/${file}`, SETTINGS),
            roadmap,
            prefixes,
            'information',
          ),
        ),
      ];
      assert.deepEqual(
        problems.map((problem) => `${problem.file}:${problem.range.start.line} ${problem.code}`),
        [
          '/virtual/src/a.ts:1 unlinked-debt',
          '/virtual/src/a.ts:2 unlinked-debt',
          '/virtual/src/b.ts:0 unknown-item',
          '/virtual/src/c.ts:1 stale-debt',
          '/virtual/src/d.ts:0 unlinked-debt',
        ],
      );
      const judged = judgeBranch({
        problems,
        input: input([moved]),
        roadmap,
        prefixes,
        baseStatuses: new Map([
          ['RM-1', 'in-progress'],
          ['RM-2', 'planned'],
          ['RM-3', 'planned'],
        ]),
        debtSitesOf: (id) =>
          id === 'RM-3'
            ? [
                {
                  file: '/virtual/src/c.ts',
                  range: { start: { line: 1, character: 3 }, end: { line: 1, character: 22 } },
                },
              ]
            : [],
      });
      assert.deepEqual(
        judged.map((problem) => `${problem.file}:${problem.range.start.line} ${problem.code}`),
        [
          '/virtual/src/a.ts:2 unlinked-debt',
          '/virtual/src/b.ts:0 unknown-item',
          `/virtual/roadmap.yaml:${roadmap.items.get('RM-3')!.idRange.start.line} done-with-debt`,
        ],
      );
      assert.equal(
        judged[2].message,
        'RM-3 "Remove the legacy cart" is marked done by this branch, but 1 debt annotation still links it: src/c.ts:2. Resolve it or link it to an open item.',
      );
    });

    it("attributes an edit of an item's entry in a roadmap file to that item", () => {
      const roadmap = roadmapOf(ROADMAP_YAML);
      const lines = ROADMAP_YAML.split('\n');
      const rm2 = lines.findIndex((line) => line.includes('id: RM-2'));
      const report = reportOf(
        input([source('roadmap.yaml', ROADMAP_YAML, ROADMAP_YAML, [hunk(rm2 + 1, 1, rm2 + 1, 1)])]),
        roadmap,
      );
      assert.deepEqual(report.files[0].hunks[0].attributions, [
        { itemId: 'RM-2', reason: 'roadmap', detail: `edits the item's entry (lines ${rm2 + 1}–${rm2 + 5})` },
      ]);
    });
  });

  describe('working tree against HEAD', () => {
    let root: string;
    let head: string;
    let report: ChangeReport;

    before(async () => {
      root = newRepo();
      write(root, 'services/checkout/cart.ts', 'export const cart = 1;\nexport const total = 2;\n');
      write(root, 'services/checkout/move-me.ts', 'export const moved = true;\n');
      write(root, 'src/pay.ts', '// @roadmap RM-2\nexport function retry() {\n  return 1;\n}\n');
      write(root, 'src/legacy.ts', '// TODO(RM-3): delete this file with the legacy cart\nexport const legacy = 1;\n');
      write(
        root,
        'src/util.ts',
        'export const a = 1;\n// TODO(RM-1): cache the totals\nexport const b = 2;\nexport const c = 3;\n',
      );
      write(root, 'README.md', '# Shop\n');
      write(root, '.gitignore', 'ignored.log\n');
      head = commitAll(root, 'initial');

      // Modified under an item's paths.
      write(root, 'services/checkout/cart.ts', 'export const cart = 1;\nexport const total = 3;\n');
      // Pure rename out of the item's paths (content unchanged).
      fs.mkdirSync(path.join(root, 'lib'));
      git(root, 'mv', 'services/checkout/move-me.ts', 'lib/move-me.ts');
      // Changed inside a file-level @roadmap marker.
      write(root, 'src/pay.ts', '// @roadmap RM-2\nexport function retry() {\n  return 2;\n}\n');
      // Deleted: its TODO goes with it.
      fs.rmSync(path.join(root, 'src/legacy.ts'));
      // The TODO(RM-1) only moves down a line (not new debt); a new unlinked HACK is added.
      write(
        root,
        'src/util.ts',
        'export const a = 1;\nexport const b = 2;\n// TODO(RM-1): cache the totals\n// HACK: parse twice\nexport const c = 3;\n',
      );
      // Staged only.
      write(root, 'README.md', '# Shop\n\nCheckout service.\n');
      git(root, 'add', 'README.md');
      // Untracked: counts as added; ignored files do not.
      write(
        root,
        'src/refund.ts',
        'export function refund() {\n  // TODO(RM-2): retry refunds too\n  // FIXME: rounding\n  return 0;\n}\n',
      );
      write(root, 'assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x00]));
      write(root, 'ignored.log', 'noise\n');
      report = await mapChanges({ cwd: root, roadmap: ROADMAP, settings: SETTINGS });
    });

    it('describes the base', () => {
      assert.equal(report.root, root);
      assert.deepEqual(report.base, {
        mode: 'working-tree',
        description: `working tree and index against HEAD (${head.slice(0, 7)})`,
        commit: head,
      });
    });

    it('lists every change, untracked files included and ignored files excluded, in path order', () => {
      assert.deepEqual(
        report.files.map((file) => [file.path, file.status, file.oldPath ?? '', file.binary, file.untracked ?? false]),
        [
          ['README.md', 'modified', '', false, false],
          ['assets/logo.png', 'added', '', true, true],
          ['lib/move-me.ts', 'renamed', 'services/checkout/move-me.ts', false, false],
          ['services/checkout/cart.ts', 'modified', '', false, false],
          ['src/legacy.ts', 'deleted', '', false, false],
          ['src/pay.ts', 'modified', '', false, false],
          ['src/refund.ts', 'added', '', false, true],
          ['src/util.ts', 'modified', '', false, false],
        ],
      );
    });

    it('attributes hunks by paths, marker and annotations, with exact ranges', () => {
      assert.deepEqual(hunksOf(fileOf(report, 'services/checkout/cart.ts')), [[1, 1, 1, 1, 'RM-1:paths']]);
      assert.deepEqual(hunksOf(fileOf(report, 'src/pay.ts')), [[2, 1, 2, 1, 'RM-2:marker']]);
      assert.deepEqual(hunksOf(fileOf(report, 'src/refund.ts')), [[0, 0, 0, 5, 'RM-2:annotation']]);
      // git -U0 splits the edit of util.ts into a removal and an insertion.
      assert.deepEqual(hunksOf(fileOf(report, 'src/util.ts')), [
        [1, 1, 1, 0, 'RM-1:annotation'],
        [3, 0, 2, 2, 'RM-1:annotation'],
      ]);
      assert.deepEqual(hunksOf(fileOf(report, 'src/legacy.ts')), [[0, 2, 0, 0, 'RM-3:annotation']]);
      assert.deepEqual(hunksOf(fileOf(report, 'README.md')), [[1, 0, 1, 2]]);
    });

    it('says why, for each attribution', () => {
      assert.deepEqual(fileOf(report, 'services/checkout/cart.ts').hunks[0].attributions, [
        { itemId: 'RM-1', reason: 'paths', detail: 'matches services/checkout/**' },
      ]);
      assert.deepEqual(fileOf(report, 'src/pay.ts').hunks[0].attributions, [
        { itemId: 'RM-2', reason: 'marker', detail: '@roadmap at line 1 covers the file' },
      ]);
      assert.deepEqual(fileOf(report, 'src/refund.ts').hunks[0].attributions, [
        { itemId: 'RM-2', reason: 'annotation', detail: 'TODO at line 2' },
      ]);
      assert.deepEqual(fileOf(report, 'src/legacy.ts').hunks[0].attributions, [
        { itemId: 'RM-3', reason: 'annotation', detail: 'removed TODO at old line 1' },
      ]);
      assert.deepEqual(fileOf(report, 'src/util.ts').hunks[0].attributions, [
        { itemId: 'RM-1', reason: 'annotation', detail: 'removed TODO at old line 2' },
      ]);
      assert.deepEqual(fileOf(report, 'src/util.ts').hunks[1].attributions, [
        { itemId: 'RM-1', reason: 'annotation', detail: 'TODO at line 3' },
      ]);
      // A file's attributions: its hunks' together, each item once.
      assert.deepEqual(fileOf(report, 'src/util.ts').attributions, [
        { itemId: 'RM-1', reason: 'annotation', detail: 'removed TODO at old line 2' },
      ]);
    });

    it('attributes changes without text hunks as whole files', () => {
      const renamed = fileOf(report, 'lib/move-me.ts');
      assert.deepEqual(renamed.hunks, []);
      assert.deepEqual(renamed.attributions, [
        { itemId: 'RM-1', reason: 'paths', detail: 'matches services/checkout/** (old path)' },
      ]);
      const binary = fileOf(report, 'assets/logo.png');
      assert.deepEqual([binary.hunks, binary.attributions], [[], []]);
    });

    it('rolls up items served, in roadmap order, with their value metrics', () => {
      assert.deepEqual(
        report.byItem.map((served) => [
          served.itemId,
          served.known,
          served.title,
          served.files,
          served.hunks,
          served.reasons,
        ]),
        [
          [
            'RM-1',
            true,
            'Checkout p99 under 300 ms',
            ['lib/move-me.ts', 'services/checkout/cart.ts', 'src/util.ts'],
            4,
            ['annotation', 'paths'],
          ],
          ['RM-2', true, 'Retry failed payments', ['src/pay.ts', 'src/refund.ts'], 2, ['annotation', 'marker']],
          ['RM-3', true, 'Remove the legacy cart', ['src/legacy.ts'], 1, ['annotation']],
        ],
      );
      const [rm1] = report.byItem;
      assert.deepEqual(
        rm1.values.map(({ metric, unit, baseline, target, current }) => ({ metric, unit, baseline, target, current })),
        [{ metric: 'checkout p99 latency', unit: 'ms', baseline: 850, target: 300, current: 640 }],
      );
      assert.equal(rm1.objective, 'OBJ-1');
      assert.equal(rm1.status, 'in-progress');
    });

    it('lists what serves no item', () => {
      assert.deepEqual(report.unattributed, [
        { path: 'README.md', hunk: { oldStart: 1, oldLines: 0, newStart: 1, newLines: 2 } },
        { path: 'assets/logo.png' },
      ]);
    });

    it('lists added debt, linked and unlinked, but not debt that only moved', () => {
      assert.deepEqual(report.newDebt.linked, [
        { path: 'src/refund.ts', line: 1, column: 5, tag: 'TODO', text: 'retry refunds too', ids: ['RM-2'] },
      ]);
      assert.deepEqual(report.newDebt.unlinked, [
        { path: 'src/refund.ts', line: 2, column: 5, tag: 'FIXME', text: 'rounding', ids: [] },
        { path: 'src/util.ts', line: 3, column: 3, tag: 'HACK', text: 'parse twice', ids: [] },
      ]);
    });

    it('reads working-tree files through the given reader', async () => {
      const read: string[] = [];
      const custom = await mapChanges({
        cwd: root,
        roadmap: ROADMAP,
        settings: SETTINGS,
        readFile: async (file) => {
          read.push(path.relative(root, file).split(path.sep).join('/'));
          return fs.promises.readFile(file, 'utf8');
        },
      });
      assert.deepEqual(read.sort(), [
        'README.md',
        'assets/logo.png',
        'lib/move-me.ts',
        'services/checkout/cart.ts',
        'src/pay.ts',
        'src/refund.ts',
        'src/util.ts',
      ]);
      assert.deepEqual(custom.files, report.files);
    });
  });

  describe('roadmap files', () => {
    it("attributes an edit of an item's entry, such as a proposal appending it, to that item", async () => {
      const root = newRepo();
      write(root, 'roadmap.yaml', ROADMAP_YAML);
      write(root, 'src/a.ts', 'export const a = 1;\n');
      commitAll(root, 'initial');
      const proposed = `${ROADMAP_YAML}  - id: RM-4\n    title: Cache the tax table\n    kind: debt\n    status: proposed\n    source: src/a.ts:1\n`;
      const edited = proposed
        .replace('target: 300, current: 640', 'target: 300, current: 500')
        .replace('  - id: RM-2\n', '  - id: RM-2 # retries\n');
      write(root, 'roadmap.yaml', edited);
      const roadmap = buildRoadmap([parseRoadmapFile(path.join(root, 'roadmap.yaml'), edited, SETTINGS)]);
      const report = await mapChanges({ cwd: root, roadmap, settings: SETTINGS });
      const file = fileOf(report, 'roadmap.yaml');
      assert.deepEqual(hunksOf(file), [
        [10, 1, 10, 1, 'RM-1:roadmap'],
        [12, 1, 12, 1, 'RM-2:roadmap'],
        [23, 0, 23, 5, 'RM-4:roadmap'],
      ]);
      assert.equal(file.hunks[2].attributions[0].detail, "edits the item's entry (lines 24–28)");
      assert.deepEqual(report.unattributed, []);
      assert.deepEqual(
        report.byItem.map((served) => `${served.itemId} ${served.reasons.join(',')}`),
        ['RM-1 roadmap', 'RM-2 roadmap', 'RM-4 roadmap'],
      );
    });
  });

  describe('markers', () => {
    const NESTED = [
      '// @roadmap RM-1', // 1: before any code, covers the file
      "import { x } from './x';",
      'export class Payments {',
      '  // @roadmap RM-2', // 4: covers lines 4–7
      '  retry() {',
      '    return 3;', // 6
      '  }',
      '}',
      'export function other() {',
      '  return 0;', // 10
      '}',
      '',
    ].join('\n');

    it('uses the nearest enclosing marker, whose scope ends with its indentation block', async () => {
      const root = newRepo();
      write(root, 'src/nested.ts', NESTED);
      write(root, 'src/span.ts', NESTED);
      write(root, 'src/plain.ts', NESTED.replace('// @roadmap RM-1', '// nothing to see'));
      commitAll(root, 'initial');
      const edited = NESTED.replace('return 3;', 'return 4;').replace('return 0;', 'return 5;');
      write(root, 'src/nested.ts', edited);
      write(root, 'src/plain.ts', edited.replace('// @roadmap RM-1', '// nothing to see'));
      // One hunk over lines 6–10: inside RM-2's scope, then only inside the file's.
      write(
        root,
        'src/span.ts',
        edited.replace('  }\n}\nexport function other', '  } // retry\n} // class\nexport function other2'),
      );
      const report = await mapChanges({ cwd: root, roadmap: ROADMAP, settings: SETTINGS });
      assert.deepEqual(hunksOf(fileOf(report, 'src/nested.ts')), [
        [5, 1, 5, 1, 'RM-2:marker'],
        [9, 1, 9, 1, 'RM-1:marker'],
      ]);
      assert.deepEqual(
        fileOf(report, 'src/nested.ts').hunks.map((hunk) => hunk.attributions[0].detail),
        ['@roadmap at line 4 covers lines 4–7', '@roadmap at line 1 covers the file'],
      );
      assert.deepEqual(hunksOf(fileOf(report, 'src/span.ts')), [[5, 5, 5, 5, 'RM-2:marker', 'RM-1:marker']]);
      assert.deepEqual(hunksOf(fileOf(report, 'src/plain.ts')), [
        [5, 1, 5, 1, 'RM-2:marker'],
        [9, 1, 9, 1],
      ]);
      assert.deepEqual(report.unattributed, [
        { path: 'src/plain.ts', hunk: { oldStart: 9, oldLines: 1, newStart: 9, newLines: 1 } },
      ]);
    });

    it('counts a marker written in the change as an annotation, not a second time as marker', async () => {
      const root = newRepo();
      write(root, 'src/a.ts', 'export const a = 1;\n');
      commitAll(root, 'initial');
      write(root, 'src/a.ts', '// @roadmap RM-3\nexport const a = 1;\n');
      const report = await mapChanges({ cwd: root, roadmap: ROADMAP, settings: SETTINGS });
      assert.deepEqual(fileOf(report, 'src/a.ts').hunks[0].attributions, [
        { itemId: 'RM-3', reason: 'annotation', detail: '@roadmap at line 1' },
      ]);
    });

    it('reports IDs that are not on the roadmap as unknown items', async () => {
      const root = newRepo();
      write(root, 'src/a.ts', 'export const a = 1;\n');
      commitAll(root, 'initial');
      write(root, 'src/a.ts', 'export const a = 1;\n// TODO(RM-77): someday\n');
      const report = await mapChanges({ cwd: root, roadmap: ROADMAP, settings: SETTINGS });
      assert.deepEqual(
        report.byItem.map((served) => [served.itemId, served.known, served.values]),
        [['RM-77', false, []]],
      );
      assert.deepEqual(
        report.newDebt.linked.map((debt) => debt.ids),
        [['RM-77']],
      );
    });
  });

  describe('branch against its base', () => {
    let root: string;
    let base: string;
    let first: string;

    before(() => {
      root = newRepo();
      write(root, 'lib/x.ts', 'export const x = 1;\n');
      write(root, 'docs/guide.md', '# Guide\n');
      write(root, 'services/checkout/api.ts', 'export const api = 1;\n');
      base = commitAll(root, 'initial');
      git(root, 'checkout', '-q', '-b', 'feature');
      write(root, 'lib/x.ts', 'export const x = 2;\n');
      first = commitAll(root, 'Make x two\n\nLonger explanation.\n\nRoadmap: RM-3\nRoadmap: RM-2, RM-1');
      write(root, 'docs/guide.md', '# Guide\n\nMore.\n');
      commitAll(root, 'Document');
      git(root, 'mv', 'services/checkout/api.ts', 'services/checkout/http.ts');
      commitAll(root, 'Rename api\n\nRoadmap: RM-3');
      // main moves on: its changes are not the branch's.
      git(root, 'checkout', '-q', 'main');
      write(root, 'main-only.txt', 'main\n');
      commitAll(root, 'main moves on');
      git(root, 'checkout', '-q', 'feature');
      // Uncommitted work is not part of the branch comparison.
      write(root, 'wip.ts', '// TODO: not committed\n');
    });

    it('compares HEAD with the merge-base and applies trailers to the files their commit touched', async () => {
      const report = await mapChanges({ cwd: root, base: 'main', roadmap: ROADMAP, settings: SETTINGS });
      const head = git(root, 'rev-parse', 'HEAD').trim();
      assert.deepEqual(report.base, {
        mode: 'branch',
        description: `HEAD (${head.slice(0, 7)}) against main (merge-base ${base.slice(0, 7)})`,
        ref: 'main',
        commit: base,
      });
      assert.deepEqual(
        report.files.map((file) => [file.path, file.status]),
        [
          ['docs/guide.md', 'modified'],
          ['lib/x.ts', 'modified'],
          ['services/checkout/http.ts', 'renamed'],
        ],
      );
      assert.deepEqual(fileOf(report, 'lib/x.ts').hunks[0].attributions, [
        { itemId: 'RM-3', reason: 'trailer', detail: `Roadmap trailer of commit ${first.slice(0, 7)}` },
        { itemId: 'RM-2', reason: 'trailer', detail: `Roadmap trailer of commit ${first.slice(0, 7)}` },
        { itemId: 'RM-1', reason: 'trailer', detail: `Roadmap trailer of commit ${first.slice(0, 7)}` },
      ]);
      assert.deepEqual(hunksOf(fileOf(report, 'docs/guide.md')), [[1, 0, 1, 2]]);
      assert.deepEqual(
        fileOf(report, 'services/checkout/http.ts').attributions.map(
          (attribution) => `${attribution.itemId}:${attribution.reason}`,
        ),
        ['RM-1:paths', 'RM-3:trailer'],
      );
      assert.deepEqual(report.unattributed, [
        { path: 'docs/guide.md', hunk: { oldStart: 1, oldLines: 0, newStart: 1, newLines: 2 } },
      ]);
      assert.deepEqual(report.newDebt, { linked: [], unlinked: [] });
    });

    it('works on a detached HEAD, in both modes', async () => {
      git(root, 'checkout', '-q', '--detach', 'HEAD');
      try {
        const branch = await mapChanges({ cwd: root, base: 'main', roadmap: ROADMAP, settings: SETTINGS });
        assert.deepEqual(
          branch.files.map((file) => file.path),
          ['docs/guide.md', 'lib/x.ts', 'services/checkout/http.ts'],
        );
        const working = await mapChanges({ cwd: root, roadmap: ROADMAP, settings: SETTINGS });
        assert.deepEqual(
          working.files.map((file) => [file.path, file.status]),
          [['wip.ts', 'added']],
        );
        assert.deepEqual(
          working.newDebt.unlinked.map((debt) => [debt.path, debt.line, debt.text]),
          [['wip.ts', 0, 'not committed']],
        );
      } finally {
        git(root, 'checkout', '-q', 'feature');
      }
    });

    it('finds main as the default base', async () => {
      assert.equal(await defaultBaseRef(root), 'main');
    });

    it('rejects an unknown base, a base with no common ancestor and option-like refs', async () => {
      await expectGitError(
        mapChanges({ cwd: root, base: 'no-such-branch', roadmap: ROADMAP, settings: SETTINGS }),
        'bad-revision',
        /^Unknown base "no-such-branch"/,
      );
      await expectGitError(
        mapChanges({ cwd: root, base: '--output=x', roadmap: ROADMAP, settings: SETTINGS }),
        'bad-revision',
        /^Unknown base "--output=x"/,
      );
      git(root, 'checkout', '-q', '--orphan', 'unrelated');
      try {
        commitAll(root, 'unrelated root');
        await expectGitError(
          mapChanges({ cwd: root, base: 'main', roadmap: ROADMAP, settings: SETTINGS }),
          'no-merge-base',
          /no common ancestor/,
        );
      } finally {
        git(root, 'checkout', '-q', '-f', 'feature');
      }
    });
  });

  describe('edge cases', () => {
    it('treats everything as added in a repository without commits', async () => {
      const root = newRepo();
      write(root, 'staged.ts', '// @roadmap RM-2\nexport const a = 1;\n');
      git(root, 'add', 'staged.ts');
      write(root, 'loose.py', '# TODO: write tests\nprint(1)\n');
      const report = await mapChanges({ cwd: root, roadmap: ROADMAP, settings: SETTINGS });
      assert.deepEqual(report.base, {
        mode: 'working-tree',
        description: 'working tree (no commits yet)',
        commit: undefined,
      });
      assert.deepEqual(
        report.files.map((file) => [file.path, file.status, file.untracked ?? false]),
        [
          ['loose.py', 'added', true],
          ['staged.ts', 'added', false],
        ],
      );
      assert.deepEqual(hunksOf(fileOf(report, 'staged.ts')), [[0, 0, 0, 2, 'RM-2:annotation']]);
      assert.deepEqual(
        report.newDebt.unlinked.map((debt) => [debt.path, debt.line, debt.tag, debt.text]),
        [['loose.py', 0, 'TODO', 'write tests']],
      );
      await expectGitError(
        mapChanges({ cwd: root, base: 'main', roadmap: ROADMAP, settings: SETTINGS }),
        'no-commits',
        /no commits yet/,
      );
    });

    it('gives a typed error for a folder outside git and for a missing folder', async () => {
      const plain = temporaryFolder('rl-changes-');
      await expectGitError(
        mapChanges({ cwd: plain, roadmap: ROADMAP, settings: SETTINGS }),
        'not-a-repository',
        /is not inside a git working tree/,
      );
      await expectGitError(
        mapChanges({ cwd: path.join(plain, 'missing'), roadmap: ROADMAP, settings: SETTINGS }),
        'not-a-directory',
        /does not exist/,
      );
      const root = newRepo();
      await expectGitError(
        mapChanges({ cwd: path.join(root, '.git'), roadmap: ROADMAP, settings: SETTINGS }),
        'not-a-repository',
        /is not inside a git working tree/,
      );
    });

    it('says so when git cannot be run', async () => {
      const root = newRepo();
      const savedPath = process.env.PATH;
      process.env.PATH = path.join(root, 'no-bin');
      try {
        await expectGitError(
          mapChanges({ cwd: root, roadmap: ROADMAP, settings: SETTINGS }),
          'git-not-found',
          /^git was not found on the PATH/,
        );
      } finally {
        process.env.PATH = savedPath;
      }
    });

    it('handles paths with spaces, quotes and non-ASCII characters', async () => {
      const root = newRepo();
      const name = 'src/wéird "name" ü.ts';
      const body = 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\nexport const d = 4;\n';
      write(root, name, body);
      commitAll(root, 'initial');
      write(root, name, body + '// TODO(RM-2): ok\n');
      git(root, 'mv', 'src/wéird "name" ü.ts', 'src/renamed ä.ts');
      const report = await mapChanges({ cwd: root, roadmap: ROADMAP, settings: SETTINGS });
      assert.deepEqual(
        report.files.map((file) => [file.path, file.oldPath, file.status]),
        [['src/renamed ä.ts', name, 'renamed']],
      );
      assert.deepEqual(hunksOf(report.files[0]), [[4, 0, 4, 1, 'RM-2:annotation']]);
    });

    it("is not thrown off by the user's diff configuration", async () => {
      const root = newRepo();
      write(root, 'sub/ü.ts', 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\n');
      commitAll(root, 'initial');
      for (const [key, value] of [
        ['diff.noprefix', 'true'],
        ['diff.mnemonicPrefix', 'true'],
        ['diff.relative', 'true'],
        ['diff.renames', 'false'],
        ['diff.external', 'false'],
        ['core.quotePath', 'false'],
        ['color.ui', 'always'],
      ]) {
        git(root, 'config', key, value);
      }
      git(root, 'mv', 'sub/ü.ts', 'sub/ö.ts');
      write(root, 'sub/ö.ts', 'export const a = 1;\nexport const b = 2;\nexport const c = 4;\n');
      const report = await mapChanges({ cwd: path.join(root, 'sub'), roadmap: ROADMAP, settings: SETTINGS });
      assert.deepEqual(
        report.files.map((file) => [file.path, file.oldPath, file.status]),
        [['sub/ö.ts', 'sub/ü.ts', 'renamed']],
      );
      assert.deepEqual(hunksOf(report.files[0]), [[2, 1, 2, 1]]);
    });

    it('limits the comparison to the folder and matches paths globs relative to it', async () => {
      const root = newRepo();
      write(root, 'packages/shop/services/checkout/a.ts', 'export const a = 1;\n');
      write(root, 'packages/other/b.ts', 'export const b = 1;\n');
      commitAll(root, 'initial');
      write(root, 'packages/shop/services/checkout/a.ts', 'export const a = 2;\n');
      write(root, 'packages/other/b.ts', 'export const b = 2;\n');
      const report = await mapChanges({ cwd: path.join(root, 'packages/shop'), roadmap: ROADMAP, settings: SETTINGS });
      assert.equal(report.root, root);
      assert.deepEqual(
        report.files.map((file) => file.path),
        ['packages/shop/services/checkout/a.ts'],
      );
      assert.deepEqual(hunksOf(report.files[0]), [[0, 1, 0, 1, 'RM-1:paths']]);
    });

    it('streams a big diff without holding it, and skips scanning files over the size cap', async () => {
      const root = newRepo();
      const lines = 200_000;
      write(root, 'big.txt', Array.from({ length: lines }, (_, i) => `line ${i}`).join('\n') + '\n');
      write(root, 'huge-line.js', 'x'.repeat(3_000_000) + '\n');
      commitAll(root, 'initial');
      write(root, 'big.txt', Array.from({ length: lines }, (_, i) => `changed ${i}`).join('\n') + '\n');
      write(root, 'huge-line.js', '// TODO(RM-1): minified\n' + 'y'.repeat(3_000_000) + '\n');
      // Untracked and over the cap: its lines are still counted, the last one without a line break.
      write(root, 'untracked-big.txt', 'z'.repeat(19) + '\n' + '0123456789012345678\n'.repeat(99_998) + 'end');
      const report = await mapChanges({ cwd: root, roadmap: ROADMAP, settings: SETTINGS });
      assert.deepEqual(hunksOf(fileOf(report, 'big.txt')), [[0, lines, 0, lines]]);
      // Over the cap: listed, not scanned, so its TODO attributes nothing.
      assert.deepEqual(hunksOf(fileOf(report, 'huge-line.js')), [[0, 1, 0, 2]]);
      assert.deepEqual(hunksOf(fileOf(report, 'untracked-big.txt')), [[0, 0, 0, 100_000]]);
    });

    it('lists deleted and modified binary files without hunks', async () => {
      const root = newRepo();
      write(root, 'services/checkout/a.bin', Buffer.from([0, 1, 2, 3]));
      write(root, 'b.bin', Buffer.from([0, 1, 2, 3]));
      commitAll(root, 'initial');
      fs.rmSync(path.join(root, 'services/checkout/a.bin'));
      write(root, 'b.bin', Buffer.from([0, 9, 9, 9]));
      const report = await mapChanges({ cwd: root, roadmap: ROADMAP, settings: SETTINGS });
      assert.deepEqual(
        report.files.map((file) => [
          file.path,
          file.status,
          file.binary,
          file.hunks.length,
          file.attributions.map((a) => a.itemId),
        ]),
        [
          ['b.bin', 'modified', true, 0, []],
          ['services/checkout/a.bin', 'deleted', true, 0, ['RM-1']],
        ],
      );
      assert.deepEqual(report.unattributed, [{ path: 'b.bin' }]);
    });
  });

  describe('diff parsing', () => {
    it('reads paths from git headers, quoted or not', () => {
      assert.equal(pathFromGitHeader('a/src/x.ts b/src/x.ts'), 'src/x.ts');
      assert.equal(pathFromGitHeader('a/with space b/with space'), 'with space');
      assert.equal(pathFromGitHeader('"a/tab\\there" "b/tab\\there"'), 'tab\there');
      assert.equal(pathFromGitHeader('a/one b/two'), undefined);
      assert.equal(unquote('"\\303\\274ber \\"q\\""'), 'über "q"');
      assert.equal(unquote('plain'), 'plain');
    });

    it('parses hunk headers with omitted counts', () => {
      assert.deepEqual(parseHunkHeader('@@ -3 +4,2 @@ fn'), { oldStart: 2, oldLines: 1, newStart: 3, newLines: 2 });
      assert.deepEqual(parseHunkHeader('@@ -0,0 +1 @@'), { oldStart: 0, oldLines: 0, newStart: 0, newLines: 1 });
      assert.equal(parseHunkHeader('@@ nonsense'), undefined);
    });

    it('ignores content lines that look like headers', () => {
      const parser = new DiffParser();
      const diff = [
        'diff --git a/x.txt b/x.txt',
        'index 1111111..2222222 100644',
        '--- a/x.txt',
        '+++ b/x.txt',
        '@@ -1 +1,2 @@',
        '-rename from evil',
        '+new file mode 100755',
        '+Binary files a and b differ',
        'diff --git a/y b/y',
        'deleted file mode 120000',
        'index 3333333..0000000',
        '--- a/y',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-target',
        '\\ No newline at end of file',
      ];
      for (const line of diff) parser.line(line);
      assert.deepEqual(parser.files, [
        {
          path: 'x.txt',
          status: 'modified',
          binary: false,
          oldMode: '100644',
          newMode: '100644',
          hunks: [{ oldStart: 0, oldLines: 1, newStart: 0, newLines: 2 }],
        },
        {
          path: 'y',
          status: 'deleted',
          binary: false,
          oldMode: '120000',
          hunks: [{ oldStart: 0, oldLines: 1, newStart: 0, newLines: 0 }],
        },
      ]);
    });

    it('splits a stream into lines across chunks and cuts very long lines', () => {
      const lines: string[] = [];
      const splitter = new LineSplitter((line) => lines.push(line));
      splitter.push(Buffer.from('ab'));
      splitter.push(Buffer.from('c\nde'));
      splitter.push(Buffer.from('f\n+' + 'z'.repeat(100_000) + '\nlast'));
      splitter.end();
      assert.deepEqual(
        lines.map((line) => line.slice(0, 4)),
        ['abc', 'def', '+zzz', 'last'],
      );
      assert.equal(lines[2].length, 64 * 1024);
    });

    it('fails clearly when collected output exceeds its bound', async () => {
      const root = newRepo();
      write(root, 'a.txt', 'a\n');
      commitAll(root, 'initial');
      await assert.rejects(runGit(['log'], { cwd: root, maxBytes: 10 }), (error: unknown) => {
        assert.ok(error instanceof GitError);
        assert.equal(error.code, 'output-too-large');
        assert.equal(error.message, 'git log printed more than 10 bytes; narrow the comparison (folder or base).');
        return true;
      });
    });
  });
});
