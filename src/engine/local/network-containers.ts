// The container side of network verbs: which containers use a network, inspect's `containers`, rm -f, connect/disconnect/reload.
import type { LocalContext } from './context.ts';
import type { NetworkParts } from './network-setup.ts';
import type { NetworkConnectOptions, NetworkReport } from '../networks.ts';
import { lifecycleEnv } from './container-env.ts';
import { containerNetworkSeam, type ContainerNetworkSeam } from './container-net.ts';
import type { LifecycleEnv } from '../../container/env.ts';
import { netConfigOf, statusOf } from '../../container/network.ts';
import { getContainer, listContainers, lookupContainer } from '../../container/records.ts';
import * as lc from '../../container/lifecycle.ts';
import * as ops from './container-net-ops.ts';

export class NetworkContainers {
  private ctx: LocalContext;
  private parts: NetworkParts;
  private cached: { env: LifecycleEnv; seam: ContainerNetworkSeam } | undefined;

  constructor(ctx: LocalContext, parts: NetworkParts) {
    this.ctx = ctx;
    this.parts = parts;
  }

  private get lc(): { env: LifecycleEnv; seam: ContainerNetworkSeam } {
    if (!this.cached) {
      const seam = containerNetworkSeam(this.ctx, this.parts);
      // The engine options live in the context (root, runroot, runtime...): the lifecycle needs them for removal.
      this.cached = { env: lifecycleEnv(this.ctx, this.ctx.opts, seam), seam };
    }
    return this.cached;
  }

  /** Containers attached to the network now, or configured to join it at their next start. */
  users(network: string): string[] {
    const ids = new Set(this.parts.manager.users(network));
    for (const r of listContainers(this.ctx.state())) {
      const n = netConfigOf(r);
      if (n.mode === 'bridge' && n.networks && network in n.networks) ids.add(r.id);
    }
    return [...ids];
  }

  /** Podman 5's `containers` section of network inspect. */
  describe(net: NetworkReport): NetworkReport {
    const containers: NonNullable<NetworkReport['containers']> = {};
    for (const id of this.parts.manager.users(net.name)) {
      const r = getContainer(this.ctx.state(), id);
      if (!r) continue;
      containers[id] = { name: r.name, interfaces: statusOf(r)[net.name]?.interfaces ?? {} };
    }
    return { ...net, containers };
  }

  async removeAll(ids: string[], timeout?: number): Promise<void> {
    const { env } = this.lc;
    for (const id of ids) {
      if (getContainer(env.db, id)) await lc.remove(env, id, { force: true, volumes: false, ...(timeout === undefined ? {} : { timeout }) });
      else await this.parts.manager.detach(id); // an attachment left by a container that is gone
    }
  }

  async connect(network: string, container: string, o: NetworkConnectOptions): Promise<void> {
    const { env, seam } = this.lc;
    await ops.connect(env, seam, network, container, o);
  }

  async disconnect(network: string, container: string): Promise<void> {
    const { env, seam } = this.lc;
    await ops.disconnect(env, seam, network, container);
  }

  async reload(containers: string[], all: boolean): Promise<Array<{ Id: string; Err?: string }>> {
    const { env, seam } = this.lc;
    const recs = all ? listContainers(env.db) : containers.map((c) => lookupContainer(env.db, c));
    const out = await ops.reload(env, seam, recs);
    // podman: with --all, containers that are not running or not on a bridge network are skipped silently.
    return all ? out.filter((r) => !r.Err || !r.Err.endsWith('container state improper')) : out;
  }
}
