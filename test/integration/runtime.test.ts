// Integration: conmon + runc lifecycle (create, start, exit files, logs, kill, exec, errors) on a busybox bundle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { makeTestRoot, makeBundle, type BundleOptions } from '../helpers/rootfs.ts';
import { RuncRuntime } from '../../src/runtime/oci-runtime.ts';
import { createContainer, execContainer, startCreate, type ConmonProcess } from '../../src/runtime/conmon.ts';
import { waitForExit, isConmonAlive, procParentPid } from '../../src/runtime/exit.ts';
import { readLogs } from '../../src/runtime/logs.ts';
import { attach } from '../../src/runtime/attach.ts';
import { isBerthError } from '../../src/util/errors.ts';

let root: ReturnType<typeof makeTestRoot>;
let runtime: RuncRuntime;
let exitDir: string;
const conmons = new Map<string, ConmonProcess>();

before(() => {
  root = makeTestRoot('berth-rt-int-');
  runtime = new RuncRuntime({ path: '/usr/sbin/runc', runRoot: path.join(root.dir, 'run') });
  exitDir = path.join(root.dir, 'run', 'exits');
});

async function waitGone(pid: number, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!isConmonAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

after(async () => {
  for (const [id, c] of conmons) {
    try {
      await runtime.delete(id, true);
    } catch {
      // already gone
    }
    if (!(await waitGone(c.conmonPid, 3000)) && isConmonAlive(c.conmonPid, c.conmonStartTime ?? undefined)) {
      process.kill(c.conmonPid, 'SIGKILL'); // started by this test
    }
  }
  root.cleanup();
});

async function create(id: string, b: BundleOptions, extra: { stdin?: boolean; exitCommand?: string[] } = {}) {
  const bundle = makeBundle(path.join(root.dir, 'bundles', id), root.rootfs, b);
  const c = await createContainer({
    id, name: id, bundle, exitDir, logPath: path.join(bundle, 'ctr.log'), runtime,
    tty: b.terminal ?? false, stdin: extra.stdin ?? false,
    ...(extra.exitCommand ? { exitCommand: extra.exitCommand } : {}),
  });
  conmons.set(id, c);
  return { c, bundle };
}

async function finish(id: string): Promise<void> {
  await runtime.delete(id, true);
  assert.equal(await runtime.state(id), null);
  const c = conmons.get(id)!;
  assert.ok(await waitGone(c.conmonPid), `conmon ${c.conmonPid} still running`);
  conmons.delete(id);
}

test('create via conmon, start, exit code, k8s-file log, exit command, process tree', async () => {
  const marker = path.join(root.dir, 'cleanup-ran');
  const { c, bundle } = await create('exit3', { args: ['sh', '-c', 'echo hi; echo oops >&2; exit 3'] }, {
    exitCommand: ['/bin/sh', '-c', 'echo "$0" > "$1"', 'exit3', marker],
  });
  const st = await runtime.state('exit3');
  assert.equal(st?.status, 'created');
  assert.equal(st?.pid, c.pid);
  assert.equal(procParentPid(c.pid), c.conmonPid, 'conmon is the container parent');
  assert.notEqual(procParentPid(c.conmonPid), process.pid, 'the test process is not conmon\'s parent');
  assert.ok(isConmonAlive(c.conmonPid, c.conmonStartTime ?? undefined));
  await runtime.start('exit3');
  assert.equal(await waitForExit(exitDir, 'exit3', { timeoutMs: 10_000 }), 3);
  const log = fs.readFileSync(path.join(bundle, 'ctr.log'), 'utf8');
  assert.match(log, /^\S+ stdout F hi$/m);
  const entries: string[] = [];
  for await (const e of readLogs(path.join(bundle, 'ctr.log'))) entries.push(`${e.stream}:${e.text}`);
  assert.deepEqual(entries.sort(), ['stderr:oops', 'stdout:hi']);
  assert.ok(await waitGone(c.conmonPid), 'conmon exits after the container');
  assert.equal(fs.readFileSync(marker, 'utf8').trim(), 'exit3');
  assert.equal((await runtime.state('exit3'))?.status, 'stopped');
  await finish('exit3');
});

test('long-running container: running, ps, pause/resume, SIGTERM, exit detected; exec through conmon', async () => {
  const { c } = await create('long', { args: ['sh', '-c', 'trap "exit 143" TERM; while :; do sleep 0.1; done'] });
  await runtime.start('long');
  assert.equal((await runtime.state('long'))?.status, 'running');
  assert.ok((await runtime.ps('long')).includes(c.pid));
  await runtime.pause('long');
  assert.equal((await runtime.state('long'))?.status, 'paused');
  await runtime.resume('long');

  // exec, attached: output through the socket, exit code through the sync pipe
  const out = new PassThrough();
  let text = '';
  out.on('data', (b: Buffer) => (text += b.toString()));
  let attached: Promise<string> | undefined;
  const sessionDir = path.join(root.dir, 'exec', 's1');
  const r = await execContainer({
    runtime, containerId: 'long', sessionId: 's1', sessionDir, tty: false, stdin: false,
    process: { args: ['sh', '-c', 'echo from-exec; exit 7'], cwd: '/', env: ['PATH=/bin'], user: { uid: 0, gid: 0 } },
    onAttachReady: (p) => {
      attached = attach({ socketPath: p.attachSocket, stdout: out, stderr: out, tty: false });
    },
  });
  assert.equal(r.exitCode, 7);
  assert.equal(await attached, 'exited');
  assert.equal(text, 'from-exec\n');
  assert.ok(await waitGone(r.conmonPid));

  // exec, not attached
  const r2 = await execContainer({
    runtime, containerId: 'long', sessionId: 's2', sessionDir: path.join(root.dir, 'exec', 's2'), tty: false,
    stdin: false, process: { args: ['true'], cwd: '/', env: ['PATH=/bin'], user: { uid: 0, gid: 0 } },
  });
  assert.equal(r2.exitCode, 0);

  // exec of a missing command
  await assert.rejects(
    execContainer({
      runtime, containerId: 'long', sessionId: 's3', sessionDir: path.join(root.dir, 'exec', 's3'), tty: false,
      stdin: false, process: { args: ['nope'], cwd: '/', env: ['PATH=/bin'], user: { uid: 0, gid: 0 } },
    }),
    (e) => isBerthError(e) && e.exitCode === 127,
  );

  await runtime.kill('long', 'TERM');
  assert.equal(await waitForExit(exitDir, 'long', { timeoutMs: 10_000 }), 143);
  await finish('long');
});

test('a conmon started for a create waits on its start pipe: abort() kills it before it runs the runtime', async () => {
  const id = 'aborted';
  const bundle = makeBundle(path.join(root.dir, 'bundles', id), root.rootfs, { args: ['true'] });
  const pending = startCreate({ id, name: id, bundle, exitDir, logPath: path.join(bundle, 'ctr.log'), runtime, tty: false, stdin: false });
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(isConmonAlive(pending.pid), 'conmon waits');
  assert.equal(fs.existsSync(path.join(bundle, 'conmon.pid')), false, 'it has not forked its daemon yet');
  pending.abort();
  assert.ok(await waitGone(pending.pid, 2000), 'conmon killed');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(await runtime.state(id), null, 'the runtime never created it');
  await assert.rejects(pending.go(), /already settled/);
});

test('command not found → 127, not executable → 126, nothing left behind', async () => {
  const cases: Array<[string, string[], number, RegExp]> = [
    ['nf', ['foo'], 127, /^runc: .*exec: "foo": executable file not found in \$PATH: OCI runtime attempted to invoke a command that was not found$/],
    ['nx', ['/bin/noexec'], 126, /^runc: .*permission denied: OCI permission denied$/],
  ];
  for (const [id, args, code, msg] of cases) {
    const bundle = makeBundle(path.join(root.dir, 'bundles', id), root.rootfs, { args });
    await assert.rejects(
      createContainer({ id, name: id, bundle, exitDir, logPath: path.join(bundle, 'ctr.log'), runtime, tty: false, stdin: false }),
      (e) => {
        assert.ok(isBerthError(e));
        assert.equal(e.exitCode, code);
        assert.match(e.message, msg);
        return true;
      },
    );
    await runtime.delete(id, true);
    assert.equal(await runtime.state(id), null);
    const pidFile = path.join(bundle, 'conmon.pid');
    if (fs.existsSync(pidFile)) assert.ok(await waitGone(Number(fs.readFileSync(pidFile, 'utf8'))));
  }
});

test('latency: conmon spawn → runc start done for `true`, vs runc run (median of 10)', async (t) => {
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const viaConmon: number[] = [];
  const viaRun: number[] = [];
  for (let i = 0; i < 10; i++) {
    const id = `lat${i}`;
    const bundle = makeBundle(path.join(root.dir, 'bundles', id), root.rootfs, { args: ['true'] });
    const t0 = performance.now();
    const c = await createContainer({ id, name: id, bundle, exitDir, logPath: path.join(bundle, 'ctr.log'), runtime, tty: false, stdin: false });
    conmons.set(id, c);
    await runtime.start(id);
    viaConmon.push(performance.now() - t0);
    assert.equal(await waitForExit(exitDir, id, { timeoutMs: 10_000 }), 0);
    await finish(id);
    const { run } = await import('../../src/sys/exec.ts');
    const t1 = performance.now();
    await run('/usr/sbin/runc', ['--root', runtime.stateRoot, 'run', '--bundle', bundle, `${id}r`]);
    viaRun.push(performance.now() - t1);
  }
  t.diagnostic(`conmon+create+start median ${median(viaConmon).toFixed(1)} ms; runc run (incl. exit) median ${median(viaRun).toFixed(1)} ms`);
});
