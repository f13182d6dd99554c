import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseRegistriesConf, mergeRegistriesConf, emptyRegistriesConf, loadRegistriesConf, findRegistry,
  prefixMatchLength, lookupAlias, registriesConfCodec, registriesConfInputs, type RegistriesConf,
} from './registries-conf.ts';
import { toString } from '../image/reference.ts';
import { tempDir } from '../../test/helpers/tmp.ts';

function conf(...files: [string, string][]): RegistriesConf {
  const c = emptyRegistriesConf('/main.conf');
  files.forEach(([name, text], i) => mergeRegistriesConf(c, parseRegistriesConf(text, name, { dropIn: i > 0 })));
  return c;
}

test('v2 fields parse with defaults', () => {
  const c = conf(['/main.conf', `
unqualified-search-registries = ["quay.io", "docker.io/"]
short-name-mode = "enforcing"
[aliases]
"fedora" = "registry.fedoraproject.org/fedora"
"alpine" = "docker.io/alpine"
[[registry]]
prefix = "example.com/foo"
location = "internal.example.net/bar"
insecure = true
[[registry.mirror]]
location = "mirror.local/foo"
pull-from-mirror = "digest-only"
[[registry]]
location = "registry.com"
blocked = true
`]);
  assert.deepEqual(c.unqualifiedSearchRegistries, ['quay.io', 'docker.io']);
  assert.equal(c.unqualifiedSearchRegistriesOrigin, '/main.conf');
  assert.equal(c.shortNameMode, 'enforcing');
  assert.deepEqual(c.credentialHelpers, ['containers-auth.json']);
  assert.equal(toString(lookupAlias(c, 'alpine')!.value!), 'docker.io/library/alpine');
  assert.deepEqual(c.registries.map((r) => r.prefix), ['example.com/foo', 'registry.com']);
  assert.deepEqual(c.registries[0], {
    prefix: 'example.com/foo', location: 'internal.example.net/bar', insecure: true, blocked: false,
    mirrorByDigestOnly: false, mirrors: [{ location: 'mirror.local/foo', insecure: false, pullFromMirror: 'digest-only' }],
  });
  assert.equal(emptyRegistriesConf().shortNameMode, 'permissive');
});

test('drop-ins replace same-prefix entries, set keys and aliases; empty alias erases', () => {
  const c = conf(
    ['/main.conf', 'unqualified-search-registries = ["a.io"]\ncredential-helpers = ["x"]\n[aliases]\nfoo = "a.io/foo"\nbar = "a.io/bar"\n[[registry]]\nlocation = "a.io"\ninsecure = true\n[[registry]]\nlocation = "z.io"\n'],
    ['/d/1.conf', '[aliases]\nfoo = ""\nbaz = "b.io/baz"\n[[registry]]\nlocation = "a.io"\nblocked = true\n'],
    ['/d/2.conf', 'unqualified-search-registries = []\nshort-name-mode = "disabled"\n'],
  );
  assert.deepEqual(c.unqualifiedSearchRegistries, []);
  assert.equal(c.unqualifiedSearchRegistriesOrigin, '/d/2.conf');
  assert.deepEqual(c.credentialHelpers, ['x']);
  assert.equal(c.shortNameMode, 'disabled');
  assert.equal(lookupAlias(c, 'foo'), undefined);
  assert.equal(lookupAlias(c, 'bar')!.origin, '/main.conf');
  assert.equal(lookupAlias(c, 'baz')!.origin, '/d/1.conf');
  assert.deepEqual(c.registries.map((r) => [r.prefix, r.insecure, r.blocked]), [['a.io', false, true], ['z.io', false, false]]);
  assert.deepEqual(c.files, ['/main.conf', '/d/1.conf', '/d/2.conf']);
});

test('v1 is converted; mixed v1/v2 and v1 drop-ins are refused', () => {
  const v1 = conf(['/main.conf', "[registries.search]\nregistries = ['r1.com', 'r2.com']\n[registries.insecure]\nregistries = ['r3.com']\n[registries.block]\nregistries = ['bad.com']\n"]);
  assert.deepEqual(v1.unqualifiedSearchRegistries, ['r1.com', 'r2.com']);
  assert.deepEqual(v1.registries.map((r) => [r.prefix, r.insecure, r.blocked]), [['bad.com', false, true], ['r3.com', true, false]]);
  const bad: [string, boolean, RegExp][] = [
    ['unqualified-search-registries = ["b"]\n[registries.search]\nregistries = ["a"]\n', false, /loading registries configuration "\/f.conf": mixing sysregistry v1\/v2 is not supported$/],
    ['[registries.search]\nregistries = ["a"]\n', true, /loading drop-in registries configuration "\/f.conf": registry must be in v2 format but is in v1$/],
  ];
  for (const [text, dropIn, re] of bad) assert.throws(() => parseRegistriesConf(text, '/f.conf', { dropIn }), re);
});

test('validation errors name the file', () => {
  const cases: [string, RegExp][] = [
    ['[[registry]]\ninsecure = true\n', /both location and prefix are unset/],
    ['[[registry]]\nlocation = "https://x.io"\n', /invalid location 'https:\/\/x.io': URI schemes are not supported/],
    ['[[registry]]\nprefix = "*.example.com/foo"\nlocation = "x.io"\n', /Wildcarded prefix should be in the format: \*.example.com/],
    ['[[registry]]\nlocation = "x.io"\npull-from-mirror = "all"\n', /pull-from-mirror must not be set for a non-mirror registry "x.io"/],
    ['[[registry]]\nlocation = "x.io"\nmirror-by-digest-only = true\n[[registry.mirror]]\nlocation = "m.io"\npull-from-mirror = "all"\n', /cannot set mirror usage mirror-by-digest-only/],
    ['[[registry]]\nlocation = "x.io"\n[[registry.mirror]]\nlocation = "m.io"\npull-from-mirror = "sometimes"\n', /unsupported pull-from-mirror value "sometimes" for mirror "m.io"/],
    ['[[registry]]\nlocation = "x.io"\n[[registry.mirror]]\ninsecure = true\n', /mirror location is unset/],
    ['[[registry]]\nprefix = "a"\nlocation = "x.io"\n[[registry]]\nprefix = "b"\nlocation = "x.io"\ninsecure = true\n', /registry 'x.io' is defined multiple times with conflicting 'insecure' setting/],
    ['short-name-mode = "strict"\n', /invalid short-name mode: "strict"/],
    ['unqualified-search-registries = ["not a domain"]\n', /Invalid unqualified-search-registries entry "not a domain"/],
    ['[aliases]\n"quay.io/foo" = "quay.io/foo"\n', /invalid short name "quay.io\/foo": must not contain registry/],
    ['[aliases]\nfoo = "foo:tag"\n', /invalid alias "foo:tag": must not contain tag/],
    ['[aliases]\nfoo = "bar"\n', /invalid alias "bar": must contain registry and repository/],
    ['[[registry]]\nlocation = "x.io"\ninsecure = "yes"\n', /line 3: key "registry.insecure": expected boolean, got string/],
    ['unqualified-search-registries = [\n', /^loading registries configuration "\/f.conf": line \d+, column \d+: /],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parseRegistriesConf(text, '/f.conf'), (e: Error) => {
      assert.match(e.message, re, text);
      assert.ok(e.message.startsWith('loading registries configuration "/f.conf": '), e.message);
      return true;
    });
  }
});

test('prefix matching and longest-prefix lookup', () => {
  const cases: [string, string, number][] = [
    ['example.com/foo/bar', 'example.com/foo', 15],
    ['example.com/foobar', 'example.com/foo', -1],
    ['example.com', 'example.com', 11],
    ['example.com:5000/x', 'example.com', 11],
    ['a.b.example.com/x', '*.example.com', 15],
    ['example.com/x', '*.example.com', -1],
    ['evil.com/a.example.com', '*.example.com', -1],
    ['docker.io/library/busybox:latest', 'docker.io/library/busybox', 25],
  ];
  for (const [ref, prefix, want] of cases) assert.equal(prefixMatchLength(ref, prefix), want, `${ref} ~ ${prefix}`);
  const c = conf(['/m', '[[registry]]\nlocation = "docker.io"\n[[registry]]\nprefix = "docker.io/library"\nlocation = "mirror.local/lib"\n[[registry]]\nprefix = "*.corp.io"\nblocked = true\n']);
  assert.equal(findRegistry(c, 'docker.io/library/busybox')!.prefix, 'docker.io/library');
  assert.equal(findRegistry(c, 'docker.io/user/app')!.prefix, 'docker.io');
  assert.equal(findRegistry(c, 'r.corp.io/x')!.prefix, '*.corp.io');
  assert.equal(findRegistry(c, 'quay.io/x'), undefined);
});

test('loadRegistriesConf: main, drop-ins and alias cache precedence', () => {
  const root = tempDir('berth-reg-');
  mkdirSync(join(root, 'etc/containers/registries.conf.d'), { recursive: true });
  mkdirSync(join(root, 'var/cache/containers'), { recursive: true });
  writeFileSync(join(root, 'etc/containers/registries.conf.d/shortnames.conf'), '[aliases]\nalpine = "docker.io/library/alpine"\nfoo = "a.io/foo"\n');
  writeFileSync(join(root, 'var/cache/containers/short-name-aliases.conf'), '[aliases]\nfoo = "b.io/foo"\n');
  const c = loadRegistriesConf({ env: { HOME: join(root, 'home') }, uid: 0, root });
  assert.equal(c.mainFile, join(root, 'etc/containers/registries.conf'));
  assert.equal(toString(lookupAlias(c, 'foo')!.value!), 'b.io/foo');
  assert.equal(lookupAlias(c, 'alpine')!.origin, join(root, 'etc/containers/registries.conf.d/shortnames.conf'));
  const main = join(root, 'mine.conf');
  writeFileSync(main, 'unqualified-search-registries = ["quay.io"]\n');
  const o = loadRegistriesConf({ env: { HOME: join(root, 'home'), CONTAINERS_REGISTRIES_CONF: main }, uid: 0, root });
  assert.deepEqual([o.unqualifiedSearchRegistries, o.unqualifiedSearchRegistriesOrigin], [['quay.io'], main]);
  assert.ok(lookupAlias(o, 'alpine'));
});

test('registriesConfCodec: a loaded configuration survives the JSON round trip of the conf cache', () => {
  const root = tempDir('berth-reg-');
  mkdirSync(join(root, 'etc/containers/registries.conf.d'), { recursive: true });
  mkdirSync(join(root, 'var/cache/containers'), { recursive: true });
  writeFileSync(join(root, 'etc/containers/registries.conf'), 'unqualified-search-registries = ["docker.io"]\n[[registry]]\nprefix = "docker.io"\nlocation = "127.0.0.1:5000"\ninsecure = true\n[[registry.mirror]]\nlocation = "m.local"\n');
  writeFileSync(join(root, 'etc/containers/registries.conf.d/shortnames.conf'), '[aliases]\nalpine = "docker.io/library/alpine"\ngone = ""\n');
  writeFileSync(join(root, 'var/cache/containers/short-name-aliases.conf'), '[aliases]\nfoo = "b.io/foo"\n');
  const ctx = { env: { HOME: join(root, 'home') }, uid: 0, root };
  const c = loadRegistriesConf(ctx);
  const back = registriesConfCodec.fromJson(JSON.parse(JSON.stringify(registriesConfCodec.toJson(c))));
  assert.deepEqual(back, c);
  assert.deepEqual(registriesConfInputs(ctx), [
    join(root, 'etc/containers/registries.conf'),
    join(root, 'etc/containers/registries.conf.d'),
    join(root, 'home/.config/containers/registries.conf.d'),
    join(root, 'etc/containers/registries.conf.d/shortnames.conf'),
    join(root, 'var/cache/containers/short-name-aliases.conf'),
  ]);
});
