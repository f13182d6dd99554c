// Resource flags → OCI: byte sizes, --ulimit (clamped to the host), cgroup limits (memory, cpu, cpuset, pids, devices, blkio).
import type { BlockIOSupport } from '../sys/cgroups.ts';
import type { Rlimit } from '../sys/host.ts';
import type { OciDeviceRule, OciResources, OciRlimit, ResolvedDevice } from './spec-types.ts';
import { BerthError, invalidArgument } from '../util/errors.ts';

/** 2^64-1: what an unlimited (-1) rlimit is in config.json. */
export const RLIM_INFINITY = 18446744073709551615n;
/** Below this the kernel cannot start a container (Docker's and Podman 5's floor). */
export const MIN_MEMORY = 6 * 1024 * 1024;
/** Podman 4.3 raises nofile and nproc to this for root containers when no ulimit names them. */
export const DEFAULT_MAX_RLIMIT = 1048576;

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** A go-units size: a number, an optional unit letter, an optional i and b, in the given multiples. */
function parseUnitSize(text: string, units: Record<string, number>): number {
  const m = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i.exec(text.trim());
  if (!m) throw invalidArgument(`invalid size: '${text}'`);
  return Math.floor(Number(m[1]) * units[(m[2] ?? '').toLowerCase()]!);
}

/** go-units RAMInBytes: `64m`, `1.5g`, `512`, `10MiB`, `1GB` (all binary), case-insensitive. */
export const parseBytes = (text: string): number => parseUnitSize(text, UNITS);

const DECIMAL: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };

/** go-units FromHumanSize: `1k`, `10MB`, `1.5g` (decimal, whatever the suffix), case-insensitive; podman's --log-opt max-size. */
export const parseHumanSize = (text: string): number => parseUnitSize(text, DECIMAL);

const RLIMIT_TYPES: Record<string, string> = {
  as: 'RLIMIT_AS', core: 'RLIMIT_CORE', cpu: 'RLIMIT_CPU', data: 'RLIMIT_DATA', fsize: 'RLIMIT_FSIZE',
  locks: 'RLIMIT_LOCKS', memlock: 'RLIMIT_MEMLOCK', msgqueue: 'RLIMIT_MSGQUEUE', nice: 'RLIMIT_NICE',
  nofile: 'RLIMIT_NOFILE', nproc: 'RLIMIT_NPROC', rss: 'RLIMIT_RSS', rtprio: 'RLIMIT_RTPRIO',
  rttime: 'RLIMIT_RTTIME', sigpending: 'RLIMIT_SIGPENDING', stack: 'RLIMIT_STACK',
};

export interface Ulimit {
  name: string;
  /** RLIMIT_* */
  type: string;
  /** -1 is unlimited. */
  soft: number;
  hard: number;
}

/** Parses `name=soft[:hard]` (hard defaults to soft; -1 is unlimited) with go-units/Podman wording. */
export function parseUlimit(text: string): Ulimit {
  const eq = text.indexOf('=');
  if (eq < 0 || text.indexOf('=', eq + 1) >= 0) throw invalidArgument(`invalid ulimit argument: ${text}`);
  const name = text.slice(0, eq);
  const type = RLIMIT_TYPES[name];
  if (!type) throw invalidArgument(`ulimit option "${text}" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: ${name}`);
  const parts = text.slice(eq + 1).split(':');
  if (parts.length > 2) {
    throw invalidArgument(`too many limit value arguments - ${text.slice(eq + 1)}, can only have up to two, \`soft[:hard]\``);
  }
  const num = (s: string) => {
    if (!/^[+-]?\d+$/.test(s)) {
      throw invalidArgument(
        `ulimit option "${text}" requires name=SOFT:HARD, failed to be parsed: strconv.ParseInt: parsing "${s}": invalid syntax`,
      );
    }
    const n = Number(s);
    return n < 0 ? -1 : n;
  };
  const soft = num(parts[0]!);
  const hard = parts.length === 2 ? num(parts[1]!) : soft;
  const big = (n: number) => (n < 0 ? Infinity : n);
  if (big(soft) > big(hard)) throw invalidArgument(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  return { name, type, soft, hard };
}

const toOci = (n: number): number | bigint => (n < 0 || n === Infinity ? RLIM_INFINITY : n);

/**
 * The container's rlimits: `--ulimit` values if any were given, else containers.conf default_ulimits; then
 * nofile and nproc at Podman's 1048576 when unnamed. Defaults are clamped to the host's hard limits (Berth
 * lacks CAP_SYS_RESOURCE and runc could not raise them); an explicit --ulimit above them is an error.
 */
export function buildRlimits(
  explicit: readonly string[],
  confDefaults: readonly string[],
  host: Record<string, Rlimit>,
  canRaise = false,
): OciRlimit[] {
  const out: OciRlimit[] = [];
  const fromUser = explicit.length > 0;
  const hostHard = (type: string) => (canRaise ? Infinity : (host[type]?.hard ?? Infinity));
  const push = (u: Ulimit, isDefault: boolean) => {
    const max = hostHard(u.type);
    let soft = u.soft < 0 ? Infinity : u.soft;
    let hard = u.hard < 0 ? Infinity : u.hard;
    if (hard > max) {
      if (!isDefault) {
        const shown = (n: number) => (n === Infinity ? 'unlimited' : String(n));
        throw new BerthError('invalid-argument', `ulimit ${u.name}: hard limit ${shown(hard)} exceeds the host's hard limit ${max}`, {
          hint: `use --ulimit ${u.name}=${Math.min(soft, max)}:${max} or lower, or raise the limit of the process running berth`,
        });
      }
      hard = max;
      soft = Math.min(soft, max);
    }
    const i = out.findIndex((r) => r.type === u.type);
    const r = { type: u.type, hard: toOci(hard), soft: toOci(soft) };
    if (i >= 0) out[i] = r;
    else out.push(r);
  };
  for (const text of fromUser ? explicit : confDefaults) push(parseUlimit(text), !fromUser);
  for (const type of ['RLIMIT_NOFILE', 'RLIMIT_NPROC']) {
    if (!out.some((r) => r.type === type)) {
      push({ name: type.slice(7).toLowerCase(), type, soft: DEFAULT_MAX_RLIMIT, hard: DEFAULT_MAX_RLIMIT }, true);
    }
  }
  return out;
}

export interface ResourceOptions {
  memory?: string;
  memorySwap?: string;
  memoryReservation?: string;
  cpus?: number;
  cpuShares?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  pidsLimit?: number;
  privileged?: boolean;
  devices?: readonly ResolvedDevice[];
  cpuPeriod?: number;
  cpuQuota?: number;
  memorySwappiness?: number;
  deviceCgroupRules?: readonly string[];
  /** The blkio limits resolved at create (device numbers, unsupported ones dropped). */
  blockIO?: BlockIOLimits;
}

const CPU_PERIOD = 100000;
const CPUSET = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;

/** linux.resources as Podman 4.3 writes it; `confPidsLimit` applies when --pids-limit is not given. */
/**
 * podman's checks of --cpus/--cpu-quota/--cpu-period, made when the container is created (exit 125), not when its spec
 * is generated at start: a quota or period the kernel would refuse, or --cpus with either.
 */
export function checkCpuOptions(o: Pick<ResourceOptions, 'cpus' | 'cpuQuota' | 'cpuPeriod'>): void {
  if (o.cpus && o.cpuQuota) throw invalidArgument('--cpu-quota and --cpus cannot be set together');
  if (o.cpus && o.cpuPeriod) throw invalidArgument('--cpu-period and --cpus cannot be set together');
  if (o.cpuPeriod && (o.cpuPeriod < 1000 || o.cpuPeriod > 1000000)) {
    throw invalidArgument('CPU cfs period cannot be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
  }
  if (o.cpuQuota && o.cpuQuota > 0 && o.cpuQuota < 1000) throw invalidArgument('CPU cfs quota cannot be less than 1ms (i.e. 1000)');
  if (o.cpus !== undefined && o.cpus > 0 && Math.round(o.cpus * CPU_PERIOD) < 1000) {
    throw invalidArgument('CPU cfs quota cannot be less than 1ms (i.e. 1000)');
  }
}

/**
 * podman's create-time checks of the memory flags (the 6 MB minimum stays with spec generation: podman 4.3 leaves that
 * one to the runtime, at start) and of the cpuset lists' syntax, with `onlineCpus` (the host's `0-1` list) the CPUs
 * --cpuset-cpus may name.
 */
export function checkResourceOptions(o: ResourceOptions, onlineCpus?: string): void {
  checkCpuOptions(o);
  const limit = o.memory ? parseBytes(o.memory) : undefined;
  if (o.memorySwap !== undefined && o.memorySwap !== '') {
    if (limit === undefined) throw invalidArgument('you should always set a memory limit when using a memoryswap limit, see usage');
    if (o.memorySwap !== '-1' && parseBytes(o.memorySwap) < limit) {
      throw invalidArgument('minimum memoryswap limit should be larger than memory limit, see usage');
    }
  }
  if (o.memoryReservation && limit !== undefined && limit > 0 && parseBytes(o.memoryReservation) > limit) {
    throw invalidArgument('minimum memory limit cannot be less than memory reservation limit, see usage');
  }
  for (const [key, value] of [['cpus', o.cpusetCpus], ['mems', o.cpusetMems]] as const) {
    if (value !== undefined && value !== '' && !CPUSET.test(value)) throw invalidArgument(`invalid value ${value} for cpuset ${key}`);
  }
  if (o.cpusetCpus && onlineCpus) {
    const online = cpuList(onlineCpus);
    if ([...cpuList(o.cpusetCpus)].some((c) => !online.has(c))) {
      throw invalidArgument(`requested CPUs are not available - requested ${o.cpusetCpus}, available: ${onlineCpus}`);
    }
  }
}

/** `0-2,4` → {0,1,2,4}. */
export function cpuList(text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.trim().split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || Number.isNaN(a)) continue;
    for (let c = a; c <= (b ?? a); c++) out.add(c);
  }
  return out;
}

export function buildResources(o: ResourceOptions, confPidsLimit: number, controllers?: readonly string[]): OciResources {
  const res: OciResources = {};
  res.devices = o.privileged
    ? [{ allow: true, access: 'rwm' }]
    : [{ allow: false, access: 'rwm' }, ...deviceRules(o.devices ?? []), ...(o.deviceCgroupRules ?? []).map(parseDeviceCgroupRule)];

  const memory: NonNullable<OciResources['memory']> = {};
  if (o.memory !== undefined && o.memory !== '') {
    memory.limit = parseBytes(o.memory);
    if (memory.limit < MIN_MEMORY) throw invalidArgument('minimum memory limit allowed is 6MB');
  }
  if (o.memoryReservation) memory.reservation = parseBytes(o.memoryReservation);
  if (o.memorySwap !== undefined && o.memorySwap !== '') {
    if (memory.limit === undefined) throw invalidArgument('you should always set a memory limit when using a memoryswap limit, see usage');
    if (o.memorySwap !== '-1') {
      const swap = parseBytes(o.memorySwap);
      if (swap < memory.limit) throw invalidArgument('minimum memoryswap limit should be larger than memory limit, see usage');
      memory.swap = swap;
    }
  } else if (memory.limit !== undefined) memory.swap = memory.limit * 2;
  if (o.memorySwappiness !== undefined && o.memorySwappiness !== -1) {
    if (!Number.isInteger(o.memorySwappiness) || o.memorySwappiness < 0 || o.memorySwappiness > 100) {
      throw invalidArgument(`invalid value: ${o.memorySwappiness}, valid memory swappiness range is 0-100`);
    }
    memory.swappiness = o.memorySwappiness;
  }
  if (Object.keys(memory).length) res.memory = memory;

  const cpu: NonNullable<OciResources['cpu']> = {};
  if (o.cpuShares !== undefined && o.cpuShares !== 0) {
    if (o.cpuShares < 0) throw invalidArgument(`invalid value for --cpu-shares: ${o.cpuShares}`);
    cpu.shares = o.cpuShares;
  }
  checkCpuOptions(o);
  if (o.cpuPeriod) cpu.period = o.cpuPeriod;
  if (o.cpuQuota) cpu.quota = o.cpuQuota;
  // --cpus 0 or below: no limit, as podman.
  if (o.cpus !== undefined && o.cpus > 0) {
    cpu.quota = Math.round(o.cpus * CPU_PERIOD);
    cpu.period = CPU_PERIOD;
  }
  for (const [key, flag, value] of [['cpus', 'cpuset-cpus', o.cpusetCpus], ['mems', 'cpuset-mems', o.cpusetMems]] as const) {
    if (value === undefined || value === '') continue;
    if (!CPUSET.test(value)) throw invalidArgument(`invalid value ${value} for cpuset ${key}`);
    cpu[key] = value;
  }
  if (Object.keys(cpu).length) res.cpu = cpu;

  const blockIO = o.blockIO && ociBlockIO(o.blockIO);
  if (blockIO) res.blockIO = blockIO;
  if (o.pidsLimit !== undefined) res.pids = { limit: o.pidsLimit };
  else if (confPidsLimit > 0 && (!controllers || controllers.includes('pids'))) res.pids = { limit: confPidsLimit };
  return res;
}

/** Device cgroup allow rules for --device entries. */
export function deviceRules(devices: readonly ResolvedDevice[]): OciDeviceRule[] {
  return devices.map((d) => ({ allow: true, type: d.type, major: d.major, minor: d.minor, access: d.permissions }));
}

/** `--device-cgroup-rule 'TYPE MAJOR:MINOR [ACCESS]'` (TYPE a|b|c, numbers or *, ACCESS of r, w, m; default rwm). */
export function parseDeviceCgroupRule(text: string): OciDeviceRule {
  const m = /^([abc]) (\d+|\*):(\d+|\*)(?: ([rwm]{1,3}))?$/.exec(text.trim());
  if (!m) throw invalidArgument(`invalid device cgroup rule requires type, major:Minor, and access rules: "${text}"`);
  const num = (v: string) => (v === '*' ? undefined : Number(v));
  const rule: OciDeviceRule = { allow: true, type: m[1]! };
  const major = num(m[2]!);
  const minor = num(m[3]!);
  if (major !== undefined) rule.major = major;
  if (minor !== undefined) rule.minor = minor;
  rule.access = m[4] ?? 'rwm';
  return rule;
}

/** What `update` may change: podman 4.3's resource flags of that verb. */
export interface ResourceUpdate extends BlockIOFlags {
  memory?: string;
  memorySwap?: string;
  memoryReservation?: string;
  memorySwappiness?: number;
  cpus?: number;
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuShares?: number;
  cpuRtPeriod?: number;
  cpuRtRuntime?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
}

/** A block device's numbers, from its path (the caller stats it: this module stays pure). */
export type DeviceNumbers = (path: string, kind: 'weight' | 'throttle') => { major: number; minor: number };

/**
 * The linux.resources that `runc update` applies for `update`'s flags: only what was given, with create's
 * validation, except that --memory-swap may come alone (podman 4.3's update takes it so). --memory alone also
 * sets swap to twice the memory, as at create.
 */
export function buildUpdateResources(o: ResourceUpdate, device: DeviceNumbers): OciResources {
  // Podman's wording for bad sizes ("invalid value for memory: invalid size: 'abc'"), checked before the rest.
  if (o.memory) parseSize('memory', o.memory);
  if (o.memoryReservation) parseSize('memory-reservation', o.memoryReservation);
  if (o.memorySwap && o.memorySwap !== '-1') parseSize('memory-swap', o.memorySwap);
  const base = buildResources(
    {
      ...(o.memory !== undefined ? { memory: o.memory } : {}),
      ...(o.memoryReservation !== undefined ? { memoryReservation: o.memoryReservation } : {}),
      ...(o.memorySwappiness !== undefined ? { memorySwappiness: o.memorySwappiness } : {}),
      ...(o.memorySwap !== undefined && o.memory !== undefined ? { memorySwap: o.memorySwap } : {}),
      ...(o.cpus !== undefined ? { cpus: o.cpus } : {}),
      ...(o.cpuPeriod !== undefined ? { cpuPeriod: o.cpuPeriod } : {}),
      ...(o.cpuQuota !== undefined ? { cpuQuota: o.cpuQuota } : {}),
      ...(o.cpuShares !== undefined ? { cpuShares: o.cpuShares } : {}),
      ...(o.cpusetCpus !== undefined ? { cpusetCpus: o.cpusetCpus } : {}),
      ...(o.cpusetMems !== undefined ? { cpusetMems: o.cpusetMems } : {}),
    },
    0,
  );
  const res: OciResources = {};
  if (base.memory) res.memory = base.memory;
  if (o.memorySwap !== undefined && o.memory === undefined && o.memorySwap !== '') {
    res.memory = { ...res.memory, swap: o.memorySwap === '-1' ? -1 : parseSize('memory-swap', o.memorySwap) };
  }
  if (base.cpu) res.cpu = base.cpu;
  if (o.cpuRtPeriod !== undefined && o.cpuRtPeriod !== 0) res.cpu = { ...res.cpu, realtimePeriod: o.cpuRtPeriod };
  if (o.cpuRtRuntime !== undefined && o.cpuRtRuntime !== 0) res.cpu = { ...res.cpu, realtimeRuntime: o.cpuRtRuntime };

  const limits = parseBlockIOFlags(o, device);
  checkBlkioWeight(limits);
  const blockIO = ociBlockIO(limits);
  if (blockIO) res.blockIO = blockIO;
  return res;
}

/** parseBytes with podman's `invalid value for <flag>` prefix. */
function parseSize(flag: string, text: string): number {
  try {
    return parseBytes(text);
  } catch (e) {
    throw invalidArgument(`invalid value for ${flag}: ${(e as Error).message}`);
  }
}

/** The blkio flags of create, run and update, as given. */
export interface BlockIOFlags {
  blkioWeight?: string;
  /** DEVICE:WEIGHT */
  blkioWeightDevice?: readonly string[];
  /** DEVICE:RATE (bytes, with units) */
  deviceReadBps?: readonly string[];
  deviceWriteBps?: readonly string[];
  /** DEVICE:RATE (operations) */
  deviceReadIops?: readonly string[];
  deviceWriteIops?: readonly string[];
}

export type BlockIODevice = { path: string; major: number; minor: number };
/** The blkio limits with each device's path beside its numbers (inspect shows the paths, the spec the numbers). */
export interface BlockIOLimits {
  weight?: number;
  weightDevice?: Array<BlockIODevice & { weight: number }>;
  throttleReadBpsDevice?: Array<BlockIODevice & { rate: number }>;
  throttleWriteBpsDevice?: Array<BlockIODevice & { rate: number }>;
  throttleReadIOPSDevice?: Array<BlockIODevice & { rate: number }>;
  throttleWriteIOPSDevice?: Array<BlockIODevice & { rate: number }>;
}

/** The per-device lists of BlockIOLimits, with the flag each comes from. */
export const BLOCK_IO_LISTS = [
  ['weightDevice', 'blkioWeightDevice'],
  ['throttleReadBpsDevice', 'deviceReadBps'],
  ['throttleWriteBpsDevice', 'deviceWriteBps'],
  ['throttleReadIOPSDevice', 'deviceReadIops'],
  ['throttleWriteIOPSDevice', 'deviceWriteIops'],
] as const;

/**
 * podman's parsing of the blkio flags, with its words: DEVICE:VALUE with DEVICE under /dev/, a weight of 10-1000 (or 0),
 * a byte rate with units (kb, mb, gb), an operation rate as a plain number. `device` gives a path's numbers (the caller
 * stats it: this module stays pure); `kind` says which flag asks, for its error.
 */
export function parseBlockIOFlags(o: BlockIOFlags, device: (path: string, kind: 'weight' | 'throttle') => { major: number; minor: number }): BlockIOLimits {
  const out: BlockIOLimits = {};
  if (o.blkioWeight !== undefined && o.blkioWeight !== '') {
    if (!/^\d+$/.test(o.blkioWeight) || Number(o.blkioWeight) > 65535) {
      throw invalidArgument(`invalid value for blkio-weight: strconv.ParseUint: parsing ${JSON.stringify(o.blkioWeight)}: invalid syntax`);
    }
    // Its range is checked once the host is known to apply a weight (checkBlkioWeight): podman drops one it cannot.
    out.weight = Number(o.blkioWeight);
  }
  const split = (entry: string): [string, string] => {
    const colon = entry.indexOf(':');
    if (colon < 0) throw invalidArgument(`bad format: ${entry}`);
    const path = entry.slice(0, colon);
    if (!path.startsWith('/dev/')) throw invalidArgument(`bad format for device path: ${entry}`);
    return [path, entry.slice(colon + 1)];
  };
  const weightOf = (entry: string, v: string) => {
    const w = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!(w === 0 || (w >= 10 && w <= 1000))) throw invalidArgument(`invalid weight for device: ${entry}`);
    return w;
  };
  const bytesOf = (entry: string, v: string) => {
    let rate: number;
    try {
      rate = parseBytes(v);
    } catch {
      rate = -1;
    }
    if (!(rate >= 0)) {
      throw invalidArgument(`invalid rate for device: ${entry}. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb`);
    }
    return rate;
  };
  const opsOf = (entry: string, v: string) => {
    if (!/^\d+$/.test(v)) throw invalidArgument(`invalid rate for device: ${entry}. The correct format is <device-path>:<number>. Number must be a positive integer`);
    return Number(v);
  };
  const parse = <K extends 'weight' | 'rate'>(list: readonly string[] | undefined, key: K, value: (entry: string, v: string) => number, kind: 'weight' | 'throttle') =>
    (list ?? []).map((entry) => {
      const [path, v] = split(entry);
      const n = value(entry, v);
      return { path, ...device(path, kind), [key]: n } as BlockIODevice & Record<K, number>;
    });
  const lists = {
    weightDevice: parse(o.blkioWeightDevice, 'weight', weightOf, 'weight'),
    throttleReadBpsDevice: parse(o.deviceReadBps, 'rate', bytesOf, 'throttle'),
    throttleWriteBpsDevice: parse(o.deviceWriteBps, 'rate', bytesOf, 'throttle'),
    throttleReadIOPSDevice: parse(o.deviceReadIops, 'rate', opsOf, 'throttle'),
    throttleWriteIOPSDevice: parse(o.deviceWriteIops, 'rate', opsOf, 'throttle'),
  };
  for (const [key] of BLOCK_IO_LISTS) if (lists[key].length) (out as Record<string, unknown>)[key] = lists[key];
  return out;
}

/** What the host can apply, per limit (sys/cgroups.ts blockIOSupport). */
export type BlockIOSupportFacts = BlockIOSupport;

/** podman's words when the host cannot apply a limit, which is then dropped (the container is made without it). */
const DISCARDED: Array<[keyof BlockIOLimits, keyof BlockIOSupportFacts, string]> = [
  ['weight', 'weight', 'Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.'],
  ['weightDevice', 'weightDevice', 'Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.'],
  ['throttleReadBpsDevice', 'readBps', 'Your kernel does not support BPS Block I/O read limit or the cgroup is not mounted. Block I/O BPS read limit discarded.'],
  ['throttleWriteBpsDevice', 'writeBps', 'Your kernel does not support BPS Block I/O write limit or the cgroup is not mounted. Block I/O BPS write limit discarded.'],
  ['throttleReadIOPSDevice', 'readIops', 'Your kernel does not support IOPS Block read limit or the cgroup is not mounted. Block I/O IOPS read limit discarded.'],
  ['throttleWriteIOPSDevice', 'writeIops', 'Your kernel does not support IOPS Block I/O write limit or the cgroup is not mounted. Block I/O IOPS write limit discarded.'],
];

/** The limits the host can apply, and podman's warning for each one dropped. */
export function supportedBlockIO(l: BlockIOLimits, support: BlockIOSupportFacts): { limits: BlockIOLimits; warnings: string[] } {
  const limits: BlockIOLimits = { ...l };
  const warnings: string[] = [];
  for (const [key, fact, words] of DISCARDED) {
    if (limits[key] === undefined || support[fact]) continue;
    delete limits[key];
    warnings.push(words);
  }
  return { limits, warnings };
}

/** --blkio-weight's range, 10-1000 (0: the default), for a weight the host will apply. */
export function checkBlkioWeight(l: BlockIOLimits): void {
  const w = l.weight;
  if (w !== undefined && w !== 0 && (w < 10 || w > 1000)) throw invalidArgument(`invalid blkio weight: ${w}: must be between 10 and 1000`);
}

/** The spec's linux.resources.blockIO of parsed limits (undefined when there are none). */
export function ociBlockIO(l: BlockIOLimits): OciResources['blockIO'] | undefined {
  const out: NonNullable<OciResources['blockIO']> = {};
  if (l.weight !== undefined) out.weight = l.weight;
  for (const [key] of BLOCK_IO_LISTS) {
    const list = l[key];
    if (list?.length) out[key] = list.map(({ path: _path, ...d }) => d);
  }
  return Object.keys(out).length ? out : undefined;
}
