// CNI conflists from network definitions (pure): bridge/macvlan/ipvlan + host-local IPAM, portmap, firewall, tuning.
import { parseCidr } from './ip.ts';
import type { Network, PortMapping } from './types.ts';

export const CNI_VERSION = '1.0.0';

export interface PluginConf {
  type: string;
  [k: string]: unknown;
}

export interface Conflist {
  cniVersion: string;
  name: string;
  plugins: PluginConf[];
}

/** The conflist Berth writes for a network (cni backend); `ipamDataDir` keeps host-local's leases under Berth's run root. */
export function conflistFor(n: Network, ipamDataDir: string): Conflist {
  const ranges = (n.subnets ?? []).map((s) => {
    const r: Record<string, string> = { subnet: s.subnet };
    if (s.gateway) r['gateway'] = s.gateway;
    if (s.lease_range?.start_ip) r['rangeStart'] = s.lease_range.start_ip;
    if (s.lease_range?.end_ip) r['rangeEnd'] = s.lease_range.end_ip;
    return [r];
  });
  const routes = n.internal
    ? []
    : [...new Set((n.subnets ?? []).map((s) => (parseCidr(s.subnet)!.ip.family === 4 ? '0.0.0.0/0' : '::/0')))].map((dst) => ({ dst }));
  const ipam = { type: 'host-local', ranges, routes, dataDir: ipamDataDir };
  const mtu = n.options?.['mtu'] ? Number(n.options['mtu']) : undefined;
  const plugins: PluginConf[] = [];
  if (n.driver === 'bridge') {
    const bridge: PluginConf = {
      type: 'bridge',
      bridge: n.network_interface ?? '',
      isGateway: !n.internal,
      ipMasq: !n.internal,
      hairpinMode: true,
      ipam,
      capabilities: { ips: true },
    };
    if (mtu) bridge['mtu'] = mtu;
    if (n.options?.['vlan']) bridge['vlan'] = Number(n.options['vlan']);
    plugins.push(bridge);
  } else {
    const p: PluginConf = { type: n.driver, master: n.network_interface ?? '', ipam, capabilities: { ips: true } };
    if (n.options?.['mode']) p['mode'] = n.options['mode'];
    if (mtu) p['mtu'] = mtu;
    plugins.push(p);
  }
  if (!n.internal) plugins.push({ type: 'portmap', capabilities: { portMappings: true } });
  plugins.push({ type: 'firewall', backend: 'iptables' });
  plugins.push({ type: 'tuning', capabilities: { mac: true } });
  return { cniVersion: CNI_VERSION, name: n.name, plugins };
}

/** CNI's portMappings runtime config (one entry per port: CNI has no ranges). */
export function cniPortMappings(maps: readonly PortMapping[]): Array<{ hostPort: number; containerPort: number; protocol: string; hostIP?: string }> {
  const out: Array<{ hostPort: number; containerPort: number; protocol: string; hostIP?: string }> = [];
  for (const m of maps) {
    for (let i = 0; i < m.range; i++) {
      const e: { hostPort: number; containerPort: number; protocol: string; hostIP?: string } = {
        hostPort: m.host_port + i, containerPort: m.container_port + i, protocol: m.protocol,
      };
      if (m.host_ip) e.hostIP = m.host_ip;
      out.push(e);
    }
  }
  return out;
}

/** One plugin's stdin: its conf plus name, cniVersion, the runtimeConfig for the capabilities it declares, prevResult. */
export function pluginInput(
  list: Conflist,
  p: PluginConf,
  runtime: Record<string, unknown>,
  prevResult: unknown,
): Record<string, unknown> {
  const { capabilities, ...conf } = p as PluginConf & { capabilities?: Record<string, boolean> };
  const out: Record<string, unknown> = { ...conf, name: list.name, cniVersion: list.cniVersion };
  const rc: Record<string, unknown> = {};
  for (const [cap, on] of Object.entries(capabilities ?? {})) if (on && runtime[cap] !== undefined) rc[cap] = runtime[cap];
  if (Object.keys(rc).length) out['runtimeConfig'] = rc;
  if (prevResult !== undefined) out['prevResult'] = prevResult;
  return out;
}
