import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetworkFlags, applySingleNetworkFlags, requestedPorts } from './network.ts';

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

test('--ip/--mac-address/--network-alias need a single network', () => {
  const n = { a: {} } as Record<string, { ips?: string[]; mac?: string; aliases?: string[] }>;
  applySingleNetworkFlags(n, { image: 'x', ip: '10.0.0.2', macAddress: 'm', networkAliases: ['w'] });
  assert.deepEqual(n, { a: { ips: ['10.0.0.2'], mac: 'm', aliases: ['w'] } });
  assert.throws(() => applySingleNetworkFlags({ a: {}, b: {} }, { image: 'x', ip: '1.2.3.4' }), /single network/);
});

test('-P publishes image EXPOSE and --expose, skipping ports already published', () => {
  const ports = requestedPorts({ image: 'x', publish: ['8080:80'], publishAll: true, expose: ['53/udp'] }, { ExposedPorts: { '80/tcp': {}, '443/tcp': {} } });
  assert.deepEqual(ports.map((p) => `${p.host_port}:${p.container_port}/${p.protocol}`), ['8080:80/tcp', '0:443/tcp', '0:53/udp']);
});
