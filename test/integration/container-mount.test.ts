// Integration: `berth mount` / `unmount` (and `container mount`, `umount`): the mount count, the listing and its JSON,
// a mount kept through start and stop, rm of a mounted container, --all/--latest, podman's errors; nothing left mounted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { containersSandbox, mountsUnder } from '../helpers/containers.ts';

const sb = containersSandbox();

const ok = (args: string[]) => {
  const r = sb.run(args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const listed = () => ok(['mount']).split('\n').filter(Boolean);

test('mount counts: the rootfs stays mounted until as many unmounts, and the listing shows it', () => {
  const id = ok(['create', '--name', 'mc', '--network', 'none', 'busybox', 'true']).trim();
  assert.deepEqual(listed(), [], 'nothing mounted after create');
  const point = ok(['mount', 'mc']).trim();
  assert.ok(fs.existsSync(`${point}/bin/sh`), 'the mount point holds the image');
  assert.equal(ok(['container', 'mount', 'mc']).trim(), point, 'a second mount: the same point');
  assert.deepEqual(listed(), [`${id.slice(0, 12)}  ${point}`]);
  assert.deepEqual(ok(['mount', '--no-trunc']).trim(), `${id}  ${point}`);
  assert.deepEqual(JSON.parse(ok(['mount', '--format', 'json'])), [{ id, Names: ['mc'], mountpoint: point }]);
  assert.equal(ok(['unmount', 'mc']), 'mc\n');
  assert.equal(listed().length, 1, 'one mount left');
  assert.equal(ok(['umount', 'mc']), 'mc\n');
  assert.deepEqual(listed(), [], 'unmounted at zero');
  assert.equal(mountsUnder(point).length, 0);
  assert.equal(ok(['container', 'unmount', 'mc']), 'mc\n', 'unmounting what is not mounted is no error');
  ok(['rm', 'mc']);
});

test('a mounted container keeps its rootfs mounted through start and stop; unmount --force drops it', () => {
  ok(['create', '--name', 'ms', '--network', 'none', 'busybox', 'sh', '-c', 'echo made > /note']);
  const point = ok(['mount', 'ms']).trim();
  ok(['start', '--attach', 'ms']);
  assert.equal(fs.readFileSync(`${point}/note`, 'utf8'), 'made\n', 'what the container wrote, seen through the user\'s mount after it exited');
  assert.equal(listed().length, 1, 'still mounted after the exit');
  ok(['mount', 'ms']);
  ok(['unmount', '--force', 'ms']);
  assert.deepEqual(listed(), []);
  ok(['rm', 'ms']);
});

test('rm of a mounted container unmounts it; a running container keeps its rootfs when unmounted', () => {
  ok(['create', '--name', 'mr', '--network', 'none', 'busybox', 'true']);
  const point = ok(['mount', 'mr']).trim();
  ok(['rm', 'mr']);
  assert.equal(mountsUnder(point).length, 0, 'rm unmounted it');
  ok(['run', '-d', '--name', 'mlive', '--network', 'none', 'busybox', 'sleep', '300']);
  const live = ok(['mount', 'mlive']).trim();
  assert.equal(ok(['unmount', 'mlive']), 'mlive\n');
  assert.equal(ok(['unmount', '-f', 'mlive']), 'mlive\n');
  assert.equal(mountsUnder(live).length, 1, 'the running container\'s rootfs is still mounted');
  ok(['rm', '-f', '-t', '0', 'mlive']);
  assert.equal(mountsUnder(live).length, 0);
});

test('mount --all, unmount --all and --latest', () => {
  const a = ok(['create', '--name', 'ma', '--network', 'none', 'busybox', 'true']).trim();
  const b = ok(['create', '--name', 'mb', '--network', 'none', 'busybox', 'true']).trim();
  assert.equal(ok(['mount', '--all']).split('\n').filter(Boolean).length, 2);
  assert.deepEqual(ok(['unmount', '--all']).split('\n').filter(Boolean).sort(), [a, b].sort(), 'the full IDs of what it unmounted');
  assert.deepEqual(listed(), []);
  const point = ok(['mount', '-l']).trim();
  assert.ok(point.includes(b), 'the latest container');
  assert.equal(ok(['unmount', '-l']), `${b}\n`);
  assert.deepEqual(listed(), []);
  ok(['rm', 'ma', 'mb']);
});

test('mount and unmount: podman\'s errors and exit codes, and nothing mounted by a failed call', () => {
  ok(['create', '--name', 'me', '--network', 'none', 'busybox', 'true']);
  const cases: Array<[string[], string]> = [
    [['mount', 'me', 'nosuch'], 'Error: no container with name or ID "nosuch" found: no such container\n'],
    [['unmount', 'nosuch'], 'Error: no container with name or ID "nosuch" found: no such container\n'],
    [['unmount'], 'Error: you must provide at least one name or id\n'],
    [['mount', '-a', 'me'], 'Error: no arguments are needed with --all\n'],
    [['unmount', '-a', 'me'], 'Error: no arguments are needed with --all\n'],
    [['mount', '-l', 'me'], 'Error: --latest and containers cannot be used together\n'],
    [['mount', '--format', '{{.ID}}'], 'Error: unknown --format argument: "{{.ID}}"\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = sb.run(args);
    assert.deepEqual([r.code, r.stderr], [125, stderr], args.join(' '));
  }
  assert.deepEqual(listed(), [], 'the failed mount mounted nothing');
  ok(['rm', 'me']);
});
