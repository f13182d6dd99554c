// mount(2)/umount2(2) through libc, and reading /proc/self/mountinfo.
import { readFileSync } from 'node:fs';
import { libcFns, errnoError } from './fs.ts';

export const MS_RDONLY = 0x1;
export const MS_NOSUID = 0x2;
export const MS_NODEV = 0x4;
export const MS_NOEXEC = 0x8;
export const MS_BIND = 0x1000;
export const MS_REC = 0x4000;
export const MS_PRIVATE = 0x40000;
export const MNT_DETACH = 0x2;

export interface MountOptions {
  flags?: number;
  data?: string;
  /**
   * Directory to chdir into for the call, so relative paths in `data` (overlay's short lowerdir links)
   * resolve there; the kernel resolves them at mount time. The process cwd is restored before returning.
   */
  cwd?: string;
}

/** mount(2). Throws a Node-style errno error. */
export function mount(source: string, target: string, fstype: string, opts: MountOptions = {}): void {
  const data = opts.data ?? null;
  if (data !== null && Buffer.byteLength(data) >= 4096) {
    throw Object.assign(new Error(`mount data for ${target} exceeds the 4096-byte page limit`), { code: 'E2BIG' });
  }
  const prev = opts.cwd ? process.cwd() : undefined;
  if (opts.cwd) process.chdir(opts.cwd);
  try {
    if (libcFns().mount(source, target, fstype, opts.flags ?? 0, data) !== 0) throw errnoError('mount', target);
  } finally {
    if (prev) process.chdir(prev);
  }
}

/** umount2(2); `detach` makes it lazy (MNT_DETACH). */
export function umount(target: string, opts: { detach?: boolean } = {}): void {
  if (libcFns().umount2(target, opts.detach ? MNT_DETACH : 0) !== 0) throw errnoError('umount2', target);
}

export interface MountInfo {
  mountPoint: string;
  fsType: string;
  source: string;
  options: string;
}

const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Parses /proc/self/mountinfo. */
export function listMounts(): MountInfo[] {
  const out: MountInfo[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    if (!line) continue;
    const [pre, post] = line.split(' - ');
    const f = (pre ?? '').split(' ');
    const g = (post ?? '').split(' ');
    out.push({ mountPoint: unescape(f[4] ?? ''), fsType: g[0] ?? '', source: unescape(g[1] ?? ''), options: g[2] ?? '' });
  }
  return out;
}

export function isMountPoint(path: string): boolean {
  return listMounts().some((m) => m.mountPoint === path);
}
