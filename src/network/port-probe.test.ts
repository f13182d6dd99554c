import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { socketInodes, resolveHostPorts } from './port-probe.ts';

test('parse /proc/net/tcp for listeners', () => {
  const text = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 100 0 0 10 0
`;
  assert.deepEqual(socketInodes(text, 8080, true), ['4242']);
  assert.deepEqual(socketInodes(text, 8081, true), []);
});

test('random ports and a port in use names its holder', async () => {
  const [m] = await resolveHostPorts([{ host_ip: '127.0.0.1', container_port: 80, host_port: 0, range: 2, protocol: 'tcp' }]);
  assert.ok(m!.host_port > 0);
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as net.AddressInfo).port;
  try {
    await assert.rejects(
      resolveHostPorts([{ host_ip: '127.0.0.1', container_port: 80, host_port: port, range: 1, protocol: 'tcp' }]),
      { message: new RegExp(`listen tcp4 127.0.0.1:${port}: bind: address already in use \\(held by pid ${process.pid} \\(`) },
    );
  } finally {
    srv.close();
  }
});
