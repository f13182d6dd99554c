// startThroughExecFifo on real fifos: a waiting writer is released and the fifo removed; none left means 'dead'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startThroughExecFifo } from './exec-fifo.ts';

test('startThroughExecFifo: released writer, missing fifo, writer gone', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-fifo-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  assert.equal(startThroughExecFifo(path.join(dir, 'none')), 'no-fifo');

  const fifo = path.join(dir, 'exec.fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  // Like runc init: blocked opening the fifo for writing until someone reads, then writes one byte and goes on.
  const writer = spawn('sh', ['-c', `printf 0 > ${fifo} && echo released`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  writer.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => writer.on('exit', resolve));
  // Wait until the shell blocks in its open (the kernel's wait_for_partner), as runc init does before `start`.
  const waiting = () => /partner|fifo/.test(fs.readFileSync(`/proc/${writer.pid}/wchan`, 'utf8'));
  for (let i = 0; i < 250 && !waiting(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(waiting(), 'the writer waits for a reader');
  assert.equal(startThroughExecFifo(fifo), 'started');
  assert.equal(await exited, 0);
  assert.equal(out, 'released\n');
  assert.ok(!fs.existsSync(fifo), 'the fifo is removed, as runc start does');

  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  assert.equal(startThroughExecFifo(fifo), 'dead', 'no process waits to write: it is gone');
});
