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
  hostname: string;
  name: string;
}

/** /etc/hosts as podman 4.3 writes it: the host's entries, host.containers.internal, then the container itself. */
export function buildHosts(i: HostsInput): string {
  const lines: string[] = [];
  for (const raw of i.hostHosts.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (ip && names.length) lines.push(`${ip}\t${names.join(' ')}`);
  }
  if (!lines.some((l) => /\slocalhost(\s|$)/.test(l))) lines.unshift('127.0.0.1\tlocalhost');
  if (i.hostIp) lines.push(`${i.hostIp}\thost.containers.internal`);
  lines.push(`${i.containerIp}\t${i.hostname === i.name ? i.hostname : `${i.hostname} ${i.name}`}`);
  return lines.join('\n') + '\n';
}

/**
 * resolv.conf from the host's: nameservers on loopback (127.x, ::1: a local resolver the container cannot reach) are
 * dropped, as podman does; with none left, podman's fallbacks (Google DNS) are used. search/options lines are kept.
 */
export function buildResolvConf(hostText: string, extra: { dns?: string[]; search?: string[]; options?: string[] } = {}): string {
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
  const ns = extra.dns?.length ? extra.dns : servers.length ? servers : ['8.8.8.8', '8.8.4.4'];
  const out: string[] = [];
  if (extra.search?.length) out.push(`search ${extra.search.join(' ')}`);
  else out.push(...keep.filter((l) => /^(search|domain)\s/.test(l)));
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

/** Writes the run files into `dir` (0644) and returns their paths. */
export function writeRunFiles(dir: string, o: {
  hostname: string; name: string; network: string; containerEnv: ContainerEnvInput; containerIp?: string;
}): RunFiles {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p: RunFiles = {
    hosts: path.join(dir, 'hosts'), resolvConf: path.join(dir, 'resolv.conf'),
    hostname: path.join(dir, 'hostname'), containerEnv: path.join(dir, '.containerenv'),
  };
  const hostHosts = readOr('/etc/hosts', '127.0.0.1 localhost\n');
  fs.writeFileSync(p.hosts, o.network === 'host' ? hostHosts : buildHosts({
    hostHosts, hostIp: hostIPv4(), containerIp: o.containerIp ?? '127.0.0.1', hostname: o.hostname, name: o.name,
  }), { mode: 0o644 });
  fs.writeFileSync(p.resolvConf, o.network === 'host' ? readOr('/etc/resolv.conf', '') : buildResolvConf(readOr('/etc/resolv.conf', '')), { mode: 0o644 });
  fs.writeFileSync(p.hostname, o.hostname, { mode: 0o644 });
  fs.writeFileSync(p.containerEnv, buildContainerEnv(o.containerEnv), { mode: 0o644 });
  return p;
}
