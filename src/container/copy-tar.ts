// cp's tar side: streaming a tree out of a root as tar, and extracting a tar under a directory without leaving its root.
import {
  chmodSync, closeSync, constants as C, fchmodSync, fchownSync, futimesSync, lchownSync, linkSync, lstatSync, lutimesSync,
  mkdirSync, openSync, readdirSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { posix } from 'node:path';
import { BerthError } from '../util/errors.ts';
import { mknodEntry } from '../sys/fs.ts';
import { cleanEntryPath } from '../storage/paths.ts';
import { RootResolver } from '../storage/resolve.ts';
import { encodeHeader, END_OF_ARCHIVE, padding, readTar, tarTypeOf, type TarHeader, type TarType } from '../storage/tar.ts';

const CHUNK = 256 * 1024;

/** uid/gid → name for the tar headers (podman's writer fills them from the host's user and group databases). */
export interface OwnerNames {
  user(uid: number): string | undefined;
  group(gid: number): string | undefined;
}

/**
 * Streams `abs` (already resolved inside its root) as tar: its top entry named `as`, or, when `as` is null, only the
 * directory's children at the archive's top. Symlinks are archived as links (never followed); hard links inside the
 * tree become tar hard links. File contents are read in chunks, so memory stays flat whatever the tree's size.
 */
export async function* packTree(abs: string, as: string | null, names?: OwnerNames): AsyncGenerator<Buffer> {
  const seen = new Map<string, string>();
  async function* entry(path: string, name: string): AsyncGenerator<Buffer> {
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st) return; // vanished while walking (a running container)
    const type = tarTypeOf(st);
    if (!type) return;
    // Directories are named without a trailing slash, as podman's copier writes them.
    const header: TarHeader = {
      name, type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: 0,
      mtime: Math.floor(st.mtimeMs / 1000), linkname: '', devmajor: 0, devminor: 0,
      uname: names?.user(st.uid) ?? '', gname: names?.group(st.gid) ?? '', xattrs: new Map(),
    };
    if (type === 'char' || type === 'block') {
      header.devmajor = Number((BigInt(st.rdev) >> 8n) & 0xfffn);
      header.devminor = Number((BigInt(st.rdev) & 0xffn) | ((BigInt(st.rdev) >> 12n) & 0xfff00n));
    }
    if (type === 'symlink') header.linkname = readlinkSync(path);
    if (type === 'file' && st.nlink > 1) {
      const key = `${st.dev}:${st.ino}`;
      const first = seen.get(key);
      if (first !== undefined) {
        yield encodeHeader({ ...header, type: 'link', linkname: first });
        return;
      }
      seen.set(key, name);
    }
    if (type !== 'file') {
      yield encodeHeader(header);
      if (type === 'dir') yield* children(path, name);
      return;
    }
    header.size = st.size;
    yield encodeHeader(header);
    // Exactly the size announced: a file growing or shrinking under a running container must not corrupt the stream.
    const fh = await open(path, 'r');
    try {
      let left = st.size;
      while (left > 0) {
        const buf = Buffer.alloc(Math.min(CHUNK, left));
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) {
          yield Buffer.alloc(left);
          break;
        }
        left -= bytesRead;
        yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
      }
    } finally {
      await fh.close();
    }
    yield padding(st.size);
  }
  async function* children(dir: string, prefix: string): AsyncGenerator<Buffer> {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) yield* entry(`${dir}/${n}`, prefix ? `${prefix}/${n}` : n);
  }
  if (as === null) yield* children(abs, '');
  else yield* entry(abs, as);
  yield END_OF_ARCHIVE;
}

export interface ExtractOptions {
  /** Every entry is owned by this pair instead of the archive's (podman's --archive=true into a container). */
  owner?: { uid: number; gid: number } | undefined;
  /** --overwrite: a directory may replace a non-directory and the other way round (otherwise that is an error). */
  overwrite: boolean;
  /** How the destination is named in errors (the path the user sees, not the host path under the rootfs). */
  display: (rel: string) => string;
}

const lstatOrUndefined = (p: string) => lstatSync(p, { throwIfNoEntry: false });

/** An entry name relative to the destination, `..` stopping at it as podman's copier does (`../../x` lands as `x`). */
const chrooted = (name: string) => cleanEntryPath(posix.normalize(`/${name}`), 'archive entry');

/**
 * Extracts a tar under `root`/`base` (base: a cleaned relative path of an existing directory). Entry names are taken
 * as rooted at `base` (`..` stops there, a leading `/` is dropped); every directory on the way is resolved as if
 * chrooted in `root`, so a symlink planted by the archive or already in the tree cannot lead a write outside it. The
 * final component is never followed: an existing symlink there is replaced, not written through. Returns the entry count.
 */
export async function extractUnder(src: AsyncIterable<Buffer>, root: string, base: string, o: ExtractOptions): Promise<number> {
  const res = new RootResolver(root);
  const dirTimes: Array<[string, number]> = [];
  let entries = 0;
  for await (const { header: h, body } of readTar(src)) {
    entries++;
    const rel = posix.join(base, chrooted(h.name)).replace(/^\.$/, '');
    if (rel === base || rel === '') continue; // the archive's `./`: the destination directory itself stays as it is
    const slash = rel.lastIndexOf('/');
    const parentRel = slash < 0 ? '' : rel.slice(0, slash);
    const name = rel.slice(slash + 1);
    const parent = res.dir(parentRel, true, h.name)!;
    const path = `${parent}/${name}`;
    const existing = lstatOrUndefined(path);
    const uid = o.owner?.uid ?? h.uid;
    const gid = o.owner?.gid ?? h.gid;
    if (existing) {
      const bothDirs = existing.isDirectory() && h.type === 'dir';
      if (!bothDirs) {
        if (existing.isDirectory() !== (h.type === 'dir') && !existing.isSymbolicLink() && !o.overwrite) {
          const op = h.type === 'dir' ? 'mkdir' : 'open';
          const why = h.type === 'dir' ? 'file exists' : 'is a directory';
          throw new BerthError('conflict', `error creating "${o.display(rel)}": ${op} ${o.display(rel)}: ${why}`);
        }
        if (existing.isDirectory()) rmSync(path, { recursive: true, force: true });
        else unlinkSync(path);
        res.invalidate();
      }
    }
    switch (h.type) {
      case 'dir':
        if (!existing?.isDirectory() || !lstatOrUndefined(path)) mkdirSync(path, { mode: 0o700 });
        lchownSync(path, uid, gid);
        chmodSync(path, h.mode);
        dirTimes.push([path, h.mtime]);
        break;
      case 'file': {
        const fd = openSync(path, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600);
        try {
          for await (const chunk of body) for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off);
          fchownSync(fd, uid, gid);
          fchmodSync(fd, h.mode); // after chown, which clears setuid/setgid
          futimesSync(fd, h.mtime, h.mtime);
        } finally {
          closeSync(fd);
        }
        break;
      }
      case 'symlink':
        symlinkSync(h.linkname, path);
        lchownSync(path, uid, gid);
        lutimesSync(path, h.mtime, h.mtime);
        break;
      case 'link': {
        const target = chrooted(h.linkname);
        const tRel = posix.join(base, target);
        const tSlash = tRel.lastIndexOf('/');
        const tDir = res.dir(tSlash < 0 ? '' : tRel.slice(0, tSlash), false, h.linkname);
        const tPath = tDir && `${tDir}/${tRel.slice(tSlash + 1)}`;
        const st = tPath ? lstatOrUndefined(tPath) : undefined;
        if (!tPath || !st || st.isDirectory()) throw new BerthError('invalid-argument', `hardlink "${h.name}" points to missing "${h.linkname}"`);
        linkSync(tPath, path);
        break;
      }
      case 'char':
      case 'block':
      case 'fifo': {
        mknodEntry(path, h.type, h.devmajor, h.devminor);
        lchownSync(path, uid, gid);
        chmodSync(path, h.mode);
        lutimesSync(path, h.mtime, h.mtime);
        break;
      }
    }
  }
  for (const [p, t] of dirTimes.reverse()) {
    try {
      lutimesSync(p, t, t);
    } catch {
      // replaced by a later entry
    }
  }
  return entries;
}
