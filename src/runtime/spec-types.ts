// Types for OCI spec generation: the config.json shape runc 1.1 accepts and the pure generator's inputs.
import type { Rlimit } from '../sys/host.ts';
import type { BlockIOLimits } from './resources.ts';

// ---------------------------------------------------------------- output: OCI runtime spec 1.0.2

/** Rlimit and seccomp values may exceed 2^53 (unlimited = 2^64-1): they are bigint then; serializeSpec writes them exactly. */
export type U64 = number | bigint;

export interface OciUser {
  uid: number;
  gid: number;
  umask?: number;
  additionalGids?: number[];
}
export interface OciCapabilities {
  bounding?: string[];
  effective?: string[];
  inheritable?: string[];
  permitted?: string[];
  ambient?: string[];
}
export interface OciRlimit {
  type: string;
  hard: U64;
  soft: U64;
}
export interface OciProcess {
  terminal?: boolean;
  user: OciUser;
  args: string[];
  env: string[];
  cwd: string;
  capabilities?: OciCapabilities;
  rlimits?: OciRlimit[];
  noNewPrivileges?: boolean;
  oomScoreAdj?: number;
}
export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options?: string[];
}
export interface OciNamespace {
  type: 'pid' | 'network' | 'ipc' | 'uts' | 'mount' | 'cgroup' | 'user';
  path?: string;
}
export interface OciDevice {
  path: string;
  type: 'c' | 'b' | 'u' | 'p';
  major: number;
  minor: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}
export interface OciDeviceRule {
  allow: boolean;
  type?: string;
  major?: number;
  minor?: number;
  access?: string;
}
export interface OciBlockIoDevice {
  major: number;
  minor: number;
  weight?: number;
  rate?: number;
}
export interface OciResources {
  devices?: OciDeviceRule[];
  memory?: { limit?: number; reservation?: number; swap?: number; swappiness?: number };
  cpu?: { shares?: number; quota?: number; period?: number; realtimePeriod?: number; realtimeRuntime?: number; cpus?: string; mems?: string };
  pids?: { limit: number };
  blockIO?: {
    weight?: number;
    weightDevice?: OciBlockIoDevice[];
    throttleReadBpsDevice?: OciBlockIoDevice[];
    throttleWriteBpsDevice?: OciBlockIoDevice[];
    throttleReadIOPSDevice?: OciBlockIoDevice[];
    throttleWriteIOPSDevice?: OciBlockIoDevice[];
  };
}
export interface OciSeccompArg {
  index: number;
  value: U64;
  valueTwo?: U64;
  op: string;
}
export interface OciSeccompSyscall {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: OciSeccompArg[];
}
export interface OciSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  syscalls?: OciSeccompSyscall[];
}
export interface OciLinux {
  sysctl?: Record<string, string>;
  resources?: OciResources;
  cgroupsPath?: string;
  namespaces: OciNamespace[];
  devices?: OciDevice[];
  seccomp?: OciSeccomp;
  maskedPaths?: string[];
  readonlyPaths?: string[];
}
export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: { path: string; readonly?: boolean };
  hostname?: string;
  mounts: OciMount[];
  annotations: Record<string, string>;
  linux: OciLinux;
}

// ---------------------------------------------------------------- inputs

/** The `config` part of an OCI image config (capitalized keys, as stored). */
export interface ImageConfig {
  User?: string;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  StopSignal?: string;
  Volumes?: Record<string, object> | null;
  ExposedPorts?: Record<string, object> | null;
  Labels?: Record<string, string> | null;
}

/** 'private' | 'host' | 'none' (network only) | 'ns:<path>' (the caller resolves container:<id> to a path). */
export type NamespaceMode = string;

/** A mount the caller already resolved (volumes, binds, --mount). */
export interface ResolvedMount {
  source: string;
  destination: string;
  type: string;
  options: string[];
}

/** A device the caller stat'ed: `--device host[:container][:perms]` after parseDeviceSpec, plus the node's facts. */
export interface ResolvedDevice {
  containerPath: string;
  type: 'c' | 'b' | 'p';
  major: number;
  minor: number;
  fileMode: number;
  uid: number;
  gid: number;
  /** Cgroup access: any of r, w, m. */
  permissions: string;
}

/** Podman run/create flags, already split into typed values by the CLI or the API. */
export interface ContainerCreateOptions {
  /** Positional command after the image; [] or undefined: the image's Cmd. */
  command?: string[];
  /** undefined: the image's; '' clears it; a string is one word; an array is the JSON form. */
  entrypoint?: string | string[];
  /** `-e` values in order: KEY=value, KEY (host's value), or KEY* (every host var with that prefix). */
  env?: string[];
  /** `--env-file` contents already parsed into KEY=value pairs, applied before `-e`. */
  envFile?: string[];
  envHost?: boolean;
  user?: string;
  groupAdd?: string[];
  workdir?: string;
  hostname?: string;
  init?: boolean;
  /** Host path of the init binary (catatonit), bind-mounted at /run/podman-init. */
  initPath?: string;
  ulimits?: string[];
  memory?: string;
  memorySwap?: string;
  memoryReservation?: string;
  cpus?: number;
  cpuShares?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  /** --blkio-weight, --blkio-weight-device, --device-{read,write}-{bps,iops} as given (create resolves them). */
  blkioWeight?: string;
  blkioWeightDevice?: string[];
  deviceReadBps?: string[];
  deviceWriteBps?: string[];
  deviceReadIops?: string[];
  deviceWriteIops?: string[];
  /** The blkio limits resolved at create: device numbers beside the paths, what the host cannot apply dropped. */
  blockIO?: BlockIOLimits;
  pidsLimit?: number;
  readOnly?: boolean;
  /** Default true, as Podman: with --read-only, /tmp, /var/tmp and /run become tmpfs. */
  readOnlyTmpfs?: boolean;
  privileged?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  /** seccomp=<path>|unconfined, no-new-privileges[=true|false], label=disable, mask=a:b, unmask=ALL|a:b. */
  securityOpt?: string[];
  devices?: ResolvedDevice[];
  sysctls?: string[];
  /** `--tmpfs dest[:options]` values. */
  tmpfs?: string[];
  shmSize?: string;
  stopSignal?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  name?: string;
  pid?: NamespaceMode;
  ipc?: NamespaceMode;
  uts?: NamespaceMode;
  net?: NamespaceMode;
  cgroupns?: NamespaceMode;
  /** --seccomp-policy: default, or image (the profile in the image's io.containers.seccomp.profile label). */
  seccompPolicy?: string;
  /** --log-opt path=: the k8s-file log's path (default: <userdata>/ctr.log). */
  logPath?: string;
  /** --log-opt max-size= in bytes: conmon truncates the log beyond it. */
  logSizeMax?: number;
  /** --log-opt tag=: shown by inspect (a file log refuses it: container/log-driver.ts). */
  logTag?: string;
  /** --hostuser: host accounts (name or uid) added to the container's /etc/passwd. */
  hostUsers?: string[];
  /** --passwd=false: no /etc/passwd or /etc/group entry is added for a numeric --user the image lacks. */
  passwd?: boolean;
  /** --http-proxy=false: the host's proxy variables are not passed in (default: containers.conf http_proxy). */
  httpProxy?: boolean;
  /** --cgroup-parent: the container's cgroup is <parent>/berth-<id> (cgroupfs) or <slice>:berth:<id> (systemd). */
  cgroupParent?: string;
  /** --cgroups: enabled (default) or no-conmon (conmon stays in the caller's cgroup); checked by container/cgroup-options.ts. */
  cgroups?: string;
  mounts?: ResolvedMount[];
  tty?: boolean;
  interactive?: boolean;
  rm?: boolean;
  publishAll?: boolean;
  /** --umask: octal, e.g. 0022 (default: containers.conf umask). */
  umask?: string;
  /** --oom-score-adj: -1000..1000. */
  oomScoreAdj?: number;
  /** --cpu-period / --cpu-quota (CFS, microseconds); --cpus sets both and conflicts with --cpu-quota. */
  cpuPeriod?: number;
  cpuQuota?: number;
  /** --memory-swappiness: 0..100; -1 or undefined = the kernel's. */
  memorySwappiness?: number;
  /** --device-cgroup-rule 'c|b|a major|*:minor|* [rwm]'. */
  deviceCgroupRules?: string[];
  /** --tz: `local` (the host's /etc/localtime) or a zoneinfo name; the caller checked the host file exists. */
  tz?: string;
  /** --env-merge, --unsetenv, --unsetenv-all (see mergeEnv). */
  envMerge?: string[];
  unsetenv?: string[];
  unsetenvAll?: boolean;
  /** --timeout: conmon kills the container after this many seconds (0: never). */
  timeout?: number;
}

/** The parts of containers.conf spec generation reads (see specConfFrom). */
export interface SpecConf {
  defaultCapabilities: string[];
  defaultSysctls: string[];
  defaultUlimits: string[];
  env: string[];
  envHost: boolean;
  httpProxy: boolean;
  pidsLimit: number;
  shmSize: string;
  cgroupns: string;
  ipcns: string;
  netns: string;
  pidns: string;
  utsns: string;
  init: boolean;
  initPath: string;
  umask: string;
  cgroupManager: string;
}

/** Facts the caller gathered so that generation stays pure. */
export interface SpecHost {
  containerId: string;
  /** Go arch name of the host (amd64, arm64...), for seccomp. */
  arch: string;
  /** Kernel release, for seccomp minKernel (optional). */
  kernel?: string;
  hostname: string;
  rlimits: Record<string, Rlimit>;
  /** Berth holds CAP_SYS_RESOURCE: rlimits above the host's hard limits can be set, so none are clamped. */
  canRaiseRlimits?: boolean;
  cgroupVersion: 'v1' | 'v2';
  /** Controllers available; when given and without "pids", the default pids limit is left out. */
  cgroupControllers?: string[];
  /** Parent of the container's cgroup; default /berth (cgroupfs) or machine.slice (systemd). */
  cgroupParent?: string;
  /** Parsed JSON of the seccomp profile (the default one or --security-opt seccomp=<path>); undefined: none available. */
  seccompProfile?: unknown;
  /** libseccomp arches whose ABI this kernel lacks (container/host-facts.ts), dropped from the filter. */
  unrunnableSeccompArches?: string[];
  /** Text of the image's /etc/passwd and /etc/group ('' when missing). */
  passwd: string;
  group: string;
  /** The caller's environment, for --env-host, `-e FOO` and http proxy vars. */
  env: Record<string, string>;
  /** Files in the container's run dir to bind-mount; a missing one is not mounted. */
  resolvConfPath?: string;
  hostsPath?: string;
  hostnamePath?: string;
  containerEnvPath?: string;
  /** A tmpfs the caller mounted for /dev/shm (bound in); when absent /dev/shm is a tmpfs sized by shmSize. */
  shmPath?: string;
  /** Network namespace prepared by the network layer (bridge); private net without it gets a fresh netns. */
  netnsPath?: string;
  /** Host device nodes given to --privileged containers. */
  privilegedDevices?: ResolvedDevice[];
  /** Creation time (RFC 3339) for the io.kubernetes.cri-o.Created annotation. */
  created?: string;
  /** Highest capability number the kernel knows (/proc/sys/kernel/cap_last_cap); default 40. */
  capLast?: number;
  /** CAP_* names in Berth's bounding set (/proc/self/status CapBnd): --privileged gets these, as Podman. */
  boundingSet?: string[];
}

export interface SpecInput {
  image: ImageConfig;
  options: ContainerCreateOptions;
  conf: SpecConf;
  host: SpecHost;
  paths: { rootfs: string };
}
