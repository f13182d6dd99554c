// Layer applies on worker threads: gunzip + tar parsing + diffID hashing + file syscalls off the main thread, fed a
// blob file or a stream of chunks with bounded credit. A pool of leases; falls back to the calling thread.
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { BerthError, type ErrorCode } from '../util/errors.ts';
import { log } from '../util/log.ts';
import { relieveMemory } from './memory.ts';
import { applyLayer, decompressedStream, type ApplyResult, type Compression, type Driver } from './apply.ts';

/** What one apply needs; `file` set: the worker reads the blob itself, else chunks arrive through `ApplyStream.push`. */
export interface ApplyJob {
  dir: string;
  driver: Driver;
  compression: Compression;
  file?: string;
}

/** Compressed bytes allowed in flight between `push` and the worker's tar reader. */
const WINDOW = 1024 * 1024;
const ACK_EVERY = WINDOW / 4;
const MARK = 'berth-apply-worker';
/** Per worker: a full collection every this many uncompressed bytes, and a small young generation (see memory.ts). */
const RELIEF_BYTES = 8 * 1024 * 1024;
const YOUNG_MB = 4;

type ToWorker =
  | { op: 'start'; job: ApplyJob }
  | { op: 'chunk'; data: Uint8Array }
  | { op: 'end' }
  | { op: 'abort'; message: string };
type FromWorker =
  | { op: 'ack'; bytes: number }
  | { op: 'done'; result: ApplyResult }
  | { op: 'error'; error: SerializedError };

interface SerializedError { berth: boolean; code?: string; message: string; hint?: string }

function serialize(e: unknown): SerializedError {
  const err = e as Error & { code?: string; hint?: string };
  return { berth: e instanceof BerthError, message: err?.message ?? String(e), ...(err?.code ? { code: err.code } : {}), ...(err?.hint ? { hint: err.hint } : {}) };
}

function revive(s: SerializedError): Error {
  if (s.berth) return new BerthError(s.code as ErrorCode, s.message, s.hint ? { hint: s.hint } : {});
  return Object.assign(new Error(s.message), s.code ? { code: s.code } : {});
}

/** Chunks pushed from outside as an async source, with a callback per consumed chunk (the credit returned). */
class ChunkSource {
  private queue: Buffer[] = [];
  private ended = false;
  private failed: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly consumed: (bytes: number) => void;
  constructor(consumed: (bytes: number) => void) {
    this.consumed = consumed;
  }
  push(c: Buffer): void {
    this.queue.push(c);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  abort(e: Error): void {
    this.failed = e;
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.failed) throw this.failed;
      const c = this.queue.shift();
      if (c) {
        this.consumed(c.length);
        yield c;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }
}

/** The apply itself, the same in a worker and in the calling thread. */
function runJob(job: ApplyJob, source: ChunkSource | undefined): Promise<ApplyResult> {
  const raw: Readable = job.file ? createReadStream(job.file, { highWaterMark: 64 * 1024 }) : Readable.from(source!, { objectMode: false });
  raw.on('data', (c: Buffer) => relieveMemory(c.length * 3, RELIEF_BYTES)); // the tar stream is ~3x the compressed bytes
  return applyLayer(decompressedStream(raw, job.compression), job.dir, { driver: job.driver });
}

// ---- worker side ----

function serve(): void {
  const port = parentPort!;
  let source: ChunkSource | undefined;
  let unacked = 0;
  port.on('message', (m: ToWorker) => {
    switch (m.op) {
      case 'start': {
        unacked = 0;
        source = m.job.file ? undefined : new ChunkSource((n) => {
          unacked += n;
          if (unacked >= ACK_EVERY) {
            port.postMessage({ op: 'ack', bytes: unacked } satisfies FromWorker);
            unacked = 0;
          }
        });
        runJob(m.job, source).then(
          (result) => port.postMessage({ op: 'done', result } satisfies FromWorker),
          (e) => port.postMessage({ op: 'error', error: serialize(e) } satisfies FromWorker),
        ).finally(() => (source = undefined));
        return;
      }
      case 'chunk':
        source?.push(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
        return;
      case 'end':
        source?.end();
        return;
      case 'abort':
        source?.abort(new Error(m.message));
        return;
    }
  });
}

if (!isMainThread && (workerData as { mark?: string } | null)?.mark === MARK) serve();

// ---- pool side ----

/** A stream apply in progress: push compressed chunks (awaiting credit), then end; `result` settles with the apply. */
export interface ApplyStream {
  push(chunk: Buffer): Promise<void>;
  end(): void;
  abort(e: Error): void;
  readonly result: Promise<ApplyResult>;
}

/** One apply slot: run at most one job at a time on it, then release it. */
export interface ApplyLease {
  applyFile(job: ApplyJob & { file: string }): Promise<ApplyResult>;
  applyStream(job: ApplyJob): ApplyStream;
  release(): void;
}

interface Slot {
  worker: Worker | undefined;
  busy: boolean;
  /** Applies in the calling thread (its spare time between downloads is a core's worth of work too). */
  local: boolean;
}

/** Where the worker code is: this module's own file (a chunk of the bundle, or the .ts source under tests). */
function workerUrl(): URL | undefined {
  const url = new URL(import.meta.url);
  // The bundle entry runs the CLI when loaded: never start a worker on it (the module was not split out).
  if (/\/berth\.mjs$/.test(url.pathname) || process.env.BERTH_APPLY_WORKERS === '0') return undefined;
  return url;
}

/**
 * The worker's Node flags: inherited, except from a process started from a user-land startup snapshot (bin/berth's
 * `--snapshot-blob FILE`): a worker booted from that snapshot aborts in node:crypto (its binding state is already set
 * there), so it gets none (V8 flags such as --min-semi-space-size are process-wide and refused per worker anyway).
 */
function workerOptions(): { execArgv?: string[] } {
  return process.execArgv.some((a) => a === '--snapshot-blob' || a.startsWith('--snapshot-blob=')) ? { execArgv: [] } : {};
}

/**
 * The worker's environment: this process's, with Node's compile cache for the ESM chunks the worker loads. A worker
 * reads NODE_COMPILE_CACHE as it starts; module.enableCompileCache() in this thread does not reach it (Node 24), and
 * the CLI's own thread runs one CommonJS file with a V8 code cache of its own (scripts/launcher.cjs), so it does not
 * turn the compile cache on for itself (~0.3 ms of every command).
 */
export function workerEnv(): NodeJS.ProcessEnv {
  if (process.env['NODE_COMPILE_CACHE'] || process.env['NODE_DISABLE_COMPILE_CACHE']) return process.env;
  return { ...process.env, NODE_COMPILE_CACHE: path.join(tmpdir(), 'node-compile-cache') };
}

export class ApplyPool {
  private readonly slots: Slot[];
  private readonly waiting: Array<(s: Slot) => void> = [];
  private workersBroken = false;

  /** `workers` worker threads plus `local` slots applying in the calling thread (workers are preferred). */
  constructor(workers: number, local = 1) {
    this.slots = [
      ...Array.from({ length: Math.max(0, workers) }, () => ({ worker: undefined, busy: false, local: false })),
      ...Array.from({ length: Math.max(workers > 0 ? 0 : 1, local) }, () => ({ worker: undefined, busy: false, local: true })),
    ];
  }

  /** Worker threads running now (tests check that work really left the calling thread). */
  get workerThreads(): number {
    return this.slots.filter((s) => s.worker !== undefined).length;
  }

  /** A free slot now, or undefined when all are busy. */
  tryAcquire(): ApplyLease | undefined {
    const s = this.slots.find((x) => !x.busy);
    if (!s) return undefined;
    s.busy = true;
    return this.lease(s);
  }

  /** Waits for a free slot (FIFO). */
  async acquire(): Promise<ApplyLease> {
    const now = this.tryAcquire();
    if (now) return now;
    const s = await new Promise<Slot>((r) => this.waiting.push(r));
    return this.lease(s);
  }

  /** Stops the workers (idle ones; a busy one is stopped when its lease is released). */
  async close(): Promise<void> {
    const ws = this.slots.map((s) => s.worker).filter((w): w is Worker => w !== undefined);
    for (const s of this.slots) s.worker = undefined;
    await Promise.all(ws.map((w) => w.terminate()));
  }

  private free(s: Slot): void {
    const next = this.waiting.shift();
    if (next) next(s);
    else s.busy = false;
  }

  private workerFor(s: Slot): Worker | undefined {
    if (s.local || s.worker || this.workersBroken) return s.worker;
    const url = workerUrl();
    if (!url) return undefined;
    try {
      // A small young generation: the dead Buffers of streamed data are freed by frequent cheap scavenges.
      s.worker = new Worker(url, {
        workerData: { mark: MARK }, ...workerOptions(), env: workerEnv(), resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB }, stdout: false, stderr: false,
      });
      s.worker.unref();
      s.worker.on('error', (e) => log.debug(`apply worker failed: ${e.message}`));
    } catch (e) {
      log.debug(`apply workers unavailable, applying in the calling thread: ${(e as Error).message}`);
      this.workersBroken = true;
    }
    return s.worker;
  }

  private lease(s: Slot): ApplyLease {
    let released = false;
    const pool = this;
    return {
      applyFile: (job) => this.start(s, job).result,
      applyStream: (job) => this.start(s, { ...job, file: undefined }),
      release() {
        if (released) return;
        released = true;
        pool.free(s);
      },
    };
  }

  private start(s: Slot, job: ApplyJob): ApplyStream {
    const w = this.workerFor(s);
    return w ? remoteApply(w, job, () => {
      // A worker whose job failed mid-stream may hold a half-consumed source: replace it.
      if (s.worker === w) s.worker = undefined;
      void w.terminate();
    }) : localApply(job);
  }
}

/** Runs a job on `w`; credit flows back as acks so at most WINDOW bytes are queued. */
function remoteApply(w: Worker, job: ApplyJob, discard: () => void): ApplyStream {
  let inflight = 0;
  let creditWaiter: (() => void) | undefined;
  let settled = false;
  const result = new Promise<ApplyResult>((resolve, reject) => {
    const finish = (e: Error | undefined, r?: ApplyResult) => {
      if (settled) return;
      settled = true;
      w.off('message', onMessage);
      w.off('exit', onExit);
      creditWaiter?.();
      if (e) {
        discard();
        reject(e);
      } else resolve(r!);
    };
    const onMessage = (m: FromWorker) => {
      if (m.op === 'ack') {
        inflight -= m.bytes;
        if (inflight < WINDOW) creditWaiter?.();
      } else if (m.op === 'done') finish(undefined, m.result);
      else finish(revive(m.error));
    };
    const onExit = (code: number) => finish(new BerthError('internal', `layer apply worker exited (code ${code})`));
    w.on('message', onMessage);
    w.on('exit', onExit);
  });
  result.catch(() => {});
  w.postMessage({ op: 'start', job } satisfies ToWorker);
  return {
    result,
    async push(chunk: Buffer) {
      if (settled) return;
      inflight += chunk.length;
      w.postMessage({ op: 'chunk', data: chunk } satisfies ToWorker); // copied, never transferred: the caller keeps it
      while (inflight >= WINDOW && !settled) await new Promise<void>((r) => (creditWaiter = r));
      creditWaiter = undefined;
    },
    end: () => w.postMessage({ op: 'end' } satisfies ToWorker),
    abort: (e: Error) => {
      if (!settled) w.postMessage({ op: 'abort', message: e.message } satisfies ToWorker);
    },
  };
}

/** The same job in the calling thread (no worker available). */
function localApply(job: ApplyJob): ApplyStream {
  let creditWaiter: (() => void) | undefined;
  let inflight = 0;
  let settled = false;
  const source = job.file ? undefined : new ChunkSource((n) => {
    inflight -= n;
    if (inflight < WINDOW) creditWaiter?.();
  });
  const result = runJob(job, source).finally(() => {
    settled = true;
    creditWaiter?.();
  });
  result.catch(() => {});
  return {
    result,
    async push(chunk: Buffer) {
      if (settled) return;
      inflight += chunk.length;
      source?.push(chunk);
      while (inflight >= WINDOW && !settled) await new Promise<void>((r) => (creditWaiter = r));
      creditWaiter = undefined;
    },
    end: () => source?.end(),
    abort: (e: Error) => source?.abort(e),
  };
}
