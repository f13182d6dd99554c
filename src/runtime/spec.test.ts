// Golden-file tests for generateSpec (UPDATE_GOLDEN=1 rewrites src/runtime/__golden__/*.json) and its error cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateSpec, serializeSpec, stopSignal, namespaceKind } from './spec.ts';
import { specInput, systemSeccompProfile } from './spec-fixtures.ts';
import type { ContainerCreateOptions, SpecHost } from './spec-types.ts';
import { BerthError } from '../util/errors.ts';

const GOLDEN = fileURLToPath(new URL('./__golden__/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

// A small stand-in profile in the containers-common format keeps goldens readable and host-independent;
// one scenario below also checks the installed /usr/share/containers/seccomp.json when present.
const PROFILE = {
  defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 38,
  archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] }],
  syscalls: [
    { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW', args: [], includes: {}, excludes: {} },
    { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64', 'x32'] } },
    { names: ['chroot'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_CHROOT'] } },
    { names: ['chroot'], action: 'SCMP_ACT_ERRNO', errnoRet: 1, excludes: { caps: ['CAP_SYS_CHROOT'] } },
    { names: ['bpf'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
  ],
};

const DEVICE_NULL = { containerPath: '/dev/mynull', type: 'c' as const, major: 1, minor: 3, fileMode: 8630, uid: 0, gid: 0, permissions: 'r' };

const SCENARIOS: Array<[name: string, opts: ContainerCreateOptions, host?: Partial<SpecHost>]> = [
  ['default', {}],
  ['tty', { tty: true, interactive: true }],
  ['user-nobody', { user: 'nobody' }],
  ['privileged', { privileged: true }, { privilegedDevices: [{ ...DEVICE_NULL, containerPath: '/dev/null', permissions: 'rwm' }] }],
  ['read-only-tmpfs', { readOnly: true, tmpfs: ['/x'] }],
  ['resources', { memory: '64m', cpus: 1.5, cpuShares: 512, cpusetCpus: '0', pidsLimit: 100 }],
  ['init', { init: true, initPath: '/usr/libexec/podman/catatonit' }],
  ['cap-drop-all', { capDrop: ['ALL'], capAdd: ['net_admin'] }],
  ['seccomp-unconfined', { securityOpt: ['seccomp=unconfined'] }],
  ['host-namespaces', { net: 'host', pid: 'host', ipc: 'host', uts: 'host' }],
  ['net-none-devices', { net: 'none', devices: [DEVICE_NULL], shmSize: '1g' }, { shmPath: undefined }],
  ['misc', {
    env: ['FOO=bar', 'FOO'], hostname: 'hh', workdir: '/srv', ulimits: ['nofile=100:200', 'core=-1'], sysctls: ['net.core.somaxconn=100'],
    annotations: { x: 'y' }, stopSignal: 'SIGINT', securityOpt: ['no-new-privileges', 'mask=/proc/foo', 'unmask=/proc/keys'],
    entrypoint: '/bin/echo', command: ['hi'], groupAdd: ['daemon', '1234'],
  }, { canRaiseRlimits: true }],
  ['cgroup-v2', { user: '1000', capAdd: ['NET_ADMIN'] }, { cgroupVersion: 'v2', cgroupParent: '/custom' }],
  ['process-tuning', {
    umask: '077', oomScoreAdj: 300, cpuPeriod: 50000, cpuQuota: 25000, memorySwappiness: 10, deviceCgroupRules: ['c 1:3 rwm', 'b *:* r'],
    tz: 'Asia/Tokyo', envMerge: ['PATH=${PATH}:/x', 'NEW=1'], unsetenv: ['TERM'], env: ['TERM=set-by-e'],
  }],
];

for (const [name, opts, host] of SCENARIOS) {
  test(`golden: ${name}`, () => {
    const spec = generateSpec(specInput(opts, { seccompProfile: PROFILE, ...host }));
    const text = serializeSpec(spec, 2) + '\n';
    const file = `${GOLDEN}${name}.json`;
    if (UPDATE || !existsSync(file)) writeFileSync(file, text);
    assert.equal(text, readFileSync(file, 'utf8'));
  });
}

test('the installed containers-common profile converts as Podman 4.3 does (19 rules for root defaults on amd64)', (t) => {
  const profile = systemSeccompProfile();
  if (profile === undefined) return t.skip('no /usr/share/containers/seccomp.json');
  const seccomp = generateSpec(specInput({}, { seccompProfile: profile })).linux.seccomp!;
  assert.deepEqual(seccomp.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  assert.equal(seccomp.defaultErrnoRet, 38);
  assert.equal(seccomp.syscalls!.length, 19);
  const dropped = generateSpec(specInput({ capDrop: ['ALL'], capAdd: ['NET_ADMIN'] }, { seccompProfile: profile })).linux.seccomp!;
  assert.equal(dropped.syscalls!.length, 22);
});

test('serializeSpec writes unlimited rlimits as exact 2^64-1', () => {
  const spec = generateSpec(specInput({ ulimits: ['nofile=-1'] }, { canRaiseRlimits: true }));
  assert.match(serializeSpec(spec), /"hard":18446744073709551615,"soft":18446744073709551615/);
});

const errors: Array<[string, ContainerCreateOptions, RegExp, Partial<SpecHost>?]> = [
  ['no command', { entrypoint: '' }, /^no command or entrypoint provided, and no CMD or ENTRYPOINT from image$/],
  ['unknown user', { user: 'foo' }, /^unable to find user foo: no matching entries in passwd file$/],
  ['unknown group', { user: '0:foo' }, /^unable to find group foo: no matching entries in group file$/],
  ['net sysctl with host net', { net: 'host', sysctls: ['net.core.somaxconn=1'] }, /^sysctl net.core.somaxconn=1 can't be set since Network Namespace set to host: invalid argument$/],
  ['not namespaced sysctl', { sysctls: ['vm.swappiness=1'] }, /^sysctl 'vm.swappiness' is not allowed$/],
  ['memory too small', { memory: '1m' }, /^minimum memory limit allowed is 6MB$/],
  ['swap without memory', { memorySwap: '10m' }, /^you should always set a memory limit when using a memoryswap limit, see usage$/],
  ['ulimit above host', { ulimits: ['nofile=30000'] }, /^ulimit nofile: hard limit 30000 exceeds the host's hard limit 20000$/],
  ['hostname with host uts', { uts: 'host', hostname: 'x' }, /^cannot set hostname when running in the host UTS namespace$/],
  ['unknown capability', { capAdd: ['FOO'] }, /^"CAP_FOO": unknown capability$/],
  ['bad security opt', { securityOpt: ['foo=bar'] }, /^invalid --security-opt 2: "foo=bar"$/],
  ['init without binary', { init: true }, /^container-init binary not found on the host$/],
  ['bad stop signal', { stopSignal: 'SIGFOO' }, /^invalid signal: SIGFOO$/],
  ['bad namespace mode', { pid: 'container:abc' }, /^invalid --pid mode "container:abc"/],
  ['bad umask', { umask: '99999' }, /^invalid umask string 99999$/],
  ['oom score out of range', { oomScoreAdj: 2000 }, /^invalid value for --oom-score-adj: 2000: valid range is -1000 to 1000$/],
  ['cpu quota with cpus', { cpus: 1, cpuQuota: 20000 }, /^--cpu-quota and --cpus cannot be set together$/],
  ['cpu period too small', { cpuPeriod: 500 }, /^CPU cfs period cannot be less than 1ms \(i.e. 1000\) or larger than 1s \(i.e. 1000000\)$/],
  ['swappiness out of range', { memorySwappiness: 101 }, /^invalid value: 101, valid memory swappiness range is 0-100$/],
  ['bad device cgroup rule', { deviceCgroupRules: ['bogus'] }, /^invalid device cgroup rule requires type, major:Minor, and access rules: "bogus"$/],
];
for (const [name, opts, re, host] of errors) {
  test(`error: ${name}`, () => {
    assert.throws(() => generateSpec(specInput(opts, host)), (e: unknown) => e instanceof BerthError && re.test(e.message) && e.exitCode === 125);
  });
}

test('stopSignal: flag, then image, then SIGTERM', () => {
  const cases: Array<[string | undefined, string | undefined, number]> = [[undefined, undefined, 15], [undefined, 'SIGQUIT', 3], ['9', 'SIGQUIT', 9], ['int', undefined, 2], ['RTMIN+1', undefined, 35]];
  for (const [flag, img, want] of cases) assert.equal(stopSignal({ image: { StopSignal: img }, options: { stopSignal: flag } }), want);
});

test('namespaceKind', () => {
  assert.equal(namespaceKind('shareable', 'ipc'), 'private');
  assert.equal(namespaceKind('bridge', 'network'), 'private');
  assert.equal(namespaceKind('host', 'pid'), 'host');
  assert.deepEqual(namespaceKind('ns:/proc/1/ns/net', 'network'), { path: '/proc/1/ns/net' });
});
