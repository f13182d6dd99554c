// A minimal streaming tar codec (ustar, GNU long names, PAX with binary xattrs): reader for apply, header writer for diff.
import { BerthError } from '../util/errors.ts';

export type TarType = 'file' | 'link' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo';

/** The tar entry type of a file from its lstat; undefined for a socket, which tar does not archive. */
export function tarTypeOf(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isFIFO(): boolean }): TarType | undefined {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isFIFO()) return 'fifo';
  return undefined;
}

export interface TarHeader {
  name: string;
  type: TarType;
  mode: number; // permission bits incl. setuid/setgid/sticky (& 0o7777)
  uid: number;
  gid: number;
  size: number;
  mtime: number; // seconds since the epoch, may be fractional (PAX)
  linkname: string;
  devmajor: number;
  devminor: number;
  uname: string;
  gname: string;
  /** Extended attributes from PAX `SCHILY.xattr.NAME` records, values as raw bytes. */
  xattrs: Map<string, Buffer>;
}

export interface TarEntry {
  header: TarHeader;
  /** The entry's content; must be consumed (or left: the reader skips what was not read) before the next entry. */
  body: AsyncIterable<Buffer>;
}

const BLOCK = 512;
const XATTR_PREFIX = 'SCHILY.xattr.';
const TYPES: Record<string, TarType> = {
  '0': 'file', '\0': 'file', '7': 'file', '1': 'link', '2': 'symlink', '3': 'char', '4': 'block', '5': 'dir', '6': 'fifo',
};

const bad = (msg: string) => new BerthError('invalid-argument', `invalid tar stream: ${msg}`);

/** Pulls exact byte counts out of an async chunk source, hashing nothing itself. */
class ByteReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly it: AsyncIterator<Buffer>;
  private done = false;
  constructor(src: AsyncIterable<Buffer>) {
    this.it = src[Symbol.asyncIterator]();
  }
  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const r = await this.it.next();
    if (r.done) {
      this.done = true;
      return false;
    }
    const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
    if (b.length) {
      this.chunks.push(b);
      this.buffered += b.length;
    }
    return true;
  }
  /** Exactly n bytes, or null at a clean end of input; throws on a short read. */
  async exact(n: number): Promise<Buffer | null> {
    while (this.buffered < n) {
      if (!(await this.fill())) {
        if (this.buffered === 0) return null;
        throw bad('unexpected end of archive');
      }
    }
    const out = this.take(n);
    return out.length === n ? out : Buffer.concat([out, this.take(n - out.length)]);
  }
  /** Up to n bytes (at least 1), without copying when a chunk allows. */
  async some(n: number): Promise<Buffer> {
    while (this.buffered === 0) if (!(await this.fill())) throw bad('unexpected end of archive');
    return this.take(n);
  }
  private take(n: number): Buffer {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n && this.chunks.length) {
      const c = this.chunks[0]!;
      const want = n - got;
      if (c.length <= want) {
        parts.push(c);
        this.chunks.shift();
        got += c.length;
      } else {
        parts.push(c.subarray(0, want));
        this.chunks[0] = c.subarray(want);
        got += want;
      }
    }
    this.buffered -= got;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
  }
  /** Stops reading the source (destroys a Node stream through its iterator's return()). */
  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.it.return?.();
    }
  }
  async skip(n: number): Promise<void> {
    while (n > 0) n -= (await this.some(Math.min(n, 1 << 20))).length;
  }
  /** Reads and discards everything left (trailing padding after the end-of-archive blocks). */
  async drain(): Promise<void> {
    this.chunks = [];
    this.buffered = 0;
    while (await this.fill()) {
      this.chunks = [];
      this.buffered = 0;
    }
  }
}

function parseNumber(buf: Buffer, off: number, len: number): number {
  const f = buf.subarray(off, off + len);
  if (f[0]! & 0x80) {
    // base-256 (GNU): big-endian two's complement, first byte's top bit is the marker
    let v = BigInt(f[0]! & 0x7f);
    for (let i = 1; i < f.length; i++) v = (v << 8n) | BigInt(f[i]!);
    return Number(v);
  }
  const s = f.toString('latin1').replace(/[\0 ].*$/s, '').trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw bad(`bad numeric field "${s}"`);
  return parseInt(s, 8);
}

const str = (buf: Buffer, off: number, len: number) => {
  const f = buf.subarray(off, off + len);
  const z = f.indexOf(0);
  return (z < 0 ? f : f.subarray(0, z)).toString('utf8');
};

function checksumOk(h: Buffer): boolean {
  const want = parseNumber(h, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 32 : h[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return want === unsigned || want === signed;
}

/** Parses PAX records ("LEN key=value\n"), keeping values as bytes. */
export function parsePax(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let off = 0;
  while (off < buf.length) {
    const sp = buf.indexOf(0x20, off);
    if (sp < 0) break;
    const len = parseInt(buf.subarray(off, sp).toString('latin1'), 10);
    if (!(len > 0) || off + len > buf.length) throw bad('malformed PAX record');
    const rec = buf.subarray(sp + 1, off + len - 1); // drop trailing \n
    const eq = rec.indexOf(0x3d);
    if (eq < 0) throw bad('malformed PAX record');
    out.set(rec.subarray(0, eq).toString('utf8'), rec.subarray(eq + 1));
    off += len;
  }
  return out;
}

const pad = (n: number) => (BLOCK - (n % BLOCK)) % BLOCK;

/**
 * Reads a tar stream entry by entry. Each entry's body must be consumed or abandoned before asking for the next.
 * The source is drained to its end after the end-of-archive marker.
 */
export async function* readTar(src: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const r = new ByteReader(src);
  let global = new Map<string, Buffer>();
  let local: Map<string, Buffer> | null = null;
  let longName: string | null = null;
  let longLink: string | null = null;
  try {
    yield* entries();
  } finally {
    await r.close();
  }
  async function* entries(): AsyncGenerator<TarEntry> {
    const readMeta = async (size: number) => {
      if (size > 16 << 20) throw bad('metadata entry too large');
      const b = (await r.exact(size)) ?? Buffer.alloc(0);
      await r.skip(pad(size));
      return b;
    };
    for (;;) {
      const h = await r.exact(BLOCK);
      if (h === null) return; // no end-of-archive marker: accept like tar does
      if (h.every((b) => b === 0)) {
        await r.drain();
        return;
      }
      if (!checksumOk(h)) throw bad('header checksum mismatch');
      const flag = String.fromCharCode(h[156]!);
      let size = parseNumber(h, 124, 12);
      if (flag === 'x' || flag === 'g') {
        const recs = parsePax(await readMeta(size));
        if (flag === 'g') global = new Map([...global, ...recs]);
        else local = recs;
        continue;
      }
      if (flag === 'L' || flag === 'K') {
        const v = str(await readMeta(size), 0, size);
        if (flag === 'L') longName = v;
        else longLink = v;
        continue;
      }
      const type = TYPES[flag];
      if (!type) throw bad(`unsupported entry type '${flag.replace(/\0/, '\\0')}'`);
      const pax = new Map([...global, ...(local ?? [])]);
      const magic = h.subarray(257, 263).toString('latin1');
      let name = str(h, 0, 100);
      const prefix = magic === 'ustar\0' ? str(h, 345, 155) : '';
      if (prefix) name = `${prefix}/${name}`;
      let linkname = str(h, 157, 100);
      if (longName !== null) name = longName;
      if (longLink !== null) linkname = longLink;
      const num = (k: string, d: number) => {
        const v = pax.get(k);
        return v === undefined ? d : Number(v.toString('latin1'));
      };
      if (pax.has('path')) name = pax.get('path')!.toString('utf8');
      if (pax.has('linkpath')) linkname = pax.get('linkpath')!.toString('utf8');
      size = num('size', size);
      if (type !== 'file') size = 0; // header-only types carry no data (as Go's archive/tar reads them)
      const xattrs = new Map<string, Buffer>();
      for (const [k, v] of pax) if (k.startsWith(XATTR_PREFIX)) xattrs.set(k.slice(XATTR_PREFIX.length), v);
      const header: TarHeader = {
        name,
        type,
        mode: parseNumber(h, 100, 8) & 0o7777,
        uid: num('uid', parseNumber(h, 108, 8)),
        gid: num('gid', parseNumber(h, 116, 8)),
        size,
        mtime: num('mtime', parseNumber(h, 136, 12)),
        linkname,
        devmajor: parseNumber(h, 329, 8),
        devminor: parseNumber(h, 337, 8),
        uname: pax.get('uname')?.toString('utf8') ?? str(h, 265, 32),
        gname: pax.get('gname')?.toString('utf8') ?? str(h, 297, 32),
        xattrs,
      };
      local = null;
      longName = null;
      longLink = null;
      let left = size;
      const body: AsyncIterable<Buffer> = {
        async *[Symbol.asyncIterator]() {
          while (left > 0) {
            const b = await r.some(Math.min(left, 1 << 20));
            left -= b.length;
            yield b;
          }
        },
      };
      yield { header, body };
      await r.skip(left + pad(size));
    }
  }
}

// ---- writing ----

const ASCII = /^[\x20-\x7e]*$/;

function octal(buf: Buffer, off: number, len: number, v: number): boolean {
  const s = Math.floor(v).toString(8);
  if (v < 0 || s.length > len - 1) return false;
  buf.write(s.padStart(len - 1, '0') + '\0', off, len, 'latin1');
  return true;
}

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`, 'utf8'), value, Buffer.from('\n')]);
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return Buffer.concat([Buffer.from(String(len), 'latin1'), body]);
}

const TYPE_FLAGS: Record<TarType, string> = { file: '0', link: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' };

function ustarBlock(h: TarHeader, name: string, linkname: string, size: number, typeflag: string): Buffer {
  const b = Buffer.alloc(BLOCK);
  let prefix = '';
  let nm = name;
  if (Buffer.byteLength(nm) > 100) {
    const i = nm.lastIndexOf('/', 155);
    if (i > 0 && nm.length - i - 1 <= 100) {
      prefix = nm.slice(0, i);
      nm = nm.slice(i + 1);
    } else nm = nm.slice(0, 100);
  }
  b.write(nm, 0, 100, 'utf8');
  octal(b, 100, 8, h.mode & 0o7777);
  if (!octal(b, 108, 8, h.uid)) octal(b, 108, 8, 0);
  if (!octal(b, 116, 8, h.gid)) octal(b, 116, 8, 0);
  if (!octal(b, 124, 12, size)) octal(b, 124, 12, 0);
  octal(b, 136, 12, Math.max(0, Math.min(h.mtime, 0o77777777777)));
  b.write(typeflag, 156, 1, 'latin1');
  b.write(linkname.slice(0, 100), 157, 100, 'utf8');
  b.write('ustar\x0000', 257, 8, 'latin1');
  b.write(h.uname.slice(0, 31), 265, 32, 'utf8');
  b.write(h.gname.slice(0, 31), 297, 32, 'utf8');
  octal(b, 329, 8, h.devmajor);
  octal(b, 337, 8, h.devminor);
  b.write(prefix, 345, 155, 'utf8');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i]!;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return b;
}

/** Encodes an entry's header block(s): a PAX header first when a field does not fit ustar or xattrs are present. */
export function encodeHeader(h: TarHeader): Buffer {
  const recs: Buffer[] = [];
  const nameFits = ASCII.test(h.name) && (h.name.length <= 100 || fitsPrefix(h.name));
  if (!nameFits) recs.push(paxRecord('path', Buffer.from(h.name, 'utf8')));
  if (!(ASCII.test(h.linkname) && h.linkname.length <= 100)) recs.push(paxRecord('linkpath', Buffer.from(h.linkname, 'utf8')));
  if (h.size > 0o77777777777) recs.push(paxRecord('size', Buffer.from(String(h.size))));
  if (h.uid > 0o7777777) recs.push(paxRecord('uid', Buffer.from(String(h.uid))));
  if (h.gid > 0o7777777) recs.push(paxRecord('gid', Buffer.from(String(h.gid))));
  for (const [k, v] of [...h.xattrs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) recs.push(paxRecord(XATTR_PREFIX + k, v));
  const main = ustarBlock(h, h.name, h.linkname, h.size, TYPE_FLAGS[h.type]);
  if (!recs.length) return main;
  const data = Buffer.concat(recs);
  const base = h.name.replace(/\/+$/, '').split('/').pop() ?? '';
  const paxName = `PaxHeaders.0/${base.replace(/[^\x20-\x7e]/g, '_')}`.slice(0, 100);
  const ph = ustarBlock({ ...h, mode: 0o644 }, paxName, '', data.length, 'x');
  return Buffer.concat([ph, data, Buffer.alloc(pad(data.length)), main]);
}

function fitsPrefix(name: string): boolean {
  const i = name.lastIndexOf('/', 155);
  return i > 0 && name.length - i - 1 <= 100;
}

export const padding = (size: number) => Buffer.alloc(pad(size));
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);
