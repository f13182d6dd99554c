// top: ps(1)/psgo descriptors (pid, user, args, etime, %cpu...) read from /proc of the container's host pids.
import fs from 'node:fs';
import { BerthError } from '../util/errors.ts';

const HZ = 100;
const PAGE_KIB = 4;

/** psgo's descriptors: normal name → header; AIX `%x` codes map to normal names. */
export const DESCRIPTORS: Record<string, string> = {
  args: 'COMMAND', comm: 'COMMAND', etime: 'ELAPSED', group: 'GROUP', nice: 'NI', pcpu: '%CPU', pgid: 'PGID', pid: 'PID',
  ppid: 'PPID', rgroup: 'RGROUP', ruser: 'RUSER', time: 'TIME', tty: 'TTY', user: 'USER', vsz: 'VSZ', rss: 'RSS',
  stime: 'STIME', state: 'STATE', hpid: 'HPID', huser: 'HUSER', hgroup: 'HGROUP', capeff: 'EFFECTIVE CAPS',
  capbnd: 'BOUNDING CAPS', capprm: 'PERMITTED CAPS', capinh: 'INHERITED CAPS', capamb: 'AMBIENT CAPS', seccomp: 'SECCOMP',
};
const ALIASES: Record<string, string> = {
  '%cpu': 'pcpu', elapsed: 'etime', '%C': 'pcpu', '%G': 'group', '%P': 'ppid', '%U': 'user', '%a': 'args', '%c': 'comm',
  '%g': 'rgroup', '%n': 'nice', '%p': 'pid', '%r': 'pgid', '%t': 'etime', '%u': 'ruser', '%x': 'time', '%y': 'tty', '%z': 'vsz',
};
export const DEFAULT_DESCRIPTORS = ['user', 'pid', 'ppid', 'pcpu', 'etime', 'tty', 'time', 'args'];

/** Splits `top` arguments ("pid,comm", "-eo pid user"...) into descriptors; unknown ones throw podman's error. */
export function parseDescriptors(args: readonly string[]): string[] {
  const words = args.flatMap((a) => a.split(/[\s,]+/)).filter((w) => w !== '' && w !== '-eo' && w !== '-o' && w !== '-e');
  if (!words.length) return DEFAULT_DESCRIPTORS;
  return words.map((w) => {
    const d = ALIASES[w] ?? w;
    if (!(d in DESCRIPTORS)) throw new BerthError('invalid-argument', `unknown descriptor: ${w}`);
    return d;
  });
}

/** Go's time.Duration.String() of a duration in nanoseconds ("4.977440124s", "1m5s", "0s", "1h0m0s"). */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.round(Math.abs(ns));
  let s: string;
  if (n < 1000) s = `${n}ns`;
  else if (n < 1e6) s = `${trimFrac(n / 1e3)}µs`;
  else if (n < 1e9) s = `${trimFrac(n / 1e6)}ms`;
  else {
    const h = Math.floor(n / 3.6e12);
    n -= h * 3.6e12;
    const m = Math.floor(n / 6e10);
    n -= m * 6e10;
    const sec = trimFrac(n / 1e9);
    s = h > 0 ? `${h}h${m}m${sec}s` : m > 0 ? `${m}m${sec}s` : `${sec}s`;
  }
  return neg ? `-${s}` : s;
}

const trimFrac = (v: number) => v.toFixed(9).replace(/\.?0+$/, '');

export interface ProcInfo {
  hostPid: number;
  pid: number;
  ppidHost: number;
  comm: string;
  args: string;
  state: string;
  pgidHost: number;
  ttyNr: number;
  nice: number;
  vszKiB: number;
  rssKiB: number;
  cpuTicks: number;
  startTicks: number;
  uid: number;
  gid: number;
  ruid: number;
  rgid: number;
  caps: Record<string, string>;
  seccomp: string;
}

/** Reads one process from /proc; undefined when it is gone. */
export function readProc(hostPid: number): ProcInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${hostPid}/stat`, 'utf8');
    const status = fs.readFileSync(`/proc/${hostPid}/status`, 'utf8');
    const cmdline = fs.readFileSync(`/proc/${hostPid}/cmdline`, 'utf8');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const f = stat.slice(close + 2).split(' '); // f[0] = field 3 (state)
    const line = (k: string) => new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(status)?.[1] ?? '';
    const ids = (k: string) => line(k).split(/\s+/).map(Number);
    const nspid = line('NSpid').split(/\s+/).filter(Boolean).map(Number);
    return {
      hostPid,
      pid: nspid[nspid.length - 1] ?? hostPid,
      ppidHost: Number(f[1]),
      comm: stat.slice(open + 1, close),
      args: cmdline.replace(/\0/g, ' '),
      state: f[0] ?? '?',
      pgidHost: Number(f[2]),
      ttyNr: Number(f[4]),
      nice: Number(f[16]),
      vszKiB: Math.floor(Number(f[20]) / 1024),
      rssKiB: Number(f[21]) * PAGE_KIB,
      cpuTicks: Number(f[11]) + Number(f[12]),
      startTicks: Number(f[19]),
      uid: ids('Uid')[1] ?? 0,
      gid: ids('Gid')[1] ?? 0,
      ruid: ids('Uid')[0] ?? 0,
      rgid: ids('Gid')[0] ?? 0,
      caps: { capeff: line('CapEff'), capbnd: line('CapBnd'), capprm: line('CapPrm'), capinh: line('CapInh'), capamb: line('CapAmb') },
      seccomp: ['disabled', 'strict', 'filter'][Number(line('Seccomp'))] ?? '?',
    };
  } catch {
    return undefined;
  }
}

export function bootTimeMs(): number {
  const m = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'));
  return m ? Number(m[1]) * 1000 : 0;
}

function ttyName(nr: number): string {
  if (nr === 0) return '?';
  const major = (nr >> 8) & 0xfff;
  const minor = (nr & 0xff) | ((nr >> 12) & 0xfff00);
  if (major >= 136 && major <= 143) return `pts/${minor + (major - 136) * 256}`;
  if (major === 4) return minor < 64 ? `tty${minor}` : `ttyS${minor - 64}`;
  return '?';
}

function idName(file: string, id: number): string {
  try {
    for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
      const p = l.split(':');
      if (p.length > 2 && Number(p[2]) === id && p[2] !== '') return p[0]!;
    }
  } catch {
    // no passwd/group file in the container
  }
  return String(id);
}

/** Go's time.Time.String() to the second, in UTC. */
const goTimeSecs = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;

/** The rows of `top`: header first, then one row per process (in the order given). */
export function topRows(hostPids: readonly number[], descriptors: readonly string[], nowMs = performance.timeOrigin + performance.now()): string[][] {
  const procs = hostPids.map(readProc).filter((p): p is ProcInfo => p !== undefined);
  const nsPid = new Map(procs.map((p) => [p.hostPid, p.pid]));
  const boot = bootTimeMs();
  const rows: string[][] = [descriptors.map((d) => DESCRIPTORS[d]!)];
  for (const p of procs) {
    const root = `/proc/${p.hostPid}/root/etc`;
    const startMs = boot + (p.startTicks * 1000) / HZ;
    const elapsedMs = Math.max(0, nowMs - startMs);
    rows.push(descriptors.map((d) => {
      switch (d) {
        case 'pid': return String(p.pid);
        case 'ppid': return String(nsPid.get(p.ppidHost) ?? 0);
        case 'pgid': return String(nsPid.get(p.pgidHost) ?? 0);
        case 'hpid': return String(p.hostPid);
        case 'user': return idName(`${root}/passwd`, p.uid);
        case 'ruser': return idName(`${root}/passwd`, p.ruid);
        case 'group': return idName(`${root}/group`, p.gid);
        case 'rgroup': return idName(`${root}/group`, p.rgid);
        case 'huser': return idName('/etc/passwd', p.uid);
        case 'hgroup': return idName('/etc/group', p.gid);
        case 'comm': return p.comm;
        case 'args': return p.args || `[${p.comm}]`;
        case 'etime': return goDuration(elapsedMs * 1e6);
        case 'time': return goDuration((p.cpuTicks * 1e9) / HZ);
        case 'pcpu': return elapsedMs > 0 ? (((p.cpuTicks * 1000) / HZ / elapsedMs) * 100).toFixed(3) : '0.000';
        case 'tty': return ttyName(p.ttyNr);
        case 'nice': return String(p.nice);
        case 'vsz': return String(p.vszKiB);
        case 'rss': return String(p.rssKiB);
        case 'stime': return goTimeSecs(startMs);
        case 'state': return p.state;
        case 'seccomp': return p.seccomp;
        default: return p.caps[d] ?? '';
      }
    }));
  }
  return rows;
}
