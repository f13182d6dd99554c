// Network changes on existing containers: live port updates, network connect/disconnect, reload of forwarding rules.
import type { LifecycleEnv } from '../../container/env.ts';
import { withContainerLock } from '../../container/lock.ts';
import { getContainer, lookupContainer, updateContainer, type ContainerRecord } from '../../container/records.ts';
import { reconcile } from '../../container/reconcile.ts';
import { bundleDir } from '../../container/env.ts';
import { networkFacts, updateNetworkFiles } from '../../container/network-files.ts';
import { netConfigOf, portsOf, statusOf, type NetContainerConfig } from '../../container/network.ts';
import type { AttachNetwork } from '../../network/manager.ts';
import { installedRules } from '../../network/hostports.ts';
import { resolveHostPorts } from '../../network/port-probe.ts';
import { checkDuplicates, parsePublish } from '../../network/ports.ts';
import type { PortMapping } from '../../network/types.ts';
import { BerthError, invalidArgument } from '../../util/errors.ts';
import type { ContainerNetworkSeam } from './container-net.ts';

const live = (r: ContainerRecord) => (r.state === 'running' || r.state === 'paused' || r.state === 'initialized') && !!r.netns;

function bridgeOnly(r: ContainerRecord, what: string): void {
  if (netConfigOf(r).mode !== 'bridge') throw invalidArgument(`${what} requires a container on a bridge network (container ${r.name} uses network mode ${netConfigOf(r).mode})`);
}

/** `--publish-rm` spec: HOSTPORT[/proto] or HOSTIP:HOSTPORT[/proto]; matches the mapping holding that host port. */
export function removePorts(ports: readonly PortMapping[], specs: readonly string[]): PortMapping[] {
  let out = [...ports];
  for (const spec of specs) {
    const [addr, proto] = spec.split('/');
    const colon = addr!.lastIndexOf(':');
    const ip = colon < 0 ? undefined : addr!.slice(0, colon).replace(/^\[|\]$/g, '');
    const port = Number(colon < 0 ? addr : addr!.slice(colon + 1));
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalidArgument(`invalid --publish-rm value "${spec}": want [hostIP:]hostPort[/protocol]`);
    const hit = (m: PortMapping) => port >= m.host_port && port < m.host_port + Math.max(1, m.range) &&
      (!proto || m.protocol === proto) && (ip === undefined || (m.host_ip || '0.0.0.0') === ip);
    if (!out.some(hit)) throw new BerthError('not-found', `no published port matches "${spec}"`);
    out = out.filter((m) => !hit(m));
  }
  return out;
}

export async function updatePorts(env: LifecycleEnv, seam: ContainerNetworkSeam, nameOrId: string, o: { add?: string[]; rm?: string[] }): Promise<PortMapping[]> {
  const id = lookupContainer(env.db, nameOrId).id;
  return withContainerLock(env, id, async () => {
    const rec = reconcile(env, getContainer(env.db, id)!);
    bridgeOnly(rec, 'changing published ports');
    const kept = removePorts(portsOf(rec), o.rm ?? []);
    const added = (o.add ?? []).flatMap(parsePublish);
    checkDuplicates([...kept, ...added]);
    const next = [...kept, ...(await resolveHostPorts(added))];
    // Recorded before the rules change: a crash in between leaves rules that teardown still knows to look for.
    updateContainer(env.db, id, { config: { ...rec.config, ports: next, hadPorts: true } as NetContainerConfig });
    if (live(rec)) await seam.applyPorts(rec, next);
    return next;
  });
}

/** What limits the run files' update: `--no-hosts` (no hosts file) and `--dns` (resolv.conf is the user's). */
const fileOpts = (rec: ContainerRecord) => ({ noHosts: !!netConfigOf(rec).noHosts, userDns: !!netConfigOf(rec).dns?.length });

export async function connect(env: LifecycleEnv, seam: ContainerNetworkSeam, network: string, nameOrId: string, want: AttachNetwork): Promise<void> {
  const id = lookupContainer(env.db, nameOrId).id;
  await withContainerLock(env, id, async () => {
    const rec = reconcile(env, getContainer(env.db, id)!);
    bridgeOnly(rec, 'network connect');
    const p = seam.parts();
    const name = p.store.lookup(network).name;
    const cfg = netConfigOf(rec);
    if (name in (cfg.networks ?? {})) throw new BerthError('conflict', `container ${rec.id} is already connected to network "${name}": network is already connected`);
    if (live(rec)) {
      const status = statusOf(rec);
      const used = new Set(Object.values(status).flatMap((b) => Object.keys(b.interfaces ?? {})));
      let n = 0;
      while (used.has(`eth${n}`)) n++;
      const r = await p.manager.attach({
        containerId: rec.id, containerName: rec.name, netnsPath: rec.netns!,
        networks: { [name]: { ...want, interfaceName: want.interfaceName || `eth${n}` } },
      });
      updateContainer(env.db, id, { networkStatus: JSON.stringify({ ...status, ...r.status }) });
      await seam.forgetStaleNeighbours(r.status);
      updateNetworkFiles(bundleDir(env, id), { name: rec.name, facts: networkFacts(r.status[name]), ...fileOpts(rec) });
    }
    const net = { ...cfg, networks: { ...cfg.networks, [name]: want } };
    updateContainer(env.db, id, { config: { ...rec.config, net } as NetContainerConfig });
  });
}

export async function disconnect(env: LifecycleEnv, seam: ContainerNetworkSeam, network: string, nameOrId: string): Promise<void> {
  const id = lookupContainer(env.db, nameOrId).id;
  await withContainerLock(env, id, async () => {
    const rec = reconcile(env, getContainer(env.db, id)!);
    bridgeOnly(rec, 'network disconnect');
    const p = seam.parts();
    const name = p.store.lookup(network).name;
    const cfg = netConfigOf(rec);
    if (!(name in (cfg.networks ?? {}))) throw new BerthError('invalid-argument', `container ${rec.id} is not connected to network ${name}`);
    if (live(rec)) {
      await p.manager.detach(rec.id, name);
      const status = statusOf(rec);
      const gone = networkFacts(status[name]);
      delete status[name];
      updateContainer(env.db, id, { networkStatus: JSON.stringify(status) });
      // A server another network still provides stays.
      const kept = new Set(Object.values(status).flatMap((b) => networkFacts(b).dns));
      const facts = { ips: gone.ips, dns: gone.dns.filter((d) => !kept.has(d)) };
      updateNetworkFiles(bundleDir(env, id), { name: rec.name, facts, remove: true, ...fileOpts(rec) });
      await seam.applyPorts(rec, portsOf(rec), status);
    }
    const networks = { ...cfg.networks };
    delete networks[name];
    updateContainer(env.db, id, { config: { ...rec.config, net: { ...cfg, networks } } as NetContainerConfig });
  });
}

/** podman's reasons a container's network cannot be reloaded (`--all` skips containers failing with them). */
export const RELOAD_NOT_RUNNING = 'cannot reload network unless container network has been configured: container state improper';
export const reloadNotConfigured = (id: string) => `container ${id} network is not configured, refusing to reload: container state improper`;

/**
 * `network reload`: for each running bridge container, the backend's setup is redone (teardown + setup with the same
 * addresses and MACs, under the host network lock), then Berth's port rules are re-installed; returns the ids.
 */
export async function reload(env: LifecycleEnv, seam: ContainerNetworkSeam, recs: ContainerRecord[]): Promise<Array<{ Id: string; Err?: string }>> {
  const out: Array<{ Id: string; Err?: string }> = [];
  for (const r of recs) {
    try {
      await withContainerLock(env, r.id, async () => {
        const rec = reconcile(env, getContainer(env.db, r.id)!);
        if (!(rec.state === 'running' || rec.state === 'initialized')) throw new BerthError('conflict', RELOAD_NOT_RUNNING); // podman refuses paused ones too
        if (netConfigOf(rec).mode !== 'bridge' || !rec.netns) throw new BerthError('conflict', reloadNotConfigured(rec.id));
        const status = await seam.parts().manager.reattach(rec.id, statusOf(rec));
        updateContainer(env.db, rec.id, { networkStatus: JSON.stringify(status) });
        await seam.applyPorts(rec, portsOf(rec), status);
        if (portsOf(rec).length && !installedRules(rec.id).length) throw new BerthError('internal', 'port forwarding rules missing after reload');
      });
      out.push({ Id: r.id });
    } catch (e) {
      out.push({ Id: r.id, Err: (e as Error).message });
    }
  }
  return out;
}
