// The local ContainerEngine: image resolution (pull policy), the create pipeline, lifecycle verbs, attach.
import path from 'node:path';
import { existsSync, rmSync } from 'node:fs';
import type {
  AttachStreams, ContainerCreateOptions, ContainerCreateReport, ContainerEngine, ContainerResult, ContainerSummary, RemoveOptions,
  StartOptions, StartReport, StopOptions, WaitOptions,
} from '../containers.ts';
import type { Writable } from 'node:stream';
import type {
  ContainerChange, ContainerLogsOptions, ExecOptions, ExecReport, InspectContainerData, ListContainer, PortMappingReport, PruneReport, PsOptions, PortUpdateOptions, ContainerResourceUpdate, CopyArg, CopyOptions, CopyStreams, MountedContainer,
} from '../containers.ts';
import type { EngineOptions } from '../types.ts';
import type { ImageEngine, PullEvent, ShortNameChooser } from '../images.ts';
import type { LocalContext } from './context.ts';
import type { ContainerNetworkSeam } from './container-net.ts';
import type { ReadEnv } from './container-read.ts';
import type { StatsSample } from '../../container/stats.ts';
import type { ImageRecord } from '../../image/store.ts';
import type { LayerStore } from '../../storage/layers.ts';
import { BerthError, isBerthError } from '../../util/errors.ts';
import { log } from '../../util/log.ts';
import type { LifecycleEnv } from '../../container/env.ts';
import { bundleDir, exitLockFile } from '../../container/env.ts';
import { lockExclusive } from '../../sys/flock.ts';
import { findContainer, listContainers, lookupContainer } from '../../container/records.ts';
import type { ContainerRecord } from '../../container/records.ts';
import { reconcile } from '../../container/reconcile.ts';
import { noLogsError } from '../../container/log-driver.ts';

// Every verb is its own process, so module loading is part of each verb's latency: the read side (ps, inspect, logs,
// exists, port) loads only records and reconcile; everything mutating (create pipeline, runtime, spec, network, attach)
// comes from container-env.ts in one dynamic import.
const ops = () => import('./container-env.ts');
const readMod = () => import('./container-read.ts');

const PROXIED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

export class LocalContainerEngine implements ContainerEngine {
  private readonly ctx: LocalContext;
  private readonly opts: EngineOptions;
  private readonly images: ImageEngine;
  private envCache: Promise<LifecycleEnv> | undefined;
  private layerStore: LayerStore | undefined;

  constructor(ctx: LocalContext, opts: EngineOptions, images: ImageEngine) {
    this.ctx = ctx;
    this.opts = opts;
    this.images = images;
  }

  /** The full lifecycle environment (runtime, layers, spec config, network seam), built on first use. */
  private env(): Promise<LifecycleEnv> {
    this.envCache ??= (async () => {
      const { lifecycleEnv, containerNetworkSeam } = await ops();
      // As root, containers get bridge networking (the seam); rootless keeps runc's private netns (loopback only).
      return lifecycleEnv(this.ctx, this.opts, process.getuid?.() === 0 ? containerNetworkSeam(this.ctx) : undefined);
    })();
    return this.envCache;
  }

  /**
   * What the read side needs: the DB and store paths, plus the layer store when `withLayers` (inspect, ps --size).
   * No runtime, spec or network code is loaded for it.
   */
  private async readEnv(withLayers: boolean): Promise<ReadEnv> {
    // A malformed containers.conf still fails every verb (as in podman); registries.conf is left to image verbs.
    void this.ctx.containersConf;
    const { graphRoot, runRoot } = this.ctx.roots;
    const open = withLayers && !this.layerStore ? (await import('../../storage/layers.ts')).openLayerStore : undefined;
    const layers = (): LayerStore => {
      if (this.layerStore) return this.layerStore;
      if (!open) throw new BerthError('internal', 'layer store not loaded for this read');
      return (this.layerStore = open(graphRoot, this.ctx.settings.storageDriver === 'vfs' ? 'vfs' : 'auto'));
    };
    return { db: this.ctx.state(), graphRoot, runRoot, layers };
  }

  /** The image per pull policy: missing (default) pulls only when absent, always/newer pull, never never does. */
  private async resolveImage(o: ContainerCreateOptions, onPull?: (e: PullEvent) => void, choose?: ShortNameChooser): Promise<{ image: ImageRecord; name: string }> {
    const { findLocalImage, imageNotKnown, getImage, parseReference } = await ops();
    const db = this.ctx.state();
    const regs = this.ctx.registriesConf;
    const policy = o.pull ?? 'missing';
    const local = () => findLocalImage(db, regs, o.image);
    let img = policy === 'always' || policy === 'newer' ? undefined : local();
    if (!img && policy === 'never') throw imageNotKnown(o.image);
    if (!img) {
      try {
        const r = await this.images.pull(o.image, { ...o.pullOptions, policy, quiet: o.quiet ?? false }, onPull, choose);
        img = r.images[0] ? getImage(db, r.images[0]) : undefined;
      } catch (e) {
        if (policy !== 'newer' || !local()) throw e;
        img = local();
      }
      if (!img) throw imageNotKnown(o.image);
    }
    let full: string | undefined;
    try {
      const ref = parseReference(o.image);
      full = img.names.find((n) => n.endsWith(`/${ref.path}:${ref.tag ?? 'latest'}`) || n === o.image);
    } catch {
      full = undefined;
    }
    return { image: img, name: full ?? img.names[0] ?? img.id };
  }

  async create(o: ContainerCreateOptions, onPull?: (e: PullEvent) => void, choose?: ShortNameChooser): Promise<ContainerCreateReport> {
    // Modules load while the image resolves; the environment is built after (a missing runtime fails after the pull, as before).
    const { image, name } = await this.resolveImage(o, onPull, choose);
    const env = await this.env();
    const { lc, createContainer } = await ops();
    if (o.replace && o.name) {
      const old = findContainer(env.db, o.name);
      if (old && old.name === o.name) await lc.remove(env, old.id, { force: true, volumes: false, timeout: 0 });
    }
    try {
      const warnings: string[] = [];
      const rec = await createContainer(env, { opts: o, image, imageName: name, warn: (w) => warnings.push(w) });
      return { Id: rec.id, ...(warnings.length ? { Warnings: warnings } : {}) };
    } catch (e) {
      // Leave nothing half-made: whatever the record lists is removed (the name conflict made no record).
      const made = e instanceof BerthError && e.code === 'already-exists' ? undefined : this.findPartial(env);
      if (made) await lc.remove(env, made, { force: true, volumes: true }).catch((x: unknown) => log.debug(`undo create: ${(x as Error).message}`));
      throw e;
    }
  }

  /** The newest record still "configured" that this process inserted (create failed half-way). */
  private findPartial(env: LifecycleEnv): string | undefined {
    const row = env.db.prepare("SELECT id FROM containers WHERE state = 'configured' ORDER BY created DESC LIMIT 1").get() as { id: string } | undefined;
    return row?.id;
  }

  async init(nameOrId: string): Promise<string> {
    const [env, { lc }] = await Promise.all([this.env(), ops()]);
    const rec = lookupContainer(env.db, nameOrId);
    await lc.init(env, rec.id);
    return rec.id;
  }

  async start(nameOrId: string, o: StartOptions = {}): Promise<StartReport> {
    const [env, { lc, startDependencies }] = await Promise.all([this.env(), ops()]);
    const rec = lc.current(env, nameOrId);
    if (rec.state !== 'running' && rec.state !== 'paused') await startDependencies(env, rec.id);
    if (!o.attach || rec.state === 'running') {
      if (o.attach) return this.attach(rec.id, o.attach);
      await lc.start(env, rec.id, o.preserveFds ? { preserveFds: o.preserveFds } : {});
      return { Id: rec.id };
    }
    const inited = await lc.init(env, rec.id, o.preserveFds ? { preserveFds: o.preserveFds } : {});
    return this.attachAndRun(inited, o.attach, true);
  }

  async createDefaults(): Promise<{ logDriver: string }> {
    return { logDriver: this.ctx.settings.logDriver };
  }

  /**
   * Connects to conmon's attach socket, optionally starts the container, then waits for exit or detach. A passthrough
   * container has no socket (it writes to the stdio conmon got from this process): only the start and the wait.
   */
  private async attachAndRun(rec: ContainerRecord, s: AttachStreams, startIt: boolean): Promise<StartReport> {
    const [env, { lc, attachSocket, attachPaths, cleanupLocked, withContainerLock, getContainer }] = await Promise.all([this.env(), ops()]);
    const paths = attachPaths(bundleDir(env, rec.id));
    const tty = rec.config.tty;
    const session = rec.config.logDriver === 'passthrough' ? undefined : attachSocket({
      socketPath: paths.attach, ctlPath: paths.ctl, tty,
      // Read on first use: the CLI's streams are built only when the container writes (src/cli/terminal.ts).
      get stdout() {
        return s.stdout;
      },
      get stderr() {
        return s.stderr;
      },
      ...(s.stdin && rec.config.stdin ? { stdin: s.stdin } : {}),
      ...(s.detachKeys !== undefined ? { detachKeys: s.detachKeys } : {}),
    });
    const proxies: Array<[NodeJS.Signals, () => void]> = [];
    const proxySignals = () => {
      if (!s.sigProxy || tty) return;
      for (const sig of PROXIED) {
        const h = () => void env.runtime.kill(rec.id, sig.slice(3), false).catch(() => undefined);
        process.on(sig, h);
        proxies.push([sig, h]);
      }
    };
    // Held until this process has cleaned up after the exit, so conmon's exit command need not start Berth (see exitCommandFor).
    const exitLock = exitLockFile(env, rec.id);
    const releaseExit = existsSync(exitLock) ? await lockExclusive(exitLock).catch(() => undefined) : undefined;
    try {
      // Proxying starts once the process runs (each handler costs libuv a signal-lock round trip, off the start path).
      if (startIt) await lc.startInitialized(env, rec.id);
      proxySignals();
      if (session && (await session) === 'detached') return { Id: rec.id, Detached: true };
      const code = await lc.waitExit(env, getContainer(env.db, rec.id) ?? rec, 24 * 3600_000);
      const after = await withContainerLock(env, rec.id, () => cleanupLocked(env, rec.id)).catch((e: unknown) => {
        if (!(isBerthError(e) && e.code === 'not-found')) throw e;
        return undefined;
      });
      // Cleaned up and no restart due: nothing left for the exit command (a removed container took the file with it).
      const policy = after?.config.restart.name ?? '';
      if (after && after.state === 'exited' && (policy === 'no' || policy === '')) rmSync(exitLock, { force: true });
      return { Id: rec.id, ExitCode: code ?? -1 };
    } finally {
      releaseExit?.();
      for (const [sig, h] of proxies) process.off(sig, h);
    }
  }

  async attach(nameOrId: string, s: AttachStreams): Promise<StartReport> {
    const [env, { lc }] = await Promise.all([this.env(), ops()]);
    const rec = lc.current(env, nameOrId);
    if (rec.state !== 'running' && rec.state !== 'paused') {
      throw lc.improper(`you can only attach to running containers`);
    }
    // podman checks the state first, then the driver (libpod's Attach, wrapped by its attach verb).
    if (rec.config.logDriver === 'passthrough') throw noLogsError('passthrough', 'attach', `attaching to container ${rec.id}: `);
    return this.attachAndRun(rec, s, false);
  }

  async stop(nameOrId: string, o: StopOptions = {}): Promise<string> {
    const [env, { lc }] = await Promise.all([this.env(), ops()]);
    const rec = await lc.stop(env, nameOrId, o.timeout);
    return rec?.id ?? nameOrId;
  }

  async kill(nameOrId: string, signal: string): Promise<string> {
    const [env, { lc }] = await Promise.all([this.env(), ops()]);
    return (await lc.kill(env, nameOrId, signal)).id;
  }

  async restart(nameOrId: string, o: StopOptions = {}): Promise<string> {
    const [env, { lc, assertDependenciesRunning }] = await Promise.all([this.env(), ops()]);
    const rec = lc.current(env, nameOrId);
    assertDependenciesRunning(env, rec.id); // as podman: restart does not start dependencies, it refuses
    await lc.stop(env, rec.id, o.timeout);
    await lc.start(env, rec.id);
    return rec.id;
  }

  async pause(nameOrId: string): Promise<string> {
    const [env, { lc }] = await Promise.all([this.env(), ops()]);
    return (await lc.pause(env, nameOrId)).id;
  }

  async unpause(nameOrId: string): Promise<string> {
    const [env, { lc }] = await Promise.all([this.env(), ops()]);
    return (await lc.unpause(env, nameOrId)).id;
  }

  async remove(nameOrId: string, o: RemoveOptions = {}): Promise<string[]> {
    const [env, { lc }] = await Promise.all([this.env(), ops()]);
    const id = await lc.remove(env, nameOrId, { force: o.force ?? false, volumes: o.volumes ?? false, ...(o.timeout !== undefined ? { timeout: o.timeout } : {}) });
    return [id];
  }

  async removeWithDependents(nameOrId: string, o: RemoveOptions = {}): Promise<ContainerResult[]> {
    const [env, { removeWithDependents }] = await Promise.all([this.env(), ops()]);
    return removeWithDependents(env, nameOrId, { force: o.force ?? false, volumes: o.volumes ?? false, ...(o.timeout !== undefined ? { timeout: o.timeout } : {}) });
  }

  async wait(nameOrId: string, o: WaitOptions = {}): Promise<number> {
    const [env, { lc }] = await Promise.all([this.env(), ops()]);
    return lc.wait(env, nameOrId, o.conditions ?? [], o.intervalMs ?? 250);
  }

  async rename(nameOrId: string, newName: string): Promise<void> {
    const [env, { lc }] = await Promise.all([this.env(), ops()]);
    lc.rename(env, nameOrId, newName);
  }

  async cleanup(nameOrId: string, o: { rm?: boolean } = {}): Promise<string> {
    // A container that is gone fails as in podman (`no container with name or ID ...`, 125), also when conmon's exit
    // command comes after a `run --rm` removed it: nobody reads that one's output.
    const rec = lookupContainer(this.ctx.state(), nameOrId);
    const [env, { cleanupLocked, withContainerLock }] = await Promise.all([this.env(), ops()]);
    await withContainerLock(env, rec.id, () => cleanupLocked(env, rec.id, { restart: true, rm: o.rm ?? false }));
    return rec.id;
  }

  async list(o: { all?: boolean } = {}): Promise<ContainerSummary[]> {
    const env = await this.readEnv(false);
    return listContainers(env.db)
      .map((r) => reconcile(env, r))
      .filter((r) => o.all || r.state === 'running' || r.state === 'paused')
      .map((r) => ({
        Id: r.id, Name: r.name, Image: r.imageName, ImageID: r.imageId ?? '', State: r.state, ExitCode: r.exitCode,
        Pid: r.pid, Created: r.created, StartedAt: r.started, FinishedAt: r.finished, Labels: r.labels,
      }));
  }

  async lookup(nameOrId: string): Promise<string> {
    return lookupContainer(this.ctx.state(), nameOrId).id;
  }

  // Read side and exec: delegated to container-read.ts / container-exec.ts.
  async ps(o?: PsOptions): Promise<ListContainer[]> {
    const [m, env] = await Promise.all([readMod(), this.readEnv(o?.size ?? false)]);
    return m.ps(env, o);
  }

  async inspect(names: string[], o: { size?: boolean } = {}): Promise<{ containers: InspectContainerData[]; errors: string[] }> {
    const s = this.ctx.settings;
    const [m, env] = await Promise.all([readMod(), this.readEnv(true)]);
    return m.inspect(env, names, { ...o, runtimeName: s.runtimeName, cgroupManager: s.cgroupManager });
  }

  async logs(names: string[], o: ContainerLogsOptions, out: { stdout: Writable; stderr: Writable }): Promise<void> {
    const [m, env] = await Promise.all([readMod(), this.readEnv(false)]);
    return m.logs(env, names, o, out);
  }

  async top(nameOrId: string, descriptors: string[]): Promise<string[][]> {
    const [m, env] = await Promise.all([readMod(), this.env()]);
    return m.top(env, nameOrId, descriptors);
  }

  async stats(names: string[]): Promise<StatsSample[]> {
    const [m, env] = await Promise.all([readMod(), this.readEnv(false)]);
    return m.stats(env, names);
  }

  async diff(nameOrId: string): Promise<ContainerChange[]> {
    const [m, env, { findLocalImage }] = await Promise.all([readMod(), this.readEnv(true), ops()]);
    // podman looks the name up as a container first, then as an image.
    if (findContainer(env.db, nameOrId)) return m.diff(env, nameOrId);
    const img = findLocalImage(env.db, this.ctx.registriesConf, nameOrId);
    if (!img) throw new BerthError('not-found', `${nameOrId} not found: layer not known`);
    return m.imageDiff(env, img);
  }

  async diffBetween(newer: string, older: string): Promise<ContainerChange[]> {
    const [m, env, { findLocalImage }] = await Promise.all([readMod(), this.readEnv(true), ops()]);
    // Each name as podman looks it up: a container first, then an image.
    const lookUp = (name: string): { container: ContainerRecord } | { image: ImageRecord } => {
      const container = findContainer(env.db, name);
      if (container) return { container };
      const image = findLocalImage(env.db, this.ctx.registriesConf, name);
      if (!image) throw new BerthError('not-found', `${name} not found: layer not known`);
      return { image };
    };
    return m.diffObjects(env, lookUp(newer), lookUp(older));
  }

  async port(nameOrId: string | undefined): Promise<Array<{ Id: string; Name: string; Ports: PortMappingReport[] }>> {
    const [m, env] = await Promise.all([readMod(), this.readEnv(false)]);
    return m.port(env, nameOrId);
  }

  async exists(nameOrId: string): Promise<boolean> {
    return findContainer(this.ctx.state(), nameOrId) !== undefined;
  }

  async prune(filters: string[]): Promise<PruneReport[]> {
    const [m, env] = await Promise.all([readMod(), this.env()]);
    return m.prune(env, filters);
  }

  async exec(nameOrId: string, o: ExecOptions, streams?: AttachStreams): Promise<ExecReport> {
    const [m, env] = await Promise.all([import('./container-exec.ts'), this.env()]);
    return m.execInContainer(env, nameOrId, o, streams);
  }

  /** Live port changes: delegated to the network side (container-net-ops.ts). */
  async healthcheckRun(nameOrId: string): Promise<'healthy' | 'unhealthy'> {
    const env = await this.env();
    return (await import('./container-health.ts')).healthcheckRun(env, nameOrId);
  }

  async updateResources(nameOrId: string, o: ContainerResourceUpdate): Promise<string> {
    const env = await this.env();
    return (await import('./container-update.ts')).updateResources(env, nameOrId, o);
  }

  async copy(src: CopyArg, dest: CopyArg, o: CopyOptions, streams: CopyStreams): Promise<void> {
    const env = await this.env();
    return (await import('./container-copy.ts')).copy(env, src, dest, o, streams);
  }

  async exportFs(nameOrId: string, out: Writable): Promise<void> {
    const env = await this.env();
    return (await import('./container-copy.ts')).exportFs(env, nameOrId, out);
  }

  async mount(targets: string[] | 'all'): Promise<string[]> {
    const [m, env] = await Promise.all([import('./container-mount.ts'), this.env()]);
    return m.mountContainers(env, targets === 'all' ? m.allContainerIds(env) : targets);
  }

  async mounted(): Promise<MountedContainer[]> {
    const [m, env] = await Promise.all([import('./container-mount.ts'), this.readEnv(true)]);
    return m.mountedContainers(env);
  }

  async unmount(targets: string[] | 'all', force: boolean): Promise<string[]> {
    const [m, env] = await Promise.all([import('./container-mount.ts'), this.env()]);
    const ids = targets === 'all' ? m.userMountedIds(env) : targets;
    await m.unmountContainers(env, ids, force);
    return ids;
  }

  async updatePorts(nameOrId: string, o: PortUpdateOptions): Promise<PortMappingReport[]> {
    const env = await this.env();
    if (!('applyPorts' in env.network)) throw new BerthError('unavailable', 'published ports need bridge networking (root)');
    return (await import('./container-net-ops.ts')).updatePorts(env, env.network as ContainerNetworkSeam, nameOrId, o);
  }
}

export const containerBundle = (env: LifecycleEnv, id: string) => path.join(bundleDir(env, id));
