// inspect's network parts for a container (podman 4.3 shapes): NetworkSettings and HostConfig's port/DNS/hosts fields.
import type { PortMapping } from '../network/types.ts';
import { netConfigOf, portsOf, statusOf } from './network.ts';
import type { ContainerRecord } from './records.ts';

type Binding = { HostIp: string; HostPort: string };

/** "80/tcp" → host bindings, one entry per port of each mapping (exposed but unpublished ports map to null). */
export function portBindings(ports: readonly PortMapping[], exposed: readonly string[] = []): Record<string, Binding[] | null> {
  const out: Record<string, Binding[] | null> = {};
  for (const e of exposed) out[e.includes('/') ? e : `${e}/tcp`] ??= null;
  for (const m of ports) {
    for (let i = 0; i < Math.max(1, m.range); i++) {
      const key = `${m.container_port + i}/${m.protocol}`;
      (out[key] ??= []).push({ HostIp: m.host_ip, HostPort: String(m.host_port + i) });
    }
  }
  return out;
}

/** Ports inspect lists without a binding: the image's EXPOSE, and --expose on a bridge. */
const exposedOf = (rec: ContainerRecord) => [...Object.keys(rec.config.image.ExposedPorts ?? {}), ...(netConfigOf(rec).exposed ?? [])];

/** The default network's name when the caller does not say (Berth's `berth`; containers.conf may rename it). */
export const DEFAULT_NETWORK = 'berth';

const ACTIVE = new Set(['initialized', 'running', 'paused', 'stopping']);

/**
 * podman's NetworkSettings: one entry per configured network (addresses only while the container's network is set up),
 * top-level address fields only when the one network is the default one (podman 4.3 leaves them empty otherwise),
 * Ports (published + exposed), SandboxKey (the netns path while set up).
 */
export function networkSettings(rec: ContainerRecord, defaultNetwork = DEFAULT_NETWORK): Record<string, unknown> {
  const status = ACTIVE.has(rec.state) ? statusOf(rec) : {};
  const cfg = netConfigOf(rec);
  const networks: Record<string, unknown> = {};
  const names = [...new Set([...Object.keys(cfg.networks ?? {}), ...Object.keys(status)])].filter(Boolean).sort();
  for (const name of names) {
    const iface = Object.values(status[name]?.interfaces ?? {})[0];
    const v4 = iface?.subnets?.find((s) => !s.ipnet.includes(':'));
    const v6 = iface?.subnets?.find((s) => s.ipnet.includes(':'));
    networks[name] = {
      EndpointID: '', Gateway: v4?.gateway ?? '', IPAddress: v4?.ipnet.split('/')[0] ?? '', IPPrefixLen: Number(v4?.ipnet.split('/')[1] ?? 0),
      IPv6Gateway: v6?.gateway ?? '', GlobalIPv6Address: v6?.ipnet.split('/')[0] ?? '', GlobalIPv6PrefixLen: Number(v6?.ipnet.split('/')[1] ?? 0),
      MacAddress: iface?.mac_address ?? '', NetworkID: name, DriverOpts: null, IPAMConfig: null, Links: null,
      Aliases: [rec.id.slice(0, 12), ...(cfg.networks?.[name]?.aliases ?? [])],
    };
  }
  const top = names.length === 1 && names[0] === defaultNetwork ? (networks[names[0]] as Record<string, unknown>) : undefined;
  const pick = (k: string, d: unknown) => (top ? top[k] : d);
  const running = ACTIVE.has(rec.state);
  return {
    EndpointID: '', Gateway: pick('Gateway', ''), IPAddress: pick('IPAddress', ''), IPPrefixLen: pick('IPPrefixLen', 0),
    IPv6Gateway: pick('IPv6Gateway', ''), GlobalIPv6Address: pick('GlobalIPv6Address', ''), GlobalIPv6PrefixLen: pick('GlobalIPv6PrefixLen', 0),
    MacAddress: pick('MacAddress', ''), Bridge: '', SandboxID: '', HairpinMode: false, LinkLocalIPv6Address: '', LinkLocalIPv6PrefixLen: 0,
    Ports: portBindings(portsOf(rec), exposedOf(rec)),
    SandboxKey: running ? (rec.netns ?? '') : '',
    ...(cfg.mode === 'bridge' ? { Networks: networks } : {}),
  };
}

/** The networks a container is configured to join (ps's Networks), sorted. */
export function networkNames(rec: ContainerRecord): string[] {
  const cfg = netConfigOf(rec);
  return cfg.mode === 'bridge' ? Object.keys(cfg.networks ?? {}).filter(Boolean).sort() : [];
}

/** HostConfig fields owned by networking. */
export function hostConfigNetwork(rec: ContainerRecord): Record<string, unknown> {
  const cfg = netConfigOf(rec);
  const mode = cfg.mode === 'ns' ? `ns:${cfg.nsPath}` : cfg.mode === 'container' ? `container:${cfg.container}` : cfg.mode === 'private' ? 'bridge' : cfg.mode;
  return {
    NetworkMode: mode,
    PortBindings: portBindings(portsOf(rec), exposedOf(rec)),
    Dns: cfg.dns ?? [], DnsOptions: cfg.dnsOptions ?? [], DnsSearch: cfg.dnsSearch ?? [], ExtraHosts: cfg.addHosts ?? [],
  };
}
