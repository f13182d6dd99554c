// Keeps a pull's memory bounded: streaming hundreds of MB leaves dead 64 KiB socket/zlib Buffers whose backing stores
// V8 frees only when it collects, which under external-memory heuristics can be ~60 MB late. A collection every
// RELIEF_BYTES of streamed data keeps peak RSS near the baseline (measured: 170 → 115 MB for bench-big's blobs).
import v8 from 'node:v8';
import vm from 'node:vm';
import { log } from '../util/log.ts';
import { mallocTrim } from '../sys/malloc.ts';

const RELIEF_BYTES = 24 * 1024 * 1024;

let collect: (() => void) | null | undefined;
let pending = 0;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing) collect = existing;
    else {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    }
  } catch (e) {
    log.debug(`explicit GC unavailable: ${(e as Error).message}`);
    collect = null;
  }
  return collect;
}

/**
 * Counts streamed bytes; every `every` bytes (default RELIEF_BYTES) triggers one (cheap: the JS heap is small) full
 * collection of the calling thread's heap (each worker thread counts on its own).
 */
export function relieveMemory(bytes: number, every = RELIEF_BYTES): void {
  pending += bytes;
  if (pending < every) return;
  pending = 0;
  collector()?.();
  mallocTrim(); // freed Buffers' memory back to the kernel (worker threads allocate from their own malloc arenas)
}
