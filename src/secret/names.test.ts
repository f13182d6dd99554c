// Table-driven tests for secret names, IDs, sizes and ls filters (podman 4.3's rules and words).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSecretSize, newSecretId, validateSecretName } from './names.ts';
import { parseSecretFilters } from './filters.ts';

test('validateSecretName: 1-64 of [a-zA-Z0-9-_.], letter or digit at both ends', () => {
  for (const ok of ['a', '1', 'a.b', 'a..b', 'x_y-z.1', 'a'.repeat(64)]) assert.doesNotThrow(() => validateSecretName(ok), ok);
  for (const bad of ['', 'a b', '-x', '.x', 'x.', '_a', 'a/b', 'ä', 'a'.repeat(65)]) {
    assert.throws(() => validateSecretName(bad), {
      message: `only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]: ${bad}: invalid secret name`,
    }, bad);
  }
});

test('newSecretId: 25 hex characters', () => {
  assert.match(newSecretId(), /^[0-9a-f]{25}$/);
  assert.notEqual(newSecretId(), newSecretId());
});

test('checkSecretSize: 1 to 511999 bytes', () => {
  for (const n of [1, 511_999]) assert.doesNotThrow(() => checkSecretSize(n));
  for (const n of [0, 512_000]) assert.throws(() => checkSecretSize(n), { message: 'secret data must be larger than 0 and less than 512000 bytes' });
});

test('parseSecretFilters: unanchored regexps, one key OR, keys AND, podman errors', () => {
  const s = { id: '21ed94746d8e71f8f5a5e7e90', name: 's1' };
  const cases: Array<[string[], boolean]> = [
    [[], true], [['name=s'], true], [['name=^s1$'], true], [['name=^s$'], false], [['name=x', 'name=1'], true],
    [['id=21e'], true], [['id=21e', 'name=x'], false], [['name=['], false], [['NAME=s1'], true],
  ];
  for (const [filters, want] of cases) assert.equal(parseSecretFilters(filters)(s), want, filters.join(' '));
  assert.throws(() => parseSecretFilters(['foo=bar']), { message: 'invalid filter "foo"' });
  assert.throws(() => parseSecretFilters(['foo']), { message: 'filter input must be in the form of filter=value: foo is invalid' });
});
