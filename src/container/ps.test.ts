import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ListContainer } from '../engine/containers.ts';
import { GO_ZERO_UNIX, psView, sortContainers, statusString } from './ps.ts';
import { formatPorts, portLines } from './ports.ts';
import { containerFilter, parseGoDuration } from './filters.ts';
import type { ContainerRecord } from './records.ts';

const NOW = Date.UTC(2026, 10, 28, 2, 40, 0);
const secsAgo = (s: number) => Math.floor((NOW - s * 1000) / 1000);

test('status strings as podman prints them (Up/Exited with go-units durations, title-cased states)', () => {
  const cases: Array<[Partial<ListContainer>, string]> = [
    [{ State: 'running', StartedAt: secsAgo(5) }, 'Up 5 seconds ago'],
    [{ State: 'running', StartedAt: secsAgo(0) }, 'Up Less than a second ago'],
    [{ State: 'exited', ExitedAt: secsAgo(120), ExitCode: 0 }, 'Exited (0) 2 minutes ago'],
    [{ State: 'stopped', ExitedAt: secsAgo(3600), ExitCode: 137 }, 'Exited (137) About an hour ago'],
    [{ State: 'created' }, 'Created'],
    [{ State: 'paused' }, 'Paused'],
    [{ State: 'initialized' }, 'Initialized'],
  ];
  for (const [c, want] of cases) {
    assert.equal(statusString({ StartedAt: GO_ZERO_UNIX, ExitedAt: GO_ZERO_UNIX, ExitCode: 0, State: 'created', ...c }, NOW), want);
  }
});

const lc = (name: string, created: number, extra: Partial<ListContainer> = {}): ListContainer => ({
  AutoRemove: false, Command: ['sh', '-c', 'echo hi; exit 3'], CreatedAt: '', Exited: false, ExitedAt: GO_ZERO_UNIX, ExitCode: 0,
  Id: `${name.padEnd(64, '0')}`, Image: 'docker.io/library/busybox:latest', ImageID: 'd8a6c043c4ab880523251c34e5ca92f2', IsInfra: false,
  Labels: null, Mounts: [], Names: [name], Namespaces: {}, Networks: [], Pid: 0, Pod: '', PodName: '', Ports: null, Size: null,
  StartedAt: GO_ZERO_UNIX, State: 'created', Status: 'Created', Created: created, ...extra,
});

test('sort keys: created oldest first, names, status, id; unknown key is podman error', () => {
  const list = [lc('bb', 200), lc('aa', 300, { Status: 'Exited (0)' }), lc('cc', 100, { Status: 'Up 1 second ago' })];
  assert.deepEqual(sortContainers(list, 'created').map((c) => c.Names[0]), ['cc', 'bb', 'aa']);
  assert.deepEqual(sortContainers(list, 'names').map((c) => c.Names[0]), ['aa', 'bb', 'cc']);
  assert.deepEqual(sortContainers(list, 'status').map((c) => c.Names[0]), ['bb', 'aa', 'cc']);
  assert.deepEqual(sortContainers(list, 'id').map((c) => c.Names[0]), ['aa', 'bb', 'cc']);
  assert.throws(() => sortContainers(list, 'bogus'), /invalid argument "bogus" for "--sort" flag: "bogus" is not a valid value.  Choose from: "command, created, id, image, names, runningfor, size, status"/);
});

test('psView: truncated ID/command unless --no-trunc, size string, namespaces struct', () => {
  const c = lc('ab', 100, { Size: { RwSize: 12, RootFsSize: 1982903 } });
  const v = psView(c, { noTrunc: false, now: NOW });
  assert.equal(v['ID'], 'ab0000000000');
  assert.equal(v['Command'], 'sh -c echo hi; ex...');
  assert.equal(v['ImageID'], 'd8a6c043c4ab');
  assert.equal(v['Size'], '12B (virtual 1.98MB)');
  assert.equal(psView(c, { noTrunc: true, now: NOW })['Command'], 'sh -c echo hi; exit 3');
});

test('port formatting: ps column and port lines (ranges expanded)', () => {
  const ports = [
    { host_ip: '', container_port: 80, host_port: 8080, range: 1, protocol: 'tcp' },
    { host_ip: '127.0.0.1', container_port: 90, host_port: 9000, range: 2, protocol: 'udp' },
  ];
  assert.equal(formatPorts(ports), '0.0.0.0:8080->80/tcp, 127.0.0.1:9000-9001->90-91/udp');
  assert.deepEqual(portLines(ports), ['80/tcp -> 0.0.0.0:8080', '90/udp -> 127.0.0.1:9000', '91/udp -> 127.0.0.1:9001']);
  assert.deepEqual(portLines(ports, { port: 91, protocol: 'udp' }), ['127.0.0.1:9001']);
  // podman 4.3 prints IPv6 host IPs without brackets
  assert.equal(formatPorts([{ host_ip: '::1', container_port: 80, host_port: 8089, range: 1, protocol: 'tcp' }]), '::1:8089->80/tcp');
  assert.deepEqual(formatPorts([]), '');
});

const rec = (name: string, state: string, created: number, extra: Partial<ContainerRecord> = {}): ContainerRecord => ({
  id: `${name}${'f'.repeat(64 - name.length)}`, name, imageId: 'd8a6c043c4ab', imageName: 'docker.io/library/busybox:latest',
  state: state as ContainerRecord['state'], created, layerId: null, labels: {}, pid: 0, conmonPid: 0, conmonStart: null, started: 0,
  finished: 0, exitCode: null, oomKilled: false, mounted: null, netns: null, networkStatus: null, restartCount: 0, detail: {},
  config: { spec: {}, image: {}, network: 'none', stopSignal: 15, stopTimeout: 10, restart: { name: '', maxRetries: 0 }, autoRemove: false,
    tty: false, stdin: false, volumes: [], command: ['true'], hostEnv: {} },
  ...extra,
});

test('filters: same key ORed, different keys ANDed; podman errors for bad keys and states', () => {
  const recs = [
    rec('a1', 'running', 1, { labels: { a: 'b' } }),
    rec('b2', 'exited', 2, { exitCode: 3 }),
    rec('c3', 'configured', 3),
    rec('d4', 'stopped', 4, { exitCode: 0, labels: { a: 'c' } }),
  ];
  const find = (x: string) => recs.find((r) => r.name === x);
  const run = (f: string[]) => recs.filter(containerFilter(f, { find })).map((r) => r.name);
  assert.deepEqual(run(['status=exited', 'status=created']), ['b2', 'c3', 'd4']);
  assert.deepEqual(run(['name=a1', 'status=exited']), []);
  assert.deepEqual(run(['name=^[ab]']), ['a1', 'b2']);
  assert.deepEqual(run(['label=a']), ['a1', 'd4']);
  assert.deepEqual(run(['label=a=b']), ['a1']);
  assert.deepEqual(run(['exited=3']), ['b2']);
  assert.deepEqual(run(['exited=0']), ['d4']);
  assert.deepEqual(run(['id=b2']), ['b2']);
  assert.deepEqual(run(['before=c3']), ['a1', 'b2']);
  assert.deepEqual(run(['since=b2']), ['c3', 'd4']);
  assert.deepEqual(run(['ancestor=busybox']), []);
  assert.deepEqual(run(['ancestor=docker.io/library/busybox']), ['a1', 'b2', 'c3', 'd4']);
  assert.deepEqual(run(['ancestor=.*busybox.*', 'name=a1']), ['a1']);
  assert.throws(() => run(['bogus=1']), /^Error: bogus is an invalid filter$|bogus is an invalid filter/);
  assert.throws(() => run(['status=bogus']), /unknown container state: bogus: invalid argument/);
  assert.equal(parseGoDuration('1h30m'), 5_400_000);
  assert.equal(parseGoDuration('10x'), undefined);
});
