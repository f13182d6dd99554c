// Turns run/create flags into ContainerCreateOptions; flags Berth does not implement yet are refused by name.
import type { CommandContext, FlagValue } from '../command.ts';
import type { ContainerCreateOptions, PullPolicy } from '../../engine/containers.ts';
import fs from 'node:fs';
import path from 'node:path';
import { BerthError, invalidArgument } from '../../util/errors.ts';
import { log } from '../../util/log.ts';
import { parseDeviceCgroupRule, parseHumanSize } from '../../runtime/resources.ts';
import { IGNORED_CREATE_FLAGS, IMPLEMENTED_CREATE_FLAGS } from '../groups/containers-flags.ts';
import { networkOptionsFrom } from './network-run-options.ts';
import { parseSecretFlag } from '../../secret/options.ts';

const PULL: PullPolicy[] = ['always', 'missing', 'never', 'newer'];

/** --label-file: one label a line (KEY=value or KEY), blank lines and # comments skipped; --label values win. */
function labelFileLines(files: string[]): string[] {
  return files.flatMap((f) => {
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch (e) {
      throw new BerthError('invalid-argument', `open ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
    return text.split('\n').map((l) => l.replace(/\r$/, '').trim()).filter((l) => l !== '' && !l.startsWith('#'));
  });
}

/** --tz: `local` or a zone with a file under /usr/share/zoneinfo (podman's error otherwise). */
function checkTimezone(tz: string): string {
  const file = tz === 'local' ? '/etc/localtime' : `/usr/share/zoneinfo/${tz}`;
  if (tz.split('/').includes('..') || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    throw new BerthError('invalid-argument', `running container create option: stat ${file}: no such file or directory`);
  }
  return tz;
}

const ATTACH_STREAMS = ['stdin', 'stdout', 'stderr'];

/** podman passes systemd's LISTEN_* variables on (LISTEN_PID as 1: the container's process), for socket activation. */
function socketActivationEnv(): string[] {
  const out: string[] = [];
  for (const key of ['LISTEN_PID', 'LISTEN_FDS', 'LISTEN_FDNAMES']) {
    const value = process.env[key];
    if (value !== undefined) out.push(`${key}=${key === 'LISTEN_PID' ? '1' : value}`);
  }
  return out;
}

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
    if (!IMPLEMENTED_CREATE_FLAGS.has(k) && !IGNORED_CREATE_FLAGS.has(k) && !['log-level', 'root', 'runroot', 'storage-driver', 'storage-opt', 'runtime', 'runtime-flag', 'conmon', 'cgroup-manager', 'events-backend', 'network-cmd-path', 'network-config-dir', 'tmpdir', 'volumepath'].includes(k)) {
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
  assign('env', [...arr('env'), ...socketActivationEnv()]);
  assign('envFiles', arr('env-file'));
  assign('secrets', arr('secret').map(parseSecretFlag));
  if (f['env-host'] === true) o.envHost = true;
  assign('user', str('user'));
  assign('groupAdd', arr('group-add'));
  assign('workdir', str('workdir'));
  assign('hostname', str('hostname'));
  if (f['init'] === true) o.init = true;
  assign('initPath', str('init-path'));
  assign('ulimits', arr('ulimit'));
  assign('memory', str('memory'));
  assign('blkioWeight', str('blkio-weight'));
  assign('blkioWeightDevice', arr('blkio-weight-device'));
  assign('deviceReadBps', arr('device-read-bps'));
  assign('deviceWriteBps', arr('device-write-bps'));
  assign('deviceReadIops', arr('device-read-iops'));
  assign('deviceWriteIops', arr('device-write-iops'));
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
  const labels = [...labelFileLines(arr('label-file')), ...arr('label')];
  if (labels.length) o.labels = labelsFrom(labels);
  if (arr('annotation').length) o.annotations = labelsFrom(arr('annotation'));
  assign('pid', str('pid'));
  assign('ipc', str('ipc'));
  assign('uts', str('uts'));
  assign('cgroupns', str('cgroupns'));
  assign('cgroupParent', str('cgroup-parent'));
  assign('cgroups', str('cgroups'));
  if (set('passwd')) o.passwd = f['passwd'] === true;
  assign('hostUsers', arr('hostuser'));
  if (set('preserve-fds') && (f['preserve-fds'] as number) > 0) o.preserveFds = f['preserve-fds'] as number;
  const listenFds = process.env['LISTEN_FDS'];
  if (listenFds !== undefined && listenFds !== '') {
    // systemd socket activation, as podman: the listening sockets (3..) go on unless --preserve-fds names others.
    if (o.preserveFds) log.warn('Ignoring LISTEN_FDS to preserve custom user-specified FDs');
    else if (!/^[+-]?\d+$/.test(listenFds)) {
      // podman fails when it starts the container: 126.
      throw invalidArgument(`converting LISTEN_FDS=${listenFds}: strconv.Atoi: parsing "${listenFds}": invalid syntax`, { exitCode: 126 });
    }
    else if (Number(listenFds) > 0) o.preserveFds = Number(listenFds);
  }
  if (set('http-proxy')) o.httpProxy = f['http-proxy'] === true;
  // Checked by the engine's create, as podman's libpod does (after the image is there), against containers.conf's too.
  assign('logDriver', str('log-driver') || undefined);
  assign('seccompPolicy', str('seccomp-policy'));
  // No systemd mode (podman's for an init/systemd command or with "always") and no sd-notify relay: conmon runs without
  // NOTIFY_SOCKET, which is podman's "ignore" and the same as its defaults where no NOTIFY_SOCKET is set.
  const systemd = str('systemd');
  if (systemd !== undefined && !['true', 'false', 'always'].includes(systemd)) {
    throw invalidArgument('invalid config provided: --systemd values must be one of "true, false, always": invalid configuration');
  }
  if (systemd === 'always') throw invalidArgument('--systemd always is not supported by berth yet');
  const sdnotify = str('sdnotify');
  if (sdnotify !== undefined && !['container', 'conmon', 'ignore'].includes(sdnotify)) {
    throw invalidArgument(`invalid config provided: invalid argument: invalid sdnotify value "${sdnotify}": must be container, conmon or ignore`);
  }
  if (sdnotify !== undefined && sdnotify !== 'ignore' && process.env['NOTIFY_SOCKET']) throw invalidArgument(`--sdnotify ${sdnotify} is not supported by berth yet`);
  for (const opt of arr('log-opt')) {
    const eq = opt.indexOf('=');
    if (eq < 0) throw invalidArgument(`invalid log option "${opt}"`);
    const [key, value] = [opt.slice(0, eq), opt.slice(eq + 1)];
    // As podman 4.3: other keys are accepted and unused; tag is journald's (the engine refuses it with a file log).
    if (key === 'max-size') o.logSizeMax = parseHumanSize(value);
    else if (key === 'path') o.logPath = path.resolve(value);
    else if (key === 'tag') o.logTag = value;
  }
  const imageVolume = str('image-volume');
  if (imageVolume !== undefined) {
    if (!['bind', 'tmpfs', 'ignore'].includes(imageVolume)) throw invalidArgument(`invalid image volume mode "${imageVolume}" required value: bind, tmpfs, ignore`);
    if (imageVolume !== 'bind') o.imageVolume = imageVolume as 'tmpfs' | 'ignore';
  }
  assign('requires', arr('requires'));
  networkOptionsFrom(ctx, o);
  assign('volumes', arr('volume'));
  assign('volumesFrom', arr('volumes-from'));
  const health: NonNullable<ContainerCreateOptions['health']> = {};
  if (set('health-cmd')) health.cmd = str('health-cmd');
  if (set('health-interval')) health.interval = str('health-interval');
  if (set('health-timeout')) health.timeout = str('health-timeout');
  if (set('health-start-period')) health.startPeriod = str('health-start-period');
  if (set('health-retries')) health.retries = f['health-retries'] as number;
  if (f['no-healthcheck'] === true) health.none = true;
  if (set('health-on-failure')) health.onFailure = str('health-on-failure');
  if (Object.keys(health).length) o.health = health;
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
  for (const a of arr('attach')) {
    if (!ATTACH_STREAMS.includes(a.toLowerCase())) throw invalidArgument(`invalid stream "${a}" for --attach - must be one of stdin, stdout, or stderr: invalid argument`);
  }
  assign('attach', arr('attach').map((a) => a.toLowerCase()));
  if (set('umask')) {
    if (!/^[0-7]{1,4}$/.test(f['umask'] as string)) throw invalidArgument(`running container create option: invalid umask string ${f['umask'] as string}: invalid argument`);
    o.umask = f['umask'] as string;
  }
  if (set('oom-score-adj')) o.oomScoreAdj = f['oom-score-adj'] as number;
  if (set('cpu-period')) o.cpuPeriod = f['cpu-period'] as number;
  if (set('cpu-quota')) o.cpuQuota = f['cpu-quota'] as number;
  if (o.cpus && o.cpuQuota) throw invalidArgument('--cpu-quota and --cpus cannot be set together');
  if (set('memory-swappiness')) {
    const v = f['memory-swappiness'] as number;
    if (v !== -1 && (v < 0 || v > 100)) throw invalidArgument(`invalid value: ${v}, valid memory swappiness range is 0-100`);
    o.memorySwappiness = v;
  }
  arr('device-cgroup-rule').forEach(parseDeviceCgroupRule);
  assign('deviceCgroupRules', arr('device-cgroup-rule'));
  if (str('tz')) o.tz = checkTimezone(str('tz')!);
  assign('envMerge', arr('env-merge'));
  assign('unsetenv', arr('unsetenv'));
  if (f['unsetenv-all'] === true) o.unsetenvAll = true;
  if (set('timeout') && (f['timeout'] as number) > 0) o.timeout = f['timeout'] as number;
  if (f['rmi'] === true) o.rmi = true;
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
