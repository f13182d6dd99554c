// Integration: conmon's cgroup placement on the host's real cgroup hierarchies (root only), in a throwaway parent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHierarchies } from '../../src/sys/cgroups.ts';
import { listMounts } from '../../src/sys/mount.ts';

test('joinCgroup: a fresh <parent>/conmon in every hierarchy (cpuset filled in), the process moved there', { skip: process.getuid?.() !== 0 }, async () => {
  const fs = await import('node:fs');
  const { spawn } = await import('node:child_process');
  const { joinCgroup } = await import('../../src/sys/cgroups.ts');
  const parent = `/berth-test-${process.pid}`;
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const roots = parseHierarchies(listMounts()).map((h) => h.mountPoint);
  try {
    await joinCgroup(child.pid!, `${parent}/conmon`);
    const lines = fs.readFileSync(`/proc/${child.pid}/cgroup`, 'utf8').trim().split('\n');
    for (const root of roots) {
      const v2 = root === '/sys/fs/cgroup';
      const ctl = root.split('/').pop()!;
      const line = lines.find((l) => (v2 ? l.startsWith('0::') : l.split(':')[1]!.split(',').includes(ctl.split(',')[0]!)));
      assert.equal(line?.split(':')[2], `${parent}/conmon`, root);
    }
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    for (const root of roots) {
      for (const d of [`${root}${parent}/conmon`, `${root}${parent}`]) {
        for (let i = 0; i < 50 && fs.existsSync(d); i++) {
          try {
            fs.rmdirSync(d);
          } catch {
            await new Promise((r) => setTimeout(r, 20)); // the killed task leaves the cgroup a moment later
          }
        }
      }
    }
  }
});
