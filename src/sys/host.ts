// Reads facts about the host (kernel, distribution, memory, cgroups, rlimits, helper binaries) for info and defaults.
import { readFileSync, existsSync, statfsSync, statSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSync } from './exec.ts';

const read = (p: string): string => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
};

/** Parses KEY=value lines (os-release), unquoting values. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return out;
}

export function distribution(): { codename: string; distribution: string; version: string } {
  const r = parseOsRelease(read('/etc/os-release') || read('/usr/lib/os-release'));
  return { codename: r['VERSION_CODENAME'] ?? '', distribution: r['ID'] ?? 'unknown', version: r['VERSION_ID'] ?? '' };
}

/** Parses /proc/meminfo into bytes by key. */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)(?: kB)?/.exec(line);
    if (m) out[m[1]!] = Number(m[2]) * (line.includes('kB') ? 1024 : 1);
  }
  return out;
}

export function memory(): { memTotal: number; memFree: number; swapTotal: number; swapFree: number } {
  const m = parseMeminfo(read('/proc/meminfo'));
  return {
    memTotal: m['MemTotal'] ?? os.totalmem(),
    memFree: m['MemAvailable'] ?? os.freemem(),
    swapTotal: m['SwapTotal'] ?? 0,
    swapFree: m['SwapFree'] ?? 0,
  };
}

export interface CgroupFacts {
  version: 'v1' | 'v2';
  /** True when v1 controllers sit beside a cgroup2 mount (hybrid): crun refuses to run there. */
  hybrid: boolean;
  controllers: string[];
}

/** Parses /proc/self/mountinfo lines into cgroup facts. */
export function parseCgroupMounts(mountinfo: string): CgroupFacts {
  const v1: string[] = [];
  let unified = false;
  let unifiedAtRoot = false;
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const fields = line.slice(0, sep).split(' ');
    const [fstype, , superOpts = ''] = line.slice(sep + 3).split(' ');
    const mountPoint = fields[4] ?? '';
    if (fstype === 'cgroup2') {
      unified = true;
      if (mountPoint === '/sys/fs/cgroup') unifiedAtRoot = true;
    } else if (fstype === 'cgroup') {
      for (const o of superOpts.split(',')) {
        if (['rw', 'ro', 'relatime', 'nosuid', 'nodev', 'noexec', 'clone_children'].includes(o)) continue;
        if (o.startsWith('name=') || o.startsWith('release_agent')) continue;
        if (!v1.includes(o)) v1.push(o);
      }
    }
  }
  if (unifiedAtRoot) {
    const ctl = read('/sys/fs/cgroup/cgroup.controllers').trim();
    return { version: 'v2', hybrid: false, controllers: ctl ? ctl.split(/\s+/) : [] };
  }
  return { version: 'v1', hybrid: unified, controllers: v1 };
}

export function cgroups(): CgroupFacts {
  return parseCgroupMounts(read('/proc/self/mountinfo'));
}

export interface Rlimit {
  soft: number; // Infinity for unlimited
  hard: number;
}

const RLIMIT_NAMES: Record<string, string> = {
  'Max cpu time': 'RLIMIT_CPU', 'Max file size': 'RLIMIT_FSIZE', 'Max data size': 'RLIMIT_DATA',
  'Max stack size': 'RLIMIT_STACK', 'Max core file size': 'RLIMIT_CORE', 'Max resident set': 'RLIMIT_RSS',
  'Max processes': 'RLIMIT_NPROC', 'Max open files': 'RLIMIT_NOFILE', 'Max locked memory': 'RLIMIT_MEMLOCK',
  'Max address space': 'RLIMIT_AS', 'Max file locks': 'RLIMIT_LOCKS', 'Max pending signals': 'RLIMIT_SIGPENDING',
  'Max msgqueue size': 'RLIMIT_MSGQUEUE', 'Max nice priority': 'RLIMIT_NICE',
  'Max realtime priority': 'RLIMIT_RTPRIO', 'Max realtime timeout': 'RLIMIT_RTTIME',
};

/** Parses /proc/PID/limits into RLIMIT_* → {soft, hard}. */
export function parseLimits(text: string): Record<string, Rlimit> {
  const out: Record<string, Rlimit> = {};
  for (const line of text.split('\n').slice(1)) {
    const name = Object.keys(RLIMIT_NAMES).find((n) => line.startsWith(n));
    if (!name) continue;
    const [soft, hard] = line.slice(name.length).trim().split(/\s+/);
    const num = (s = '') => (s === 'unlimited' ? Infinity : Number(s));
    out[RLIMIT_NAMES[name]!] = { soft: num(soft), hard: num(hard) };
  }
  return out;
}

export function rlimits(): Record<string, Rlimit> {
  return parseLimits(read('/proc/self/limits'));
}

export function uptime(): string {
  const secs = Number(read('/proc/uptime').split(' ')[0] ?? os.uptime());
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  return `${h}h ${m}m ${(secs % 60).toFixed(2)}s`;
}

export const kernel = () => os.release();
export const hostname = () => os.hostname();
export const cpus = () => os.availableParallelism();
export const goArch = () =>
  ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' })[
    process.arch as string
  ] ?? process.arch;

/**
 * The value of each named option in a kernel build config (`CONFIG_X=y`), 'n' for `# CONFIG_X is not set` and for an
 * option the config does not mention; an empty object when there is no config.
 */
export function parseKernelConfig(text: string, options: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!/^CONFIG_\w+=/m.test(text)) return out;
  for (const o of options) {
    const m = new RegExp(`^${o}=(.*)$`, 'm').exec(text);
    out[o] = m ? m[1]!.replace(/^"(.*)"$/, '$1') : 'n';
  }
  return out;
}

/** The running kernel's build config (/proc/config.gz, else /boot/config-<release>); '' when neither is readable. */
export function kernelConfigText(): string {
  try {
    // zlib only here (loaded on demand: the callers cache the answer per boot, most processes never get here).
    const zlib = process.getBuiltinModule('node:zlib');
    return zlib.gunzipSync(readFileSync('/proc/config.gz')).toString('latin1');
  } catch {
    return read(`/boot/config-${os.release()}`);
  }
}

/** This boot's random id: tells a fact cached in a file that outlives reboots (a run root on disk) from a fresh one. */
export const bootId = () => read('/proc/sys/kernel/random/boot_id').trim();

/** PID 1's command name: tells whether systemd really runs (a stray /run/systemd/system can mislead helpers). */
export const initProcessName = () => read('/proc/1/comm').trim();
export const fileExists = (p: string) => existsSync(p);

/** Finds an executable by name on PATH plus extra dirs, like exec.LookPath. */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  const dirs = [...extraDirs, ...(process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin').split(':'),
    '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const d of dirs) {
    const p = path.join(d, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

/** A regular file with an execute bit (what execve would run as root; a directory of that name is passed over). */
export function isExecutable(p: string): boolean {
  const st = statSync(p, { throwIfNoEntry: false });
  return st !== undefined && st.isFile() && (st.mode & 0o111) !== 0;
}

/** Runs `<bin> --version` (or the given args) and returns its trimmed output, '' on failure. */
export function helperVersion(bin: string, args: readonly string[] = ['--version']): string {
  const r = runSync(bin, args, { allowFailure: true, timeoutMs: 5000 });
  return (r.stdout || r.stderr).trim();
}

/** Maps files to their Debian packages as "name_version_arch" in one dpkg call. */
export function debianPackages(files: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!files.length || !existsSync('/usr/bin/dpkg-query')) return out;
  const owners = runSync('dpkg', ['-S', ...files], { allowFailure: true, timeoutMs: 5000 }).stdout;
  const byFile: Record<string, string> = {};
  for (const line of owners.split('\n')) {
    const m = /^([^:]+)(?::\w+)?: (.+)$/.exec(line);
    if (m) byFile[m[2]!] = m[1]!.split(',')[0]!.trim();
  }
  const pkgs = [...new Set(Object.values(byFile))];
  if (!pkgs.length) return out;
  const q = runSync('dpkg-query', ['-W', '-f=${Package} ${Package}_${Version}_${Architecture}\n', ...pkgs], {
    allowFailure: true, timeoutMs: 5000,
  }).stdout;
  const full: Record<string, string> = {};
  for (const line of q.split('\n')) {
    const [name, id] = line.split(' ');
    if (name && id) full[name] = id;
  }
  for (const [file, pkg] of Object.entries(byFile)) out[file] = full[pkg] ?? pkg;
  return out;
}

/** Capacity and usage of the filesystem holding `dir` (or its nearest existing parent). */
export function diskUsage(dir: string): { allocated: number; used: number } {
  let d = dir;
  while (!existsSync(d) && d !== path.dirname(d)) d = path.dirname(d);
  const s = statfsSync(d);
  return { allocated: s.blocks * s.bsize, used: (s.blocks - s.bfree) * s.bsize };
}

/** Name of the filesystem type holding `dir` as podman prints it (extfs, xfs, tmpfs, overlayfs, btrfs). */
export function backingFilesystem(dir: string): string {
  let d = dir;
  while (!existsSync(d) && d !== path.dirname(d)) d = path.dirname(d);
  const t = statfsSync(d).type;
  const names: Record<number, string> = {
    0xef53: 'extfs', 0x58465342: 'xfs', 0x01021994: 'tmpfs', 0x794c7630: 'overlayfs', 0x9123683e: 'btrfs',
    0x6969: 'nfs', 0x65735546: 'fuse', 0x2fc12fc1: 'zfs',
  };
  return names[t] ?? `0x${t.toString(16)}`;
}

export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Runs `criu check`; returns undefined when it passes, else the first error line it printed. */
export function criuCheck(criu: string): string | undefined {
  const r = runSync(criu, ['check'], { allowFailure: true, timeoutMs: 10_000 });
  if (r.code === 0) return undefined;
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.replace(/^Error \([^)]*\):\s*/, '').trim()).filter(Boolean);
  return lines[0] ?? `exit status ${r.code}`;
}

/** The host's /etc/passwd text ('' when unreadable), for --hostuser. */
export function hostPasswd(): string {
  try {
    return readFileSync('/etc/passwd', 'utf8');
  } catch {
    return '';
  }
}

/** Physical RAM in bytes (sysinfo's totalram, which podman caps a container's memory limit at). */
export const totalMemory = () => os.totalmem();

/** /proc/<pid>/net/dev: the interfaces of the process's network namespace (undefined once the process is gone). */
export function readProcNetDev(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/net/dev`, 'utf8');
  } catch {
    return undefined;
  }
}
