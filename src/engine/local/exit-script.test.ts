// The exit command's sh wrapper: starts Berth's cleanup only when exit.lock is still there once its flock is free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXIT_SCRIPT } from './container-env.ts';

const FLOCK = ['/usr/bin/flock', '/bin/flock'].find((f) => existsSync(f));

/** Runs the wrapper with `touch ran` as the cleanup command; true when that command ran. */
function wrapperRuns(dir: string): Promise<boolean> {
  const ran = path.join(dir, 'ran');
  rmSync(ran, { force: true });
  return new Promise((resolve, reject) => {
    const p = spawn('/bin/sh', ['-c', EXIT_SCRIPT, 'berth-exit', FLOCK!, path.join(dir, 'exit.lock'), 'touch', ran], { stdio: 'ignore' });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(existsSync(ran)) : reject(new Error(`wrapper exited ${code}`))));
  });
}

test('exit command wrapper', { skip: !FLOCK && 'no flock(1)' }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-exit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lock = path.join(dir, 'exit.lock');
  const cases: Array<{ name: string; prepare: () => (() => void) | void; runs: boolean }> = [
    { name: 'no exit.lock: the CLI cleaned up (or the container is gone)', prepare: () => rmSync(lock, { force: true }), runs: false },
    { name: 'exit.lock, nobody holds it (run -d): cleanup runs', prepare: () => writeFileSync(lock, ''), runs: true },
    {
      name: 'held by a foreground run that finishes the work and removes it: waits, then skips',
      prepare: () => {
        writeFileSync(lock, '');
        const holder = spawn(FLOCK!, [lock, '/bin/sh', '-c', `sleep 0.3; rm -f '${lock}'`], { stdio: 'ignore' });
        return () => holder.kill();
      },
      runs: false,
    },
    {
      name: 'held by a CLI that dies without removing it: waits, then runs',
      prepare: () => {
        writeFileSync(lock, '');
        const holder = spawn(FLOCK!, [lock, 'sleep', '0.3'], { stdio: 'ignore' });
        return () => holder.kill();
      },
      runs: true,
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const stop = c.prepare();
      await new Promise((r) => setTimeout(r, 100)); // let a holder take the lock first
      try {
        assert.equal(await wrapperRuns(dir), c.runs);
      } finally {
        stop?.();
        if (existsSync(lock)) unlinkSync(lock);
      }
    });
  }
  assert.equal(spawnSync('/bin/sh', ['-n', '-c', EXIT_SCRIPT]).status, 0);
});
