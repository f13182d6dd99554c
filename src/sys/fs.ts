// Filesystem syscalls Node lacks (mknod, xattrs) through libc via the koffi FFI, with Node-style errno errors.
import { readdirSync, readlinkSync } from 'node:fs';
import { constants } from 'node:os';
import { koffi, libcTable } from './ffi.ts';

/** The few libc functions Berth needs for files and mounts, bound on first use; shared with mount.ts. */
export const libcFns = libcTable({
  mknod: 'int mknod(const char *path, uint32_t mode, uint64_t dev)',
  lsetxattr: 'int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)',
  fsetxattr: 'int fsetxattr(int fd, const char *name, const void *value, size_t size, int flags)',
  lgetxattr: 'intptr_t lgetxattr(const char *path, const char *name, _Out_ void *value, size_t size)',
  llistxattr: 'intptr_t llistxattr(const char *path, _Out_ void *list, size_t size)',
  lremovexattr: 'int lremovexattr(const char *path, const char *name)',
  mount: 'int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const char *data)',
  umount2: 'int umount2(const char *target, int flags)',
});

const ERRNO_NAMES = new Map<number, string>(Object.entries(constants.errno).map(([k, v]) => [v, k]));

/**
 * An Error shaped like Node's fs errors (code, errno, syscall, path), for the errno of the last libc call or one given
 * (posix_spawn returns its error instead of setting errno).
 */
export function errnoError(syscall: string, path: string, errno: number = koffi().errno()): NodeJS.ErrnoException {
  const code = ERRNO_NAMES.get(errno) ?? `E${errno}`;
  const e: NodeJS.ErrnoException = new Error(`${code}: ${syscall} '${path}'`);
  e.code = code;
  e.errno = errno;
  e.syscall = syscall;
  e.path = path;
  return e;
}

/** File-type bits for mknod, as in <sys/stat.h>. */
export const S_IFCHR = 0o020000;
export const S_IFBLK = 0o060000;
export const S_IFIFO = 0o010000;

/** glibc's makedev encoding of a device number. */
export function makedev(major: number, minor: number): bigint {
  const ma = BigInt(major);
  const mi = BigInt(minor);
  return ((ma & 0xfffn) << 8n) | ((ma & ~0xfffn) << 32n) | (mi & 0xffn) | ((mi & ~0xffn) << 12n);
}

export function major(dev: number | bigint): number {
  const d = BigInt(dev);
  return Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
}

export function minor(dev: number | bigint): number {
  const d = BigInt(dev);
  return Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
}

/** mknod(2): mode carries the file type (S_IFCHR, S_IFBLK, S_IFIFO) and permission bits. */
export function mknod(path: string, mode: number, dev: bigint = 0n): void {
  if (libcFns().mknod(path, mode, dev) !== 0) throw errnoError('mknod', path);
}

/** A char device, block device or fifo node as an archive entry describes it (0600 until its metadata is applied). */
export function mknodEntry(path: string, type: 'char' | 'block' | 'fifo', devMajor: number, devMinor: number): void {
  const kind = type === 'char' ? S_IFCHR : type === 'block' ? S_IFBLK : S_IFIFO;
  mknod(path, kind | 0o600, type === 'fifo' ? 0n : makedev(devMajor, devMinor));
}

/** Sets an extended attribute without following a final symlink. */
export function lsetxattr(path: string, name: string, value: Buffer): void {
  if (libcFns().lsetxattr(path, name, value, value.length, 0) !== 0) throw errnoError('lsetxattr', path);
}

export function fsetxattr(fd: number, name: string, value: Buffer, pathForErrors = `fd ${fd}`): void {
  if (libcFns().fsetxattr(fd, name, value, value.length, 0) !== 0) throw errnoError('fsetxattr', pathForErrors);
}

export function lremovexattr(path: string, name: string): void {
  if (libcFns().lremovexattr(path, name) !== 0) throw errnoError('lremovexattr', path);
}

/** Reads one extended attribute, or undefined when the file does not have it. */
export function lgetxattr(path: string, name: string): Buffer | undefined {
  const fns = libcFns();
  for (let size = 256; ; size *= 4) {
    const buf = Buffer.alloc(size);
    const n = Number(fns.lgetxattr(path, name, buf, size));
    if (n >= 0) return buf.subarray(0, n);
    const e = errnoError('lgetxattr', path);
    if (e.code === 'ENODATA' || e.code === 'ENOTSUP' || e.code === 'EOPNOTSUPP') return undefined;
    if (e.code !== 'ERANGE' || size > 1 << 20) throw e;
  }
}

/** Lists extended attribute names (without following a final symlink); [] where unsupported. */
export function llistxattr(path: string): string[] {
  const fns = libcFns();
  for (let size = 1024; ; size *= 4) {
    const buf = Buffer.alloc(size);
    const n = Number(fns.llistxattr(path, buf, size));
    if (n >= 0) return n === 0 ? [] : buf.subarray(0, n).toString('utf8').split('\0').filter(Boolean);
    const e = errnoError('llistxattr', path);
    if (e.code === 'ENOTSUP' || e.code === 'EOPNOTSUPP') return [];
    if (e.code !== 'ERANGE' || size > 1 << 20) throw e;
  }
}

/**
 * The first of fds 3..3+count-1 this process was not given by its parent (undefined when all were), for --preserve-fds.
 * Flags cannot tell: Node marks every inherited fd close-on-exec as it starts (libuv's uv_disable_stdio_inheritance).
 * Its first fd of its own is the event loop's epoll instance, made at the lowest free number: every fd below that one
 * was inherited, and one at or above it is Node's (or one the parent left after a gap, which podman would not pass).
 */
export function firstMissingPassedFd(count: number): number | undefined {
  const open = new Set<number>();
  let loop = Infinity;
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    open.add(fd);
    try {
      if (readlinkSync(`/proc/self/fd/${name}`) === 'anon_inode:[eventpoll]') loop = Math.min(loop, fd);
    } catch {
      // Closed meanwhile (the directory's own fd).
    }
  }
  for (let fd = 3; fd < 3 + count; fd++) if (!open.has(fd) || fd >= loop) return fd;
  return undefined;
}
