// Unit tests for the blkio flags: parseBlockIOFlags (podman's parsing and words), supportedBlockIO, ociBlockIO.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBlkioWeight, ociBlockIO, parseBlockIOFlags, supportedBlockIO, type BlockIOFlags } from './resources.ts';

const device = (p: string) => (p === '/dev/vda' ? { major: 254, minor: 0 } : { major: 8, minor: 16 });
const all = { weight: true, weightDevice: true, readBps: true, writeBps: true, readIops: true, writeIops: true };

test('parseBlockIOFlags: the limits with their device paths and numbers', () => {
  const l = parseBlockIOFlags({
    blkioWeight: '300', blkioWeightDevice: ['/dev/vda:200'], deviceReadBps: ['/dev/vda:1mb', '/dev/sdb:512k'],
    deviceWriteBps: ['/dev/vda:1.5k'], deviceReadIops: ['/dev/vda:100'], deviceWriteIops: ['/dev/sdb:0'],
  }, device);
  assert.deepEqual(l, {
    weight: 300,
    weightDevice: [{ path: '/dev/vda', major: 254, minor: 0, weight: 200 }],
    throttleReadBpsDevice: [{ path: '/dev/vda', major: 254, minor: 0, rate: 1048576 }, { path: '/dev/sdb', major: 8, minor: 16, rate: 524288 }],
    throttleWriteBpsDevice: [{ path: '/dev/vda', major: 254, minor: 0, rate: 1536 }],
    throttleReadIOPSDevice: [{ path: '/dev/vda', major: 254, minor: 0, rate: 100 }],
    throttleWriteIOPSDevice: [{ path: '/dev/sdb', major: 8, minor: 16, rate: 0 }],
  });
  assert.deepEqual(ociBlockIO(l)?.throttleReadBpsDevice?.[0], { major: 254, minor: 0, rate: 1048576 }, 'the spec has numbers only');
  assert.equal(ociBlockIO(parseBlockIOFlags({}, device)), undefined);
});

test('parseBlockIOFlags and checkBlkioWeight: podman\'s words for bad values', () => {
  const cases: Array<[BlockIOFlags, string]> = [
    [{ deviceReadBps: ['vda'] }, 'bad format: vda'],
    [{ deviceReadBps: ['/tmp:1k'] }, 'bad format for device path: /tmp:1k'],
    [{ deviceWriteBps: ['/dev/vda:xx'] }, 'invalid rate for device: /dev/vda:xx. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb'],
    [{ deviceReadIops: ['/dev/vda:1.5'] }, 'invalid rate for device: /dev/vda:1.5. The correct format is <device-path>:<number>. Number must be a positive integer'],
    [{ blkioWeightDevice: ['/dev/vda:5'] }, 'invalid weight for device: /dev/vda:5'],
    [{ blkioWeightDevice: ['/dev/vda:1001'] }, 'invalid weight for device: /dev/vda:1001'],
    [{ blkioWeight: 'abc' }, 'invalid value for blkio-weight: strconv.ParseUint: parsing "abc": invalid syntax'],
  ];
  for (const [flags, message] of cases) assert.throws(() => parseBlockIOFlags(flags, device), { message }, JSON.stringify(flags));
  assert.throws(() => checkBlkioWeight(parseBlockIOFlags({ blkioWeight: '5' }, device)), { message: 'invalid blkio weight: 5: must be between 10 and 1000' });
  checkBlkioWeight(parseBlockIOFlags({ blkioWeight: '0' }, device));
});

test('supportedBlockIO drops what the host cannot apply, with podman\'s warning for each', () => {
  const l = parseBlockIOFlags({ blkioWeight: '5', blkioWeightDevice: ['/dev/vda:200'], deviceReadBps: ['/dev/vda:1k'] }, device);
  assert.deepEqual(supportedBlockIO(l, all), { limits: l, warnings: [] });
  const out = supportedBlockIO(l, { ...all, weight: false, weightDevice: false });
  assert.deepEqual(out.limits, { throttleReadBpsDevice: l.throttleReadBpsDevice });
  assert.deepEqual(out.warnings, [
    'Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.',
    'Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.',
  ]);
  assert.deepEqual(supportedBlockIO(l, { ...all, readBps: false }).warnings, [
    'Your kernel does not support BPS Block I/O read limit or the cgroup is not mounted. Block I/O BPS read limit discarded.',
  ]);
});
