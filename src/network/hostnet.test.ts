import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRouteV4, parseRouteV6, describeRoute, parseArp, staleNeighbours } from './hostnet.ts';

test('parse /proc/net/route and ipv6_route', () => {
  const v4 = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
pbench0\t0000D50A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;
  assert.deepEqual(parseRouteV4(v4).map(describeRoute), ['10.213.0.0/16', '192.0.2.0/24']);
  const v6 = `fd3c2a9ca0b5904c0000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 btx1
fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 eth0
00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001 lo
`;
  assert.deepEqual(parseRouteV6(v6).map(describeRoute), ['fd3c:2a9c:a0b5:904c::/64']);
});

test('stale neighbours: an entry for a container\'s new address with another MAC on its bridge', () => {
  const arp = parseArp(`IP address       HW type     Flags       HW address            Mask     Device
10.1.0.4         0x1         0x2         7a:e6:be:2e:00:9e     *        br1
10.1.0.5         0x1         0x2         0e:4e:98:f9:55:82     *        br1
10.1.0.6         0x1         0x0         00:00:00:00:00:00     *        br1
10.2.0.4         0x1         0x2         11:11:11:11:11:11     *        br2
`);
  assert.equal(arp.length, 3);
  const cases: Array<[string, Array<{ ip: string; mac: string; dev: string }>, string[]]> = [
    ['reused address, new MAC', [{ ip: '10.1.0.4', mac: '8A:ED:FC:2F:44:43', dev: 'br1' }], ['10.1.0.4']],
    ['same MAC (pinned by reload)', [{ ip: '10.1.0.5', mac: '0e:4e:98:f9:55:82', dev: 'br1' }], []],
    ['incomplete entry', [{ ip: '10.1.0.6', mac: 'aa:aa:aa:aa:aa:aa', dev: 'br1' }], []],
    ['other bridge', [{ ip: '10.2.0.4', mac: 'aa:aa:aa:aa:aa:aa', dev: 'br1' }], []],
  ];
  for (const [name, now, want] of cases) assert.deepEqual(staleNeighbours(arp, now).map((n) => n.ip), want, name);
});
