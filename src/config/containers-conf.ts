// containers.conf: Podman 4.3's defaults for what Berth uses, and the merge of every file found (later keys win).
import { join } from 'node:path';
import { BerthError } from '../util/errors.ts';
import { containersConfFiles, isRootless, storagePaths, homeDir, type PathContext } from './paths.ts';
import { parseToml, readTomlFile, typeError, isTable, isStringArray, type TomlDoc } from './toml.ts';

export interface SubnetPool {
  base: string;
  size: number;
}

export interface ContainersSection {
  annotations: string[];
  cgroupns: string;
  cgroups: string;
  defaultCapabilities: string[];
  defaultSysctls: string[];
  defaultUlimits: string[];
  devices: string[];
  dnsOptions: string[];
  dnsSearches: string[];
  dnsServers: string[];
  env: string[];
  envHost: boolean;
  httpProxy: boolean;
  init: boolean;
  /** Empty: the engine looks for catatonit in engine.helperBinariesDir, then $PATH. */
  initPath: string;
  ipcns: string;
  logDriver: string;
  logSizeMax: number;
  logTag: string;
  netns: string;
  noHosts: boolean;
  pidns: string;
  pidsLimit: number;
  seccompProfile: string;
  shmSize: string;
  tz: string;
  umask: string;
  userns: string;
  usernsSize: number;
  utsns: string;
  volumes: string[];
}

export interface EngineSection {
  activeService: string;
  cgroupManager: string;
  conmonPath: string[];
  detachKeys: string;
  env: string[];
  eventsLogFilePath: string;
  eventsLogger: string;
  helperBinariesDir: string[];
  imageDefaultTransport: string;
  imageParallelCopies: number;
  infraCommand: string;
  infraImage: string;
  networkCmdPath: string;
  networkCmdOptions: string[];
  noPivotRoot: boolean;
  pullPolicy: string;
  /** Empty: the engine picks (crun on a unified cgroup v2 host, runc otherwise). Podman defaults to crun. */
  runtime: string;
  /** Runtime name → candidate paths, first existing wins. */
  runtimes: Record<string, string[]>;
  /** Remote connections by name (podman system connection). */
  serviceDestinations: Record<string, { uri: string; identity: string }>;
  staticDir: string;
  stopTimeout: number;
  tmpDir: string;
  volumePath: string;
}

export interface NetworkSection {
  cniPluginDirs: string[];
  defaultNetwork: string;
  defaultSubnet: string;
  defaultSubnetPools: SubnetPool[];
  networkBackend: string;
  /** Filled from the backend when not set: see resolveNetworkConfigDir. */
  networkConfigDir: string;
}

export interface ContainersConf {
  containers: ContainersSection;
  engine: EngineSection;
  network: NetworkSection;
  /** The files merged, in order (for `berth info` and debug logs). */
  files: string[];
}

export interface DefaultsOptions {
  /** PID 1 is systemd: Podman then defaults to the systemd cgroup manager and journald logging. */
  systemd?: boolean;
}

const RUNTIME_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/sbin', '/bin'];
const runtimePaths = (name: string, extra: string[] = []) => [
  ...RUNTIME_DIRS.map((d) => `${d}/${name}`),
  ...extra,
  `/run/current-system/sw/bin/${name}`,
];

/** Podman 4.3's built-in defaults (containers/common 0.50), with Berth's own storage locations. */
export function defaultContainersConf(ctx: PathContext, opts: DefaultsOptions = {}): ContainersConf {
  const storage = storagePaths(ctx);
  const systemd = opts.systemd ?? false;
  const rootless = isRootless(ctx);
  return {
    containers: {
      annotations: [],
      cgroupns: 'private',
      cgroups: 'enabled',
      // Podman 4.3's built-in list (used when CONTAINERS_CONF replaces the shipped file, which trims it to 11).
      defaultCapabilities: [
        'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW',
        'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
      ],
      // Empty as podman 4.3's built-in default (the shipped containers.conf sets ping_group_range; measured: a
      // CONTAINERS_CONF without default_sysctls gives podman's containers no sysctl).
      defaultSysctls: [],
      defaultUlimits: [],
      devices: [],
      dnsOptions: [],
      dnsSearches: [],
      dnsServers: [],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'],
      envHost: false,
      httpProxy: true,
      init: false,
      initPath: '',
      ipcns: 'shareable',
      logDriver: systemd ? 'journald' : 'k8s-file',
      logSizeMax: -1,
      logTag: '',
      netns: 'private', // bridge as root, slirp4netns rootless
      noHosts: false,
      pidns: 'private',
      pidsLimit: 2048,
      seccompProfile: '/usr/share/containers/seccomp.json',
      shmSize: '65536k',
      tz: '',
      umask: '0022',
      userns: 'host',
      usernsSize: 65536,
      utsns: 'private',
      volumes: [],
    },
    engine: {
      activeService: '',
      cgroupManager: systemd && !rootless ? 'systemd' : 'cgroupfs',
      conmonPath: [
        '/usr/libexec/podman/conmon', '/usr/local/libexec/podman/conmon', '/usr/local/lib/podman/conmon',
        '/usr/bin/conmon', '/usr/sbin/conmon', '/usr/local/bin/conmon', '/usr/local/sbin/conmon',
        '/run/current-system/sw/bin/conmon',
      ],
      detachKeys: 'ctrl-p,ctrl-q',
      env: [],
      eventsLogFilePath: join(storage.runRoot, 'events', 'events.log'),
      eventsLogger: systemd ? 'journald' : 'file',
      helperBinariesDir: ['/usr/local/libexec/podman', '/usr/local/lib/podman', '/usr/libexec/podman', '/usr/lib/podman'],
      imageDefaultTransport: 'docker://',
      imageParallelCopies: 0,
      infraCommand: '',
      infraImage: '',
      networkCmdPath: '',
      networkCmdOptions: [],
      noPivotRoot: false,
      pullPolicy: 'missing',
      runtime: '',
      runtimes: {
        crun: runtimePaths('crun'),
        runc: runtimePaths('runc', ['/usr/lib/cri-o-runc/sbin/runc']),
        runsc: ['/usr/bin/runsc', '/usr/sbin/runsc', '/usr/local/bin/runsc', '/usr/local/sbin/runsc', '/bin/runsc', '/sbin/runsc'],
        krun: ['/usr/bin/krun', '/usr/local/bin/krun'],
        youki: runtimePaths('youki', ['/usr/local/cargo/bin/youki', join(homeDir(ctx), '.cargo/bin/youki')]),
      },
      serviceDestinations: {},
      staticDir: join(storage.graphRoot, 'berth'),
      stopTimeout: 10,
      tmpDir: join(storage.runRoot, 'tmp'),
      volumePath: storage.volumePath,
    },
    network: {
      cniPluginDirs: ['/usr/local/libexec/cni', '/usr/libexec/cni', '/usr/local/lib/cni', '/usr/lib/cni', '/opt/cni/bin'],
      defaultNetwork: 'podman',
      defaultSubnet: '10.88.0.0/16',
      defaultSubnetPools: [
        { base: '10.89.0.0/16', size: 24 },
        { base: '10.90.0.0/15', size: 24 },
        { base: '10.92.0.0/14', size: 24 },
        { base: '10.96.0.0/11', size: 24 },
        { base: '10.128.0.0/9', size: 24 },
      ],
      networkBackend: 'netavark',
      networkConfigDir: '',
    },
    files: [],
  };
}

// How each TOML key maps onto the typed sections. Unknown keys are ignored, as Podman ignores them.
type Kind = 'string' | 'integer' | 'boolean' | 'strings' | 'stringsTable' | 'subnetPools' | 'destinations';
type Schema<T> = Partial<Record<string, [keyof T, Kind]>>;

const CONTAINERS_SCHEMA: Schema<ContainersSection> = {
  annotations: ['annotations', 'strings'],
  cgroupns: ['cgroupns', 'string'],
  cgroups: ['cgroups', 'string'],
  default_capabilities: ['defaultCapabilities', 'strings'],
  default_sysctls: ['defaultSysctls', 'strings'],
  default_ulimits: ['defaultUlimits', 'strings'],
  devices: ['devices', 'strings'],
  dns_options: ['dnsOptions', 'strings'],
  dns_searches: ['dnsSearches', 'strings'],
  dns_servers: ['dnsServers', 'strings'],
  env: ['env', 'strings'],
  env_host: ['envHost', 'boolean'],
  http_proxy: ['httpProxy', 'boolean'],
  init: ['init', 'boolean'],
  init_path: ['initPath', 'string'],
  ipcns: ['ipcns', 'string'],
  log_driver: ['logDriver', 'string'],
  log_size_max: ['logSizeMax', 'integer'],
  log_tag: ['logTag', 'string'],
  netns: ['netns', 'string'],
  no_hosts: ['noHosts', 'boolean'],
  pidns: ['pidns', 'string'],
  pids_limit: ['pidsLimit', 'integer'],
  seccomp_profile: ['seccompProfile', 'string'],
  shm_size: ['shmSize', 'string'],
  tz: ['tz', 'string'],
  umask: ['umask', 'string'],
  userns: ['userns', 'string'],
  userns_size: ['usernsSize', 'integer'],
  utsns: ['utsns', 'string'],
  volumes: ['volumes', 'strings'],
};

const ENGINE_SCHEMA: Schema<EngineSection> = {
  active_service: ['activeService', 'string'],
  cgroup_manager: ['cgroupManager', 'string'],
  conmon_path: ['conmonPath', 'strings'],
  detach_keys: ['detachKeys', 'string'],
  env: ['env', 'strings'],
  events_logfile_path: ['eventsLogFilePath', 'string'],
  events_logger: ['eventsLogger', 'string'],
  helper_binaries_dir: ['helperBinariesDir', 'strings'],
  image_default_transport: ['imageDefaultTransport', 'string'],
  image_parallel_copies: ['imageParallelCopies', 'integer'],
  infra_command: ['infraCommand', 'string'],
  infra_image: ['infraImage', 'string'],
  network_cmd_path: ['networkCmdPath', 'string'],
  network_cmd_options: ['networkCmdOptions', 'strings'],
  no_pivot_root: ['noPivotRoot', 'boolean'],
  pull_policy: ['pullPolicy', 'string'],
  runtime: ['runtime', 'string'],
  runtimes: ['runtimes', 'stringsTable'],
  service_destinations: ['serviceDestinations', 'destinations'],
  static_dir: ['staticDir', 'string'],
  stop_timeout: ['stopTimeout', 'integer'],
  tmp_dir: ['tmpDir', 'string'],
  volume_path: ['volumePath', 'string'],
};

const NETWORK_SCHEMA: Schema<NetworkSection> = {
  cni_plugin_dirs: ['cniPluginDirs', 'strings'],
  default_network: ['defaultNetwork', 'string'],
  default_subnet: ['defaultSubnet', 'string'],
  default_subnet_pools: ['defaultSubnetPools', 'subnetPools'],
  network_backend: ['networkBackend', 'string'],
  network_config_dir: ['networkConfigDir', 'string'],
};

const WANT: Record<Kind, string> = {
  string: 'string', integer: 'integer', boolean: 'boolean', strings: 'array of strings',
  stringsTable: 'table of string arrays', subnetPools: 'array of {base, size} tables',
  destinations: 'table of {uri, identity} tables',
};

/** Checks a decoded value against its kind; returns the typed value or undefined if it does not fit. */
function coerce(kind: Kind, v: unknown): unknown {
  switch (kind) {
    case 'string':
      return typeof v === 'string' ? v : undefined;
    case 'integer':
      return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint' ? Number(v) : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? v : undefined;
    case 'strings':
      return isStringArray(v) ? [...v] : undefined;
    case 'stringsTable': {
      if (!isTable(v)) return undefined;
      const out: Record<string, string[]> = {};
      for (const [k, paths] of Object.entries(v)) {
        if (!isStringArray(paths)) return undefined;
        out[k] = [...paths];
      }
      return out;
    }
    case 'subnetPools': {
      if (!Array.isArray(v)) return undefined;
      const out: SubnetPool[] = [];
      for (const p of v) {
        if (!isTable(p) || typeof p.base !== 'string' || typeof p.size !== 'number') return undefined;
        out.push({ base: p.base, size: p.size });
      }
      return out;
    }
    case 'destinations': {
      if (!isTable(v)) return undefined;
      const out: Record<string, { uri: string; identity: string }> = {};
      for (const [k, d] of Object.entries(v)) {
        if (!isTable(d) || typeof d.uri !== 'string') return undefined;
        out[k] = { uri: d.uri, identity: typeof d.identity === 'string' ? d.identity : '' };
      }
      return out;
    }
  }
}

function applySection<T extends object>(doc: TomlDoc, prefix: string, table: string, schema: Schema<T>, into: T): void {
  const section = doc.data[table];
  if (section === undefined) return;
  if (!isTable(section)) throw typeError(doc, prefix, undefined, table, 'table', section);
  for (const [key, raw] of Object.entries(section)) {
    const spec = schema[key];
    if (!spec) continue;
    const [field, kind] = spec;
    const value = coerce(kind, raw);
    if (value === undefined) throw typeError(doc, prefix, table, key, WANT[kind], raw);
    const target = into as Record<keyof T, unknown>;
    // Tables merge entry by entry (a drop-in adding one runtime keeps the others), like Go's map decoding.
    if (kind === 'stringsTable' || kind === 'destinations') {
      target[field] = { ...(target[field] as object), ...(value as object) };
    } else {
      target[field] = value;
    }
  }
}

/** Applies one parsed file on top of `conf` (mutates it). */
export function applyContainersConf(conf: ContainersConf, doc: TomlDoc): void {
  const prefix = `reading system config "${doc.file}"`;
  applySection(doc, prefix, 'containers', CONTAINERS_SCHEMA, conf.containers);
  applySection(doc, prefix, 'engine', ENGINE_SCHEMA, conf.engine);
  applySection(doc, prefix, 'network', NETWORK_SCHEMA, conf.network);
  conf.files.push(doc.file);
}

/** Parses containers.conf text (for tests and `--config`-style callers). */
export function parseContainersConf(text: string, file: string): TomlDoc {
  return parseToml(text, file, `reading system config "${file}"`);
}

/** Where network definitions live when network_config_dir is unset (Podman's per-backend defaults). */
export function resolveNetworkConfigDir(conf: ContainersConf, ctx: PathContext): string {
  if (conf.network.networkConfigDir) return conf.network.networkConfigDir;
  const cni = conf.network.networkBackend === 'cni';
  if (!isRootless(ctx)) return cni ? '/etc/cni/net.d' : '/etc/containers/networks';
  return cni ? join(homeDir(ctx), '.config', 'cni', 'net.d') : join(storagePaths(ctx).graphRoot, 'networks');
}

/** Loads the defaults, then every containers.conf file in Podman's order. */
export function loadContainersConf(ctx: PathContext, opts: DefaultsOptions = {}): ContainersConf {
  const conf = defaultContainersConf(ctx, opts);
  const { files, missing } = containersConfFiles(ctx);
  if (missing !== undefined) {
    throw new BerthError(
      'invalid-argument',
      `finding config on system: CONTAINERS_CONF file: stat ${missing}: no such file or directory`,
    );
  }
  for (const file of files) {
    const doc = readTomlFile(file, `reading system config "${file}"`);
    if (doc) applyContainersConf(conf, doc);
  }
  conf.network.networkConfigDir = resolveNetworkConfigDir(conf, ctx);
  return conf;
}
