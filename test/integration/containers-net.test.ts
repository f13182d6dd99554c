// Containers on networks, same file for netavark and CNI: name resolution, published/-P ports, live port changes,
// connect/disconnect, reload, network rm, bad input, crash points, and no trace left. Traffic: 127.0.0.1 and the test's subnets.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, existsSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { sandbox, type Sandbox } from '../helpers/berth.ts';
import { freePort } from '../helpers/netns.ts';


/**
 * GET /hostname from busybox httpd serving /etc on 127.0.0.1:port (or [::1]); '' when nothing answers. With `want`,
 * asks again for up to 10 s until that answer comes: httpd may not listen yet right after `run -d`, and a reused
 * container address can take the host a few seconds to re-resolve (its neighbour entry still has the old MAC).
 */
async function hostnameAt(port: number, want?: string, host = '127.0.0.1'): Promise<string> {
  const end = Date.now() + 10_000;
  for (;;) {
    let got = '';
    try {
      const r = await fetch(`http://${host}:${port}/hostname`, { signal: AbortSignal.timeout(3000) });
      got = (await r.text()).trim();
    } catch {
      // nothing answers (yet)
    }
    if (want === undefined || got === want || Date.now() > end) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** iptables rules and links that mention this test's subnets, bridges or containers (others run concurrently). */
function traces(words: string[]): string[] {
  const ipt = spawnSync('iptables-save', [], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.startsWith('-A ') && words.some((w) => l.includes(w)));
  const links = spawnSync('ip', ['-o', 'link'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => words.some((w) => l.includes(` ${w}`)));
  return [...ipt, ...links];
}

function leftovers(sb: Sandbox, network: string): { netns: string[]; allocations: number } {
  const dir = path.join(sb.runroot, 'netns');
  const netns = existsSync(dir) ? readdirSync(dir) : [];
  const dbFile = path.join(sb.runroot, 'network', 'ipam.db');
  let allocations = 0;
  if (existsSync(dbFile)) {
    const db = new DatabaseSync(dbFile);
    allocations = Number((db.prepare('SELECT count(*) AS n FROM allocations WHERE network = ?').get(network) as { n: number }).n);
    allocations += Number((db.prepare('SELECT count(*) AS n FROM attachments WHERE network = ?').get(network) as { n: number }).n);
    db.close();
  }
  return { netns, allocations };
}

for (const backend of ['netavark', 'cni'] as const) {
  test(`containers on networks (${backend})`, async (t) => {
    const sb = sandbox({ containersConf: `[engine]\nruntime = "runc"\n[network]\nnetwork_backend = "${backend}"\n` });
    const run = (args: string[], env?: NodeJS.ProcessEnv) => sb.run(args, env ? { env } : {});
    const ok = (args: string[]) => {
      const r = run(args);
      assert.equal(r.code, 0, `berth ${args.join(' ')}: ${r.stderr}`);
      return r.stdout.trim();
    };
    const octet = 1 + Math.floor(Math.random() * 200);
    const subnet = `10.231.${octet}.0/24`;
    const subnet2 = `10.231.${octet + 50}.0/24`;
    const tag = randomBytes(3).toString('hex');
    const [netA, netB, netC] = [`cn${tag}a`, `cn${tag}b`, `cn${tag}c`];
    const bridges = [`cn${tag}0`, `cn${tag}1`, `cn${tag}2`];
    const subnet6 = `fd00:231:${octet}::/64`;
    const words = [`10.231.${octet}.`, `10.231.${octet + 50}.`, `10.232.${octet}.`, `fd00:231:${octet}:`, ...bridges];
    const before = traces(words);
    after(() => {
      sb.run(['rm', '-a', '-f', '-t', '0']);
      sb.run(['network', 'rm', '-f', netA, netB, netC]);
      for (const b of bridges) spawnSync('ip', ['link', 'del', b]);
      sb.cleanup();
    });
    assert.equal(run(['pull', '-q', 'busybox']).code, 0);
    ok(['network', 'create', '--subnet', subnet, '--interface-name', bridges[0]!, netA]);
    const httpd = (name: string, extra: string[]) => ok(['run', '-d', '--name', name, '--network', netA, ...extra, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
    const ipOf = (name: string) => ok(['exec', name, 'ip', '-o', '-4', 'addr', 'show', 'eth0']).split(/\s+/)[3]!.split('/')[0]!;

    await t.test('two containers reach each other by name', () => {
      httpd('srv', ['--network-alias', 'web']);
      const ip = ipOf('srv');
      assert.match(ip, new RegExp(`^10\\.231\\.${octet}\\.`));
      const hosts = ok(['exec', 'srv', 'cat', '/etc/hosts']);
      assert.match(hosts, new RegExp(`^${ip.replace(/\./g, '\\.')}\\t\\w{12} srv$`, 'm'), hosts);
      assert.match(hosts, new RegExp(`^10\\.231\\.${octet}\\.1\\thost\\.containers\\.internal$`, 'm'));
      if (backend === 'netavark') {
        assert.match(ok(['exec', 'srv', 'cat', '/etc/resolv.conf']), new RegExp(`^nameserver 10\\.231\\.${octet}\\.1$`, 'm'));
        const out = ok(['run', '--rm', '--network', netA, 'busybox', 'sh', '-c', 'nslookup srv && nslookup web && wget -q -O- http://srv/hostname']);
        assert.match(out, new RegExp(`Address: ${ip.replace(/\./g, '\\.')}`));
      } else {
        // No dnsname plugin on these hosts: CNI has no name server, so the name comes from /etc/hosts (--add-host).
        const out = ok(['run', '--rm', '--network', netA, '--add-host', `srv:${ip}`, 'busybox', 'wget', '-q', '-O-', 'http://srv/hostname']);
        assert.equal(out.length, 12);
      }
    });

    await t.test('a port published on 127.0.0.1 answers, port shows it, a live change needs no restart', async () => {
      const [p1, p2] = [await freePort(), await freePort()];
      const id = httpd('pub', ['-p', `127.0.0.1:${p1}:80`]);
      assert.equal(await hostnameAt(p1, id.slice(0, 12)), id.slice(0, 12));
      assert.equal(ok(['port', 'pub']), `80/tcp -> 127.0.0.1:${p1}`);
      const pid = ok(['inspect', '--format', '{{.State.Pid}}', 'pub']);
      ok(['container', 'update', '--publish-add', `127.0.0.1:${p2}:80`, '--publish-rm', String(p1), 'pub']);
      assert.equal(await hostnameAt(p2, id.slice(0, 12)), id.slice(0, 12));
      assert.equal(await hostnameAt(p1), '', 'the old port is gone');
      assert.equal(ok(['port', 'pub']), `80/tcp -> 127.0.0.1:${p2}`);
      assert.equal(ok(['inspect', '--format', '{{.State.Pid}}', 'pub']), pid, 'not restarted');
      ok(['rm', '-f', '-t', '0', 'pub']);
      assert.equal(await hostnameAt(p2), '');
    });

    await t.test('network reload restores the backend\'s rules and the published ports after they were deleted', async () => {
      const port = await freePort();
      const id = httpd('pub', ['-p', `127.0.0.1:${port}:80`]);
      // A "remote" peer on a second test network that reports the source address it sees (busybox httpd CGI).
      ok(['network', 'create', '--subnet', subnet2, '--interface-name', bridges[1]!, netB]);
      const cgi = 'mkdir -p /w/cgi-bin && printf \'#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $REMOTE_ADDR\\n\' > /w/cgi-bin/ip && chmod +x /w/cgi-bin/ip && exec httpd -f -p 80 -h /w';
      ok(['run', '-d', '--name', 'peer', '--network', netB, 'busybox', 'sh', '-c', cgi]);
      const peerIp = ok(['exec', 'peer', 'ip', '-o', '-4', 'addr', 'show', 'eth0']).split(/\s+/)[3]!.split('/')[0]!;
      // (busybox's wget -T segfaults here; httpd writes REMOTE_ADDR as [::ffff:a.b.c.d])
      const seenByPeer = () => ok(['exec', 'pub', 'wget', '-q', '-O-', `http://${peerIp}/cgi-bin/ip`]).replace(/^\[(::ffff:)?|\]$/g, '');
      const gw2 = `10.231.${octet + 50}.1`;
      for (let i = 0; i < 20 && run(['exec', 'peer', 'test', '-x', '/w/cgi-bin/ip']).code !== 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(seenByPeer(), gw2, 'outbound traffic is masqueraded');
      const addr = () => ok(['exec', 'pub', 'ip', '-o', 'addr', 'show', 'eth0']).split(/\s+/).filter((_, i, w) => /^inet6?$/.test(w[i - 1] ?? '')).filter((a) => !a.startsWith('fe80:')).join(' ');
      const mac = () => ok(['exec', 'pub', 'cat', '/sys/class/net/eth0/address']);
      const [addr0, mac0] = [addr(), mac()];
      // Delete every rule (any table) that mentions this test's first subnet or bridge: the backend's and Berth's.
      const mine = [`10.231.${octet}.`, bridges[0]!];
      for (const table of ['filter', 'nat', 'mangle', 'raw']) {
        const del = spawnSync('iptables-save', ['-t', table], { encoding: 'utf8' }).stdout.split('\n')
          .filter((l) => l.startsWith('-A ') && mine.some((w) => l.includes(w))).map((l) => `-D${l.slice(2)}`);
        if (!del.length) continue;
        const r = spawnSync('iptables-restore', ['--noflush'], { input: `*${table}\n${del.join('\n')}\nCOMMIT\n`, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
      }
      assert.deepEqual(traces(mine).filter((l) => l.startsWith('-A ')), []);
      assert.equal(await hostnameAt(port), '', 'the published port is dead');
      assert.match(seenByPeer(), new RegExp(`^10\\.231\\.${octet}\\.`), 'no masquerade: the peer sees the container\'s own address');
      assert.equal(ok(['network', 'reload', 'pub']), id);
      assert.equal(await hostnameAt(port, id.slice(0, 12)), id.slice(0, 12));
      assert.equal(seenByPeer(), gw2, 'masquerade is back');
      assert.equal(addr(), addr0, 'same addresses');
      assert.equal(mac(), mac0, 'same MAC');
      // --all: every running container's network (srv's rules were deleted too), in podman's output shape.
      const srvId = ok(['inspect', '--format', '{{.Id}}', 'srv']);
      assert.deepEqual(ok(['network', 'reload', '--all']).split('\n').sort(), [srvId, id, ok(['inspect', '--format', '{{.Id}}', 'peer'])].sort());
      assert.equal(await hostnameAt(port, id.slice(0, 12)), id.slice(0, 12));
      ok(['create', '--name', 'idle', '--network', netA, 'busybox', 'true']);
      const r = run(['network', 'reload', 'idle']);
      assert.equal(r.code, 125);
      assert.equal(r.stderr, 'Error: cannot reload network unless container network has been configured: container state improper\n');
      ok(['rm', '-f', '-t', '0', 'pub', 'peer', 'idle']);
      assert.equal(await hostnameAt(port), '');
    });

    await t.test('a port published on [::1] answers: to the container\'s IPv6 address, or its IPv4 one without', async () => {
      ok(['network', 'create', '--ipv6', '--subnet', `10.232.${octet}.0/24`, '--subnet', subnet6, '--interface-name', bridges[2]!, netC]);
      const [p6, p4, p2] = [await freePort(), await freePort(), await freePort()];
      const id6 = ok(['run', '-d', '--name', 'six', '--network', netC, '-p', `[::1]:${p6}:80`, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
      const id4 = httpd('four', ['-p', `[::1]:${p4}:80`]);
      const at6 = (port: number, want?: string) => hostnameAt(port, want, '[::1]');
      assert.equal(await at6(p6, id6.slice(0, 12)), id6.slice(0, 12));
      assert.equal(await at6(p4, id4.slice(0, 12)), id4.slice(0, 12));
      assert.equal(ok(['port', 'six']), `80/tcp -> ::1:${p6}`);
      // The proxy forwards to the container's IPv6 address (what httpd logs as the peer is the proxy's, not ::1).
      const proxies = () => spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes(' port-proxy ') && l.includes(sb.runroot));
      assert.match(proxies().find((l) => l.includes(id6))!, new RegExp(`=\\[fd00:231:${octet}::[0-9a-f]+\\]:80$`));
      ok(['container', 'update', '--publish-add', `[::1]:${p2}:80`, 'six']);
      assert.equal(await at6(p2, id6.slice(0, 12)), id6.slice(0, 12));
      assert.equal(await at6(p6, id6.slice(0, 12)), id6.slice(0, 12));
      ok(['stop', '-t', '0', 'six']);
      assert.equal(await at6(p6), '');
      ok(['start', 'six']);
      assert.equal(await at6(p2, id6.slice(0, 12)), id6.slice(0, 12));
      ok(['rm', '-f', '-t', '0', 'six', 'four']);
      assert.deepEqual(proxies(), [], 'no proxy left');
      assert.equal(await at6(p6), '');
      // --ip6 (with --ip): both static addresses on the one network.
      const addrs = ok(['run', '--rm', '--network', netC, '--ip', `10.232.${octet}.77`, '--ip6', `fd00:231:${octet}::77`, 'busybox', 'ip', '-o', 'addr', 'show', 'eth0']);
      assert.match(addrs, new RegExp(`inet 10\\.232\\.${octet}\\.77/24`));
      assert.match(addrs, new RegExp(`inet6 fd00:231:${octet}::77/64`));
      ok(['network', 'rm', netC]);
    });

    await t.test('-P publishes EXPOSEd ports (--expose) on random host ports', async () => {
      const id = httpd('all', ['-P', '--expose', '80']);
      const line = ok(['port', 'all', '80/tcp']);
      const m = /^0\.0\.0\.0:(\d+)$/.exec(line);
      assert.ok(m, line);
      assert.equal(await hostnameAt(Number(m[1]), id.slice(0, 12)), id.slice(0, 12));
      ok(['rm', '-f', '-t', '0', 'all']);
    });

    await t.test('network connect/disconnect on a running container; network inspect lists it', () => {
      ok(['network', 'connect', '--ip', `10.231.${octet + 50}.9`, netB, 'srv']);
      assert.match(ok(['exec', 'srv', 'ip', '-o', '-4', 'addr', 'show', 'eth1']), new RegExp(`10\\.231\\.${octet + 50}\\.9/24`));
      // /etc/hosts gains the new address (and resolv.conf the network's name server, first), as podman 4.3 writes them.
      const srvId = ok(['inspect', '--format', '{{.Id}}', 'srv']).slice(0, 12);
      const gw1 = `10.231.${octet}.1`, gw2 = `10.231.${octet + 50}.1`;
      const hostsLines = () => ok(['exec', 'srv', 'cat', '/etc/hosts']).split('\n').filter((l) => l.endsWith(`${srvId} srv`));
      const servers = () => ok(['exec', 'srv', 'cat', '/etc/resolv.conf']).split('\n').filter((l) => l.startsWith('nameserver ')).map((l) => l.slice(11));
      const ip1 = ipOf('srv');
      assert.deepEqual(hostsLines(), [`${ip1}\t${srvId} srv`, `10.231.${octet + 50}.9\t${srvId} srv`]);
      if (backend === 'netavark') assert.deepEqual(servers().slice(0, 2), [gw2, gw1]);
      const rest = servers().filter((x) => x !== gw1 && x !== gw2);
      const [inspected] = JSON.parse(ok(['network', 'inspect', netB])) as Array<{ containers: Record<string, { name: string }> }>;
      assert.deepEqual(Object.values(inspected!.containers).map((c) => c.name), ['srv']);
      ok(['network', 'disconnect', netB, 'srv']);
      assert.notEqual(run(['exec', 'srv', 'ip', 'link', 'show', 'eth1']).code, 0, 'eth1 is gone');
      assert.deepEqual(hostsLines(), [`${ip1}\t${srvId} srv`]);
      assert.deepEqual(servers(), [...(backend === 'netavark' ? [gw1] : []), ...rest]);
      // Disconnecting the first network takes its line and server; connecting it again adds them back after netB's.
      ok(['network', 'connect', netB, 'srv']);
      ok(['network', 'disconnect', netA, 'srv']);
      const ipB = ok(['exec', 'srv', 'ip', '-o', '-4', 'addr', 'show', 'eth1']).split(/\s+/)[3]!.split('/')[0]!;
      assert.deepEqual(hostsLines(), [`${ipB}\t${srvId} srv`]);
      if (backend === 'netavark') assert.deepEqual(servers(), [gw2, ...rest]);
      ok(['network', 'connect', netA, 'srv']);
      ok(['network', 'disconnect', netB, 'srv']);
      assert.deepEqual(hostsLines(), [`${ipOf('srv')}\t${srvId} srv`]);
      assert.deepEqual(servers(), [...(backend === 'netavark' ? [gw1] : []), ...rest]);
      ok(['network', 'rm', netB]);
    });

    await t.test('bad input: clear errors, nothing half-configured', async () => {
      const fail = (args: string[], re: RegExp, code = 125) => {
        const r = run(args);
        assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, re);
      };
      fail(['network', 'create', '--subnet', `10.231.${octet}.128/25`, `${netA}x`], /already used/);
      fail(['network', 'create', '--subnet', '10.231.0.0/33', `${netA}y`], /invalid CIDR/);
      fail(['run', '--rm', '--network', `${netA}-nope`, 'busybox', 'true'], /unable to find network with name or ID .*network not found/);
      // An address outside the subnets is refused when the container starts, as podman 4.3 does: `run` exits 126 (and
      // --rm still removes the container), `create` succeeds and `start` fails with 125.
      // Berth's IPAM words it for netavark; with CNI the host-local plugin refuses it (as under podman with CNI).
      const outside = (ip: string) => backend === 'netavark'
        ? `requested static ip ${ip.replaceAll('.', '\\.')} not in any subnet on network ${netA}`
        : `plugin type="bridge" failed \\(add\\): failed to allocate all requested IPs: ${ip.replaceAll('.', '\\.')}`;
      fail(['run', '--rm', '--network', netA, '--ip', '10.99.0.5', 'busybox', 'true'], new RegExp(`^Error: ${outside('10.99.0.5')}$`, 'm'), 126);
      fail(['run', '--rm', '--network', netA, '--ip6', 'fd00:99::5', 'busybox', 'true'], new RegExp(`^Error: ${outside('fd00:99::5')}$`, 'm'), 126);
      ok(['create', '--name', 'badip', '--network', netA, '--ip', '10.99.0.5', 'busybox', 'true']);
      fail(['start', 'badip'], new RegExp(`^Error: unable to start container "[0-9a-f]{64}": ${outside('10.99.0.5')}$`, 'm'));
      assert.equal(ok(['inspect', '--format', '{{.State.Status}}', 'badip']), 'created');
      ok(['rm', 'badip']);
      fail(['run', '--rm', '--network', 'none', '--ip6', 'fd00:99::5', 'busybox', 'true'], /^Error: --ip6 can only be set when the network mode is bridge: invalid argument$/m);
      fail(['create', '--ip', 'notanip', 'busybox'], /^Error: "notanip" is not an ip address$/m);
      fail(['create', '--mac-address', 'zz', 'busybox'], /^Error: address zz: invalid MAC address$/m);
      fail(['network', 'rm', netA], /has associated containers/, 2);
      const holder = net.createServer().listen(0, '127.0.0.1');
      await new Promise((r) => holder.once('listening', r));
      const port = (holder.address() as net.AddressInfo).port;
      try {
        // Found when the container starts: `run` exits 126 then, as podman's.
        fail(['run', '-d', '--name', 'busy', '--network', netA, '-p', `127.0.0.1:${port}:80`, 'busybox', 'true'],
          new RegExp(`127\\.0\\.0\\.1:${port}: bind: address already in use \\(held by pid ${process.pid} `), 126);
      } finally {
        holder.close();
      }
      ok(['rm', '-f', 'busy']);
      assert.equal(run(['ps', '-a', '-q']).stdout.trim().split('\n').length, 1, 'only srv');
    });

    await t.test('crash points during run, then rm -f: no trace', async () => {
      for (const step of ['init:network', 'init:runfiles', 'init:conmon', 'start:started']) {
        const port = await freePort();
        const r = run(['run', '-d', '--name', 'crash', '--network', netA, '-p', `127.0.0.1:${port}:80`, 'busybox', 'sleep', '100'], { BERTH_TEST_CRASH_AT: step });
        assert.equal(r.code, -1, `${step}: ${r.stderr}`);
        const id = ok(['inspect', '--format', '{{.Id}}', 'crash']);
        ok(['rm', '-f', '-t', '0', 'crash']);
        const ipt = spawnSync('iptables-save', [], { encoding: 'utf8' }).stdout;
        assert.ok(!ipt.includes(`berth-ctr-${id}`), `${step}: port rules gone`);
        assert.equal(leftovers(sb, netA).netns.length, 1, `${step}: only srv's netns`);
      }
    });

    await t.test('stop and rm leave no trace; network rm -f removes its containers', () => {
      ok(['stop', '-t', '0', 'srv']);
      assert.deepEqual(leftovers(sb, netA), { netns: [], allocations: 0 });
      ok(['start', 'srv']);
      assert.equal(leftovers(sb, netA).netns.length, 1);
      assert.equal(ok(['network', 'rm', '-f', '-t', '0', netA]), netA);
      assert.equal(ok(['ps', '-a', '-q']), '');
      assert.deepEqual(leftovers(sb, netA), { netns: [], allocations: 0 });
      assert.deepEqual(traces(words), before);
    });
  });
}

test('two stores starting and removing containers on the default bridge at once leave no rule behind', async () => {
  // Separate stores share the host's default bridge, subnet and chains: without the host network lock concurrent
  // netavark setups duplicate the shared rules and the last teardown removes only one copy.
  const words = ['10.87.', ' berth0'];
  const before = traces(words);
  const stores = [sandbox(), sandbox()];
  after(() => stores.forEach((s) => s.cleanup()));
  for (const s of stores) assert.equal(s.run(['pull', '-q', 'busybox']).code, 0);
  const runs = stores.flatMap((s) => Array.from({ length: 4 }, () => s.runAsync(['run', '--rm', 'busybox', 'true'])));
  for (const r of await Promise.all(runs)) assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(traces(words), before);
  // Alone, a bridge run empties the databases' WALs while netavark tears down: what is left is only what came after.
  const s = stores[0]!;
  assert.equal(s.run(['run', '--rm', 'busybox', 'true']).code, 0);
  for (const wal of [path.join(s.root, 'berth.db-wal'), path.join(s.runroot, 'network', 'ipam.db-wal')]) {
    assert.ok(statSync(wal).size < 64 * 1024, `${wal}: ${statSync(wal).size} bytes`);
  }
});

/** Whether this kernel can make a link of that type on the parent (this VM's has macvlan but neither ipvlan nor dummy). */
function kernelHas(type: string, parent: string): boolean {
  const probe = `kp${randomBytes(3).toString('hex')}`;
  const ok = spawnSync('ip', ['link', 'add', 'link', parent, 'name', probe, 'type', type]).status === 0;
  if (ok) spawnSync('ip', ['link', 'del', probe]);
  return ok;
}

for (const backend of ['netavark', 'cni'] as const) {
  test(`macvlan and ipvlan on the wire (${backend})`, async (t) => {
    const sb = sandbox({ containersConf: `[engine]\nruntime = "runc"\n[network]\nnetwork_backend = "${backend}"\n` });
    const tag = randomBytes(3).toString('hex');
    // The parent: a veth pair owned by the test (no dummy links in this kernel), both ends up, no address.
    const [parent, peer] = [`mv${tag}p`, `mv${tag}q`];
    const octet = 1 + Math.floor(Math.random() * 200);
    after(() => {
      sb.run(['rm', '-a', '-f', '-t', '0']);
      sb.run(['network', 'rm', '-f', `mv${tag}m`, `mv${tag}i`]);
      spawnSync('ip', ['link', 'del', parent]);
      sb.cleanup();
    });
    assert.equal(spawnSync('ip', ['link', 'add', parent, 'type', 'veth', 'peer', 'name', peer]).status, 0);
    for (const l of [parent, peer]) spawnSync('ip', ['link', 'set', l, 'up']);
    const ok = (args: string[]) => {
      const r = sb.run(args);
      assert.equal(r.code, 0, `berth ${args.join(' ')}: ${r.stderr}`);
      return r.stdout.trim();
    };
    assert.equal(sb.run(['pull', '-q', 'busybox']).code, 0);
    for (const [driver, third] of [['macvlan', 233], ['ipvlan', 234]] as const) {
      await t.test(driver, (st) => {
        const name = `mv${tag}${driver[0]}`;
        const subnet = `10.${third}.${octet}.0/24`;
        if (driver === 'ipvlan' && backend === 'netavark') {
          const r = sb.run(['network', 'create', '-d', driver, '-o', `parent=${parent}`, '--subnet', subnet, name]);
          assert.equal(r.code, 125);
          assert.equal(r.stderr, 'Error: unsupported driver ipvlan: invalid argument\n', 'netavark 1.4 has no ipvlan: podman 4.3 refuses it');
          return;
        }
        if (!kernelHas(driver, parent)) return st.skip(`this kernel has no ${driver} links`);
        ok(['network', 'create', '-d', driver, '-o', `parent=${parent}`, '--subnet', subnet, name]);
        const id = ok(['run', '-d', '--name', `${driver}-srv`, '--network', name, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc']);
        const ip = ok(['exec', `${driver}-srv`, 'ip', '-o', '-4', 'addr', 'show', 'eth0']).split(/\s+/)[3]!.split('/')[0]!;
        assert.match(ip, new RegExp(`^10\\.${third}\\.${octet}\\.`));
        const out = ok(['run', '--rm', '--network', name, 'busybox', 'sh', '-c', `ping -c 1 -W 3 ${ip} >/dev/null && wget -q -O- http://${ip}/hostname`]);
        assert.equal(out, id.slice(0, 12));
        ok(['rm', '-f', '-t', '0', `${driver}-srv`]);
        ok(['network', 'rm', name]);
        assert.deepEqual(spawnSync('ip', ['-o', 'link'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes(`@${parent}`) && !l.includes(` ${peer}@`)), [], 'no sub-links left');
      });
    }
  });
}
