import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry.ts';
import { parseErrorBody, registryError } from './errors.ts';
import { parseNextLink } from './client.ts';
import { limit } from './limit.ts';

test('retry policy', () => {
  const p = { count: 3, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.deepEqual([0, 1, 2, 3, 4].map((a) => backoffDelay(p, a)), [100, 200, 400, 800, 1000]);
  assert.equal(backoffDelay(p, 0, 5000), 1000);
  assert.equal(backoffDelay(p, 2, 0), 0);
  const statuses: Array<[number, boolean]> = [[429, true], [500, true], [502, true], [503, true], [501, false], [404, false], [401, false]];
  for (const [s, want] of statuses) assert.equal(isRetryableStatus(s), want, String(s));
  const now = Date.parse('2024-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('3', now), 3000);
  assert.equal(parseRetryAfter('Mon, 01 Jan 2024 00:00:10 GMT', now), 10_000);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test('registry error bodies', () => {
  const body = '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}';
  assert.deepEqual(parseErrorBody(body), { code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' });
  assert.equal(parseErrorBody('404 page not found'), undefined);
  const cases: Array<[number, string | undefined, string, string]> = [
    [404, body, 'not-found', 'ctx: manifest unknown: manifest unknown'],
    [401, undefined, 'unauthorized', 'ctx: unauthorized: authentication required'],
    [403, undefined, 'unauthorized', 'ctx: denied: requested access to the resource is denied'],
    [500, '{"errors":[{"code":"UNKNOWN","message":"boom"}]}', 'unavailable', 'ctx: unknown: boom'],
    [418, 'teapot', 'internal', 'ctx: received unexpected HTTP status: 418'],
  ];
  for (const [status, b, code, message] of cases) {
    const e = registryError('ctx', status, b);
    assert.equal(e.code, code);
    assert.equal(e.message, message);
  }
});

test('parseNextLink', () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    ['</v2/_catalog?last=b&n=2>; rel="next"', '/v2/_catalog?last=b&n=2'],
    ['<https://r/v2/x/tags/list?n=1&last=a>; rel=next', 'https://r/v2/x/tags/list?n=1&last=a'],
    ['</a>; rel="prev", </b>; rel="next"', '/b'],
    ['</a>; rel="prev"', undefined],
    [undefined, undefined],
  ];
  for (const [h, want] of cases) assert.equal(parseNextLink(h), want);
});

test('limit runs at most N tasks at once', async () => {
  const run = limit(2);
  let active = 0;
  let peak = 0;
  const task = (v: number) => run(async () => {
    active++;
    peak = Math.max(peak, active);
    await new Promise((r) => setTimeout(r, 5));
    active--;
    return v;
  });
  assert.deepEqual(await Promise.all([1, 2, 3, 4, 5].map(task)), [1, 2, 3, 4, 5]);
  assert.equal(peak, 2);
  await assert.rejects(run(async () => { throw new Error('x'); }), /x/);
  assert.throws(() => limit(0), RangeError);
});
