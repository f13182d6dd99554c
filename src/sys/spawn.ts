// Process creation with posix_spawn(3) through koffi: no fork of Node's address space; exit status by SIGCHLD + waitpid(2).
import fs from 'node:fs';
import { constants as osConstants } from 'node:os';
import { koffi, libcTable } from './ffi.ts';
import { errnoError } from './fs.ts';

// Why not node:child_process on these paths: libuv forks the whole process (page tables of a ~50 MB heap) and blocks
// the event loop until the child has exec'd, 1.2-4 ms per helper, and the module with its stream machinery costs ~3 ms
// to load. glibc's posix_spawn uses clone(CLONE_VM|CLONE_VFORK): ~0.2 ms. A `run --rm` starts conmon, `runc start`
// and `runc delete` on its critical path.

const libc = libcTable({
  posix_spawnp: 'int posix_spawnp(_Out_ int *pid, const char *file, void *actions, void *attr, const char **argv, const char **envp)',
  actionsInit: 'int posix_spawn_file_actions_init(void *actions)',
  actionsDestroy: 'int posix_spawn_file_actions_destroy(void *actions)',
  addDup2: 'int posix_spawn_file_actions_adddup2(void *actions, int fd, int newfd)',
  addOpen: 'int posix_spawn_file_actions_addopen(void *actions, int fd, const char *path, int oflag, uint32_t mode)',
  addChdir: 'int posix_spawn_file_actions_addchdir_np(void *actions, const char *path)',
  attrInit: 'int posix_spawnattr_init(void *attr)',
  attrDestroy: 'int posix_spawnattr_destroy(void *attr)',
  setFlags: 'int posix_spawnattr_setflags(void *attr, short flags)',
  setSigMask: 'int posix_spawnattr_setsigmask(void *attr, const void *set)',
  setSigDefault: 'int posix_spawnattr_setsigdefault(void *attr, const void *set)',
  sigfillset: 'int sigfillset(void *set)',
  sigemptyset: 'int sigemptyset(void *set)',
  memfdCreate: 'int memfd_create(const char *name, unsigned int flags)',
  socketpair: 'int socketpair(int domain, int type, int protocol, void *sv)',
  waitpidNow: 'int waitpid(int pid, _Out_ int *status, int options)',
});


// glibc x86-64/aarch64 sizes are 80 (file actions), 336 (attr) and 128 (sigset_t) bytes; generous buffers cover them.
const ACTIONS_SIZE = 256;
const ATTR_SIZE = 512;
const SIGSET_SIZE = 128;
const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80;
const MFD_CLOEXEC = 1;
const AF_UNIX = 1;
const SOCK_STREAM = 1;
const SOCK_CLOEXEC = 0o2000000;
const WNOHANG = 1;

/** What the child gets on one descriptor: /dev/null, this process's own fd of that number, or a given fd. */
export type StdioSlot = 'ignore' | 'inherit' | number;

export interface SpawnSpec {
  /** argv[0] is `cmd`; a name without a slash is looked up in PATH. */
  cmd: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Child fds 0, 1, 2, 3...: an fd given here is dup'ed onto that number (ours stays open). Default: 0-2 ignored. */
  stdio?: readonly StdioSlot[];
  /** New session (setsid): the child gets no signal from this terminal. */
  newSession?: boolean;
}

let sigsets: { full: Buffer; empty: Buffer } | undefined;

function envList(env: NodeJS.ProcessEnv): Array<string | null> {
  const out: Array<string | null> = [];
  for (const k in env) {
    const v = env[k];
    if (v !== undefined) out.push(`${k}=${v}`);
  }
  out.push(null);
  return out;
}

/**
 * Starts a process and returns its pid. All signal dispositions are reset and none is blocked in the child (Node
 * ignores SIGPIPE, which exec would otherwise pass on). Throws an errno error (ENOENT, EACCES...) when it cannot run.
 */
export function spawnProcess(s: SpawnSpec): number {
  const c = libc();
  const actions = Buffer.alloc(ACTIONS_SIZE);
  const attr = Buffer.alloc(ATTR_SIZE);
  if (!sigsets) {
    const full = Buffer.alloc(SIGSET_SIZE);
    const empty = Buffer.alloc(SIGSET_SIZE);
    c.sigfillset(full);
    // glibc leaves its two internal signals (32 and 33, thread cancellation and setxid) out of sigfillset, and its
    // posix_spawn sets them to SIG_IGN in the child unless they are in the "default" set: exec would pass that on to
    // conmon, runc and the container's processes. Signal n is bit n-1 of the set.
    for (const sig of [32, 33]) full[(sig - 1) >> 3]! |= 1 << ((sig - 1) & 7);
    c.sigemptyset(empty);
    sigsets = { full, empty };
  }
  c.actionsInit(actions);
  c.attrInit(attr);
  try {
    const stdio = s.stdio ?? ['ignore', 'ignore', 'ignore'];
    stdio.forEach((slot, fd) => {
      if (slot === 'ignore') c.addOpen(actions, fd, '/dev/null', fd === 0 ? fs.constants.O_RDONLY : fs.constants.O_WRONLY, 0);
      // 'inherit': our own fd of that number. Node marks the fds it inherited close-on-exec as it starts; posix_spawn's
      // dup2 of an fd onto itself clears that flag in the child (glibc 2.29 and later).
      else c.addDup2(actions, slot === 'inherit' ? fd : slot, fd);
    });
    if (s.cwd !== undefined) c.addChdir(actions, s.cwd);
    c.setSigDefault(attr, sigsets.full);
    c.setSigMask(attr, sigsets.empty);
    c.setFlags(attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (s.newSession ? POSIX_SPAWN_SETSID : 0));
    const pid = [0];
    const rc = c.posix_spawnp(pid, s.cmd, actions, attr, [s.cmd, ...s.args, null], envList(s.env));
    if (rc !== 0) throw errnoError('spawn', s.cmd, rc);
    return pid[0]!;
  } finally {
    c.actionsDestroy(actions);
    c.attrDestroy(attr);
  }
}

export interface ExitStatus {
  /** The exit status, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Decodes a wait(2) status word. */
export function decodeWaitStatus(status: number): ExitStatus {
  const sig = status & 0x7f;
  if (sig === 0) return { code: (status >> 8) & 0xff, signal: null };
  return { code: null, signal: signalName(sig) };
}

let signalNames: Map<number, NodeJS.Signals> | undefined;
function signalName(n: number): NodeJS.Signals {
  if (!signalNames) {
    signalNames = new Map();
    // The first name of a number wins (SIGABRT before its alias SIGIOT).
    for (const [k, v] of Object.entries(osConstants.signals)) if (!signalNames.has(v)) signalNames.set(v, k as NodeJS.Signals);
  }
  return signalNames.get(n) ?? ('SIGKILL' as NodeJS.Signals);
}

/** Children being waited for: pid -> what to do with its status (or with the error when it cannot be waited for). */
const waiting = new Map<number, { resolve: (st: ExitStatus) => void; reject: (e: Error) => void }>();
let onChildSignal: (() => void) | undefined;
let keepAlive: NodeJS.Timeout | undefined;

/** Reaps every waited-for child that has ended (waitpid WNOHANG per pid: never one that is not ours). */
function reapEnded(): void {
  const status = [0];
  for (const [pid, w] of waiting) {
    const r = libc().waitpidNow(pid, status, WNOHANG);
    if (r === 0) continue;
    waiting.delete(pid);
    if (r === pid) w.resolve(decodeWaitStatus(status[0]!));
    else w.reject(errnoError('waitpid', String(pid)));
  }
  if (waiting.size === 0 && keepAlive) {
    clearInterval(keepAlive);
    keepAlive = undefined;
  }
}

/**
 * Resolves with the child's exit status once it has ended (reaping it). Driven by SIGCHLD: each one reaps, with
 * waitpid(pid, WNOHANG), the children waited for here (libuv's own handler does the same for child_process's, so
 * neither takes the other's). A signal handler does not keep Node's event loop alive: a timer does meanwhile, and it
 * reaps too, should a signal ever be missed.
 */
export function waitProcess(pid: number): Promise<ExitStatus> {
  return new Promise((resolve, reject) => {
    waiting.set(pid, { resolve, reject });
    if (!onChildSignal) {
      onChildSignal = reapEnded;
      process.on('SIGCHLD', onChildSignal);
    }
    keepAlive ??= setInterval(reapEnded, 1000);
    // It may have ended before the handler was there.
    reapEnded();
  });
}

/** An anonymous in-memory file (close-on-exec), e.g. to catch a helper's output without a pipe to drain. */
export function memfd(name: string): number {
  const fd = libc().memfdCreate(name, MFD_CLOEXEC);
  if (fd < 0) throw errnoError('memfd_create', name);
  return fd;
}

/** The whole content of a file by descriptor from offset 0, whatever its file position (a child shares it). */
export function readAllFromStart(fd: number): Buffer {
  const size = fs.fstatSync(fd).size;
  const buf = Buffer.allocUnsafe(size);
  let off = 0;
  while (off < size) {
    const n = fs.readSync(fd, buf, off, size - off, off);
    if (n === 0) break;
    off += n;
  }
  return buf.subarray(0, off);
}

/** A connected AF_UNIX stream socket pair, both ends close-on-exec: [ours, theirs]. */
export function socketPair(): [number, number] {
  const sv = Buffer.alloc(8);
  if (libc().socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) !== 0) throw errnoError('socketpair', '');
  return [sv.readInt32LE(0), sv.readInt32LE(4)];
}
