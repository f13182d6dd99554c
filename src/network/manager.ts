// What container start/stop call: attach a netns to networks (IPAM, ports, backend setup) and detach it again.
import { BerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import type { Ipam } from './ipam.ts';
import type { NetworkStore } from './store.ts';
import { checkDuplicates } from './ports.ts';
import { resolveHostPorts } from './port-probe.ts';
import type { NetworkBackend, PerNetworkOptions, PortMapping, SetupRequest, StatusBlock } from './types.ts';

/** Per-network wishes from `--network name:ip=…,mac=…,alias=…,interface_name=…`. */
export interface AttachNetwork {
  ips?: string[];
  mac?: string;
  aliases?: string[];
  interfaceName?: string;
}

export interface AttachRequest {
  containerId: string;
  containerName: string;
  netnsPath: string;
  networks: Record<string, AttachNetwork>;
  portMappings?: PortMapping[];
}

export interface AttachResult {
  status: Record<string, StatusBlock>;
  /** The port mappings with random host ports filled in. */
  portMappings: PortMapping[];
}

/**
 * A recorded request narrowed to `keep` with each network's addresses and MAC pinned to what `status` shows for its
 * interface (pure): setting it up again gives the container the same IPs and MACs.
 */
export function pinnedRequest(req: SetupRequest, keep: readonly string[], status: Record<string, StatusBlock>): SetupRequest {
  const networks: SetupRequest['networks'] = {};
  for (const [name, opts] of Object.entries(req.networks)) {
    if (!keep.includes(name)) continue;
    const iface = status[name]?.interfaces?.[opts.interface_name];
    const next = { ...opts };
    const ips = (iface?.subnets ?? []).map((a) => a.ipnet.split('/')[0]!);
    if (ips.length) next.static_ips = ips;
    if (iface?.mac_address) next.static_mac = iface.mac_address;
    networks[name] = next;
  }
  return { ...req, networks };
}

export class NetworkManager {
  readonly store: NetworkStore;
  readonly ipam: Ipam;
  readonly backend: NetworkBackend;
  /** Host-wide lock held around every backend call (see hostNetworkLockFile); none in unit tests. */
  private readonly hostLock?: () => Promise<() => void>;

  constructor(store: NetworkStore, ipam: Ipam, backend: NetworkBackend, hostLock?: () => Promise<() => void>) {
    this.store = store;
    this.ipam = ipam;
    this.backend = backend;
    this.hostLock = hostLock;
  }

  /** Runs a backend call under the host lock: concurrent setups would duplicate shared rules, and a teardown would then remove one copy. */
  async withHostLock<T>(fn: () => Promise<T>): Promise<T> {
    const release = this.hostLock ? await this.hostLock() : undefined;
    try {
      return await fn();
    } finally {
      release?.();
    }
  }

  async attach(req: AttachRequest): Promise<AttachResult> {
    const ports = req.portMappings ?? [];
    checkDuplicates(ports);
    const portMappings = await resolveHostPorts(ports);
    const all = this.store.list();
    const setup: SetupRequest = {
      containerId: req.containerId, containerName: req.containerName, netnsPath: req.netnsPath,
      networks: {}, networkInfo: {}, portMappings,
    };
    const names = Object.keys(req.networks);
    this.ipam.locked(() => {
      names.forEach((nameOrId, i) => {
        const net = this.store.lookup(nameOrId, all);
        const want = req.networks[nameOrId]!;
        const opts: PerNetworkOptions = { interface_name: want.interfaceName || `eth${i}` };
        if (this.backend.name === 'netavark') opts.static_ips = this.ipam.allocate(net, req.containerId, want.ips ?? []).map((a) => a.split('/')[0]!);
        else if (want.ips?.length) opts.static_ips = want.ips;
        if (want.aliases?.length) opts.aliases = want.aliases;
        if (want.mac) opts.static_mac = want.mac;
        setup.networks[net.name] = opts;
        setup.networkInfo[net.name] = net;
      });
      for (const name of Object.keys(setup.networks)) this.ipam.attach(req.containerId, name, this.backend.name, setup);
    });
    try {
      const status = await this.withHostLock(() => this.backend.setup(setup));
      return { status, portMappings };
    } catch (e) {
      this.forget(req.containerId, Object.keys(setup.networks));
      throw e;
    }
  }

  private forget(containerId: string, networks: string[]): void {
    this.ipam.locked(() => {
      for (const n of networks) {
        this.ipam.release(n, containerId);
        this.ipam.detach(containerId, n);
      }
    });
  }

  /**
   * Tears down everything recorded for the container (all its networks; each attach request replayed for the networks
   * still recorded from it, so `network connect` attachments are included); safe to call twice or after a crash.
   */
  async detach(containerId: string, only?: string): Promise<void> {
    const rows = this.ipam.attachments({ containerId }).filter((r) => !only || r.network === only);
    const byRequest = new Map<string, string[]>();
    for (const r of rows) byRequest.set(r.request, [...(byRequest.get(r.request) ?? []), r.network]);
    const errors: string[] = [];
    for (const [text, keep] of byRequest) {
      const req = JSON.parse(text) as SetupRequest;
      for (const n of Object.keys(req.networks)) if (!keep.includes(n)) delete req.networks[n];
      try {
        await this.withHostLock(() => this.backend.teardown(req));
      } catch (e) {
        log.warn(`tearing down network for container ${containerId}: ${(e as Error).message}`);
        errors.push((e as Error).message);
      }
      this.forget(containerId, keep);
    }
    if (errors.length) throw new BerthError('internal', `tearing down network for container ${containerId}: ${errors.join('; ')}`);
  }

  /**
   * `network reload`: redoes the backend's work for every recorded attach request of the container (its firewall rules
   * may have been flushed) - teardown, whose errors are expected when rules are gone, then setup, both under one hold
   * of the host lock. Addresses and MACs are pinned to those in `current` (the container's recorded status), so the
   * container keeps them; the pinned request is recorded for later teardowns. Returns the status per network.
   */
  async reattach(containerId: string, current: Record<string, StatusBlock>): Promise<Record<string, StatusBlock>> {
    const rows = this.ipam.attachments({ containerId });
    const byRequest = new Map<string, string[]>();
    for (const r of rows) byRequest.set(r.request, [...(byRequest.get(r.request) ?? []), r.network]);
    const out: Record<string, StatusBlock> = {};
    for (const [text, keep] of byRequest) {
      const req = pinnedRequest(JSON.parse(text) as SetupRequest, keep, current);
      const status = await this.withHostLock(async () => {
        await this.backend.teardown(req).catch((e: Error) => log.debug(`reload: teardown of ${containerId}: ${e.message}`));
        return this.backend.setup(req);
      });
      this.ipam.locked(() => {
        for (const n of Object.keys(req.networks)) this.ipam.attach(containerId, n, this.backend.name, req);
      });
      Object.assign(out, status);
    }
    return out;
  }

  /** Networks the container is attached to (recorded attachments). */
  networksOf(containerId: string): string[] {
    return this.ipam.attachments({ containerId }).map((r) => r.network);
  }

  /** Container IDs attached to a network (for `network rm` without -f). */
  users(network: string): string[] {
    return [...new Set(this.ipam.attachments({ network }).map((r) => r.container_id))];
  }
}
