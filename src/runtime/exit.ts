// Container exit detection without spawning: conmon's exit files, and conmon liveness via /proc start times.
import fs from 'node:fs';
import path from 'node:path';
import { BerthError } from '../util/errors.ts';

/** The exit code conmon wrote to <exitDir>/<id>, or null while there is none (yet). */
export function readExitFile(exitDir: string, id: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(exitDir, id), 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  if (text === '') return null; // conmon writes atomically, but be safe against foreign writers
  const n = Number.parseInt(text, 10);
  return Number.isNaN(n) ? null : n;
}

export interface WaitOptions {
  /** Give up after this long (default: wait forever). */
  timeoutMs?: number;
  /** Polling period used alongside fs.watch (default 250 ms). */
  pollMs?: number;
  /** Asked at every poll while there is no exit file: true gives up (e.g. conmon is gone without writing one). */
  abandon?: () => boolean;
}

/** Resolves with the exit code once <exitDir>/<id> appears (fs.watch on the directory plus a polling fallback). */
export function waitForExit(exitDir: string, id: string, opts: WaitOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    let watcher: fs.FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    const done = (err: Error | null, code?: number) => {
      watcher?.close();
      clearTimeout(timer);
      clearInterval(poll);
      if (err) reject(err);
      else resolve(code!);
    };
    const check = () => {
      try {
        const c = readExitFile(exitDir, id);
        if (c !== null) done(null, c);
        return c !== null;
      } catch (e) {
        done(e as Error);
        return true;
      }
    };
    // Usually already there (the attach ended with the container): no watch to set up then.
    if (check()) return;
    try {
      watcher = fs.watch(exitDir, { persistent: true }, (_ev, name) => {
        if (name === null || name === id) check();
      });
      watcher.on('error', () => undefined); // the poll below still runs
    } catch {
      watcher = undefined;
    }
    if (check()) return;
    poll = setInterval(() => {
      // The exit file is read once more after a positive abandon(): conmon writes it just before it exits.
      if (!check() && opts.abandon?.() && !check()) done(new BerthError('internal', `waiting for container ${id} aborted`));
    }, opts.pollMs ?? 250);
    if (opts.timeoutMs !== undefined) {
      timer = setTimeout(
        () => done(new BerthError('internal', `timed out after ${opts.timeoutMs}ms waiting for container ${id} to exit`)),
        opts.timeoutMs,
      );
    }
  });
}

/** The process start time (clock ticks since boot, field 22 of /proc/<pid>/stat), or null if gone. */
export function procStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm (field 2) may contain spaces and parentheses: split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); field 22 is rest[19]. A zombie counts as gone.
  if (rest[0] === 'Z' || rest[0] === 'X') return null;
  return rest[19] ?? null;
}

/**
 * True when `pid` runs and, if `startTime` (recorded when conmon started) is given, is still that process
 * and not a later one that reused the pid.
 */
export function isConmonAlive(pid: number, startTime?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const st = procStartTime(pid);
  if (st === null) return false;
  return startTime === undefined || st === startTime;
}

/** The parent pid from /proc/<pid>/status, or null if gone. */
export function procParentPid(pid: number): number | null {
  try {
    const m = /^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
