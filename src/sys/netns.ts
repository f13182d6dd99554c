// A new network namespace bind-mounted on a file, made by this process's own thread (unshare, bind mount, loopback
// up, back), as Podman's netns package does: no `unshare ip link set lo up` helper pair (~13 ms of a bridge `run`).
import { libcTable } from './ffi.ts';
import { errnoError } from './fs.ts';
import { mount, umount, MS_BIND } from './mount.ts';

const CLONE_NEWNET = 0x40000000;
const O_RDONLY_CLOEXEC = 0o2000000;
const AF_INET = 2;
const SOCK_DGRAM_CLOEXEC = 2 | 0o2000000;
const SIOCGIFFLAGS = 0x8913;
const SIOCSIFFLAGS = 0x8914;
const IFF_UP = 0x1;
/** struct ifreq: 16 bytes of name, then a union whose first member is the short ifr_flags. */
const IFREQ_SIZE = 40;
const IFR_FLAGS_OFFSET = 16;

const nsCalls = libcTable({
  open: 'int open(const char *path, int flags)',
  close: 'int close(int fd)',
  unshare: 'int unshare(int flags)',
  setns: 'int setns(int fd, int nstype)',
  socket: 'int socket(int domain, int type, int protocol)',
  ioctl: 'int ioctl(int fd, unsigned long request, _Inout_ uint8_t *arg)',
});
type NsCalls = ReturnType<typeof nsCalls>;

/**
 * Creates a network namespace and bind-mounts it on `file` (which must exist), with its loopback up. Only the calling
 * thread ever enters the new namespace (namespaces belong to threads; Node's other threads never see it), and it is
 * back in its own before this returns or throws.
 */
export function createNetnsOnFile(file: string): void {
  const c = nsCalls();
  const own = c.open('/proc/thread-self/ns/net', O_RDONLY_CLOEXEC);
  if (own < 0) throw errnoError('open', '/proc/thread-self/ns/net');
  let mounted = false;
  try {
    if (c.unshare(CLONE_NEWNET) !== 0) throw errnoError('unshare', file);
    try {
      mount('/proc/thread-self/ns/net', file, 'none', { flags: MS_BIND });
      mounted = true;
      loopbackUp(c);
    } finally {
      // Must not fail: the thread would stay in the new namespace. setns(2) to a namespace we hold open cannot,
      // short of the kernel running out of memory; then nothing this process does next could be trusted.
      if (c.setns(own, CLONE_NEWNET) !== 0) {
        process.stderr.write(`Error: returning to the host network namespace: ${errnoError('setns', file).message}\n`);
        process.exit(125);
      }
    }
  } catch (e) {
    if (mounted) {
      try {
        umount(file, { detach: true });
      } catch {
        // The caller removes the file; a lazy unmount that failed leaves nothing mounted to leak.
      }
    }
    throw e;
  } finally {
    c.close(own);
  }
}

/** ifconfig lo up, in the namespace the calling thread is in. */
function loopbackUp(c: NsCalls): void {
  const s = c.socket(AF_INET, SOCK_DGRAM_CLOEXEC, 0);
  if (s < 0) throw errnoError('socket', 'lo');
  try {
    const req = new Uint8Array(IFREQ_SIZE);
    req.set(Buffer.from('lo\0'), 0);
    if (c.ioctl(s, SIOCGIFFLAGS, req) !== 0) throw errnoError('ioctl(SIOCGIFFLAGS)', 'lo');
    const view = new DataView(req.buffer);
    view.setInt16(IFR_FLAGS_OFFSET, view.getInt16(IFR_FLAGS_OFFSET, true) | IFF_UP, true);
    if (c.ioctl(s, SIOCSIFFLAGS, req) !== 0) throw errnoError('ioctl(SIOCSIFFLAGS)', 'lo');
  } finally {
    c.close(s);
  }
}
