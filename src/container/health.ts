// Healthchecks as podman 4.3 runs them on a host without systemd: defined at create (flags, else the image's
// HEALTHCHECK), run on demand by `healthcheck run`, the result kept in the container's state. Nothing stays resident
// to run them on a timer (podman 4.3 would ask systemd for one, and only logs an error when there is none).
import { parseGoDuration } from '../util/duration.ts';
import { invalidArgument } from '../util/errors.ts';

/** Docker's and podman's Config.Healthcheck: durations in nanoseconds. */
export interface HealthConfig {
  Test: string[];
  Interval: number;
  Timeout: number;
  StartPeriod?: number;
  Retries: number;
}

export interface HealthLogEntry {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

/** .State.Health: status '' before any check, "starting" from the start until a check settles it. */
export interface HealthState {
  Status: '' | 'starting' | 'healthy' | 'unhealthy';
  FailingStreak: number;
  Log: HealthLogEntry[] | null;
}

export interface HealthFlags {
  onFailure?: string;
  cmd?: string;
  interval?: string;
  timeout?: string;
  startPeriod?: string;
  retries?: number;
  none?: boolean;
}

/** podman keeps this many results, and this much of each check's output. */
const MAX_LOGS = 5;
const MAX_OUTPUT = 500;

const ns = (flag: string, text: string): number => {
  if (text === 'disable') return 0;
  const ms = parseGoDuration(text);
  if (ms === undefined || ms < 0) throw invalidArgument(`invalid duration for --${flag}: ${text}`);
  return Math.round(ms * 1e6);
};

/**
 * The healthcheck a new container gets: from --health-* flags (a command given as JSON `["CMD", ...]` or as a shell
 * string, which becomes CMD-SHELL), else the image's; `none` or --no-healthcheck give none.
 */
export function healthConfigFrom(f: HealthFlags, image?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number }): HealthConfig | undefined {
  if (f.none || f.cmd?.trim().toLowerCase() === 'none') return undefined;
  let test: string[] | undefined;
  if (f.cmd !== undefined && f.cmd !== '') {
    const cmd = f.cmd.trim();
    if (cmd.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(cmd);
      } catch {
        throw invalidArgument(`invalid --health-cmd: ${cmd}`);
      }
      if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string') || parsed.length === 0) throw invalidArgument(`invalid --health-cmd: ${cmd}`);
      test = parsed[0] === 'CMD' || parsed[0] === 'CMD-SHELL' || parsed[0] === 'NONE' ? parsed : ['CMD', ...parsed];
    } else test = ['CMD-SHELL', cmd];
  } else if (image?.Test?.length && image.Test[0] !== 'NONE') test = image.Test;
  if (!test || test[0] === 'NONE') return undefined;
  const fromImage = f.cmd === undefined || f.cmd === '';
  const out: HealthConfig = {
    Test: test,
    Interval: f.interval !== undefined ? ns('health-interval', f.interval) : (fromImage && image?.Interval) || 30e9,
    Timeout: f.timeout !== undefined ? ns('health-timeout', f.timeout) : (fromImage && image?.Timeout) || 30e9,
    Retries: f.retries ?? ((fromImage && image?.Retries) || 3),
  };
  const start = f.startPeriod !== undefined ? ns('health-start-period', f.startPeriod) : (fromImage && image?.StartPeriod) || 0;
  if (start) out.StartPeriod = start;
  return out;
}

export type HealthFailureAction = 'none' | 'kill' | 'restart' | 'stop';

/** --health-on-failure, with podman's error for anything else. */
export function parseHealthOnFailure(text: string): HealthFailureAction {
  if (text === 'none' || text === 'kill' || text === 'restart' || text === 'stop') return text;
  throw invalidArgument(`invalid on-failure action "${text}" for health check: supported actions are none,kill,restart,stop`);
}

/** The argv a check runs in the container. */
export function healthArgv(c: HealthConfig): string[] {
  const [kind, ...rest] = c.Test;
  return kind === 'CMD-SHELL' ? ['/bin/sh', '-c', rest.join(' ')] : rest;
}

/**
 * The state after one check (podman's rules): success makes it healthy and clears the streak; a failure outside the
 * start period lengthens the streak, and at `Retries` failures in a row the container is unhealthy. The log keeps
 * the last five results; a failure is recorded with exit code 1 whatever the command returned, as podman does.
 */
export function nextHealth(prev: HealthState | undefined, c: HealthConfig, r: { start: Date; end: Date; exitCode: number; output: string }, startedAt: number): HealthState {
  const ok = r.exitCode === 0;
  const s: HealthState = { Status: prev?.Status || 'starting', FailingStreak: prev?.FailingStreak ?? 0, Log: [...(prev?.Log ?? [])] };
  if (ok) {
    s.Status = 'healthy';
    s.FailingStreak = 0;
  } else if (!(c.StartPeriod && r.end.getTime() - startedAt < c.StartPeriod / 1e6)) {
    s.FailingStreak += 1;
    if (s.FailingStreak >= c.Retries) s.Status = 'unhealthy';
  }
  s.Log!.push({ Start: r.start.toISOString(), End: r.end.toISOString(), ExitCode: ok ? 0 : 1, Output: r.output.trim().slice(0, MAX_OUTPUT) });
  if (s.Log!.length > MAX_LOGS) s.Log = s.Log!.slice(-MAX_LOGS);
  return s;
}
