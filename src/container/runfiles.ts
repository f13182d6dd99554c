// The files Berth generates into a container's run directory and binds in: /etc/hosts, resolv.conf, hostname, .containerenv.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface HostsInput {
  /** The host's /etc/hosts text (its entries are copied, as podman does). */
  hostHosts: string;
  /** Address for host.containers.internal (omitted when empty). */
  hostIp: string;
  /** The container's own address (127.0.0.1 without a bridge network). */
  containerIp: string;
  /** Further addresses of the container (one per network and subnet), after containerIp. */
  moreIps?: string[];
  hostname: string;
  name: string;
  /** `--add-host name:ip` entries (written first, as podman does). */
  addHosts?: string[];
}

/** /etc/hosts as podman 4.3 writes it: --add-host entries, the host's entries, host.containers.internal, the container. */
export function buildHosts(i: HostsInput): string {
  const lines: string[] = [];
  for (const h of i.addHosts ?? []) {
    const c = h.indexOf(':');
    lines.push(`${h.slice(c + 1)}\t${h.slice(0, c)}`);
  }
  for (const raw of i.hostHosts.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (ip && names.length) lines.push(`${ip}\t${names.join(' ')}`);
  }
  if (!lines.some((l) => /\slocalhost(\s|$)/.test(l))) lines.unshift('127.0.0.1\tlocalhost');
  if (i.hostIp) lines.push(`${i.hostIp}\thost.containers.internal`);
  const names = i.hostname === i.name ? i.hostname : `${i.hostname} ${i.name}`;
  for (const ip of [i.containerIp, ...(i.moreIps ?? [])]) lines.push(`${ip}\t${names}`);
  return lines.join('\n') + '\n';
}

/**
 * resolv.conf from the host's: nameservers on loopback (127.x, ::1: a local resolver the container cannot reach) are
 * dropped, as podman does; with none left, podman's fallbacks (Google DNS) are used. search/options lines are kept.
 */
export function buildResolvConf(hostText: string, extra: {
  dns?: string[]; search?: string[]; options?: string[];
  /** aardvark-dns addresses of the container's networks: first, with the host's servers kept after them. */
  networkDns?: string[];
  networkSearch?: string[];
} = {}): string {
  const keep: string[] = [];
  const servers: string[] = [];
  for (const raw of hostText.split('\n')) {
    const line = raw.trim();
    const m = /^nameserver\s+(\S+)/.exec(line);
    if (m) {
      const ip = m[1]!;
      if (!/^127\./.test(ip) && ip !== '::1') servers.push(ip);
      continue;
    }
    if (/^(search|domain|options)\s/.test(line)) keep.push(line);
  }
  const net = extra.networkDns ?? [];
  const ns = extra.dns?.length ? extra.dns : net.length ? [...net, ...servers] : servers.length ? servers : ['8.8.8.8', '8.8.4.4'];
  const out: string[] = [];
  const hostSearch = keep.filter((l) => /^(search|domain)\s/.test(l)).flatMap((l) => l.split(/\s+/).slice(1));
  const search = extra.search?.length ? extra.search : [...(extra.dns?.length ? [] : extra.networkSearch ?? []), ...hostSearch];
  if (search.length) out.push(`search ${[...new Set(search)].join(' ')}`);
  out.push(...ns.map((s) => `nameserver ${s}`));
  if (extra.options?.length) out.push(`options ${extra.options.join(' ')}`);
  else out.push(...keep.filter((l) => l.startsWith('options')));
  return out.join('\n') + '\n';
}

export interface ContainerEnvInput {
  privileged: boolean;
  name: string;
  id: string;
  image: string;
  imageId: string;
  version: string;
}

/** /run/.containerenv: empty unless privileged (podman writes the engine facts only then). */
export function buildContainerEnv(i: ContainerEnvInput): string {
  if (!i.privileged) return '';
  return `engine="berth-${i.version}"\nname="${i.name}"\nid="${i.id}"\nimage="${i.image}"\nimageid="${i.imageId}"\nrootless=${process.getuid?.() === 0 ? 0 : 1}\n`;
}

/** The host's first non-loopback IPv4 address (podman's host.containers.internal without a bridge). */
export function hostIPv4(): string {
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '';
}

const readOr = (file: string, fallback: string) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
};

export interface RunFiles {
  hosts: string;
  resolvConf: string;
  hostname: string;
  containerEnv: string;
}

/** The network facts the run files need (from the container's network status and its create options). */
export interface RunFileNet {
  /** The container's addresses, first network first (no prefix length). */
  ips: string[];
  /** The first network's gateway: host.containers.internal. */
  gateway?: string;
  networkDns?: string[];
  networkSearch?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  addHosts?: string[];
  noHosts?: boolean;
}

/**
 * What `writeRunFiles` writes: everything, or while a bridge attach is still running (`network-pending`) the final
 * hostname and .containerenv with hosts and resolv.conf made empty (the runtime bind-mounts their inodes), and once it
 * has finished (`network`) hosts and resolv.conf alone, in place.
 */
export type RunFilesPart = 'all' | 'network-pending' | 'network';

/** Writes the run files into `dir` (0644) and returns their paths. */
export function writeRunFiles(dir: string, o: {
  hostname: string; name: string; network: string; containerEnv: ContainerEnvInput; containerIp?: string; net?: RunFileNet;
}, part: RunFilesPart = 'all'): RunFiles {
  if (part !== 'network') fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p: RunFiles = {
    hosts: path.join(dir, 'hosts'), resolvConf: path.join(dir, 'resolv.conf'),
    hostname: path.join(dir, 'hostname'), containerEnv: path.join(dir, '.containerenv'),
  };
  if (part === 'network-pending') {
    fs.writeFileSync(p.hosts, '', { mode: 0o644 });
    fs.writeFileSync(p.resolvConf, '', { mode: 0o644 });
  } else {
    writeNetworkFiles(p, o);
  }
  if (part !== 'network') {
    fs.writeFileSync(p.hostname, o.hostname, { mode: 0o644 });
    fs.writeFileSync(p.containerEnv, buildContainerEnv(o.containerEnv), { mode: 0o644 });
  }
  return p;
}

function writeNetworkFiles(p: RunFiles, o: { hostname: string; name: string; network: string; containerIp?: string; net?: RunFileNet }): void {
  const n = o.net ?? { ips: [] };
  const hostHosts = readOr('/etc/hosts', '127.0.0.1 localhost\n');
  const ips = n.ips.length ? n.ips : [o.containerIp ?? '127.0.0.1'];
  fs.writeFileSync(p.hosts, o.network === 'host' && !n.addHosts?.length ? hostHosts : buildHosts({
    hostHosts, hostIp: n.gateway ?? hostIPv4(), containerIp: ips[0]!, moreIps: ips.slice(1), hostname: o.hostname, name: o.name,
    ...(n.addHosts?.length ? { addHosts: n.addHosts } : {}),
  }), { mode: 0o644 });
  const hostResolv = readOr('/etc/resolv.conf', '');
  const custom = n.dns?.length || n.dnsSearch?.length || n.dnsOptions?.length || n.networkDns?.length;
  fs.writeFileSync(p.resolvConf, o.network === 'host' && !custom ? hostResolv : buildResolvConf(hostResolv, {
    ...(n.dns?.length ? { dns: n.dns } : {}), ...(n.dnsSearch?.length ? { search: n.dnsSearch } : {}),
    ...(n.dnsOptions?.length ? { options: n.dnsOptions } : {}),
    ...(n.networkDns?.length ? { networkDns: n.networkDns, networkSearch: n.networkSearch ?? [] } : {}),
  }), { mode: 0o644 });
}
