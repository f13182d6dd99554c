// Turns run/create flags into ContainerCreateOptions; flags Berth does not implement yet are refused by name.
import type { CommandContext, FlagValue } from '../command.ts';
import type { ContainerCreateOptions, PullPolicy } from '../../engine/containers.ts';
import { BerthError, invalidArgument } from '../../util/errors.ts';
import { NETWORK_FLAGS, networkOptionsFrom } from './network-run-options.ts';

/** Flags accepted and ignored as podman does (no-ops here) or whose default is the only behaviour. */
const IGNORED = new Set(['disable-content-trust', 'http-proxy', 'passwd', 'systemd', 'sdnotify', 'seccomp-policy', 'quiet', 'image-volume', 'log-driver', 'cgroups']);
/** Implemented flags (read below). */
const HANDLED = new Set([
  'annotation', 'arch', 'attach', 'authfile', 'cap-add', 'cap-drop', 'cgroupns', 'cidfile', 'conmon-pidfile', 'cpu-shares', 'cpus',
  'cpuset-cpus', 'cpuset-mems', 'detach', 'detach-keys', 'device', 'entrypoint', 'env', 'env-file', 'env-host', 'group-add',
  'hostname', 'init', 'init-path', 'interactive', 'ipc', 'label', 'memory', 'memory-reservation', 'memory-swap', 'mount', 'name',
  'network', 'net', 'os', 'pid', 'pidfile', 'pids-limit', 'platform', 'privileged', 'pull', 'read-only', 'read-only-tmpfs',
  'replace', 'restart', 'rm', 'security-opt', 'shm-size', 'sig-proxy', 'stop-signal', 'stop-timeout', 'sysctl', 'tls-verify',
  'tmpfs', 'tty', 'ulimit', 'user', 'uts', 'variant', 'volume', 'workdir', 'creds',
]);

const PULL: PullPolicy[] = ['always', 'missing', 'never', 'newer'];

function labelsFrom(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    out[eq < 0 ? v : v.slice(0, eq)] = eq < 0 ? '' : v.slice(eq + 1);
  }
  return out;
}

export function createOptionsFrom(ctx: CommandContext): ContainerCreateOptions {
  const f = ctx.flags;
  const set = (k: string) => ctx.changed.has(k);
  for (const k of ctx.changed) {
    if (!HANDLED.has(k) && !IGNORED.has(k) && !NETWORK_FLAGS.includes(k) && !['log-level', 'root', 'runroot', 'storage-driver', 'storage-opt', 'runtime', 'runtime-flag', 'conmon', 'cgroup-manager', 'events-backend', 'network-cmd-path', 'network-config-dir', 'tmpdir', 'volumepath'].includes(k)) {
      throw new BerthError('invalid-argument', `--${k} is not supported by berth yet`);
    }
  }
  const [image, ...command] = ctx.args;
  if (!image) throw invalidArgument(`${ctx.path.split(' ').at(-1)} requires at least 1 arg(s), only received 0`);
  const str = (k: string) => (set(k) ? (f[k] as string) : undefined);
  const arr = (k: string) => (f[k] as string[] | undefined) ?? [];
  const o: ContainerCreateOptions = { image, command };
  const assign = <K extends keyof ContainerCreateOptions>(k: K, v: ContainerCreateOptions[K] | undefined) => {
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) o[k] = v;
  };
  assign('name', str('name') || undefined);
  if (set('entrypoint')) {
    const ep = f['entrypoint'] as string;
    o.entrypoint = ep.startsWith('[') ? (JSON.parse(ep) as string[]) : ep;
  }
  assign('env', arr('env'));
  assign('envFiles', arr('env-file'));
  if (f['env-host'] === true) o.envHost = true;
  assign('user', str('user'));
  assign('groupAdd', arr('group-add'));
  assign('workdir', str('workdir'));
  assign('hostname', str('hostname'));
  if (f['init'] === true) o.init = true;
  assign('initPath', str('init-path'));
  assign('ulimits', arr('ulimit'));
  assign('memory', str('memory'));
  assign('memorySwap', str('memory-swap'));
  assign('memoryReservation', str('memory-reservation'));
  if (set('cpus')) o.cpus = f['cpus'] as number;
  if (set('cpu-shares')) o.cpuShares = f['cpu-shares'] as number;
  assign('cpusetCpus', str('cpuset-cpus'));
  assign('cpusetMems', str('cpuset-mems'));
  if (set('pids-limit')) o.pidsLimit = f['pids-limit'] as number;
  if (f['read-only'] === true) o.readOnly = true;
  if (set('read-only-tmpfs')) o.readOnlyTmpfs = f['read-only-tmpfs'] as boolean;
  if (f['privileged'] === true) o.privileged = true;
  assign('capAdd', arr('cap-add'));
  assign('capDrop', arr('cap-drop'));
  assign('securityOpt', arr('security-opt'));
  assign('deviceSpecs', arr('device'));
  assign('sysctls', arr('sysctl'));
  assign('tmpfs', arr('tmpfs'));
  assign('shmSize', str('shm-size'));
  assign('stopSignal', str('stop-signal'));
  if (set('stop-timeout')) o.stopTimeout = f['stop-timeout'] as number;
  if (arr('label').length) o.labels = labelsFrom(arr('label'));
  if (arr('annotation').length) o.annotations = labelsFrom(arr('annotation'));
  assign('pid', str('pid'));
  assign('ipc', str('ipc'));
  assign('uts', str('uts'));
  assign('cgroupns', str('cgroupns'));
  networkOptionsFrom(ctx, o);
  assign('volumes', arr('volume'));
  assign('mountSpecs', arr('mount'));
  if (f['rm'] === true) o.rm = true;
  if (f['detach'] === true) o.detach = true;
  if (f['interactive'] === true) o.interactive = true;
  if (f['tty'] === true) o.tty = true;
  if (set('detach-keys') || f['detach-keys'] !== undefined) assign('detachKeys', f['detach-keys'] as string | undefined);
  o.sigProxy = (f['sig-proxy'] as FlagValue | undefined) !== false;
  assign('cidfile', str('cidfile'));
  if (f['replace'] === true) o.replace = true;
  const pull = (f['pull'] as string | undefined) ?? 'missing';
  if (!PULL.includes(pull as PullPolicy)) throw invalidArgument(`unsupported pull policy "${pull}"`);
  o.pull = pull as PullPolicy;
  if (f['quiet'] === true) o.quiet = true;
  assign('restart', str('restart'));
  assign('conmonPidfile', str('conmon-pidfile'));
  assign('pidfile', str('pidfile'));
  assign('attach', arr('attach'));
  const po: NonNullable<ContainerCreateOptions['pullOptions']> = {};
  if (set('tls-verify')) po.tlsVerify = f['tls-verify'] as boolean;
  for (const [flag, key] of [['authfile', 'authfile'], ['creds', 'creds'], ['platform', 'platform'], ['arch', 'arch'], ['os', 'os'], ['variant', 'variant']] as const) {
    const v = str(flag);
    if (v) po[key] = v;
  }
  if (Object.keys(po).length) o.pullOptions = po;
  if (o.replace && !o.name) throw invalidArgument('cannot replace container without --name being set');
  return o;
}
