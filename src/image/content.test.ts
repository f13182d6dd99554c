// Unit tests for the ingest area: verified download, resume from a partial, integrity failure, stale collection, locks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { digestOf, verifyingStream } from './digest.ts';
import { collectStaleIngests, ingestBlob, ingestPaths, type BlobFetcher } from './content.ts';
import { acquireLock } from './content-lock.ts';

const data = Buffer.alloc(100_000, 'x');
for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
const digest = digestOf(data);

/** Serves `bytes` honouring offsets (or not), verifying as the real client does. */
function server(bytes: Buffer, honourRange = true, seen: number[] = []): BlobFetcher {
  return async (o) => {
    seen.push(o.offset ?? 0);
    const off = honourRange ? (o.offset ?? 0) : 0;
    const v = verifyingStream(digest, { size: data.length, ...(off && o.digester ? { digester: o.digester } : {}) });
    return { stream: Readable.from([bytes.subarray(off)]).pipe(v), size: bytes.length, offset: off, rangeHonoured: off > 0, verified: true };
  };
}

test('ingestBlob resumes a partial with its offset, or restarts when Range is ignored', async () => {
  for (const honour of [true, false]) {
    const root = mkdtempSync(path.join(tmpdir(), 'berth-ingest-'));
    try {
      const p = ingestPaths(root, digest);
      await import('node:fs').then((fs) => fs.mkdirSync(path.dirname(p.partial), { recursive: true }));
      writeFileSync(p.partial, data.subarray(0, 40_000));
      const seen: number[] = [];
      const r = await ingestBlob(root, digest, server(data, honour, seen), { size: data.length });
      assert.deepEqual(seen, [40_000]);
      assert.equal(r.resumedFrom, honour ? 40_000 : 0);
      assert.equal(r.path, p.blob);
      assert.deepEqual(readdirSync(path.dirname(p.blob)), [path.basename(p.blob)]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

test('ingestBlob deletes the partial on an integrity failure', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'berth-ingest-'));
  try {
    const bad = Buffer.from(data);
    bad[10] = bad[10]! ^ 1;
    await assert.rejects(ingestBlob(root, digest, server(bad), { size: data.length }), /Digest did not match/);
    assert.deepEqual(readdirSync(path.join(root, 'ingest')), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('collectStaleIngests removes old unlocked ingests and dead locks, keeps fresh ones', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'berth-ingest-'));
  try {
    const old = ingestPaths(root, digest);
    const fresh = ingestPaths(root, digestOf('other'));
    await import('node:fs').then((fs) => fs.mkdirSync(path.dirname(old.partial), { recursive: true }));
    writeFileSync(old.partial, 'x');
    writeFileSync(old.sidecar, JSON.stringify({ digest, offset: 1, total: 9, updated: 0 }));
    writeFileSync(old.lock, '999999999 dead\n');
    for (const f of [old.partial, old.sidecar, old.lock]) utimesSync(f, new Date(0), new Date(0));
    writeFileSync(fresh.partial, 'y');
    const removed = await collectStaleIngests(root, 3600_000);
    assert.deepEqual(removed.map((f) => path.basename(f)).sort(), [old.sidecar, old.lock, old.partial].map((f) => path.basename(f)).sort());
    assert.ok(existsSync(fresh.partial));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('acquireLock waits for a live holder and breaks a dead one', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'berth-lock-'));
  try {
    const file = path.join(root, 'x.lock');
    const release = await acquireLock(file);
    let second = false;
    const waiting = acquireLock(file).then((r) => ((second = true), r));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(second, false);
    await release();
    await (await waiting)();
    writeFileSync(file, '999999999 dead\n');
    await (await acquireLock(file))();
    assert.equal(existsSync(file), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
