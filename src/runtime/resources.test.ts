// Table-driven tests for byte sizes, --ulimit parsing and clamping, and linux.resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes, parseUlimit, buildRlimits, buildResources, checkCpuOptions, checkResourceOptions, RLIM_INFINITY } from './resources.ts';

test('parseBytes (go-units RAMInBytes: binary units, case-insensitive)', () => {
  const cases: Array<[string, number]> = [
    ['512', 512], ['1b', 1], ['64k', 65536], ['65536k', 67108864], ['64m', 67108864], ['64M', 67108864], ['64MB', 67108864],
    ['64MiB', 67108864], ['1g', 1073741824], ['1.5g', 1610612736], ['2t', 2 * 1024 ** 4], ['1 GB', 1073741824],
  ];
  for (const [input, want] of cases) assert.equal(parseBytes(input), want, input);
  for (const bad of ['', 'abc', '-1', '1x', '1.2.3m']) assert.throws(() => parseBytes(bad), { message: `invalid size: '${bad}'` });
});

test('parseUlimit', () => {
  assert.deepEqual(parseUlimit('nofile=100:200'), { name: 'nofile', type: 'RLIMIT_NOFILE', soft: 100, hard: 200 });
  assert.deepEqual(parseUlimit('nproc=50'), { name: 'nproc', type: 'RLIMIT_NPROC', soft: 50, hard: 50 });
  assert.deepEqual(parseUlimit('core=-1'), { name: 'core', type: 'RLIMIT_CORE', soft: -1, hard: -1 });
  assert.deepEqual(parseUlimit('memlock=1:-1'), { name: 'memlock', type: 'RLIMIT_MEMLOCK', soft: 1, hard: -1 });
  const errors: Array<[string, string]> = [
    ['nofile', 'invalid ulimit argument: nofile'],
    ['foo=1', 'ulimit option "foo=1" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: foo'],
    ['nofile=a', 'ulimit option "nofile=a" requires name=SOFT:HARD, failed to be parsed: strconv.ParseInt: parsing "a": invalid syntax'],
    ['nofile=1:2:3', 'too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`'],
    ['nofile=200:100', 'ulimit soft limit must be less than or equal to hard limit: 200 > 100'],
    ['nofile=-1:100', 'ulimit soft limit must be less than or equal to hard limit: -1 > 100'],
  ];
  for (const [input, message] of errors) assert.throws(() => parseUlimit(input), { code: 'invalid-argument', message }, input);
});

const HOST = { RLIMIT_NOFILE: { soft: 1024, hard: 20000 }, RLIMIT_NPROC: { soft: 96365, hard: 96365 }, RLIMIT_CORE: { soft: 0, hard: Infinity } };

test('buildRlimits: defaults clamped to the host hard limit, explicit values replace conf defaults', () => {
  assert.deepEqual(buildRlimits([], [], HOST), [
    { type: 'RLIMIT_NOFILE', hard: 20000, soft: 20000 }, { type: 'RLIMIT_NPROC', hard: 96365, soft: 96365 },
  ]);
  assert.deepEqual(buildRlimits([], ['nofile=-1', 'core=-1'], HOST), [
    { type: 'RLIMIT_NOFILE', hard: 20000, soft: 20000 }, { type: 'RLIMIT_CORE', hard: RLIM_INFINITY, soft: RLIM_INFINITY },
    { type: 'RLIMIT_NPROC', hard: 96365, soft: 96365 },
  ]);
  assert.deepEqual(buildRlimits(['nofile=100:200'], ['nproc=10'], HOST), [
    { type: 'RLIMIT_NOFILE', hard: 200, soft: 100 }, { type: 'RLIMIT_NPROC', hard: 96365, soft: 96365 },
  ]);
  assert.deepEqual(buildRlimits([], [], HOST, true), [
    { type: 'RLIMIT_NOFILE', hard: 1048576, soft: 1048576 }, { type: 'RLIMIT_NPROC', hard: 1048576, soft: 1048576 },
  ]);
});

test('buildRlimits: an explicit ulimit above the host hard limit is a clear error', () => {
  assert.throws(() => buildRlimits(['nofile=30000'], [], HOST), (e: unknown) =>
    e instanceof Error && e.message === "ulimit nofile: hard limit 30000 exceeds the host's hard limit 20000" &&
    (e as { hint?: string }).hint === 'use --ulimit nofile=20000:20000 or lower, or raise the limit of the process running berth');
  assert.throws(() => buildRlimits(['nproc=-1'], [], HOST), /hard limit unlimited exceeds the host's hard limit 96365/);
});

test('buildResources', () => {
  const deny = { allow: false, access: 'rwm' };
  const cases: Array<[object, number, object]> = [
    [{}, 2048, { devices: [deny], pids: { limit: 2048 } }],
    [{}, 0, { devices: [deny] }],
    [{ pidsLimit: 0 }, 2048, { devices: [deny], pids: { limit: 0 } }],
    [{ memory: '64m' }, 0, { devices: [deny], memory: { limit: 67108864, swap: 134217728 } }],
    [{ memory: '64m', memorySwap: '-1' }, 0, { devices: [deny], memory: { limit: 67108864 } }],
    [{ memory: '64m', memorySwap: '100m', memoryReservation: '32m' }, 0, { devices: [deny], memory: { limit: 67108864, reservation: 33554432, swap: 104857600 } }],
    [{ cpus: 1.5, cpuShares: 512, cpusetCpus: '0-2,4' }, 0, { devices: [deny], cpu: { shares: 512, quota: 150000, period: 100000, cpus: '0-2,4' } }],
    [{ privileged: true }, 0, { devices: [{ allow: true, access: 'rwm' }] }],
    // --cpus 0 or below means no limit, as in podman; a negative --cpu-quota is the kernel's "unlimited".
    [{ cpus: -1 }, 0, { devices: [deny] }],
    [{ cpus: 0 }, 0, { devices: [deny] }],
    [{ cpuQuota: -5 }, 0, { devices: [deny], cpu: { quota: -5 } }],
  ];
  for (const [opts, pids, want] of cases) assert.deepEqual(buildResources(opts, pids), want, JSON.stringify(opts));
  assert.deepEqual(buildResources({}, 2048, ['cpu', 'memory']), { devices: [deny] });
  const errors: Array<[object, string]> = [
    [{ memory: '5m' }, 'minimum memory limit allowed is 6MB'],
    [{ memorySwap: '1g' }, 'you should always set a memory limit when using a memoryswap limit, see usage'],
    [{ memory: '64m', memorySwap: '32m' }, 'minimum memoryswap limit should be larger than memory limit, see usage'],
    [{ cpus: 0.001 }, 'CPU cfs quota cannot be less than 1ms (i.e. 1000)'],
    [{ cpusetCpus: 'a-b' }, 'invalid value a-b for cpuset cpus'],
  ];
  for (const [opts, message] of errors) assert.throws(() => buildResources(opts, 0), { message });
});

test('checkCpuOptions: podman\'s create-time checks of --cpus, --cpu-quota and --cpu-period', () => {
  const ok: object[] = [{}, { cpus: -1 }, { cpus: 0.01 }, { cpuQuota: -5 }, { cpuQuota: 1000, cpuPeriod: 1000000 }];
  for (const o of ok) assert.doesNotThrow(() => checkCpuOptions(o), JSON.stringify(o));
  const errors: Array<[object, string]> = [
    [{ cpus: 0.001 }, 'CPU cfs quota cannot be less than 1ms (i.e. 1000)'],
    [{ cpuQuota: 500 }, 'CPU cfs quota cannot be less than 1ms (i.e. 1000)'],
    [{ cpuPeriod: 500 }, 'CPU cfs period cannot be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)'],
    [{ cpuPeriod: 1000001 }, 'CPU cfs period cannot be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)'],
    [{ cpus: 1, cpuQuota: 2000 }, '--cpu-quota and --cpus cannot be set together'],
    [{ cpus: 1, cpuPeriod: 2000 }, '--cpu-period and --cpus cannot be set together'],
  ];
  for (const [o, message] of errors) assert.throws(() => checkCpuOptions(o), { message }, JSON.stringify(o));
});

test('checkResourceOptions: podman\'s create-time checks of the memory and cpuset flags', () => {
  const ok: Array<[object, string | undefined]> = [
    [{}, '0-1'], [{ memory: '1k' }, undefined], [{ memory: '64m', memorySwap: '-1' }, undefined],
    [{ memory: '64m', memoryReservation: '32m' }, undefined], [{ cpusetCpus: '0,1' }, '0-1'], [{ cpusetCpus: '3' }, undefined],
  ];
  for (const [o, online] of ok) assert.doesNotThrow(() => checkResourceOptions(o, online), JSON.stringify(o));
  const errors: Array<[object, string | undefined, string]> = [
    [{ memorySwap: '1g' }, undefined, 'you should always set a memory limit when using a memoryswap limit, see usage'],
    [{ memory: '64m', memorySwap: '32m' }, undefined, 'minimum memoryswap limit should be larger than memory limit, see usage'],
    [{ memory: '64m', memoryReservation: '128m' }, undefined, 'minimum memory limit cannot be less than memory reservation limit, see usage'],
    [{ cpusetCpus: 'a-b' }, '0-1', 'invalid value a-b for cpuset cpus'],
    [{ cpusetMems: 'x' }, '0-1', 'invalid value x for cpuset mems'],
    [{ cpusetCpus: '99' }, '0-1', 'requested CPUs are not available - requested 99, available: 0-1'],
    [{ cpusetCpus: '0-2' }, '0-1', 'requested CPUs are not available - requested 0-2, available: 0-1'],
    [{ cpus: 0.001 }, undefined, 'CPU cfs quota cannot be less than 1ms (i.e. 1000)'],
  ];
  for (const [o, online, message] of errors) assert.throws(() => checkResourceOptions(o, online), { message }, JSON.stringify(o));
});
