// Table-driven tests of stats parsing and formatting; expected strings measured from podman 4.3.1 on this machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bytesSize, computeStats, countersV1, countersV2, cpuPercent, goDuration, humanSize, parseBlkioV1, parseIoStatV2,
  parseNetDev, statsJSON, statsView, type StatsSample,
} from './stats.ts';

test('humanSize and bytesSize: go-units, 4 significant digits', () => {
  const cases: Array<[number, string, string]> = [
    [0, '0B', '0B'], [999, '999B', '999B'], [1000, '1kB', '1000B'], [655360, '655.4kB', '640KiB'],
    [536576, '536.6kB', '524KiB'], [67108864, '67.11MB', '64MiB'], [25276510208, '25.28GB', '23.54GiB'],
    [999999, '1000kB', '976.6KiB'], [1536, '1.536kB', '1.5KiB'],
  ];
  for (const [v, h, b] of cases) {
    assert.equal(humanSize(v), h, `humanSize(${v})`);
    assert.equal(bytesSize(v), b, `bytesSize(${v})`);
  }
});

test('goDuration: Go time.Duration.String', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'], [500, '500ns'], [1500, '1.5µs'], [33431146, '33.431146ms'], [1e9, '1s'], [1.5e9, '1.5s'],
    [123e9 + 1, '2m3.000000001s'], [3.6e12, '1h0m0s'], [3723e9, '1h2m3s'],
  ];
  for (const [ns, s] of cases) assert.equal(goDuration(ns), s, `goDuration(${ns})`);
});

test('cpuPercent: delta CPU over delta wall time, 0 when either is not positive', () => {
  const cases: Array<[number, number, number, number, number]> = [
    [50, 0, 100, 0, 50], [200, 100, 300, 100, 50], [100, 100, 300, 100, 0], [100, 0, 100, 100, 0], [90, 100, 300, 100, 0],
  ];
  for (const [cpu, pcpu, now, pnow, want] of cases) assert.equal(cpuPercent(cpu, pcpu, now, pnow), want);
});

test('blkio v1 and io.stat v2: read and write bytes summed over devices', () => {
  const v1 = '8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 1\n8:0 Async 2\n8:0 Total 12288\n8:16 Read 100\n8:16 Write 0\nTotal 12388\n';
  assert.deepEqual(parseBlkioV1(v1), { read: 4196, write: 8192 });
  assert.deepEqual(parseBlkioV1(''), { read: 0, write: 0 });
  const v2 = '8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n259:0 rbytes=10 wbytes=20 rios=1 wios=1\n';
  assert.deepEqual(parseIoStatV2(v2), { read: 4106, write: 8212 });
});

test('net/dev: rx and tx bytes of every interface but lo', () => {
  const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
  eth0:    5000      50    0    0    0     0          0         0     3000      30    0    0    0     0       0          0
  eth1:     100       1    0    0    0     0          0         0      200       2    0    0    0     0       0          0
`;
  assert.deepEqual(parseNetDev(text), { rx: 5100, tx: 3200 });
  assert.deepEqual(parseNetDev(text.split('\n').slice(0, 3).join('\n')), { rx: 0, tx: 0 });
});

test('cgroup counters: v1 files and v2 files', () => {
  assert.deepEqual(countersV1({
    'cpuacct.usage': '33431146\n', 'memory.usage_in_bytes': '655360\n', 'pids.current': '1\n',
    'blkio.throttle.io_service_bytes_recursive': '8:0 Read 10\n8:0 Write 20\nTotal 30\n',
  }), { cpuNs: 33431146, memUsage: 655360, blockRead: 10, blockWrite: 20, pids: 1 });
  assert.deepEqual(countersV1({}), { cpuNs: 0, memUsage: 0, blockRead: 0, blockWrite: 0, pids: 0 });
  assert.deepEqual(countersV2({
    'cpu.stat': 'usage_usec 33431\nuser_usec 20000\nsystem_usec 13431\n', 'memory.current': '655360\n', 'pids.current': '2\n',
    'io.stat': '8:0 rbytes=1 wbytes=2 rios=1 wios=1\n',
  }), { cpuNs: 33431000, memUsage: 655360, blockRead: 1, blockWrite: 2, pids: 2 });
});

const sample = (o: Partial<StatsSample> = {}): StatsSample => ({
  id: 'a'.repeat(64), name: 's1', active: true, startedNs: 0, sampledNs: 1e9, cpuNs: 5e8, memUsage: 655360,
  memLimit: 67108864, blockRead: 0, blockWrite: 0, pids: 1, netRx: 10, netTx: 20, ...o,
});

test('computeStats: the first frame averages since start, later ones use the previous sample; not running is all zeros', () => {
  const first = computeStats(sample());
  assert.equal(first.CPU, 50);
  assert.equal(first.AvgCPU, 50);
  const second = computeStats(sample({ sampledNs: 2e9, cpuNs: 6e8 }), sample());
  assert.ok(Math.abs(second.CPU - 10) < 1e-9);
  assert.equal(second.AvgCPU, 30);
  // A counter that went down (restart, new cgroup): start over from the container's start.
  assert.equal(computeStats(sample({ cpuNs: 1e8 }), sample()).CPU, 10);
  const stopped = statsView(computeStats(sample({ active: false })), false);
  assert.deepEqual([stopped.CPUPerc, stopped.MemUsage, stopped.MemPerc, stopped.NetIO, stopped.BlockIO, stopped.PIDS, stopped.UpTime, stopped.AVGCPU],
    ['0.00%', '0B / 0B', '0.00%', '0B / 0B', '0B / 0B', '0', '0s', '0.00%']);
});

test('statsView and statsJSON: podman 4.3 strings and JSON keys', () => {
  const c = computeStats(sample({ cpuNs: 33431146 }));
  const v = statsView(c, false);
  assert.equal(v.ID, 'aaaaaaaaaaaa');
  assert.equal(statsView(c, true).ID, 'a'.repeat(64));
  assert.equal(v.MemUsage, '655.4kB / 67.11MB');
  assert.equal(v.MemUsageBytes, '640KiB / 64MiB');
  assert.equal(v.MemPerc, '0.98%');
  assert.equal(v.NetIO, '20B / 10B', 'podman 4.3 prints transmitted bytes first');
  assert.equal(v.UpTime, '33.431146ms');
  assert.deepEqual(Object.keys(statsJSON(c, false)), ['id', 'name', 'cpu_time', 'cpu_percent', 'avg_cpu', 'mem_usage', 'mem_percent', 'net_io', 'block_io', 'pids']);
});

test('templates: podman\'s headers for raw fields, and its error for an unknown one', async () => {
  const { formatList } = await import('../format/report.ts');
  const { STATS_DEFAULT_FORMAT, STATS_HEADERS } = await import('./stats.ts');
  const v = statsView(computeStats(sample({ active: false })), false);
  const fields = Object.keys(v);
  const out = formatList([v], { format: 'table {{.CPU}} {{.AvgCPU}} {{.PIDs}} {{.NetInput}} {{.ContainerID}}', defaultTable: STATS_DEFAULT_FORMAT, headers: STATS_HEADERS, fields, name: 'stats' });
  assert.equal(out.split('\n')[0], 'CPU         AVG CPU     PI DS       NET INPUT   CONTAINER ID');
  assert.throws(() => formatList([v], { format: '{{.Foo}}', defaultTable: STATS_DEFAULT_FORMAT, fields, name: 'stats' }),
    { message: 'template: stats:1:13: executing "stats" at <.Foo>: can\'t evaluate field Foo in type containers.containerStats' });
});
