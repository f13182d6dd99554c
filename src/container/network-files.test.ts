import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostsAdd, hostsRemove, resolvAddServers, resolvRemoveServers, networkFacts } from './network-files.ts';

const HOSTS = '127.0.0.1\tlocalhost\n10.1.0.1\thost.containers.internal\n10.1.0.2\tabc c1\n';

test('hosts: connect appends the new addresses, disconnect drops exactly the container\'s lines', () => {
  const cases: Array<[string, string, string]> = [
    ['add one', hostsAdd(HOSTS, ['10.2.0.5'], 'abc c1'), `${HOSTS}10.2.0.5\tabc c1\n`],
    ['add v4+v6', hostsAdd(HOSTS, ['10.2.0.5', 'fd00::5'], 'abc c1'), `${HOSTS}10.2.0.5\tabc c1\nfd00::5\tabc c1\n`],
    ['already there', hostsAdd(HOSTS, ['10.1.0.2'], 'abc c1'), HOSTS],
    ['no trailing newline', hostsAdd('127.0.0.1\tlocalhost', ['10.2.0.5'], 'c1'), '127.0.0.1\tlocalhost\n10.2.0.5\tc1\n'],
    ['remove', hostsRemove(`${HOSTS}10.2.0.5\tabc c1\n`, ['10.2.0.5'], 'abc c1'), HOSTS],
    ['remove keeps a user line with the same address', hostsRemove(`${HOSTS}10.2.0.5 other\n`, ['10.2.0.5'], 'abc c1'), `${HOSTS}10.2.0.5 other\n`],
    ['remove the first network', hostsRemove(HOSTS, ['10.1.0.2'], 'abc c1'), '127.0.0.1\tlocalhost\n10.1.0.1\thost.containers.internal\n'],
  ];
  for (const [name, got, want] of cases) assert.equal(got, want, name);
});

test('resolv.conf: new servers go before the existing ones; removal drops only those servers', () => {
  const R = 'search dns.podman\nnameserver 10.1.0.1\nnameserver 192.0.2.53\noptions ndots:1\n';
  const cases: Array<[string, string, string]> = [
    ['add', resolvAddServers(R, ['10.2.0.1']), 'search dns.podman\nnameserver 10.2.0.1\nnameserver 10.1.0.1\nnameserver 192.0.2.53\noptions ndots:1\n'],
    ['add present', resolvAddServers(R, ['10.1.0.1']), R],
    ['add to none', resolvAddServers('search x\n', ['10.2.0.1']), 'search x\nnameserver 10.2.0.1\n'],
    ['remove', resolvRemoveServers(R, ['10.1.0.1']), 'search dns.podman\nnameserver 192.0.2.53\noptions ndots:1\n'],
    ['remove absent', resolvRemoveServers(R, ['10.9.0.1']), R],
  ];
  for (const [name, got, want] of cases) assert.equal(got, want, name);
});

test('network facts: addresses without prefix, dns servers', () => {
  assert.deepEqual(networkFacts({ dns_server_ips: ['10.1.0.1'], interfaces: { eth1: { mac_address: 'x', subnets: [{ ipnet: '10.1.0.5/24' }, { ipnet: 'fd00::5/64' }] } } }),
    { ips: ['10.1.0.5', 'fd00::5'], dns: ['10.1.0.1'] });
  assert.deepEqual(networkFacts(undefined), { ips: [], dns: [] });
});
