// Produces layer tars from directories: an overlay upper dir (whiteouts, opaque dirs) or a whole tree. Streams, sorted.
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Stats } from 'node:fs';
import { lgetxattr, llistxattr, major, minor } from '../sys/fs.ts';
import { OPAQUE_XATTR } from './apply.ts';
import { opaqueName, whiteoutName } from './paths.ts';
import { encodeHeader, END_OF_ARCHIVE, padding, tarTypeOf, type TarHeader, type TarType } from './tar.ts';

const CHUNK = 1 << 20;

/** Whether an xattr travels in layer tars: overlay's own trusted.overlay.* and ACL system.* ones stay behind. */
const exportedXattr = (name: string) => !name.startsWith('trusted.overlay.') && !name.startsWith('system.');

function xattrsOf(path: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of llistxattr(path)) {
    if (!exportedXattr(name)) continue;
    const v = lgetxattr(path, name);
    if (v !== undefined) out.set(name, v);
  }
  return out;
}


const isOverlayWhiteout = (st: Stats) => st.isCharacterDevice() && st.rdev === 0;

function header(name: string, type: TarType, st: Stats, extra: Partial<TarHeader> = {}): TarHeader {
  return {
    name,
    type,
    mode: st.mode & 0o7777,
    uid: st.uid,
    gid: st.gid,
    size: 0,
    mtime: Math.floor(st.mtimeMs / 1000),
    linkname: '',
    devmajor: type === 'char' || type === 'block' ? major(st.rdev) : 0,
    devminor: type === 'char' || type === 'block' ? minor(st.rdev) : 0,
    uname: '',
    gname: '',
    xattrs: new Map(),
    ...extra,
  };
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function* fileBody(path: string, size: number): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    let left = size;
    while (left > 0) {
      const buf = Buffer.allocUnsafe(Math.min(left, CHUNK));
      const { bytesRead } = await fh.read(buf, 0, buf.length, size - left);
      if (bytesRead === 0) {
        yield Buffer.alloc(left); // file shrank while archiving: keep the header's promise with zeros
        break;
      }
      left -= bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

async function* walk(root: string, overlay: boolean): AsyncGenerator<Buffer> {
  const links = new Map<string, string>(); // dev:ino -> first archived name
  async function* dir(rel: string): AsyncGenerator<Buffer> {
    const abs = rel ? `${root}/${rel}` : root;
    const names = (await readdir(abs)).sort(byBytes);
    for (const n of names) {
      const name = rel ? `${rel}/${n}` : n;
      const p = `${root}/${name}`;
      const st = await lstat(p);
      if (overlay && isOverlayWhiteout(st)) {
        const wh = header(whiteoutName(rel, n), 'file', st, { mode: 0o600 });
        yield encodeHeader(wh);
        continue;
      }
      const type = tarTypeOf(st);
      if (!type) continue;
      const xattrs = xattrsOf(p);
      if (type === 'dir') {
        yield encodeHeader(header(`${name}/`, 'dir', st, { xattrs }));
        if (overlay && lgetxattr(p, OPAQUE_XATTR)?.toString() === 'y') {
          yield encodeHeader(header(opaqueName(name), 'file', st, { mode: 0o600, xattrs: new Map() }));
        }
        yield* dir(name);
        continue;
      }
      if (st.nlink > 1) {
        const key = `${st.dev}:${st.ino}`;
        const first = links.get(key);
        if (first !== undefined) {
          yield encodeHeader(header(name, 'link', st, { linkname: first, xattrs: new Map() }));
          continue;
        }
        links.set(key, name);
      }
      if (type === 'symlink') {
        yield encodeHeader(header(name, 'symlink', st, { linkname: await readlink(p), xattrs }));
      } else if (type === 'file') {
        yield encodeHeader(header(name, 'file', st, { size: st.size, xattrs }));
        yield* fileBody(p, st.size);
        yield padding(st.size);
      } else {
        yield encodeHeader(header(name, type, st, { xattrs }));
      }
    }
  }
  yield* dir('');
  yield END_OF_ARCHIVE;
}

/**
 * The layer tar of an overlay upper directory: whiteout devices (char 0/0) become `.wh.NAME` entries, directories
 * with trusted.overlay.opaque=y get a `.wh..wh..opq` entry. `lowerDirs` is accepted for drivers that need to compare
 * (vfs naive diff); overlay's upper dir alone is the diff.
 */
export function diffLayer(upperDir: string, _lowerDirs: string[] = []): Readable {
  return Readable.from(walk(upperDir.replace(/\/+$/, ''), true), { objectMode: false });
}

/** A tar of a whole directory tree (a full layer), entries in byte order, no whiteout translation. */
export function tarDirectory(dir: string): Readable {
  return Readable.from(walk(dir.replace(/\/+$/, ''), false), { objectMode: false });
}
