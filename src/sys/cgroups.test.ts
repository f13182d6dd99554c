import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHierarchies } from './cgroups.ts';

const line = (id: number, mountPoint: string, fstype: string, superOpts: string) =>
  `${id} 25 0:${id} / ${mountPoint} rw,nosuid,nodev,noexec,relatime shared:${id} - ${fstype} ${fstype} ${superOpts}`;

test('parseHierarchies: v1 hierarchies with controllers, the unified one alone on v2', () => {
  const cases: Array<[string, string[], Array<{ mountPoint: string; controllers: string[] }>]> = [
    ['hybrid v1 (this host)', [
      line(30, '/sys/fs/cgroup/unified', 'cgroup2', 'rw,nsdelegate'),
      line(31, '/sys/fs/cgroup/systemd', 'cgroup', 'rw,xattr,name=systemd'),
      line(32, '/sys/fs/cgroup/cpu,cpuacct', 'cgroup', 'rw,cpu,cpuacct'),
      line(33, '/sys/fs/cgroup/memory', 'cgroup', 'rw,memory'),
      line(34, '/sys/fs/cgroup/cpuset', 'cgroup', 'rw,cpuset,clone_children'),
    ], [
      { mountPoint: '/sys/fs/cgroup/cpu,cpuacct', controllers: ['cpu', 'cpuacct'] },
      { mountPoint: '/sys/fs/cgroup/memory', controllers: ['memory'] },
      { mountPoint: '/sys/fs/cgroup/cpuset', controllers: ['cpuset'] },
    ]],
    ['pure v2', [line(30, '/sys/fs/cgroup', 'cgroup2', 'rw,nsdelegate,memory_recursiveprot')], [{ mountPoint: '/sys/fs/cgroup', controllers: [] }]],
    ['no cgroups mounted', [line(20, '/proc', 'proc', 'rw')], []],
  ];
  for (const [name, lines, want] of cases) assert.deepEqual(parseHierarchies(lines.join('\n')), want, name);
});
