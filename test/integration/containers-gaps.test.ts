// Container gaps: inspect/ps network fields, run/create flags that were refused before, hidden placeholders, wait --condition.
// Traffic only to 127.0.0.1 and to this test's network; every container, network, bridge and image it makes is removed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sandbox } from '../helpers/berth.ts';

async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const p = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return p;
}

const sb = sandbox();
const tag = randomBytes(3).toString('hex');
const netName = `gap${tag}`;
const bridge = `gap${tag}0`;
const octet = 1 + Math.floor(Math.random() * 200);
after(() => {
  sb.run(['rm', '-a', '-f', '-t', '0']);
  sb.run(['network', 'rm', '-f', netName]);
  spawnSync('ip', ['link', 'del', bridge]);
  sb.cleanup();
});
const run = (args: string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}) => sb.run(args, o);
const ok = (args: string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}) => {
  const r = run(args, o);
  assert.equal(r.code, 0, `berth ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};
const inspect = (name: string) => (JSON.parse(ok(['inspect', name])) as Array<Record<string, Record<string, unknown>>>)[0]!;

test('setup: busybox', () => {
  ok(['pull', '-q', 'busybox']);
});

test('inspect and ps show the container network (bridge network, -p 127.0.0.1:P:80)', async () => {
  ok(['network', 'create', '--subnet', `10.232.${octet}.0/24`, '--interface-name', bridge, netName]);
  const port = await freePort();
  const id = ok(['run', '-d', '--name', 'netc', '--network', netName, '-p', `127.0.0.1:${port}:80`, 'busybox', 'sleep', '300']);
  const c = inspect('netc');
  const ns = c['NetworkSettings']!;
  const n = (ns['Networks'] as Record<string, Record<string, unknown>>)[netName]!;
  assert.match(String(n['IPAddress']), new RegExp(`^10\\.232\\.${octet}\\.\\d+$`));
  assert.equal(n['Gateway'], `10.232.${octet}.1`);
  assert.equal(n['IPPrefixLen'], 24);
  assert.match(String(n['MacAddress']), /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  assert.equal(n['NetworkID'], netName);
  assert.deepEqual(n['Aliases'], [id.slice(0, 12)]);
  // podman 4.3 fills the top-level address fields only for the default network
  assert.equal(ns['IPAddress'], '');
  assert.deepEqual(ns['Ports'], { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] });
  assert.match(String(ns['SandboxKey']), /\/netns\/netns-/);
  assert.equal(c['HostConfig']!['NetworkMode'], 'bridge');
  assert.deepEqual(c['HostConfig']!['PortBindings'], { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] });
  assert.equal(ok(['inspect', '--format', `{{(index .NetworkSettings.Networks "${netName}").IPAddress}}`, 'netc']), n['IPAddress']);
  assert.equal(ok(['ps', '--filter', 'name=netc', '--format', '{{.Networks}}']), netName);
  const [row] = JSON.parse(ok(['ps', '--filter', 'name=netc', '--format', 'json'])) as Array<{ Networks: string[] }>;
  assert.deepEqual(row!.Networks, [netName]);
  ok(['stop', '-t', '0', 'netc']);
  const stopped = inspect('netc')['NetworkSettings']!;
  assert.equal((stopped['Networks'] as Record<string, Record<string, unknown>>)[netName]!['IPAddress'], '');
  assert.equal(stopped['SandboxKey'], '');
  ok(['rm', 'netc']);
  // --network none: no Networks, ps shows none
  ok(['create', '--name', 'nonet', '--network', 'none', 'busybox', 'true']);
  assert.equal(inspect('nonet')['NetworkSettings']!['Networks'], undefined);
  assert.equal(inspect('nonet')['HostConfig']!['NetworkMode'], 'none');
  assert.equal(ok(['ps', '-a', '--filter', 'name=nonet', '--format', '{{.Networks}}']), '');
  ok(['rm', 'nonet']);
});
