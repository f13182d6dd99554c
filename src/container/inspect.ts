// container inspect: a record (+ its config.json) as podman 4.3's InspectContainerData, field order as podman prints it.
import fs from 'node:fs';
import path from 'node:path';
import type { InspectContainerData } from '../engine/containers.ts';
import { humanSize, rfc3339 as rfc3339Nano } from '../format/humanize.ts';
import { hostConfigNetwork, networkSettings } from './network-inspect.ts';
import { reportedState } from './ps.ts';
import type { ContainerRecord } from './records.ts';
import { writesLogFile } from './log-driver.ts';
import type { OciSpec } from '../runtime/spec-types.ts';
import type { BlockIOLimits } from '../runtime/resources.ts';
import { inspectSecrets } from './secrets.ts';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** HostConfig.LogConfig as podman 4.3 shows it: no default path for the drivers that write no file, the tag as given. */
/** The env list without the variables env secrets set. */
function withoutSecrets(env: string[], envSecrets: Readonly<Record<string, string>> | undefined): string[] {
  if (!envSecrets) return env;
  return env.filter((e) => !Object.hasOwn(envSecrets, e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('='))));
}

function logConfig(r: ContainerRecord, defaultPath: string) {
  const so = r.config.spec;
  const type = r.config.logDriver ?? 'k8s-file';
  const file = writesLogFile(r.config.logDriver) ? defaultPath : so.logPath ?? '';
  return { Type: type, Config: null, Path: file, Tag: so.logTag ?? '', Size: humanSize(so.logSizeMax ?? 0) };
}

export interface InspectFacts {
  bundle: string;
  staticDir: string;
  logPath: string;
  runtimeName: string;
  driver: string;
  cgroupManager: string;
  imageDigest: string;
  /** Lower dirs (top first), the container's diff/work/merged dirs. */
  graph: { lower: string[]; upper: string; work: string; merged: string | null };
  execIds: string[];
  size?: { rw: number; rootFs: number };
  /** The default network's name (top-level NetworkSettings addresses are shown only for it); default `berth`. */
  defaultNetwork?: string;
  /** Full IDs of the containers this one depends on (shared namespaces, --requires). */
  dependencies?: string[];
  /** Each volume's host path (`<volumepath>/<name>/_data`), by name. */
  volumeSources?: Record<string, string>;
}

/** The OCI spec init wrote (undefined before the first init). */
export function readSpec(bundle: string): OciSpec | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(bundle, 'config.json'), 'utf8')) as OciSpec;
  } catch {
    return undefined;
  }
}

const sorted = (m: Record<string, string> | undefined | null) =>
  m && Object.keys(m).length ? Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!])) : null;
const time = (ms: number) => (ms > 0 ? rfc3339Nano(ms) : ZERO_TIME);
const orEmpty = (p: string) => (fs.existsSync(p) ? p : '');
const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);

/** Splits the command into entrypoint and cmd the way create decided it. */
function entrypointOf(r: ContainerRecord): string[] {
  const ep = r.config.spec.entrypoint;
  if (ep === undefined) return r.config.image.Entrypoint ?? [];
  if (ep === '') return [];
  return Array.isArray(ep) ? ep : [ep];
}

const RLIMIT_NAMES = (t: string) => t.toUpperCase();

export function inspectContainer(r: ContainerRecord, f: InspectFacts): InspectContainerData {
  const spec = readSpec(f.bundle);
  const state = reportedState(r.state);
  const running = state === 'running' || state === 'paused';
  const entrypoint = entrypointOf(r);
  const cmd = r.config.command.slice(entrypoint.length);
  const so = r.config.spec;
  const res = spec?.linux.resources;
  const caps = spec?.process.capabilities;
  // Volumes first, then bind mounts, as podman lists them.
  const volumeMounts = r.config.volumes.map((v) => ({ source: f.volumeSources?.[v.name] ?? '', destination: v.destination, type: 'volume', options: v.options, name: v.name }));
  const mounts = [...volumeMounts, ...(so.mounts ?? []).filter((m) => m.type === 'bind' && !r.config.volumes.some((v) => v.destination === m.destination))];
  const net = hostConfigNetwork(r);
  const graphData: Record<string, string> = {};
  if (f.graph.lower.length) graphData['LowerDir'] = f.graph.lower.join(':');
  if (f.graph.merged) graphData['MergedDir'] = f.graph.merged;
  graphData['UpperDir'] = f.graph.upper;
  graphData['WorkDir'] = f.graph.work;
  const out: Record<string, unknown> = {
    Id: r.id,
    Created: rfc3339Nano(r.created),
    Path: r.config.command[0] ?? '',
    Args: r.config.command.slice(1),
    State: {
      OciVersion: spec?.ociVersion ?? '1.0.2-dev',
      Status: state,
      Running: state === 'running',
      Paused: state === 'paused',
      Restarting: false,
      OOMKilled: r.oomKilled,
      Dead: false,
      Pid: running ? r.pid : 0,
      ...(running && r.conmonPid ? { ConmonPid: r.conmonPid } : {}),
      ExitCode: r.exitCode ?? 0,
      Error: '',
      StartedAt: time(r.started),
      FinishedAt: state === 'running' ? ZERO_TIME : time(r.finished),
      Health: r.detail.health ?? { Status: '', FailingStreak: 0, Log: null },
      ...(running && spec?.linux.cgroupsPath ? { CgroupPath: spec.linux.cgroupsPath.replace(/^([^:]*):([^:]*):(.*)$/, '$1/$2-$3') } : {}),
      CheckpointedAt: ZERO_TIME,
      RestoredAt: ZERO_TIME,
    },
    Image: r.imageId ?? '',
    ImageDigest: f.imageDigest,
    ImageName: r.imageName,
    Rootfs: '',
    Pod: '',
    ResolvConfPath: orEmpty(path.join(f.bundle, 'resolv.conf')),
    HostnamePath: orEmpty(path.join(f.bundle, 'hostname')),
    HostsPath: orEmpty(path.join(f.bundle, 'hosts')),
    StaticDir: f.staticDir,
    OCIConfigPath: path.join(f.bundle, 'config.json'),
    OCIRuntime: f.runtimeName,
    ConmonPidFile: r.config.conmonPidfile ?? path.join(f.bundle, 'conmon.pid'),
    PidFile: r.config.pidfile ?? path.join(f.bundle, 'pidfile'),
    Name: r.name,
    RestartCount: r.restartCount,
    Driver: f.driver,
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    EffectiveCaps: [...(caps?.effective ?? [])].sort(),
    BoundingCaps: [...(caps?.bounding ?? [])].sort(),
    ExecIDs: f.execIds,
    GraphDriver: { Name: f.driver, Data: graphData },
    ...(f.size ? { SizeRw: f.size.rw, SizeRootFs: f.size.rootFs } : {}),
    Mounts: mounts.map((m) => {
      const vol = 'name' in m ? m : undefined;
      const ro = m.options.includes('ro');
      return {
        Type: vol ? 'volume' : 'bind',
        ...(vol ? { Name: vol.name } : {}),
        Source: m.source,
        Destination: m.destination,
        Driver: vol ? 'local' : '',
        Mode: '',
        Options: m.options.filter((o) => !['ro', 'rw', 'rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'].includes(o)),
        RW: !ro,
        Propagation: m.options.find((o) => /^r?(private|shared|slave)$/.test(o)) ?? 'rprivate',
      };
    }),
    Dependencies: f.dependencies ?? [],
    NetworkSettings: networkSettings(r, f.defaultNetwork),
    Namespace: '',
    IsInfra: false,
    IsService: false,
    Config: {
      Hostname: spec?.hostname ?? so.hostname ?? r.id.slice(0, 12),
      Domainname: '',
      User: so.user ?? r.config.image.User ?? '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Tty: r.config.tty,
      OpenStdin: r.config.stdin,
      StdinOnce: false,
      // Env secrets' values are in the spec; podman 4.3 shows them here, Berth never shows secret data.
      Env: withoutSecrets(spec?.process.env ?? [...(r.config.image.Env ?? []), ...(so.env ?? [])], r.config.envSecrets),
      Cmd: cmd.length ? cmd : null,
      Image: r.imageName,
      Volumes: null,
      WorkingDir: spec?.process.cwd ?? so.workdir ?? (r.config.image.WorkingDir || '/'),
      Entrypoint: entrypoint.join(' '),
      OnBuild: null,
      Labels: sorted(r.labels),
      Annotations: sorted(spec?.annotations ?? so.annotations ?? {}) ?? {},
      StopSignal: r.config.stopSignal,
      ...(r.config.healthcheck ? { Healthcheck: r.config.healthcheck } : {}),
      HealthcheckOnFailureAction: r.config.healthOnFailure ?? 'none',
      CreateCommand: r.config.createCommand ?? null,
      ...(so.tz ? { Timezone: so.tz } : {}),
      Umask: (so.umask ?? '0022').padStart(4, '0'),
      ...(r.config.secrets?.length ? { Secrets: inspectSecrets(r.config.secrets) } : {}),
      Timeout: so.timeout ?? 0,
      StopTimeout: r.config.stopTimeout,
      Passwd: true,
      sdNotifyMode: 'container',
    },
    HostConfig: {
      Binds: mounts.map((m) => `${r.config.volumes.find((v) => v.destination === m.destination)?.name ?? m.source}:${m.destination}:${m.options.join(',')}`),
      CgroupManager: f.cgroupManager,
      CgroupMode: 'host',
      ContainerIDFile: '',
      LogConfig: logConfig(r, f.logPath),
      NetworkMode: net.NetworkMode,
      PortBindings: net.PortBindings,
      RestartPolicy: { Name: r.config.restart.name, MaximumRetryCount: r.config.restart.maxRetries },
      AutoRemove: r.config.autoRemove,
      VolumeDriver: '',
      VolumesFrom: (r.config.spec as { volumesFrom?: string[] }).volumesFrom?.length ? (r.config.spec as { volumesFrom: string[] }).volumesFrom : null,
      CapAdd: so.capAdd ?? [],
      CapDrop: so.capDrop ?? [],
      Dns: net.Dns, DnsOptions: net.DnsOptions, DnsSearch: net.DnsSearch, ExtraHosts: net.ExtraHosts,
      GroupAdd: so.groupAdd ?? [],
      IpcMode: so.ipc === 'host' || so.ipc?.startsWith('container:') ? so.ipc : 'shareable',
      Cgroup: '',
      Cgroups: 'default',
      Links: null,
      OomScoreAdj: spec?.process.oomScoreAdj ?? so.oomScoreAdj ?? 0,
      PidMode: so.pid === 'host' || so.pid?.startsWith('container:') ? so.pid : 'private',
      Privileged: so.privileged ?? false,
      PublishAllPorts: so.publishAll ?? false,
      ReadonlyRootfs: so.readOnly ?? false,
      SecurityOpt: so.securityOpt ?? [],
      Tmpfs: Object.fromEntries((so.tmpfs ?? []).map((t) => [t.split(':')[0]!, t.split(':').slice(1).join(':')])),
      UTSMode: so.uts === 'host' || so.uts?.startsWith('container:') ? so.uts : 'private',
      UsernsMode: '',
      ShmSize: 65536000,
      Runtime: 'oci',
      ConsoleSize: [0, 0],
      Isolation: '',
      CpuShares: num(res?.cpu?.shares),
      Memory: num(res?.memory?.limit),
      NanoCpus: so.cpus ? Math.round(so.cpus * 1e9) : 0,
      CgroupParent: so.cgroupParent ?? '',
      ...blkioHostConfig(so.blockIO),
      CpuPeriod: num(res?.cpu?.period ?? so.cpuPeriod),
      CpuQuota: num(res?.cpu?.quota ?? so.cpuQuota),
      CpuRealtimePeriod: 0,
      CpuRealtimeRuntime: 0,
      CpusetCpus: res?.cpu?.cpus ?? '',
      CpusetMems: res?.cpu?.mems ?? '',
      Devices: [],
      DiskQuota: 0,
      KernelMemory: 0,
      MemoryReservation: num(res?.memory?.reservation),
      MemorySwap: num(res?.memory?.swap),
      MemorySwappiness: num(res?.memory?.swappiness ?? (so.memorySwappiness === -1 ? 0 : so.memorySwappiness)),
      OomKillDisable: false,
      PidsLimit: num(res?.pids?.limit),
      Ulimits: (spec?.process.rlimits ?? []).map((l) => ({ Name: RLIMIT_NAMES(l.type), Soft: num(l.soft), Hard: num(l.hard) })),
      CpuCount: 0,
      CpuPercent: 0,
      IOMaximumIOps: 0,
      IOMaximumBandwidth: 0,
      CgroupConf: null,
    },
  };
  return out as InspectContainerData;
}

/** Dotted paths of Go maps inside InspectContainerData (everything else is a struct for templates). */
export const INSPECT_MAP_PATHS = new Set([
  'GraphDriver.Data', 'Config.Labels', 'Config.Annotations', 'Config.Volumes', 'NetworkSettings.Ports', 'NetworkSettings.Networks', 'HostConfig.Tmpfs',
  'HostConfig.PortBindings', 'HostConfig.LogConfig.Config',
]);

/** inspect's blkio fields: podman lists every kind (empty or not) once the container has any blkio limit, else null. */
function blkioHostConfig(b: BlockIOLimits | undefined): Record<string, unknown> {
  const rates = (l: BlockIOLimits['throttleReadBpsDevice']) => (b ? (l ?? []).map((d) => ({ Path: d.path, Rate: d.rate })) : null);
  return {
    BlkioWeight: b?.weight ?? 0,
    BlkioWeightDevice: b ? (b.weightDevice ?? []).map((d) => ({ Path: d.path, Weight: d.weight })) : null,
    BlkioDeviceReadBps: rates(b?.throttleReadBpsDevice),
    BlkioDeviceWriteBps: rates(b?.throttleWriteBpsDevice),
    BlkioDeviceReadIOps: rates(b?.throttleReadIOPSDevice),
    BlkioDeviceWriteIOps: rates(b?.throttleWriteIOPSDevice),
  };
}
