// Pull's layer stage: skip layers already stored, download missing blobs in parallel (bounded), apply them in chain order.
import { mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PullEvent } from '../engine/images.ts';
import type { Db } from '../state/db.ts';
import type { LayerStore } from '../storage/layers.ts';
import type { ApplyResult, Compression } from '../storage/apply.ts';
import type { ApplyLease, ApplyPool } from '../storage/apply-worker.ts';
import { BerthError } from '../util/errors.ts';
import { addLayer, getLayer, type LayerRecord } from './store.ts';
import { acquireLock, tryAcquireLock } from './content-lock.ts';
import { ingestBlob, ingestDir, removeIngested, type BlobFetcher, type BlobSink } from './content.ts';
import { limit } from './registry/limit.ts';
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
 * download concurrently; each layer is applied on an apply worker as soon as its blob is verified and its parent applied.
 * With the overlay driver and BERTH_PULL_STREAM=1, a download that finds a free apply slot streams into it as it
 * arrives (the bytes still land in the ingest area for resume); the layer becomes visible only after the blob's
 * digest and the diff ID are verified.
 * The per-blob lock (held while downloading) and the per-layer lock (held while applying) are never waited for while
 * holding the other (a streamed layer takes its layer lock only if free, before the blob lock), so concurrent pulls
 * cannot deadlock; both re-check the store once acquired.
 */
export async function storeLayers(env: LayerStageEnv, jobs: LayerJob[], fetch: (digest: string) => BlobFetcher, emit: (e: PullEvent) => void): Promise<LayerRecord[]> {
  const run = limit(Math.max(1, env.parallel));
  const downloads = new Map<string, Promise<string | null>>();
  const fetched = new Set<string>();
  const missing = jobs.filter((j) => !present(env, j.id));
  const neededBy = (digest: string) => missing.filter((j) => j.digest === digest);
  for (const j of jobs) if (!missing.includes(j)) emit({ type: 'blob-skipped', digest: j.digest });
  if (!missing.length) return jobs.map((j) => getLayer(env.db, j.id)!);
  // A chunk of its own in the bundle: the worker thread loads only the apply code, not the whole pull verb.
  const { ApplyPool } = await import('../storage/apply-worker.ts');
  const pool = new ApplyPool(applyWorkers());
  const stored = new Map<string, Promise<LayerRecord>>();
  /** Layers whose download streamed straight into an apply: their records, by layer ID. */
  const streamed = new Map<string, Promise<LayerRecord>>();

  const ingest = async (j: LayerJob, sink?: BlobSink) => {
    const r = await ingestBlob(env.graphRoot, j.digest, fetch(j.digest), {
      size: j.size,
      onStart: (resumedFrom) => emit({ type: 'blob-start', digest: j.digest, size: j.size, ...(resumedFrom ? { resumedFrom } : {}) }),
      onProgress: (done, size) => emit({ type: 'blob-progress', digest: j.digest, done, size }),
      ...(sink ? { sink } : {}),
    });
    if (!r.downloaded) emit({ type: 'blob-start', digest: j.digest, size: j.size });
    fetched.add(j.digest);
    log.debug(`blob ${j.digest} ${r.downloaded ? `downloaded (${j.size} bytes${r.resumedFrom ? `, resumed at ${r.resumedFrom}` : ''}${r.streamed ? ', applied as it arrived' : ''})` : 'found in the ingest area'}`);
    emit({ type: 'blob-done', digest: j.digest });
    return r;
  };

  const download = (j: LayerJob): Promise<string | null> => {
    let p = downloads.get(j.digest);
    if (!p) {
      p = run(async () => {
        // Another pull may have stored every layer that needs this blob while we queued.
        if (neededBy(j.digest).every((x) => present(env, x.id))) {
          emit({ type: 'blob-skipped', digest: j.digest });
          return null;
        }
        const s = STREAM && env.layers.driver === 'overlay' && neededBy(j.digest).length === 1 ? await startStreamed(j) : undefined;
        if (s) {
          streamed.set(j.id, s.record);
          await s.downloaded;
          return STREAMED;
        }
        return (await ingest(j)).path;
      });
      p.catch(() => {}); // observed by the apply loop; keeps an early failure from being "unhandled"
      downloads.set(j.digest, p);
    }
    return p;
  };

  /**
   * Streams `j`'s download into a free apply worker under its layer lock; undefined (nothing started) when no worker is
   * free or another process holds the layer. `downloaded` settles once the blob is in (the download slot is free).
   */
  const startStreamed = async (j: LayerJob): Promise<{ record: Promise<LayerRecord>; downloaded: Promise<unknown> } | undefined> => {
    const lease = pool.tryAcquire();
    if (!lease) return undefined;
    mkdirSync(ingestDir(env.graphRoot), { recursive: true, mode: 0o700 });
    const release = await tryAcquireLock(layerLock(env, j), `layer ${j.id}`).catch((e: unknown) => {
      log.debug(`layer ${j.id}: not streaming (${(e as Error).message})`);
      return undefined;
    });
    if (!release) {
      lease.release();
      return undefined;
    }
    let downloaded!: () => void;
    const done = new Promise<void>((r) => (downloaded = r));
    const record = (async () => {
      try {
        const rec = getLayer(env.db, j.id);
        if (rec && env.layers.exists(j.id)) {
          lease.release();
          emit({ type: 'blob-skipped', digest: j.digest });
          return rec;
        }
        return await createRecorded(env, j, lease, async (leased) => {
          const st = leased.applyStream({ dir: leased.dir, driver: env.layers.driver, compression: j.compression });
          let r;
          try {
            r = await ingest(j, st);
          } catch (e) {
            st.abort(e as Error);
            throw e;
          } finally {
            downloaded();
          }
          if (r.streamed) return st.result;
          st.abort(new Error('blob was not streamed'));
          await st.result.catch(() => {});
          return leased.applyFile(r.path);
        }, stored.get(j.parent ?? ''));
      } finally {
        downloaded();
        await release();
      }
    })();
    record.catch(() => {});
    return { record, downloaded: done };
  };

  for (const j of missing) void download(j);
  // Layers apply concurrently (overlay diffs do not depend on each other); each one links to its parent and is
  // recorded only after the parent is, so the DB always sees a chain base first.
  let records: LayerRecord[] = [];
  try {
    for (const j of jobs) {
      let p: Promise<LayerRecord>;
      if (!missing.includes(j)) p = Promise.resolve(getLayer(env.db, j.id)!);
      else {
        const parentReady = j.parent === null ? undefined : stored.get(j.parent);
        p = download(j).then((path) =>
          path === STREAMED ? streamed.get(j.id)! : applyOne(env, j, path, () => {
            downloads.delete(j.digest);
            return download(j);
          }, { parentReady, pool }),
        );
      }
      p.catch(() => {}); // awaited below; a child also observes it through parentReady
      stored.set(j.id, p);
    }
    records = await Promise.all(jobs.map((j) => stored.get(j.id)!));
  } finally {
    // Compressed blobs are not kept once applied (nor after a failure: a partial download stays resumable).
    await Promise.allSettled([...downloads.values(), ...streamed.values()]);
    for (const d of fetched) await removeIngested(env.graphRoot, d);
    await pool.close();
  }
  return records;
}

/**
 * Streams downloads into free apply slots (BERTH_PULL_STREAM=1). Off by default: from the local mirror (downloads
 * take ~1 s of a ~4 s pull) it gained nothing measurable and cost ~10 MB of peak RSS (145 vs 133 MB, bench-big), which
 * the 150 MB budget cannot spare; it pays off when downloads are slow compared with the apply.
 */
const STREAM = process.env.BERTH_PULL_STREAM === '1';

/** Marks a download that was applied while it streamed (its record comes from the streamed apply). */
const STREAMED = '\0streamed';

/** Apply worker threads besides the main thread: BERTH_APPLY_WORKERS, default 1 (0: apply in the main thread only). */
function applyWorkers(): number {
  const n = Number(process.env.BERTH_APPLY_WORKERS ?? 1);
  return Number.isInteger(n) && n >= 0 ? n : 1;
}

const layerLock = (env: LayerStageEnv, j: LayerJob) => join(ingestDir(env.graphRoot), `layer-${j.id}.lock`);

/** Applies one layer under its lock; a layer a concurrent pull stored meanwhile is taken as it is. */
interface ApplyScheduling {
  /** The parent's own apply; undefined for a base layer or a parent already stored. */
  parentReady: Promise<LayerRecord> | undefined;
  /** Apply slots; one is held only while files are written, never while waiting for a parent. */
  pool: ApplyPool;
}

async function applyOne(env: LayerStageEnv, j: LayerJob, blob: string | null, refetch: () => Promise<string | null>, sched: ApplyScheduling): Promise<LayerRecord> {
  const release = await acquireLock(layerLock(env, j), `layer ${j.id}`);
  try {
    const rec = getLayer(env.db, j.id);
    if (rec && env.layers.exists(j.id)) return rec;
    if (!blob || !(await stat(blob).catch(() => undefined))) blob = await refetch();
    if (!blob) throw new BerthError('internal', `layer ${j.digest} vanished from the ingest area`);
    const file = blob;
    return await createRecorded(env, j, () => sched.pool.acquire(), (leased) => leased.applyFile(file), sched.parentReady);
  } finally {
    await release();
  }
}

/** An apply's failure, said as podman says it (download failures pass through as they are). */
async function applying(j: LayerJob, p: Promise<ApplyResult>): Promise<ApplyResult> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof BerthError) throw new BerthError(e.code, `applying layer ${j.digest}: ${e.message}`, e.hint ? { hint: e.hint } : {});
    throw new BerthError('integrity', `applying layer ${j.digest}: ${(e as Error).message}`);
  }
}

/** An apply lease bound to the layer's temporary directory. */
interface LeasedDir {
  dir: string;
  applyStream: ApplyLease['applyStream'];
  applyFile: (file: string) => Promise<ApplyResult>;
}

/**
 * Under the layer's lock: creates the layer with `apply` run on an apply lease (taken when the temp dir is ready and
 * released as soon as the files are written), checks the diff ID, waits for the parent, then records the layer.
 */
async function createRecorded(env: LayerStageEnv, j: LayerJob, lease: ApplyLease | (() => Promise<ApplyLease>), apply: (l: LeasedDir) => Promise<ApplyResult>, parentReady: Promise<LayerRecord> | undefined): Promise<LayerRecord> {
  // Files without a record: an earlier pull died between the two; start the layer over.
  if (env.layers.exists(j.id)) await env.layers.removeLayer(j.id);
  let held: ApplyLease | undefined = typeof lease === 'function' ? undefined : lease;
  try {
    const result = await env.layers.createLayer(j.id, j.parent, async (dir) => {
      held ??= await (lease as () => Promise<ApplyLease>)();
      const l = held;
      let r: ApplyResult;
      try {
        r = await apply({
          dir,
          applyStream: (job) => {
            const st = l.applyStream(job);
            const result = applying(j, st.result);
            result.catch(() => {}); // not awaited when the download fails first
            return { ...st, result };
          },
          applyFile: (file) => applying(j, l.applyFile({ file, dir, driver: env.layers.driver, compression: j.compression })),
        });
      } finally {
        l.release();
      }
      if (r.diffId !== j.diffId) {
        throw new BerthError('integrity', `layer ${j.digest}: uncompressed content has digest ${r.diffId}, the image config says ${j.diffId}`);
      }
      return r;
    }, parentReady ? { parentReady } : {});
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
    held?.release();
  }
}
