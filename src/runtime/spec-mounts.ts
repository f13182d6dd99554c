// The container's mount list: Podman's default mounts, /dev/shm, run-dir binds, --tmpfs, --read-only tmpfs, --init; and --device parsing.
import path from 'node:path';
import type { OciMount, ResolvedMount } from './spec-types.ts';
import { CONTAINER_INIT_PATH } from './spec-process.ts';
import { invalidArgument } from '../util/errors.ts';

export interface MountPlan {
  privileged: boolean;
  readOnly: boolean;
  readOnlyTmpfs: boolean;
  /** 'host' binds the host's /dev/shm; 'none' gives no /dev/shm. */
  ipc: string;
  shmSizeBytes: number;
  shmPath?: string;
  resolvConfPath?: string;
  hostsPath?: string;
  hostnamePath?: string;
  containerEnvPath?: string;
  /** false with --network none: no resolv.conf is mounted, as Podman. */
  withResolvConf: boolean;
  initPath?: string;
  tmpfs: readonly string[];
  mounts: readonly ResolvedMount[];
  /** --security-opt proc-opts: replaces the /proc mount's options. */
  procOpts?: readonly string[];
}

const NOEXEC = ['nosuid', 'noexec', 'nodev'];
/** Normalized absolute destination without a trailing slash. */
const clean = (p: string) => path.posix.normalize(p).replace(/(.)\/+$/, '$1');
const depth = (p: string) => p.split('/').filter(Boolean).length;

/** Parses `--tmpfs /dest[:opt,opt]`, adding Podman's defaults (rw, rprivate, nosuid, nodev, tmpcopyup) unless overridden. */
export function parseTmpfs(spec: string): OciMount {
  const colon = spec.indexOf(':');
  const dest = colon < 0 ? spec : spec.slice(0, colon);
  const given = colon < 0 ? [] : spec.slice(colon + 1).split(',').filter(Boolean);
  if (!path.posix.isAbsolute(dest)) throw invalidArgument(`invalid container path "${dest}", must be an absolute path`);
  return { destination: clean(dest), type: 'tmpfs', source: 'tmpfs', options: tmpfsOptions(given) };
}

function tmpfsOptions(given: readonly string[]): string[] {
  const has = (...o: string[]) => given.some((g) => o.includes(g));
  const out = [...given];
  if (!has('rw', 'ro')) out.push('rw');
  if (!has('private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave')) out.push('rprivate');
  if (!has('suid', 'nosuid')) out.push('nosuid');
  if (!has('dev', 'nodev')) out.push('nodev');
  if (!has('tmpcopyup', 'notmpcopyup')) out.push('tmpcopyup');
  return out;
}

const bind = (source: string, destination: string, options: string[]): OciMount => ({ destination, type: 'bind', source, options });

/**
 * Mounts in Podman 4.3's order: user mounts, read-only tmpfs, the defaults, then everything stably sorted
 * by path depth so parents come before children. A user mount replaces a default at the same destination.
 */
export function buildMounts(p: MountPlan): OciMount[] {
  const user: OciMount[] = [
    ...p.tmpfs.map(parseTmpfs),
    ...p.mounts.map((m) => ({ destination: clean(m.destination), type: m.type, source: m.source, options: [...m.options] })),
  ];
  const taken = new Set(user.map((m) => m.destination));
  const seen = new Set<string>();
  for (const m of user) {
    if (seen.has(m.destination)) throw invalidArgument(`${m.destination}: duplicate mount destination`);
    seen.add(m.destination);
  }
  const roTmpfs: OciMount[] = p.readOnly && p.readOnlyTmpfs
    ? ['/tmp', '/var/tmp', '/run'].map((d) => ({ destination: d, type: 'tmpfs', source: 'tmpfs', options: tmpfsOptions([]) }))
    : [];
  const rw = p.privileged ? 'rw' : 'ro';
  const defaults: OciMount[] = [
    { destination: '/proc', type: 'proc', source: 'proc', options: p.procOpts ? [...p.procOpts] : [...NOEXEC] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'noexec', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: p.privileged ? ['rprivate', ...NOEXEC, 'rw'] : [...NOEXEC, 'ro'] },
  ];
  if (p.initPath) defaults.push(bind(p.initPath, CONTAINER_INIT_PATH, ['bind', 'ro', 'rprivate']));
  defaults.push(
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: [...NOEXEC] },
  );
  const etcOpts = p.readOnly ? ['bind', 'rprivate', 'ro', ...NOEXEC] : ['bind', 'rprivate'];
  if (p.resolvConfPath && p.withResolvConf) defaults.push(bind(p.resolvConfPath, '/etc/resolv.conf', [...etcOpts]));
  if (p.hostsPath) defaults.push(bind(p.hostsPath, '/etc/hosts', [...etcOpts]));
  if (p.ipc === 'host') defaults.push(bind('/dev/shm', '/dev/shm', ['bind', 'rprivate', ...NOEXEC]));
  else if (p.shmPath) defaults.push(bind(p.shmPath, '/dev/shm', ['bind', 'rprivate', ...NOEXEC]));
  else if (p.ipc !== 'none') {
    defaults.push({ destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: [...NOEXEC, 'mode=1777', `size=${p.shmSizeBytes}`] });
  }
  if (p.containerEnvPath && !(p.readOnly && p.readOnlyTmpfs)) defaults.push(bind(p.containerEnvPath, '/run/.containerenv', ['bind', 'rprivate']));
  if (p.hostnamePath) defaults.push(bind(p.hostnamePath, '/etc/hostname', [...etcOpts]));
  defaults.push({ destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['rprivate', ...NOEXEC, 'relatime', rw] });

  const all = [...user, ...roTmpfs.filter((m) => !taken.has(m.destination)), ...defaults.filter((m) => !taken.has(m.destination))];
  return all.map((m, i) => [m, i] as const).sort((a, b) => depth(a[0].destination) - depth(b[0].destination) || a[1] - b[1]).map(([m]) => m);
}

export interface DeviceSpec {
  hostPath: string;
  containerPath: string;
  permissions: string;
}

const isPerms = (s: string) => /^[rwm]{1,3}$/.test(s) && new Set(s).size === s.length;

/** Parses `--device host[:container][:perms]` (perms: any of r, w, m; default rwm), as Podman. */
export function parseDeviceSpec(spec: string): DeviceSpec {
  const parts = spec.split(':');
  let [hostPath = '', containerPath = hostPath, permissions = 'rwm'] = parts;
  if (parts.length === 2 && isPerms(parts[1]!)) {
    containerPath = hostPath;
    permissions = parts[1]!;
  }
  if (parts.length > 3 || hostPath === '') throw invalidArgument(`invalid device specification: ${spec}`);
  if (!isPerms(permissions)) throw invalidArgument(`invalid device mode: ${permissions}`);
  if (!path.posix.isAbsolute(containerPath)) throw invalidArgument(`${containerPath} is not an absolute path`);
  return { hostPath, containerPath, permissions };
}
