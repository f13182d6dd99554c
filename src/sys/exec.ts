// The only module that spawns processes: timeouts, the helper's stderr tail in errors, debug command lines.
import { spawn, spawnSync, type SpawnOptions, type ChildProcess } from 'node:child_process';
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

/** Runs a helper to completion and collects its output. */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  if (enabled('debug')) log.debug(`running: ${commandLine(cmd, args)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? helperEnv(),
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: opts.timeoutMs,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code === 'ENOENT' ? 'unavailable' : 'internal';
      reject(new BerthError(code, `${cmd}: ${e.code === 'ENOENT' ? 'executable file not found in $PATH' : e.message}`));
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    child.on('close', (code, signal) => {
      const r: RunResult = {
        code: code ?? -1,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (r.code !== 0 && !opts.allowFailure) reject(failure(cmd, args, r));
      else resolve(r);
    });
  });
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
