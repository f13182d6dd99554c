// Pure rules of `cp` (podman/docker semantics): parsing [CONTAINER:]PATH, and where a source lands given what the destination is.
import { posix } from 'node:path';

/** One side of a copy: a host path, a container path, or `-` (a tar stream on stdin/stdout). */
export type CopyArg = { kind: 'host'; path: string } | { kind: 'container'; container: string; path: string } | { kind: 'stdio' };

/**
 * Podman's split of `[CONTAINER:]PATH`: `-` is the stream; a path starting with `/` or `.` is always the host's (so
 * `./a:b` is a file name); otherwise text before the first `:` names a container.
 */
export function parseCopyArg(arg: string): CopyArg {
  if (arg === '-') return { kind: 'stdio' };
  if (arg.startsWith('/') || arg.startsWith('.')) return { kind: 'host', path: arg };
  const colon = arg.indexOf(':');
  if (colon < 0) return { kind: 'host', path: arg };
  return { kind: 'container', container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

/** `dir/.` (or `dir/./`): the directory's contents, not the directory itself. */
export const wantsContents = (p: string) => /(^|\/)\.\/?$/.test(p);

/** A trailing slash (or `/.`) means the caller insists on a directory. */
export const insistsOnDir = (p: string) => p.endsWith('/') || wantsContents(p);

/** The last name of a path as the copy names it (`/etc/` → etc; `/` → ''). */
export const lastName = (p: string) => posix.basename(posix.normalize(`/${p}`));

/** What the destination path turned out to be (the caller stats it, following symlinks inside its root). */
export type DestFacts = { kind: 'dir' } | { kind: 'file' } | { kind: 'missing'; parentIsDir: boolean };

/**
 * Where the copied tree goes: `into` is the directory extracted into (the destination itself, or its parent), `as` the
 * name the source's top entry takes there (null: the source directory's contents are spread into `into`).
 */
export type CopyPlan =
  | { ok: true; into: 'dest' | 'parent'; as: string | null }
  | { ok: false; error: 'dir-onto-file' | 'dest-missing' | 'dest-not-dir' };

/** Docker's archive rules, as podman 4.3 applies them. */
export function planCopy(src: { path: string; isDir: boolean }, destPath: string, dest: DestFacts): CopyPlan {
  const contents = src.isDir && wantsContents(src.path);
  switch (dest.kind) {
    case 'dir':
      return { ok: true, into: 'dest', as: contents ? null : lastName(src.path) || null };
    case 'file':
      if (src.isDir) return { ok: false, error: 'dir-onto-file' };
      if (insistsOnDir(destPath)) return { ok: false, error: 'dest-not-dir' };
      return { ok: true, into: 'parent', as: lastName(destPath) };
    case 'missing':
      // `newdir/` is not created: podman reports it missing, whatever the source is.
      if (insistsOnDir(destPath) || !dest.parentIsDir) return { ok: false, error: 'dest-missing' };
      return { ok: true, into: 'parent', as: lastName(destPath) };
  }
}
