import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupDirOf, parseHierarchies } from './cgroups.ts';

const mount = (mountPoint: string, fsType: string, options: string) => ({ mountPoint, fsType, source: fsType, options });

test('parseHierarchies: v1 hierarchies with controllers, the unified one alone on v2', () => {
  const cases: Array<[string, Array<ReturnType<typeof mount>>, Array<{ mountPoint: string; controllers: string[] }>]> = [
    ['hybrid v1 (this host)', [
      mount('/sys/fs/cgroup/unified', 'cgroup2', 'rw,nsdelegate'),
      mount('/sys/fs/cgroup/systemd', 'cgroup', 'rw,xattr,name=systemd'),
      mount('/sys/fs/cgroup/cpu,cpuacct', 'cgroup', 'rw,cpu,cpuacct'),
      mount('/sys/fs/cgroup/memory', 'cgroup', 'rw,memory'),
      mount('/sys/fs/cgroup/cpuset', 'cgroup', 'rw,cpuset,clone_children'),
    ], [
      { mountPoint: '/sys/fs/cgroup/cpu,cpuacct', controllers: ['cpu', 'cpuacct'] },
      { mountPoint: '/sys/fs/cgroup/memory', controllers: ['memory'] },
      { mountPoint: '/sys/fs/cgroup/cpuset', controllers: ['cpuset'] },
    ]],
    ['pure v2', [mount('/sys/fs/cgroup', 'cgroup2', 'rw,nsdelegate,memory_recursiveprot')], [{ mountPoint: '/sys/fs/cgroup', controllers: [] }]],
    ['no cgroups mounted', [mount('/proc', 'proc', 'rw')], []],
  ];
  for (const [name, mounts, want] of cases) assert.deepEqual(parseHierarchies(mounts), want, name);
});

test('cgroupDirOf: cgroupfs paths as is, systemd slice:prefix:name as a scope under the slice', () => {
  const cases: Array<[string, string]> = [
    ['/berth/berth-abc', '/berth/berth-abc'],
    ['machine.slice:berth:abc', '/machine.slice/berth-abc.scope'],
  ];
  for (const [input, want] of cases) assert.equal(cgroupDirOf(input), want);
});
