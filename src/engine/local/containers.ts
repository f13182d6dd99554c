// The local ContainerEngine: image resolution (pull policy), the create pipeline, lifecycle verbs, attach.
import path from 'node:path';
import type {
  AttachStreams, ContainerCreateOptions, ContainerCreateReport, ContainerEngine, ContainerSummary, RemoveOptions,
  StartOptions, StartReport, StopOptions, WaitOptions,
} from '../containers.ts';
import type { Writable } from 'node:stream';
import type {
  ContainerLogsOptions, ExecOptions, ExecReport, InspectContainerData, ListContainer, PortMappingReport, PruneReport, PsOptions, PortUpdateOptions,
} from '../containers.ts';
import type { EngineOptions } from '../types.ts';
import type { ImageEngine, PullEvent } from '../images.ts';
import type { LocalContext } from './context.ts';
import { lifecycleEnv } from './container-env.ts';
import { containerNetworkSeam, type ContainerNetworkSeam } from './container-net.ts';
import { loadRegistriesConf } from '../../config/registries-conf.ts';
import { findLocalImage, imageNotKnown } from '../../image/lookup.ts';
import { getImage, type ImageRecord } from '../../image/store.ts';
import { attach as attachSocket } from '../../runtime/attach.ts';
import { attachPaths } from '../../runtime/conmon-args.ts';
import { BerthError, isBerthError } from '../../util/errors.ts';
import { log } from '../../util/log.ts';
import type { LifecycleEnv } from '../../container/env.ts';
import { bundleDir } from '../../container/env.ts';
import { createContainer } from '../../container/create.ts';
import { cleanupLocked } from '../../container/cleanup.ts';
import { withContainerLock } from '../../container/lock.ts';
import * as lc from '../../container/lifecycle.ts';
import { getContainer, listContainers, lookupContainer, findContainer, type ContainerRecord } from '../../container/records.ts';
import { reconcile } from '../../container/reconcile.ts';

const PROXIED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

export class LocalContainerEngine implements ContainerEngine {
  private readonly ctx: LocalContext;
  private readonly opts: EngineOptions;
  private readonly images: ImageEngine;
  private envCache: LifecycleEnv | undefined;

  constructor(ctx: LocalContext, opts: EngineOptions, images: ImageEngine) {
    this.ctx = ctx;
    this.opts = opts;
    this.images = images;
  }

  private get env(): LifecycleEnv {
    // As root, containers get bridge networking (the seam); rootless keeps runc's private netns (loopback only).
    this.envCache ??= lifecycleEnv(this.ctx, this.opts, process.getuid?.() === 0 ? containerNetworkSeam(this.ctx) : undefined);
    return this.envCache;
  }

  /** The image per pull policy: missing (default) pulls only when absent, always/newer pull, never never does. */
  private async resolveImage(o: ContainerCreateOptions, onPull?: (e: PullEvent) => void): Promise<{ image: ImageRecord; name: string }> {
    const db = this.ctx.state();
    const regs = loadRegistriesConf(this.ctx.paths);
    const policy = o.pull ?? 'missing';
    const local = () => findLocalImage(db, regs, o.image);
    let img = policy === 'always' || policy === 'newer' ? undefined : local();
    if (!img && policy === 'never') throw imageNotKnown(o.image);
    if (!img) {
      try {
        const r = await this.images.pull(o.image, { ...o.pullOptions, policy, quiet: o.quiet ?? false }, onPull);
        img = r.images[0] ? getImage(db, r.images[0]) : undefined;
      } catch (e) {
        if (policy !== 'newer' || !local()) throw e;
        img = local();
      }
      if (!img) throw imageNotKnown(o.image);
    }
    const full = await import('../../image/reference.ts').then((m) => {
      try {
        const ref = m.parseReference(o.image);
        return img.names.find((n) => n.endsWith(`/${ref.path}:${ref.tag ?? 'latest'}`) || n === o.image);
      } catch {
        return undefined;
      }
    });
    return { image: img, name: full ?? img.names[0] ?? img.id };
  }

  async create(o: ContainerCreateOptions, onPull?: (e: PullEvent) => void): Promise<ContainerCreateReport> {
    const { image, name } = await this.resolveImage(o, onPull);
    const env = this.env;
    if (o.replace && o.name) {
      const old = findContainer(env.db, o.name);
      if (old && old.name === o.name) await lc.remove(env, old.id, { force: true, volumes: false, timeout: 0 });
    }
    try {
      const rec = await createContainer(env, { opts: o, image, imageName: name });
      return { Id: rec.id };
    } catch (e) {
      // Leave nothing half-made: whatever the record lists is removed (the name conflict made no record).
      const made = e instanceof BerthError && e.code === 'already-exists' ? undefined : this.findPartial();
      if (made) await lc.remove(env, made, { force: true, volumes: true }).catch((x: unknown) => log.debug(`undo create: ${(x as Error).message}`));
      throw e;
    }
  }

  /** The newest record still "configured" that this process inserted (create failed half-way). */
  private findPartial(): string | undefined {
    const row = this.env.db.prepare("SELECT id FROM containers WHERE state = 'configured' ORDER BY created DESC LIMIT 1").get() as { id: string } | undefined;
    return row?.id;
  }

  async init(nameOrId: string): Promise<string> {
    const rec = lookupContainer(this.env.db, nameOrId);
    await lc.init(this.env, rec.id);
    return rec.id;
  }

  async start(nameOrId: string, o: StartOptions = {}): Promise<StartReport> {
    const env = this.env;
    const rec = lc.current(env, nameOrId);
    if (!o.attach || rec.state === 'running') {
      if (o.attach) return this.attach(rec.id, o.attach);
      await lc.start(env, rec.id);
      return { Id: rec.id };
    }
    const inited = await lc.init(env, rec.id);
    return this.attachAndRun(inited, o.attach, true);
  }

  /** Connects to conmon's attach socket, optionally starts the container, then waits for exit or detach. */
  private async attachAndRun(rec: ContainerRecord, s: AttachStreams, startIt: boolean): Promise<StartReport> {
    const env = this.env;
    const paths = attachPaths(bundleDir(env, rec.id));
    const tty = rec.config.tty;
    const session = attachSocket({
      socketPath: paths.attach, ctlPath: paths.ctl, stdout: s.stdout, stderr: s.stderr, tty,
      ...(s.stdin && rec.config.stdin ? { stdin: s.stdin } : {}),
      ...(s.detachKeys !== undefined ? { detachKeys: s.detachKeys } : {}),
    });
    const proxies: Array<[NodeJS.Signals, () => void]> = [];
    if (s.sigProxy && !tty) {
      for (const sig of PROXIED) {
        const h = () => void env.runtime.kill(rec.id, sig.slice(3), false).catch(() => undefined);
        process.on(sig, h);
        proxies.push([sig, h]);
      }
    }
    try {
      if (startIt) await lc.startInitialized(env, rec.id);
      const how = await session;
      if (how === 'detached') return { Id: rec.id, Detached: true };
      const code = await lc.waitExit(env, getContainer(env.db, rec.id) ?? rec, 24 * 3600_000);
      await withContainerLock(env, rec.id, () => cleanupLocked(env, rec.id)).catch((e: unknown) => {
        if (!(isBerthError(e) && e.code === 'not-found')) throw e;
      });
      return { Id: rec.id, ExitCode: code ?? -1 };
    } finally {
      for (const [sig, h] of proxies) process.off(sig, h);
    }
  }

  async attach(nameOrId: string, s: AttachStreams): Promise<StartReport> {
    const rec = lc.current(this.env, nameOrId);
    if (rec.state !== 'running' && rec.state !== 'paused') {
      throw lc.improper(`you can only attach to running containers`);
    }
    return this.attachAndRun(rec, s, false);
  }

  async stop(nameOrId: string, o: StopOptions = {}): Promise<string> {
    const rec = await lc.stop(this.env, nameOrId, o.timeout);
    return rec?.id ?? nameOrId;
  }

  async kill(nameOrId: string, signal: string): Promise<string> {
    return (await lc.kill(this.env, nameOrId, signal)).id;
  }

  async restart(nameOrId: string, o: StopOptions = {}): Promise<string> {
    const rec = lc.current(this.env, nameOrId);
    await lc.stop(this.env, rec.id, o.timeout);
    await lc.start(this.env, rec.id);
    return rec.id;
  }

  async pause(nameOrId: string): Promise<string> {
    return (await lc.pause(this.env, nameOrId)).id;
  }

  async unpause(nameOrId: string): Promise<string> {
    return (await lc.unpause(this.env, nameOrId)).id;
  }

  async remove(nameOrId: string, o: RemoveOptions = {}): Promise<string[]> {
    const id = await lc.remove(this.env, nameOrId, { force: o.force ?? false, volumes: o.volumes ?? false, ...(o.timeout !== undefined ? { timeout: o.timeout } : {}) });
    return [id];
  }

  async wait(nameOrId: string, o: WaitOptions = {}): Promise<number> {
    return lc.wait(this.env, nameOrId, o.conditions ?? [], o.intervalMs ?? 250);
  }

  async rename(nameOrId: string, newName: string): Promise<void> {
    lc.rename(this.env, nameOrId, newName);
  }

  async cleanup(nameOrId: string, o: { rm?: boolean } = {}): Promise<string> {
    const env = this.env;
    const rec = findContainer(env.db, nameOrId);
    if (!rec) return nameOrId; // removed already (run --rm raced us): nothing to do
    await withContainerLock(env, rec.id, () => cleanupLocked(env, rec.id, { restart: true, rm: o.rm ?? false }));
    return rec.id;
  }

  async list(o: { all?: boolean } = {}): Promise<ContainerSummary[]> {
    const env = this.env;
    return listContainers(env.db)
      .map((r) => reconcile(env, r))
      .filter((r) => o.all || r.state === 'running' || r.state === 'paused')
      .map((r) => ({
        Id: r.id, Name: r.name, Image: r.imageName, ImageID: r.imageId ?? '', State: r.state, ExitCode: r.exitCode,
        Pid: r.pid, Created: r.created, StartedAt: r.started, FinishedAt: r.finished, Labels: r.labels,
      }));
  }

  async lookup(nameOrId: string): Promise<string> {
    return lookupContainer(this.env.db, nameOrId).id;
  }

  // Read side and exec: delegated to container-read.ts / container-exec.ts.
  async ps(o?: PsOptions): Promise<ListContainer[]> {
    return (await import('./container-read.ts')).ps(this.env, o);
  }

  async inspect(names: string[], o: { size?: boolean } = {}): Promise<{ containers: InspectContainerData[]; errors: string[] }> {
    const s = this.ctx.settings;
    return (await import('./container-read.ts')).inspect(this.env, names, { ...o, runtimeName: s.runtimeName, cgroupManager: s.cgroupManager });
  }

  async logs(names: string[], o: ContainerLogsOptions, out: { stdout: Writable; stderr: Writable }): Promise<void> {
    return (await import('./container-read.ts')).logs(this.env, names, o, out);
  }

  async top(nameOrId: string, descriptors: string[]): Promise<string[][]> {
    return (await import('./container-read.ts')).top(this.env, nameOrId, descriptors);
  }

  async port(nameOrId: string | undefined): Promise<Array<{ Id: string; Name: string; Ports: PortMappingReport[] }>> {
    return (await import('./container-read.ts')).port(this.env, nameOrId);
  }

  async exists(nameOrId: string): Promise<boolean> {
    return (await import('./container-read.ts')).exists(this.env, nameOrId);
  }

  async prune(filters: string[]): Promise<PruneReport[]> {
    return (await import('./container-read.ts')).prune(this.env, filters);
  }

  async exec(nameOrId: string, o: ExecOptions, streams?: AttachStreams): Promise<ExecReport> {
    return (await import('./container-exec.ts')).execInContainer(this.env, nameOrId, o, streams);
  }

  /** Live port changes: delegated to the network side (container-net-ops.ts). */
  async updatePorts(nameOrId: string, o: PortUpdateOptions): Promise<PortMappingReport[]> {
    const env = this.env;
    if (!('applyPorts' in env.network)) throw new BerthError('unavailable', 'published ports need bridge networking (root)');
    return (await import('./container-net-ops.ts')).updatePorts(env, env.network as ContainerNetworkSeam, nameOrId, o);
  }
}

export const containerBundle = (env: LifecycleEnv, id: string) => path.join(bundleDir(env, id));
