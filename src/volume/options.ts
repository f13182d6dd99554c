// `volume create -o` for the local driver: podman's parsing and validation, and the mount a volume's options describe.
import { statSync } from 'node:fs';
import { BerthError } from '../util/errors.ts';
import { MS_RDONLY, MS_NOSUID, MS_NODEV, MS_BIND, MS_REC } from '../sys/mount.ts';

export interface ParsedOptions {
  /** What inspect shows as Options (podman adds UID/GID when `o` sets them). */
  options: Record<string, string>;
  uid?: number;
  gid?: number;
}

const LOCAL_KEYS = new Set(['device', 'o', 'type', 'uid', 'gid', 'size', 'inodes', 'noquota', 'copy', 'nocopy']);
/** `o` entries that podman handles itself rather than passing to mount. */
const OWN_O = new Set(['uid', 'gid', 'size', 'inodes', 'noquota', 'timeout']);

/** Splits `-o key=value` flags into a map (the last of a repeated key wins, as podman's map does). */
export function optionMap(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of flags) {
    const eq = f.indexOf('=');
    if (eq < 0) out[f] = '';
    else out[f.slice(0, eq)] = f.slice(eq + 1);
  }
  return out;
}

function atoi(what: string, v: string): number {
  if (!/^[+-]?\d+$/.test(v)) {
    throw new BerthError('invalid-argument', `cannot convert ${what} ${v} to integer: strconv.Atoi: parsing "${v}": invalid syntax`);
  }
  return Number(v);
}

/** Podman's parse.VolumeOptions plus the local driver's key check (errors worded as podman 4.3's). */
export function parseLocalOptions(raw: Readonly<Record<string, string>>): ParsedOptions {
  const options: Record<string, string> = {};
  const out: ParsedOptions = { options };
  let quota: 'size' | 'noquota' | undefined;
  let sizeOrInodes = false;
  for (const [key, value] of Object.entries(raw)) {
    if (!LOCAL_KEYS.has(key.toLowerCase())) {
      throw new BerthError('invalid-argument', `invalid mount option ${key} for driver 'local': invalid argument`);
    }
    if (key !== 'o') {
      options[key] = value;
      continue;
    }
    const kept: string[] = [];
    for (const part of value.split(',')) {
      const eq = part.indexOf('=');
      const k = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
      const v = eq < 0 ? '' : part.slice(eq + 1);
      if (k === 'uid') { out.uid = atoi('UID', v); options['UID'] = v; }
      else if (k === 'gid') { out.gid = atoi('GID', v); options['GID'] = v; }
      else if (k === 'size' || k === 'inodes') { sizeOrInodes = true; quota ??= 'size'; }
      else if (k === 'noquota') { quota = 'noquota'; options['NOQUOTA'] = 'true'; continue; }
      kept.push(part);
    }
    if (kept.length) options['o'] = kept.join(',');
  }
  const type = options['type'] ?? '';
  if (type.toLowerCase() === 'bind' && options['device'] !== undefined) {
    try {
      statSync(options['device']);
    } catch (e) {
      throw new BerthError('invalid-argument', `invalid volume option device for driver 'local': stat ${options['device']}: ${errText(e)}`);
    }
  }
  // Podman enforces size/inodes with XFS project quota on the volume directory; with a filesystem type the
  // options go to mount(2) instead (tmpfs size=), which podman 4.3 refuses but later podman accepts.
  if (sizeOrInodes && !type) {
    throw new BerthError('invalid-argument', quota === 'noquota'
      ? 'volume options size and inodes cannot be used without quota'
      : 'volume options size and inodes not supported. Filesystem does not support Project Quota');
  }
  return out;
}

const errText = (e: unknown) => ((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message);

/** Whether the options ask for a driver mount (type/device, or `o` beyond ownership and quota). */
export function needsMount(options: Readonly<Record<string, string>>): boolean {
  if (options['type'] || options['device']) return true;
  const o = options['o'];
  return !!o && o.split(',').some((p) => !OWN_O.has(p.split('=')[0]!.toLowerCase()));
}

export interface MountSpec {
  source: string;
  fstype: string;
  flags: number;
  data: string;
  /** Flags that need a second MS_REMOUNT|MS_BIND call (read-only bind mounts). */
  remountFlags: number;
}

const FLAG_OPTS: Record<string, [set: number, clear: number]> = {
  ro: [MS_RDONLY, 0], rw: [0, MS_RDONLY], nosuid: [MS_NOSUID, 0], suid: [0, MS_NOSUID], nodev: [MS_NODEV, 0],
  dev: [0, MS_NODEV], noexec: [0x8, 0], exec: [0, 0x8], sync: [0x10, 0], async: [0, 0x10], dirsync: [0x80, 0],
  noatime: [0x400, 0], atime: [0, 0x400], nodiratime: [0x800, 0], diratime: [0, 0x800], relatime: [0x200000, 0],
  norelatime: [0, 0x200000], strictatime: [0x1000000, 0], bind: [MS_BIND, 0], rbind: [MS_BIND | MS_REC, 0],
  defaults: [0, 0],
};

/** What mount(8) would do for `mount -t type -o o device`: flag words become mount flags, the rest is data. */
export function mountSpec(options: Readonly<Record<string, string>>): MountSpec {
  let flags = 0;
  const data: string[] = [];
  for (const part of (options['o'] ?? '').split(',')) {
    if (!part) continue;
    const f = FLAG_OPTS[part];
    if (f) flags = (flags | f[0]) & ~f[1];
    else data.push(part);
  }
  const type = (options['type'] ?? '').toLowerCase();
  if (type === 'bind') flags |= MS_BIND;
  const bind = (flags & MS_BIND) !== 0;
  const source = options['device'] ?? (type || 'none');
  if (!bind && !type) {
    throw new BerthError('invalid-argument', `volume option "type" is required to mount device ${source}`, {
      hint: 'add -o type=<filesystem> (tmpfs, ext4, bind, ...) to volume create',
    });
  }
  const remountFlags = bind ? flags & ~(MS_BIND | MS_REC) : 0;
  return { source, fstype: bind ? '' : type, flags: bind ? flags & (MS_BIND | MS_REC) : flags, data: data.join(','), remountFlags };
}
