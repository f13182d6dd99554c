// The conmon adapter: spawns conmon for container create and exec sessions, drives its sync/start/attach pipes.
import fs from 'node:fs';
import path from 'node:path';
import { helperEnv, launch } from '../sys/exec.ts';
import { readChunks, type ChunkReader } from '../sys/socket.ts';
import { memfd, readAllFromStart, socketPair, type StdioSlot } from '../sys/spawn.ts';
import { BerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import { CONMON_PATH, attachPaths, conmonCreateArgs, conmonExecArgs, type ConmonLogDriver, type ConmonSharedOptions } from './conmon-args.ts';
import { MessageReader } from './conmon-pipes.ts';
import { procStartTime, readExitFile } from './exit.ts';
import { ociRuntimeError } from './oci-runtime-errors.ts';
import type { OciRuntime } from './oci-runtime.ts';

export interface ConmonCommonOptions {
  runtime: OciRuntime;
  conmonPath?: string;
  tty: boolean;
  stdin: boolean;
  exitCommand?: string[];
  logLevel?: ConmonSharedOptions['logLevel'];
  /** Give up if conmon has not reported after this long (default 60 s). */
  timeoutMs?: number;
  /** --timeout: conmon kills the container after this many seconds (-T). */
  killAfterSeconds?: number;
  /** Puts the daemonized conmon into its cgroup (see joinCgroupAfterFork). */
  joinCgroup?: (conmonPid: number) => Promise<void>;
  /** --preserve-fds N: this process's fds 3..3+N-1 (inherited, checked by the caller) are passed on to the container. */
  preserveFds?: number;
}

export interface CreateContainerOptions extends ConmonCommonOptions {
  id: string;
  name: string;
  /** OCI bundle (config.json); conmon creates attach, ctl, winsz and oci-log here. */
  bundle: string;
  /** Directory for pidfile and conmon.pid (default: the bundle). */
  runDir?: string;
  exitDir: string;
  /** k8s-file (default): conmon writes logPath; none: no log; passthrough: the container gets this process's stdio. */
  logDriver?: ConmonLogDriver;
  logPath: string;
  logSizeMax?: number;
  socketDir?: string;
  persistDir?: string;
  /**
   * Keep the container's stdin open when an attach client disconnects (conmon closes it otherwise, so a
   * detached session could not type again after re-attaching). Default: true with a terminal.
   */
  leaveStdinOpen?: boolean;
}

export interface ConmonProcess {
  /** The container's (or exec process's) host pid. */
  pid: number;
  /** The daemonized conmon's pid, and its /proc start time (to detect pid reuse). */
  conmonPid: number;
  conmonStartTime: string | null;
  attachSocket: string;
  ctlPath: string;
}

interface Spawned {
  pid: number;
  /** conmon's messages; read from the first call on (the bytes wait in the socket until then). */
  sync: () => MessageReader;
  /** Stops reading the sync pipe (if it was read) and closes our end. */
  closeSync: () => void;
  /** Our end of the start pipe: conmon waits for a byte on it. */
  startPipe: number;
  attachPipe: MessageReader | undefined;
  stderr: () => string;
  /** The in-memory file behind stderr(). */
  errFd: number;
  exited: Promise<number>;
  kill: () => void;
}

/** A MessageReader over our end of a socket pair, read on the thread pool until conmon closes its end. */
function messagesFrom(fd: number): MessageReader {
  const utf8 = new TextDecoder();
  let source: ChunkReader | undefined;
  const reader = new MessageReader(() => source?.close());
  source = readChunks(fd, (b) => reader.feed(utf8.decode(b, { stream: true })), () => reader.end());
  return reader;
}

/**
 * Starts conmon with its sync pipe (fd 3) and start pipe (fd 4: conmon waits for a byte on it before it forks), and
 * for an attached exec its attach pipe (fd 5). The "pipes" are Unix
 * socket pairs: conmon only reads and writes them, and a socket lets close() wake a read still pending on our side.
 * Its stderr goes to an in-memory file, read only when something failed. With `passthrough` conmon gets this process's
 * stdin, stdout and stderr instead, and hands them on to the runtime and so to the container (podman passes its own
 * stdio to every conmon; only the passthrough driver keeps them).
 */
function spawnConmon(conmonPath: string, args: string[], withAttachPipe: boolean, preserveFds = 0, passthrough = false): Spawned {
  // Preserved fds keep their numbers (3..3+N-1); conmon's pipes follow them.
  const first = 3 + preserveFds;
  const env: NodeJS.ProcessEnv = { ...helperEnv(), _OCI_SYNCPIPE: String(first) };
  delete env['NOTIFY_SOCKET'];
  const ours: number[] = [];
  const theirs: number[] = [];
  const pair = () => {
    const [a, b] = socketPair();
    ours.push(a);
    theirs.push(b);
    return [a, b] as const;
  };
  const errFd = memfd('conmon-stderr');
  try {
    const [syncFd, syncChild] = pair();
    const [startFd, startChild] = pair();
    const preserved = Array.from({ length: preserveFds }, (_, i) => 3 + i);
    const own: StdioSlot[] = passthrough ? ['inherit', 'inherit', 'inherit'] : ['ignore', 'ignore', errFd];
    const stdio: StdioSlot[] = [...own, ...preserved, syncChild, startChild];
    env['_OCI_STARTPIPE'] = String(first + 1);
    let attachFd: number | undefined;
    if (withAttachPipe) {
      const [a, b] = pair();
      attachFd = a;
      stdio.push(b);
      env['_OCI_ATTACHPIPE'] = String(first + 2);
    }
    let sync: MessageReader | undefined;
    // A new session: a terminal's ^C or hang-up never reaches conmon.
    const child = launch(conmonPath, args, { stdio, env, newSession: true });
    for (const fd of theirs.splice(0)) fs.closeSync(fd);
    return {
      pid: child.pid,
      // Read only once someone waits for a message: the first read starts libuv's thread pool (~0.5 ms), which a
      // create would otherwise pay before it writes the bundle rather than while the runtime runs.
      sync: () => (sync ??= messagesFrom(syncFd)),
      closeSync: () => {
        if (sync) sync.close();
        else fs.closeSync(syncFd);
      },
      startPipe: startFd,
      attachPipe: attachFd === undefined ? undefined : messagesFrom(attachFd),
      stderr: () => {
        try {
          return readAllFromStart(errFd).subarray(0, 8192).toString('utf8').trim();
        } catch {
          return '';
        }
      },
      errFd,
      exited: child.exited,
      kill: () => {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      },
    };
  } catch (e) {
    for (const fd of [...ours, ...theirs, errFd]) fs.closeSync(fd);
    throw e;
  }
}

/** Stops reading conmon's pipes and closes our ends (conmon keeps its own for the container's life). */
function release(s: Spawned): void {
  s.closeSync();
  s.attachPipe?.close();
  fs.closeSync(s.startPipe);
  fs.closeSync(s.errFd);
}

/**
 * o.joinCgroup for the daemonized conmon, once the process we spawned has exited after forking it (its pid is in the
 * conmon pidfile by then). Podman moves conmon before it lets it go on; moving the daemon right after the fork keeps
 * conmon's own accounting the same, and lets the kernel's wait for the first attach in a while (an RCU grace period,
 * 5-15 ms here) overlap the runtime's start-up, whose own attach of the container then shares that wait. A failure is
 * a warning, as in podman; a conmon already gone (its container failed at once) is not one.
 */
function joinCgroupAfterFork(o: ConmonCommonOptions, s: Spawned, conmonPidFile: string): Promise<void> {
  const join = o.joinCgroup;
  if (!join) return Promise.resolve();
  return s.exited.then(async (code) => {
    if (code !== 0) return;
    try {
      await join(readConmonPid(conmonPidFile));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') log.warn(`Failed to add conmon to cgroupfs sandbox cgroup: ${(e as Error).message}`);
    }
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new BerthError('internal', `timed out after ${ms}ms waiting for conmon to ${what}`));
    }, ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Waits for conmon's first sync message (the pid) and its daemonization (the intermediate exits). */
async function awaitPid(s: Spawned, runtimeName: string, what: string): Promise<number> {
  const msg = await s.sync().next();
  if (msg === null || msg.data < 0) {
    const code = await s.exited;
    const text = msg?.message ?? '';
    if (text) throw ociRuntimeError(runtimeName, text);
    throw new BerthError('internal', `conmon failed to ${what} (exit status ${code})${s.stderr() ? `: ${s.stderr()}` : ''}`);
  }
  return msg.data;
}

function readConmonPid(file: string): number {
  const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
  if (!(pid > 0)) throw new BerthError('internal', `conmon wrote no pid to ${file}`);
  return pid;
}

/** A conmon started for `<runtime> create` that waits on its start pipe until go(). */
export interface PendingCreate {
  /** The conmon process waiting on its start pipe. */
  readonly pid: number;
  /** Lets conmon run the runtime's create; resolves once the container is "created" and conmon has detached. */
  go(): Promise<ConmonProcess>;
  /** Kills the waiting conmon and closes the pipes (for a failure before go()). */
  abort(): void;
}

/**
 * Starts conmon for a create and leaves it waiting on its start pipe: exec, dynamic linking and option parsing (~2 ms)
 * then happen while the caller still writes the bundle, which must be complete before go(). Conmon reads the start
 * pipe before it forks, so a waiting conmon has started nothing. (Were this process killed before go(), the pipe's end
 * would let conmon go on with whatever bundle there is: no config.json fails the create, and a complete one leaves a
 * created container that `rm -f` removes as it does after any crash between create and the recorded state.)
 */
export function startCreate(o: CreateContainerOptions): PendingCreate {
  const runDir = o.runDir ?? o.bundle;
  fs.mkdirSync(runDir, { recursive: true });
  fs.mkdirSync(o.exitDir, { recursive: true });
  const logFile = (o.logDriver ?? 'k8s-file') === 'k8s-file';
  if (logFile) fs.mkdirSync(path.dirname(o.logPath), { recursive: true });
  fs.mkdirSync(o.runtime.stateRoot, { recursive: true });
  if (o.socketDir) fs.mkdirSync(o.socketDir, { recursive: true });
  const conmonPidFile = path.join(runDir, 'conmon.pid');
  const pidFile = path.join(runDir, 'pidfile');
  for (const f of [conmonPidFile, pidFile, path.join(o.exitDir, o.id)]) fs.rmSync(f, { force: true });
  const args = conmonCreateArgs({
    id: o.id, uuid: o.id, name: o.name, runtimePath: o.runtime.path,
    runtimeArgs: o.runtime.globalArgs(path.join(o.bundle, 'oci-log')),
    bundle: o.bundle, pidFile, conmonPidFile, exitDir: o.exitDir, logPath: o.logPath, tty: o.tty, stdin: o.stdin,
    ...(o.logDriver ? { logDriver: o.logDriver } : {}),
    ...(o.exitCommand ? { exitCommand: o.exitCommand } : {}),
    ...(o.socketDir ? { socketDir: o.socketDir } : {}),
    ...(o.persistDir ? { persistDir: o.persistDir } : {}),
    leaveStdinOpen: o.stdin && (o.leaveStdinOpen ?? o.tty),
    ...(o.logSizeMax ? { logSizeMax: o.logSizeMax } : {}),
    ...(o.logLevel ? { logLevel: o.logLevel } : {}),
    ...(o.killAfterSeconds ? { timeoutSeconds: o.killAfterSeconds } : {}),
    ...(o.preserveFds ? { preserveFds: o.preserveFds } : {}),
  });
  const s = spawnConmon(o.conmonPath ?? CONMON_PATH, args, false, o.preserveFds, o.logDriver === 'passthrough');
  let settled = false;
  return {
    pid: s.pid,
    async go() {
      if (settled) throw new BerthError('internal', 'conmon create already settled');
      settled = true;
      try {
        const run = async () => {
          fs.writeSync(s.startPipe, '0');
          const inCgroup = joinCgroupAfterFork(o, s, conmonPidFile);
          const pid = await awaitPid(s, o.runtime.name, 'create the container');
          const code = await s.exited;
          if (code !== 0) throw new BerthError('internal', `conmon exited with status ${code}: ${s.stderr()}`);
          await inCgroup;
          const conmonPid = readConmonPid(conmonPidFile);
          return { pid, conmonPid, conmonStartTime: procStartTime(conmonPid), ...paths(o.bundle) };
        };
        return await withTimeout(run(), o.timeoutMs ?? 60_000, 'create the container', s.kill);
      } finally {
        release(s);
      }
    },
    abort() {
      if (settled) return;
      settled = true;
      // Killed before the pipe closes: conmon must not take the closed pipe as its start signal.
      s.kill();
      release(s);
    },
  };
}

/**
 * Spawns conmon, which runs `<runtime> create`; resolves once the container is in state "created" and conmon
 * has detached (the spawned process exited, the real conmon's pid is in the conmon pidfile).
 */
export function createContainer(o: CreateContainerOptions): Promise<ConmonProcess> {
  return startCreate(o).go();
}

const paths = (bundle: string) => {
  const p = attachPaths(bundle);
  return { attachSocket: p.attach, ctlPath: p.ctl };
};

export interface ExecSessionOptions extends ConmonCommonOptions {
  containerId: string;
  sessionId: string;
  /** The session's directory: process.json, pidfile, conmon.pid, attach socket, ctl, exit file (exits/). */
  sessionDir: string;
  /** The OCI process object (args, env, cwd, user, terminal, capabilities...). */
  process: Record<string, unknown>;
  logPath?: string;
  /**
   * Called once conmon's attach socket is ready and before the process starts (with --exec-attach), so no
   * output is lost; typically starts `attach()` on the socket. Without it the exec is not attached.
   */
  onAttachReady?: (p: { attachSocket: string; ctlPath: string }) => Promise<void> | void;
  /** Return as soon as the process runs, without waiting for its exit code. */
  detach?: boolean;
}

export interface ExecResult extends ConmonProcess {
  /** The exit code, unless detached. */
  exitCode?: number;
  exitDir: string;
}

/** Runs a process in a running container through `conmon --exec`; returns its exit code unless detached. */
export async function execContainer(o: ExecSessionOptions): Promise<ExecResult> {
  const dir = o.sessionDir;
  const exitDir = path.join(dir, 'exits');
  fs.mkdirSync(exitDir, { recursive: true });
  const spec = path.join(dir, 'process.json');
  fs.writeFileSync(spec, JSON.stringify({ ...o.process, terminal: o.tty }));
  const conmonPidFile = path.join(dir, 'conmon.pid');
  const pidFile = path.join(dir, 'pidfile');
  for (const f of [conmonPidFile, pidFile, path.join(exitDir, o.containerId)]) fs.rmSync(f, { force: true });
  const attach = o.onAttachReady !== undefined;
  const args = conmonExecArgs({
    id: o.containerId, uuid: o.sessionId, runtimePath: o.runtime.path,
    runtimeArgs: o.runtime.globalArgs(path.join(dir, 'oci-log')),
    bundle: dir, pidFile, conmonPidFile, exitDir, tty: o.tty, stdin: o.stdin, processSpec: spec, attach,
    ...(o.logPath ? { logPath: o.logPath } : {}),
    ...(o.exitCommand ? { exitCommand: o.exitCommand } : {}),
    ...(o.logLevel ? { logLevel: o.logLevel } : {}),
    ...(o.killAfterSeconds ? { timeoutSeconds: o.killAfterSeconds } : {}),
    ...(o.preserveFds ? { preserveFds: o.preserveFds } : {}),
  });
  const s = spawnConmon(o.conmonPath ?? CONMON_PATH, args, attach, o.preserveFds);
  let pid = -1;
  const run = async (): Promise<ExecResult> => {
    fs.writeSync(s.startPipe, '0');
    const inCgroup = joinCgroupAfterFork(o, s, conmonPidFile);
    if (attach) {
      const ready = await s.attachPipe!.next();
      if (ready === null || ready.data < 0) {
        throw new BerthError('internal', `conmon failed to set up the exec attach socket: ${ready?.message ?? s.stderr()}`);
      }
      await o.onAttachReady!(paths(dir));
      fs.writeSync(s.startPipe, '1');
    }
    pid = await awaitPid(s, o.runtime.name, 'start the exec session');
    await s.exited;
    await inCgroup;
    const conmonPid = readConmonPid(conmonPidFile);
    const base = { pid, conmonPid, conmonStartTime: procStartTime(conmonPid), exitDir, ...paths(dir) };
    if (o.detach) return base;
    const done = await s.sync().next();
    const exitCode = done?.data ?? readExitFile(exitDir, o.containerId);
    if (exitCode === null || exitCode === undefined) {
      throw new BerthError('internal', `exec session ${o.sessionId}: conmon reported no exit code`);
    }
    if (done?.message && exitCode < 0) throw ociRuntimeError(o.runtime.name, done.message);
    return { ...base, exitCode };
  };
  try {
    // The timeout covers only the start; a non-detached exec may run for as long as it likes.
    const startTimeout = o.timeoutMs ?? 60_000;
    let started = false;
    const p = run();
    void p.then(() => undefined, () => undefined);
    const t = setTimeout(() => {
      if (pid < 0 && !started) s.kill();
    }, startTimeout);
    try {
      return await p;
    } finally {
      started = true;
      clearTimeout(t);
    }
  } finally {
    release(s);
  }
}
