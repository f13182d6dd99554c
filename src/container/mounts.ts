// Parses -v/--volume and --mount into binds, tmpfs mounts and named/anonymous volume requests (pure), as podman 4.3.
import path from 'node:path';
import { invalidArgument } from '../util/errors.ts';
import type { ResolvedMount } from '../runtime/spec-types.ts';

/** A named (or anonymous: name '') volume to resolve at create (ensure) and init (mount, copy-up). */
export interface VolumeRequest {
  name: string;
  destination: string;
  /** ro/rw and propagation words, passed through to the bind. */
  options: string[];
  noCopy: boolean;
}

export interface ParsedMounts {
  binds: ResolvedMount[];
  volumes: VolumeRequest[];
  /** Extra --tmpfs style values ("dest:opts") from --mount type=tmpfs. */
  tmpfs: ResolvedMount[];
}

const PROPAGATION = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave', 'runbindable', 'unbindable'];

function checkDest(dest: string, what: string): string {
  if (!dest.startsWith('/')) throw invalidArgument(`invalid container path "${dest}", must be an absolute path`);
  if (!dest) throw invalidArgument(`${what}: destination must not be empty`);
  return path.posix.normalize(dest).replace(/(.)\/$/, '$1');
}

/** Bind options in podman's order: rw|ro, propagation (rprivate), then the rest, then rbind. */
function bindOptions(words: string[], isVolume: boolean): string[] {
  let ro = false;
  let prop = 'rprivate';
  const rest: string[] = [];
  for (const w of words) {
    if (w === 'ro' || w === 'readonly') ro = true;
    else if (w === 'rw') ro = false;
    else if (PROPAGATION.includes(w)) prop = w;
    else if (['z', 'Z', 'U', 'O', 'nocopy', 'copy', 'bind', 'rbind', 'idmap'].includes(w)) continue;
    else if (['nosuid', 'suid', 'nodev', 'dev', 'noexec', 'exec'].includes(w)) rest.push(w);
    else throw invalidArgument(`invalid option type: "${w}"`);
  }
  const out = [ro ? 'ro' : 'rw', prop];
  if (isVolume) {
    if (!rest.includes('suid')) out.push('nosuid');
    if (!rest.includes('dev')) out.push('nodev');
  }
  out.push(...rest.filter((w) => !['suid', 'dev', 'exec'].includes(w)), 'rbind');
  return out;
}

/** `-v [SOURCE:]DEST[:OPTIONS]`. */
export function parseVolumeFlag(v: string, out: ParsedMounts): void {
  const parts = v.split(':');
  if (parts.length > 3 || v === '') throw invalidArgument(`incorrect volume format "${v}", should be [host-dir:]ctr-dir[:option]`);
  if (parts.length === 1) {
    out.volumes.push({ name: '', destination: checkDest(parts[0]!, v), options: ['rw', 'rprivate', 'nosuid', 'nodev', 'rbind'], noCopy: false });
    return;
  }
  const [src, dst, opts = ''] = parts as [string, string, string?];
  if (src === '') throw invalidArgument('host directory cannot be empty');
  const words = opts ? opts.split(',') : [];
  const destination = checkDest(dst, v);
  if (src.startsWith('/') || src.startsWith('.')) {
    out.binds.push({ source: path.resolve(src), destination, type: 'bind', options: bindOptions(words, false) });
  } else {
    out.volumes.push({ name: src, destination, options: bindOptions(words, true), noCopy: words.includes('nocopy') });
  }
}

/** `--mount type=bind|volume|tmpfs,source=…,target=…,…`. */
export function parseMountFlag(v: string, out: ParsedMounts): void {
  const kv = new Map<string, string>();
  const flags: string[] = [];
  for (const f of v.split(',')) {
    const eq = f.indexOf('=');
    if (eq < 0) flags.push(f);
    else kv.set(f.slice(0, eq).toLowerCase(), f.slice(eq + 1));
  }
  const type = kv.get('type') ?? 'volume';
  const target = kv.get('target') ?? kv.get('dst') ?? kv.get('destination');
  if (!target) throw invalidArgument('must set target: invalid argument');
  const destination = checkDest(target, v);
  const src = kv.get('source') ?? kv.get('src') ?? '';
  const roVal = kv.get('ro') ?? kv.get('readonly');
  const ro = flags.includes('ro') || flags.includes('readonly') || roVal === 'true' || roVal === '1';
  const words = [ro ? 'ro' : 'rw'];
  const prop = kv.get('bind-propagation');
  if (prop) words.push(prop);
  switch (type) {
    case 'bind':
      if (!src) throw invalidArgument('must set source: invalid argument');
      out.binds.push({ source: path.resolve(src), destination, type: 'bind', options: bindOptions(words, false) });
      return;
    case 'volume':
      out.volumes.push({ name: src, destination, options: bindOptions(words, true), noCopy: flags.includes('volume-nocopy') });
      return;
    case 'tmpfs': {
      const opts: string[] = [];
      if (kv.has('tmpfs-size')) opts.push(`size=${kv.get('tmpfs-size')}`);
      if (kv.has('tmpfs-mode')) opts.push(`mode=${kv.get('tmpfs-mode')}`);
      opts.push(ro ? 'ro' : 'rw', 'rprivate', 'nosuid', 'nodev', 'tmpcopyup');
      out.tmpfs.push({ source: 'tmpfs', destination, type: 'tmpfs', options: opts });
      return;
    }
    default:
      throw invalidArgument(`invalid filesystem type "${type}"`);
  }
}

export function parseMounts(volumes: readonly string[], mounts: readonly string[]): ParsedMounts {
  const out: ParsedMounts = { binds: [], volumes: [], tmpfs: [] };
  for (const v of volumes) parseVolumeFlag(v, out);
  for (const m of mounts) parseMountFlag(m, out);
  const seen = new Set<string>();
  for (const d of [...out.binds, ...out.volumes, ...out.tmpfs].map((m) => m.destination)) {
    if (seen.has(d)) throw invalidArgument(`${d}: duplicate mount destination`);
    seen.add(d);
  }
  return out;
}

/** `--volumes-from CONTAINER[:OPTIONS]`: the container reference and the rw/ro override (z accepted, as podman). */
export function parseVolumesFrom(value: string): { container: string; mode?: 'ro' | 'rw' } {
  const colon = value.indexOf(':');
  const container = colon < 0 ? value : value.slice(0, colon);
  let mode: 'ro' | 'rw' | undefined;
  if (colon >= 0) {
    for (const opt of value.slice(colon + 1).split(',')) {
      if (opt === 'ro' || opt === 'rw') mode = opt;
      else if (opt !== 'z') throw invalidArgument(`invalid option "${opt}" specified - volumes from another container can only use z,ro,rw options`);
    }
  }
  return { container, ...(mode ? { mode } : {}) };
}

/** Mount options with rw/ro replaced by `mode` (unchanged without one). */
export function withMode(options: readonly string[], mode: 'ro' | 'rw' | undefined): string[] {
  if (!mode) return [...options];
  const rest = options.filter((o) => o !== 'ro' && o !== 'rw');
  return [mode, ...rest];
}
