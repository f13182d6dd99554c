// Table-driven tests for seccomp conversion, mounts (--tmpfs, --device, read-only), security opts and sysctls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertSeccompProfile } from './spec-seccomp.ts';
import { parseTmpfs, parseDeviceSpec, buildMounts, type MountPlan } from './spec-mounts.ts';
import { parseSecurityOpts, maskedPaths, buildSysctls, DEFAULT_MASKED_PATHS } from './spec-security.ts';

test('convertSeccompProfile: arch map, includes/excludes by arch and caps, minKernel, errnoRet, args', () => {
  const profile = {
    defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 38,
    archMap: [{ architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] }, { architecture: 'SCMP_ARCH_X86_64', subArchitectures: null }],
    syscalls: [
      { names: ['a'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 8, valueTwo: 0, op: 'SCMP_CMP_EQ' }] },
      { names: ['b'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['arm64'] } },
      { names: ['c'], action: 'SCMP_ACT_ALLOW', excludes: { arches: ['amd64'] } },
      { names: ['d'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN', 'CAP_KILL'] } },
      { names: ['e'], action: 'SCMP_ACT_ERRNO', errnoRet: 1, excludes: { caps: ['CAP_SYS_ADMIN'] } },
      { names: ['f'], action: 'SCMP_ACT_ALLOW', includes: { minKernel: '5.8' } },
      { name: 'g', action: 'SCMP_ACT_ALLOW', args: null },
    ],
  };
  const names = (arch: string, caps: string[], kernel?: string) =>
    convertSeccompProfile(profile, { arch, caps, kernel }).syscalls!.map((s) => s.names.join());
  assert.deepEqual(names('amd64', ['CAP_KILL']), ['a', 'e', 'f', 'g']);
  assert.deepEqual(names('amd64', ['CAP_KILL', 'CAP_SYS_ADMIN'], '5.4.0'), ['a', 'd', 'g']);
  assert.deepEqual(names('arm64', [], '6.1.0-18-arm64'), ['a', 'b', 'c', 'e', 'f', 'g']);
  const out = convertSeccompProfile(profile, { arch: 'arm64', caps: [] });
  assert.deepEqual(out.architectures, ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
  assert.deepEqual(out.syscalls![0], { names: ['a'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 8, op: 'SCMP_CMP_EQ' }] });
  assert.deepEqual(out.syscalls![3], { names: ['e'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 });
  assert.deepEqual(convertSeccompProfile(profile, { arch: 'amd64', caps: [] }).architectures, ['SCMP_ARCH_X86_64']);
  assert.throws(() => convertSeccompProfile({}, { arch: 'amd64', caps: [] }), /defaultAction missing/);
  assert.throws(() => convertSeccompProfile({ ...profile, architectures: ['SCMP_ARCH_X86_64'] }, { arch: 'amd64', caps: [] }), /use either 'architectures' or 'archMap'/);
});

test('convertSeccompProfile leaves out the sub-arches the kernel cannot run, never the native one', () => {
  const amd64 = { defaultAction: 'SCMP_ACT_ERRNO', archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] }], syscalls: [] };
  const listed = { defaultAction: 'SCMP_ACT_ERRNO', architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X32'], syscalls: [] };
  const cases: Array<[string, object, string[] | undefined, string[]]> = [
    ['nothing unrunnable', amd64, undefined, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']],
    ['empty list', amd64, [], ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']],
    ['no x32 ABI', amd64, ['SCMP_ARCH_X32'], ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86']],
    ['neither x32 nor ia32', amd64, ['SCMP_ARCH_X32', 'SCMP_ARCH_X86'], ['SCMP_ARCH_X86_64']],
    ['native is kept whatever the list says', amd64, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X32'], ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86']],
    ['an explicit architectures list too', listed, ['SCMP_ARCH_X32'], ['SCMP_ARCH_X86_64']],
  ];
  for (const [name, profile, unrunnableArches, want] of cases) {
    const out = convertSeccompProfile(profile, { arch: 'amd64', caps: [], ...(unrunnableArches ? { unrunnableArches } : {}) });
    assert.deepEqual(out.architectures, want, name);
  }
});

test('parseTmpfs adds Podman defaults unless given', () => {
  const cases: Array<[string, string, string[]]> = [
    ['/x', '/x', ['rw', 'rprivate', 'nosuid', 'nodev', 'tmpcopyup']],
    ['/x:size=10m,mode=1777,noexec', '/x', ['size=10m', 'mode=1777', 'noexec', 'rw', 'rprivate', 'nosuid', 'nodev', 'tmpcopyup']],
    ['/y/:ro,suid,dev,notmpcopyup,shared', '/y', ['ro', 'suid', 'dev', 'notmpcopyup', 'shared']],
  ];
  for (const [spec, dest, options] of cases) assert.deepEqual(parseTmpfs(spec), { destination: dest, type: 'tmpfs', source: 'tmpfs', options });
  assert.throws(() => parseTmpfs('rel'), { message: 'invalid container path "rel", must be an absolute path' });
});

test('parseDeviceSpec', () => {
  const cases: Array<[string, string, string, string]> = [
    ['/dev/fuse', '/dev/fuse', '/dev/fuse', 'rwm'], ['/dev/fuse:r', '/dev/fuse', '/dev/fuse', 'r'],
    ['/dev/null:/dev/mynull', '/dev/null', '/dev/mynull', 'rwm'], ['/dev/null:/dev/mynull:rw', '/dev/null', '/dev/mynull', 'rw'],
  ];
  for (const [spec, hostPath, containerPath, permissions] of cases) assert.deepEqual(parseDeviceSpec(spec), { hostPath, containerPath, permissions });
  assert.throws(() => parseDeviceSpec('/a:/b:rwx'), { message: 'invalid device mode: rwx' });
  assert.throws(() => parseDeviceSpec('/a:/b:r:x'), { message: 'invalid device specification: /a:/b:r:x' });
});

const PLAN: MountPlan = {
  privileged: false, readOnly: false, readOnlyTmpfs: true, ipc: 'private', shmSizeBytes: 65536 * 1024, withResolvConf: true,
  hostsPath: '/r/hosts', resolvConfPath: '/r/resolv.conf', hostnamePath: '/r/hostname', containerEnvPath: '/r/.containerenv', tmpfs: [], mounts: [],
};
test('buildMounts: user mounts replace defaults, parents sort first, read-only extras', () => {
  const dests = (p: Partial<MountPlan>) => buildMounts({ ...PLAN, ...p }).map((m) => m.destination);
  assert.deepEqual(dests({}), ['/proc', '/dev', '/sys', '/dev/pts', '/dev/mqueue', '/etc/resolv.conf', '/etc/hosts', '/dev/shm', '/run/.containerenv', '/etc/hostname', '/sys/fs/cgroup']);
  assert.deepEqual(dests({ readOnly: true, tmpfs: ['/dev/shm'], mounts: [{ source: '/h', destination: '/etc/hosts', type: 'bind', options: ['bind'] }] }),
    ['/tmp', '/run', '/proc', '/dev', '/sys', '/dev/shm', '/etc/hosts', '/var/tmp', '/dev/pts', '/dev/mqueue', '/etc/resolv.conf', '/etc/hostname', '/sys/fs/cgroup']);
  const shm = buildMounts(PLAN).find((m) => m.destination === '/dev/shm');
  assert.deepEqual(shm, { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=67108864'] });
  assert.equal(buildMounts({ ...PLAN, ipc: 'none' }).some((m) => m.destination === '/dev/shm'), false);
  assert.throws(() => buildMounts({ ...PLAN, tmpfs: ['/x', '/x/'] }), { message: '/x: duplicate mount destination' });
});

test('security opts, masks and sysctls', () => {
  assert.deepEqual(parseSecurityOpts(['seccomp=/p.json', 'no-new-privileges', 'label=disable', 'mask=/a:/b', 'unmask=/proc/keys']), {
    seccomp: '/p.json', noNewPrivileges: true, labelDisable: true, mask: ['/a', '/b'], unmask: ['/proc/keys'],
  });
  assert.equal(parseSecurityOpts(['no-new-privileges=false']).noNewPrivileges, false);
  assert.deepEqual(parseSecurityOpts(['systempaths=unconfined']).unmask, ['ALL']);
  assert.deepEqual(parseSecurityOpts(['proc-opts=hidepid=2,gid=0']).procOpts, ['hidepid=2', 'gid=0']);
  const proc = (p: Partial<MountPlan>) => buildMounts({ ...PLAN, ...p }).find((m) => m.destination === '/proc')!.options;
  assert.deepEqual(proc({}), ['nosuid', 'noexec', 'nodev']);
  assert.deepEqual(proc({ procOpts: ['hidepid=2'] }), ['hidepid=2'], 'podman replaces the options');
  assert.throws(() => parseSecurityOpts(['bogus']), { message: 'invalid --security-opt 1: "bogus"' });
  assert.deepEqual(maskedPaths(parseSecurityOpts(['unmask=ALL']), false), { masked: [], readonly: [] });
  assert.deepEqual(maskedPaths(parseSecurityOpts([]), true), { masked: [], readonly: [] });
  assert.deepEqual(maskedPaths(parseSecurityOpts(['mask=/x']), false).masked, [...DEFAULT_MASKED_PATHS, '/x']);
  const none = { net: false, ipc: false, uts: false };
  assert.deepEqual(buildSysctls(['net.ipv4.ping_group_range=0 0'], ['kernel.shmmax=1', 'fs.mqueue.msg_max=5', 'net.ipv4.ping_group_range=1 1'], none), {
    'net.ipv4.ping_group_range': '1 1', 'kernel.shmmax': '1', 'fs.mqueue.msg_max': '5',
  });
  assert.deepEqual(buildSysctls(['net.ipv4.ping_group_range=0 0'], [], { ...none, net: true }), {});
  assert.throws(() => buildSysctls([], ['kernel.sem=1'], { ...none, ipc: true }), { message: "sysctl kernel.sem=1 can't be set since IPC Namespace set to host: invalid argument" });
  assert.throws(() => buildSysctls([], ['nokey'], none), { message: 'nokey is invalid, sysctl values must be in the form of KEY=VALUE' });
});
