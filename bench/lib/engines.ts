// The engines under test (berth and podman): each gets its own temporary store, run directory,
// tmpdir, network config dir and volume path, and the same containers.conf / registries.conf.
// Also: which verbs berth offers today (from its --help), and tear-down of a store.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CmdError, run, type RunOpts, type RunResult } from './proc.ts';

export type EngineName = 'berth' | 'podman';

export interface Paths { base: string; root: string; runroot: string; tmpdir: string; netconf: string; volumes: string }

export class Engine {
  readonly paths: Paths;
  readonly name: EngineName;
  readonly bin: string;
  readonly env: NodeJS.ProcessEnv;
  constructor(name: EngineName, bin: string, base: string, env: NodeJS.ProcessEnv) {
    this.name = name;
    this.bin = bin;
    this.env = env;
    this.paths = {
      base,
      root: join(base, 'root'),
      runroot: join(base, 'runroot'),
      tmpdir: join(base, 'tmp'),
      netconf: join(base, 'networks'),
      volumes: join(base, 'volumes'),
    };
    for (const d of Object.values(this.paths)) mkdirSync(d, { recursive: true });
    if (name === 'podman') writePodmanNetwork(this.paths.netconf);
  }

  /** Global flags giving this engine its private store; the same for both engines. */
  globals(): string[] {
    const p = this.paths;
    return [
      '--root', p.root, '--runroot', p.runroot, '--tmpdir', p.tmpdir, '--volumepath', p.volumes,
      '--network-config-dir', p.netconf, '--storage-driver', 'overlay', '--cgroup-manager', 'cgroupfs',
      '--events-backend', 'file',
    ];
  }

  argv(args: string[]): string[] {
    return [this.bin, ...this.globals(), ...args];
  }

  run(args: string[], opts: RunOpts = {}): Promise<RunResult> {
    return run(this.argv(args), { label: [this.name, ...args], ...opts, env: this.env });
  }

  /** A sibling engine with an empty store under base/<suffix> (cold pulls). */
  fresh(suffix: string): Engine {
    return new Engine(this.name, this.bin, join(this.paths.base, suffix), this.env);
  }

  /**
   * Removes every container (or those named in `which`): `rm -f -t 0 -a`, or `rm -f -a` where the engine has no `rm -t` (then a
   * container that ignores SIGTERM costs its stop timeout; this is untimed clean-up).
   */
  async removeAll(opts: RunOpts = {}, which: string[] = ['-a']): Promise<RunResult> {
    const res = await this.run(['rm', '-f', '-t', '0', ...which], { timeoutMs: 600_000, ...opts, allowFail: true });
    if (res.code === 0) return res;
    if (/unknown (shorthand )?flag/i.test(res.stderr)) return this.run(['rm', '-f', ...which], { timeoutMs: 600_000, ...opts });
    if (!opts.allowFail) throw new CmdError(res);
    return res;
  }

  /** Removes every container (when the engine has rm), unmounts what is left, deletes the store. */
  async destroy(hasRm: boolean): Promise<void> {
    if (hasRm) await this.removeAll({ allowFail: true });
    await unmountUnder(this.paths.base);
    rmSync(this.paths.base, { recursive: true, force: true });
  }
}

/**
 * Podman's default network would be podman0 / 10.88.0.0/16, shared with any other Podman on the host
 * while its IPAM state lives in our private run root: give our Podman its own bridge and subnet.
 */
function writePodmanNetwork(dir: string): void {
  const file = join(dir, 'podman.json');
  if (existsSync(file)) return;
  const net = {
    name: 'podman',
    id: randomBytes(32).toString('hex'),
    driver: 'bridge',
    network_interface: 'pbench0',
    created: new Date().toISOString(),
    subnets: [{ subnet: '10.213.0.0/16', gateway: '10.213.0.1' }],
    ipv6_enabled: false,
    internal: false,
    dns_enabled: false,
    ipam_options: { driver: 'host-local' },
  };
  writeFileSync(file, JSON.stringify(net, null, 2) + '\n');
}

/** Lazily unmounts every mount point under dir, deepest first (overlay merged dirs, shm, netns). */
export async function unmountUnder(dir: string): Promise<void> {
  const prefix = dir.endsWith('/') ? dir : dir + '/';
  for (let pass = 0; pass < 3; pass++) {
    const points = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[4])
      .filter((p): p is string => !!p && (p + '/').startsWith(prefix))
      .map((p) => p.replace(/\\040/g, ' '))
      .sort((a, b) => b.length - a.length);
    if (points.length === 0) return;
    for (const p of points) await run(['umount', '-l', p], { allowFail: true });
  }
}

export function writeConfigs(dir: string, registriesConf: string): { containersConf: string; registriesConf: string } {
  const containersConf = join(dir, 'containers.conf');
  writeFileSync(
    containersConf,
    [
      '# Written by bench/run: the same file for berth and podman.',
      '[containers]',
      'default_ulimits = ["nofile=20000:20000", "nproc=8192:8192"]',
      'log_driver = "k8s-file"',
      '[network]',
      'network_backend = "netavark"',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      '',
    ].join('\n'),
  );
  const reg = join(dir, 'registries.conf');
  writeFileSync(reg, registriesConf);
  return { containersConf, registriesConf: reg };
}

/** The verbs berth offers: top-level from `berth --help`, nested (`image ls`) from `berth <group> --help`. */
export class VerbSet {
  private cache = new Map<string, Set<string> | null>();
  private readonly bin: string;
  private readonly env: NodeJS.ProcessEnv;
  constructor(bin: string, env: NodeJS.ProcessEnv) {
    this.bin = bin;
    this.env = env;
  }

  private async list(group: string[]): Promise<Set<string> | null> {
    const key = group.join(' ');
    if (this.cache.has(key)) return this.cache.get(key)!;
    const res = await run([this.bin, ...group, '--help'], { env: this.env, allowFail: true });
    let set: Set<string> | null = null;
    if (res.code === 0) {
      set = new Set();
      const lines = res.stdout.split('\n');
      const at = lines.findIndex((l) => /^Available Commands:/.test(l));
      if (at >= 0) {
        for (const l of lines.slice(at + 1)) {
          const m = /^\s{2,}(\S+)\s/.exec(l + ' ');
          if (!m) break;
          set.add(m[1]!);
        }
      }
    }
    this.cache.set(key, set);
    return set;
  }

  async has(verb: string): Promise<boolean> {
    const parts = verb.split(' ');
    for (let i = 0; i < parts.length; i++) {
      const set = await this.list(parts.slice(0, i));
      if (!set || !set.has(parts[i]!)) return false;
    }
    return true;
  }

  async missing(verbs: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const v of verbs) if (!(await this.has(v))) out.push(v);
    return out;
  }
}
