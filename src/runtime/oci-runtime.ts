// The OCI runtime adapter: runc (or a runc-compatible CLI) verbs over a berth-private state root.
import path from 'node:path';
import { run, type RunResult } from '../sys/exec.ts';
import { startThroughExecFifo } from '../sys/exec-fifo.ts';
import { BerthError } from '../util/errors.ts';
import { isDoesNotExist, ociRuntimeError, runtimeLogMessages } from './oci-runtime-errors.ts';

export type OciStatus = 'creating' | 'created' | 'running' | 'stopped' | 'paused';

/** `runc state` output (OCI runtime spec state, plus runc's extra fields). */
export interface OciState {
  ociVersion: string;
  id: string;
  pid: number;
  status: OciStatus;
  bundle: string;
  rootfs?: string;
  created?: string;
  owner?: string;
  annotations?: Record<string, string>;
}

/** Linux resources as in the OCI spec's `linux.resources` (passed through to `update`). */
export type LinuxResources = Record<string, unknown>;

export interface OciRuntimeOptions {
  /** The runtime binary, e.g. /usr/sbin/runc. */
  path: string;
  /** Berth's run root; runtime state lives in <runRoot>/<name> (private: Podman's containers stay invisible). */
  runRoot: string;
  /** Use the systemd cgroup manager (`--systemd-cgroup`). */
  systemdCgroup?: boolean;
  /** Timeout for each runtime call (default 60 s). */
  timeoutMs?: number;
}

export interface OciRuntime {
  readonly name: string;
  readonly path: string;
  /** The runtime's state directory (`--root`). */
  readonly stateRoot: string;
  /** Global flags for every invocation, also handed to conmon as --runtime-arg (add `--log <file>` for create). */
  globalArgs(logPath?: string): string[];
  state(id: string): Promise<OciState | null>;
  start(id: string): Promise<void>;
  kill(id: string, signal: string | number, all?: boolean): Promise<void>;
  delete(id: string, force?: boolean): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Host pids of the container's processes. */
  ps(id: string): Promise<number[]>;
  update(id: string, resources: LinuxResources): Promise<void>;
  features(): Promise<Record<string, unknown>>;
  version(): Promise<string>;
}

/** runc (and CLIs with runc's verbs: crun, youki). */
export class RuncRuntime implements OciRuntime {
  readonly name: string;
  readonly path: string;
  readonly stateRoot: string;
  readonly #systemd: boolean;
  readonly #timeoutMs: number;

  constructor(opts: OciRuntimeOptions) {
    this.path = opts.path;
    this.name = path.basename(opts.path);
    this.stateRoot = path.join(opts.runRoot, this.name);
    this.#systemd = opts.systemdCgroup ?? false;
    this.#timeoutMs = opts.timeoutMs ?? 60_000;
  }

  globalArgs(logPath?: string): string[] {
    const a = ['--root', this.stateRoot, '--log-format', 'json'];
    if (logPath) a.push('--log', logPath);
    if (this.#systemd) a.push('--systemd-cgroup');
    return a;
  }

  async #run(args: string[], input?: string): Promise<RunResult> {
    const opts = input === undefined ? {} : { input };
    return run(this.path, [...this.globalArgs(), ...args], { ...opts, allowFailure: true, timeoutMs: this.#timeoutMs });
  }

  #fail(verb: string, id: string, r: RunResult): BerthError {
    const msgs = runtimeLogMessages(r.stderr || r.stdout);
    const text = msgs.join('\n') || (r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`);
    if (isDoesNotExist(text)) return new BerthError('not-found', `${this.name} ${verb} ${id}: ${text}`);
    return ociRuntimeError(this.name, `${verb} ${id}: ${text}`);
  }

  async #verb(verb: string, id: string, args: string[] = [], input?: string): Promise<RunResult> {
    const r = await this.#run([verb, ...args, id], input);
    if (r.code !== 0) throw this.#fail(verb, id, r);
    return r;
  }

  async state(id: string): Promise<OciState | null> {
    const r = await this.#run(['state', id]);
    if (r.code !== 0) {
      if (isDoesNotExist(runtimeLogMessages(r.stderr).join('\n'))) return null;
      throw this.#fail('state', id, r);
    }
    return JSON.parse(r.stdout) as OciState;
  }

  /**
   * runc's start is the read of one byte from the exec fifo its init process waits on (then the fifo goes): done here,
   * it saves starting the runc binary (~7 ms of a `run`, between the container's create and its process running). Any
   * other runtime, and a container not in the created state (for runc's own error), go through `<runtime> start`.
   * Berth's specs carry no OCI hooks, which `runc start` would otherwise have to run.
   */
  async start(id: string): Promise<void> {
    if (this.name === 'runc') {
      const r = startThroughExecFifo(path.join(this.stateRoot, id, 'exec.fifo'), this.#timeoutMs);
      if (r === 'started') return;
      if (r === 'dead') throw ociRuntimeError(this.name, `start ${id}: container process is already dead`);
    }
    await this.#verb('start', id);
  }

  async kill(id: string, signal: string | number, all = false): Promise<void> {
    const r = await this.#run(['kill', ...(all ? ['--all'] : []), id, String(signal)]);
    if (r.code !== 0) throw this.#fail('kill', id, r);
  }

  async delete(id: string, force = false): Promise<void> {
    const r = await this.#run(['delete', ...(force ? ['--force'] : []), id]);
    if (r.code !== 0 && !(force && isDoesNotExist(r.stderr))) throw this.#fail('delete', id, r);
  }

  async pause(id: string): Promise<void> {
    await this.#verb('pause', id);
  }

  async resume(id: string): Promise<void> {
    await this.#verb('resume', id);
  }

  async ps(id: string): Promise<number[]> {
    const r = await this.#verb('ps', id, ['--format', 'json']);
    const pids = JSON.parse(r.stdout.trim() || '[]') as number[] | null;
    return pids ?? [];
  }

  async update(id: string, resources: LinuxResources): Promise<void> {
    await this.#verb('update', id, ['--resources', '-'], JSON.stringify(resources));
  }

  async features(): Promise<Record<string, unknown>> {
    const r = await this.#run(['features']);
    if (r.code !== 0) throw this.#fail('features', '', r);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  async version(): Promise<string> {
    const r = await run(this.path, ['--version'], { timeoutMs: this.#timeoutMs });
    return r.stdout.trim();
  }
}
