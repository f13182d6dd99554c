// Helpers shared by the containers integration tests: leak checks on processes, mounts and DB rows.
import fs from 'node:fs';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { before, after } from 'node:test';
import { sandbox, type Sandbox } from './berth.ts';

/** Processes whose command line mentions the sandbox (conmon, berth cleanup) — never the test itself. */
export function processesOf(dir: string): Array<{ pid: number; cmd: string }> {
  const out: Array<{ pid: number; cmd: string }> = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const state = /State:\s+(\S)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1];
      if (cmd.includes(dir) && state !== 'Z') out.push({ pid: Number(p), cmd });
    } catch {
      // gone
    }
  }
  return out;
}

export const mountsUnder = (dir: string) => fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(dir));

export function rows(root: string): Array<{ id: string; name: string; state: string }> {
  const db = new DatabaseSync(path.join(root, 'berth.db'), { readOnly: true, timeout: 10_000 });
  try {
    return db.prepare('SELECT id, name, state FROM containers').all() as Array<{ id: string; name: string; state: string }>;
  } finally {
    db.close();
  }
}

export async function settle(dir: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end && processesOf(dir).length) await new Promise((r) => setTimeout(r, 50));
}


/**
 * The end of a containers test file: removes every container of the sandbox, then asserts that no conmon or berth
 * process and no mount of it is left (killing stray conmons of this sandbox so one failure does not leak), and
 * deletes the sandbox.
 */
export async function removeAllAndCheckClean(sb: { dir: string; run(args: string[]): unknown; cleanup(): void }): Promise<void> {
  sb.run(['rm', '-a', '-f', '-t', '0']);
  await settle(sb.dir);
  const left = processesOf(sb.dir);
  for (const p of left) if (p.cmd.startsWith('/usr/bin/conmon')) process.kill(p.pid, 'SIGKILL');
  assert.deepEqual(left, [], 'no conmon or berth process left');
  assert.deepEqual(mountsUnder(sb.dir), [], 'no mounts left');
  sb.cleanup();
}

/** The sandbox of a containers test file: busybox pulled before its tests; everything removed and leak-checked after. */
export function containersSandbox(): Sandbox {
  const sb = sandbox();
  before(() => {
    const r = sb.run(['pull', '-q', 'busybox']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => removeAllAndCheckClean(sb));
  return sb;
}
