// Table-driven tests for --secret, --driver-opts and --label parsing (podman 4.3's results and words).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDriverOpts, parseSecretFlag, parseSecretLabels, secretMountTarget, type SecretRequest } from './options.ts';

const mount = (source: string, o: Partial<SecretRequest> = {}): SecretRequest => ({ source, type: 'mount', target: '', uid: 0, gid: 0, mode: 0o444, ...o });

test('parseSecretFlag: accepted values', () => {
  const cases: Array<[string, SecretRequest]> = [
    ['mysec', mount('mysec')],
    ['', mount('')],
    ['mysec,type=mount', mount('mysec')],
    ['source=mysec,target=t', mount('mysec', { target: 't' })],
    ['mysec,target=foo,uid=1000,gid=100,mode=0400', mount('mysec', { target: 'foo', uid: 1000, gid: 100, mode: 0o400 })],
    ['mysec,UID=1,GID=2', mount('mysec', { uid: 1, gid: 2 })],
    ['mysec,mode=07777', mount('mysec', { mode: 0o7777 })],
    ['mysec,uid=4294967295', mount('mysec', { uid: 4294967295 })],
    ['mysec,type=env', { source: 'mysec', type: 'env', target: 'mysec', uid: 0, gid: 0, mode: 0o444 }],
    ['mysec,type=env,target=FOO', { source: 'mysec', type: 'env', target: 'FOO', uid: 0, gid: 0, mode: 0o444 }],
    ['mysec,target=', mount('mysec')],
  ];
  for (const [value, want] of cases) assert.deepEqual(parseSecretFlag(value), want, value);
});

test('parseSecretFlag: podman 4.3 errors', () => {
  const cases: Array<[string, string]> = [
    ['mysec,type=foo', 'type foo is invalid: parsing secret'],
    ['mysec,type=env,type=mount', 'cannot set more than one secret type: parsing secret'],
    ['mysec,uid=abc', 'UID abc invalid: parsing secret'],
    ['mysec,gid=-1', 'GID -1 invalid: parsing secret'],
    ['mysec,uid=4294967296', 'UID 4294967296 invalid: parsing secret'],
    ['mysec,mode=abc', 'mode abc invalid: parsing secret'],
    ['mysec,mode=999', 'mode 999 invalid: parsing secret'],
    ['mysec,foo=bar', 'option foo=bar invalid: parsing secret'],
    ['mysec,type', 'option type must be in form option=value: parsing secret'],
    [',type=env', 'no source found ,type=env: parsing secret'],
    ['type=env,target=x', 'no source found type=env,target=x: parsing secret'],
    ['mysec,type=env,uid=1', 'UID, GID, Mode options cannot be set with secret type env: parsing secret'],
    ['mysec,type=env,mode=0400', 'UID, GID, Mode options cannot be set with secret type env: parsing secret'],
  ];
  for (const [value, message] of cases) assert.throws(() => parseSecretFlag(value), { message }, value);
});

test('secretMountTarget: /run/secrets/<name> by default, relative targets joined and cleaned, absolute kept', () => {
  const cases: Array<[string, string]> = [['', '/run/secrets/s'], ['foo', '/run/secrets/foo'], ['a/b', '/run/secrets/a/b'], ['../x', '/run/x'], ['/etc/x', '/etc/x'], ['/a/../b/', '/b']];
  for (const [target, want] of cases) assert.equal(secretMountTarget({ source: 's', target }, 's'), want, target);
});

test('parseDriverOpts: pflag stringToString', () => {
  assert.deepEqual(parseDriverOpts([]), {});
  assert.deepEqual(parseDriverOpts(['a=b,c=d=e', 'a=x']), { a: 'x', c: 'd=e' });
  assert.throws(() => parseDriverOpts(['bogus']), { message: 'invalid argument "bogus" for "--driver-opts" flag: bogus must be formatted as key=value' });
});

test('parseSecretLabels: KEY=VALUE and KEY; an empty key is podman\'s error', () => {
  assert.deepEqual(parseSecretLabels(['a=b=c', 'c']), { a: 'b=c', c: '' });
  assert.throws(() => parseSecretLabels(['=x']), { message: 'unable to process labels: invalid label format: "=x"' });
});
