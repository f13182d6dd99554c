// Applies an uncompressed layer tar onto a directory (overlay diff or vfs copy) safely, computing its diffID.
import { createHash } from 'node:crypto';
import {
  chmodSync, closeSync, constants as C, fchmodSync, fchownSync, futimesSync, lchownSync, linkSync, lstatSync,
  lutimesSync, mkdirSync, openSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeSync, type Stats,
} from 'node:fs';
import { constants as zc, createGunzip, createZstdDecompress } from 'node:zlib';
import type { Readable } from 'node:stream';
import { BerthError } from '../util/errors.ts';
import { fsetxattr, lsetxattr, makedev, mknod, mknodEntry, S_IFCHR } from '../sys/fs.ts';
import { cleanEntryPath, escapeError, whiteoutOf } from './paths.ts';
import { RootResolver } from './resolve.ts';
import { readTar, type TarHeader } from './tar.ts';

export type Driver = 'overlay' | 'vfs';
export type Compression = 'gzip' | 'zstd' | 'none';

export interface ApplyOptions {
  driver: Driver;
}

export interface ApplyResult {
  /** Bytes of regular-file content written (the layer's size on disk, roughly). */
  size: number;
  /** sha256 of the uncompressed tar stream, `sha256:<hex>`. */
  diffId: string;
  /** Length of the uncompressed tar stream in bytes. */
  tarSize: number;
}

export const OPAQUE_XATTR = 'trusted.overlay.opaque';

/** Wraps a (possibly compressed) layer blob stream into its uncompressed tar stream; errors propagate. */
export function decompressedStream(stream: Readable, compression: Compression): Readable {
  if (compression === 'none') return stream;
  const d =
    compression === 'gzip'
      ? createGunzip({ chunkSize: 64 * 1024 })
      : createZstdDecompress({ params: { [zc.ZSTD_d_windowLogMax]: 31 } });
  stream.on('error', (e) => d.destroy(e));
  return stream.pipe(d);
}

const errCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** lstat without an exception for a missing path (most entries of a layer are new: throwing cost ~10 us each). */
function lstatOrUndefined(p: string): Stats | undefined {
  return lstatSync(p, { throwIfNoEntry: false });
}

/** Writes one layer tar into `targetDir`. Never writes outside it; see docs/storage.md for the rules. */
export async function applyLayer(tarStream: AsyncIterable<Buffer> | Readable, targetDir: string, opts: ApplyOptions): Promise<ApplyResult> {
  return new LayerApplier(targetDir, opts.driver).run(tarStream);
}

class LayerApplier {
  private readonly res: RootResolver;
  private readonly driver: Driver;
  /** Absolute paths written by this layer (vfs opaque dirs keep them). */
  private readonly written = new Set<string>();
  private readonly dirTimes: Array<[string, number]> = [];
  private readonly opaqueDirs: string[] = [];
  private size = 0;

  constructor(root: string, driver: Driver) {
    this.res = new RootResolver(root);
    this.driver = driver;
  }

  async run(src: AsyncIterable<Buffer>): Promise<ApplyResult> {
    const hash = createHash('sha256');
    let tarSize = 0;
    async function* hashed() {
      for await (const c of src) {
        hash.update(c);
        tarSize += c.length;
        yield c as Buffer;
      }
    }
    for await (const { header, body } of readTar(hashed())) {
      await this.entry(header, body);
    }
    if (this.driver === 'vfs') for (const d of this.opaqueDirs) this.emptyExceptWritten(d);
    for (const [p, t] of this.dirTimes) {
      try {
        lutimesSync(p, t, t);
      } catch (e) {
        if (errCode(e) !== 'ENOENT') throw e; // removed by a later entry
      }
    }
    return { size: this.size, diffId: `sha256:${hash.digest('hex')}`, tarSize };
  }

  private async entry(h: TarHeader, body: AsyncIterable<Buffer>): Promise<void> {
    const rel = cleanEntryPath(h.name);
    const wh = whiteoutOf(rel);
    if (wh.kind === 'meta') return;
    if (wh.kind === 'opaque') return this.opaque(wh.dir, h);
    if (wh.kind === 'whiteout') return this.whiteout(wh.dir, wh.name, h);
    if (rel === '') {
      if (h.type !== 'dir') throw new BerthError('invalid-argument', `tar entry "${h.name}" replaces the layer root with a ${h.type}`);
      return this.metadata(this.res.root, h, true);
    }
    const slash = rel.lastIndexOf('/');
    const parent = this.res.dir(slash < 0 ? '' : rel.slice(0, slash), true, h.name)!;
    const path = `${parent}/${rel.slice(slash + 1)}`;
    const existing = lstatOrUndefined(path);
    if (existing && !(existing.isDirectory() && h.type === 'dir')) this.remove(path, existing);
    this.markWritten(path);
    switch (h.type) {
      case 'dir':
        if (!existing?.isDirectory()) mkdirSync(path, { mode: 0o700 });
        return this.metadata(path, h, true);
      case 'file':
        return this.file(path, h, body);
      case 'symlink':
        symlinkSync(h.linkname, path);
        return this.metadata(path, h, false);
      case 'link':
        linkSync(this.hardlinkTarget(h), path);
        return;
      case 'char':
      case 'block':
      case 'fifo': {
        mknodEntry(path, h.type, h.devmajor, h.devminor);
        return this.metadata(path, h, false);
      }
    }
  }

  private async file(path: string, h: TarHeader, body: AsyncIterable<Buffer>): Promise<void> {
    const fd = openSync(path, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600);
    try {
      for await (const chunk of body) {
        for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off);
      }
      this.size += h.size;
      fchownSync(fd, h.uid, h.gid);
      fchmodSync(fd, h.mode); // after chown, which clears setuid/setgid
      for (const [k, v] of h.xattrs) fsetxattr(fd, k, v, path); // after chown/write, which clear security.capability
      futimesSync(fd, h.mtime, h.mtime);
    } finally {
      closeSync(fd);
    }
  }

  /** Owner, mode, xattrs and mtime for a non-regular entry (dirs' mtimes are set after their children). */
  private metadata(path: string, h: TarHeader, isDir: boolean): void {
    lchownSync(path, h.uid, h.gid);
    if (h.type !== 'symlink') chmodSync(path, h.mode);
    for (const [k, v] of h.xattrs) {
      try {
        lsetxattr(path, k, v);
      } catch (e) {
        // user.* xattrs are not allowed on symlinks and device nodes: skip them there, as tar does
        if (!(errCode(e) === 'EPERM' && k.startsWith('user.') && h.type !== 'dir')) throw e;
      }
    }
    if (isDir) this.dirTimes.push([path, h.mtime]);
    else lutimesSync(path, h.mtime, h.mtime);
  }

  /** The hardlink's target: must already exist inside the root (this layer's tree for overlay), never a directory. */
  private hardlinkTarget(h: TarHeader): string {
    const rel = cleanEntryPath(h.linkname, 'hardlink target');
    if (rel === '') throw escapeError(h.linkname, 'hardlink target');
    const slash = rel.lastIndexOf('/');
    const dir = this.res.dir(slash < 0 ? '' : rel.slice(0, slash), false, h.linkname);
    const target = dir && `${dir}/${rel.slice(slash + 1)}`;
    const st = target ? lstatOrUndefined(target) : undefined;
    if (!target || !st) throw new BerthError('invalid-argument', `hardlink "${h.name}" points to missing "${h.linkname}"`);
    if (st.isDirectory()) throw new BerthError('invalid-argument', `hardlink "${h.name}" points to a directory`);
    return target;
  }

  private whiteout(dirRel: string, name: string, h: TarHeader): void {
    const dir = this.res.dir(dirRel, this.driver === 'overlay', h.name);
    if (!dir) return; // vfs: nothing to delete below a missing directory
    const path = `${dir}/${name}`;
    const existing = lstatOrUndefined(path);
    if (existing) this.remove(path, existing);
    if (this.driver === 'overlay') {
      mknod(path, S_IFCHR | 0o000, makedev(0, 0));
      lchownSync(path, h.uid, h.gid);
      this.markWritten(path);
    }
  }

  private opaque(dirRel: string, h: TarHeader): void {
    const dir = this.res.dir(dirRel, true, h.name)!;
    if (this.driver === 'overlay') lsetxattr(dir, OPAQUE_XATTR, Buffer.from('y'));
    else this.opaqueDirs.push(dir); // emptied at the end, keeping what this layer wrote whatever the entry order
  }

  /** Records a path and its ancestors (implicitly created parents count as this layer's). */
  private markWritten(path: string): void {
    for (let p = path; p.length > this.res.root.length && !this.written.has(p); p = p.slice(0, p.lastIndexOf('/'))) {
      this.written.add(p);
    }
  }

  private emptyExceptWritten(dir: string): void {
    for (const name of readdirSync(dir)) {
      const p = `${dir}/${name}`;
      const st = lstatSync(p);
      if (!this.written.has(p)) this.remove(p, st);
      else if (st.isDirectory()) this.emptyExceptWritten(p);
    }
  }

  private remove(path: string, st: Stats): void {
    if (st.isDirectory()) {
      rmSync(path, { recursive: true, force: true });
      this.res.invalidate();
    } else {
      unlinkSync(path);
      if (st.isSymbolicLink()) this.res.invalidate();
    }
  }
}
