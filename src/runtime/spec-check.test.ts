// Table test of the spec options podman refuses at create (runtime/spec-check.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCreateOptions } from './spec-check.ts';

test('checkCreateOptions: podman\'s create-time refusals, in its words', () => {
  const host = { capLast: 40, onlineCpus: '0-1' };
  const ok: object[] = [{}, { capAdd: ['net_admin', 'ALL'], capDrop: ['CAP_CHOWN'] }, { ulimits: ['nofile=10:20'] }, { shmSize: '64m' },
    { sysctls: ['net.ipv4.ip_forward=1'] }, { tmpfs: ['/x:size=1m'] }, { securityOpt: ['no-new-privileges'] }, { memory: '1k' }];
  for (const o of ok) assert.doesNotThrow(() => checkCreateOptions(o as never, host), JSON.stringify(o));
  const errors: Array<[object, string]> = [
    [{ capAdd: ['CAP_BOGUS'] }, '"CAP_BOGUS": unknown capability'],
    [{ capDrop: ['BOGUS'] }, '"CAP_BOGUS": unknown capability'],
    [{ ulimits: ['nofile=abc'] }, 'ulimit option "nofile=abc" requires name=SOFT:HARD, failed to be parsed: strconv.ParseInt: parsing "abc": invalid syntax'],
    [{ ulimits: ['bogus=1'] }, 'ulimit option "bogus=1" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: bogus'],
    [{ shmSize: 'abc' }, "unable to translate --shm-size: invalid size: 'abc'"],
    [{ sysctls: ['kernel.bogus=1'] }, "sysctl 'kernel.bogus' is not allowed"],
    [{ sysctls: ['net.ipv4.ip_forward'] }, 'net.ipv4.ip_forward is invalid, sysctl values must be in the form of KEY=VALUE'],
    [{ sysctls: ['net.ipv4.ip_forward=1'], net: 'host' }, "sysctl net.ipv4.ip_forward=1 can't be set since Network Namespace set to host: invalid argument"],
    [{ tmpfs: ['relative'] }, 'invalid container path "relative", must be an absolute path'],
    [{ memory: '64m', memoryReservation: '128m' }, 'minimum memory limit cannot be less than memory reservation limit, see usage'],
    [{ cpusetCpus: '99' }, 'requested CPUs are not available - requested 99, available: 0-1'],
  ];
  for (const [o, message] of errors) assert.throws(() => checkCreateOptions(o as never, host), { message }, JSON.stringify(o));
});
