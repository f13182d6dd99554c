// Reads an overlay container layer (upper dir) and its image's lower dirs from disk for containerChanges.
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { lgetxattr } from '../sys/fs.ts';
import { OPAQUE_XATTR } from './apply.ts';
import { containerChanges, type Change, type LowerView, type UpperEntry } from './changes.ts';

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
