// AF_UNIX SOCK_SEQPACKET client sockets (Node's net lacks them) through libc via koffi; I/O on the fd via node:fs.
import fs from 'node:fs';
import path from 'node:path';
import { libcTable } from './ffi.ts';
import { errnoError } from './fs.ts';

const libc = libcTable({
  socket: 'int socket(int domain, int type, int protocol)',
  connect: 'int connect(int fd, const void *addr, uint32_t len)',
  shutdown: 'int shutdown(int fd, int how)',
});

const AF_UNIX = 1;
const SOCK_SEQPACKET = 5;
const SOCK_CLOEXEC = 0o2000000;
const SUN_PATH_MAX = 108;
export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;

function sockaddrUn(p: string): Buffer {
  const b = Buffer.alloc(2 + SUN_PATH_MAX);
  b.writeUInt16LE(AF_UNIX, 0);
  b.write(p, 2, 'utf8');
  return b;
}

/**
 * Connects a blocking SOCK_SEQPACKET socket to `socketPath` and returns its fd. Paths longer than sun_path
 * are reached through /proc/self/fd/<dirfd>/<name>, as conmon itself binds them.
 */
export function connectSeqpacket(socketPath: string): number {
  const c = libc();
  let dirFd = -1;
  let addr = socketPath;
  if (Buffer.byteLength(socketPath) >= SUN_PATH_MAX) {
    dirFd = fs.openSync(path.dirname(socketPath), fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    addr = `/proc/self/fd/${dirFd}/${path.basename(socketPath)}`;
  }
  try {
    const fd = c.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0) throw errnoError('socket', socketPath);
    if (c.connect(fd, sockaddrUn(addr), 2 + SUN_PATH_MAX) !== 0) {
      const e = errnoError('connect', socketPath);
      fs.closeSync(fd);
      throw e;
    }
    return fd;
  } finally {
    if (dirFd >= 0) fs.closeSync(dirFd);
  }
}

/** shutdown(2): wakes a read blocked in another thread (it then returns 0). */
export function shutdownSocket(fd: number, how: number = SHUT_RDWR): void {
  libc().shutdown(fd, how);
}

/**
 * Reads one record per call (SEQPACKET keeps message boundaries) on libuv's thread pool.
 * Resolves to null at end of stream (peer closed or shutdown).
 */
export function readRecord(fd: number, max = 65536): Promise<Buffer | null> {
  const buf = Buffer.allocUnsafe(max);
  return new Promise((resolve, reject) => {
    fs.read(fd, buf, 0, max, null, (err, n) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ECONNRESET' || code === 'EBADF' || code === 'ENOTCONN') resolve(null);
        else reject(err);
      } else resolve(n === 0 ? null : buf.subarray(0, n));
    });
  });
}

/** Sends one record (blocking; records are small). */
export function writeRecord(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
}

export interface ChunkReader {
  /** Stops reading: wakes a read blocked in the thread pool (shutdown) and closes the descriptor once it returns. */
  close(): void;
}

/**
 * Reads a stream socket (e.g. one end of socketPair()) chunk by chunk on libuv's thread pool until its peer closes
 * it or close() is called; onEnd runs once either way.
 */
export function readChunks(fd: number, onData: (b: Buffer) => void, onEnd: () => void): ChunkReader {
  const buf = Buffer.allocUnsafe(8192);
  let closing = false;
  let reading = false;
  let ended = false;
  const finish = () => {
    if (!ended) {
      ended = true;
      onEnd();
    }
    if (closing && !reading) fs.close(fd, () => undefined);
  };
  const next = () => {
    if (closing) return finish();
    reading = true;
    fs.read(fd, buf, 0, buf.length, null, (err, n) => {
      reading = false;
      if (err || n === 0) {
        closing = true;
        return finish();
      }
      onData(Buffer.from(buf.subarray(0, n)));
      next();
    });
  };
  next();
  return {
    close() {
      if (closing) return;
      closing = true;
      if (reading) shutdownSocket(fd, SHUT_RDWR);
      else finish();
    },
  };
}
