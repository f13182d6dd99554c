import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BerthError, redact } from './errors.ts';

test('redact hides credentials', () => {
  const cases: Array<[string, string]> = [
    ['https://user:pw@host/v2/', 'https://***:***@host/v2/'],
    ['Authorization: Bearer abc.def', 'Authorization: Bearer ***'],
    ['--creds me:secret', '--creds ***:***'],
    ['{"auth":"dXNlcjpwdw=="}', '{"auth":"***"}'],
    ['nothing here', 'nothing here'],
  ];
  for (const [input, want] of cases) assert.equal(redact(input), want);
});

test('exit codes follow podman', () => {
  assert.equal(new BerthError('not-found', 'x').exitCode, 125);
  assert.equal(new BerthError('cannot-invoke', 'x').exitCode, 126);
  assert.equal(new BerthError('command-not-found', 'x').exitCode, 127);
  assert.equal(new BerthError('not-found', 'x', { exitCode: 1 }).exitCode, 1);
  assert.equal(new BerthError('already-exists', 'x').httpStatus, 409);
});
