import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveShortName, describeResolution, localCandidates, pullSources } from './resolve.ts';
import { emptyRegistriesConf, mergeRegistriesConf, parseRegistriesConf, type RegistriesConf } from '../config/registries-conf.ts';
import { parseNormalized, toString } from './reference.ts';

const D = `sha256:${'ab'.repeat(32)}`;

function conf(text: string, main = '/etc/containers/registries.conf'): RegistriesConf {
  const c = emptyRegistriesConf(main, ['/etc/containers/registries.conf.d']);
  mergeRegistriesConf(c, parseRegistriesConf(text, main));
  return c;
}

test('short-name resolution: aliases, search registries and modes', () => {
  const two = 'unqualified-search-registries = ["quay.io", "docker.io"]\n[aliases]\nalpine = "docker.io/library/alpine"\n';
  const cases: [string, string, boolean, string[], string][] = [
    // conf text, input, tty, candidates, description
    [two, 'quay.io/foo', false, ['quay.io/foo:latest'], ''],
    [two, 'alpine', false, ['docker.io/library/alpine:latest'], 'Resolved "alpine" as an alias (/etc/containers/registries.conf)'],
    [two, 'alpine:3', false, ['docker.io/library/alpine:3'], 'Resolved "alpine" as an alias (/etc/containers/registries.conf)'],
    [two, `alpine@${D}`, false, [`docker.io/library/alpine@${D}`], 'Resolved "alpine" as an alias (/etc/containers/registries.conf)'],
    [two, 'foo:1', false, ['quay.io/foo:1', 'docker.io/library/foo:1'], 'Resolving "foo" using unqualified-search registries (/etc/containers/registries.conf)'],
    [`short-name-mode = "enforcing"\n${two}`.replace('\n[aliases]', '\n[aliases]'), 'x/y', true, ['quay.io/x/y:latest', 'docker.io/x/y:latest'], 'Resolving "x/y" using unqualified-search registries (/etc/containers/registries.conf)'],
    ['short-name-mode = "enforcing"\nunqualified-search-registries = ["quay.io"]\n', 'foo', false, ['quay.io/foo:latest'], 'Resolving "foo" using unqualified-search registries (/etc/containers/registries.conf)'],
    ['short-name-mode = "disabled"\nunqualified-search-registries = ["a.io", "b.io"]\n', 'foo', false, ['a.io/foo:latest', 'b.io/foo:latest'], 'Resolving "foo" using unqualified-search registries (/etc/containers/registries.conf)'],
  ];
  for (const [text, input, tty, want, desc] of cases) {
    const r = resolveShortName(input, conf(text), { tty });
    assert.deepEqual(r.candidates.map(toString), want, input);
    assert.equal(describeResolution(r), desc, input);
  }
  assert.equal(resolveShortName('foo', conf('short-name-mode = "enforcing"\n' + two), { tty: true }).needsPrompt, true);
  assert.equal(resolveShortName('foo', conf(two), { tty: false }).needsPrompt, false);
});

test('short-name resolution errors match containers/image', () => {
  const cases: [RegistriesConf, string, string][] = [
    [conf('[aliases]\nx = "q.io/x"\n', '/tmp/reg2.conf'), 'foobarx', 'short-name "foobarx" did not resolve to an alias and no unqualified-search registries are defined in "/tmp/reg2.conf"'],
    [emptyRegistriesConf('/nope.conf'), 'foo', 'short-name "foo" did not resolve to an alias and no containers-registries.conf(5) was found'],
    [conf('short-name-mode = "enforcing"\nunqualified-search-registries = ["a.io", "b.io"]\n'), 'foo', 'short-name resolution enforced but cannot prompt without a TTY'],
  ];
  for (const [c, input, msg] of cases) {
    assert.throws(() => resolveShortName(input, c, { tty: false }), (e: Error) => (assert.equal(e.message, msg), true));
  }
});

test('localCandidates: alias, localhost, search registries', () => {
  const c = conf('unqualified-search-registries = ["quay.io"]\n[aliases]\nfoo = "r.io/foo"\n');
  assert.deepEqual(localCandidates('foo:2', c).map(toString), ['r.io/foo:2', 'localhost/foo:2', 'quay.io/foo:2']);
  assert.deepEqual(localCandidates('docker.io/busybox', c).map(toString), ['docker.io/library/busybox:latest']);
});

test('pullSources: mirrors, digest/tag restrictions, rewriting, insecure, blocked', () => {
  const c = conf(`
[[registry]]
prefix = "docker.io"
location = "docker.io"
[[registry.mirror]]
location = "127.0.0.1:5000"
insecure = true
[[registry.mirror]]
location = "digests.local/hub"
pull-from-mirror = "digest-only"
[[registry.mirror]]
location = "tags.local"
pull-from-mirror = "tag-only"

[[registry]]
prefix = "example.com/foo"
location = "internal.example.net/bar"
mirror-by-digest-only = true
[[registry.mirror]]
location = "m.example.net/foo"

[[registry]]
location = "insecure.local:5000"
insecure = true

[[registry]]
prefix = "*.corp.io"
blocked = true
`);
  const show = (ref: string) => pullSources(parseNormalized(ref), c).map((s) => `${toString(s.reference)}${s.insecure ? ' (insecure)' : ''}${s.mirror ? ' [mirror]' : ''}`);
  const cases: [string, string[]][] = [
    ['busybox', ['127.0.0.1:5000/library/busybox:latest (insecure) [mirror]', 'tags.local/library/busybox:latest [mirror]', 'docker.io/library/busybox:latest']],
    [`busybox@${D}`, [`127.0.0.1:5000/library/busybox@${D} (insecure) [mirror]`, `digests.local/hub/library/busybox@${D} [mirror]`, `docker.io/library/busybox@${D}`]],
    ['example.com/foo/img:1', ['internal.example.net/bar/img:1']],
    [`example.com/foo/img@${D}`, [`m.example.net/foo/img@${D} [mirror]`, `internal.example.net/bar/img@${D}`]],
    ['insecure.local:5000/x', ['insecure.local:5000/x:latest (insecure)']],
    ['quay.io/a/b', ['quay.io/a/b:latest']],
  ];
  for (const [ref, want] of cases) assert.deepEqual(show(ref), want, ref);
  assert.throws(() => show('r.corp.io/x'), /registry \*.corp.io is blocked in \/etc\/containers\/registries.conf or \/etc\/containers\/registries.conf.d/);
});
