// Crash safety: SIGKILL berth at each step of create/start/stop/rm (BERTH_TEST_CRASH_AT), then `rm -f` leaves nothing behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sandbox, type Sandbox } from '../helpers/berth.ts';
import { processesOf, mountsUnder, rows, settle } from '../helpers/containers.ts';

let sb: Sandbox;

before(() => {
  sb = sandbox();
  assert.equal(sb.run(['pull', '-q', 'busybox']).code, 0);
});

after(async () => {
  sb.run(['rm', '-a', '-f', '-t', '0']);
  await settle(sb.dir);
  for (const p of processesOf(sb.dir)) if (p.cmd.startsWith('/usr/bin/conmon')) process.kill(p.pid, 'SIGKILL');
  sb.cleanup();
});

async function assertClean(name: string): Promise<void> {
  await settle(sb.dir);
  assert.deepEqual(processesOf(sb.dir), [], `${name}: no conmon left`);
  assert.deepEqual(mountsUnder(sb.dir), [], `${name}: no mount left`);
  const runc = path.join(sb.runroot, 'runc');
  assert.deepEqual(fs.existsSync(runc) ? fs.readdirSync(runc) : [], [], `${name}: no runc state left`);
  assert.deepEqual(rows(sb.root), [], `${name}: no DB row left`);
  const bundles = path.join(sb.runroot, 'containers');
  assert.deepEqual(fs.existsSync(bundles) ? fs.readdirSync(bundles) : [], [], `${name}: no bundle left`);
}

const crash = (step: string, args: string[]) => {
  const r = sb.run(args, { env: { BERTH_TEST_CRASH_AT: step } });
  assert.equal(r.code, -1, `${step}: berth was killed (${r.stderr})`);
};

const RUN_STEPS = ['create:record', 'create:layer', 'create:done', 'init:mounted', 'init:network', 'init:shm', 'init:runfiles', 'init:spec', 'init:conmon', 'start:started'];

for (const step of RUN_STEPS) {
  test(`crash at ${step} during run -d, then rm -f`, async () => {
    crash(step, ['run', '-d', '--name', 'c', 'busybox', 'sleep', '100']);
    const rm = sb.run(['rm', '-f', '-t', '0', 'c']);
    assert.equal(rm.code, 0, rm.stderr);
    await assertClean(step);
  });
}

test('crash at stop:signalled, then rm -f', async () => {
  assert.equal(sb.run(['run', '-d', '--name', 'c', 'busybox', 'sleep', '100']).code, 0);
  crash('stop:signalled', ['stop', '-t', '0', 'c']);
  assert.equal(sb.run(['rm', '-f', '-t', '0', 'c']).code, 0);
  await assertClean('stop:signalled');
});

for (const step of ['rm:marked', 'rm:runtime', 'rm:unmounted', 'rm:layer']) {
  test(`crash at ${step} during rm -f of a running container, then rm -f again`, async () => {
    assert.equal(sb.run(['run', '-d', '--name', 'c', 'busybox', 'sleep', '100']).code, 0);
    crash(step, ['rm', '-f', '-t', '0', 'c']);
    const again = sb.run(['rm', '-f', '-i', 'c']);
    assert.equal(again.code, 0, again.stderr);
    await assertClean(step);
  });
}
