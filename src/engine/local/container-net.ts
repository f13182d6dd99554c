// The container network seam over the network subsystem: plan at create, netns + attach + port rules at init, teardown.
import path from 'node:path';
import type { LocalContext } from './context.ts';
import { openNetworkParts, type NetworkParts } from './network-setup.ts';
import type { NetworkSeam } from '../../container/env.ts';
import { netConfigOf, portsOf, statusOf, type NetConfig, type NetContainerConfig, type NetworkPlanner } from '../../container/network.ts';
import { findContainer, getContainer, type ContainerRecord } from '../../container/records.ts';
import { createNetns, netnsDir, newNetnsName, removeNetns } from '../../network/netns.ts';
import { resolveHostPorts } from '../../network/port-probe.ts';
import { checkDuplicates } from '../../network/ports.ts';
import { enableRouteLocalnet, setPortRules } from '../../network/hostports.ts';
import { contains, parseCidr, parseIP } from '../../network/ip.ts';
import type { PortMapping, StatusBlock } from '../../network/types.ts';
import { BerthError } from '../../util/errors.ts';
import { log } from '../../util/log.ts';

export type ContainerNetworkSeam = NetworkSeam & NetworkPlanner & {
  parts(): NetworkParts;
  applyPorts(rec: ContainerRecord, ports: readonly PortMapping[], status?: Record<string, StatusBlock>): void;
};

/** The first IPv4 address of the first network in a status (where published ports forward to). */
export function forwardTarget(status: Record<string, StatusBlock>): { ip: string; bridges: string[] } | undefined {
  for (const block of Object.values(status)) {
    for (const iface of Object.values(block.interfaces ?? {})) {
      for (const a of iface.subnets ?? []) if (!a.ipnet.includes(':')) return { ip: a.ipnet.split('/')[0]!, bridges: [] };
    }
  }
  return undefined;
}

export function containerNetworkSeam(ctx: LocalContext, shared?: NetworkParts): ContainerNetworkSeam {
  let parts: NetworkParts | undefined = shared;
  const net = () => (parts ??= openNetworkParts(ctx));
  const runRoot = ctx.settings.runRoot;

  /** Replaces the container's DNAT rules (none when ports is empty or the container has no IPv4 address). */
  function applyPorts(rec: ContainerRecord, ports: readonly PortMapping[], status = statusOf(rec)): void {
    const p = net();
    const t = forwardTarget(status);
    if (ports.length && t) {
      for (const name of Object.keys(status)) {
        const iface = p.store.list().find((n) => n.name === name)?.network_interface;
        if (iface) enableRouteLocalnet(iface);
      }
    }
    p.ipam.locked(() => setPortRules(rec.id, ports.length && t ? { ip: t.ip, maps: ports } : undefined));
  }

  async function teardown(rec: ContainerRecord): Promise<void> {
    const mode = netConfigOf(rec).mode;
    if (mode !== 'bridge' && !rec.netns) return;
    const p = net();
    const errors: string[] = [];
    // Rules can only exist if the container ever had published ports (create or update records that first).
    if (portsOf(rec).length || (rec.config as NetContainerConfig).hadPorts) {
      try {
        p.ipam.locked(() => setPortRules(rec.id, undefined));
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    try {
      await p.manager.detach(rec.id);
    } catch (e) {
      errors.push((e as Error).message);
    }
    if (rec.netns) removeNetns(rec.netns);
    if (errors.length) throw new BerthError('internal', errors.join('; '));
  }

  return {
    parts: net,
    applyPorts,

    async plan(n: NetConfig, ports: PortMapping[]) {
      if (n.mode === 'container') {
        const other = findContainer(ctx.state(), n.container!);
        if (!other) throw new BerthError('not-found', `${n.container}: no such container`);
        return { net: { ...n, container: other.id }, ports };
      }
      if (n.mode !== 'bridge') return { net: n, ports };
      const p = net();
      const all = p.store.list();
      const networks: NonNullable<NetConfig['networks']> = {};
      for (const [name, want] of Object.entries(n.networks ?? {})) {
        const def = p.store.lookup(name || p.store.defaults.name, all);
        for (const ip of want.ips ?? []) {
          const addr = parseIP(ip);
          if (!addr) throw new BerthError('invalid-argument', `invalid IP address: ${ip}`);
          if (!(def.subnets ?? []).some((s) => contains(parseCidr(s.subnet)!, addr))) {
            throw new BerthError('invalid-argument', `requested static ip ${ip} not in any subnet on network ${def.name}`);
          }
        }
        networks[def.name] = want;
      }
      checkDuplicates(ports);
      // Random host ports are chosen at create (as podman does), so `port` shows them and restarts keep them.
      const random = await resolveHostPorts(ports.filter((m) => m.host_port === 0));
      let i = 0;
      return { net: { ...n, networks }, ports: ports.map((m) => (m.host_port === 0 ? random[i++]! : m)) };
    },

    async setup(rec, record) {
      const n = netConfigOf(rec);
      if (n.mode === 'container') {
        const other = getContainer(ctx.state(), n.container!);
        if (!other || !(other.state === 'running' || other.state === 'paused' || other.state === 'initialized')) {
          throw new BerthError('conflict', `cannot join the network namespace of container ${n.container}: it is not running`);
        }
        record({ networkStatus: other.networkStatus ?? '' });
        return { netnsPath: other.netns ?? `/proc/${other.pid}/ns/net` };
      }
      if (n.mode !== 'bridge') return {};
      if (rec.netns) await teardown(rec).catch((e: Error) => log.debug(`stale network of ${rec.id}: ${e.message}`));
      const ports = portsOf(rec);
      // Fixed host ports must be free before anything is set up (the error names the port and its holder).
      await resolveHostPorts(ports);
      const name = newNetnsName();
      const file = path.join(netnsDir(runRoot), name);
      record({ netns: file }); // recorded before it exists: a crash from here on leaves a record cleanup can follow
      const done = { ...rec, netns: file };
      try {
        await createNetns(runRoot, name);
        const attach = () => net().manager.attach({ containerId: rec.id, containerName: rec.name, netnsPath: file, networks: n.networks ?? {} });
        let r: Awaited<ReturnType<typeof attach>>;
        try {
          r = await attach();
        } catch (e) {
          // Another engine's netavark (podman's locks its own config dir, not ours) may be rewriting the shared
          // iptables chains at this moment; undo the partial setup and try once more.
          log.debug(`network setup of ${rec.id} failed, retrying once: ${(e as Error).message}`);
          await net().manager.detach(rec.id).catch(() => undefined);
          await new Promise((res) => setTimeout(res, 250));
          r = await attach();
        }
        record({ networkStatus: JSON.stringify(r.status) });
        if (ports.length) applyPorts(done, ports, r.status);
        return { netnsPath: file, ...(forwardTarget(r.status) ? { containerIp: forwardTarget(r.status)!.ip } : {}) };
      } catch (e) {
        await teardown(done).catch((t: Error) => log.debug(`undo network setup: ${t.message}`));
        record({ netns: '', networkStatus: '' });
        throw e;
      }
    },

    teardown,
  };
}
