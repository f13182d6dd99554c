import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, statSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  lookupCredentials, setCredentials, removeCredentials, removeAllCredentials, authKeysFor, readAuthFile,
} from './auth.ts';
import type { AuthFile } from './paths.ts';
import { tempDir } from '../../test/helpers/tmp.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const dir = () => tempDir('berth-auth-');

test('authKeysFor walks up to the registry', () => {
  assert.deepEqual(authKeysFor('docker.io/library/foo'), ['docker.io/library/foo', 'docker.io/library', 'docker.io']);
  assert.deepEqual(authKeysFor('quay.io'), ['quay.io']);
});

test('lookup by most specific key, legacy Docker Hub key, identity token, file order', () => {
  const d = dir();
  const first = join(d, 'auth.json');
  const docker = join(d, 'config.json');
  const legacy = join(d, '.dockercfg');
  writeFileSync(first, JSON.stringify({ auths: {
    'quay.io': { auth: b64('q:reg') },
    'quay.io/team': { auth: b64('q:team') },
    'r.io': { identitytoken: 'tok' },
    'empty.io': {},
  } }));
  writeFileSync(docker, JSON.stringify({ auths: {
    'https://index.docker.io/v1/': { auth: b64('hub:pw\0') },
    'empty.io': { auth: b64('e:pw') },
    'http://old.io/v2/': { auth: b64('o:pw') },
  } }));
  writeFileSync(legacy, JSON.stringify({ 'https://legacy.io/v1/': { auth: b64('l:pw') } }));
  const files: AuthFile[] = [
    { path: join(d, 'missing.json'), legacy: false }, { path: first, legacy: false },
    { path: docker, legacy: false }, { path: legacy, legacy: true },
  ];
  const cases: [string, string | undefined, string | undefined][] = [
    ['quay.io/team/app', 'q', 'team'],
    ['quay.io/other/app', 'q', 'reg'],
    ['quay.io', 'q', 'reg'],
    ['docker.io/library/busybox', 'hub', 'pw'],
    ['empty.io/x', 'e', 'pw'],
    ['old.io', 'o', 'pw'],
    ['legacy.io/x', 'l', 'pw'],
    ['nowhere.io', undefined, undefined],
  ];
  for (const [key, user, pass] of cases) {
    const c = lookupCredentials(files, key);
    assert.deepEqual([c?.username, c?.password], [user, pass], key);
  }
  assert.equal(lookupCredentials(files, 'r.io/x')!.identityToken, 'tok');
});

test('credHelpers are reported as unsupported; bad JSON names the file', () => {
  const d = dir();
  const f = join(d, 'c.json');
  writeFileSync(f, JSON.stringify({ auths: {}, credHelpers: { 'quay.io': 'secretservice' } }));
  assert.throws(() => lookupCredentials([{ path: f, legacy: false }], 'quay.io/x'),
    /credential helper "docker-credential-secretservice" configured for quay.io in .*c.json is not supported/);
  const bad = join(d, 'd.json');
  writeFileSync(bad, '{bad');
  assert.throws(() => lookupCredentials([{ path: bad, legacy: false }], 'quay.io'), /reading JSON file ".*d.json": unmarshaling JSON at/);
});

test('set and remove write atomically with private modes and keep other keys', () => {
  const d = dir();
  const f = join(d, 'new', 'containers', 'auth.json');
  setCredentials(f, 'localhost:5000', 'u', 'p:w');
  assert.equal(statSync(f).mode & 0o777, 0o600);
  assert.equal(statSync(join(d, 'new', 'containers')).mode & 0o777, 0o700);
  assert.deepEqual(lookupCredentials([{ path: f, legacy: false }], 'localhost:5000/x')?.password, 'p:w');
  writeFileSync(f, JSON.stringify({ auths: { 'a.io': { auth: b64('a:b') } }, credsStore: 'desktop' }));
  setCredentials(f, 'b.io/ns', 'c', 'd');
  const content = readAuthFile(f)!;
  assert.deepEqual(Object.keys(content.auths), ['a.io', 'b.io/ns']);
  assert.equal(content.credsStore, 'desktop');
  removeCredentials(f, 'a.io');
  assert.deepEqual(Object.keys(readAuthFile(f)!.auths), ['b.io/ns']);
  assert.throws(() => removeCredentials(f, 'a.io'), /^BerthError: not logged into a.io$/);
  removeAllCredentials(f);
  assert.deepEqual(JSON.parse(readFileSync(f, 'utf8')).auths, {});
  assert.deepEqual(readdirSync(join(d, 'new', 'containers')), ['auth.json']);
});
