// Turns an overlay upper dir's entries into podman-style container changes (A added, C changed, D deleted), pure.

/** One entry found in a container's overlay upper dir, path absolute inside the container ("/etc/new"). */
export interface UpperEntry {
  path: string;
  /** whiteout: a 0/0 char device (the lower entry is deleted); opaque-dir: trusted.overlay.opaque=y (lower children hidden). */
  kind: 'whiteout' | 'dir' | 'opaque-dir' | 'other';
}

export type ChangeKind = 'A' | 'C' | 'D';
export interface Change {
  path: string;
  kind: ChangeKind;
}

/** What the image (the lower layers merged) holds: whether a path exists. */
export interface LowerView {
  exists(path: string): boolean;
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * What the runtime and the engine create in every container (mount points, run files): podman leaves them out of a
 * container's diff.
 */
export const INIT_INODES = new Set([
  '/dev', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/etc/mtab', '/proc', '/run', '/run/notify',
  '/run/.containerenv', '/run/secrets', '/sys',
]);

/**
 * The changes of a container against its image, sorted by path as podman prints them. An entry present in the upper
 * dir is C when the image has it (directories included: overlay copies a directory up when anything under it changes),
 * else A. A whiteout is D. An opaque directory over an image directory is D, as containers/storage reports it (the
 * image's directory and all under it went; what the upper dir holds again under it is A or C by the image), one new
 * to the image is A. The runtime's own mount points and run files (INIT_INODES) are left out.
 */
export function containerChanges(upper: UpperEntry[], lower: LowerView): Change[] {
  const out = new Map<string, ChangeKind>();
  for (const e of upper) {
    if (INIT_INODES.has(e.path)) continue;
    if (e.kind === 'whiteout') {
      if (lower.exists(e.path)) out.set(e.path, 'D');
      continue;
    }
    if (e.kind === 'opaque-dir' && lower.exists(e.path)) out.set(e.path, 'D');
    else out.set(e.path, lower.exists(e.path) ? 'C' : 'A');
  }
  return [...out].map(([path, kind]) => ({ path, kind })).sort((a, b) => byBytes(a.path, b.path));
}
