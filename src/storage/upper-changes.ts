// Reads overlay layer dirs from disk: a container's upper dir against its image's (containerChanges), and whole merged
// trees for comparing two containers or images (treeChanges).
import { lstatSync, readdirSync, type BigIntStats, type Stats } from 'node:fs';
import { lgetxattr } from '../sys/fs.ts';
import { OPAQUE_XATTR } from './apply.ts';
import { containerChanges, type Change, type LowerView, type UpperEntry } from './changes.ts';
import type { TreeNode } from './tree-changes.ts';

const isWhiteout = (st: Stats) => st.isCharacterDevice() && st.rdev === 0;
const isOpaque = (abs: string) => lgetxattr(abs, OPAQUE_XATTR)?.toString() === 'y';

function statOrUndefined(abs: string): Stats | undefined {
  try {
    return lstatSync(abs);
  } catch {
    return undefined;
  }
}

/** Every entry of an upper dir, depth first, paths as seen inside the container. */
export function upperEntries(upperDir: string): UpperEntry[] {
  const out: UpperEntry[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(`${upperDir}${rel}`)) {
      const path = `${rel}/${name}`;
      const abs = `${upperDir}${path}`;
      const st = lstatSync(abs);
      if (isWhiteout(st)) out.push({ path, kind: 'whiteout' });
      else if (st.isDirectory()) {
        out.push({ path, kind: isOpaque(abs) ? 'opaque-dir' : 'dir' });
        walk(path);
      } else out.push({ path, kind: 'other' });
    }
  };
  walk('');
  return out;
}

const ancestorsOf = (path: string): string[] => {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
};

/** The merged image as overlay would show it, from lower dirs given top layer first (whiteouts and opaque dirs applied). */
export function lowerView(lowerDirsTopFirst: string[]): LowerView {
  const exists = (path: string): boolean => {
    for (const layer of lowerDirsTopFirst) {
      let hidesBelow = false;
      for (const a of ancestorsOf(path)) {
        const st = statOrUndefined(`${layer}${a}`);
        if (!st) continue;
        if (isWhiteout(st) || !st.isDirectory()) return false;
        if (isOpaque(`${layer}${a}`)) hidesBelow = true;
      }
      const st = statOrUndefined(`${layer}${path}`);
      if (st) return !isWhiteout(st);
      if (hidesBelow) return false;
    }
    return false;
  };
  return { exists };
}

/** The container's changes against its image: read straight from the layer dirs, mounted or not. */
export function overlayContainerChanges(upperDir: string, lowerDirsTopFirst: string[]): Change[] {
  return containerChanges(upperEntries(upperDir), lowerView(lowerDirsTopFirst));
}

const CAPABILITY_XATTR = 'security.capability';

function bigStat(abs: string): BigIntStats | undefined {
  try {
    return lstatSync(abs, { bigint: true });
  } catch {
    return undefined;
  }
}

/**
 * The tree overlay would show for layer dirs given top first (whiteouts and opaque directories applied), read without
 * mounting it: a directory's entries are the union of its copies in the layers that show it, the topmost copy of a
 * name winning. A whiteout hides the name below it; a non-directory or an opaque directory hides the copies below.
 */
export function mergedTree(layersTopFirst: string[]): TreeNode {
  const node = (abs: string, st: BigIntStats): TreeNode => {
    const cap = st.isFile() ? lgetxattr(abs, CAPABILITY_XATTR) : undefined;
    return {
      mode: Number(st.mode), uid: Number(st.uid), gid: Number(st.gid), rdev: Number(st.rdev), size: Number(st.size), mtimeNs: st.mtimeNs,
      ...(cap?.length ? { capability: cap.toString('hex') } : {}),
    };
  };
  /** A directory from its copies in the layers that show it, top first. */
  const dir = (copies: string[], self: TreeNode): TreeNode => {
    const children = new Map<string, TreeNode>();
    const hidden = new Set<string>();
    copies.forEach((d, i) => {
      let names: string[];
      try {
        names = readdirSync(d);
      } catch {
        return;
      }
      for (const name of names) {
        if (children.has(name) || hidden.has(name)) continue;
        const abs = `${d}/${name}`;
        const st = bigStat(abs);
        if (!st) continue;
        if (st.isCharacterDevice() && st.rdev === 0n) {
          hidden.add(name);
          continue;
        }
        if (!st.isDirectory()) {
          children.set(name, node(abs, st));
          continue;
        }
        const own = [abs];
        if (!isOpaque(abs)) {
          for (const lower of copies.slice(i + 1)) {
            const l = `${lower}/${name}`;
            const lst = bigStat(l);
            if (!lst) continue;
            if (!lst.isDirectory()) break;
            own.push(l);
            if (isOpaque(l)) break;
          }
        }
        children.set(name, dir(own, node(abs, st)));
      }
    });
    return { ...self, children };
  };
  const roots = layersTopFirst.filter((d) => bigStat(d)?.isDirectory());
  const top = roots[0];
  if (!top) return { mode: 0o040755, uid: 0, gid: 0, rdev: 0, size: 0, mtimeNs: 0n, children: new Map() };
  return dir(roots, node(top, bigStat(top)!));
}
