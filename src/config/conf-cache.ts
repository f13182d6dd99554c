// A JSON copy of a parsed configuration, valid while the files it came from are unchanged (same inode, size and
// mtime, same directory listings): later calls skip the TOML parse and validation (~7 ms of every `run`).
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A file younger than this may still be rewritten within the same mtime tick (coarse timestamps on some filesystems),
 * so nothing that depends on it is cached yet (git's "racily clean" rule).
 */
const RACY_MS = 2000;

interface CacheFile {
  version: 1;
  key: string[];
  value: unknown;
}

/** What identifies the content of each input: `path:ino:size:mtimeNs`, or `path:-` for one that does not exist. */
export function inputKey(paths: readonly string[]): { key: string[]; newestMs: number } {
  let newestMs = 0;
  const key = paths.map((p) => {
    try {
      const st = statSync(p, { bigint: true });
      newestMs = Math.max(newestMs, Number(st.mtimeMs), Number(st.ctimeMs));
      return `${p}:${st.ino}:${st.size}:${st.mtimeNs}`;
    } catch {
      return `${p}:-`;
    }
  });
  return { key, newestMs };
}

/**
 * `build()`'s value, from `cacheFile` when it was made from the same `inputs` (files, and directories whose listings
 * matter), else built and stored for the next call. The cache is only an optimisation: unreadable, corrupt or
 * unwritable cache files are ignored, and errors from `build()` propagate uncached.
 */
export function cachedConf<T>(
  cacheFile: string,
  inputs: readonly string[],
  build: () => T,
  codec: { toJson: (v: T) => unknown; fromJson: (j: unknown) => T },
  now: () => number = Date.now,
): T {
  const { key, newestMs } = inputKey(inputs);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as CacheFile;
    if (cached.version === 1 && sameKey(cached.key, key)) return codec.fromJson(cached.value);
  } catch {
    // No cache yet, or one we cannot read: build it.
  }
  const value = build();
  if (now() - newestMs > RACY_MS) store(cacheFile, { version: 1, key, value: codec.toJson(value) });
  return value;
}

const sameKey = (a: unknown, b: string[]) => Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);

function store(file: string, content: CacheFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify(content));
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Never written.
    }
  }
}
