// The netavark backend: setup/teardown with podman's JSON on stdin; aardvark-dns started by netavark without systemd-run.
import { mkdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { helperEnv, run } from '../sys/exec.ts';
import { isExecutable } from '../sys/host.ts';
import { BerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import type { NetworkBackend, SetupRequest, StatusBlock } from './types.ts';

export interface NetavarkOptions {
  binary: string;
  aardvarkBinary: string;
  /** netavark's --config: its state and aardvark-dns's config dir (under Berth's run root). */
  configDir: string;
  /**
   * netavark runs aardvark-dns through systemd-run when /run/systemd/system exists and systemd-run is on PATH.
   * On hosts where that directory exists but PID 1 is not systemd, Berth hides systemd-run from netavark's PATH.
   */
  hideSystemdRun: boolean;
}

/** PATH without the directories holding `name` (netavark's own is-executable-in-path test is a stat of dir/name). */
export function pathWithout(name: string, pathEnv: string, exists: (f: string) => boolean): string {
  return pathEnv.split(':').filter((d) => d && !exists(path.join(d, name))).join(':');
}

/** The programs netavark runs by name through PATH: its firewall driver's tools, and systemd-run for aardvark-dns. */
const NETAVARK_PATH_PROGRAMS = ['iptables', 'ip6tables', 'systemd-run'];

/**
 * PATH with the directory that holds iptables first, when no program netavark runs by name would resolve to another
 * file than before. netavark (Rust's Command, like execvp) tries execve() on each PATH entry in turn, and a bridge
 * container's setup and removal run iptables ~38 times: with iptables in /usr/sbin behind ~/.cargo/bin, pyenv shims
 * and /usr/local, each of those processes paid 8 failed execve()s first (~0.3 ms each time, ~11 ms per `run --rm`,
 * most of it while the container waits for its network). A PATH with an empty or relative entry is left as it is.
 */
export function pathForNetavark(pathEnv: string, isExecutable: (file: string) => boolean): string {
  const dirs = pathEnv.split(':');
  if (dirs.some((d) => !d.startsWith('/'))) return pathEnv;
  const resolve = (list: string[], name: string) => list.find((d) => isExecutable(path.join(d, name)));
  const first = resolve(dirs, 'iptables');
  if (!first || dirs[0] === first) return pathEnv;
  const reordered = [first, ...dirs.filter((d) => d !== first)];
  for (const name of NETAVARK_PATH_PROGRAMS) if (resolve(dirs, name) !== resolve(reordered, name)) return pathEnv;
  return reordered.join(':');
}

/** The JSON netavark reads on stdin (podman's NetworkOptions). */
export function netavarkInput(req: SetupRequest): Record<string, unknown> {
  return {
    container_id: req.containerId,
    container_name: req.containerName,
    port_mappings: req.portMappings.length ? req.portMappings : null,
    networks: req.networks,
    network_info: req.networkInfo,
  };
}

export class NetavarkBackend implements NetworkBackend {
  readonly name = 'netavark' as const;
  private opts: NetavarkOptions;
  private envCache: NodeJS.ProcessEnv | undefined;

  constructor(opts: NetavarkOptions) {
    this.opts = opts;
  }

  private env(): NodeJS.ProcessEnv {
    if (this.envCache) return this.envCache;
    const env = { ...helperEnv() };
    if (this.opts.hideSystemdRun) {
      // Keep iptables reachable: on a usr-merged Debian systemd-run is in /usr/bin, iptables in /usr/sbin.
      env['PATH'] = pathWithout('systemd-run', env['PATH'] || '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', existsSync) || '/usr/sbin:/sbin';
    }
    if (env['PATH']) env['PATH'] = pathForNetavark(env['PATH'], isExecutable);
    this.envCache = env;
    return env;
  }

  private async call(verb: 'setup' | 'teardown', req: SetupRequest): Promise<string> {
    mkdirSync(this.opts.configDir, { recursive: true, mode: 0o700 });
    const args = ['--config', this.opts.configDir, '--rootless=false', '--aardvark-binary', this.opts.aardvarkBinary, verb, req.netnsPath];
    const r = await run(this.opts.binary, args, {
      input: JSON.stringify(netavarkInput(req)),
      env: this.env(),
      allowFailure: true,
      timeoutMs: 60_000,
    });
    if (r.code !== 0) {
      let msg = r.stderr.trim().split('\n').pop() ?? '';
      try {
        msg = (JSON.parse(r.stdout) as { error: string }).error;
      } catch {
        // not JSON: keep stderr's last line
      }
      throw new BerthError('internal', `netavark: ${msg || `exit status ${r.code}`}`);
    }
    return r.stdout;
  }

  async setup(req: SetupRequest): Promise<Record<string, StatusBlock>> {
    let out: string;
    try {
      out = await this.call('setup', req);
    } catch (e) {
      // netavark 1.4 leaves what it did so far (veth, rules) when a later step fails: undo it.
      await this.teardown(req).catch((t: Error) => log.debug(`teardown after failed setup: ${t.message}`));
      throw e;
    }
    return JSON.parse(out) as Record<string, StatusBlock>;
  }

  async teardown(req: SetupRequest): Promise<void> {
    try {
      await this.call('teardown', req);
    } catch (e) {
      const msg = (e as Error).message;
      // Already gone (a second cleanup, or aardvark's entry removed): nothing is left to undo.
      if (/No such file or directory|does not exist|not found/i.test(msg)) log.debug(msg);
      else throw e;
    }
  }

  /** The aardvark-dns pid netavark recorded, if that process still runs. */
  aardvarkPid(): number | undefined {
    try {
      const pid = Number(readFileSync(path.join(this.opts.configDir, 'aardvark-dns', 'aardvark.pid'), 'utf8'));
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }
}
