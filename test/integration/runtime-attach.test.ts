// Integration: `-t` containers through conmon's attach socket: type, read back, detach, re-attach, exit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { makeTestRoot, makeBundle } from '../helpers/rootfs.ts';
import { RuncRuntime } from '../../src/runtime/oci-runtime.ts';
import { createContainer, type ConmonProcess } from '../../src/runtime/conmon.ts';
import { waitForExit, isConmonAlive } from '../../src/runtime/exit.ts';
import { attach, sendResize } from '../../src/runtime/attach.ts';

const root = makeTestRoot('berth-rt-att-');
const runtime = new RuncRuntime({ path: '/usr/sbin/runc', runRoot: path.join(root.dir, 'run') });
const exitDir = path.join(root.dir, 'run', 'exits');
let conmon: ConmonProcess | undefined;

async function waitGone(pid: number, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!isConmonAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

after(async () => {
  try {
    await runtime.delete('tty1', true);
  } catch {
    // gone
  }
  if (conmon && !(await waitGone(conmon.conmonPid, 3000)) && isConmonAlive(conmon.conmonPid, conmon.conmonStartTime ?? undefined)) {
    process.kill(conmon.conmonPid, 'SIGKILL'); // started by this test
  }
  root.cleanup();
});

/** A stdin/stdout pair for one attach session; `until` waits for output matching a pattern. */
function session() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let text = '';
  const waiters: Array<() => void> = [];
  stdout.on('data', (b: Buffer) => {
    text += b.toString();
    for (const w of waiters.splice(0)) w();
  });
  const until = async (re: RegExp, ms = 5000) => {
    const end = Date.now() + ms;
    while (!re.test(text)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${re} in ${JSON.stringify(text)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
  };
  return { stdin, stdout, until, text: () => text };
}

test('-t: attach, type a command, detach with ctrl-p ctrl-q, re-attach, exit', async () => {
  // A bundle path beyond sun_path's 108 bytes: both conmon and the client go through /proc/self/fd.
  const bundle = makeBundle(path.join(root.dir, 'bundles', 'x'.repeat(100), 'tty1'), root.rootfs, { args: ['sh'], terminal: true });
  assert.ok(path.join(bundle, 'attach').length > 108);
  conmon = await createContainer({
    id: 'tty1', name: 'tty1', bundle, exitDir, logPath: path.join(bundle, 'ctr.log'), runtime, tty: true, stdin: true,
  });
  await runtime.start('tty1');

  const s1 = session();
  const a1 = attach({ socketPath: conmon.attachSocket, ctlPath: conmon.ctlPath, stdin: s1.stdin, stdout: s1.stdout, stderr: s1.stdout, tty: true });
  sendResize(conmon.ctlPath, 40, 100);
  s1.stdin.write('echo hello $((6*7))\n');
  await s1.until(/hello 42/);
  s1.stdin.write('stty size\n');
  await s1.until(/40 100/);
  s1.stdin.write(Buffer.from([16, 17])); // ctrl-p ctrl-q
  assert.equal(await a1, 'detached');
  assert.equal((await runtime.state('tty1'))?.status, 'running');
  assert.ok(isConmonAlive(conmon.conmonPid));

  const s2 = session();
  const a2 = attach({ socketPath: conmon.attachSocket, stdin: s2.stdin, stdout: s2.stdout, stderr: s2.stdout, tty: true, detachKeys: 'ctrl-a' });
  s2.stdin.write(Buffer.from([16])); // a lone ctrl-p is passed on (detach keys are ctrl-a here)
  s2.stdin.write('echo again\n');
  await s2.until(/again/);
  s2.stdin.write('exit 5\n');
  assert.equal(await a2, 'exited');
  assert.equal(await waitForExit(exitDir, 'tty1', { timeoutMs: 10_000 }), 5);
  assert.ok(await waitGone(conmon.conmonPid));
  await runtime.delete('tty1', true);
  assert.equal(await runtime.state('tty1'), null);
});
