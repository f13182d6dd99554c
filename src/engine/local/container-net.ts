// The container network seam over the network subsystem: plan at create, netns + attach + port rules at init, teardown.
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { LocalContext } from './context.ts';
import { openNetworkParts, type NetworkParts } from './network-setup.ts';
import type { NetworkSeam } from '../../container/env.ts';
import { netConfigOf, portsOf, statusOf, type NetConfig, type NetContainerConfig, type NetworkPlanner } from '../../container/network.ts';
import { findContainer, getContainer, type ContainerRecord } from '../../container/records.ts';
import { createNetns, netnsDir, newNetnsName, removeNetns } from '../../network/netns.ts';
import { resolveHostPorts } from '../../network/port-probe.ts';
import { checkDuplicates } from '../../network/ports.ts';
import { enableRouteLocalnet, setPortRules } from '../../network/hostports.ts';
import { formatSpec, proxySpecs, runningProxySpecs, startProxy, stopProxy, unproxied } from '../../network/port-proxy.ts';
import { parseIP } from '../../network/ip.ts';
import { readArp, staleNeighbours } from '../../network/hostnet.ts';
import { run } from '../../sys/exec.ts';
import type { PortMapping, StatusBlock } from '../../network/types.ts';
import { BerthError } from '../../util/errors.ts';
import { log } from '../../util/log.ts';

export type ContainerNetworkSeam = NetworkSeam & NetworkPlanner & {
  parts(): NetworkParts;
  applyPorts(rec: ContainerRecord, ports: readonly PortMapping[], status?: Record<string, StatusBlock>): Promise<void>;
  forgetStaleNeighbours(status: Record<string, StatusBlock>): Promise<void>;
};

/** The container's first IPv4 and first global IPv6 address in a status (IPv6 host ports forward to the latter). */
export function containerAddresses(status: Record<string, StatusBlock>): { v4?: string; v6?: string } {
  const out: { v4?: string; v6?: string } = {};
  for (const block of Object.values(status)) {
    for (const iface of Object.values(block.interfaces ?? {})) {
      for (const a of iface.subnets ?? []) {
        const ip = a.ipnet.split('/')[0]!;
        if (!ip.includes(':')) out.v4 ??= ip;
        else if (!/^fe80:/i.test(ip)) out.v6 ??= ip;
      }
    }
  }
  return out;
}

/** This very Node and bundle (as conmon's exit command), to start the port proxy helper. */
function berthCommand(): string[] {
  const script = process.argv[1] ?? '';
  return path.isAbsolute(script) && existsSync(script) ? [process.execPath, script] : ['berth'];
}

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

  /** Drops the host's neighbour entries that still give a container's (reused) addresses an old MAC. */
  async function forgetStaleNeighbours(status: Record<string, StatusBlock>): Promise<void> {
    const all = net().store.list();
    const now = Object.entries(status).flatMap(([name, block]) => {
      const dev = all.find((n) => n.name === name)?.network_interface;
      return dev ? Object.values(block.interfaces ?? {}).flatMap((i) => (i.subnets ?? []).map((a) => ({ ip: a.ipnet.split('/')[0]!, mac: i.mac_address, dev }))) : [];
    });
    for (const n of staleNeighbours(readArp(), now)) await run('ip', ['neigh', 'del', n.ip, 'dev', n.dev], { allowFailure: true, timeoutMs: 10_000 });
  }

  const proxyPidFile = (id: string) => path.join(runRoot, 'network', `proxy-${id}.pid`);

  /**
   * Replaces the container's DNAT rules (none when ports is empty or the container has no IPv4 address) and its
   * port proxy (TCP ports on IPv6 host addresses; restarted only when that set changes).
   */
  async function applyPorts(rec: ContainerRecord, ports: readonly PortMapping[], status = statusOf(rec)): Promise<void> {
    const p = net();
    const t = forwardTarget(status);
    if (ports.length && t) {
      for (const name of Object.keys(status)) {
        const iface = p.store.list().find((n) => n.name === name)?.network_interface;
        if (iface) enableRouteLocalnet(iface);
      }
    }
    p.ipam.locked(() => setPortRules(rec.id, ports.length && t ? { ip: t.ip, maps: ports } : undefined));
    const specs = proxySpecs(ports, containerAddresses(status));
    for (const m of unproxied(ports)) log.warn(`port ${m.host_port}/${m.protocol} on ${m.host_ip}: only TCP is forwarded from IPv6 host addresses`);
    const file = proxyPidFile(rec.id);
    const want = specs.map(formatSpec).join(' ');
    if (existsSync(file) && runningProxySpecs(file, rec.id) === want) return;
    await stopProxy(file, rec.id);
    // The store's globals only name it on the command line (leak checks find the helper by its run root).
    if (specs.length) await startProxy([...berthCommand(), '--root', ctx.settings.graphRoot, '--runroot', runRoot], file, rec.id, specs);
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
    await stopProxy(proxyPidFile(rec.id), rec.id);
    if (rec.netns) removeNetns(rec.netns);
    if (errors.length) throw new BerthError('internal', errors.join('; '));
  }

  return {
    parts: net,
    applyPorts,
    forgetStaleNeighbours,

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
        // An address outside the network's subnets is only refused when the container starts (IPAM), as podman does:
        // `create` succeeds, `run` exits 126.
        for (const ip of want.ips ?? []) {
          if (!parseIP(ip)) throw new BerthError('invalid-argument', `invalid IP address: ${ip}`);
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
      const undo = async (e: unknown): Promise<never> => {
        await teardown(done).catch((t: Error) => log.debug(`undo network setup: ${t.message}`));
        record({ netns: '', networkStatus: '' });
        throw e;
      };
      try {
        await createNetns(runRoot, name);
      } catch (e) {
        return undo(e);
      }
      const attachAll = async (): Promise<{ containerIp?: string }> => {
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
        await forgetStaleNeighbours(r.status);
        if (ports.length) await applyPorts(done, ports, r.status);
        return forwardTarget(r.status) ? { containerIp: forwardTarget(r.status)!.ip } : {};
      };
      // The namespace exists and is recorded: the runtime can be handed its path while the backend fills it.
      return { netnsPath: file, attached: attachAll().catch(undo) };
    },

    teardown,

    whileWaiting() {
      net().ipam.truncateWal();
    },
  };
}
