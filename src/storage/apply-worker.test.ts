import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BerthError } from '../util/errors.ts';
import { ApplyPool, workerEnv } from './apply-worker.ts';
import { applyLayer, decompressedStream } from './apply.ts';
import { Readable } from 'node:stream';
import { packed } from '../../test/helpers/tar.ts';


const big = Buffer.alloc(3 * 1024 * 1024 + 17, 'abcdefgh'); // more than the credit window
const layer = () => packed([
  { h: { name: 'etc/', type: 'directory', mode: 0o755, mtime: new Date(1e12) } },
  { h: { name: 'etc/hosts', mode: 0o644, uid: 12, gid: 34, mtime: new Date(2e12) }, body: '127.0.0.1 localhost\n' },
  { h: { name: 'big', mode: 0o600 }, body: big },
  { h: { name: 'lib', type: 'symlink', linkname: 'usr/lib' } },
  { h: { name: 'lib/x', mode: 0o755 }, body: 'through the link' },
  { h: { name: 'gone/.wh.file', mode: 0o644 } },
]);

function check(dir: string): void {
  assert.equal(readFileSync(join(dir, 'etc/hosts'), 'utf8'), '127.0.0.1 localhost\n');
  const st = lstatSync(join(dir, 'etc/hosts'));
  assert.equal(st.uid, 12);
  assert.equal(st.gid, 34);
  assert.equal(st.mtimeMs, 2e12);
  assert.equal(lstatSync(join(dir, 'big')).size, big.length);
  assert.equal(readlinkSync(join(dir, 'lib')), 'usr/lib');
  assert.equal(readFileSync(join(dir, 'usr/lib/x'), 'utf8'), 'through the link');
  const wh = lstatSync(join(dir, 'gone/file')); // overlay whiteout: a 0/0 char device (mknod through FFI in the worker)
  assert.ok(wh.isCharacterDevice());
  assert.equal(wh.rdev, 0);
}

function chunksOf(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

for (const workers of [1, 0]) {
  const where = workers ? 'a worker thread' : 'the calling thread';
  test(`apply pool (${where}): a blob file and a pushed stream give the same tree and diffID as applyLayer`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'berth-applyw-'));
    const pool = new ApplyPool(workers);
    try {
      const tarBytes = await layer();
      const gz = gzipSync(tarBytes);
      writeFileSync(join(root, 'blob'), gz);
      for (const d of ['ref', 'file', 'stream']) mkdirSync(join(root, d));
      const ref = await applyLayer(decompressedStream(Readable.from([gz]), 'gzip'), join(root, 'ref'), { driver: 'overlay' });

      const l1 = await pool.acquire();
      const fromFile = await l1.applyFile({ file: join(root, 'blob'), dir: join(root, 'file'), driver: 'overlay', compression: 'gzip' });
      l1.release();
      assert.deepEqual(fromFile, ref);
      assert.equal(pool.workerThreads, workers);
      check(join(root, 'file'));

      const l2 = pool.tryAcquire()!;
      assert.ok(l2);
      const st = l2.applyStream({ dir: join(root, 'stream'), driver: 'overlay', compression: 'gzip' });
      for (const c of chunksOf(gz, 64 * 1024)) await st.push(c);
      st.end();
      assert.deepEqual(await st.result, ref);
      l2.release();
      check(join(root, 'stream'));
    } finally {
      await pool.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test(`apply pool (${where}): errors keep their code; an aborted stream fails; the slot is reusable after`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'berth-applyw-'));
    const pool = new ApplyPool(workers);
    try {
      const evil = gzipSync(await packed([{ h: { name: '../escape', mode: 0o644 }, body: 'x' }]));
      writeFileSync(join(root, 'evil'), evil);
      mkdirSync(join(root, 'a'));
      const l = await pool.acquire();
      await assert.rejects(l.applyFile({ file: join(root, 'evil'), dir: join(root, 'a'), driver: 'overlay', compression: 'gzip' }), (e: unknown) => {
        assert.ok(e instanceof BerthError);
        assert.equal(e.code, 'invalid-argument');
        assert.match(e.message, /escapes the layer directory/);
        return true;
      });
      l.release();

      mkdirSync(join(root, 'b'));
      const l2 = await pool.acquire();
      const gz = gzipSync(await layer());
      const st = l2.applyStream({ dir: join(root, 'b'), driver: 'overlay', compression: 'gzip' });
      await st.push(gz.subarray(0, 1000));
      st.abort(new Error('download failed'));
      await assert.rejects(st.result, /download failed/);
      l2.release();

      mkdirSync(join(root, 'c'));
      writeFileSync(join(root, 'blob'), gz);
      const l3 = await pool.acquire();
      await l3.applyFile({ file: join(root, 'blob'), dir: join(root, 'c'), driver: 'overlay', compression: 'gzip' });
      l3.release();
      check(join(root, 'c'));
    } finally {
      await pool.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
}

test('apply pool: tryAcquire gives each slot once; acquire waits for a release', async () => {
  const pool = new ApplyPool(1, 1);
  try {
    const a = pool.tryAcquire();
    const b = pool.tryAcquire();
    assert.ok(a && b);
    assert.equal(pool.tryAcquire(), undefined);
    let got = false;
    const waiting = pool.acquire().then((l) => {
      got = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(got, false);
    b.release();
    (await waiting).release();
    a.release();
  } finally {
    await pool.close();
  }
});

test('apply workers get Node\'s compile cache through their environment, unless the user set or disabled it', () => {
  const saved = { cache: process.env['NODE_COMPILE_CACHE'], off: process.env['NODE_DISABLE_COMPILE_CACHE'] };
  const restore = (k: string, v: string | undefined) => (v === undefined ? delete process.env[k] : (process.env[k] = v));
  try {
    for (const [cache, off, want] of [
      [undefined, undefined, join(tmpdir(), 'node-compile-cache')],
      ['/somewhere/else', undefined, '/somewhere/else'],
      [undefined, '1', undefined],
    ] as const) {
      restore('NODE_COMPILE_CACHE', cache);
      restore('NODE_DISABLE_COMPILE_CACHE', off);
      const env = workerEnv();
      assert.equal(env['NODE_COMPILE_CACHE'], want);
      assert.equal(env['PATH'], process.env['PATH']);
    }
  } finally {
    restore('NODE_COMPILE_CACHE', saved.cache);
    restore('NODE_DISABLE_COMPILE_CACHE', saved.off);
  }
});
