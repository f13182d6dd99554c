// `stats` computation: cgroup v1/v2 and /proc/<pid>/net/dev parsing, CPU % from two samples, podman 4.3's row strings.
import { goStruct } from '../format/govalue.ts';

/** What one read of a container's cgroup and network namespace gives (all zero for a container not running). */
export interface StatsSample {
  id: string;
  name: string;
  /** running or paused: only then are the counters read (podman prints zeros otherwise). */
  active: boolean;
  /** Container start, unix ns (the "previous" time of the first CPU % sample, as podman). */
  startedNs: number;
  /** When the counters were read, unix ns. */
  sampledNs: number;
  /** Total CPU time, ns. */
  cpuNs: number;
  memUsage: number;
  /** The spec's memory limit, capped at the host's RAM (podman's getMemLimit). */
  memLimit: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
  netRx: number;
  netTx: number;
}

/** The raw cgroup counters, before the memory limit is capped and the network added. */
export interface CgroupCounters {
  cpuNs: number;
  memUsage: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

const int = (s: string | undefined) => {
  const n = Number((s ?? '').trim());
  return Number.isFinite(n) ? n : 0;
};

/** A flat-keyed file (`key value` per line: cpu.stat, memory.stat) as a map. */
export function parseKeyedFile(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined) m.set(k, int(v));
  }
  return m;
}

/** v1 blkio.throttle.io_service_bytes(_recursive): `MAJ:MIN Read N` lines; Read and Write summed over devices. */
export function parseBlkioV1(text: string): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    const [dev, op, v] = line.trim().split(/\s+/);
    if (!dev || !op || v === undefined) continue;
    if (op.toLowerCase() === 'read') read += int(v);
    else if (op.toLowerCase() === 'write') write += int(v);
  }
  return { read, write };
}

/** v2 io.stat: `MAJ:MIN rbytes=N wbytes=N ...` lines; rbytes and wbytes summed over devices. */
export function parseIoStatV2(text: string): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    for (const kv of line.trim().split(/\s+/).slice(1)) {
      const [k, v] = kv.split('=');
      if (k === 'rbytes') read += int(v);
      else if (k === 'wbytes') write += int(v);
    }
  }
  return { read, write };
}

/** /proc/<pid>/net/dev: received and transmitted bytes summed over every interface but lo. */
export function parseNetDev(text: string): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const iface = line.slice(0, colon).trim();
    const cols = line.slice(colon + 1).trim().split(/\s+/);
    if (iface === 'lo' || cols.length < 9) continue;
    rx += int(cols[0]);
    tx += int(cols[8]);
  }
  return { rx, tx };
}

/** The files read per cgroup version, by name relative to the controller's directory. */
export type CgroupFiles = Readonly<Record<string, string | undefined>>;

/**
 * Counters from a v1 cgroup (cpuacct.usage, memory.usage_in_bytes, blkio, pids.current). Podman 4.3 reports
 * memory.usage_in_bytes as is (page cache included: measured, 655.4kB = usage_in_bytes on this machine).
 */
export function countersV1(f: CgroupFiles): CgroupCounters {
  const blk = parseBlkioV1(f['blkio.throttle.io_service_bytes_recursive'] || f['blkio.throttle.io_service_bytes'] || '');
  return {
    cpuNs: int(f['cpuacct.usage']), memUsage: int(f['memory.usage_in_bytes']),
    blockRead: blk.read, blockWrite: blk.write, pids: int(f['pids.current']),
  };
}

/** Counters from a v2 cgroup (cpu.stat usage_usec, memory.current, io.stat, pids.current). */
export function countersV2(f: CgroupFiles): CgroupCounters {
  const io = parseIoStatV2(f['io.stat'] ?? '');
  return {
    cpuNs: (parseKeyedFile(f['cpu.stat'] ?? '').get('usage_usec') ?? 0) * 1000, memUsage: int(f['memory.current']),
    blockRead: io.read, blockWrite: io.write, pids: int(f['pids.current']),
  };
}

/** podman's calculateCPUPercent: CPU time used between two instants over the wall time between them, in %. */
export function cpuPercent(cpuNs: number, previousCpuNs: number, nowNs: number, previousNs: number): number {
  const cpuDelta = cpuNs - previousCpuNs;
  const wallDelta = nowNs - previousNs;
  return wallDelta > 0 && cpuDelta > 0 ? (cpuDelta / wallDelta) * 100 : 0;
}

/** Go's strconv.FormatFloat(v, 'g', precision, 64) for the non-negative values human sizes use. */
function goG(v: number, precision: number): string {
  if (v === 0) return '0';
  const exp = Number(v.toExponential(precision - 1).split('e')[1]);
  if (exp < -4 || exp >= precision) {
    const [m, e] = v.toExponential(precision - 1).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = v.toPrecision(precision);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function sized(v: number, base: number, units: string[]): string {
  let i = 0;
  while (v >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  return goG(v, 4) + units[i]!;
}

/** go-units HumanSize: 4 significant digits, powers of 1000 (`655.4kB`, `67.11MB`, `0B`). */
export const humanSize = (v: number) => sized(v, 1000, DECIMAL_UNITS);
/** go-units BytesSize: 4 significant digits, powers of 1024 (`524KiB`, `64MiB`). */
export const bytesSize = (v: number) => sized(v, 1024, BINARY_UNITS);

/** `%.2f%%` */
export const percent = (v: number) => `${v.toFixed(2)}%`;

/** Go's time.Duration.String (`0s`, `33.431146ms`, `1.5s`, `2m3.000000001s`, `1h0m0s`). */
export function goDuration(ns: number): string {
  ns = Math.round(ns);
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  const frac = (v: number, digits: number) => {
    const whole = Math.floor(v / 10 ** digits);
    const f = String(v % 10 ** digits).padStart(digits, '0').replace(/0+$/, '');
    return f ? `${whole}.${f}` : String(whole);
  };
  let s: string;
  if (u < 1000) s = `${u}ns`;
  else if (u < 1e6) s = `${frac(u, 3)}µs`;
  else if (u < 1e9) s = `${frac(u, 6)}ms`;
  else {
    const h = Math.floor(u / 3.6e12);
    u -= h * 3.6e12;
    const m = Math.floor(u / 6e10);
    u -= m * 6e10;
    s = `${frac(u, 9)}s`;
    if (h > 0) s = `${h}h${m}m${s}`;
    else if (m > 0) s = `${m}m${s}`;
  }
  return neg ? `-${s}` : s;
}

/** One computed row: podman's define.ContainerStats numbers for a sample and the one before it (if any). */
export interface ContainerStats {
  ContainerID: string;
  Name: string;
  CPU: number;
  AvgCPU: number;
  CPUNano: number;
  UpTime: number;
  MemUsage: number;
  MemLimit: number;
  MemPerc: number;
  NetInput: number;
  NetOutput: number;
  BlockInput: number;
  BlockOutput: number;
  PIDs: number;
}

/**
 * podman's GetContainerStats arithmetic. Without a previous sample the container's start is the previous instant
 * (so the first frame's CPU % is the average since start); a counter that went down means a restart: start over.
 */
export function computeStats(s: StatsSample, previous?: StatsSample): ContainerStats {
  const zero = { ContainerID: s.id, Name: s.name, CPU: 0, AvgCPU: 0, CPUNano: 0, UpTime: 0, MemUsage: 0, MemLimit: 0, MemPerc: 0, NetInput: 0, NetOutput: 0, BlockInput: 0, BlockOutput: 0, PIDs: 0 };
  if (!s.active) return zero;
  const prev = previous?.active && previous.cpuNs <= s.cpuNs ? previous : undefined;
  return {
    ...zero,
    CPU: cpuPercent(s.cpuNs, prev?.cpuNs ?? 0, s.sampledNs, prev?.sampledNs ?? s.startedNs),
    AvgCPU: cpuPercent(s.cpuNs, 0, s.sampledNs, s.startedNs),
    CPUNano: s.cpuNs, UpTime: s.cpuNs,
    MemUsage: s.memUsage, MemLimit: s.memLimit, MemPerc: s.memLimit > 0 ? (s.memUsage / s.memLimit) * 100 : 0,
    // podman 4.3 puts transmitted bytes first in NET IO (NetInput = TxBytes): kept for output parity.
    NetInput: s.netTx, NetOutput: s.netRx,
    BlockInput: s.blockRead, BlockOutput: s.blockWrite, PIDs: s.pids,
  };
}

/**
 * The row the table and templates see: podman's containerStats reporter, i.e. its string methods (CPUPerc, MemUsage,
 * NetIO...) beside the raw numbers of define.ContainerStats (CPU, PIDs, NetInput...). A Go struct for templates, so
 * an unknown field is podman's "can't evaluate field" error.
 */
export function statsView(c: ContainerStats, noTrunc: boolean) {
  return goStruct({
    ID: noTrunc ? c.ContainerID : c.ContainerID.slice(0, 12),
    ContainerID: c.ContainerID, Name: c.Name,
    CPUPerc: percent(c.CPU), AVGCPU: percent(c.AvgCPU), CPU: c.CPU, AvgCPU: c.AvgCPU, CPUNano: c.CPUNano,
    MemUsage: `${humanSize(c.MemUsage)} / ${humanSize(c.MemLimit)}`,
    MemUsageBytes: `${bytesSize(c.MemUsage)} / ${bytesSize(c.MemLimit)}`,
    MemPerc: percent(c.MemPerc), MemLimit: c.MemLimit,
    NetIO: `${humanSize(c.NetInput)} / ${humanSize(c.NetOutput)}`,
    BlockIO: `${humanSize(c.BlockInput)} / ${humanSize(c.BlockOutput)}`,
    NetInput: c.NetInput, NetOutput: c.NetOutput, BlockInput: c.BlockInput, BlockOutput: c.BlockOutput,
    PIDS: String(c.PIDs), PIDs: c.PIDs,
    UpTime: goDuration(c.UpTime), Duration: c.UpTime,
  }, 'containers.containerStats');
}

/** podman stats --format json: one object per container with these keys, in this order. */
export function statsJSON(c: ContainerStats, noTrunc: boolean) {
  const v = statsView(c, noTrunc);
  return {
    id: v.ID, name: v.Name, cpu_time: v.UpTime, cpu_percent: v.CPUPerc, avg_cpu: v.AVGCPU, mem_usage: v.MemUsage,
    mem_percent: v.MemPerc, net_io: v.NetIO, block_io: v.BlockIO, pids: v.PIDS,
  };
}

export const STATS_DEFAULT_FORMAT = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}\t{{.UpTime}}\t{{.AVGCPU}}';
export const STATS_HEADERS: Record<string, string> = {
  ID: 'ID', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemUsageBytes: 'MEM USAGE / LIMIT', MemPerc: 'MEM %',
  NetIO: 'NET IO', BlockIO: 'BLOCK IO', PIDS: 'PIDS', UpTime: 'CPU TIME', AVGCPU: 'AVG CPU %',
};
