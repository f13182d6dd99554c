// Integration: `berth export` / `container export`: the whole filesystem as a tar (file or pipe), created and running
// containers, podman's errors; nothing left mounted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BERTH } from '../helpers/berth.ts';
import { containersSandbox, mountsUnder } from '../helpers/containers.ts';

const sb = containersSandbox();

const tarList = (file: string) => spawnSync('tar', ['-tf', file], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);

test('export -o of a created container: its whole filesystem, and it is unmounted again', () => {
  assert.equal(sb.run(['create', '--name', 'made', '--network', 'none', 'busybox', 'true']).code, 0);
  const out = path.join(sb.dir, 'made.tar');
  const r = sb.run(['export', '-o', out, 'made']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const names = tarList(out);
  for (const want of ['bin/sh', 'etc/passwd', 'etc/group']) assert.ok(names.includes(want), `${want} in the archive`);
  assert.ok(!names.some((n) => n.startsWith('/') || n.split('/').includes('..')), 'relative names only');
  assert.deepEqual(mountsUnder(sb.dir), [], 'the rootfs mounted for the export is unmounted');
});

test('container export to a pipe of a running container includes what it wrote', () => {
  const d = sb.run(['run', '-d', '--name', 'live', '--network', 'none', 'busybox', 'sh', '-c', 'echo hi > /root/note; exec sleep 300']);
  assert.equal(d.code, 0, d.stderr);
  let names: string[] = [];
  for (let i = 0; i < 50 && !names.includes('root/note'); i++) {
    // Binary stdout straight into a file (a pipe, not a terminal), then listed.
    const file = path.join(sb.dir, 'live.tar');
    const fd = fs.openSync(file, 'w');
    try {
      const r = spawnSync(BERTH, ['--root', sb.root, '--runroot', sb.runroot, 'container', 'export', 'live'], { env: sb.env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      fs.closeSync(fd);
    }
    names = tarList(file);
  }
  assert.ok(names.includes('root/note'), 'the running container\'s file');
});

test('export: podman\'s errors and exit codes', () => {
  const cases: Array<[string[], string]> = [
    [['export', '-o', path.join(sb.dir, 'x.tar'), 'nosuch'], 'Error: no container with name or ID "nosuch" found: no such container\n'],
    [['export'], 'Error: accepts 1 arg(s), received 0\n'],
    [['export', 'a', 'b'], 'Error: accepts 1 arg(s), received 2\n'],
    [['export', '-o', '/nonexistent-dir/x.tar', 'made'], 'Error: creating file "/nonexistent-dir/x.tar": open /nonexistent-dir/x.tar: no such file or directory\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = sb.run(args);
    assert.deepEqual([r.code, r.stderr], [125, stderr], args.join(' '));
  }
  assert.ok(!fs.existsSync(path.join(sb.dir, 'x.tar')), 'no file made for a container that does not exist');
});
