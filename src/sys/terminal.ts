// Whether a file descriptor is a terminal, without loading node:tty (~1.7 ms) for the usual answers.
import { fstatSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Linux's major number of the memory devices (/dev/null, /dev/zero, /dev/urandom): never terminals. */
const MEM_MAJOR = 1;

/** isatty(3): fds that are not character devices, or are memory devices such as /dev/null, are answered from fstat. */
export function isTerminal(fd: number): boolean {
  let st;
  try {
    st = fstatSync(fd);
  } catch {
    return false;
  }
  if (!st.isCharacterDevice()) return false;
  const major = Math.floor(st.rdev / 256) & 0xfff;
  if (major === MEM_MAJOR) return false;
  const tty = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  return tty.isatty(fd);
}
