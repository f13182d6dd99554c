// IP addresses and CIDR subnets as bigints (IPv4 and IPv6): parsing, formatting and the subnet math networks need.

export type Family = 4 | 6;

export interface IP {
  family: Family;
  value: bigint;
}

export interface Cidr {
  /** The address as written (may have host bits set). */
  ip: IP;
  prefix: number;
}

const bits = (f: Family) => (f === 4 ? 32 : 128);

/** Parses a dotted-quad or RFC 4291 address; undefined if it is not one. */
export function parseIP(s: string): IP | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map(Number);
    if (parts.some((p) => p > 255) || s.split('.').some((p) => p.length > 1 && p.startsWith('0'))) return undefined;
    return { family: 4, value: parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n) };
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  let text = s;
  let tail: bigint[] = [];
  if (text.includes('.')) {
    const at = text.lastIndexOf(':');
    const ip4 = parseIP(text.slice(at + 1));
    if (!ip4 || ip4.family !== 4) return undefined;
    tail = [ip4.value >> 16n, ip4.value & 0xffffn];
    text = text.slice(0, at + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  const want = 8 - tail.length;
  if (head.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g)) || rest.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const fill = want - head.length - rest.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const groups = [...head, ...Array<string>(Math.max(fill, 0)).fill('0'), ...rest].map((g) => BigInt(parseInt(g, 16)));
  return { family: 6, value: [...groups, ...tail].reduce((a, g) => (a << 16n) | g, 0n) };
}

/** Go's net.IP.String(): dotted quad, or RFC 5952 (longest zero run of two or more groups compressed). */
export function formatIP(ip: IP): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.');
  const g = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  return best < 0 ? hex(g) : `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** Parses "addr/prefix"; undefined if malformed. */
export function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const ip = parseIP(m[1]!);
  const prefix = Number(m[2]);
  if (!ip || prefix > bits(ip.family)) return undefined;
  return { ip, prefix };
}

export const hostMask = (f: Family, prefix: number) => (1n << BigInt(bits(f) - prefix)) - 1n;

/** The network address (host bits cleared). */
export const networkOf = (c: Cidr): IP => ({ family: c.ip.family, value: c.ip.value & ~hostMask(c.ip.family, c.prefix) });
/** The last address of the subnet (the broadcast address in IPv4). */
export const lastOf = (c: Cidr): IP => ({ family: c.ip.family, value: networkOf(c).value | hostMask(c.ip.family, c.prefix) });
/** "10.1.0.0/16": the canonical form of a subnet. */
export const formatCidr = (c: Cidr) => `${formatIP(networkOf(c))}/${c.prefix}`;

export function contains(c: Cidr, ip: IP): boolean {
  return c.ip.family === ip.family && (ip.value & ~hostMask(ip.family, c.prefix)) === networkOf(c).value;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.ip.family === b.ip.family && (contains(a, networkOf(b)) || contains(b, networkOf(a)));
}

export const addIP = (ip: IP, n: bigint): IP => ({ family: ip.family, value: ip.value + n });

/** Go's net.IPMask.String() for a prefix: hex digits ("ffffff00"). */
export function maskHex(c: Cidr): string {
  const b = bits(c.ip.family);
  const mask = ((1n << BigInt(b)) - 1n) ^ hostMask(c.ip.family, c.prefix);
  return mask.toString(16).padStart(b / 4, '0');
}

/** The n-th subnet of size `size` inside `pool` (n from 0), or undefined past the end. */
export function nthSubnet(pool: Cidr, size: number, n: bigint): Cidr | undefined {
  if (size < pool.prefix || size > bits(pool.ip.family)) return undefined;
  if (n >= 1n << BigInt(size - pool.prefix)) return undefined;
  const step = 1n << BigInt(bits(pool.ip.family) - size);
  return { ip: { family: pool.ip.family, value: networkOf(pool).value + n * step }, prefix: size };
}
