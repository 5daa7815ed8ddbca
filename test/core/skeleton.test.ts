/** "Create roadmap.yaml": the key-prefix census over a workspace's comments, and the skeleton built from it. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { appendItems } from '../../server/src/core/propose';
import { parseRoadmapFile, roadmapSkeleton } from '../../server/src/core/roadmap';
import { makeSettings } from '../../server/src/core/settings';
import { citedKeyPrefixes, newRoadmap, WorkspaceIndex } from '../../server/src/core/workspace';

const ROOT = path.join(path.sep, 'ws');
const SETTINGS = makeSettings({});

/** A workspace shaped like the repositories of issue 10: several trackers, keys in every position, prose keys. */
function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex([ROOT], SETTINGS);
  for (const [relative, text] of Object.entries(files)) index.updateFile(path.join(ROOT, relative), text);
  return index;
}

const FILES = {
  'clients/Fetcher.java': [
    '// TODO(KAFKA-12410): retry the fetch',
    '// TODO KAFKA-13284: rebalance on join',
    '// TODO(KAFKA-12410): the same key again',
    '/* FIXME[KAFKA-9] lost offsets */',
  ].join('\n'),
  'cpp/src/arrow/kernel.cc': ['// TODO (ARROW-12207): vectorise', '// GH-49702: TODO disabled until the fix'].join(
    '\n',
  ),
  'python/pyarrow/io.py': [
    '# TODO(#77): close the handle',
    '# TODO: UTF-8 decoding of SHA-256 digests, ISO-8859-1 fallback',
    '# see KIP-441 for the design',
  ].join('\n'),
  'docs/notes.md': '<!-- TODO: KIP-500 mentioned in prose -->\n',
};

describe('create roadmap.yaml', () => {
  it('counts the key prefixes debt comments cite in the explicit position, most keys first', () => {
    assert.deepEqual(citedKeyPrefixes(indexOf(FILES).files()), [
      { prefix: 'KAFKA', keys: 3, example: 'KAFKA-12410' },
      { prefix: '#', keys: 1, example: '#77' },
      { prefix: 'ARROW', keys: 1, example: 'ARROW-12207' },
      { prefix: 'GH', keys: 1, example: 'GH-49702' },
      { prefix: 'KIP', keys: 1, example: 'KIP-500' },
    ]);
    assert.deepEqual(
      citedKeyPrefixes(indexOf(FILES).files(), new Set(['KAFKA', '#', 'GH', 'KIP'])).map((p) => p.prefix),
      ['ARROW'],
    );
    assert.deepEqual(citedKeyPrefixes(indexOf({ 'a.ts': '// TODO: nothing cited, UTF-8 only\n' }).files()), []);
  });

  it('writes a skeleton with the north star, one objective and the cited trackers that parses without a problem', () => {
    const text = roadmapSkeleton(citedKeyPrefixes(indexOf(FILES).files()));
    const model = parseRoadmapFile(path.join(ROOT, 'roadmap.yaml'), text, SETTINGS);
    assert.deepEqual(model.problems, []);
    assert.equal(model.northStar?.statement, 'Say here what the whole team works toward');
    assert.deepEqual(
      model.objectives.map((o) => o.id),
      ['OBJ-FIRST'],
    );
    assert.deepEqual(
      model.trackers.map((t) => t.prefix),
      ['KAFKA', '#', 'ARROW', 'GH', 'KIP'],
    );
    assert.deepEqual(model.items, []);
    assert.match(
      text,
      /- prefix: "KAFKA" {3}# 3 keys in comments, e\.g\. KAFKA-12410\n {4}# url: https:\/\/tracker\.example\/browse\/\{key\}/,
    );
    assert.match(
      text,
      /- prefix: "#" {3}# 1 key in comments, e\.g\. #77\n {4}# url: https:\/\/tracker\.example\/issues\/\{number\}/,
    );
  });

  it('beside a roadmap that has a north star, declares none: a placeholder would hide the real one', () => {
    const index = indexOf({
      'web.roadmap.yaml': 'version: 2\nnorthStar:\n  statement: Customers check out in one tap\nitems: []\n',
      'api/src/a.ts': '// TODO: x\n',
    });
    const { text } = newRoadmap([], '\n', { folderName: 'api', roadmap: index.roadmap });
    assert.doesNotMatch(text, /^northStar:/m);
    index.updateFile(path.join(ROOT, 'api.roadmap.yaml'), text);
    assert.deepEqual(
      index.roadmap.files.map((file) => file.problems),
      [[], []],
    );
    assert.equal(index.roadmap.northStar?.statement, 'Customers check out in one tap');
    // Alone, the new roadmap keeps its placeholder north star to fill in.
    assert.match(newRoadmap([], '\n', { folderName: 'api' }).text, /^northStar:\n {2}statement: /m);
  });

  it('has no item, and an example item as a comment that, uncommented, is a valid item with its value metric', () => {
    const text = roadmapSkeleton([]);
    assert.deepEqual(parseRoadmapFile(path.join(ROOT, 'roadmap.yaml'), text, SETTINGS).items, []);
    // What a user does with it: the example's lines, uncommented, under items:.
    const example = text.match(/^# {3}(- | {2}).*\n/gm)!.map((line) => line.slice('# '.length));
    assert.equal(example.length, 5);
    const model = parseRoadmapFile(path.join(ROOT, 'roadmap.yaml'), text + example.join(''), SETTINGS);
    assert.deepEqual(model.problems, []);
    assert.deepEqual(
      model.items.map((item) => [item.id, item.objective, item.status, item.values.map((v) => [v.baseline, v.target])]),
      [['RM-1', 'OBJ-FIRST', 'planned', [[850, 300]]]],
    );
  });

  it('without cited keys has no trackers section; a proposal goes into it as into any roadmap', () => {
    const text = roadmapSkeleton([]);
    assert.doesNotMatch(text, /trackers/);
    const appended = appendItems(text, [
      {
        id: 'RM-1',
        title: 'Cache the price',
        kind: 'debt',
        status: 'proposed',
        objective: 'OBJ-FIRST',
        source: 'a.ts:1',
      },
    ]);
    assert.ok(appended.ok, appended.ok ? '' : appended.reason);
    assert.ok(appended.newText.startsWith(text), 'every line kept, the item appended as a block');
    assert.match(appended.newText, /\nitems:\n {2}- id: RM-1\n {4}title: Cache the price\n/);
    const model = parseRoadmapFile(path.join(ROOT, 'roadmap.yaml'), appended.newText, SETTINGS);
    assert.deepEqual(
      model.items.map((item) => [item.id, item.objective]),
      [['RM-1', 'OBJ-FIRST']],
    );
  });
});
