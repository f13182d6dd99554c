import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildHosts, buildResolvConf, buildContainerEnv, writeRunFiles } from './runfiles.ts';
import { parseRestartPolicy, parseEnvFile } from './create.ts';
import { randomContainerName, newContainerId, validateContainerName } from './names.ts';

test('resolv.conf drops loopback nameservers, keeps search/options, falls back', () => {
  const cases: Array<[string, string]> = [
    ['nameserver 10.255.255.53\n', 'nameserver 10.255.255.53\n'],
    ['search a.b\nnameserver 127.0.0.53\nnameserver 1.1.1.1\noptions ndots:2\n', 'search a.b\nnameserver 1.1.1.1\noptions ndots:2\n'],
    ['nameserver 127.0.0.1\nnameserver ::1\n', 'nameserver 8.8.8.8\nnameserver 8.8.4.4\n'],
  ];
  for (const [input, want] of cases) assert.equal(buildResolvConf(input), want);
});

test('hosts: host entries, host.containers.internal, the container', () => {
  assert.equal(
    buildHosts({ hostHosts: '127.0.0.1 localhost\n# c\n127.0.0.1 vm\n', hostIp: '192.0.2.2', containerIp: '127.0.0.1', hostname: 'abc', name: 'n' }),
    '127.0.0.1\tlocalhost\n127.0.0.1\tvm\n192.0.2.2\thost.containers.internal\n127.0.0.1\tabc n\n',
  );
});

test('.containerenv is empty unless privileged', () => {
  const i = { privileged: false, name: 'n', id: 'i', image: 'img', imageId: 'x', version: '0.1.0' };
  assert.equal(buildContainerEnv(i), '');
  assert.match(buildContainerEnv({ ...i, privileged: true }), /^engine="berth-0.1.0"\nname="n"\nid="i"\n/);
});

test('restart policies', () => {
  const ok: Array<[string | undefined, string, number]> = [[undefined, '', 0], ['always', 'always', 0], ['on-failure:3', 'on-failure', 3], ['unless-stopped', 'unless-stopped', 0], ['no', 'no', 0]];
  for (const [v, name, n] of ok) assert.deepEqual(parseRestartPolicy(v, false), { name, maxRetries: n });
  for (const bad of ['sometimes', 'always:2', 'on-failure:x']) assert.throws(() => parseRestartPolicy(bad, false));
  assert.throws(() => parseRestartPolicy('always', true), /conflicts with --restart/);
});

test('env files, names, ids', () => {
  assert.deepEqual(parseEnvFile('# c\nA=1\n\nB\r\n'), ['A=1', 'B']);
  assert.match(randomContainerName(() => false), /^[a-z]+_[a-z]+$/);
  assert.match(newContainerId(), /^[0-9a-f]{64}$/);
  assert.throws(() => validateContainerName('a b'), /names must match/);
});

test('writeRunFiles in parts: empty network files while an attach runs, then rewritten in place', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-runfiles-'));
  try {
    const input = {
      hostname: 'c1', name: 'web', network: 'bridge',
      containerEnv: { privileged: true, name: 'web', id: 'abc', image: 'busybox', imageId: 'def', version: '0.1.0' },
    };
    const p = writeRunFiles(dir, input, 'network-pending');
    assert.equal(fs.readFileSync(p.hosts, 'utf8'), '');
    assert.equal(fs.readFileSync(p.resolvConf, 'utf8'), '');
    assert.equal(fs.readFileSync(p.hostname, 'utf8'), 'c1');
    assert.match(fs.readFileSync(p.containerEnv, 'utf8'), /name="web"/);
    const inodes = [fs.statSync(p.hosts).ino, fs.statSync(p.resolvConf).ino];
    const envBefore = fs.statSync(p.containerEnv).mtimeMs;
    fs.writeFileSync(p.hostname, 'untouched');
    writeRunFiles(dir, { ...input, net: { ips: ['10.87.0.5'], gateway: '10.87.0.1' } }, 'network');
    assert.deepEqual([fs.statSync(p.hosts).ino, fs.statSync(p.resolvConf).ino], inodes, 'the runtime binds these inodes');
    const hosts = fs.readFileSync(p.hosts, 'utf8');
    assert.match(hosts, /^10\.87\.0\.5\tc1 web$/m);
    assert.match(hosts, /^10\.87\.0\.1\thost\.containers\.internal$/m);
    assert.match(fs.readFileSync(p.resolvConf, 'utf8'), /nameserver /);
    assert.equal(fs.readFileSync(p.hostname, 'utf8'), 'untouched', 'the network part leaves hostname alone');
    assert.equal(fs.statSync(p.containerEnv).mtimeMs, envBefore);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
