// The local NetworkEngine: network verbs over Berth's definitions, IPAM attachments and the chosen backend.
import { randomBytes } from '../../sys/random.ts';
import type { LocalContext } from './context.ts';
import type { NetworkEngine, NetworkCreateOptions, NetworkReport, NetworkRmReport, NetworkPruneReport, NetworkConnectOptions } from '../networks.ts';
import type { NetworkContainers } from './network-containers.ts';
import { openNetworkParts, type NetworkParts } from './network-setup.ts';
import { buildNetwork } from '../../network/config.ts';
import { foreignSubnets } from '../../network/store.ts';
import { hostRoutes, hostInterfaces } from '../../network/hostnet.ts';
import { parseCidr, type Cidr } from '../../network/ip.ts';
import { networkFilters } from '../../network/filters.ts';
import { conflistFor } from '../../network/cni-conf.ts';
import { BerthError, isBerthError } from '../../util/errors.ts';
import { run } from '../../sys/exec.ts';

const LS_FILTERS = ['name', 'id', 'driver', 'label', 'label!', 'dangling', 'until'];
const PRUNE_FILTERS = ['label', 'label!', 'until'];

export class LocalNetworkEngine implements NetworkEngine {
  private ctx: LocalContext;
  private parts: NetworkParts | undefined;

  constructor(ctx: LocalContext) {
    this.ctx = ctx;
  }

  /** The subsystem, opened on first use (container start/stop use the same manager). */
  net(): NetworkParts {
    this.parts ??= openNetworkParts(this.ctx);
    return this.parts;
  }

  private ctrs: NetworkContainers | undefined;

  /** The container side (loaded only by verbs that touch containers: `network ls` stays light). */
  private async containers(): Promise<NetworkContainers> {
    if (!this.ctrs) {
      const { NetworkContainers } = await import('./network-containers.ts');
      this.ctrs = new NetworkContainers(this.ctx, this.net());
    }
    return this.ctrs;
  }

  close(): void {
    this.parts?.close();
    this.parts = undefined;
  }

  async create(opts: NetworkCreateOptions): Promise<NetworkReport> {
    const { store, ipam, pools, foreignDirs, cni } = this.net();
    // netavark 1.4 (podman 4.3's) has no ipvlan driver: podman refuses it at create; the CNI backend has the plugin.
    if (!cni && opts.driver === 'ipvlan') throw new BerthError('invalid-argument', 'unsupported driver ipvlan: invalid argument');
    return ipam.locked(() => {
      const existing = store.list();
      if (opts.ignore && opts.name) {
        const have = existing.find((n) => n.name === opts.name);
        if (have) return have;
      }
      const used: Cidr[] = [...hostRoutes()];
      // Podman's default network has no file; its subnet counts as taken so the two engines never collide.
      for (const s of ['10.88.0.0/16', ...foreignDirs.flatMap(foreignSubnets)]) { const c = parseCidr(s); if (c) used.push(c); }
      const net = buildNetwork(opts, {
        existing, usedSubnets: used, usedInterfaces: hostInterfaces(), pools, prefix: store.defaults.name,
        randomId: () => randomBytes(32).toString('hex'), randomBytes: (n) => randomBytes(n), now: () => new Date(),
      });
      store.write(net);
      if (cni) cni.writeConflist(conflistFor(net, cni.ipamDataDir));
      return net;
    });
  }

  async list(opts: { filters?: string[] }): Promise<NetworkReport[]> {
    const { store, manager } = this.net();
    const pred = networkFilters(opts.filters ?? [], LS_FILTERS, (n) => manager.users(n.name).length > 0);
    return store.list().filter(pred);
  }

  async inspect(names: string[]): Promise<{ networks: NetworkReport[]; errors: string[] }> {
    const { store } = this.net();
    const all = store.list();
    const networks: NetworkReport[] = [];
    const errors: string[] = [];
    const ctrs = await this.containers();
    for (const n of names) {
      try {
        networks.push(ctrs.describe(store.lookup(n, all)));
      } catch (e) {
        if (!isBerthError(e)) throw e;
        errors.push(`network ${n}: ${e.message}`);
      }
    }
    return { networks, errors };
  }

  async remove(names: string[], opts: { force?: boolean; timeout?: number }): Promise<NetworkRmReport[]> {
    const { store, manager, ipam, cni } = this.net();
    const ctrs = await this.containers();
    const out: NetworkRmReport[] = [];
    for (const name of names) {
      try {
        const net = store.lookup(name);
        if (net.name === store.defaults.name) throw new BerthError('invalid-argument', `default network ${net.name} cannot be removed`);
        const users = ctrs.users(net.name);
        if (users.length && !opts.force) {
          throw new BerthError('conflict', `"${net.name}" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used`, { exitCode: 2 });
        }
        await ctrs.removeAll(users, opts.timeout);
        for (const id of manager.users(net.name)) await manager.detach(id);
        ipam.locked(() => {
          store.remove(net.name);
          ipam.dropNetwork(net.name);
        });
        cni?.removeConflist(net.name);
        // The CNI bridge plugin never deletes its bridge (netavark does on the last teardown): podman removes it here.
        if (cni && net.driver === 'bridge' && net.network_interface) {
          await run('ip', ['link', 'del', net.network_interface], { allowFailure: true, timeoutMs: 10_000 });
        }
        out.push({ Name: net.name });
      } catch (e) {
        if (!isBerthError(e)) throw e;
        out.push({ Name: name, Err: e.message, ExitCode: e.code === 'not-found' ? 1 : e.exitCode });
      }
    }
    return out;
  }

  async prune(opts: { filters?: string[] }): Promise<NetworkPruneReport[]> {
    const { store } = this.net();
    const ctrs = await this.containers();
    const pred = networkFilters(opts.filters ?? [], PRUNE_FILTERS, () => false);
    const victims = store.list().filter((n) => n.name !== store.defaults.name && pred(n) && ctrs.users(n.name).length === 0);
    const out: NetworkPruneReport[] = [];
    for (const r of await this.remove(victims.map((n) => n.name), {})) out.push(r.Err ? { Name: r.Name, Error: r.Err } : { Name: r.Name });
    return out;
  }

  async connect(network: string, container: string, opts: NetworkConnectOptions): Promise<void> {
    await (await this.containers()).connect(network, container, opts);
  }

  async disconnect(network: string, container: string, _opts: { force?: boolean }): Promise<void> {
    await (await this.containers()).disconnect(network, container);
  }

  async reload(containers: string[], opts: { all?: boolean }): Promise<Array<{ Id: string; Err?: string }>> {
    return (await this.containers()).reload(containers, opts.all ?? false);
  }

  async exists(name: string): Promise<boolean> {
    try {
      this.net().store.lookup(name);
      return true;
    } catch (e) {
      if (isBerthError(e) && e.code === 'not-found') return false;
      throw e;
    }
  }
}
