// flock(2) locks against another process holding the same file with flock(1): waits, sharing, try-lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lockExclusive, lockShared, tryLockExclusive } from './flock.ts';

const FLOCK = ['/usr/bin/flock', '/bin/flock'].find((f) => existsSync(f));

/** Another process holding `file` (shared with -s) for `ms`; resolves once it holds it. */
async function holder(file: string, ms: number, shared = false): Promise<void> {
  const p = spawn(FLOCK!, [...(shared ? ['-s'] : []), file, 'sh', '-c', `echo held; sleep ${ms / 1000}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => p.stdout!.once('data', () => resolve()));
}

test('flock locks', { skip: !FLOCK && 'no flock(1)' }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-flock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cases: Array<{ name: string; held: 'ex' | 'sh'; take: 'ex' | 'sh' | 'try'; waits: boolean | 'refused' }> = [
    { name: 'exclusive waits for an exclusive holder', held: 'ex', take: 'ex', waits: true },
    { name: 'exclusive waits for a shared holder', held: 'sh', take: 'ex', waits: true },
    { name: 'shared waits for an exclusive holder', held: 'ex', take: 'sh', waits: true },
    { name: 'shared coexists with a shared holder', held: 'sh', take: 'sh', waits: false },
    { name: 'try-exclusive is refused while anyone holds it', held: 'sh', take: 'try', waits: 'refused' },
  ];
  for (const [i, c] of cases.entries()) {
    await t.test(c.name, async () => {
      const file = path.join(dir, `sub/${i}.lock`);
      mkdirSync(path.dirname(file), { recursive: true });
      await holder(file, 400, c.held === 'sh');
      const start = Date.now();
      if (c.take === 'try') {
        assert.equal(tryLockExclusive(file), undefined);
        return;
      }
      const release = await (c.take === 'ex' ? lockExclusive(file) : lockShared(file));
      const waited = Date.now() - start;
      release();
      release(); // twice is harmless
      if (c.waits === true) assert.ok(waited >= 200, `took ${waited} ms`);
      else assert.ok(waited < 200, `took ${waited} ms`);
    });
  }
  const free = tryLockExclusive(path.join(dir, 'free.lock'));
  assert.ok(free);
  free.release();
});
