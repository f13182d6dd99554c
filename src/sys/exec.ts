// The only module that spawns processes: timeouts, the helper's stderr tail in errors, debug command lines.
import { spawn, spawnSync, type SpawnOptions, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { memfd, readAllFromStart, spawnProcess, waitProcess, type ExitStatus, type StdioSlot } from './spawn.ts';
import { BerthError } from '../util/errors.ts';
import { enabled, log } from '../util/log.ts';

export interface RunOptions {
  /** Kill the helper after this many milliseconds (default: none). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Bytes written to the helper's stdin. */
  input?: string | Buffer;
  /** Don't throw on a non-zero exit; return the result. */
  allowFailure?: boolean;
}

export interface RunResult {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const TAIL = 2000;

let envCopy: NodeJS.ProcessEnv | undefined;
/**
 * The environment helpers inherit: a plain copy of process.env, made once. Spawning walks every key of the env it
 * gets, and process.env's are native getters (~0.4 ms per spawn for ~35 variables); Berth never changes its own
 * environment after start-up.
 */
export function helperEnv(): NodeJS.ProcessEnv {
  envCopy ??= { ...process.env };
  return envCopy;
}
const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
export const commandLine = (cmd: string, args: readonly string[]) => [cmd, ...args].map(quote).join(' ');

function failure(cmd: string, args: readonly string[], r: RunResult): BerthError {
  const tail = r.stderr.trim().slice(-TAIL) || r.stdout.trim().slice(-TAIL);
  const how = r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`;
  return new BerthError('internal', `${cmd} ${args[0] ?? ''}: ${how}${tail ? `: ${tail}` : ''}`.replace(/ +:/, ':'));
}

function spawnFailure(cmd: string, e: unknown): BerthError {
  const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
  return new BerthError(missing ? 'unavailable' : 'internal', `${cmd}: ${missing ? 'executable file not found in $PATH' : (e as Error).message}`);
}

/**
 * Runs a helper to completion and collects its output. Started with posix_spawn (src/sys/spawn.ts), its stdin, stdout
 * and stderr are in-memory files: nothing to drain while it runs, all read back once it has exited.
 */
export async function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  if (enabled('debug')) log.debug(`running: ${commandLine(cmd, args)}`);
  const fds: number[] = [];
  try {
    const output = (name: string) => {
      const fd = memfd(name);
      fds.push(fd);
      return fd;
    };
    let stdin: StdioSlot = 'ignore';
    if (opts.input !== undefined) {
      stdin = output('stdin');
      const data = typeof opts.input === 'string' ? Buffer.from(opts.input) : opts.input;
      // At explicit offsets: the shared file position stays at 0, where the helper starts reading.
      for (let off = 0; off < data.length; ) off += fs.writeSync(stdin, data, off, data.length - off, off);
    }
    const out = output('stdout');
    const err = output('stderr');
    let pid: number;
    try {
      pid = spawnProcess({ cmd, args, env: opts.env ?? helperEnv(), ...(opts.cwd ? { cwd: opts.cwd } : {}), stdio: [stdin, out, err] });
    } catch (e) {
      throw spawnFailure(cmd, e);
    }
    const timers = opts.timeoutMs === undefined ? undefined : killAfter(pid, opts.timeoutMs);
    let status: ExitStatus;
    try {
      status = await waitProcess(pid);
    } finally {
      timers?.cancel();
    }
    const r: RunResult = {
      code: status.code ?? -1,
      signal: status.signal,
      stdout: readAllFromStart(out).toString('utf8'),
      stderr: readAllFromStart(err).toString('utf8'),
    };
    if (r.code !== 0 && !opts.allowFailure) throw failure(cmd, args, r);
    return r;
  } finally {
    for (const fd of fds) fs.closeSync(fd);
  }
}

/** SIGTERM after `ms`, SIGKILL 5 s later if it is still there (child_process's `timeout` sends only the first). */
function killAfter(pid: number, ms: number): { cancel: () => void } {
  let second: NodeJS.Timeout | undefined;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  };
  const first = setTimeout(() => {
    signal('SIGTERM');
    second = setTimeout(() => signal('SIGKILL'), 5000);
  }, ms);
  return { cancel: () => { clearTimeout(first); clearTimeout(second); } };
}

export interface Launched {
  pid: number;
  /** The exit status once the process has ended: its code, or 128 + nothing more specific when a signal ended it. */
  exited: Promise<number>;
}

/**
 * Starts a helper whose descriptors the caller has prepared (socket pairs, in-memory files): posix_spawn, no pipes
 * for Node to manage. `stdio[n]` becomes the child's fd n.
 */
export function launch(cmd: string, args: readonly string[], o: { env?: NodeJS.ProcessEnv; stdio: readonly StdioSlot[]; newSession?: boolean }): Launched {
  if (enabled('debug')) log.debug(`starting: ${commandLine(cmd, args)}`);
  let pid: number;
  try {
    pid = spawnProcess({ cmd, args, env: o.env ?? helperEnv(), stdio: o.stdio, ...(o.newSession ? { newSession: true } : {}) });
  } catch (e) {
    throw spawnFailure(cmd, e);
  }
  const exited = waitProcess(pid).then((st) => st.code ?? 128, () => -1);
  return { pid, exited };
}

/** Synchronous variant for short probes at start-up (versions, feature checks). */
export function runSync(cmd: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  if (enabled('debug')) log.debug(`running: ${commandLine(cmd, args)}`);
  const r = spawnSync(cmd, args, {
    env: opts.env ?? helperEnv(),
    cwd: opts.cwd,
    input: opts.input,
    timeout: opts.timeoutMs,
    encoding: 'utf8',
  });
  if (r.error) {
    const e = r.error as NodeJS.ErrnoException;
    if (opts.allowFailure) return { code: -1, signal: null, stdout: '', stderr: e.message };
    throw new BerthError(e.code === 'ENOENT' ? 'unavailable' : 'internal', `${cmd}: ${e.message}`);
  }
  const res: RunResult = { code: r.status ?? -1, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  if (res.code !== 0 && !opts.allowFailure) throw failure(cmd, args, res);
  return res;
}

/** Starts a long-lived or streaming helper; the caller owns its stdio. */
export function start(cmd: string, args: readonly string[], opts: SpawnOptions = {}): ChildProcess {
  if (enabled('debug')) log.debug(`starting: ${commandLine(cmd, args)}`);
  return spawn(cmd, args, { ...opts, env: opts.env ?? helperEnv() });
}
