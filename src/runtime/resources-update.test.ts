import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildUpdateResources, type ResourceUpdate } from './resources.ts';

const devices: Record<string, { major: number; minor: number }> = { '/dev/sda': { major: 8, minor: 0 }, '/dev/vdb': { major: 254, minor: 16 } };
const device = (p: string) => {
  const d = devices[p];
  if (!d) throw new Error(`no device ${p}`);
  return d;
};

test('buildUpdateResources: only the given limits, in runc update\'s resources shape', () => {
  const cases: Array<[ResourceUpdate, unknown]> = [
    [{}, {}],
    [{ memory: '64m' }, { memory: { limit: 67108864, swap: 134217728 } }],
    [{ memory: '128m', memorySwap: '256m' }, { memory: { limit: 134217728, swap: 268435456 } }],
    [{ memorySwap: '256m' }, { memory: { swap: 268435456 } }],
    [{ memorySwap: '-1' }, { memory: { swap: -1 } }],
    [{ memoryReservation: '32m', memorySwappiness: 10 }, { memory: { reservation: 33554432, swappiness: 10 } }],
    [{ cpus: 0.5 }, { cpu: { quota: 50000, period: 100000 } }],
    [{ cpuShares: 512, cpusetCpus: '0', cpusetMems: '0' }, { cpu: { shares: 512, cpus: '0', mems: '0' } }],
    [{ cpuPeriod: 50000, cpuQuota: 20000 }, { cpu: { period: 50000, quota: 20000 } }],
    [{ cpuRtPeriod: 1000000, cpuRtRuntime: 950000 }, { cpu: { realtimePeriod: 1000000, realtimeRuntime: 950000 } }],
    [{ blkioWeight: '300' }, { blockIO: { weight: 300 } }],
    [
      { blkioWeightDevice: ['/dev/sda:200'], deviceReadBps: ['/dev/sda:1mb'], deviceWriteIops: ['/dev/vdb:1000'] },
      {
        blockIO: {
          weightDevice: [{ major: 8, minor: 0, weight: 200 }],
          throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 1048576 }],
          throttleWriteIOPSDevice: [{ major: 254, minor: 16, rate: 1000 }],
        },
      },
    ],
  ];
  for (const [input, want] of cases) assert.deepEqual(buildUpdateResources(input, device), want, JSON.stringify(input));
});

test('buildUpdateResources: bad values fail with podman\'s wording', () => {
  const cases: Array<[ResourceUpdate, RegExp]> = [
    [{ memory: 'abc' }, /^invalid value for memory: invalid size: 'abc'$/],
    [{ memory: '1m' }, /minimum memory limit allowed is 6MB/],
    [{ memory: '64m', memorySwap: '32m' }, /minimum memoryswap limit should be larger than memory limit/],
    [{ memorySwappiness: 101 }, /valid memory swappiness range is 0-100/],
    [{ cpusetCpus: 'x' }, /^invalid value x for cpuset cpus$/],
    [{ blkioWeight: '5' }, /invalid blkio weight: 5/],
    [{ deviceReadBps: ['/dev/sda'] }, /^bad format: \/dev\/sda$/],
    [{ deviceReadIops: ['/dev/sda:fast'] }, /^invalid rate for device: \/dev\/sda:fast\. The correct format is <device-path>:<number>\. Number must be a positive integer$/],
    [{ deviceReadBps: ['/dev/sda:-1'] }, /^invalid rate for device: \/dev\/sda:-1\. The correct format is <device-path>:<number>\[<unit>\]\. Number must be a positive integer\. Unit is optional and can be kb, mb, or gb$/],
    [{ deviceReadBps: ['/tmp/x:1mb'] }, /^bad format for device path: \/tmp\/x:1mb$/],
    [{ blkioWeightDevice: ['/dev/sda:5'] }, /^invalid weight for device: \/dev\/sda:5$/],
    [{ blkioWeight: 'abc' }, /^invalid value for blkio-weight: strconv\.ParseUint: parsing "abc": invalid syntax$/],
  ];
  for (const [input, re] of cases) assert.throws(() => buildUpdateResources(input, device), { message: re }, JSON.stringify(input));
});
