import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetworkFlags, applySingleNetworkFlags, isMacAddress, requestedPorts } from './network.ts';
import type { ContainerCreateOptions } from '../engine/containers.ts';

test('--network forms', () => {
  assert.deepEqual(parseNetworkFlags([]), { mode: 'bridge', networks: { '': {} } });
  assert.deepEqual(parseNetworkFlags(['none']), { mode: 'none' });
  assert.deepEqual(parseNetworkFlags(['ns:/run/netns/x']), { mode: 'ns', nsPath: '/run/netns/x' });
  assert.deepEqual(parseNetworkFlags(['container:abc']), { mode: 'container', container: 'abc' });
  assert.deepEqual(parseNetworkFlags(['a,b', 'c:ip=10.0.0.5,mac=02:00:00:00:00:01,alias=x,alias=y']), {
    mode: 'bridge', networks: { a: {}, b: {}, c: { ips: ['10.0.0.5'], mac: '02:00:00:00:00:01', aliases: ['x', 'y'] } },
  });
  assert.deepEqual(parseNetworkFlags(['bridge:ip=10.87.0.9']), { mode: 'bridge', networks: { '': { ips: ['10.87.0.9'] } } });
  assert.throws(() => parseNetworkFlags(['host', 'a']), /cannot set multiple networks without bridge network mode, selected mode host/);
  assert.throws(() => parseNetworkFlags(['a:foo=1']), /unknown bridge network option: foo/);
});

test('--ip, --ip6, --mac-address and --network-alias as podman checks and applies them', () => {
  const n = { a: {} } as Record<string, { ips?: string[]; mac?: string; aliases?: string[] }>;
  applySingleNetworkFlags(n, { image: 'x', ip: '10.0.0.2', ip6: 'fd00::2', macAddress: '02:00:00:00:00:01', networkAliases: ['w'] });
  assert.deepEqual(n, { a: { ips: ['10.0.0.2', 'fd00::2'], mac: '02:00:00:00:00:01', aliases: ['w'] } });
  const two = { a: {}, b: { aliases: ['z'] } } as Record<string, { aliases?: string[] }>;
  applySingleNetworkFlags(two, { image: 'x', networkAliases: ['w'] }); // aliases go to every network
  assert.deepEqual(two, { a: { aliases: ['w'] }, b: { aliases: ['z', 'w'] } });
  const cases: Array<[Partial<ContainerCreateOptions>, 'none' | 'two' | 'one', RegExp]> = [
    [{ ip: 'notanip' }, 'none', / "notanip" is not an ip address$/],
    [{ ip6: 'fd00::x' }, 'one', / "fd00::x" is not an ip address$/],
    [{ ip: '10.0.0.2' }, 'none', / --ip can only be set when the network mode is bridge: invalid argument$/],
    [{ ip6: 'fd00::2' }, 'none', / --ip6 can only be set when the network mode is bridge: invalid argument$/],
    [{ ip6: 'fd00::2' }, 'two', / --ip6 can only be set for a single network: invalid argument$/],
    [{ macAddress: 'zz' }, 'one', / address zz: invalid MAC address$/],
    [{ macAddress: '02:00:00:00:00:01' }, 'none', / --mac-address can only be set when the network mode is bridge: invalid argument$/],
    [{ macAddress: '02-00-00-00-00-01' }, 'two', / --mac-address can only be set for a single network: invalid argument$/],
    [{ networkAliases: ['w'] }, 'none', / --network-alias can only be set when the network mode is bridge: invalid argument$/],
  ];
  for (const [o, nets, re] of cases) {
    const target: Record<string, object> | undefined = nets === 'none' ? undefined : nets === 'one' ? { a: {} } : { a: {}, b: {} };
    assert.throws(() => applySingleNetworkFlags(target, { image: 'x', ...o }), re, JSON.stringify(o));
  }
});

test('MAC addresses as Go parses them', () => {
  for (const [mac, ok] of [
    ['02:00:00:00:00:01', true], ['02-00-00-00-00-0a', true], ['0200.0000.0001', true], ['02:00:00:00:00:00:00:01', true],
    ['02:00:00:00:00', false], ['02:00-00:00:00:01', false], ['zz:00:00:00:00:01', false], ['', false], ['0200.0000', false],
  ] as const) assert.equal(isMacAddress(mac), ok, mac);
});

test('per-network options are checked as podman does', () => {
  assert.deepEqual(parseNetworkFlags(['a:ip=10.0.0.5,ip6=fd00::5']), { mode: 'bridge', networks: { a: { ips: ['10.0.0.5', 'fd00::5'] } } });
  assert.throws(() => parseNetworkFlags(['podman:ip=bad']), / invalid option for network podman: invalid ip address "bad"$/);
  assert.throws(() => parseNetworkFlags(['podman:mac=zz']), / invalid option for network podman: address zz: invalid MAC address$/);
});

test('-P publishes image EXPOSE and --expose, skipping ports already published', () => {
  const ports = requestedPorts({ image: 'x', publish: ['8080:80'], publishAll: true, expose: ['53/udp'] }, { ExposedPorts: { '80/tcp': {}, '443/tcp': {} } });
  assert.deepEqual(ports.map((p) => `${p.host_port}:${p.container_port}/${p.protocol}`), ['8080:80/tcp', '0:443/tcp', '0:53/udp']);
});
