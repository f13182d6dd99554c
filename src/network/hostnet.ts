// Reads the host's interfaces and routes from /proc and /sys: subnets in use, names taken, and netns-safe checks.
import { readFileSync, readdirSync } from 'node:fs';
import { formatIP, type Cidr } from './ip.ts';

/** Parses /proc/net/route (little-endian hex destination and mask) into IPv4 subnets, skipping the default route. */
export function parseRouteV4(text: string): Cidr[] {
  const out: Cidr[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const le = (h: string) => {
      const n = parseInt(h, 16) >>> 0;
      return BigInt(((n & 0xff) << 24) >>> 0 | ((n >> 8) & 0xff) << 16 | ((n >> 16) & 0xff) << 8 | ((n >>> 24) & 0xff));
    };
    const dest = le(f[1]!);
    const mask = le(f[7]!);
    let prefix = 0;
    for (let m = mask; m & 0x80000000n; m = (m << 1n) & 0xffffffffn) prefix++;
    if (prefix === 0) continue;
    out.push({ ip: { family: 4, value: dest }, prefix });
  }
  return out;
}

/** Parses /proc/net/ipv6_route into IPv6 subnets (skips the default route, link-local and host routes). */
export function parseRouteV6(text: string): Cidr[] {
  const out: Cidr[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const prefix = parseInt(f[1]!, 16);
    if (prefix === 0 || prefix === 128) continue;
    const value = BigInt(`0x${f[0]}`);
    if (value >> 118n === 0x3fan) continue; // fe80::/10
    out.push({ ip: { family: 6, value }, prefix });
  }
  return out;
}

const readOr = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** Subnets routed on this host (the namespace berth runs in). */
export function hostRoutes(): Cidr[] {
  return [...parseRouteV4(readOr('/proc/net/route')), ...parseRouteV6(readOr('/proc/net/ipv6_route'))];
}

export function hostInterfaces(): Set<string> {
  try {
    return new Set(readdirSync('/sys/class/net'));
  } catch {
    return new Set();
  }
}

export const describeRoute = (c: Cidr) => `${formatIP(c.ip)}/${c.prefix}`;

export interface Neighbour {
  ip: string;
  mac: string;
  dev: string;
}

/** Parses /proc/net/arp (IPv4 neighbours with a link-layer address; incomplete ones have 00:00:… and are skipped). */
export function parseArp(text: string): Neighbour[] {
  const out: Neighbour[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || f[3] === '00:00:00:00:00:00') continue;
    out.push({ ip: f[0]!, mac: f[3]!.toLowerCase(), dev: f[5]! });
  }
  return out;
}

/**
 * The host's neighbour entries that name a container's new address with another MAC (pure): left by an earlier
 * container that had the address, they send the host's packets to a MAC that is gone until the entry times out.
 */
export function staleNeighbours(have: readonly Neighbour[], now: readonly Neighbour[]): Neighbour[] {
  return have.filter((h) => now.some((n) => n.ip === h.ip && n.dev === h.dev && n.mac.toLowerCase() !== h.mac));
}

export function readArp(): Neighbour[] {
  try {
    return parseArp(readFileSync('/proc/net/arp', 'utf8'));
  } catch {
    return [];
  }
}
