import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from './random.ts';

test('randomBytes returns the requested length, and differs between calls', () => {
  for (const n of [0, 1, 6, 32, 4096]) assert.equal(randomBytes(n).length, n);
  assert.notEqual(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
});

test('randomInt stays within [0, max) and reaches every value of a small range', () => {
  for (const max of [1, 2, 10, 7, 2 ** 32]) {
    for (let i = 0; i < 200; i++) {
      const v = randomInt(max);
      assert.ok(Number.isInteger(v) && v >= 0 && v < max, `${v} out of [0, ${max})`);
    }
  }
  const seen = new Set<number>();
  for (let i = 0; i < 500; i++) seen.add(randomInt(10));
  assert.equal(seen.size, 10);
});

test('randomInt rejects bounds it cannot serve', () => {
  for (const bad of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) assert.throws(() => randomInt(bad), RangeError);
});
