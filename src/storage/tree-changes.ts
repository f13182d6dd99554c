// The changes between two whole filesystem trees (podman diff A B), pure: what turns the old tree into the new one.
import { INIT_INODES, type Change } from './changes.ts';

/** One entry of a tree as lstat(2) sees it; a directory also has its children by name. */
export interface TreeNode {
  /** st_mode: the file type and the permission bits. */
  mode: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  /** st_mtime in nanoseconds. */
  mtimeNs: bigint;
  /** The security.capability extended attribute (file capabilities), hex; absent when there is none. */
  capability?: string;
  children?: Map<string, TreeNode>;
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const isDir = (n: TreeNode) => (n.mode & S_IFMT) === S_IFDIR;
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
const NS = 1_000_000_000n;

/** Equal times, or equal seconds where one side lost its nanoseconds (a tar archive's times carry none). */
const sameTime = (a: bigint, b: bigint) => a === b || (a / NS === b / NS && (a % NS === 0n || b % NS === 0n));

/**
 * Whether an entry present in both trees changed: its type, permissions, owner or device number, its file
 * capabilities, and (for anything but a directory, whose size and time say nothing about its content) its size or
 * modification time — as containers/storage compares two layers.
 */
function differs(old: TreeNode, now: TreeNode): boolean {
  if (old.mode !== now.mode || old.uid !== now.uid || old.gid !== now.gid || old.rdev !== now.rdev) return true;
  if (!isDir(old) && (old.size !== now.size || !sameTime(old.mtimeNs, now.mtimeNs))) return true;
  return (old.capability ?? '') !== (now.capability ?? '');
}

/**
 * Appends the changes under directory `path`: an entry only the new tree has is A (with everything under it), one
 * that differs is C, one only the old tree has is D (alone: what was under it goes with it). A directory not itself
 * reported gets a C before its children's changes when anything under it changed.
 */
function addChanges(path: string, now: TreeNode, old: TreeNode | undefined, reported: boolean, out: Change[]): void {
  const start = out.length;
  const oldChildren = new Map(old && isDir(old) ? old.children : undefined);
  for (const [name, child] of now.children ?? []) {
    const p = join(path, name);
    const before = oldChildren.get(name);
    oldChildren.delete(name);
    const kind = !before ? 'A' : differs(before, child) ? 'C' : undefined;
    if (kind) out.push({ path: p, kind });
    if (isDir(child)) addChanges(p, child, before, kind !== undefined, out);
  }
  for (const name of oldChildren.keys()) out.push({ path: join(path, name), kind: 'D' });
  if (out.length > start && !reported && path !== '/') out.splice(start, 0, { path, kind: 'C' });
}

/**
 * podman diff NEW OLD: the changes from the old tree to the new one, sorted by path (podman's order is its map
 * iteration's, so any order is podman's), without the runtime's mount points and run files that every container has.
 */
export function treeChanges(now: TreeNode, old: TreeNode): Change[] {
  const out: Change[] = [];
  addChanges('/', now, old, true, out);
  return out.filter((c) => !INIT_INODES.has(c.path)).sort((a, b) => byBytes(a.path, b.path));
}
