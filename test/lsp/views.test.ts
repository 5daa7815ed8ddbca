/**
 * The Roadmap view's answers in process: the first level and each page of children, on an index built from
 * texts. At 100,000 annotations every answer stays under 200 KB (its byte size is asserted, not its time).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { makeSettings } from '../../server/src/core/settings';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import { pathToUri } from '../../server/src/lsp/convert';
import { tree, treeChildren } from '../../server/src/lsp/views';
import type { TreeChildDto, TreeChildrenResult, TreeNodeRef, TreeSiteDto } from '../../server/src/protocol';

const ROOT = path.resolve('/virtual/views');
const SETTINGS = makeSettings({});
const LIMIT = 200 * 1024;

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex([ROOT], SETTINGS);
  for (const [relative, text] of Object.entries(files)) index.updateFile(path.join(ROOT, relative), text);
  return index;
}

/** Every child of a node, page by page; each page's size is checked on the way. */
function allChildren(index: WorkspaceIndex, node: TreeNodeRef, pages: number[] = []): TreeChildDto[] {
  const children: TreeChildDto[] = [];
  let offset: number | undefined = 0;
  while (offset !== undefined) {
    const page: TreeChildrenResult = treeChildren(index, { node, offset });
    pages.push(bytes(page));
    children.push(...page.children);
    assert.ok(page.nextOffset === undefined || page.nextOffset > offset, 'every page makes progress');
    offset = page.nextOffset;
  }
  return children;
}

function unlinkedSites(index: WorkspaceIndex, node: TreeNodeRef, pages: number[]): TreeSiteDto[] {
  return allChildren(index, node, pages).flatMap((child) =>
    child.type === 'site' ? [child.site] : unlinkedSites(index, child.node, pages),
  );
}

const ROADMAP = [
  'version: 2',
  'objectives:',
  '  - {id: OBJ-1, title: One}',
  'items:',
  '  - {id: RM-1, title: Busy item, status: in-progress, objective: OBJ-1, value: {metric: m}}',
  '',
].join('\n');

describe('roadmap view answers', () => {
  it('lists unlinked debt by folder, merging single-child folder chains, then files, with counts', () => {
    const index = indexOf({
      'roadmap.yaml': ROADMAP,
      'clients/src/main/java/org/kafka/Fetcher.java': '// TODO: a\n// FIXME: b\n',
      'clients/src/main/java/org/kafka/Sender.java': '// TODO: c\n',
      'clients/src/test/java/FetcherTest.java': '// TODO: d\n',
      'core/Log.scala': '// TODO(RM-1): linked, not listed\n// HACK: e\n',
      'README.md': '<!-- TODO: f -->\n',
    });
    assert.deepEqual(tree(index, false).unlinked, { count: 6, files: 5 });
    const root = treeChildren(index, { node: { kind: 'unlinked' } });
    const uri = pathToUri(ROOT);
    assert.deepEqual(root, {
      children: [
        {
          type: 'folder',
          node: { kind: 'unlinked', folderUri: uri, path: 'clients/src' },
          label: 'clients/src',
          count: 4,
          files: 3,
        },
        { type: 'folder', node: { kind: 'unlinked', folderUri: uri, path: 'core' }, label: 'core', count: 1, files: 1 },
        {
          type: 'file',
          node: { kind: 'unlinkedFile', uri: pathToUri(path.join(ROOT, 'README.md')) },
          uri: pathToUri(path.join(ROOT, 'README.md')),
          path: 'README.md',
          count: 1,
        },
      ],
      total: 3,
    });
    const clients = treeChildren(index, { node: { kind: 'unlinked', folderUri: uri, path: 'clients/src' } });
    assert.deepEqual(
      clients.children.map((child) => (child.type === 'folder' ? [child.label, child.count] : [])),
      [
        ['main/java/org/kafka', 3],
        ['test/java', 1],
      ],
    );
    const fetcher = treeChildren(index, {
      node: { kind: 'unlinkedFile', uri: pathToUri(path.join(ROOT, 'clients/src/main/java/org/kafka/Fetcher.java')) },
    });
    assert.deepEqual(
      fetcher.children.map((child) =>
        child.type === 'site' ? [child.site.tag, child.site.text, child.site.range.start.line] : [],
      ),
      [
        ['TODO', 'a', 0],
        ['FIXME', 'b', 1],
      ],
    );
    assert.deepEqual(
      treeChildren(index, { node: { kind: 'unlinked', folderUri: pathToUri('/elsewhere'), path: '' } }),
      { children: [], total: 0 },
    );
    assert.deepEqual(treeChildren(index, { node: { kind: 'item', id: 'RM-404' } }), { children: [], total: 0 });
  });

  it('lists one node per workspace folder in a multi-root workspace', () => {
    const second = path.resolve('/virtual/views-second');
    const index = new WorkspaceIndex([ROOT, second], SETTINGS);
    index.updateFile(path.join(ROOT, 'roadmap.yaml'), ROADMAP);
    index.updateFile(path.join(ROOT, 'a.ts'), '// TODO: a\n');
    index.updateFile(path.join(second, 'deep/b.ts'), '// TODO: b\n// TODO: c\n');
    assert.deepEqual(treeChildren(index, { node: { kind: 'unlinked' } }).children, [
      {
        type: 'folder',
        node: { kind: 'unlinked', folderUri: pathToUri(ROOT), path: '' },
        label: 'views',
        count: 1,
        files: 1,
      },
      {
        type: 'folder',
        node: { kind: 'unlinked', folderUri: pathToUri(second), path: '' },
        label: 'views-second',
        count: 2,
        files: 1,
      },
    ]);
  });

  it('keeps every answer under 200 KB at 100,000 annotations, and loses no site across pages', function () {
    this.timeout(120000);
    const items = ['version: 2', 'objectives:', '  - {id: OBJ-1, title: One}', 'items:'];
    for (let n = 1; n <= 300; n++)
      items.push(
        `  - {id: RM-${n}, title: Item number ${n} of a large roadmap, status: planned, objective: OBJ-1, value: {metric: m, baseline: 1, target: 2}}`,
      );
    const files: Record<string, string> = { 'roadmap.yaml': `${items.join('\n')}\n` };
    // 2,000 files of 50 annotations: 40 link RM-1 (80,000 sites on one item), 10 are unlinked (20,000).
    const longText = 'x'.repeat(2000);
    for (let f = 0; f < 2000; f++) {
      const lines: string[] = [];
      for (let a = 0; a < 50; a++)
        lines.push(
          a < 40 ? `// TODO(RM-1): linked ${f}/${a}` : `// HACK: unlinked ${f}/${a} ${a === 49 ? longText : ''}`,
        );
      files[`services/team${f % 40}/src/main/java/com/example/module${f % 7}/File${f}.java`] = `${lines.join('\n')}\n`;
    }
    const index = indexOf(files);

    const first = tree(index, false);
    assert.deepEqual(first.unlinked, { count: 20000, files: 2000 });
    assert.equal(first.items.find((item) => item.id === 'RM-1')?.siteCount, 80000);
    assert.ok(bytes(first) < LIMIT, `the first level is ${bytes(first)} bytes`);

    const pages: number[] = [];
    const sites = allChildren(index, { kind: 'item', id: 'RM-1' }, pages);
    assert.equal(sites.length, 80000);
    assert.equal(
      new Set(sites.map((child) => (child.type === 'site' ? `${child.site.uri}:${child.site.range.start.line}` : '')))
        .size,
      80000,
      'no site twice',
    );

    const unlinked = unlinkedSites(index, { kind: 'unlinked' }, pages);
    assert.equal(unlinked.length, 20000);
    assert.ok(
      unlinked.every((site) => site.text.length <= 240),
      'long comment texts are cut',
    );
    const largest = Math.max(...pages);
    assert.ok(largest < LIMIT, `the largest page is ${largest} bytes`);
    // The top of the unlinked group: the 40 team folders (their single-child chains are not merged: each holds 7 modules).
    const top = treeChildren(index, { node: { kind: 'unlinked' } });
    assert.equal(top.total, 1);
    assert.deepEqual(
      top.children.map((child) => (child.type === 'folder' ? child.label : '')),
      ['services'],
    );
    const team = treeChildren(index, {
      node: { kind: 'unlinked', folderUri: pathToUri(ROOT), path: 'services/team0' },
    });
    assert.deepEqual(
      team.children.map((child) => (child.type === 'folder' ? [child.label, child.count] : [])),
      [['src/main/java/com/example', 500]],
    );
  });
});
