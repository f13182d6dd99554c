// The ingest area: resumable, digest-verified blob downloads into <graphRoot>/ingest, and collection of stale ingests.
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { readdir, readFile, rename, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import { Digester, parseDigest, verifyingStream } from './digest.ts';
import { acquireLock, lockOwner, processAlive } from './content-lock.ts';
import { relieveMemory } from '../storage/memory.ts';
import type { BlobOptions, BlobStream } from './registry/client.ts';

/** Default age after which an abandoned ingest is collected. */
export const INGEST_TTL_MS = 24 * 3600 * 1000;
/** The sidecar is rewritten at most this often (bytes) while a blob streams in. */
const SIDECAR_EVERY = 8 * 1024 * 1024;

export interface IngestSidecar {
  digest: string;
  /** Bytes in the .partial file when the sidecar was written. */
  offset: number;
  /** Expected total size (-1 unknown). */
  total: number;
  /** Unix ms of the last write. */
  updated: number;
}

export const ingestDir = (graphRoot: string) => join(graphRoot, 'ingest');

export interface IngestPaths {
  partial: string;
  sidecar: string;
  /** The verified, complete blob (renamed from .partial). */
  blob: string;
  lock: string;
}

export function ingestPaths(graphRoot: string, digest: string): IngestPaths {
  const { algorithm, hex } = parseDigest(digest);
  const base = join(ingestDir(graphRoot), algorithm === 'sha256' ? hex : `${algorithm}-${hex}`);
  return { partial: `${base}.partial`, sidecar: `${base}.json`, blob: `${base}.blob`, lock: `${base}.lock` };
}

/** Fetches the blob from `offset` with the hash of the bytes before it (RegistryClient.getBlob bound to repo+digest). */
export type BlobFetcher = (opts: BlobOptions) => Promise<BlobStream>;

export interface IngestOptions {
  /** Expected size from the descriptor. */
  size: number;
  onStart?: (resumedFrom: number) => void;
  onProgress?: (done: number, total: number) => void;
  /**
   * Also hands the bytes of a download that starts at byte 0 to a consumer as they arrive (the layer apply), awaiting
   * it for backpressure. `end` is called only once the whole blob is verified, `abort` on any failure; a blob found
   * complete or resumed from a partial is not streamed (`IngestResult.streamed` false: read the file instead).
   */
  sink?: BlobSink;
}

export interface BlobSink {
  push(chunk: Buffer): Promise<void>;
  end(): void;
  abort(e: Error): void;
}

export interface IngestResult {
  /** Path of the complete, verified blob. */
  path: string;
  /** Bytes reused from an earlier interrupted download (0 when none). */
  resumedFrom: number;
  /** False when a verified blob was already in the ingest area. */
  downloaded: boolean;
  /** True when `sink` received the whole verified blob (and was ended). */
  streamed: boolean;
}

const exists = (p: string) => stat(p).then((s) => s, () => undefined);

/** Hashes the first `size` bytes of a file into a fresh Digester. */
async function hashFile(file: string, algorithm: 'sha256' | 'sha512'): Promise<Digester> {
  const d = new Digester(algorithm);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) d.update(chunk as Buffer);
  return d;
}

async function writeSidecar(p: IngestPaths, s: IngestSidecar): Promise<void> {
  await writeFile(p.sidecar, JSON.stringify(s)).catch(() => {});
}

/**
 * Makes sure a verified copy of `digest` is in the ingest area and returns its path. Holds the blob's lock while
 * downloading, so concurrent pulls of images sharing a blob download it once (the second finds the `.blob`). An
 * existing `.partial` is resumed with a Range request after re-hashing its bytes; a registry that ignores Range
 * restarts from byte 0. Integrity failures delete the partial (its bytes cannot be trusted); transport failures and
 * kills keep it for the next pull of any image that needs this blob.
 */
export async function ingestBlob(graphRoot: string, digest: string, fetch: BlobFetcher, opts: IngestOptions): Promise<IngestResult> {
  mkdirSync(ingestDir(graphRoot), { recursive: true, mode: 0o700 });
  const p = ingestPaths(graphRoot, digest);
  const release = await acquireLock(p.lock, `blob ${digest}`);
  try {
    if (await exists(p.blob)) return { path: p.blob, resumedFrom: 0, downloaded: false, streamed: false };
    const { algorithm } = parseDigest(digest);
    let offset = (await exists(p.partial))?.size ?? 0;
    let digester: Digester | undefined;
    if (offset > 0 && (opts.size < 0 || offset <= opts.size)) {
      digester = await hashFile(p.partial, algorithm);
      offset = digester.size;
      if (offset === opts.size && digester.digest() === digest) {
        await rename(p.partial, p.blob);
        await unlink(p.sidecar).catch(() => {});
        return { path: p.blob, resumedFrom: offset, downloaded: false, streamed: false };
      }
      if (offset === opts.size) offset = 0; // complete but wrong: start over
    } else offset = 0;
    const res = await fetch(offset > 0 ? { offset, digester, size: opts.size } : { size: opts.size });
    const resumedFrom = res.rangeHonoured ? offset : 0;
    if (offset > 0 && !res.rangeHonoured) log.debug(`blob ${digest}: the registry ignored Range: bytes=${offset}-, downloading from 0`);
    if (resumedFrom > 0) log.debug(`blob ${digest}: resuming at byte ${resumedFrom} of ${opts.size}`);
    else await truncate(p.partial, 0).catch(() => {});
    // A 206 the client could not verify (no digester state) is checked by re-reading the whole file afterwards.
    const stream: Readable = res.stream;
    opts.onStart?.(resumedFrom);
    const total = res.size >= 0 ? res.size : opts.size;
    let done = resumedFrom;
    let lastSidecar = done;
    await writeSidecar(p, { digest, offset: done, total, updated: Date.now() });
    const sink = resumedFrom === 0 ? opts.sink : undefined;
    const counter = new Transform({
      transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback) {
        done += chunk.length;
        relieveMemory(chunk.length);
        opts.onProgress?.(done, total);
        if (done - lastSidecar >= SIDECAR_EVERY) {
          lastSidecar = done;
          void writeSidecar(p, { digest, offset: done, total, updated: Date.now() });
        }
        if (!sink) return cb(null, chunk);
        sink.push(chunk).then(() => cb(null, chunk), cb);
      },
    });
    const out = createWriteStream(p.partial, { flags: resumedFrom > 0 ? 'a' : 'w' });
    try {
      await pipeline(stream, counter, out);
      if (!res.verified) await verifyFile(p.partial, digest, opts.size);
    } catch (e) {
      sink?.abort(e as Error);
      if (e instanceof BerthError && e.code === 'integrity') {
        await unlink(p.partial).catch(() => {});
        await unlink(p.sidecar).catch(() => {});
      } else await writeSidecar(p, { digest, offset: done, total, updated: Date.now() });
      throw e;
    }
    await rename(p.partial, p.blob);
    await unlink(p.sidecar).catch(() => {});
    sink?.end();
    return { path: p.blob, resumedFrom, downloaded: true, streamed: sink !== undefined };
  } finally {
    await release();
  }
}

async function verifyFile(file: string, digest: string, size: number): Promise<void> {
  await pipeline(createReadStream(file), verifyingStream(digest, { size }), async (src: AsyncIterable<Buffer>) => {
    for await (const _ of src) void _;
  });
}

/** Deletes a verified blob once nothing in this process needs it any more (compressed blobs are not kept). */
export async function removeIngested(graphRoot: string, digest: string): Promise<void> {
  await unlink(ingestPaths(graphRoot, digest).blob).catch(() => {});
}

/**
 * Removes ingests (partials, verified blobs, sidecars, dead owners' locks) not touched for `ttlMs`. Files whose lock is
 * held by a live process are kept whatever their age. Returns the paths removed. `image prune` and every pull call it.
 */
export async function collectStaleIngests(graphRoot: string, ttlMs: number = INGEST_TTL_MS, now = Date.now()): Promise<string[]> {
  const dir = ingestDir(graphRoot);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const bases = new Set(names.map((n) => n.replace(/\.(partial|json|blob|lock)$|\.lock\.stale-.*$/, '')));
  for (const base of bases) {
    const lock = join(dir, `${base}.lock`);
    const owner = await lockOwner(lock);
    if (owner && owner.text !== '' && processAlive(owner.pid)) continue;
    let updated = 0;
    try {
      updated = (JSON.parse(await readFile(join(dir, `${base}.json`), 'utf8')) as IngestSidecar).updated;
    } catch {
      // no sidecar: use the files' mtimes
    }
    for (const n of names.filter((x) => x === base || x.startsWith(`${base}.`))) {
      const file = join(dir, n);
      const st = await exists(file);
      if (!st) continue;
      const age = now - Math.max(updated, st.mtimeMs);
      const deadLock = n.endsWith('.lock') && owner !== undefined;
      if (age < ttlMs && !(deadLock && age > 60_000)) continue;
      await unlink(file).catch(() => {});
      removed.push(file);
    }
  }
  if (removed.length) log.debug(`collected ${removed.length} stale ingest file(s) in ${dir}`);
  return removed;
}
