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

/** What the image (the lower layers merged) holds: whether a path exists, and a directory's child names. */
export interface LowerView {
  exists(path: string): boolean;
  children(dir: string): string[];
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const childPath = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);

/**
 * The changes of a container against its image, sorted by path as podman prints them. An entry present in the upper
 * dir is C when the image has it (directories included: overlay copies a directory up when anything under it changes),
 * else A. A whiteout is D. An opaque directory hides every image child the upper dir does not hold again: each is D.
 */
export function containerChanges(upper: UpperEntry[], lower: LowerView): Change[] {
  const inUpper = new Set(upper.map((e) => e.path));
  const out = new Map<string, ChangeKind>();
  for (const e of upper) {
    if (e.kind === 'whiteout') {
      if (lower.exists(e.path)) out.set(e.path, 'D');
      continue;
    }
    out.set(e.path, lower.exists(e.path) ? 'C' : 'A');
    if (e.kind === 'opaque-dir' && lower.exists(e.path)) {
      for (const name of lower.children(e.path)) {
        const p = childPath(e.path, name);
        if (!inUpper.has(p)) out.set(p, 'D');
      }
    }
  }
  return [...out].map(([path, kind]) => ({ path, kind })).sort((a, b) => byBytes(a.path, b.path));
}
