// Starting a created runc container the way `runc start` does it: reading the byte its init process waits to write to
// the exec fifo in runc's state directory, without starting runc itself.
import fs from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

export type FifoStart = 'started' | 'no-fifo' | 'dead';

/**
 * Opens `fifo` for reading without blocking (the init process already waits in its open for writing, and counts as a
 * writer), reads its one byte and removes the fifo, as runc's `start` does (libcontainer's exec()). 'no-fifo': the
 * container is not in the created state (the caller asks the runtime, for its words); 'dead': the init process went
 * away without writing (no writer left: end of file).
 */
export function startThroughExecFifo(fifo: string, timeoutMs = 10_000): FifoStart {
  let fd: number; // libuv opens every fd close-on-exec
  try {
    fd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'no-fifo';
    throw e;
  }
  try {
    const buf = Buffer.alloc(1);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if (fs.readSync(fd, buf, 0, 1, null) === 0) return 'dead';
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN' || Date.now() > deadline) throw e;
        // The writer is between its open and its write: microseconds, on another CPU.
        Atomics.wait(pause, 0, 0, 0.1);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.rmSync(fifo, { force: true });
  return 'started';
}
