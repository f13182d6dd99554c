import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidVolumeName, validateVolumeName, randomVolumeName } from './names.ts';

test('volume names follow podman [a-zA-Z0-9][a-zA-Z0-9_.-]*', () => {
  const cases: Array<[string, boolean]> = [
    ['a', true], ['myvol', true], ['a.b_c-d', true], ['0abc', true], ['A9', true],
    ['', false], ['.ab', false], ['-x', false], ['_x', false], ['bad name', false], ['a/b', false], ['a:b', false], ['é', false],
  ];
  for (const [name, ok] of cases) assert.equal(isValidVolumeName(name), ok, name);
  assert.throws(() => validateVolumeName('bad name'), {
    code: 'invalid-argument',
    message: 'running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument',
  });
});

test('random names are 64 hex digits and valid', () => {
  const a = randomVolumeName();
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(a, randomVolumeName());
  assert.ok(isValidVolumeName(a));
});
