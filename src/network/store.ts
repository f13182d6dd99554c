// Network definitions on disk: one podman-format JSON file per network in Berth's own config dir, plus the default.
import { createHash } from 'node:crypto';
import { randomBytes } from '../sys/random.ts';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../util/errors.ts';
import { toGoJSON } from '../format/gojson.ts';
import { log } from '../util/log.ts';
import { orderKeys, rfc3339Nano } from './config.ts';
import type { Network } from './types.ts';

export interface DefaultNetworkSpec {
  name: string;
  subnet: string;
  iface: string;
  /** Bridge/veth MTU (Berth's default network: 65520, so host→container traffic through a published port runs near loopback speed). */
  mtu?: number;
}

/** Network JSON as podman writes the files and `network inspect` prints them (5-space indent, no HTML escaping). */
export const networkFileJSON = (n: Network) => toGoJSON(n, { indent: '     ', escapeHTML: false });

export const notFoundError = (name: string) =>
  new BerthError('not-found', `unable to find network with name or ID ${name}: network not found`);

/**
 * The id of a default network: sha256 of its name. Berth's and podman's default names are precomputed: loading
 * node:crypto for the hash costs ~5 ms of every bridged `run` (store.test.ts checks the table against the hash).
 */
export const KNOWN_DEFAULT_IDS: Readonly<Record<string, string>> = {
  berth: '5c2f64c7f21efd5fb5e3d6a499abe5eacb248ae6f6f0085387c9a056d10ef5fd',
  podman: '2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9',
};

export const defaultNetworkId = (name: string): string =>
  Object.hasOwn(KNOWN_DEFAULT_IDS, name) ? KNOWN_DEFAULT_IDS[name]! : createHash('sha256').update(name).digest('hex');

/** The default network as podman synthesizes it: exists without a file; its id is sha256 of its name. */
export function defaultNetwork(spec: DefaultNetworkSpec, created: Date): Network {
  const gw = spec.subnet.replace(/\.0\/\d+$/, '.1');
  return orderKeys({
    name: spec.name,
    id: defaultNetworkId(spec.name),
    driver: 'bridge',
    network_interface: spec.iface,
    created: rfc3339Nano(created),
    subnets: [{ subnet: spec.subnet, gateway: gw }],
    ipv6_enabled: false,
    internal: false,
    dns_enabled: false,
    ...(spec.mtu ? { options: { mtu: String(spec.mtu) } } : {}),
    ipam_options: { driver: 'host-local' },
  });
}

export class NetworkStore {
  readonly dir: string;
  readonly defaults: DefaultNetworkSpec;

  constructor(dir: string, defaults: DefaultNetworkSpec) {
    this.dir = dir;
    this.defaults = defaults;
  }

  private file(name: string): string {
    return path.join(this.dir, `${name}.json`);
  }

  /** Every network, sorted by name; the default network first synthesized if it has no file. */
  list(): Network[] {
    const out: Network[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const f of names) {
      try {
        const n = JSON.parse(readFileSync(path.join(this.dir, f), 'utf8')) as Network;
        if (n && typeof n.name === 'string' && `${n.name}.json` === f) out.push(n);
        else log.warn(`network config ${f}: name does not match the file name, ignored`);
      } catch (e) {
        log.warn(`reading network config ${f}: ${(e as Error).message}`);
      }
    }
    if (!out.some((n) => n.name === this.defaults.name)) {
      out.push(defaultNetwork(this.defaults, this.dirCreated()));
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private dirCreated(): Date {
    return new Date();
  }

  /** Finds by exact name, full id, or unique id prefix (podman's lookup order). */
  lookup(nameOrId: string, all = this.list()): Network {
    const byName = all.find((n) => n.name === nameOrId);
    if (byName) return byName;
    const byId = all.filter((n) => n.id.startsWith(nameOrId));
    if (byId.length === 1 && /^[0-9a-f]+$/.test(nameOrId)) return byId[0]!;
    if (byId.length > 1 && /^[0-9a-f]+$/.test(nameOrId)) {
      throw new BerthError('invalid-argument', `more than one result for network ID ${nameOrId}`);
    }
    throw notFoundError(nameOrId);
  }

  /** Writes the definition atomically (temp file, fsync, rename). */
  write(n: Network): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    const tmp = path.join(this.dir, `.${n.name}.${randomBytes(4).toString('hex')}.tmp`);
    writeFileSync(tmp, networkFileJSON(n), { mode: 0o644 });
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file(n.name));
  }

  remove(name: string): void {
    rmSync(this.file(name), { force: true });
  }

  hasFile(name: string): boolean {
    return existsSync(this.file(name));
  }
}

/** Subnets in network definitions of another engine's dir (read-only): Podman's netavark JSON or CNI conflists. */
export function foreignSubnets(dir: string): string[] {
  const out: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir);
  } catch {
    return out;
  }
  for (const f of files) {
    if (!/\.(json|conflist|conf)$/.test(f)) continue;
    try {
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/"subnet"\s*:\s*"([^"]+)"/g)) out.push(m[1]!);
    } catch {
      // unreadable: skip
    }
  }
  return out;
}
