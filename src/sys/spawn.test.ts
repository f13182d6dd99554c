import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeWaitStatus, memfd, readAllFromStart, socketPair, spawnProcess, waitProcess } from './spawn.ts';
import { launch, run } from './exec.ts';
import { readChunks } from './socket.ts';

test('decodeWaitStatus: exit codes and signals', () => {
  const cases: Array<[number, { code: number | null; signal: string | null }]> = [
    [0, { code: 0, signal: null }],
    [3 << 8, { code: 3, signal: null }],
    [127 << 8, { code: 127, signal: null }],
    [9, { code: null, signal: 'SIGKILL' }],
    [15, { code: null, signal: 'SIGTERM' }],
    [6 | 0x80, { code: null, signal: 'SIGABRT' }], // core dumped
  ];
  for (const [status, want] of cases) assert.deepEqual(decodeWaitStatus(status), want, `status ${status}`);
});

test('run: exit status, output, input, env and cwd', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-spawn-'));
  try {
    const cases: Array<{ args: string[]; opts?: Parameters<typeof run>[2]; code: number; stdout?: string; stderr?: string }> = [
      { args: ['-c', 'exit 0'], code: 0 },
      { args: ['-c', 'exit 42'], code: 42, opts: { allowFailure: true } },
      { args: ['-c', 'echo out; echo err >&2'], code: 0, stdout: 'out\n', stderr: 'err\n' },
      { args: ['-c', 'cat'], code: 0, opts: { input: 'from stdin\n' }, stdout: 'from stdin\n' },
      { args: ['-c', 'cat'], code: 0, stdout: '' }, // stdin is /dev/null without input
      { args: ['-c', 'echo "$X"'], code: 0, opts: { env: { X: 'yes', PATH: '/usr/bin:/bin' } }, stdout: 'yes\n' },
      { args: ['-c', 'pwd'], code: 0, opts: { cwd: dir }, stdout: `${dir}\n` },
    ];
    for (const c of cases) {
      const r = await run('/bin/sh', c.args, c.opts);
      assert.equal(r.code, c.code, c.args.join(' '));
      if (c.stdout !== undefined) assert.equal(r.stdout, c.stdout, c.args.join(' '));
      if (c.stderr !== undefined) assert.equal(r.stderr, c.stderr, c.args.join(' '));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('run: failures name the helper and keep the tail of its stderr', async () => {
  await assert.rejects(run('/bin/sh', ['-c', 'echo broken >&2; exit 3']), /\/bin\/sh -c: exit status 3: broken/);
  await assert.rejects(run('/nonexistent/helper', []), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'unavailable');
    assert.match(e.message, /executable file not found/);
    return true;
  });
  const r = await run('/bin/sh', ['-c', 'kill -TERM $$'], { allowFailure: true });
  assert.equal(r.signal, 'SIGTERM');
  assert.equal(r.code, -1);
});

test('run: large output is not truncated, and a name is found in PATH', async () => {
  const r = await run('sh', ['-c', 'head -c 3000000 /dev/zero | tr "\\0" x']);
  assert.equal(r.stdout.length, 3_000_000);
  assert.ok(/^x+$/.test(r.stdout));
});

test('run: timeoutMs ends a helper that runs too long', async () => {
  const t0 = Date.now();
  const r = await run('/bin/sh', ['-c', 'sleep 30'], { timeoutMs: 200, allowFailure: true });
  assert.equal(r.signal, 'SIGTERM');
  assert.ok(Date.now() - t0 < 10_000);
});

test('spawnProcess: signals are reset to default in the child (Node ignores SIGPIPE)', async () => {
  // A shell inherits ignored signals and then cannot trap them: `trap -p` lists nothing when SIGPIPE is default.
  const r = await run('/bin/sh', ['-c', 'yes | head -c 10 >/dev/null; grep -E "^(SigIgn|SigBlk)" /proc/self/status']);
  for (const line of r.stdout.trim().split('\n')) assert.match(line, /:\s+0+$/, line);
});

test('spawnProcess: newSession puts the child in a session of its own; given fds land on their numbers', async () => {
  const out = memfd('test-out');
  const [ours, theirs] = socketPair();
  try {
    const pid = spawnProcess({
      cmd: '/bin/sh', args: ['-c', 'echo "$(cut -d" " -f6 /proc/self/stat) $$"; echo hello >&3'],
      env: { PATH: '/usr/bin:/bin' }, stdio: ['ignore', out, 'ignore', theirs], newSession: true,
    });
    fs.closeSync(theirs);
    const chunks: Buffer[] = [];
    const ended = new Promise<void>((resolve) => readChunks(ours, (b) => chunks.push(b), resolve));
    assert.deepEqual(await waitProcess(pid), { code: 0, signal: null });
    await ended;
    assert.equal(Buffer.concat(chunks).toString(), 'hello\n');
    const [sid, shellPid] = readAllFromStart(out).toString().trim().split(' ');
    assert.equal(sid, shellPid, 'session id is the shell itself');
  } finally {
    fs.closeSync(out);
  }
});

test('readChunks: close() wakes a read that is still waiting, and onEnd runs once', async () => {
  const [ours, theirs] = socketPair();
  let ends = 0;
  const reader = readChunks(ours, () => undefined, () => ends++);
  await new Promise((r) => setTimeout(r, 20));
  reader.close();
  reader.close();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(ends, 1);
  fs.closeSync(theirs);
});

test('launch: the exit status promise, and ENOENT as unavailable', async () => {
  const l = launch('/bin/sh', ['-c', 'exit 7'], { stdio: ['ignore', 'ignore', 'ignore'] });
  assert.equal(await l.exited, 7);
  assert.throws(() => launch('/nonexistent/conmon', [], { stdio: [] }), /executable file not found/);
});

test('waitProcess: many children at once, beside child_process children, each gets its own status', async () => {
  const { spawn } = await import('node:child_process');
  const theirs = new Promise<number | null>((resolve) => spawn('/bin/sh', ['-c', 'sleep 0.05; exit 9']).on('exit', (c) => resolve(c)));
  const ours = [0, 1, 2, 3, 4, 5, 6, 7].map((n) =>
    waitProcess(spawnProcess({ cmd: '/bin/sh', args: ['-c', `sleep 0.0${n}; exit ${n}`], env: { PATH: '/usr/bin:/bin' } })));
  assert.deepEqual((await Promise.all(ours)).map((s) => s.code), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(await theirs, 9);
  await assert.rejects(waitProcess(1), /ECHILD/, 'pid 1 is not our child');
});
