import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCgroupOptions, conmonCgroupPath, type CgroupCheckFacts } from './cgroup-options.ts';

const cgroupfs: CgroupCheckFacts = { cgroupManager: 'cgroupfs', runtimeName: 'runc', cgroupVersion: 'v1' };
const systemd: CgroupCheckFacts = { cgroupManager: 'systemd', runtimeName: 'runc', cgroupVersion: 'v2' };

test('--cgroups / --cgroup-parent checks: podman 4.3 wording and order', () => {
  const cases: Array<[string, { cgroups?: string; cgroupParent?: string }, CgroupCheckFacts, string | null]> = [
    ['default', {}, cgroupfs, null],
    ['enabled with a parent', { cgroups: 'enabled', cgroupParent: '/foo' }, cgroupfs, null],
    ['no-conmon', { cgroups: 'no-conmon' }, cgroupfs, null],
    ['relative parent', { cgroupParent: 'foo/bar' }, cgroupfs, null],
    ['bad mode', { cgroups: 'bogus' }, cgroupfs, 'running container create option: invalid cgroup mode "bogus": invalid argument'],
    ['bad mode before parent', { cgroups: 'bogus', cgroupParent: 'x.slice' }, cgroupfs, 'running container create option: invalid cgroup mode "bogus": invalid argument'],
    ['split with parent', { cgroups: 'split', cgroupParent: '/foo' }, cgroupfs, 'cannot specify --cgroup-mode=split with a cgroup-parent: invalid argument'],
    ['disabled with parent', { cgroups: 'disabled', cgroupParent: '/foo' }, cgroupfs, 'cannot set cgroup parent if not creating cgroups: invalid argument'],
    ['slice with cgroupfs', { cgroupParent: 'foo.slice' }, cgroupfs, 'systemd slice received as cgroup parent when using cgroupfs: invalid argument'],
    ['nested slice with cgroupfs', { cgroupParent: '/a/b.slice' }, cgroupfs, 'systemd slice received as cgroup parent when using cgroupfs: invalid argument'],
    ['path with systemd', { cgroupParent: '/foo' }, systemd, 'did not receive systemd slice as cgroup parent when using systemd to manage cgroups: invalid argument'],
    ['slice with systemd', { cgroupParent: 'my.slice' }, systemd, null],
    ['disabled with runc', { cgroups: 'disabled' }, cgroupfs, 'requested OCI runtime runc is not compatible with NoCgroups: invalid argument'],
    ['disabled with crun', { cgroups: 'disabled' }, { ...cgroupfs, runtimeName: 'crun' }, '--cgroups=disabled is not supported by berth yet'],
    ['split on v1', { cgroups: 'split' }, cgroupfs, 'could not find cgroup mount in "/proc/self/cgroup"'],
    ['split on v2', { cgroups: 'split' }, { ...cgroupfs, cgroupVersion: 'v2' }, '--cgroups=split is not supported by berth yet'],
  ];
  for (const [name, o, f, want] of cases) {
    if (want === null) assert.doesNotThrow(() => checkCgroupOptions(o, f), name);
    else assert.throws(() => checkCgroupOptions(o, f), (e: Error & { code?: string }) => e.message === want && e.code === 'invalid-argument', name);
  }
});

test('conmon cgroup: <parent>/conmon, none with no-conmon', () => {
  const cases: Array<[{ cgroups?: string; cgroupParent?: string }, string | undefined]> = [
    [{}, '/berth_parent/conmon'],
    [{ cgroupParent: '/foo' }, '/foo/conmon'],
    [{ cgroupParent: '/foo/' }, '/foo/conmon'],
    [{ cgroupParent: 'rel/x' }, 'rel/x/conmon'],
    [{ cgroups: 'no-conmon', cgroupParent: '/foo' }, undefined],
    [{ cgroups: 'enabled' }, '/berth_parent/conmon'],
  ];
  for (const [o, want] of cases) assert.equal(conmonCgroupPath(o, '/berth_parent'), want, JSON.stringify(o));
});
