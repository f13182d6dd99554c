import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portRules, replaceBatch, DNAT_CHAIN } from './hostports.ts';

const map = (host_ip: string, host_port: number, container_port: number, range = 1, protocol = 'tcp') => ({ host_ip, host_port, container_port, range, protocol });

test('port rules: DNAT per port, masquerade from loopback and hairpin, tagged', () => {
  const r = portRules('c1', { ip: '10.1.0.2', maps: [map('127.0.0.1', 8080, 80), map('', 9000, 90, 2, 'udp'), map('::1', 1, 1)] });
  assert.equal(r.length, 9);
  assert.equal(r[0], `-A ${DNAT_CHAIN} -d 127.0.0.1/32 -p tcp -m tcp --dport 8080 -m comment --comment berth-ctr-c1 -j DNAT --to-destination 10.1.0.2:80`);
  assert.match(r[3]!, /-p udp -m udp --dport 9000 .* --to-destination 10\.1\.0\.2:90$/);
  assert.match(r[6]!, /--dport 9001 .*10\.1\.0\.2:91$/);
});

test('replace batch: declares missing chains only, deletes the container\'s old rules, adds new ones', () => {
  const saved = [
    '*nat', `:${DNAT_CHAIN} - [0:0]`, ':BERTH-HOSTPORT-MASQ - [0:0]',
    `-A PREROUTING -m addrtype --dst-type LOCAL -j ${DNAT_CHAIN}`,
    `-A ${DNAT_CHAIN} -p tcp -m tcp --dport 1 -m comment --comment berth-ctr-c1 -j DNAT --to-destination 10.1.0.2:1`,
    `-A ${DNAT_CHAIN} -p tcp -m tcp --dport 2 -m comment --comment berth-ctr-c2 -j DNAT --to-destination 10.1.0.3:1`, 'COMMIT',
  ].join('\n');
  const { batch, changed } = replaceBatch(saved, 'c1', ['-A X']);
  assert.ok(changed);
  assert.ok(!batch.includes(`:${DNAT_CHAIN}`));
  assert.match(batch, /^-D BERTH-HOSTPORT-DNAT .*--dport 1 .*c1 /m);
  assert.ok(!batch.includes('c2'));
  assert.match(batch, /-A OUTPUT -m addrtype --dst-type LOCAL -j BERTH-HOSTPORT-DNAT/);
  assert.ok(!batch.includes('-A PREROUTING'));
  assert.equal(replaceBatch(saved, 'c3', []).changed, false);
});
