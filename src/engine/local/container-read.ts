// The local engine's read side: ps, inspect, logs, top, stats, port, exists, prune (no process spawned except `runc ps` for top).
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type {
  ContainerChange, ContainerLogsOptions, InspectContainerData, ListContainer, PortMappingReport, PruneReport, PsOptions,
} from '../containers.ts';
import { noLogsError, writesLogFile } from '../../container/log-driver.ts';
import { bundleDir, containerLogPath, userdataDir, type LifecycleEnv } from '../../container/env.ts';
import { dependenciesOf } from '../../container/depend.ts';
import { containerFilter } from '../../container/filters.ts';
import { inspectContainer, readSpec } from '../../container/inspect.ts';
import { containerPorts } from '../../container/ports.ts';
import { toListContainer } from '../../container/ps.ts';
import { ACTIVE_STATES, reconcile } from '../../container/reconcile.ts';
import { findContainer, getContainer, listContainers, lookupContainer, type ContainerRecord } from '../../container/records.ts';
import { parseDescriptors, topRows } from '../../container/top.ts';
import { countersV1, countersV2, parseNetDev, type StatsSample } from '../../container/stats.ts';
import { readCgroupStatsFiles } from '../../sys/cgroups.ts';
import { readProcNetDev, totalMemory } from '../../sys/host.ts';
import { getImage, layerChain, type ImageRecord } from '../../image/store.ts';
import { mergedTree, overlayContainerChanges } from '../../storage/upper-changes.ts';
import { treeChanges } from '../../storage/tree-changes.ts';
import { getVolume } from '../../volume/records.ts';
import { formatLogEntry, readLogs } from '../../runtime/logs.ts';
import { BerthError, isBerthError } from '../../util/errors.ts';

/** The read side's environment: the DB and store paths; layers() only where the caller loaded the layer store. */
export type ReadEnv = Pick<LifecycleEnv, 'db' | 'graphRoot' | 'runRoot' | 'layers'>;

/** Bytes of the regular files under dir (hard links counted once), as containers/storage's directory.Size. */
export function dirSize(dir: string): number {
  let total = 0;
  const seen = new Set<string>();
  const walk = (d: string) => {
    let ents: fs.Dirent[];
    try {
      ents = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of ents) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
        continue;
      }
      try {
        const st = fs.lstatSync(p, { bigint: false });
        if (st.nlink > 1) {
          const key = `${st.dev}:${st.ino}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        total += st.size;
      } catch {
        // raced with removal
      }
    }
  };
  walk(dir);
  return total;
}

function layerSizes(env: ReadEnv, r: ContainerRecord): { rw: number; rootFs: number } {
  const layers = env.layers();
  const rw = r.layerId && layers.exists(r.layerId) ? dirSize(layers.layerDir(r.layerId)) : 0;
  const img = r.imageId ? getImage(env.db, r.imageId) : undefined;
  return { rw, rootFs: (img?.size ?? 0) + rw };
}

/** All records in one query, reconciled without spawning (exit files and /proc only for active ones). */
function allReconciled(env: ReadEnv): ContainerRecord[] {
  return listContainers(env.db).map((r) => (ACTIVE_STATES.has(r.state) ? reconcile(env, r) : r));
}

export function ps(env: ReadEnv, o: PsOptions = {}): ListContainer[] {
  let recs = allReconciled(env); // newest first
  const filters = o.filters ?? [];
  if (filters.length) {
    const pred = containerFilter(filters, { find: (x) => findContainer(env.db, x) });
    recs = recs.filter(pred);
  } else if (!o.all && !o.latest && o.last === undefined) {
    recs = recs.filter((r) => r.state === 'running');
  }
  if (o.latest) recs = recs.slice(0, 1);
  else if (o.last !== undefined && o.last > 0) recs = recs.slice(0, o.last);
  const now = Date.now();
  return recs.reverse().map((r) => {
    const c = toListContainer(r, containerPorts(r), now);
    if (o.size) {
      const s = layerSizes(env, r);
      c.Size = { RootFsSize: s.rootFs, RwSize: s.rw };
    }
    return c;
  });
}

function graphOf(env: ReadEnv, r: ContainerRecord): { lower: string[]; upper: string; work: string; merged: string | null } {
  const layers = env.layers();
  const img = r.imageId ? getImage(env.db, r.imageId) : undefined;
  const lower = img ? layerChain(env.db, img.topLayer).map((l) => layers.layerDir(l.id)).reverse() : [];
  const own = r.layerId ? layers.layerDir(r.layerId) : '';
  const base = path.dirname(own);
  return layers.driver === 'overlay'
    ? { lower, upper: own, work: path.join(base, 'work'), merged: r.mounted }
    : { lower: [], upper: own, work: '', merged: r.mounted };
}

export async function inspect(env: ReadEnv, names: string[], o: { size?: boolean; runtimeName: string; cgroupManager: string }): Promise<{ containers: InspectContainerData[]; errors: string[] }> {
  // exec.ts (exec session ids) pulls in spec helpers that ps never needs: loaded here only.
  const { sessionIds } = await import('../../container/exec.ts');
  const containers: InspectContainerData[] = [];
  const errors: string[] = [];
  for (const n of names) {
    const raw = findContainer(env.db, n);
    if (!raw) {
      errors.push(n);
      continue;
    }
    const r = ACTIVE_STATES.has(raw.state) ? reconcile(env, raw) : raw;
    const img = r.imageId ? getImage(env.db, r.imageId) : undefined;
    containers.push(inspectContainer(r, {
      bundle: bundleDir(env, r.id), staticDir: userdataDir(env, r.id), logPath: containerLogPath(env, r), runtimeName: o.runtimeName,
      driver: env.layers().driver, cgroupManager: o.cgroupManager, imageDigest: img?.digest ?? '', graph: graphOf(env, r),
      execIds: sessionIds(env.db, r.id), ...(o.size ? { size: layerSizes(env, r) } : {}), dependencies: dependenciesOf(env.db, r.id),
      volumeSources: Object.fromEntries(r.config.volumes.map((v) => [v.name, getVolume(env.db, v.name)?.mountpoint ?? ''])),
    }));
  }
  return { containers, errors };
}

export async function logs(env: ReadEnv, names: string[], o: ContainerLogsOptions, out: { stdout: Writable; stderr: Writable }): Promise<void> {
  const recs = names.map((n) => lookupContainer(env.db, n));
  const several = recs.length > 1;
  const one = async (r: ContainerRecord) => {
    // none and passthrough keep no log: podman's error (125), not an empty answer.
    const driver = r.config.logDriver;
    if (driver && !writesLogFile(driver)) throw noLogsError(driver, 'read logs');
    const file = containerLogPath(env, r);
    if (!fs.existsSync(file)) return;
    // podman 4.3 prefixes lines only when it reads several containers: the name with -n, else the short ID.
    const prefix = several ? (o.names ? r.name : r.id.slice(0, 12)) : undefined;
    const isDone = () => {
      const cur = getContainer(env.db, r.id);
      return !cur || !ACTIVE_STATES.has(reconcile(env, cur).state);
    };
    const lo = {
      ...(o.tail !== undefined && o.tail >= 0 ? { tail: o.tail } : {}), ...(o.since ? { since: o.since } : {}), ...(o.until ? { until: o.until } : {}),
      timestamps: o.timestamps ?? false, follow: o.follow ?? false, isDone, ...(prefix ? { prefix } : {}),
    };
    for await (const e of readLogs(file, lo)) {
      const dest = e.stream === 'stderr' ? out.stderr : out.stdout;
      if (!dest.write(formatLogEntry(e, lo))) await new Promise<void>((res) => dest.once('drain', () => res()));
    }
  };
  if (o.follow && several) await Promise.all(recs.map(one));
  else for (const r of recs) await one(r);
}

export async function top(env: LifecycleEnv, nameOrId: string, descriptors: string[]): Promise<string[][]> {
  const ds = parseDescriptors(descriptors);
  const lc = await import('../../container/lifecycle.ts');
  const r = lc.current(env, nameOrId);
  if (r.state !== 'running' && r.state !== 'paused') {
    throw new BerthError('conflict', "top can only be used on running containers");
  }
  const pids = await env.runtime.ps(r.id);
  return topRows(pids, ds);
}

/**
 * One stats sample per named container, or per container when names is empty (podman 4.3 lists every state then,
 * not only running ones; those not running or paused read as zeros). An unknown name fails the whole call.
 */
export function stats(env: ReadEnv, names: string[]): StatsSample[] {
  let recs: ContainerRecord[];
  try {
    recs = names.length ? names.map((n) => reconcile(env, lookupContainer(env.db, n))) : allReconciled(env).reverse();
  } catch (e) {
    if (isBerthError(e) && e.code === 'not-found') {
      const name = names.find((n) => !findContainer(env.db, n)) ?? '';
      throw new BerthError('not-found', `unable to get list of containers: unable to look up container ${name}: ${e.message}`);
    }
    throw e;
  }
  return recs.map((r) => statsSample(env, r));
}

function statsSample(env: ReadEnv, r: ContainerRecord): StatsSample {
  const base = { id: r.id, name: r.name, startedNs: r.started * 1e6, sampledNs: Date.now() * 1e6 };
  const zero = { cpuNs: 0, memUsage: 0, memLimit: 0, blockRead: 0, blockWrite: 0, pids: 0, netRx: 0, netTx: 0 };
  const spec = r.state === 'running' || r.state === 'paused' ? readSpec(bundleDir(env, r.id)) : undefined;
  if (!spec?.linux.cgroupsPath) return { ...base, active: false, ...zero };
  const { v2, files } = readCgroupStatsFiles(spec.linux.cgroupsPath);
  const counters = v2 ? countersV2(files) : countersV1(files);
  // podman's getMemLimit: the spec's limit, or the host's RAM when there is none or it is larger.
  const ram = totalMemory();
  const specLimit = Number(spec.linux.resources?.memory?.limit ?? 0);
  const memLimit = specLimit > 0 && specLimit <= ram ? specLimit : ram;
  // Only a container with its own (or another container's) network namespace has network counters: podman reads
  // none for the host's network.
  const ownNet = spec.linux.namespaces.some((n) => n.type === 'network');
  const dev = ownNet && r.pid > 0 ? readProcNetDev(r.pid) : undefined;
  const net = dev ? parseNetDev(dev) : { rx: 0, tx: 0 };
  return { ...base, sampledNs: Date.now() * 1e6, active: true, ...counters, memLimit, netRx: net.rx, netTx: net.tx };
}

export function port(env: ReadEnv, nameOrId: string | undefined): Array<{ Id: string; Name: string; Ports: PortMappingReport[] }> {
  const recs = nameOrId === undefined ? allReconciled(env).filter((r) => r.state === 'running') : [lookupContainer(env.db, nameOrId)];
  return recs.map((r) => ({ Id: r.id, Name: r.name, Ports: containerPorts(r) }));
}

/** podman diff of a container: its overlay upper dir against its image's layers, read whether or not it is mounted. */
export function diff(env: ReadEnv, nameOrId: string): ContainerChange[] {
  const r = lookupContainer(env.db, nameOrId);
  const g = graphOf(env, r);
  if (env.layers().driver !== 'overlay') throw new BerthError('invalid-argument', 'diff is only supported with the overlay storage driver');
  return overlayContainerChanges(g.upper || env.layers().layerDir(r.id), g.lower);
}

/** podman diff of an image: its top layer against the layers under it (for a one-layer image, everything is A). */
export function imageDiff(env: ReadEnv, img: ImageRecord): ContainerChange[] {
  if (env.layers().driver !== 'overlay') throw new BerthError('invalid-argument', 'diff is only supported with the overlay storage driver');
  const dirs = layerChain(env.db, img.topLayer).map((l) => env.layers().layerDir(l.id)).reverse();
  const [top, ...below] = dirs;
  return top ? overlayContainerChanges(top, below) : [];
}

type DiffObject = { container: ContainerRecord } | { image: ImageRecord };

/** The layer dirs of a container (its own first) or an image, top first, for comparing whole trees. */
function layerDirsTopFirst(env: ReadEnv, what: DiffObject): string[] {
  if (env.layers().driver !== 'overlay') throw new BerthError('invalid-argument', 'diff is only supported with the overlay storage driver');
  if ('image' in what) return layerChain(env.db, what.image.topLayer).map((l) => env.layers().layerDir(l.id)).reverse();
  const g = graphOf(env, what.container);
  return [g.upper || env.layers().layerDir(what.container.id), ...g.lower];
}

/**
 * podman diff NEW OLD. Where OLD's top layer is the parent of NEW's, containers/storage diffs NEW's layer alone
 * against its parent, as the one-argument diff does (an opaque directory is D there, where comparing the whole trees
 * says C); otherwise both merged trees are read from the layer dirs and compared.
 */
export function diffObjects(env: ReadEnv, newer: DiffObject, older: DiffObject): ContainerChange[] {
  if ('container' in newer && 'image' in older && newer.container.imageId === older.image.id) return diff(env, newer.container.id);
  if ('image' in newer && 'image' in older && older.image.topLayer && layerChain(env.db, newer.image.topLayer).at(-2)?.id === older.image.topLayer) {
    return imageDiff(env, newer.image);
  }
  return treeChanges(mergedTree(layerDirsTopFirst(env, newer)), mergedTree(layerDirsTopFirst(env, older)));
}

export const exists = (env: ReadEnv, nameOrId: string) => findContainer(env.db, nameOrId) !== undefined;

const PRUNE_KEYS = new Set(['label', 'label!', 'until']);
const PRUNABLE = new Set(['configured', 'created', 'stopped', 'exited']);

export async function prune(env: LifecycleEnv, filters: string[]): Promise<PruneReport[]> {
  const pred = containerFilter(filters, { find: (x) => findContainer(env.db, x) }, PRUNE_KEYS);
  const out: PruneReport[] = [];
  const lc = await import('../../container/lifecycle.ts');
  // Newest first: a container is always created after those it depends on, so dependents go before their dependencies.
  for (const r of allReconciled(env)) {
    if (!PRUNABLE.has(r.state) || !pred(r)) continue;
    const size = layerSizes(env, r).rw;
    try {
      await lc.remove(env, r.id, { force: false, volumes: false });
      out.push({ Id: r.id, Size: size });
    } catch (e) {
      if (!isBerthError(e)) throw e;
      if (e.code !== 'not-found') out.push({ Id: r.id, Size: 0, Err: e.message });
    }
  }
  return out;
}
