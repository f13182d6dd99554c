import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseReference, parseNormalized, normalize, normalizeName, isShortName, familiarString, toString,
  looksLikeImageId, isFullImageId, withTag, digestError, type Reference,
} from './reference.ts';

const HEX64 = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

test('parseReference accepts the grammar', () => {
  const cases: [string, Reference][] = [
    ['busybox', { path: 'busybox' }],
    ['busybox:1.36', { path: 'busybox', tag: '1.36' }],
    ['library/busybox', { path: 'library/busybox' }],
    ['docker.io/busybox', { domain: 'docker.io', path: 'busybox' }],
    ['localhost/foo', { domain: 'localhost', path: 'foo' }],
    ['localhost:5000/a/b/c:v1', { domain: 'localhost:5000', path: 'a/b/c', tag: 'v1' }],
    ['127.0.0.1:5000/foo', { domain: '127.0.0.1:5000', path: 'foo' }],
    ['[::1]:5000/foo', { domain: '[::1]:5000', path: 'foo' }],
    ['[fe80::1]/foo:tag', { domain: '[fe80::1]', path: 'foo', tag: 'tag' }],
    ['Example.COM/foo', { domain: 'Example.COM', path: 'foo' }],
    ['quay.io/a__b/c-d.e_f--g', { domain: 'quay.io', path: 'a__b/c-d.e_f--g' }],
    [`foo@sha256:${HEX64}`, { path: 'foo', digest: `sha256:${HEX64}` }],
    [`q.io/foo:t@sha256:${HEX64}`, { domain: 'q.io', path: 'foo', tag: 't', digest: `sha256:${HEX64}` }],
    ['foo:_Tag.With-Caps', { path: 'foo', tag: '_Tag.With-Caps' }],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseReference(input), want, input);
});

test('parseReference errors are worded like podman 4.3', () => {
  const cases: [string, string][] = [
    ['', 'repository name must have at least one component'],
    ['Foo', 'repository name must be lowercase'],
    ['a/B/c', 'repository name must be lowercase'],
    ['docker.io/Foo', 'repository name must be lowercase'],
    ['foo:', 'invalid reference format'],
    ['foo::bar', 'invalid reference format'],
    ['foo@sha256:abc', 'invalid reference format'],
    ['-foo', 'invalid reference format'],
    ['foo/', 'invalid reference format'],
    ['foo_bar.com/x', 'invalid reference format'],
    [`foo:${'t'.repeat(129)}`, 'invalid reference format'],
    ['foo@md5:0123456789abcdef0123456789abcdef', 'unsupported digest algorithm'],
    [`foo@sha256:${HEX64.slice(1)}`, 'invalid checksum digest length'],
    [`foo@sha256:${HEX64.toUpperCase()}`, 'invalid checksum digest format'],
    ['a'.repeat(256), 'repository name must not be more than 255 characters'],
  ];
  for (const [input, msg] of cases) {
    assert.throws(() => parseReference(input), (e: Error & { code?: string }) => {
      assert.equal(e.message, msg, input);
      assert.equal(e.code, 'invalid-argument');
      return true;
    });
  }
});

test('normalize fills docker.io, library/ and :latest', () => {
  const cases: [string, string][] = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['index.docker.io/busybox:1', 'docker.io/library/busybox:1'],
    ['user/app', 'docker.io/user/app:latest'],
    ['localhost/foo', 'localhost/foo:latest'],
    ['quay.io/foo/bar', 'quay.io/foo/bar:latest'],
    [`foo@sha256:${HEX64}`, `docker.io/library/foo@sha256:${HEX64}`],
  ];
  for (const [input, want] of cases) assert.equal(toString(normalize(parseReference(input))), want, input);
  assert.equal(toString(normalizeName(parseReference('docker.io/busybox'))), 'docker.io/library/busybox');
  assert.equal(toString(parseNormalized('busybox', { defaultTag: false })), 'docker.io/library/busybox');
  assert.throws(() => parseNormalized(HEX64), /cannot specify 64-byte hexadecimal strings/);
});

test('isShortName and familiarString', () => {
  const shorts: [string, boolean][] = [
    ['busybox', true], ['library/busybox:1', true], [`foo@sha256:${HEX64}`, true],
    ['docker.io/busybox', false], ['localhost/foo', false], ['example.com:5000/x', false], ['host:5000/x', false],
  ];
  for (const [input, want] of shorts) assert.equal(isShortName(input), want, input);
  const familiar: [string, string][] = [
    ['docker.io/library/busybox:latest', 'busybox:latest'],
    ['docker.io/user/app', 'user/app'],
    ['docker.io/library/a/b', 'library/a/b'],
    ['quay.io/foo/bar:1', 'quay.io/foo/bar:1'],
  ];
  for (const [input, want] of familiar) assert.equal(familiarString(parseReference(input)), want, input);
});

test('image IDs, tags and digests', () => {
  const ids: [string, boolean, boolean][] = [
    [HEX64, true, true], [`sha256:${HEX64}`, true, true], ['abc123', true, false],
    ['busybox', false, false], [HEX64.toUpperCase(), false, false], [`${HEX64}0`, false, false],
  ];
  for (const [s, looks, full] of ids) {
    assert.equal(looksLikeImageId(s), looks, s);
    assert.equal(isFullImageId(s), full, s);
  }
  assert.deepEqual(withTag({ path: 'a', digest: `sha256:${HEX64}` }, 'v2'), { path: 'a', tag: 'v2' });
  assert.throws(() => withTag({ path: 'a' }, 'bad tag'), /invalid tag format/);
  assert.equal(digestError(`sha512:${'a'.repeat(128)}`), undefined);
  assert.equal(digestError('nocolon'), 'invalid checksum digest format');
});
