import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toGoYAML, yamlKeyLess } from './yaml.ts';

test('toGoYAML matches podman info (excerpt, recorded from `podman info` on podman 4.3)', () => {
  const info = {
    host: {
      arch: 'amd64', buildahVersion: '1.28.2', cgroupManager: 'cgroupfs', cgroupVersion: 'v1',
      cgroupControllers: ['cpuset', 'cpu'],
      conmon: { package: 'conmon_2.1.6+ds1-1_amd64', path: '/usr/bin/conmon', version: 'conmon version 2.1.6, commit: unknown' },
      cpus: 2,
      cpuUtilization: { userPercent: 5.06, systemPercent: 2.25, idlePercent: 92.69 },
      distribution: { distribution: 'debian', version: '12', codename: 'bookworm' },
      idMappings: { gidmap: null, uidmap: null },
      ociRuntime: { name: 'runc', version: 'runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev' },
      uptime: '0h 7m 50.00s',
    },
    plugins: { authorization: null, log: ['k8s-file', 'none'], volume: ['local'] },
    registries: {},
    store: {
      graphOptions: {},
      graphStatus: { 'Backing Filesystem': 'extfs', 'Native Overlay Diff': 'true', 'Supports d_type': 'true', 'Using metacopy': 'false' },
    },
    version: { APIVersion: '4.3.1', Built: 0, BuiltTime: 'Thu Jan  1 00:00:00 1970', GitCommit: '', GoVersion: 'go1.19.8', Os: 'linux' },
  };
  const want = `host:
  arch: amd64
  buildahVersion: 1.28.2
  cgroupControllers:
  - cpuset
  - cpu
  cgroupManager: cgroupfs
  cgroupVersion: v1
  conmon:
    package: conmon_2.1.6+ds1-1_amd64
    path: /usr/bin/conmon
    version: 'conmon version 2.1.6, commit: unknown'
  cpuUtilization:
    idlePercent: 92.69
    systemPercent: 2.25
    userPercent: 5.06
  cpus: 2
  distribution:
    codename: bookworm
    distribution: debian
    version: "12"
  idMappings:
    gidmap: null
    uidmap: null
  ociRuntime:
    name: runc
    version: |-
      runc version 1.1.5+ds1
      commit: 1.1.5+ds1-1+deb12u1
      spec: 1.0.2-dev
  uptime: 0h 7m 50.00s
plugins:
  authorization: null
  log:
  - k8s-file
  - none
  volume:
  - local
registries: {}
store:
  graphOptions: {}
  graphStatus:
    Backing Filesystem: extfs
    Native Overlay Diff: "true"
    Supports d_type: "true"
    Using metacopy: "false"
version:
  APIVersion: 4.3.1
  Built: 0
  BuiltTime: Thu Jan  1 00:00:00 1970
  GitCommit: ""
  GoVersion: go1.19.8
  Os: linux
`;
  assert.equal(toGoYAML(info), want);
});

test('yaml.v2 scalar quoting and collections', () => {
  const cases: [unknown, string][] = [
    [{ a: 'yes', b: 'on', c: '1e3', d: '0x1F', e: '2024-01-02', f: '1:20', g: 'plain text' }, 'a: "yes"\nb: "on"\nc: "1e3"\nd: "0x1F"\ne: "2024-01-02"\nf: "1:20"\ng: plain text\n'],
    [{ a: ' lead', b: 'x #y', c: '- z', d: "it's: here", e: '*star', f: 'tab\there', g: 'a#b' }, "a: ' lead'\nb: 'x #y'\nc: '- z'\nd: 'it''s: here'\ne: '*star'\nf: \"tab\\there\"\ng: a#b\n"],
    // "n" is a YAML 1.1 boolean, so yaml.v2 quotes it even as a key.
    [{ l: [], m: {}, n: [{ a: 1, b: [1, 2] }, [3, 4]] }, 'l: []\nm: {}\n"n":\n- a: 1\n  b:\n  - 1\n  - 2\n- - 3\n  - 4\n'],
    [{ s: 'two\nlines\n' }, 's: |\n  two\n  lines\n'],
    [{ f: 1.5, i: -3, big: 1e21, t: true }, 'f: 1.5\ni: -3\nbig: 1e+21\nt: true\n'],
  ];
  for (const [v, want] of cases) assert.equal(toGoYAML(v, { sortKeys: false }), want, JSON.stringify(v));
  assert.equal(toGoYAML({ b: 1, a: 2 }), 'a: 2\nb: 1\n');
});

test('yaml.v2 key order', () => {
  const keys = ['b10', 'a', 'b2', 'B', '_x', 'a1'];
  const sorted = [...keys].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
  assert.deepEqual(sorted, ['_x', 'B', 'a', 'a1', 'b2', 'b10']);
});
