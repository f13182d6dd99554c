import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nowStamp, stampMs, rfc3339Nano, goTimeText } from './time.ts';

test('stamps have 9 fraction digits and sort by time', () => {
  const a = nowStamp();
  assert.match(a, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  assert.ok(Math.abs(stampMs(a) - Date.now()) < 1000);
});

test('Go renderings of a time (TZ=UTC)', { skip: new Date().getTimezoneOffset() !== 0 }, () => {
  const cases: Array<[string, string, string]> = [
    ['2026-11-28T02:08:27.852611101Z', '2026-11-28T02:08:27.852611101Z', '2026-11-28 02:08:27.852611101 +0000 UTC'],
    ['2026-11-28T02:08:27.852611100Z', '2026-11-28T02:08:27.8526111Z', '2026-11-28 02:08:27.8526111 +0000 UTC'],
    ['2026-11-28T02:08:27.000000000Z', '2026-11-28T02:08:27Z', '2026-11-28 02:08:27 +0000 UTC'],
  ];
  for (const [stamp, rfc, go] of cases) {
    assert.equal(rfc3339Nano(stamp), rfc);
    assert.equal(goTimeText(rfc), go);
  }
});
