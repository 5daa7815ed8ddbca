/** Path containment and the file helpers that every reader shares. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { comparePaths, isStrictlyWithin, isWithin } from '../../server/src/core/paths';
import { forEachConcurrently, looksBinary } from '../../server/src/core/workspace/files';

describe('paths and files', () => {
  const root = path.resolve('/ws/project');

  it('tells whether a path is a folder or inside it, and never takes a sibling or "..foo" for the parent', () => {
    assert.ok(isWithin(root, root));
    assert.ok(isWithin(root, path.join(root, 'src', 'a.ts')));
    assert.ok(isWithin(root, path.join(root, '..foo', 'a.ts')), 'a name starting with two dots is inside');
    assert.ok(!isWithin(root, path.resolve('/ws/project-other/a.ts')), 'a sibling sharing the prefix is outside');
    assert.ok(!isWithin(root, path.resolve('/ws/a.ts')));
    assert.ok(!isWithin(root, path.join(root, '..', 'a.ts')));
    assert.ok(!isStrictlyWithin(root, root));
    assert.ok(isStrictlyWithin(root, path.join(root, 'a.ts')));
  });

  it('orders paths the same way on every platform and in every locale: folder by folder, by code units', () => {
    for (const separator of ['/', '\\']) {
      const names = ['r/docs-old/x', 'r/docsA/x', 'r/docs/x', 'r/a.yaml', 'r/B.yaml', 'r/y', 'r/j', 'r/docs'];
      const sorted = names.map((name) => name.replaceAll('/', separator)).sort((a, b) => comparePaths(a, b, separator));
      assert.deepEqual(
        sorted.map((name) => name.replaceAll(separator, '/')),
        ['r/B.yaml', 'r/a.yaml', 'r/docs', 'r/docs/x', 'r/docs-old/x', 'r/docsA/x', 'r/j', 'r/y'],
      );
    }
    assert.equal(comparePaths('r/a', 'r/a', '/'), 0);
  });

  it("calls content binary by git's rule: a NUL in the first 8000 bytes or characters", () => {
    assert.ok(looksBinary(Buffer.from([0x41, 0x00, 0x42])));
    assert.ok(!looksBinary(Buffer.from('plain text')));
    assert.ok(
      !looksBinary(Buffer.concat([Buffer.alloc(8000, 0x41), Buffer.from([0])])),
      'a NUL past the sniffed bytes does not count',
    );
    assert.ok(looksBinary('a\0b'));
    assert.ok(!looksBinary('x'.repeat(8000) + '\0'));
  });

  it('runs work with at most the given number in flight, each item once, and stops starting work when cancelled', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await forEachConcurrently([...Array(50).keys()], 4, async (item) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      done.push(item);
    });
    assert.equal(most, 4);
    assert.deepEqual(
      [...done].sort((a, b) => a - b),
      [...Array(50).keys()],
    );

    const started: number[] = [];
    await forEachConcurrently(
      [...Array(50).keys()],
      2,
      async (item) => {
        started.push(item);
        await new Promise((resolve) => setImmediate(resolve));
      },
      () => started.length >= 6,
    );
    assert.equal(started.length, 6);
  });
});
