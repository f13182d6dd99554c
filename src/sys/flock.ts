// Host-wide advisory locks with flock(2): the kernel drops them when the holder dies, so no stale-lock handling.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { koffi } from './ffi.ts';

const LOCK_SH = 1;
const LOCK_EX = 2;
const LOCK_NB = 4;

type FlockFn = ((fd: number, op: number) => number) & { async: (fd: number, op: number, cb: (err: unknown, res: number) => void) => void };
let flockFn: FlockFn | undefined;

function flock(): FlockFn {
  flockFn ??= koffi().load('libc.so.6').func('int flock(int fd, int op)') as unknown as FlockFn;
  return flockFn;
}

/** Opens (creating) `file` and takes the flock `op` on it, waiting on a worker thread while it conflicts. */
async function acquire(file: string, op: number): Promise<() => void> {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  const fd = openSync(file, 'a', 0o600);
  try {
    if (flock()(fd, op | LOCK_NB) !== 0) {
      const rc = await new Promise<number>((resolve, reject) => flock().async(fd, op, (err, res) => (err ? reject(err) : resolve(res))));
      if (rc !== 0) throw new Error(`flock ${file} failed`);
    }
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  let held = true;
  return () => {
    if (held) closeSync(fd);
    held = false;
  };
}

/**
 * Takes an exclusive flock on `file` (created if missing), waiting while another process holds it; the returned
 * function releases it. The file itself stays: removing it would let two processes lock different inodes.
 */
export const lockExclusive = (file: string): Promise<() => void> => acquire(file, LOCK_EX);

/** Takes a shared flock on `file` (created if missing), waiting while someone holds it exclusively. */
export const lockShared = (file: string): Promise<() => void> => acquire(file, LOCK_SH);

export interface ExclusiveFlock {
  /** Turns the lock into a shared one (not atomically: flock(2) drops it first), e.g. after exclusive-only cleanup. */
  share(): Promise<void>;
  release(): void;
}

/** Takes an exclusive flock on `file` only if nobody holds any lock on it; undefined otherwise. */
export function tryLockExclusive(file: string): ExclusiveFlock | undefined {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  const fd = openSync(file, 'a', 0o600);
  if (flock()(fd, LOCK_EX | LOCK_NB) !== 0) {
    closeSync(fd);
    return undefined;
  }
  let held = true;
  return {
    share: async () => {
      if (flock()(fd, LOCK_SH | LOCK_NB) === 0) return;
      const rc = await new Promise<number>((resolve, reject) => flock().async(fd, LOCK_SH, (err, res) => (err ? reject(err) : resolve(res))));
      if (rc !== 0) throw new Error(`flock ${file} failed`);
    },
    release: () => {
      if (held) closeSync(fd);
      held = false;
    },
  };
}
