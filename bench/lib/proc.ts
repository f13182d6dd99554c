// Benchmark process helpers: spawn a command, time it from spawn to exit, capture (bounded) output,
// optionally poll the peak RSS (VmHWM) of the spawned process, and inspect /proc for resident processes.
// Self-contained on purpose: the harness must not depend on the engine it measures.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface RunOpts {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  /** kill the process (SIGKILL, by its pid) after this long; default 10 minutes */
  timeoutMs?: number;
  /** resolve instead of throwing on a non-zero exit */
  allowFail?: boolean;
  /** poll /proc/<pid>/status VmHWM while it runs */
  rss?: boolean;
  /** how to show the command in errors (default: argv) */
  label?: string[];
}

export interface RunResult {
  argv: string[];
  /** the command as shown in errors */
  label: string[];
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutBytes: number;
  /** spawn to exit, milliseconds */
  ms: number;
  /** peak resident set of the spawned process itself (not its children), KiB */
  peakRssKb?: number;
}

const KEEP = 4 << 20; // keep at most 4 MiB of each stream; bytes beyond are only counted

export class CmdError extends Error {
  readonly res: RunResult;
  constructor(res: RunResult) {
    super(`${quote(res.label)}: exit ${res.code ?? res.signal}: ${tail(res.stderr || res.stdout)}`);
    this.res = res;
  }
}

export function quote(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function tail(s: string, lines = 6, chars = 600): string {
  const t = s.trimEnd().split('\n').slice(-lines).join(' | ');
  return t.length > chars ? '…' + t.slice(-chars) : t;
}

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function readHwmKb(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export function run(argv: string[], opts: RunOpts = {}): Promise<RunResult> {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error('empty command');
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let stdoutBytes = 0;
    child.stdout!.on('data', (b: Buffer) => {
      stdoutBytes += b.length;
      if (outLen < KEEP) { out.push(b); outLen += b.length; }
    });
    child.stderr!.on('data', (b: Buffer) => {
      if (errLen < KEEP) { err.push(b); errLen += b.length; }
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    let peak: number | undefined;
    const poll = () => {
      if (child.pid === undefined) return;
      const v = readHwmKb(child.pid);
      if (v !== undefined && (peak === undefined || v > peak)) peak = v;
    };
    const poller = opts.rss ? setInterval(poll, 5) : undefined;
    const timer = setTimeout(() => {
      if (child.pid !== undefined) try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, opts.timeoutMs ?? 600_000);
    let settled = false;
    const finish = (code: number | null, signal: string | null, ms: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (poller) clearInterval(poller);
      const res: RunResult = {
        argv, label: opts.label ?? argv, code, signal, ms, stdoutBytes,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (peak !== undefined) res.peakRssKb = peak;
      if (code === 0 || opts.allowFail) resolve(res);
      else reject(new CmdError(res));
    };
    child.on('error', (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (poller) clearInterval(poller);
      reject(new Error(`${quote(opts.label ?? argv)}: ${e.message}`));
    });
    // Timing ends at exit. A helper that inherited our pipes (a daemonized monitor) could keep them
    // open: wait for 'close' at most 2 s after exit, then stop reading.
    child.on('exit', (code, signal) => {
      const ms = now() - start;
      const grace = setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        finish(code, signal, ms);
      }, 2000);
      child.on('close', () => { clearTimeout(grace); finish(code, signal, ms); });
    });
  });
}

export async function sh(script: string, opts: RunOpts = {}): Promise<RunResult> {
  return run(['/bin/sh', '-c', script], opts);
}

/** Runs fn over items with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface ProcInfo { pid: number; exe: string; cmdline: string[]; rssKb: number }

/** Every process on the host whose exe or command line matches. */
export function processes(match: (p: ProcInfo) => boolean): ProcInfo[] {
  const found: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const exe = readlinkSync(`/proc/${pid}/exe`);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      const p = { pid, exe, cmdline, rssKb: m ? Number(m[1]) : 0 };
      if (match(p)) found.push(p);
    } catch {
      // exited meanwhile, or a kernel thread without exe
    }
  }
  return found;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
