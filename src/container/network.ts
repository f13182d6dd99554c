// The network step of create/init/cleanup: `--network` parsing (pure), the stored network config, the planner seam.
// Bridge networks are wired by the engine's seam (src/engine/local/container-net.ts); this module stays OS-free.
import type { ContainerCreateOptions } from '../engine/containers.ts';
import type { AttachNetwork } from '../network/manager.ts';
import { exposedPortKeys, parsePublish, publishExposed } from '../network/ports.ts';
import { parseIP } from '../network/ip.ts';
import type { PortMapping, StatusBlock } from '../network/types.ts';
import { invalidArgument } from '../util/errors.ts';
import { log } from '../util/log.ts';
import type { ImageConfig } from '../runtime/spec-types.ts';
import type { LifecycleEnv, NetworkSeam } from './env.ts';
import type { RunFileNet } from './runfiles.ts';
import type { ContainerConfig, ContainerRecord } from './records.ts';

export type NetMode = 'bridge' | 'none' | 'host' | 'private' | 'ns' | 'container';

/** What create decided about networking, stored in the container's config as `net` (ports as `ports`). */
export interface NetConfig {
  mode: NetMode;
  /** bridge: network name → the container's wishes on it (names as the user typed them until the planner resolves them). */
  networks?: Record<string, AttachNetwork>;
  nsPath?: string;
  /** container:<id>: the full id of the container whose netns is joined. */
  container?: string;
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  addHosts?: string[];
  noHosts?: boolean;
  /** --expose ports (`80/tcp`): inspect lists them with null bindings on a bridge. */
  exposed?: string[];
}

/** `hadPorts`: set once ports were ever published (an update may have emptied `ports` while rules remained). */
export type NetContainerConfig = ContainerConfig & { net?: NetConfig; ports?: PortMapping[]; hadPorts?: boolean };

export const netConfigOf = (rec: ContainerRecord): NetConfig =>
  (rec.config as NetContainerConfig).net ?? { mode: (rec.config.network || 'private') as NetMode };
export const portsOf = (rec: ContainerRecord): PortMapping[] => (rec.config as NetContainerConfig).ports ?? [];
export const statusOf = (rec: ContainerRecord): Record<string, StatusBlock> =>
  rec.networkStatus ? (JSON.parse(rec.networkStatus) as Record<string, StatusBlock>) : {};

const SIMPLE = new Set(['none', 'host', 'private', 'bridge', 'default']);

/** podman's per-network options of `--network NAME:opts`: ip=, ip6=, mac=, alias=, interface_name=. */
export function parseNetworkOptions(text: string, network: string): AttachNetwork {
  const o: AttachNetwork = {};
  const bad = (why: string) => invalidArgument(`invalid option for network ${network}: ${why}`);
  for (const kv of text.split(',').filter(Boolean)) {
    const eq = kv.indexOf('=');
    const [k, v] = eq < 0 ? [kv, ''] : [kv.slice(0, eq), kv.slice(eq + 1)];
    switch (k) {
      case 'ip':
      case 'ip6':
        if (!parseIP(v)) throw bad(`invalid ip address "${v}"`);
        (o.ips ??= []).push(v);
        break;
      case 'mac':
        if (!isMacAddress(v)) throw bad(`address ${v}: invalid MAC address`);
        o.mac = v;
        break;
      case 'alias':
        (o.aliases ??= []).push(v);
        break;
      case 'interface_name':
        o.interfaceName = v;
        break;
      default:
        throw invalidArgument(`unknown bridge network option: ${k}`);
    }
  }
  return o;
}

/** `--network` values → mode and networks (podman's ParseNetworkFlag); empty → the default bridge network ("" key). */
export function parseNetworkFlags(values: readonly string[]): Pick<NetConfig, 'mode' | 'networks' | 'nsPath' | 'container'> {
  if (!values.length) return { mode: 'bridge', networks: { '': {} } };
  const first = values[0]!;
  const single = (mode: NetMode, extra: Partial<NetConfig> = {}) => {
    if (values.length > 1) throw invalidArgument(`cannot set multiple networks without bridge network mode, selected mode ${first.split(':')[0]}`);
    return { mode, ...extra };
  };
  if (first === 'none' || first === 'host' || first === 'private') return single(first);
  if (first.startsWith('ns:')) {
    if (first.length === 3) throw invalidArgument('must provide a path to a namespace when specifying "ns:"');
    return single('ns', { nsPath: first.slice(3) });
  }
  if (first.startsWith('container:')) {
    if (first.length === 10) throw invalidArgument('must provide name or ID or a container when specifying "container:"');
    return single('container', { container: first.slice(10) });
  }
  const networks: Record<string, AttachNetwork> = {};
  for (const v of values) {
    const colon = v.indexOf(':');
    const name = colon < 0 ? v : v.slice(0, colon);
    if (colon < 0 && !SIMPLE.has(v)) {
      for (const n of v.split(',').filter(Boolean)) networks[n] = {};
      continue;
    }
    if (['none', 'host', 'private'].includes(name) || name.startsWith('ns') || name.startsWith('container')) {
      throw invalidArgument(`can only set extra network names, selected mode ${name} conflicts with bridge`);
    }
    const key = name === 'bridge' || name === 'default' ? '' : name;
    if (key in networks) throw invalidArgument(`network ${name} is specified more than once`);
    networks[key] = colon < 0 ? {} : parseNetworkOptions(v.slice(colon + 1), name);
  }
  return { mode: 'bridge', networks };
}

/** Go's net.ParseMAC: 6, 8 or 20 octets as `xx:xx…`, `xx-xx…` or `xxxx.xxxx…` (hex digits). */
export function isMacAddress(s: string): boolean {
  const octets = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2})*$/i.test(s) ? s.split(/[:-]/).length
    : /^[0-9a-f]{4}(\.[0-9a-f]{4})*$/i.test(s) ? s.split('.').length * 2 : 0;
  return octets === 6 || octets === 8 || octets === 20;
}

/**
 * --ip, --ip6, --mac-address and --network-alias, checked and applied as podman's network flags: each address must
 * parse, each needs the bridge mode, the addresses and the MAC a single network; aliases go to every network. `n` is
 * undefined when the mode is not bridge.
 */
export function applySingleNetworkFlags(n: Record<string, AttachNetwork> | undefined, o: ContainerCreateOptions): void {
  const single = (flag: string) => {
    if (!n) throw invalidArgument(`--${flag} can only be set when the network mode is bridge: invalid argument`);
    const names = Object.keys(n);
    if (names.length !== 1) throw invalidArgument(`--${flag} can only be set for a single network: invalid argument`);
    return n[names[0]!]!;
  };
  for (const [flag, ip] of [['ip', o.ip], ['ip6', o.ip6]] as const) {
    if (!ip) continue;
    if (!parseIP(ip)) throw invalidArgument(`"${ip}" is not an ip address`);
    (single(flag).ips ??= []).push(ip);
  }
  if (o.macAddress) {
    if (!isMacAddress(o.macAddress)) throw invalidArgument(`address ${o.macAddress}: invalid MAC address`);
    single('mac-address').mac = o.macAddress;
  }
  if (o.networkAliases?.length) {
    if (!n) throw invalidArgument('--network-alias can only be set when the network mode is bridge: invalid argument');
    for (const w of Object.values(n)) w.aliases = [...(w.aliases ?? []), ...o.networkAliases];
  }
}

/** The published ports create records: -p values, then -P (image EXPOSE + --expose) for ports not yet published. */
export function requestedPorts(o: ContainerCreateOptions, image: ImageConfig): PortMapping[] {
  const maps = (o.publish ?? []).flatMap(parsePublish);
  if (o.publishAll) {
    const exposed = [...Object.keys(image.ExposedPorts ?? {}), ...(o.expose ?? [])];
    const have = (port: number, proto: string) => maps.some((m) => m.protocol === proto && port >= m.container_port && port < m.container_port + m.range);
    for (const m of publishExposed(exposed)) if (!have(m.container_port, m.protocol)) maps.push(m);
  }
  return maps;
}

/** What the engine's seam adds to the loopback one: name resolution and random ports at create, live changes. */
export interface NetworkPlanner {
  /** Resolves network names and `container:` references, checks static IPs; fills random host ports. */
  plan(net: NetConfig, ports: PortMapping[]): Promise<{ net: NetConfig; ports: PortMapping[] }>;
}

const isPlanner = (s: NetworkSeam): s is NetworkSeam & NetworkPlanner => typeof (s as Partial<NetworkPlanner>).plan === 'function';

/** create's network step: the stored config pieces and the spec's namespace mode. */
export async function planNetwork(env: LifecycleEnv, o: ContainerCreateOptions, image: ImageConfig): Promise<{
  network: string; specNet: string; net: NetConfig; ports: PortMapping[];
}> {
  const flags = o.networks?.length ? o.networks : o.network ? [o.network] : [];
  let net: NetConfig = { ...parseNetworkFlags(flags) };
  applySingleNetworkFlags(net.mode === 'bridge' ? net.networks : undefined, o);
  let ports = requestedPorts(o, image);
  if (ports.length && net.mode !== 'bridge') {
    log.warn('Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use');
    ports = [];
  }
  for (const d of o.dns ?? []) {
    if (d !== 'none' && !parseIP(d)) throw invalidArgument(`${d} is not an ip address`);
  }
  if (net.mode === 'none' && (o.dns?.length || o.dnsSearch?.length || o.dnsOptions?.length)) {
    throw invalidArgument('conflicting options: dns and the network mode: none');
  }
  if (o.dns?.length) net.dns = o.dns;
  if (o.dnsSearch?.length) net.dnsSearch = o.dnsSearch;
  if (o.dnsOptions?.length) net.dnsOptions = o.dnsOptions;
  if (o.addHosts?.length) net.addHosts = o.addHosts;
  if (o.noHosts) net.noHosts = true;
  const exposed = exposedPortKeys(o.expose ?? []);
  if (exposed.length && net.mode === 'bridge') net.exposed = exposed;
  for (const h of net.addHosts ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw invalidArgument(`bad format for add-host: "${h}"`);
    if (i === h.length - 1) throw invalidArgument(`invalid IP address in add-host: "${h.slice(i + 1)}"`);
  }
  if (isPlanner(env.network)) ({ net, ports } = await env.network.plan(net, ports));
  else if (net.mode === 'bridge') net = { ...net, mode: 'private', networks: {} };
  const specNet = net.mode === 'ns' ? `ns:${net.nsPath}` : net.mode === 'host' || net.mode === 'none' ? net.mode : 'private';
  return { network: net.mode, specNet, net, ports };
}

/** The run files' network facts from the recorded status (first network first) and the create options. */
export function runFileNet(rec: ContainerRecord, status: Record<string, StatusBlock> = statusOf(rec)): RunFileNet {
  const n = netConfigOf(rec);
  const out: RunFileNet = { ips: [] };
  const dns: string[] = [];
  const search: string[] = [];
  for (const block of Object.values(status)) {
    for (const iface of Object.values(block.interfaces ?? {})) {
      for (const a of iface.subnets ?? []) {
        out.ips.push(a.ipnet.split('/')[0]!);
        if (a.gateway && !out.gateway && !a.gateway.includes(':')) out.gateway = a.gateway;
      }
    }
    dns.push(...(block.dns_server_ips ?? []));
    search.push(...(block.dns_search_domains ?? []));
  }
  if (dns.length) out.networkDns = [...new Set(dns)];
  if (search.length) out.networkSearch = [...new Set(search)];
  for (const k of ['dns', 'dnsSearch', 'dnsOptions', 'addHosts'] as const) if (n[k]?.length) out[k] = n[k];
  if (n.noHosts) out.noHosts = true;
  return out;
}

/** The seam's default (no network engine): runc makes the netns; teardown removes a recorded netns file if any. */
export const loopbackNetwork: NetworkSeam = {
  async setup() {
    return {};
  },
  async teardown(rec: ContainerRecord) {
    // Loaded only when needed: netns.ts brings the mount FFI (koffi), which read verbs importing this module never use.
    if (rec.netns) (await import('../network/netns.ts')).removeNetns(rec.netns);
  },
};
