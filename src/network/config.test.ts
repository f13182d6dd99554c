import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNetwork, rfc3339Nano, type CreateEnv, type CreateRequest } from './config.ts';
import { parseCidr } from './ip.ts';
import { defaultNetwork, networkFileJSON } from './store.ts';

const env = (over: Partial<CreateEnv> = {}): CreateEnv => ({
  existing: [defaultNetwork({ name: 'berth', subnet: '10.87.0.0/16', iface: 'berth0' }, new Date(0))],
  usedSubnets: [parseCidr('10.89.0.0/24')!],
  usedInterfaces: new Set(['eth0', 'berth1']),
  pools: [{ base: '10.89.0.0/16', size: 24 }],
  prefix: 'berth',
  randomId: () => 'a'.repeat(64),
  randomBytes: (n) => new Uint8Array(n).fill(0x11),
  now: () => new Date('2026-11-28T02:14:21.754Z'),
  ...over,
});

test('create: defaults, pools skip used subnets and interfaces', () => {
  const n = buildNetwork({ name: 'n1', labels: { a: 'b' }, options: { mtu: '1400' } }, env());
  assert.deepEqual(Object.keys(n), ['name', 'id', 'driver', 'network_interface', 'created', 'subnets', 'ipv6_enabled', 'internal', 'dns_enabled', 'labels', 'options', 'ipam_options']);
  assert.equal(n.network_interface, 'berth2');
  assert.deepEqual(n.subnets, [{ subnet: '10.89.1.0/24', gateway: '10.89.1.1' }]);
  assert.equal(n.dns_enabled, true);
  assert.equal(n.created, '2026-11-28T02:14:21.754Z');
  assert.match(networkFileJSON(n), /^\{\n {5}"name": "n1",\n/);
  const gen = buildNetwork({}, env());
  assert.equal(gen.name, 'berth1');
});

test('create: subnets, gateways, ranges, ipv6', () => {
  const n = buildNetwork({ name: 'n', subnets: ['10.231.200.5/24'], ipRanges: ['10.231.200.128/25'], internal: true, disableDns: true }, env());
  assert.deepEqual(n.subnets, [{ subnet: '10.231.200.0/24', gateway: '10.231.200.1', lease_range: { start_ip: '10.231.200.129', end_ip: '10.231.200.255' } }]);
  assert.equal(n.internal, true);
  assert.equal(n.dns_enabled, false);
  const v6 = buildNetwork({ name: 'n6', ipv6: true }, env());
  assert.deepEqual(v6.subnets!.map((s) => s.subnet), ['10.89.1.0/24', 'fd11:1111:1111:1111::/64']);
  assert.equal(v6.subnets![1]!.gateway, 'fd11:1111:1111:1111::1');
  assert.equal(v6.ipv6_enabled, true);
  const mv = buildNetwork({ name: 'm', driver: 'macvlan', subnets: ['10.231.9.0/24'], options: { parent: 'eth0' } }, env());
  assert.equal(mv.network_interface, 'eth0');
  assert.equal(mv.options, undefined);
  assert.equal(mv.dns_enabled, false);
});

test('create: podman error wording', () => {
  const cases: Array<[CreateRequest, string]> = [
    [{ name: 'berth' }, 'network name berth already used: network already exists'],
    [{ name: 'bad/name' }, 'network name bad/name invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument'],
    [{ name: 'x', subnets: ['10.231.300.0/24'] }, 'invalid CIDR address: 10.231.300.0/24'],
    [{ name: 'x', subnets: ['10.87.3.0/24'] }, 'subnet 10.87.3.0/24 is already used on the host or by another config'],
    [{ name: 'x', subnets: ['10.89.0.0/25'] }, 'subnet 10.89.0.0/25 is already used on the host or by another config'],
    [{ name: 'x', subnets: ['10.231.1.0/24'], gateways: ['10.231.2.1'] }, 'gateway 10.231.2.1 not in subnet 10.231.1.0/24'],
    [{ name: 'x', gateways: ['10.231.2.1'] }, 'cannot set gateway or range without subnet'],
    [{ name: 'x', subnets: ['10.231.4.0/24'], ipRanges: ['10.231.5.0/25'] }, 'lease range start ip 10.231.5.1 not in subnet 10.231.4.0/24'],
    [{ name: 'x', driver: 'foo' }, 'unsupported driver foo: invalid argument'],
    [{ name: 'x', options: { foo: 'bar' } }, 'unsupported bridge network option foo'],
    [{ name: 'x', driver: 'macvlan' }, 'macvlan driver needs at least one subnet specified, DHCP is not yet supported with netavark'],
    [{ name: 'x', interfaceName: 'berth0' }, 'bridge name berth0 already in use'],
  ];
  for (const [req, msg] of cases) assert.throws(() => buildNetwork(req, env()), { message: msg }, JSON.stringify(req));
  assert.throws(() => buildNetwork({ name: 'x' }, env({ pools: [{ base: '10.89.0.0/24', size: 24 }] })), { message: 'could not find free subnet from subnet pools' });
});

test('rfc3339Nano', () => {
  assert.equal(rfc3339Nano(new Date('2026-01-02T03:04:05.000Z')), '2026-01-02T03:04:05Z');
  assert.equal(rfc3339Nano(new Date('2026-01-02T03:04:05.120Z'), 345), '2026-01-02T03:04:05.120000345Z');
});
