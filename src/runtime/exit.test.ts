import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isConmonAlive, procParentPid, procStartTime, readExitFile, waitForExit } from './exit.ts';

test('readExitFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-exit-'));
  try {
    const cases: Array<[string | null, number | null]> = [[null, null], ['0', 0], ['137', 137], ['-1', -1], ['', null]];
    for (const [content, want] of cases) {
      fs.rmSync(path.join(dir, 'c'), { force: true });
      if (content !== null) fs.writeFileSync(path.join(dir, 'c'), content);
      assert.equal(readExitFile(dir, 'c'), want, String(content));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('waitForExit sees a file written later, and times out', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-exit-'));
  try {
    setTimeout(() => fs.writeFileSync(path.join(dir, 'c'), '42'), 30);
    assert.equal(await waitForExit(dir, 'c', { timeoutMs: 2000 }), 42);
    await assert.rejects(waitForExit(dir, 'other', { timeoutMs: 50 }), /timed out/);
    let asked = 0;
    await assert.rejects(waitForExit(dir, 'gone', { pollMs: 10, abandon: () => ++asked >= 3 }), /aborted/);
    assert.equal(asked, 3);
    // An exit file that is there when abandon() says yes still wins.
    assert.equal(await waitForExit(dir, 'late', { pollMs: 10, abandon: () => (fs.writeFileSync(path.join(dir, 'late'), '5'), true) }), 5);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('process liveness via /proc start time', () => {
  const st = procStartTime(process.pid);
  assert.match(st ?? '', /^\d+$/);
  assert.ok(isConmonAlive(process.pid));
  assert.ok(isConmonAlive(process.pid, st!));
  assert.ok(!isConmonAlive(process.pid, '1'), 'a different start time means pid reuse');
  assert.ok(!isConmonAlive(0));
  assert.ok(!isConmonAlive(2 ** 22 + 1));
  assert.equal(procParentPid(process.pid), process.ppid);
});
