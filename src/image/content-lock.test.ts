import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../../test/helpers/tmp.ts';
import { acquireLock, tryAcquireLock, lockOwner } from './content-lock.ts';

/** The pid of a process that has exited. */
const deadPid = () => spawnSync('true').pid!;

test('lock files: taken, refused while a live owner holds them, released only by their holder', async () => {
  const file = join(tempDir('berth-lock-'), 'a.lock');
  const release = await acquireLock(file);
  const owner = await lockOwner(file);
  assert.equal(owner?.pid, process.pid);
  assert.equal(await tryAcquireLock(file), undefined);
  // A release after someone else re-took the lock leaves theirs alone.
  writeFileSync(file, `${process.pid} other\n`);
  await release();
  assert.equal(readFileSync(file, 'utf8'), `${process.pid} other\n`);
  writeFileSync(file, `${process.pid} ${owner!.token}\n`);
  await release();
  assert.equal(existsSync(file), false);
});

test('lock files: a dead owner\'s lock is broken; a waiter gets the lock once it is released', async () => {
  const file = join(tempDir('berth-lock-'), 'b.lock');
  writeFileSync(file, `${deadPid()} stale\n`);
  const r1 = await tryAcquireLock(file);
  assert.ok(r1, 'stale lock broken');
  let second = false;
  const waiting = acquireLock(file).then((r) => {
    second = true;
    return r;
  });
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(second, false);
  await r1!();
  const r2 = await waiting;
  assert.equal(second, true);
  await r2();
  assert.equal(existsSync(file), false);
});
