// The ContainerEngine contract: create/run options (podman's run/create flags, typed), lifecycle methods and reports.
import type { StatsSample } from '../container/stats.ts';
import type { SecretRequest } from '../secret/options.ts';
import type { Readable, Writable } from 'node:stream';
import type { ContainerCreateOptions as SpecCreateOptions } from '../runtime/spec-types.ts';
import type { ResourceUpdate } from '../runtime/resources.ts';
import type { PullEvent, ShortNameChooser } from './images.ts';
import type { CopyArg } from '../container/copy-rules.ts';

export type PullPolicy = 'always' | 'missing' | 'never' | 'newer';

/** Podman's container states, as stored and reported (`stopped`: exited, cleanup still pending). */
export type ContainerState =
  | 'configured' | 'created' | 'initialized' | 'running' | 'paused' | 'stopping' | 'stopped' | 'exited' | 'removing';

export interface RestartPolicy {
  name: '' | 'no' | 'always' | 'on-failure' | 'unless-stopped';
  /** on-failure:N; 0 = unlimited */
  maxRetries: number;
}

/**
 * `run`/`create` options: the spec-generation options (already typed: env, user, resources, namespaces...) plus what
 * the engine itself handles. Unresolved forms (`-v`, `--mount`, `--device`, `--env-file` paths) are resolved by the engine.
 */
export interface ContainerCreateOptions extends Omit<SpecCreateOptions, 'mounts' | 'devices' | 'envFile' | 'net'> {
  /** `run --preserve-fds N`: checked at create (the fds must have been passed), used by the start that follows. */
  preserveFds?: number;
  /** The command line that made the container (the CLI's own argv), shown as inspect's Config.CreateCommand. */
  createCommand?: string[];
  /** --image-volume: the image's VOLUMEs as anonymous volumes (bind, the default), tmpfs mounts, or not at all. */
  imageVolume?: 'tmpfs' | 'ignore';
  image: string;
  /** `--secret` values, parsed. */
  secrets?: SecretRequest[];
  /** `--network` (the first value): bridge | none | host | private | ns:<path> | container:<id> | <name>[:opts][,…]. */
  network?: string;
  /** Every `--network` value when given more than once. */
  networks?: string[];
  /** `-p` values: [[hostIP:][hostPort]:]containerPort[-end][/proto]. */
  publish?: string[];
  /** `--expose` values (with -P: published on random host ports, as the image's EXPOSE). */
  expose?: string[];
  /** `--ip`, `--mac-address`, `--network-alias`: for the only network. */
  ip?: string;
  /** `--ip6`: a static address for the only network, next to --ip's (podman does not check the family). */
  ip6?: string;
  macAddress?: string;
  networkAliases?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  /** `--add-host host:ip` */
  addHosts?: string[];
  noHosts?: boolean;
  /** `-v` values: [SOURCE:]DEST[:OPTIONS]. */
  volumes?: string[];
  /** `--mount` values: type=bind|volume|tmpfs,... */
  mountSpecs?: string[];
  /** `--device` values: host[:container][:perms]. */
  deviceSpecs?: string[];
  /** `--env-file` paths. */
  envFiles?: string[];
  detach?: boolean;
  detachKeys?: string;
  sigProxy?: boolean;
  cidfile?: string;
  replace?: boolean;
  pull?: PullPolicy;
  quiet?: boolean;
  restart?: string;
  stopTimeout?: number;
  conmonPidfile?: string;
  pidfile?: string;
  /**
   * --log-driver: k8s-file (json-file: its alias), none (no log; attach still works) or passthrough (the container gets
   * the stdio of the process that starts it: no log, no attach). Unset: containers.conf's log_driver.
   */
  logDriver?: string;
  /** --rmi: after the foreground container ends (and --rm removed it), remove its image unless in use. */
  rmi?: boolean;
  /** Attach streams requested with -a (stdin, stdout, stderr). */
  attach?: string[];
  /** `--requires` values: containers started before this one (comma-separated lists allowed). */
  requires?: string[];
  /** `--volumes-from CONTAINER[:ro|rw|z]`: mount the volumes and binds of these containers too. */
  volumesFrom?: string[];
  /** --health-cmd, --health-interval, --health-timeout, --health-start-period, --health-retries, --no-healthcheck. */
  health?: { cmd?: string; interval?: string; timeout?: string; startPeriod?: string; retries?: number; none?: boolean; onFailure?: string };
  /** Pull options (tls-verify, authfile, ...) forwarded to the image engine. */
  pullOptions?: { tlsVerify?: boolean; authfile?: string; creds?: string; platform?: string; arch?: string; os?: string; variant?: string };
}

export interface CreateDefaults {
  /** containers.conf's log_driver (unchecked: create refuses a bad one). */
  logDriver: string;
}

export interface ContainerCreateReport {
  Id: string;
  /** Warnings to print on stderr. */
  Warnings?: string[];
}

/** What a terminal/stream attach needs (run in the foreground, start -a). */
export interface AttachStreams {
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
  detachKeys?: string;
  /** Forward SIGINT/SIGTERM/... received by this process to the container. */
  sigProxy?: boolean;
}

export interface StartOptions {
  /** Attach and wait for exit (or detach). */
  attach?: AttachStreams;
  /** --preserve-fds of `run`: this process's fds 3..3+N-1 go to the container (checked at create). */
  preserveFds?: number;
}

export interface StartReport {
  Id: string;
  /** With attach: the container's exit code, or undefined when the user detached. */
  ExitCode?: number;
  Detached?: boolean;
}

export interface StopOptions {
  /** Seconds before SIGKILL; default: the container's stop timeout. */
  timeout?: number;
  ignore?: boolean;
}

export interface RemoveOptions {
  force?: boolean;
  volumes?: boolean;
  ignore?: boolean;
  depend?: boolean;
  timeout?: number;
}

/** Per-container outcome of a multi-container verb: the input's name or id, or the error (with podman's exit code). */
export interface ContainerResult {
  Id: string;
  RawInput: string;
  Err?: { message: string; exitCode: number };
}

export type WaitCondition = ContainerState | 'healthy' | 'unhealthy';

export interface WaitOptions {
  conditions?: WaitCondition[];
  intervalMs?: number;
}

/** A container summary for the read-side verbs and for reports. */
export interface ContainerSummary {
  Id: string;
  Name: string;
  Image: string;
  ImageID: string;
  State: ContainerState;
  ExitCode: number | null;
  Pid: number;
  Created: number;
  StartedAt: number;
  FinishedAt: number;
  Labels: Record<string, string>;
}

export interface ContainerEngine {
  /** `choose` picks among short-name candidates on a terminal, as for `pull` (none: podman's behaviour without a TTY). */
  create(opts: ContainerCreateOptions, onPull?: (e: PullEvent) => void, choose?: ShortNameChooser): Promise<ContainerCreateReport>;
  /** Initializes (conmon + runc create) when needed, then starts; with `attach`, waits for exit or detach. */
  start(nameOrId: string, opts?: StartOptions): Promise<StartReport>;
  init(nameOrId: string): Promise<string>;
  stop(nameOrId: string, opts?: StopOptions): Promise<string>;
  kill(nameOrId: string, signal: string): Promise<string>;
  restart(nameOrId: string, opts?: StopOptions): Promise<string>;
  pause(nameOrId: string): Promise<string>;
  unpause(nameOrId: string): Promise<string>;
  remove(nameOrId: string, opts?: RemoveOptions): Promise<string[]>;
  /**
   * `rm --depend`: the container and, recursively, every container depending on it, dependents first; one result per
   * container in removal order (a failed one carries its error and podman's exit code; the others are still tried).
   */
  removeWithDependents(nameOrId: string, opts?: RemoveOptions): Promise<ContainerResult[]>;
  /** Exit code once a condition is met (default: stopped or exited). */
  wait(nameOrId: string, opts?: WaitOptions): Promise<number>;
  rename(nameOrId: string, newName: string): Promise<void>;
  /** Runs after exit (conmon's exit command): exit code, runtime delete, unmount, --rm, restart policy. Idempotent. */
  cleanup(nameOrId: string, opts?: { rm?: boolean }): Promise<string>;
  /** Connects to a running container's attach socket (refused for the passthrough log driver, which has none). */
  attach(nameOrId: string, streams: AttachStreams): Promise<StartReport>;
  /** containers.conf's defaults for create flags the CLI acts on itself (podman's flag defaults come from it). */
  createDefaults(): Promise<CreateDefaults>;
  list(opts?: { all?: boolean }): Promise<ContainerSummary[]>;
  /** Resolves a name, full id or unique id prefix to the full id. */
  lookup(nameOrId: string): Promise<string>;
}

// ---------------------------------------------------------------- read side and exec (ps, inspect, logs, top, port, exec...)

/** `ps` options: podman's flags, filters as `key=value` strings. */
export interface PsOptions {
  all?: boolean;
  /** -n N: the N most recently created (any state). */
  last?: number;
  /** -l */
  latest?: boolean;
  filters?: string[];
  /** -s: compute the container layer's size (walks the upper dir). */
  size?: boolean;
}

/** One published port (podman's types.PortMapping, JSON names). */
export interface PortMappingReport {
  host_ip: string;
  container_port: number;
  host_port: number;
  range: number;
  protocol: string;
}

/** podman's entities.ListContainer (JSON field order as podman 4.3 prints it). */
export interface ListContainer {
  AutoRemove: boolean;
  Command: string[];
  CreatedAt: string;
  Exited: boolean;
  /** unix seconds; Go's zero time (-62135596800) when never exited */
  ExitedAt: number;
  ExitCode: number;
  Id: string;
  Image: string;
  ImageID: string;
  IsInfra: boolean;
  Labels: Record<string, string> | null;
  Mounts: string[];
  Names: string[];
  Namespaces: Record<string, string>;
  Networks: string[];
  Pid: number;
  Pod: string;
  PodName: string;
  Ports: PortMappingReport[] | null;
  Size: { RootFsSize: number; RwSize: number } | null;
  StartedAt: number;
  State: string;
  Status: string;
  Created: number;
  /** Not in podman's JSON: created time in unix ms (for templates and sorting). */
  CreatedMs?: number;
}

/** podman's InspectContainerData: a large object; the typed part is what Berth's verbs read. */
export interface InspectContainerData {
  Id: string;
  Name: string;
  State: { Status: string; Running: boolean; Pid: number; ConmonPid: number; ExitCode: number; [k: string]: unknown };
  Config: { Cmd: string[] | null; [k: string]: unknown };
  [k: string]: unknown;
}

export interface ContainerLogsOptions {
  follow?: boolean;
  tail?: number;
  since?: Date;
  until?: Date;
  timestamps?: boolean;
  /** -n/--names: prefix lines with the name (several containers: with the short id otherwise). */
  names?: boolean;
}

export interface ExecOptions {
  /** --preserve-fds: this process's fds 3..3+N-1 go to the exec'd process. */
  preserveFds?: number;
  command: string[];
  interactive?: boolean;
  tty?: boolean;
  detach?: boolean;
  env?: string[];
  envFiles?: string[];
  user?: string;
  workdir?: string;
  privileged?: boolean;
  detachKeys?: string;
  /** conmon kills the process after this many seconds (healthcheck timeouts). */
  timeoutSeconds?: number;
}

export interface ExecReport {
  /** The exec session id. */
  Id: string;
  ExitCode?: number;
  Detached?: boolean;
}

export interface PruneReport {
  Id: string;
  Size: number;
  Err?: string;
}

/** One `podman diff` line: C changed, A added, D deleted. */
export interface ContainerChange {
  path: string;
  kind: 'A' | 'C' | 'D';
}

export interface ContainerReadEngine {
  ps(opts?: PsOptions): Promise<ListContainer[]>;
  /** Podman's InspectContainerData per name; missing ones are reported in `errors` (their inputs). */
  inspect(names: string[], opts?: { size?: boolean }): Promise<{ containers: InspectContainerData[]; errors: string[] }>;
  /** Copies each container's log to the streams (in order; several containers are prefixed). */
  logs(names: string[], opts: ContainerLogsOptions, out: { stdout: Writable; stderr: Writable }): Promise<void>;
  /** ps(1)-style rows for the container's processes: the first row is the header. */
  top(nameOrId: string, descriptors: string[]): Promise<string[][]>;
  /** Raw stats samples (cgroup counters, network) of the named containers, or of all containers when names is empty. */
  stats(names: string[]): Promise<StatsSample[]>;
  /** Published ports of one container, or of every container (with at least one port) when nameOrId is undefined. */
  port(nameOrId: string | undefined): Promise<Array<{ Id: string; Name: string; Ports: PortMappingReport[] }>>;
  exists(nameOrId: string): Promise<boolean>;
  /**
   * podman diff of one object, sorted by path: a container's filesystem changes against its image, or (when no
   * container has the name) an image's top layer against the layers under it.
   */
  diff(nameOrId: string): Promise<ContainerChange[]>;
  /**
   * podman diff NEW OLD: what turns OLD's filesystem into NEW's, each a container (its image's layers and its own) or
   * an image (its layers), compared whole, sorted by path.
   */
  diffBetween(newer: string, older: string): Promise<ContainerChange[]>;
  prune(filters: string[]): Promise<PruneReport[]>;
  exec(nameOrId: string, opts: ExecOptions, streams?: AttachStreams): Promise<ExecReport>;
}

// Declaration merging: the read side is part of the ContainerEngine contract.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContainerEngine extends ContainerReadEngine {}

// ---------------------------------------------------------------- networking of containers (live port changes)

/** `container update --publish-add SPEC --publish-rm PORT[/proto]|HOSTIP:PORT` on a running or stopped container. */
export interface PortUpdateOptions {
  add?: string[];
  rm?: string[];
}

export interface ContainerNetEngine {
  /** Changes published ports without a restart (running: the forwarding rules are swapped atomically); returns the new set. */
  updatePorts(nameOrId: string, opts: PortUpdateOptions): Promise<PortMappingReport[]>;
}

/** `update`'s resource flags (podman 4.3): applied to a running container's cgroup, not recorded (as podman 4.3). */
export type ContainerResourceUpdate = ResourceUpdate;

export interface ContainerResourceEngine {
  /** Applies new cgroup limits to a running or paused container through the runtime; resolves to its full ID. */
  updateResources(nameOrId: string, opts: ContainerResourceUpdate): Promise<string>;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContainerEngine extends ContainerResourceEngine {}

export interface ContainerHealthEngine {
  /** Runs the container's healthcheck once (it must run and have one) and records the result; returns that result. */
  healthcheckRun(nameOrId: string): Promise<'healthy' | 'unhealthy'>;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContainerEngine extends ContainerHealthEngine {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContainerEngine extends ContainerNetEngine {}

// ---------------------------------------------------------------- cp

export type { CopyArg };

/** `cp` flags: --archive (default true: files copied into a container take its user's uid/gid) and --overwrite. */
export interface CopyOptions {
  archive: boolean;
  /** A directory may replace a non-directory and the other way round. */
  overwrite: boolean;
}

/** Where `-` reads its tar from and writes it to. */
export interface CopyStreams {
  stdin: Readable;
  stdout: Writable;
}

export interface ContainerCopyEngine {
  /**
   * podman cp: host, container (rootfs, its volumes and bind mounts) or a tar on stdio to another of them; at least one
   * side is a container. A container not mounted is mounted for the copy and unmounted after.
   */
  copy(src: CopyArg, dest: CopyArg, opts: CopyOptions, streams: CopyStreams): Promise<void>;
  /**
   * podman export: the container's root filesystem (its storage's view: no volumes, binds or the runtime's mounts) as one
   * tar on `out`; mounted for the export and unmounted after when it was not mounted.
   */
  exportFs(nameOrId: string, out: Writable): Promise<void>;
}

/** A container whose root filesystem is mounted (podman mount's list). */
export interface MountedContainer {
  id: string;
  names: string[];
  mountpoint: string;
}

export interface ContainerMountEngine {
  /**
   * podman mount CONTAINER... (or every container): each rootfs mounted, or its mount count raised; the mount points in
   * order. Every name is looked up before anything is mounted.
   */
  mount(targets: string[] | 'all'): Promise<string[]>;
  /** podman mount without arguments: the containers whose rootfs is mounted, by the user or by the runtime. */
  mounted(): Promise<MountedContainer[]>;
  /**
   * podman unmount: each count lowered (to zero with force), the rootfs unmounted at zero unless the container runs.
   * Returns what podman prints: the names as given, or with 'all' the IDs of the containers mounted and not running.
   */
  unmount(targets: string[] | 'all', force: boolean): Promise<string[]>;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContainerEngine extends ContainerCopyEngine, ContainerMountEngine {}
