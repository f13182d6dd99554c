import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pinnedRequest } from './manager.ts';
import type { SetupRequest, StatusBlock } from './types.ts';

const req = (networks: SetupRequest['networks']): SetupRequest => ({
  containerId: 'c1', containerName: 'n', netnsPath: '/run/x', networks, networkInfo: {}, portMappings: [],
});
const status = (net: string, iface: string, mac: string, ...ips: string[]): Record<string, StatusBlock> =>
  ({ [net]: { interfaces: { [iface]: { mac_address: mac, subnets: ips.map((ipnet) => ({ ipnet })) } } } });

test('pinned request: keeps only the recorded networks and pins addresses and MAC from the status', () => {
  const cases: Array<{ name: string; req: SetupRequest; keep: string[]; status: Record<string, StatusBlock>; want: SetupRequest['networks'] }> = [
    {
      name: 'netavark: static ips replaced by what the interface has, mac added',
      req: req({ a: { interface_name: 'eth0', static_ips: ['10.1.0.2'] } }), keep: ['a'],
      status: status('a', 'eth0', 'aa:bb:cc:dd:ee:ff', '10.1.0.2/24', 'fd00::2/64'),
      want: { a: { interface_name: 'eth0', static_ips: ['10.1.0.2', 'fd00::2'], static_mac: 'aa:bb:cc:dd:ee:ff' } },
    },
    {
      name: 'cni: no static ips before, aliases kept, other network dropped',
      req: req({ a: { interface_name: 'eth0', aliases: ['w'] }, b: { interface_name: 'eth1' } }), keep: ['a'],
      status: status('a', 'eth0', '02:00:00:00:00:01', '10.2.0.9/16'),
      want: { a: { interface_name: 'eth0', aliases: ['w'], static_ips: ['10.2.0.9'], static_mac: '02:00:00:00:00:01' } },
    },
    {
      name: 'no status for the network: the request as recorded',
      req: req({ a: { interface_name: 'eth0', static_ips: ['10.1.0.2'] } }), keep: ['a'], status: {},
      want: { a: { interface_name: 'eth0', static_ips: ['10.1.0.2'] } },
    },
    {
      name: 'status under another interface name is not used',
      req: req({ a: { interface_name: 'eth1' } }), keep: ['a'], status: status('a', 'eth0', 'aa:aa:aa:aa:aa:aa', '10.1.0.3/24'),
      want: { a: { interface_name: 'eth1' } },
    },
  ];
  for (const c of cases) {
    const before = JSON.stringify(c.req);
    assert.deepEqual(pinnedRequest(c.req, c.keep, c.status).networks, c.want, c.name);
    assert.equal(JSON.stringify(c.req), before, `${c.name}: input untouched`);
  }
});
