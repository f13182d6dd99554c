// Validates `network create` input and builds the definition (pure): names, drivers, options, subnets from pools.
import { BerthError } from '../util/errors.ts';
import { parseCidr, parseIP, formatIP, formatCidr, networkOf, lastOf, contains, overlaps, addIP, nthSubnet, type Cidr } from './ip.ts';
import type { Network, Subnet } from './types.ts';

export interface CreateRequest {
  name?: string;
  driver?: string;
  subnets?: string[];
  gateways?: string[];
  ipRanges?: string[];
  internal?: boolean;
  disableDns?: boolean;
  ipv6?: boolean;
  options?: Record<string, string>;
  labels?: Record<string, string>;
  interfaceName?: string;
  /** --ignore: an existing network of that name is not an error. */
  ignore?: boolean;
}

export interface CreateEnv {
  existing: Network[];
  /** Subnets in use elsewhere: other configs (Berth's and Podman's) and host routes. */
  usedSubnets: Cidr[];
  /** Interface names on the host or claimed by a definition. */
  usedInterfaces: Set<string>;
  pools: Array<{ base: string; size: number }>;
  /** Prefix of generated bridge and network names: berth → berth1, berth2... */
  prefix: string;
  randomId: () => string;
  randomBytes: (n: number) => Uint8Array;
  now: () => Date;
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const invalid = (msg: string) => new BerthError('invalid-argument', msg);

const OPTIONS: Record<string, Set<string>> = {
  bridge: new Set(['mtu', 'vlan', 'isolate', 'metric']),
  macvlan: new Set(['parent', 'mode', 'mtu', 'metric']),
  ipvlan: new Set(['parent', 'mode', 'mtu', 'metric']),
};

export const validName = (name: string) => NAME_RE.test(name);

/** Go's time.Time JSON form with nanoseconds as podman writes it ("2026-11-28T02:14:21.754402114Z"). */
export function rfc3339Nano(d: Date, extraNs = 0): string {
  const ns = d.getUTCMilliseconds() * 1e6 + extraNs;
  const frac = ns ? `.${String(ns).padStart(9, '0').replace(/0+$/, '')}` : '';
  return d.toISOString().replace(/\.\d{3}Z$/, `${frac}Z`);
}

function firstFree(prefix: string, used: (s: string) => boolean): string {
  for (let i = 1; ; i++) if (!used(`${prefix}${i}`)) return `${prefix}${i}`;
}

function checkOptions(driver: string, options: Record<string, string>): void {
  for (const [k, v] of Object.entries(options)) {
    if (!OPTIONS[driver]!.has(k)) throw invalid(`unsupported ${driver} network option ${k}`);
    if ((k === 'mtu' || k === 'vlan' || k === 'metric') && !/^\d+$/.test(v)) throw invalid(`unable to parse ${k} "${v}": invalid syntax`);
    if (k === 'isolate' && !['true', 'false', 'strict'].includes(v)) throw invalid(`unable to parse isolate "${v}": invalid syntax`);
    if (k === 'mode' && driver === 'macvlan' && !['bridge', 'private', 'vepa', 'passthru'].includes(v)) throw invalid(`unknown macvlan mode "${v}"`);
    if (k === 'mode' && driver === 'ipvlan' && !['l2', 'l3', 'l3s'].includes(v)) throw invalid(`unknown ipvlan mode "${v}"`);
  }
}

/** A random IPv6 ULA /64 (fdXX:...) not overlapping anything used. */
function randomUla(env: CreateEnv, used: Cidr[]): Cidr {
  for (let tries = 0; tries < 100; tries++) {
    const b = env.randomBytes(7);
    let v = 0xfdn;
    for (const x of b) v = (v << 8n) | BigInt(x);
    const c: Cidr = { ip: { family: 6, value: v << 64n }, prefix: 64 };
    if (!used.some((u) => overlaps(u, c))) return c;
  }
  throw invalid('failed to find free IPv6 subnet');
}

/** The first subnet of a default pool overlapping nothing used. */
export function freeSubnet(pools: CreateEnv['pools'], used: Cidr[]): Cidr {
  for (const p of pools) {
    const pool = parseCidr(p.base);
    if (!pool) continue;
    for (let n = 0n; ; n++) {
      const c = nthSubnet(pool, p.size, n);
      if (!c) break;
      if (!used.some((u) => overlaps(u, c))) return c;
    }
  }
  throw invalid('could not find free subnet from subnet pools');
}

function subnetFrom(c: Cidr, gateway: string | undefined, range: string | undefined): Subnet {
  const s: Subnet = { subnet: formatCidr(c) };
  if (gateway) {
    const gw = parseIP(gateway);
    if (!gw) throw invalid(`invalid gateway IP: ${gateway}`);
    if (!contains(c, gw)) throw invalid(`gateway ${gateway} not in subnet ${s.subnet}`);
    s.gateway = formatIP(gw);
  } else {
    s.gateway = formatIP(addIP(networkOf(c), 1n));
  }
  if (range) {
    const r = parseCidr(range);
    if (!r) throw invalid(`invalid CIDR address: ${range}`);
    const start = addIP(networkOf(r), 1n);
    const end = lastOf(r);
    if (!contains(c, start)) throw invalid(`lease range start ip ${formatIP(start)} not in subnet ${s.subnet}`);
    if (!contains(c, end)) throw invalid(`lease range end ip ${formatIP(end)} not in subnet ${s.subnet}`);
    s.lease_range = { start_ip: formatIP(start), end_ip: formatIP(end) };
  }
  return s;
}

/** Builds a new network definition or throws podman's error for the first problem found. */
export function buildNetwork(req: CreateRequest, env: CreateEnv): Network {
  const driver = req.driver || 'bridge';
  const names = new Set(env.existing.map((n) => n.name));
  const name = req.name || firstFree(env.prefix, (s) => names.has(s));
  if (!validName(name)) throw invalid(`network name ${name} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument`);
  if (names.has(name)) throw new BerthError('already-exists', `network name ${name} already used: network already exists`);
  if (!OPTIONS[driver]) throw invalid(`unsupported driver ${driver}: invalid argument`);
  const options = { ...req.options };
  checkOptions(driver, options);
  if ((req.gateways?.length || req.ipRanges?.length) && !req.subnets?.length) throw invalid('cannot set gateway or range without subnet');

  const used = [...env.usedSubnets];
  for (const n of env.existing) for (const s of n.subnets ?? []) { const c = parseCidr(s.subnet); if (c) used.push(c); }
  const subnets: Subnet[] = [];
  for (const [i, text] of (req.subnets ?? []).entries()) {
    const c = parseCidr(text);
    if (!c) throw invalid(`invalid CIDR address: ${text}`);
    if (used.some((u) => overlaps(u, c))) throw invalid(`subnet ${formatCidr(c)} is already used on the host or by another config`);
    subnets.push(subnetFrom(c, req.gateways?.[i], req.ipRanges?.[i]));
  }
  if (driver !== 'bridge' && !subnets.length) {
    throw invalid(`${driver} driver needs at least one subnet specified, DHCP is not yet supported with netavark`);
  }
  const has = (f: 4 | 6) => subnets.some((s) => parseCidr(s.subnet)!.ip.family === f);
  if (driver === 'bridge') {
    if (!has(4) && (!req.ipv6 || !subnets.length)) subnets.unshift(subnetFrom(freeSubnet(env.pools, used), undefined, undefined));
    if (req.ipv6 && !has(6)) subnets.push(subnetFrom(randomUla(env, used), undefined, undefined));
  }

  let iface = req.interfaceName;
  const claimed = new Set(env.existing.map((n) => n.network_interface).filter(Boolean));
  if (driver === 'bridge') {
    if (iface) {
      if (claimed.has(iface)) throw invalid(`bridge name ${iface} already in use`);
    } else {
      iface = firstFree(env.prefix, (s) => claimed.has(s) || env.usedInterfaces.has(s));
    }
  } else if (options['parent']) {
    iface = options['parent'];
    delete options['parent'];
  }

  const net: Network = {
    name,
    id: env.randomId(),
    driver,
    network_interface: iface ?? '',
    created: rfc3339Nano(env.now()),
    subnets,
    ipv6_enabled: req.ipv6 === true || has(6),
    internal: req.internal === true,
    dns_enabled: driver === 'bridge' && !req.disableDns,
    ipam_options: { driver: 'host-local' },
  };
  if (req.labels && Object.keys(req.labels).length) net.labels = req.labels;
  if (Object.keys(options).length) net.options = options;
  return orderKeys(net);
}

/** Puts keys in podman's order so the file and JSON output match it byte for byte. */
export function orderKeys(n: Network): Network {
  const out: Network = {
    name: n.name, id: n.id, driver: n.driver, network_interface: n.network_interface, created: n.created,
    subnets: n.subnets, ipv6_enabled: n.ipv6_enabled, internal: n.internal, dns_enabled: n.dns_enabled,
  };
  if (!out.network_interface) delete out.network_interface;
  if (n.labels) out.labels = n.labels;
  if (n.options) out.options = n.options;
  if (n.ipam_options) out.ipam_options = n.ipam_options;
  return out;
}
