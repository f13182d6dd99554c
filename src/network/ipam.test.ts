import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ipam, usableRange } from './ipam.ts';
import type { Network } from './types.ts';

const net = (subnets: Network['subnets']): Network => ({
  name: 'n', id: 'x', driver: 'bridge', created: '', subnets, ipv6_enabled: false, internal: false, dns_enabled: true,
});

test('usable range honours lease_range and skips network/broadcast', () => {
  const r = usableRange({ subnet: '10.231.0.0/30' });
  assert.deepEqual([r.first, r.last], [0x0ae70001n, 0x0ae70002n]);
  const l = usableRange({ subnet: '10.231.0.0/24', lease_range: { start_ip: '10.231.0.129', end_ip: '10.231.0.255' } });
  assert.deepEqual([l.first & 0xffn, l.last & 0xffn], [129n, 254n]);
});

test('allocate sequentially, skip gateway, statics, exhaustion, release', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-ipam-'));
  const ipam = new Ipam(dir);
  try {
    const n = net([{ subnet: '10.231.7.0/29', gateway: '10.231.7.1' }, { subnet: 'fd00:1::/64', gateway: 'fd00:1::1' }]);
    assert.deepEqual(ipam.locked(() => ipam.allocate(n, 'c1')), ['10.231.7.2/29', 'fd00:1::2/64']);
    assert.deepEqual(ipam.locked(() => ipam.allocate(n, 'c2', ['10.231.7.6'])), ['10.231.7.6/29', 'fd00:1::3/64']);
    assert.throws(() => ipam.locked(() => ipam.allocate(n, 'c3', ['10.231.7.6'])), /already allocated to container ID c2/);
    assert.throws(() => ipam.locked(() => ipam.allocate(n, 'c3', ['10.231.8.6'])), /not in any subnet on network n/);
    const v4 = net([{ subnet: '10.231.7.0/29', gateway: '10.231.7.1' }]);
    assert.deepEqual(ipam.locked(() => ipam.allocate(v4, 'c3')), ['10.231.7.3/29']);
    ipam.locked(() => ipam.allocate(v4, 'c4'));
    ipam.locked(() => ipam.allocate(v4, 'c5'));
    assert.throws(() => ipam.locked(() => ipam.allocate(v4, 'c6')), /failed to find free IP/);
    ipam.release('n', 'c1');
    assert.deepEqual(ipam.locked(() => ipam.allocate(v4, 'c6')), ['10.231.7.2/29']);
    assert.equal(ipam.allocations('n').length, 6);
  } finally {
    ipam.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
