// The network conformance suite, run against both backends: two netns on a new network reach each other, DNS (netavark),
// a published port on 127.0.0.1, and teardown that leaves no trace. Traffic goes only to 127.0.0.1 and the test's own subnet.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { sandbox } from '../helpers/berth.ts';
import { inNetns, spawnInNetns, hostSnapshot, freePort } from '../helpers/netns.ts';
import { NetworkStore } from '../../src/network/store.ts';
import { Ipam } from '../../src/network/ipam.ts';
import { NetavarkBackend } from '../../src/network/netavark.ts';
import { CniBackend } from '../../src/network/cni.ts';
import { NetworkManager } from '../../src/network/manager.ts';
import { createNetns, removeNetns, listNetns } from '../../src/network/netns.ts';
import type { NetworkBackend } from '../../src/network/types.ts';

const BUSYBOX = '/bin/busybox';
const timings: Record<string, number[]> = {};

function connectOnce(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let data = '';
    s.setTimeout(5000, () => { s.destroy(); reject(new Error('timeout')); });
    s.on('data', (b) => (data += b));
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}


for (const backendName of ['netavark', 'cni'] as const) {
  test(`${backendName}: two namespaces, DNS, published port, clean teardown`, async (t) => {
    const sb = sandbox({ containersConf: `[engine]\nruntime = "runc"\n[network]\nnetwork_backend = "${backendName}"\n` });
    after(() => sb.cleanup());
    const octet = 1 + Math.floor(Math.random() * 250);
    const subnet = `10.231.${octet}.0/24`;
    const name = `bt${randomBytes(3).toString('hex')}`;
    const before = hostSnapshot();
    // Even when an assertion fails: the CNI bridge plugin never deletes its bridge, and netavark only on last teardown.
    after(() => spawnSyncQuiet('ip', ['link', 'del', name]));

    const c = sb.run(['network', 'create', '--subnet', subnet, '--interface-name', name, name]);
    assert.equal(c.code, 0, c.stderr);
    const store = new NetworkStore(path.join(sb.root, 'networks'), { name: 'berth', iface: 'berth0', subnet: '10.87.0.0/16' });
    const ipam = new Ipam(sb.runroot);
    const backend: NetworkBackend = backendName === 'netavark'
      ? new NetavarkBackend({ binary: '/usr/lib/podman/netavark', aardvarkBinary: '/usr/lib/podman/aardvark-dns', configDir: path.join(sb.runroot, 'networks'), hideSystemdRun: existsSync('/run/systemd/system') })
      : new CniBackend({ pluginDirs: ['/usr/lib/cni'], confDir: path.join(sb.root, 'networks', 'cni'), stateDir: path.join(sb.runroot, 'cni') });
    const mgr = new NetworkManager(store, ipam, backend);
    const ids = ['a'.repeat(63) + '1', 'b'.repeat(63) + '2'];
    const ns: string[] = [];
    try {
      const hostPort = await freePort();
      const t0 = performance.now();
      ns.push(await createNetns(sb.runroot));
      const r1 = await mgr.attach({
        containerId: ids[0]!, containerName: 'web', netnsPath: ns[0]!, networks: { [name]: { aliases: ['www'] } },
        portMappings: [{ host_ip: '127.0.0.1', host_port: hostPort, container_port: 8080, range: 1, protocol: 'tcp' }],
      });
      const t1 = performance.now();
      ns.push(await createNetns(sb.runroot));
      const r2 = await mgr.attach({ containerId: ids[1]!, containerName: 'client', netnsPath: ns[1]!, networks: { [name]: {} } });
      const ip1 = r1.status[name]!.interfaces!['eth0']!.subnets![0]!.ipnet.split('/')[0]!;
      const ip2 = r2.status[name]!.interfaces!['eth0']!.subnets![0]!.ipnet.split('/')[0]!;
      assert.ok(ip1.startsWith(`10.231.${octet}.`) && ip2.startsWith(`10.231.${octet}.`) && ip1 !== ip2, `${ip1} ${ip2}`);
      assert.match(r1.status[name]!.interfaces!['eth0']!.mac_address, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);

      // By IP, both ways.
      assert.equal(inNetns(ns[1]!, [BUSYBOX, 'ping', '-c', '1', '-W', '2', ip1]).code, 0);
      assert.equal(inNetns(ns[0]!, [BUSYBOX, 'ping', '-c', '1', '-W', '2', ip2]).code, 0);

      // A server in ns[0] answers the published port on 127.0.0.1, and the peer by IP.
      const server = spawnInNetns(ns[0]!, [BUSYBOX, 'nc', '-ll', '-p', '8080', '-e', BUSYBOX, 'echo', 'hello-from-ns']);
      try {
        let got = '';
        for (let i = 0; i < 50 && !got.includes('hello'); i++) {
          got = await connectOnce(hostPort).catch(() => '');
          if (!got) await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(got.trim(), 'hello-from-ns');
        const peer = inNetns(ns[1]!, [BUSYBOX, 'nc', '-w', '2', ip1, '8080']);
        assert.equal(peer.stdout.trim(), 'hello-from-ns');
      } finally {
        server.kill();
      }

      if (backendName === 'netavark') {
        const gw = r1.status[name]!.dns_server_ips![0]!;
        for (const q of ['web', 'www', `web.dns.podman`]) {
          const dns = inNetns(ns[1]!, [BUSYBOX, 'nslookup', q, gw]);
          assert.match(dns.stdout, new RegExp(`Address:\\s+${ip1.replace(/\./g, '\\.')}`), `${q}: ${dns.stdout}${dns.stderr}`);
        }
      } else {
        t.diagnostic('CNI: no dnsname plugin in /usr/lib/cni, DNS resolution not tested');
        // CHECK on the peer (portmap 1.1.1's CHECK fails on IPv4-only results with mappings: it insists on an IPv6 chain).
        await (backend as CniBackend).check({ containerId: ids[1]!, containerName: 'client', netnsPath: ns[1]!, networks: { [name]: { interface_name: 'eth0' } }, networkInfo: {}, portMappings: [] });
      }

      const t2 = performance.now();
      await mgr.detach(ids[0]!);
      removeNetns(ns[0]!);
      const t3 = performance.now();
      (timings[backendName] ??= []).push(t1 - t0 + (t3 - t2));
      await mgr.detach(ids[1]!);
      await mgr.detach(ids[1]!); // idempotent
      removeNetns(ns[1]!);
      ns.length = 0;

      // Timing: more attach/detach rounds on the same network for a median.
      for (let i = 0; i < 6; i++) {
        const s = performance.now();
        const f = await createNetns(sb.runroot);
        await mgr.attach({ containerId: `c${i}`.padEnd(64, '0'), containerName: `t${i}`, netnsPath: f, networks: { [name]: {} } });
        await mgr.detach(`c${i}`.padEnd(64, '0'));
        removeNetns(f);
        timings[backendName]!.push(performance.now() - s);
      }
      const sorted = [...timings[backendName]!].sort((a, b) => a - b);
      t.diagnostic(`${backendName}: setup+teardown per container median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms over ${sorted.length}`);
    } finally {
      for (const id of ids) await mgr.detach(id).catch(() => {});
      for (const f of ns) removeNetns(f);
      ipam.close();
    }
    const rm = sb.run(['network', 'rm', name]);
    assert.equal(rm.code, 0, rm.stderr);
    if (backendName === 'netavark') {
      // aardvark-dns exits on its own once its last network is gone; give it a moment.
      for (let i = 0; i < 20 && new NetavarkBackend({ binary: '', aardvarkBinary: '', configDir: path.join(sb.runroot, 'networks'), hideSystemdRun: false }).aardvarkPid(); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    // The bridge itself stays until removed (as with podman); the test removes it, then compares.
    spawnSyncQuiet('ip', ['link', 'del', name]);
    if (backendName === 'netavark') {
      // netavark 1.4 flushes its per-mapping NETAVARK-DN-* chain at teardown but never deletes it (podman leaves them
      // too); Berth's containers never hand netavark port mappings, only this direct backend test does. -X refuses a
      // chain still in use, so only the empty leftovers go.
      for (const c of hostSnapshot().chains) {
        if (c.startsWith('NETAVARK-DN-') && !before.chains.includes(c)) spawnSyncQuiet('iptables', ['-t', 'nat', '-X', c]);
      }
    }
    const afterSnap = hostSnapshot();
    // Only rules about this test's subnet or bridge: other engines on this host change theirs meanwhile.
    const mine = (r: string) => r.includes(`10.231.${octet}.`) || r.includes(name);
    assert.deepEqual(afterSnap.rules.filter((r) => mine(r) && !before.rules.includes(r)), [], 'iptables rules left behind');
    assert.deepEqual(afterSnap.links.filter((l) => !before.links.includes(l)), [], 'links left behind');
    // Per-network/per-mapping chains only: the backends' global chains (NETAVARK_FORWARD, CNI-HOSTPORT-DNAT, ...) stay by design.
    const perInstance = /^(NETAVARK-DN-|NETAVARK-[0-9A-F]{13}$|CNI-DN-|CNI-[0-9a-f]{24}$)/;
    assert.deepEqual(afterSnap.chains.filter((c) => !before.chains.includes(c) && perInstance.test(c)), [], 'chains left behind');
    assert.deepEqual(listNetns(sb.runroot), []);
    const ipam2 = new Ipam(sb.runroot);
    assert.deepEqual(ipam2.allocations(), []);
    assert.deepEqual(ipam2.attachments(), []);
    ipam2.close();
  });
}

import { spawnSync } from 'node:child_process';
function spawnSyncQuiet(cmd: string, args: string[]): void {
  spawnSync(cmd, args, { stdio: 'ignore' });
}
