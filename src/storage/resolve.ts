// Resolves paths inside a root directory without ever leaving it: symlinks are followed as if chrooted there.
import { lstatSync, mkdirSync, readlinkSync } from 'node:fs';
import { BerthError } from '../util/errors.ts';
import { symlinkSteps } from './paths.ts';

const MAX_SYMLINKS = 40;

/**
 * Walks directory paths below `root` component by component with lstat. A symlink met on the way is followed with
 * its target interpreted inside the root (absolute targets start at the root, `..` stops at the root), so a tar that
 * plants `link -> /etc` and then writes `link/passwd` writes `<root>/etc/passwd`, never the host's. Results are cached
 * until `invalidate()` (call it whenever a directory or symlink inside the root is removed or replaced).
 */
export class RootResolver {
  readonly root: string;
  private cache = new Map<string, string>();
  constructor(root: string) {
    this.root = root.replace(/\/+$/, '') || '/';
  }

  invalidate(): void {
    this.cache.clear();
  }

  /**
   * The real absolute path of directory `rel` (a cleaned relative path, '' for the root). Missing components are
   * created (mode 0755) when `create` is set, otherwise undefined is returned for a missing path.
   */
  dir(rel: string, create: boolean, entryName = rel): string | undefined {
    if (rel === '') return this.root;
    const hit = this.cache.get(rel);
    if (hit) return hit;
    const resolved: string[] = [];
    const queue = rel.split('/');
    let hops = 0;
    while (queue.length) {
      const c = queue.shift()!;
      if (c === '' || c === '.') continue;
      if (c === '..') {
        resolved.pop();
        continue;
      }
      const p = `${this.root}/${resolved.length ? resolved.join('/') + '/' : ''}${c}`;
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (!st) {
        if (!create) return undefined;
        mkdirSync(p, { mode: 0o755 });
        resolved.push(c);
        continue;
      }
      if (st.isDirectory()) resolved.push(c);
      else if (st.isSymbolicLink()) {
        if (++hops > MAX_SYMLINKS) throw new BerthError('invalid-argument', `too many levels of symbolic links resolving "${entryName}"`);
        const { fromRoot, parts } = symlinkSteps(readlinkSync(p));
        if (fromRoot) resolved.length = 0;
        queue.unshift(...parts);
      } else {
        throw new BerthError('invalid-argument', `cannot apply tar entry "${entryName}": "${rel}" is not a directory`);
      }
    }
    const out = resolved.length ? `${this.root}/${resolved.join('/')}` : this.root;
    this.cache.set(rel, out);
    return out;
  }
}
