// Pure path rules for layer tars: cleaning entry names, rejecting escapes, recognising whiteouts.
import { posix } from 'node:path';
import { BerthError } from '../util/errors.ts';

export const WHITEOUT_PREFIX = '.wh.';
export const WHITEOUT_META_PREFIX = '.wh..wh.';
export const WHITEOUT_OPAQUE = '.wh..wh..opq';

export const escapeError = (name: string, what = 'tar entry') =>
  new BerthError('invalid-argument', `${what} "${name}" escapes the layer directory`);

/**
 * Cleans a tar entry name into a path relative to the layer root: leading slashes are dropped (as tar and
 * containers/storage do), `.` and `..` are resolved lexically, a trailing slash is removed. Returns '' for the root
 * itself. Throws BerthError('invalid-argument') when `..` would climb above the root.
 */
export function cleanEntryPath(name: string, what = 'tar entry'): string {
  if (name.includes('\0')) throw new BerthError('invalid-argument', `${what} "${name.replace(/\0/g, '\\0')}" contains a NUL byte`);
  const n = posix.normalize(name.replace(/^\/+/, '') || '.').replace(/\/+$/, '');
  if (n === '..' || n.startsWith('../')) throw escapeError(name, what);
  return n === '.' ? '' : n;
}

export type WhiteoutKind =
  | { kind: 'none' }
  | { kind: 'opaque'; dir: string } // `dir/.wh..wh..opq`: hide everything below dir from lower layers
  | { kind: 'whiteout'; dir: string; name: string } // `dir/.wh.NAME`: NAME is deleted
  | { kind: 'meta' }; // other `.wh..wh.*` (aufs bookkeeping): ignored

/** Classifies a cleaned entry path by its base name. */
export function whiteoutOf(cleaned: string): WhiteoutKind {
  const slash = cleaned.lastIndexOf('/');
  const dir = slash < 0 ? '' : cleaned.slice(0, slash);
  const base = cleaned.slice(slash + 1);
  if (!base.startsWith(WHITEOUT_PREFIX)) return { kind: 'none' };
  if (base === WHITEOUT_OPAQUE) return { kind: 'opaque', dir };
  if (base.startsWith(WHITEOUT_META_PREFIX)) return { kind: 'meta' };
  const name = base.slice(WHITEOUT_PREFIX.length);
  if (name === '' || name === '.' || name === '..') throw new BerthError('invalid-argument', `invalid whiteout entry "${cleaned}"`);
  return { kind: 'whiteout', dir, name };
}

/** The tar name of a whiteout for `dir/name`, and of an opaque marker for `dir`. */
export const whiteoutName = (dir: string, name: string) => posix.join(dir, WHITEOUT_PREFIX + name);
export const opaqueName = (dir: string) => posix.join(dir, WHITEOUT_OPAQUE);

/**
 * Splits a symlink target for resolution inside a root: an absolute target restarts at the root, `..` at the root
 * stays at the root (chroot semantics). Returns whether to restart and the components to walk.
 */
export function symlinkSteps(target: string): { fromRoot: boolean; parts: string[] } {
  return { fromRoot: target.startsWith('/'), parts: target.split('/').filter((p) => p !== '' && p !== '.') };
}
