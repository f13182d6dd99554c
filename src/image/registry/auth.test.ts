import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTokenResponse, parseWWWAuthenticate, TokenCache } from './auth.ts';

test('parseWWWAuthenticate', () => {
  const cases: Array<[string, Array<{ scheme: string; params: Record<string, string> }>]> = [
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"',
      [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull' } }],
    ],
    ['Basic realm="basic-realm"', [{ scheme: 'basic', params: { realm: 'basic-realm' } }]],
    ['basic realm=Registry', [{ scheme: 'basic', params: { realm: 'Registry' } }]],
    [
      'Bearer realm="http://127.0.0.1:1/t", scope="repository:a/b:pull,push", error="insufficient_scope"',
      [{ scheme: 'bearer', params: { realm: 'http://127.0.0.1:1/t', scope: 'repository:a/b:pull,push', error: 'insufficient_scope' } }],
    ],
    ['Bearer realm=http://x/token,service=reg', [{ scheme: 'bearer', params: { realm: 'http://x/token', service: 'reg' } }]],
    [
      'Negotiate abc==, Basic realm="r", charset="UTF-8"',
      [{ scheme: 'negotiate', params: {} }, { scheme: 'basic', params: { realm: 'r', charset: 'UTF-8' } }],
    ],
    ['Bearer realm="a \\"quoted\\" realm"', [{ scheme: 'bearer', params: { realm: 'a "quoted" realm' } }]],
    ['Bearer', [{ scheme: 'bearer', params: {} }]],
    ['', []],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseWWWAuthenticate(input), want, input);
  assert.deepEqual(parseWWWAuthenticate(['Basic realm="a"', 'Bearer realm="b"']).map((c) => c.scheme), ['basic', 'bearer']);
});

test('parseTokenResponse', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');
  const cases: Array<[unknown, string | null, number]> = [
    [{ token: 'abc', expires_in: 300 }, 'abc', now + 295_000],
    [{ access_token: 'xyz' }, 'xyz', now + 55_000],
    [{ token: '', access_token: 'z', expires_in: 120, issued_at: '2023-12-31T23:59:00Z' }, 'z', now + 55_000],
    [{ nothing: true }, null, 0],
    ['bad', null, 0],
  ];
  for (const [body, token, expiresAt] of cases) {
    const got = parseTokenResponse(body, now);
    if (token === null) assert.equal(got, null);
    else assert.deepEqual(got, { token, expiresAt });
  }
});

test('TokenCache expires entries', () => {
  const c = new TokenCache();
  c.set('r', 's', 'repository:a:pull', { token: 't', expiresAt: 1000 });
  assert.equal(c.get('r', 's', 'repository:a:pull', 999), 't');
  assert.equal(c.get('r', 's', 'repository:b:pull', 999), undefined);
  assert.equal(c.get('r', 's', 'repository:a:pull', 1000), undefined);
});
