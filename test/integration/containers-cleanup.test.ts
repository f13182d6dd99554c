// Integration: conmon's exit command (`container cleanup`): its early exit when there is nothing to do, and the full path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, type Sandbox } from '../helpers/berth.ts';
import { processesOf, mountsUnder, rows, settle } from '../helpers/containers.ts';

let sb: Sandbox;

before(() => {
  sb = sandbox();
  const r = sb.run(['pull', '-q', 'busybox']);
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  sb.run(['rm', '-a', '-f', '-t', '0']);
  await settle(sb.dir);
  assert.deepEqual(processesOf(sb.dir), [], 'no conmon or berth process left');
  assert.deepEqual(mountsUnder(sb.dir), [], 'no mounts left');
  sb.cleanup();
});

const until = async (what: string, ok: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const inspect = (name: string, fmt: string) => sb.run(['inspect', '--format', fmt, name]).stdout.trim();

test('cleanup of a container that does not exist fails with podman\'s words and 125, before any other is cleaned', () => {
  const id = 'f'.repeat(64);
  const r = sb.run(['container', 'cleanup', id]);
  assert.equal(r.code, 125, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^time="[^"]+" level=error msg="Running container cleanup: no container with name or ID \\\\"${id}\\\\" found: no such container"\nError: no container with name or ID "${id}" found: no such container\n$`));
  const c = sb.run(['create', '--name', 'made', 'busybox', 'true']);
  assert.equal(c.code, 0, c.stderr);
  // Every name is looked up first: nothing is cleaned when one is missing.
  const both = sb.run(['container', 'cleanup', 'made', 'nosuch']);
  assert.equal(both.code, 125, both.stderr);
  assert.equal(both.stdout, '');
  assert.match(both.stderr, /^Error: no container with name or ID "nosuch" found: no such container$/m);
  assert.equal(sb.run(['rm', 'made']).code, 0);
});

test('a detached container that exits is torn down by the exit command; cleanup again is a no-op', async () => {
  const d = sb.run(['run', '-d', '--name', 'quick', 'busybox', 'true']);
  assert.equal(d.code, 0, d.stderr);
  const id = d.stdout.trim();
  await until('exited state', () => rows(sb.root).some((r) => r.id === id && r.state === 'exited'));
  assert.deepEqual(mountsUnder(sb.dir).filter((l) => l.includes(id)), [], 'rootfs unmounted');
  const again = sb.run(['container', 'cleanup', 'quick']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, 'quick\n');
  assert.equal(inspect('quick', '{{.State.Status}}'), 'exited');
});

test('the exit command still applies the restart policy (on-failure:2 restarts twice)', async () => {
  const d = sb.run(['run', '-d', '--name', 'failer', '--restart', 'on-failure:2', 'busybox', 'sh', '-c', 'exit 3']);
  assert.equal(d.code, 0, d.stderr);
  await until('two restarts', () => inspect('failer', '{{.RestartCount}} {{.State.Status}}') === '2 exited', 20_000);
  assert.equal(inspect('failer', '{{.State.ExitCode}}'), '3');
});

test('run --rm -d: the exit command removes the container', async () => {
  const d = sb.run(['run', '-d', '--rm', '--name', 'gone', 'busybox', 'true']);
  assert.equal(d.code, 0, d.stderr);
  const id = d.stdout.trim();
  await until('row removed', () => !rows(sb.root).some((r) => r.id === id));
});
