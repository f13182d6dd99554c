import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultContainersConf, applyContainersConf, parseContainersConf, loadContainersConf, type ContainersConf,
} from './containers-conf.ts';
import type { PathContext } from './paths.ts';
import { tempDir } from '../../test/helpers/tmp.ts';

const ROOT: PathContext = { env: { HOME: '/root' }, uid: 0 };

function merged(...texts: string[]): ContainersConf {
  const conf = defaultContainersConf(ROOT);
  texts.forEach((t, i) => applyContainersConf(conf, parseContainersConf(t, `/f${i}.conf`)));
  return conf;
}

test('defaults follow Podman 4.3 on a host without systemd', () => {
  const c = defaultContainersConf(ROOT);
  assert.equal(c.containers.pidsLimit, 2048);
  assert.equal(c.containers.logDriver, 'k8s-file');
  assert.equal(c.engine.cgroupManager, 'cgroupfs');
  assert.equal(c.engine.eventsLogger, 'file');
  assert.equal(c.engine.volumePath, '/var/lib/berth/storage/volumes');
  assert.equal(c.network.defaultSubnet, '10.88.0.0/16');
  assert.equal(c.network.defaultSubnetPools.length, 5);
  assert.ok(c.engine.runtimes.runc!.includes('/usr/bin/runc'));
  const sd = defaultContainersConf(ROOT, { systemd: true });
  assert.deepEqual([sd.engine.cgroupManager, sd.containers.logDriver], ['systemd', 'journald']);
});

test('later files override field by field; tables merge by key; unknown keys ignored', () => {
  const c = merged(
    '[containers]\npids_limit = 100\nenv = ["A=1"]\n[engine]\nruntime = "crun"\n[engine.runtimes]\nfoo = ["/bin/foo"]\n',
    '[containers]\nlog_size_max = 1000\nmystery = true\n[engine]\nruntime = "runc"\n[engine.runtimes]\nbar = ["/bin/bar"]\n[unknown]\nx=1\n',
    '[network]\ndefault_subnet_pools = [{base = "10.10.0.0/16", size = 24}]\nnetwork_backend = "cni"\n',
  );
  assert.equal(c.containers.pidsLimit, 100);
  assert.deepEqual(c.containers.env, ['A=1']);
  assert.equal(c.containers.logSizeMax, 1000);
  assert.equal(c.engine.runtime, 'runc');
  assert.deepEqual(c.engine.runtimes.foo, ['/bin/foo']);
  assert.deepEqual(c.engine.runtimes.bar, ['/bin/bar']);
  assert.ok(c.engine.runtimes.crun);
  assert.deepEqual(c.network.defaultSubnetPools, [{ base: '10.10.0.0/16', size: 24 }]);
  assert.deepEqual(c.files, ['/f0.conf', '/f1.conf', '/f2.conf']);
});

test('malformed files give one line naming the file and position', () => {
  const cases: [string, RegExp][] = [
    ['[containers]\nfoo = 1\nbar = = 2\n', /^reading system config "\/f0.conf": line 3, column 7: invalid value$/],
    ['[containers]\npids_limit = "abc"\n', /^reading system config "\/f0.conf": line 2: key "containers.pids_limit": expected integer, got string$/],
    ['[engine]\nruntimes = { runc = "x" }\n', /key "engine.runtimes": expected table of string arrays/],
    ['containers = 3\n', /key "containers": expected table, got integer/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => merged(text), (e: Error & { code?: string }) => {
      assert.match(e.message, re);
      assert.ok(!e.message.includes('\n'));
      assert.equal(e.code, 'invalid-argument');
      return true;
    });
  }
});

test('loadContainersConf reads CONTAINERS_CONF only, and reports a missing one', () => {
  const dir = tempDir('berth-cc-');
  mkdirSync(join(dir, 'usr/share/containers'), { recursive: true });
  writeFileSync(join(dir, 'usr/share/containers/containers.conf'), '[containers]\npids_limit = 5\n');
  const only = join(dir, 'only.conf');
  writeFileSync(only, '[engine]\nruntime = "runc"\ndefault_ulimits = 1\n');
  const sys = loadContainersConf({ env: { HOME: dir }, uid: 0, root: dir });
  assert.equal(sys.containers.pidsLimit, 5);
  assert.equal(sys.network.networkConfigDir, '/etc/containers/networks');
  const over = loadContainersConf({ env: { HOME: dir, CONTAINERS_CONF: only }, uid: 0, root: dir });
  assert.deepEqual([over.containers.pidsLimit, over.engine.runtime, over.files], [2048, 'runc', [only]]);
  assert.throws(
    () => loadContainersConf({ env: { CONTAINERS_CONF: join(dir, 'nope') }, uid: 0, root: dir }),
    /CONTAINERS_CONF file: stat .*nope: no such file or directory/,
  );
  const rootless = loadContainersConf({ env: { HOME: '/h', XDG_RUNTIME_DIR: '/r' }, uid: 1000, root: dir });
  assert.equal(rootless.network.networkConfigDir, '/h/.local/share/berth/storage/networks');
});
