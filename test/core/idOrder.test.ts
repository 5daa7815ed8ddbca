/** The natural order of IDs, written out in place of an ICU collator (which costs milliseconds to build). */
import * as assert from 'node:assert/strict';
import { compareIds } from '../../server/src/core/ids';

describe('ID order', () => {
  it('orders numbers by value and ignores case before it orders by it', () => {
    const ids = [
      'RM-10',
      'rm-3',
      'OBJ-b',
      'RM-2',
      '#12',
      'RM-3',
      'OBJ-A',
      '#3',
      'A1B10',
      'A1B2',
      'X-1',
      'X1',
      'RM-100',
    ];
    assert.deepEqual([...ids].sort(compareIds), [
      '#3',
      '#12',
      'A1B2',
      'A1B10',
      'OBJ-A',
      'OBJ-b',
      'RM-2',
      'rm-3',
      'RM-3',
      'RM-10',
      'RM-100',
      'X-1',
      'X1',
    ]);
  });

  it('agrees with a numeric collator on every pair it tells apart', () => {
    const collator = new Intl.Collator('en', { numeric: true });
    const alphabet = 'AaBbZz0129-_.#/:+';
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const id = () => Array.from({ length: 1 + random(6) }, () => alphabet[random(alphabet.length)]).join('');
    let disagreements = 0;
    for (let k = 0; k < 5000; k++) {
      const [a, b] = [id(), id()];
      const expected = Math.sign(collator.compare(a, b));
      if (expected !== 0 && Math.sign(compareIds(a, b)) !== expected) disagreements++;
      // A total order: antisymmetric, zero only for the same ID.
      assert.ok(Math.sign(compareIds(a, b)) === -Math.sign(compareIds(b, a)), `${a} ${b}`);
      assert.equal(compareIds(a, b) === 0, a === b);
    }
    assert.equal(disagreements, 0);
  });
});
