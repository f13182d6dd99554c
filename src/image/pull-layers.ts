// Pull's layer stage: skip layers already stored, download missing blobs in parallel (bounded), apply them in chain order.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PullEvent } from '../engine/images.ts';
import type { Db } from '../state/db.ts';
import type { LayerStore } from '../storage/layers.ts';
import { applyLayer, decompressedStream, type Compression } from '../storage/apply.ts';
import { BerthError } from '../util/errors.ts';
import { addLayer, getLayer, type LayerRecord } from './store.ts';
import { acquireLock } from './content-lock.ts';
import { ingestBlob, ingestDir, removeIngested, type BlobFetcher } from './content.ts';
import { limit } from './registry/limit.ts';
import { relieveMemory } from './content-gc.ts';
import { log } from '../util/log.ts';

export interface LayerJob {
  /** Compressed blob digest and size (from the manifest). */
  digest: string;
  size: number;
  compression: Compression;
  /** `sha256:…` from the config's rootfs.diff_ids. */
  diffId: string;
  /** Chain ID hex of this layer and of its parent (null for the base). */
  id: string;
  parent: string | null;
}

export interface LayerStageEnv {
  db: Db;
  layers: LayerStore;
  graphRoot: string;
  /** Maximum concurrent blob downloads. */
  parallel: number;
}

const present = (env: LayerStageEnv, id: string) => getLayer(env.db, id) !== undefined && env.layers.exists(id);

/**
 * Makes every layer of `jobs` (base first) exist in the layer store and the state DB; returns their records. Blobs
 * download concurrently; each layer is applied as soon as its blob is verified and its parent applied. The per-blob
 * lock (held while downloading) and the per-layer lock (held while applying) are never held while waiting for another
 * lock, so concurrent pulls cannot deadlock; both re-check the store once acquired.
 */
export async function storeLayers(env: LayerStageEnv, jobs: LayerJob[], fetch: (digest: string) => BlobFetcher, emit: (e: PullEvent) => void): Promise<LayerRecord[]> {
  const run = limit(Math.max(1, env.parallel));
  const downloads = new Map<string, Promise<string | null>>();
  const fetched = new Set<string>();
  const missing = jobs.filter((j) => !present(env, j.id));
  const neededBy = (digest: string) => missing.filter((j) => j.digest === digest);
  for (const j of jobs) if (!missing.includes(j)) emit({ type: 'blob-skipped', digest: j.digest });

  const download = (j: LayerJob): Promise<string | null> => {
    let p = downloads.get(j.digest);
    if (!p) {
      p = run(async () => {
        // Another pull may have stored every layer that needs this blob while we queued.
        if (neededBy(j.digest).every((x) => present(env, x.id))) {
          emit({ type: 'blob-skipped', digest: j.digest });
          return null;
        }
        const r = await ingestBlob(env.graphRoot, j.digest, fetch(j.digest), {
          size: j.size,
          onStart: (resumedFrom) => emit({ type: 'blob-start', digest: j.digest, size: j.size, ...(resumedFrom ? { resumedFrom } : {}) }),
          onProgress: (done, size) => emit({ type: 'blob-progress', digest: j.digest, done, size }),
        });
        if (!r.downloaded) emit({ type: 'blob-start', digest: j.digest, size: j.size });
        fetched.add(j.digest);
        log.debug(`blob ${j.digest} ${r.downloaded ? `downloaded (${j.size} bytes${r.resumedFrom ? `, resumed at ${r.resumedFrom}` : ''})` : 'found in the ingest area'}`);
        emit({ type: 'blob-done', digest: j.digest });
        return r.path;
      });
      p.catch(() => {}); // observed by the apply loop; keeps an early failure from being "unhandled"
      downloads.set(j.digest, p);
    }
    return p;
  };

  for (const j of missing) void download(j);
  // Layers apply concurrently (overlay diffs do not depend on each other); each one links to its parent and is
  // recorded only after the parent is, so the DB always sees a chain base first.
  const applyLimit = limit(APPLY_PARALLEL);
  const stored = new Map<string, Promise<LayerRecord>>();
  let records: LayerRecord[] = [];
  try {
    for (const j of jobs) {
      let p: Promise<LayerRecord>;
      if (!missing.includes(j)) p = Promise.resolve(getLayer(env.db, j.id)!);
      else {
        const parentReady = j.parent === null ? undefined : stored.get(j.parent);
        p = download(j).then((path) =>
          applyOne(env, j, path, () => {
            downloads.delete(j.digest);
            return download(j);
          }, { parentReady, limit: applyLimit }),
        );
      }
      p.catch(() => {}); // awaited below; a child also observes it through parentReady
      stored.set(j.id, p);
    }
    records = await Promise.all(jobs.map((j) => stored.get(j.id)!));
  } finally {
    // Compressed blobs are not kept once applied (nor after a failure: a partial download stays resumable).
    await Promise.allSettled([...downloads.values()]);
    for (const d of fetched) await removeIngested(env.graphRoot, d);
  }
  return records;
}

/** Applies one layer under its lock; a layer a concurrent pull stored meanwhile is taken as it is. */
interface ApplyScheduling {
  /** The parent's own apply; undefined for a base layer or a parent already stored. */
  parentReady: Promise<LayerRecord> | undefined;
  /** Bounds concurrent applies; holds a slot only while files are written, never while waiting for a parent. */
  limit: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** Two applies keep both cores busy (JS tar parsing and hashing on one, gunzip on the thread pool). */
const APPLY_PARALLEL = 3;

async function applyOne(env: LayerStageEnv, j: LayerJob, blob: string | null, refetch: () => Promise<string | null>, sched: ApplyScheduling): Promise<LayerRecord> {
  const release = await acquireLock(join(ingestDir(env.graphRoot), `layer-${j.id}.lock`), `layer ${j.id}`);
  try {
    const rec = getLayer(env.db, j.id);
    if (rec && env.layers.exists(j.id)) return rec;
    // Files without a record: an earlier pull died between the two; start the layer over.
    if (env.layers.exists(j.id)) await env.layers.removeLayer(j.id);
    if (!blob || !(await stat(blob).catch(() => undefined))) blob = await refetch();
    if (!blob) throw new BerthError('internal', `layer ${j.digest} vanished from the ingest area`);
    const file = blob;
    const result = await env.layers.createLayer(j.id, j.parent, (dir) => sched.limit(async () => {
      let r;
      try {
        const src = createReadStream(file);
        src.on('data', (c) => relieveMemory(c.length * 4)); // the tar stream is ~3-4x the compressed bytes
        r = await applyLayer(decompressedStream(src, j.compression), dir, { driver: env.layers.driver });
      } catch (e) {
        if (e instanceof BerthError) throw new BerthError(e.code, `applying layer ${j.digest}: ${e.message}`, e.hint ? { hint: e.hint } : {});
        throw new BerthError('integrity', `applying layer ${j.digest}: ${(e as Error).message}`);
      }
      if (r.diffId !== j.diffId) {
        throw new BerthError('integrity', `layer ${j.digest}: uncompressed content has digest ${r.diffId}, the image config says ${j.diffId}`);
      }
      return r;
    }), sched.parentReady ? { parentReady: sched.parentReady } : {});
    log.debug(`layer ${j.id} applied from ${j.digest} (${result.tarSize} bytes uncompressed)`);
    const record: LayerRecord = {
      id: j.id,
      parent: j.parent,
      diffId: j.diffId,
      compressedDigest: j.digest,
      compressedSize: j.size,
      size: result.tarSize,
      created: Date.now(),
    };
    addLayer(env.db, record);
    return getLayer(env.db, j.id) ?? record;
  } finally {
    await release();
  }
}
