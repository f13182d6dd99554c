// generateSpec: image config + create options + containers.conf + host facts → OCI config.json (pure, no I/O).
import type { ContainersConf } from '../config/containers-conf.ts';
import type { OciDevice, OciNamespace, OciSpec, ResolvedDevice, ResolvedMount, SpecConf, SpecInput } from './spec-types.ts';
import { BerthError, invalidArgument } from '../util/errors.ts';
import { resolveUser } from './user.ts';
import { computeCapabilities } from './caps.ts';
import { buildResources, buildRlimits, parseBytes } from './resources.ts';
import { convertSeccompProfile } from './spec-seccomp.ts';
import { mergeEnv, envList } from './spec-env.ts';
import { buildArgs, parseUmask, resolveWorkdir } from './spec-process.ts';
import { buildMounts } from './spec-mounts.ts';
import { buildSysctls, maskedPaths, parseSecurityOpts } from './spec-security.ts';
import { signalNumber } from './spec-signal.ts';

/** The cgroupfs parent of containers (podman's is /libpod_parent), and of their conmons in <parent>/conmon. */
export const DEFAULT_CGROUP_PARENT = '/berth_parent';

export type * from './spec-types.ts';

/** The ociVersion Podman 4.3 writes (runtime-tools' generator). */
export const OCI_VERSION = '1.0.2-dev';

/** Picks what spec generation needs out of the merged containers.conf. */
export function specConfFrom(conf: ContainersConf): SpecConf {
  const c = conf.containers;
  return {
    defaultCapabilities: [...c.defaultCapabilities], defaultSysctls: [...c.defaultSysctls],
    defaultUlimits: [...c.defaultUlimits], env: [...c.env], envHost: c.envHost, httpProxy: c.httpProxy,
    pidsLimit: c.pidsLimit, shmSize: c.shmSize, cgroupns: c.cgroupns, ipcns: c.ipcns, netns: c.netns,
    pidns: c.pidns, utsns: c.utsns, init: c.init, initPath: c.initPath, umask: c.umask,
    cgroupManager: conf.engine.cgroupManager,
  };
}

type NsKind = 'private' | 'host' | 'none' | { path: string };

/** Classifies a namespace mode: private (also shareable, bridge, slirp4netns, pasta), host, none, ns:<path>. */
export function namespaceKind(mode: string, flag: string): NsKind {
  if (mode === '' || ['private', 'shareable', 'bridge', 'slirp4netns', 'pasta'].includes(mode)) return 'private';
  if (mode === 'host' || mode === 'none') return mode;
  if (mode.startsWith('ns:') && mode.length > 3) return { path: mode.slice(3) };
  throw invalidArgument(`invalid --${flag} mode "${mode}": expected private, host or ns:<path> (the caller resolves container:<id>)`);
}

const ns = (type: OciNamespace['type'], kind: NsKind): OciNamespace[] =>
  kind === 'host' ? [] : typeof kind === 'object' ? [{ type, path: kind.path }] : [{ type }];

function deviceEntries(devices: readonly ResolvedDevice[]): OciDevice[] {
  const out: OciDevice[] = [];
  for (const d of devices) {
    if (out.some((o) => o.path === d.containerPath)) continue;
    out.push({ path: d.containerPath, type: d.type, major: d.major, minor: d.minor, fileMode: d.fileMode, uid: d.uid, gid: d.gid });
  }
  return out;
}

/** Builds config.json for runc 1.1 exactly as Podman 4.3 would, except where docs/spec-generation.md says otherwise. */
export function generateSpec(input: SpecInput): OciSpec {
  const { image, options: o, conf, host } = input;
  const sec = parseSecurityOpts(o.securityOpt ?? []);
  const privileged = o.privileged ?? false;

  // namespaces
  const pid = namespaceKind(o.pid ?? conf.pidns, 'pid');
  const net = namespaceKind(o.net ?? conf.netns, 'network');
  const ipc = namespaceKind(o.ipc ?? conf.ipcns, 'ipc');
  const uts = namespaceKind(o.uts ?? conf.utsns, 'uts');
  const cgroupns = namespaceKind(o.cgroupns ?? (host.cgroupVersion === 'v2' ? conf.cgroupns : 'host'), 'cgroupns');
  if (pid === 'none' || uts === 'none' || cgroupns === 'none') throw invalidArgument('"none" is only valid for --network and --ipc');
  const netKind: NsKind = net === 'private' && host.netnsPath ? { path: host.netnsPath } : net === 'none' ? 'private' : net;
  const namespaces: OciNamespace[] = [
    ...ns('pid', pid), ...ns('network', netKind), ...ns('ipc', ipc === 'none' ? 'private' : ipc), ...ns('uts', uts),
    { type: 'mount' }, ...ns('cgroup', cgroupns),
  ];

  // hostname
  if (o.hostname && uts !== 'private') throw invalidArgument('cannot set hostname when running in the host UTS namespace');
  const hostname = uts === 'private' ? o.hostname || (net === 'host' ? host.hostname : host.containerId.slice(0, 12)) : undefined;

  // user, env, command
  const user = resolveUserForSpec(o.user ?? image.User ?? '', host.passwd, host.group, o.groupAdd ?? [], host.containerId);
  const env = mergeEnv({
    confEnv: conf.env, envHost: o.envHost ?? conf.envHost, httpProxy: o.httpProxy ?? conf.httpProxy, imageEnv: image.Env ?? [],
    envFile: o.envFile ?? [], env: o.env ?? [], hostEnv: host.env,
    ...(o.envMerge?.length ? { envMerge: o.envMerge } : {}), ...(o.unsetenv?.length ? { unsetenv: o.unsetenv } : {}),
    ...(o.unsetenvAll ? { unsetenvAll: true } : {}),
  });
  if (!env.has('HOME') && user.home) env.set('HOME', user.home);
  if (!env.has('HOSTNAME')) env.set('HOSTNAME', hostname ?? (uts === 'host' ? host.hostname : ''));
  if (env.get('HOSTNAME') === '') env.delete('HOSTNAME');
  const init = o.init ?? conf.init;
  const args = buildArgs(image, { entrypoint: o.entrypoint, command: o.command, init });
  const initPath = init ? o.initPath || conf.initPath : undefined;
  if (init && !initPath) {
    throw new BerthError('unavailable', 'container-init binary not found on the host', { hint: 'install catatonit or set init_path in containers.conf' });
  }

  const caps = computeCapabilities({
    defaults: conf.defaultCapabilities, add: o.capAdd, drop: o.capDrop, privileged, uid: user.uid, capLast: host.capLast,
    available: host.boundingSet,
  });
  const rlimits = buildRlimits(o.ulimits ?? [], conf.defaultUlimits, host.rlimits, host.canRaiseRlimits);

  const spec: OciSpec = {
    ociVersion: OCI_VERSION,
    process: {
      ...(o.tty ? { terminal: true } : {}),
      user: {
        uid: user.uid, gid: user.gid, umask: parseUmask(o.umask ?? (conf.umask || '0022')),
        ...(user.additionalGids.length ? { additionalGids: user.additionalGids } : {}),
      },
      args,
      env: envList(env),
      cwd: resolveWorkdir(image, o),
      capabilities: caps,
      rlimits,
      ...(sec.noNewPrivileges ? { noNewPrivileges: true } : {}),
      ...(o.oomScoreAdj !== undefined && o.oomScoreAdj !== 0 ? { oomScoreAdj: checkOomScoreAdj(o.oomScoreAdj) } : {}),
    },
    root: { path: input.paths.rootfs, ...(o.readOnly ? { readonly: true } : {}) },
    ...(hostname !== undefined ? { hostname } : {}),
    mounts: buildMounts({
      privileged, readOnly: o.readOnly ?? false, readOnlyTmpfs: o.readOnlyTmpfs ?? true,
      ipc: ipc === 'host' ? 'host' : ipc === 'none' ? 'none' : 'private',
      shmSizeBytes: parseBytes(o.shmSize ?? conf.shmSize), shmPath: host.shmPath,
      resolvConfPath: host.resolvConfPath, hostsPath: host.hostsPath, hostnamePath: host.hostnamePath,
      containerEnvPath: host.containerEnvPath, withResolvConf: net !== 'none', initPath,
      tmpfs: o.tmpfs ?? [], mounts: [...(o.mounts ?? []), ...timezoneMount(o.tz)],
      ...(sec.procOpts ? { procOpts: sec.procOpts } : {}),
    }),
    annotations: annotations(input, init, sec.seccomp === 'unconfined'),
    linux: { namespaces: [] },
  };

  const sysctl = buildSysctls(conf.defaultSysctls, o.sysctls ?? [], { net: net === 'host', ipc: ipc === 'host', uts: uts === 'host' });
  if (Object.keys(sysctl).length) spec.linux.sysctl = sysctl;
  spec.linux.resources = buildResources({ ...o, privileged }, conf.pidsLimit, host.cgroupControllers);
  spec.linux.cgroupsPath = conf.cgroupManager === 'systemd'
    ? `${o.cgroupParent || host.cgroupParent || 'machine.slice'}:berth:${host.containerId}`
    : `${o.cgroupParent || host.cgroupParent || DEFAULT_CGROUP_PARENT}/berth-${host.containerId}`;
  spec.linux.namespaces = namespaces;
  const devices = deviceEntries([...(o.devices ?? []), ...(privileged ? host.privilegedDevices ?? [] : [])]);
  if (devices.length) spec.linux.devices = devices;
  if (!privileged && sec.seccomp !== 'unconfined' && host.seccompProfile !== undefined) {
    spec.linux.seccomp = convertSeccompProfile(host.seccompProfile, {
      arch: host.arch, caps: caps.bounding ?? [], kernel: host.kernel,
      ...(host.unrunnableSeccompArches ? { unrunnableArches: host.unrunnableSeccompArches } : {}),
    });
  }
  const paths = maskedPaths(sec, privileged);
  if (paths.masked.length) spec.linux.maskedPaths = paths.masked;
  if (paths.readonly.length) spec.linux.readonlyPaths = paths.readonly;
  return spec;
}

function checkOomScoreAdj(v: number): number {
  if (!Number.isInteger(v) || v < -1000 || v > 1000) throw invalidArgument(`invalid value for --oom-score-adj: ${v}: valid range is -1000 to 1000`);
  return v;
}

/** --tz: the host's zoneinfo file (or /etc/localtime for `local`) bound read-only at /etc/localtime. */
export function timezoneMount(tz: string | undefined): ResolvedMount[] {
  if (!tz) return [];
  const source = tz === 'local' ? '/etc/localtime' : `/usr/share/zoneinfo/${tz}`;
  return [{ source, destination: '/etc/localtime', type: 'bind', options: ['bind', 'rprivate', 'ro'] }];
}

/** The stop signal number: --stop-signal, else the image's StopSignal, else SIGTERM (15). */
export function stopSignal(input: Pick<SpecInput, 'image' | 'options'>): number {
  return signalNumber(input.options.stopSignal || input.image.StopSignal || 'SIGTERM');
}

function annotations(input: SpecInput, init: boolean, unconfined: boolean): Record<string, string> {
  const o = input.options;
  const flag = (b: boolean | undefined) => (b ? 'TRUE' : 'FALSE');
  const a: Record<string, string> = {
    'io.container.manager': 'libpod',
    'io.kubernetes.cri-o.TTY': String(o.tty ?? false),
    'io.podman.annotations.autoremove': flag(o.rm),
    'io.podman.annotations.init': flag(init),
    'io.podman.annotations.privileged': flag(o.privileged),
    'io.podman.annotations.publish-all': flag(o.publishAll),
    'org.opencontainers.image.stopSignal': String(stopSignal(input)),
  };
  if (input.host.created) a['io.kubernetes.cri-o.Created'] = input.host.created;
  if (unconfined) a['io.podman.annotations.seccomp'] = 'unconfined';
  Object.assign(a, o.annotations ?? {});
  return Object.fromEntries(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/** config.json text; bigint values (unlimited rlimits) are written as exact integers. */
export function serializeSpec(spec: OciSpec, indent?: number): string {
  const raw = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;
  return JSON.stringify(spec, (_k, v: unknown) => (typeof v === 'bigint' ? raw(v.toString()) : v), indent);
}

/** resolveUser, with podman's prefix on a --group-add that names no group (`looking up supplemental groups for ...`). */
function resolveUserForSpec(spec: string, passwd: string, group: string, groupAdd: readonly string[], containerId: string) {
  try {
    return resolveUser(spec, passwd, group, groupAdd);
  } catch (e) {
    if (e instanceof BerthError && e.message.startsWith('Unable to find group ')) {
      throw invalidArgument(`looking up supplemental groups for container ${containerId}: ${e.message}`);
    }
    throw e;
  }
}
