// Random bytes and integers from the kernel's /dev/urandom: what IDs and generated names need, without loading
// node:crypto (~5 ms of every `run`, where nothing hashes).
import { closeSync, openSync, readSync } from 'node:fs';

/** `n` bytes from /dev/urandom (getrandom(2)'s pool; never blocks once the pool is initialised at boot). */
export function randomBytes(n: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  const fd = openSync('/dev/urandom', 'r');
  try {
    let got = 0;
    while (got < n) got += readSync(fd, out, got, n - got, null);
  } finally {
    closeSync(fd);
  }
  return out;
}

/** A uniform integer in [0, max), 0 < max <= 2^32 (rejection sampling: no modulo bias). */
export function randomInt(max: number): number {
  if (!Number.isInteger(max) || max <= 0 || max > 2 ** 32) throw new RangeError(`randomInt: bad bound ${max}`);
  const limit = 2 ** 32 - (2 ** 32 % max);
  for (;;) {
    const v = randomBytes(4).readUInt32LE(0);
    if (v < limit) return v % max;
  }
}
