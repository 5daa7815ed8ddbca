/** The workspace index: folder walk rules, incremental updates, and code diagnostics against the roadmap. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { likelyMeantIds } from '../../server/src/core/ids';
import { closestIds, editDistance, loadWorkspace, WorkspaceIndex } from '../../server/src/core/workspace';
import { idAt, referencesOf } from '../../server/src/core/workspace/locate';
import { makeSettings } from '../../server/src/core/settings';
import type { RoadmapLinksSettings } from '../../server/src/core/types';

const ROADMAP = `version: 1
objectives:
  - id: OBJ-A
    title: Fast
items:
  - id: RM-1
    title: First
    status: in-progress
    objective: OBJ-A
    value: { metric: p99, category: performance, baseline: 10, target: 5 }
  - id: RM-2
    title: Second
    status: done
    objective: OBJ-A
    value: { metric: p50, category: performance, baseline: 10, target: 5 }
    dependsOn: [RM-1]
`;

function tempWorkspace(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-ws-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

describe('workspace index', () => {
  const cleanup: string[] = [];
  after(() => cleanup.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const workspace = (files: Record<string, string | Buffer>) => {
    const root = tempWorkspace(files);
    cleanup.push(root);
    return root;
  };

  describe('initial scan', () => {
    it('honours nested .gitignore files, negation, excludes, the size cap and binary files', async () => {
      const root = workspace({
        'roadmap.yaml': ROADMAP,
        '.gitignore': 'generated/\n*.log.ts\n',
        'src/a.ts': '// TODO(RM-1): kept\n',
        'src/app.log.ts': '// TODO: ignored by *.log.ts\n',
        'generated/b.ts': '// TODO: ignored folder\n',
        'pkg/.gitignore': 'local/\n!keep.ts\n',
        'pkg/local/c.ts': '// TODO: ignored by the nested .gitignore\n',
        'pkg/d.py': '# FIXME(RM-1): kept\n',
        'node_modules/lib/e.ts': '// TODO: excluded by default\n',
        'big/huge.ts': `// TODO: too large\n${'x'.repeat(2000)}\n`,
        'bin/blob.ts': Buffer.from([0x2f, 0x2f, 0x20, 0x54, 0x4f, 0x44, 0x4f, 0x00, 0x01]),
        'notes/readme.txt': 'TODO: not a language the scanner knows\n',
      });
      const skipped: string[] = [];
      const index = await loadWorkspace([root], makeSettings({ maxFileSizeBytes: 1000 }), {
        onSkip: (file, reason) => skipped.push(`${path.relative(root, file)} ${reason.split(':')[0]}`),
      });
      const files = [...index.files()].map(([file]) => path.relative(root, file).split(path.sep).join('/')).sort();
      assert.deepStrictEqual(files, ['pkg/d.py', 'src/a.ts']);
      assert.deepStrictEqual(skipped.sort(), [`big${path.sep}huge.ts too-large`, `bin${path.sep}blob.ts binary`]);
      assert.deepStrictEqual([...index.roadmap.items.keys()], ['RM-1', 'RM-2']);
    });

    it('indexes several folders (multi-root) as one roadmap with files attributed to their folder', async () => {
      const first = workspace({ 'roadmap.yaml': ROADMAP });
      const second = workspace({ 'lib/x.go': '// TODO(RM-2): stale here\n' });
      const index = await loadWorkspace([first, second]);
      const file = path.join(second, 'lib', 'x.go');
      assert.strictEqual(index.folderOf(file), second);
      assert.strictEqual(index.relativePath(file), 'lib/x.go');
      assert.deepStrictEqual(
        index.problemsOf(file).map((p) => `${p.code} ${p.range.start.line}:${p.range.start.character}`),
        ['stale-debt 0:8'],
      );
    });
  });

  describe('an ID defined in two roadmap files', () => {
    const root = path.resolve(os.tmpdir(), 'virtual-duplicates');
    // Code-unit order of the paths puts `docs/` before `docs-old/` and `B.roadmap.yaml` before `a.roadmap.yaml`;
    // a locale's collation would not (`a` before `B`, `-` before the separator).
    const files = [
      path.join(root, 'docs-old', 'x.roadmap.yaml'),
      path.join(root, 'a.roadmap.yaml'),
      path.join(root, 'docs', 'x.roadmap.yaml'),
      path.join(root, 'B.roadmap.yaml'),
    ];
    const text = (title: string) => `version: 1\nitems:\n  - {id: RM-1, title: ${title}, value: {metric: m}}\n`;
    const indexIn = (order: string[]) => {
      const index = new WorkspaceIndex([root]);
      for (const file of order) index.updateFile(file, text(path.relative(root, file)));
      index.updateFile(path.join(root, 'src', 'a.ts'), '// TODO(RM-1): x\n');
      return index;
    };
    const verdict = (index: WorkspaceIndex) => ({
      counted: index.roadmap.items.get('RM-1')?.title,
      problems: index.problems().map((problem) => `${path.relative(root, problem.file)}: ${problem.message}`),
    });

    it('counts the same definition first, and says the same, whatever order the files were found in', () => {
      const expected = verdict(indexIn(files));
      assert.strictEqual(expected.counted, 'B.roadmap.yaml');
      for (const order of [[...files].reverse(), [...files].sort(), [files[2], files[0], files[3], files[1]]])
        assert.deepStrictEqual(verdict(indexIn(order)), expected);
      // Each definition's problem names where the others are, the first one included.
      const onDocs = expected.problems.find((line) => line.startsWith(path.join('docs', 'x.roadmap.yaml')));
      assert.match(
        onDocs ?? '',
        /^docs.x\.roadmap\.yaml: Duplicate ID "RM-1": also defined as an item at \.\.[\\/]B\.roadmap\.yaml:3, /,
      );
    });
  });

  describe('incremental updates', () => {
    const root = path.resolve(os.tmpdir(), 'virtual-workspace');
    const roadmapFile = path.join(root, 'roadmap.yaml');
    const code = path.join(root, 'src', 'a.ts');
    const fresh = () => {
      const index = new WorkspaceIndex([root]);
      index.updateFile(roadmapFile, ROADMAP);
      return index;
    };

    it('re-scans a changed file and drops what it no longer says', () => {
      const index = fresh();
      index.updateFile(code, '// TODO(RM-1): one\n// FIXME(RM-1): two\n');
      assert.strictEqual(index.sitesOf('RM-1').length, 2);
      index.updateFile(code, '// FIXME(RM-1): two\n');
      assert.deepStrictEqual(
        index.sitesOf('RM-1').map((site) => site.annotation.text),
        ['two'],
      );
      index.updateFile(code, 'const x = 1;\n');
      assert.deepStrictEqual(index.sitesOf('RM-1'), []);
      assert.deepStrictEqual([...index.files()], []);
    });

    it('tells whether an update changed anything, so unchanged typing costs no republish', () => {
      const index = fresh();
      assert.strictEqual(index.updateFile(code, 'const a = 1;\n'), false, 'no annotations before or after');
      assert.strictEqual(index.updateFile(code, 'const a = 1; // TODO(RM-1): x\n'), true);
      assert.strictEqual(
        index.updateFile(code, 'const a = 2; // TODO(RM-1): x\n'),
        false,
        'same annotation, same place',
      );
      assert.strictEqual(
        index.updateFile(code, '\nconst a = 2; // TODO(RM-1): x\n'),
        true,
        'the annotation moved a line down',
      );
      assert.strictEqual(index.updateFile(roadmapFile, ROADMAP), false, 'the roadmap text is the same');
      assert.strictEqual(index.updateFile(roadmapFile, ROADMAP.replace('First', 'Primero')), true);
    });

    it('equals a fresh index of the same texts after many edits', () => {
      const index = fresh();
      const texts = ['// TODO(RM-1): a\n', '// TODO(RM-2): b\n// HACK: c\n', '', '// @roadmap RM-1\n// TODO: d\n'];
      for (let i = 0; i < 40; i++) {
        index.updateFile(path.join(root, `f${i % 5}.ts`), texts[i % texts.length]);
        index.sitesOf('RM-1'); // keeps the site index built, so later edits update it in place
        if (i === 20) index.removeFile(path.join(root, 'f1.ts'));
      }
      const reference = fresh();
      for (let i = 35; i < 40; i++) reference.updateFile(path.join(root, `f${i % 5}.ts`), texts[i % texts.length]);
      const summary = (ix: WorkspaceIndex) =>
        ix
          .problems()
          .map((p) => `${path.basename(p.file)}:${p.range.start.line}:${p.code}`)
          .sort();
      assert.deepStrictEqual(summary(index), summary(reference));
      assert.deepStrictEqual([...index.linkedIds()].sort(), [...reference.linkedIds()].sort());
      for (const id of reference.linkedIds()) assert.deepStrictEqual(index.sitesOf(id), reference.sitesOf(id), id);
    });

    it('re-judges code when the roadmap changes: a new item makes an unknown ID known', () => {
      const index = fresh();
      index.updateFile(code, '// TODO(RM-3): later\n');
      assert.deepStrictEqual(
        index.problemsOf(code).map((p) => p.message),
        // RM-2 is one edit away too, but done.
        ['Unknown roadmap item "RM-3". Did you mean RM-1?'],
      );
      const version = index.version;
      index.updateFile(roadmapFile, `${ROADMAP}  - id: RM-3\n    title: Third\n    status: proposed\n`);
      assert.ok(index.version > version);
      assert.deepStrictEqual(index.problemsOf(code), []);
      index.removeFile(roadmapFile);
      assert.deepStrictEqual(index.roadmap.items.size, 0);
    });

    it('suggests again when an item becomes finished: the finished items only when no open one is near', () => {
      const index = fresh();
      index.updateFile(code, '// TODO(RM-3): later\n');
      const messages = () => index.problemsOf(code).map((p) => p.message);
      assert.deepStrictEqual(messages(), ['Unknown roadmap item "RM-3". Did you mean RM-1?']);
      index.takeRoadmapImpact();
      index.updateFile(roadmapFile, ROADMAP.replace('status: in-progress', 'status: done'));
      const impact = index.takeRoadmapImpact();
      assert.ok(impact === 'all' || impact.has(code), 'the file naming RM-3 is judged again');
      assert.deepStrictEqual(messages(), ['Unknown roadmap item "RM-3". Did you mean RM-1 (done), RM-2 (done)?']);
    });

    it('removes every file under a deleted folder', () => {
      const index = fresh();
      index.updateFile(path.join(root, 'pkg', 'a.ts'), '// TODO(RM-1): a\n');
      index.updateFile(path.join(root, 'pkg', 'sub', 'b.ts'), '// TODO(RM-1): b\n');
      index.updateFile(path.join(root, 'pkg2', 'c.ts'), '// TODO(RM-1): c\n');
      index.removeFolder(path.join(root, 'pkg'));
      assert.deepStrictEqual(
        index.sitesOf('RM-1').map((site) => site.annotation.text),
        ['c'],
      );
    });
  });

  describe('code diagnostics', () => {
    const root = path.resolve(os.tmpdir(), 'virtual-diagnostics');
    const code = path.join(root, 'a.ts');
    const indexWith = (text: string, settings: Partial<RoadmapLinksSettings> = {}) => {
      const index = new WorkspaceIndex([root], makeSettings(settings));
      index.updateFile(path.join(root, 'roadmap.yaml'), ROADMAP);
      index.updateFile(code, text);
      return index;
    };

    it('a link to an item the roadmap writes past its syntax error is a warning that says so, not an unknown item', () => {
      // One tab of indentation in OK-1: `yaml` misread the rest of the file, OK-2 and OK-3 with it.
      const broken = [
        'version: 2',
        'items:',
        '  - id: OK-1',
        '    title: One',
        '\tstatus: planned',
        '  - id: OK-2',
        '    title: Two',
        '  - id: "NEW-3"',
        '    title: Three',
        '',
      ].join('\n');
      const index = new WorkspaceIndex([root]);
      index.updateFile(path.join(root, 'roadmap.yaml'), broken);
      index.updateFile(
        code,
        '// TODO(OK-2): two\n// TODO(NEW-3): a prefix only the broken part uses\n// TODO(OK-9): typo\n',
      );
      assert.deepStrictEqual(
        index.problemsOf(code).map((p) => [p.code, p.severity, p.range.start.line, p.message]),
        [
          [
            'unknown-item',
            'warning',
            0,
            '"OK-2" cannot be checked: it is written in roadmap.yaml (line 6), which is not read past its YAML syntax error at 5:1. Fix that error first.',
          ],
          [
            'unknown-item',
            'warning',
            1,
            '"NEW-3" cannot be checked: it is written in roadmap.yaml (line 8), which is not read past its YAML syntax error at 5:1. Fix that error first.',
          ],
          ['unknown-item', 'error', 2, 'Unknown roadmap item "OK-9". Did you mean OK-1?'],
        ],
      );
      // The roadmap itself: its first syntax error, with the ones after it counted.
      assert.deepStrictEqual(
        index.problemsOf(path.join(root, 'roadmap.yaml')).map((p) => [p.code, p.range.start.line, p.message]),
        [
          [
            'yaml-syntax',
            4,
            'Tabs are not allowed as indentation (7 more syntax errors after it may all come from this one: fix it first)',
          ],
        ],
      );
    });

    it('reports stale debt on the ID, unlinked debt on the annotation, unknown IDs with suggestions', () => {
      const index = indexWith('// FIXME(RM-2): old\n// HACK: unlinked\n// TODO(RM-11): typo\n');
      const problems = index
        .problemsOf(code)
        .map((p) => ({ code: p.code, severity: p.severity, range: p.range, message: p.message }));
      assert.deepStrictEqual(problems, [
        {
          code: 'stale-debt',
          severity: 'warning',
          range: { start: { line: 0, character: 9 }, end: { line: 0, character: 13 } },
          message: 'Stale debt: RM-2 "Second" is done; resolve this FIXME or link it to an open item.',
        },
        {
          code: 'unlinked-debt',
          severity: 'information',
          range: { start: { line: 1, character: 3 }, end: { line: 1, character: 17 } },
          message:
            'Unlinked debt: "HACK: unlinked" is not on the roadmap. Propose it to the roadmap or link an existing item.',
        },
        {
          code: 'unknown-item',
          severity: 'error',
          range: { start: { line: 2, character: 8 }, end: { line: 2, character: 13 } },
          message: 'Unknown roadmap item "RM-11". Did you mean RM-1?',
        },
      ]);
    });

    it("takes a key with a foreign prefix for plain text, in the TODO(…) position too; an unknown key with the roadmap's prefix is an error", () => {
      const index = indexWith(
        '// HACK: assumes UTF-8 input\n// TODO(PAY-1): foreign prefix, explicit\n// TODO(RM-99): no such item\n',
      );
      assert.deepStrictEqual(
        index.problemsOf(code).map((p) => `${p.code}@${p.range.start.line}`),
        ['unlinked-debt@0', 'unlinked-debt@1', 'unknown-item@2'],
      );
    });

    it('follows the unlinked-debt severity setting, including off', () => {
      assert.strictEqual(
        indexWith('// TODO: x\n', { unlinkedDebtSeverity: 'warning' }).problemsOf(code)[0].severity,
        'warning',
      );
      assert.deepStrictEqual(indexWith('// TODO: x\n', { unlinkedDebtSeverity: 'off' }).problemsOf(code), []);
    });

    it('finds the ID under the cursor in code and in the roadmap, and its references', () => {
      const index = indexWith('// TODO(RM-1): a\n// @roadmap RM-1\n');
      assert.deepStrictEqual(idAt(index, code, { line: 0, character: 9 }), {
        id: 'RM-1',
        range: { start: { line: 0, character: 8 }, end: { line: 0, character: 12 } },
        entity: 'item',
        role: 'code',
        annotation: index.annotationsOf(code)[0],
      });
      const roadmapFile = path.join(root, 'roadmap.yaml');
      const definition = idAt(index, roadmapFile, { line: 5, character: 9 });
      assert.deepStrictEqual([definition?.id, definition?.role], ['RM-1', 'definition']);
      const references = referencesOf(index, 'RM-1', 'item', false).map(
        (l) => `${path.basename(l.file)}:${l.range.start.line}:${l.range.start.character}`,
      );
      assert.deepStrictEqual(references, ['roadmap.yaml:15:16', 'a.ts:0:8', 'a.ts:1:12']);
    });
  });

  describe('closest IDs', () => {
    it('ranks by edit distance, then by ID, and gives up beyond the cap', () => {
      // All four at one edit (RM-21 swaps two digits): the first three in ID order.
      assert.deepStrictEqual(closestIds('RM-12', ['RM-1', 'RM-13', 'RM-120', 'XY-99', 'RM-21']), [
        'RM-1',
        'RM-13',
        'RM-21',
      ]);
      assert.deepStrictEqual(closestIds('RM-12', ['RM-120', 'RM-35', 'RM-21']), ['RM-21', 'RM-120']);
      assert.deepStrictEqual(closestIds('ZZZZ-1', ['RM-1', 'RM-2']), []);
      assert.strictEqual(editDistance('kitten', 'sitting', 5), 3);
      assert.strictEqual(editDistance('abcdef', 'uvwxyz', 2), 3);
      // A swap of two neighbours is one typo: `stauts` for `status`, RM-21 for RM-12.
      assert.strictEqual(editDistance('stauts', 'status', 3), 1);
      assert.strictEqual(editDistance('RM-21', 'RM-12', 3), 1);
      // What a mistyped link likely meant: up to case and the dash, or the same number under a prefix one edit away.
      const ids = ['OK-1', 'OK-12', 'OKIO-1', 'RM-1'];
      assert.deepStrictEqual(likelyMeantIds('OKK-1', ids), ['OK-1']);
      assert.deepStrictEqual(likelyMeantIds('ok-1', ids), ['OK-1']);
      assert.deepStrictEqual(likelyMeantIds('OK1', ids), ['OK-1']);
      assert.deepStrictEqual(likelyMeantIds('OK-2', ids), []);
      assert.deepStrictEqual(likelyMeantIds('UTF-8', ids), []);
      assert.deepStrictEqual(likelyMeantIds('perf', ids), []);
    });

    it('suggests within a distance scaled to the length: one edit below eight characters, two from eight on, none below four', () => {
      // [written, candidate, suggested?]: a far guess on a short ID (RM-3 → RM-12) is noise, not help.
      const table: [string, string, boolean][] = [
        ['RM-3', 'RM-12', false], // two edits on four characters
        ['RM-3', 'RM-30', true],
        ['RM-3', 'RM-4', true],
        ['RM-3', 'rm-3', true], // case is ignored
        ['RM-12', 'RM-21', true], // a swap is one edit
        ['RM-12', 'RM-35', false],
        ['RM-11', 'RM-2', false],
        ['RM-77', 'RM-15', false],
        ['RM-99', 'RM-1', false],
        ['RM-1234', 'RM-1243', true],
        ['RM-1234', 'RM-1256', false], // two edits on seven characters
        // An ID is a prefix and a number: another number is another item, so the number takes one edit at
        // most (a digit changed, added, dropped, or two neighbours swapped), even where the length allows two.
        ['PAYMENTS-12', 'PAYMENTS-35', false], // two digits changed: another item, not a typo
        ['PAYMENTS-12', 'PAYMENTS-13', true],
        ['PAYMENTS-12', 'PAYMENTS-21', true], // a swap is one edit
        ['PAYMENTS-12', 'PAYMENTS-120', true],
        ['PAYMENTS-123', 'PAYMENTS-321', false],
        ['PAYMENTS-1', 'PAYMENTS-22', false],
        ['PAYMNTS-12', 'PAYMENTS-12', true], // a mistyped prefix, the same number
        ['PAYMNETS-12', 'PAYMENTS-12', true],
        ['PAYMNTS-13', 'PAYMENTS-12', true], // one edit in each part: two on ten characters
        ['PAYMTS-12', 'PAYMENTS-12', true], // two edits in the prefix
        ['PAYMTS-13', 'PAYMENTS-12', false], // three edits
        ['RM-21', 'RM-12', true],
        ['RMX-12', 'RM-12', true],
        ['RMX-13', 'RM-12', false], // two edits on six characters
        ['RM12', 'RM-12', true], // the dash forgotten: an edit of the prefix
        ['TEAM-0042', 'TEAM-0024', true],
        ['TEAM-0042', 'TEAM-0031', false],
        ['OBJ-PREF', 'OBJ-PERF', true],
        ['OBJ-TRSUT', 'OBJ-TRUST', true],
        ['OBJ-TRUST', 'OBJ-TRUTH', true], // two edits on nine characters
        ['OBJ-TRUST', 'OBJ-SPEED', false],
        ['A-1', 'A-2', false], // under four characters, one edit is too many
        ['nps', 'npx', false],
        ['npss', 'nps', true],
      ];
      const wrong = table.filter(
        ([written, candidate, suggested]) => closestIds(written, [candidate]).length > 0 !== suggested,
      );
      assert.deepStrictEqual(wrong, []);
    });
  });
});
