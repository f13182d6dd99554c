// rmi and image prune on the local store: database first (one transaction per image), layer directories after; prune
// also collects what killed pulls left (orphan layers, temp dirs, ingests) when no pull is running.
import { existsSync } from 'node:fs';
import type { PruneOptions, PruneReport, RemoveOptions, RemoveReport } from '../images.ts';
import type { LocalImageOps } from './image-local.ts';
import { findLocalImage } from '../../image/lookup.ts';
import { localCandidates } from '../../image/resolve.ts';
import { looksLikeImageId, parseReference, toString } from '../../image/reference.ts';
import { listImages, removeImageIfUnused, removeOrphanLayers, untagImage, type ImageRecord } from '../../image/store.ts';
import { PRUNE_FILTERS } from '../../image/filters.ts';
import { log } from '../../util/log.ts';

export const inUseMessage = (cid: string) =>
  `image used by ${cid}: image is in use by a container: consider listing external containers and force-removing image`;

/** Which of the image's names the user's input resolved to (undefined when it named the image by ID). */
export function matchedName(input: string, img: ImageRecord, ops: LocalImageOps): string | undefined {
  const hex = input.replace(/^sha256:/, '');
  if (looksLikeImageId(input) && img.id.startsWith(hex)) return undefined;
  let ref;
  try {
    ref = parseReference(input);
  } catch {
    return undefined;
  }
  for (const c of localCandidates(input, ops.registries())) {
    const n = toString({ ...c, tag: c.tag ?? 'latest' });
    if (img.names.includes(n)) return n;
  }
  const suffix = `/${ref.path}:${ref.tag ?? 'latest'}`;
  return img.names.find((n) => n.endsWith(suffix));
}

/** Deletes the layer directories the database no longer records (after its commit; failures leave orphans for system check). */
export async function deleteLayerDirs(ops: LocalImageOps, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const stores = await existingStores(ops);
  for (const id of ids) {
    for (const s of stores) {
      if (!s.exists(id)) continue;
      try {
        await s.removeLayer(id);
      } catch (e) {
        log.warn(`removing layer ${id}: ${(e as Error).message}`);
      }
    }
  }
}

/** The layer stores this graph root has (overlay, vfs or both). */
async function existingStores(ops: LocalImageOps) {
  const { openLayerStore } = await import('../../storage/layers.ts');
  const root = ops.ctx.settings.graphRoot;
  return (['overlay', 'vfs'] as const)
    .filter((d) => existsSync(d === 'overlay' ? `${root}/overlay` : `${root}/vfs/dir`))
    .map((d) => openLayerStore(root, d));
}

/**
 * What killed pulls left, collected only while no pull runs in any process (the pull guard, taken exclusively without
 * waiting): layer records no image needs and their directories, half-made `.tmp-` layer directories, and every ingest
 * file no live process holds (partial downloads included: a later pull starts them over). While a pull runs, only
 * ingests past their TTL go.
 */
async function collectPullLeftovers(ops: LocalImageOps): Promise<void> {
  const { collectStaleIngests } = await import('../../image/content.ts');
  const { tryNoPullRunning } = await import('../../image/pull-guard.ts');
  const root = ops.ctx.settings.graphRoot;
  const guard = tryNoPullRunning(root);
  if (!guard) {
    log.debug('image prune: a pull is running; leaving layers without an image and fresh ingests alone');
    await collectStaleIngests(root);
    return;
  }
  try {
    const orphans = removeOrphanLayers(ops.ctx.state());
    await deleteLayerDirs(ops, orphans);
    for (const s of await existingStores(ops)) {
      const tmp = await s.cleanupTemp().catch((e: unknown) => (log.debug(`cleaning ${s.driver} temp dirs: ${(e as Error).message}`), []));
      if (tmp.length) log.debug(`image prune: removed ${tmp.length} temporary ${s.driver} path(s)`);
    }
    const ingests = await collectStaleIngests(root, 0);
    if (orphans.length || ingests.length) log.debug(`image prune: removed ${orphans.length} layer(s) without an image, ${ingests.length} ingest file(s)`);
  } finally {
    guard.release();
  }
}

/** Removes one image completely; returns an error message and exit code when a container uses it. */
async function removeWhole(ops: LocalImageOps, img: ImageRecord, report: RemoveReport, keepLayers: boolean): Promise<void> {
  const r = removeImageIfUnused(ops.ctx.state(), img.id, { keepLayers });
  if ('usedBy' in r) {
    report.Errors.push({ input: img.id, message: inUseMessage(r.usedBy), exitCode: 2 });
    return;
  }
  report.Untagged.push(...r.names);
  report.Deleted.push(img.id);
  await deleteLayerDirs(ops, r.layers);
}

export async function removeImages(ops: LocalImageOps, names: string[], opts: RemoveOptions): Promise<RemoveReport> {
  const report: RemoveReport = { Untagged: [], Deleted: [], Errors: [], ExitCode: 0 };
  // Layers are deleted only while no pull runs anywhere (one that found them present would commit an image without
  // them); otherwise they stay recorded without an image for `image prune` or the next pull. Pulls wait meanwhile.
  const guard = await noPullGuard(ops);
  try {
    await removeListed(ops, names, opts, report, !guard);
  } finally {
    guard?.release();
  }
  const codes = report.Errors.map((e) => e.exitCode);
  report.ExitCode = codes.length === 0 ? 0 : codes.includes(2) ? 2 : codes.includes(1) ? 1 : 125;
  return report;
}

/** The pull guard held exclusively when no pull runs (release it), else undefined. */
async function noPullGuard(ops: LocalImageOps) {
  const { tryNoPullRunning } = await import('../../image/pull-guard.ts');
  return tryNoPullRunning(ops.ctx.settings.graphRoot);
}

async function removeListed(ops: LocalImageOps, names: string[], opts: RemoveOptions, report: RemoveReport, keepLayers: boolean): Promise<void> {
  const db = ops.ctx.state();
  if (opts.all) {
    for (const img of listImages(db)) await removeWhole(ops, img, report, keepLayers);
  }
  for (const input of names) {
    const img = findLocalImage(db, ops.registries(), input);
    if (!img) {
      if (!opts.force && !opts.ignore) report.Errors.push({ input, message: `${input}: image not known`, exitCode: 1 });
      continue;
    }
    const name = matchedName(input, img, ops);
    if (name !== undefined && img.names.length > 1) {
      untagImage(db, img.id, [name]);
      report.Untagged.push(name);
      continue;
    }
    if (name === undefined && img.names.length > 1 && !opts.force) {
      report.Errors.push({
        input,
        message: `unable to delete image "${img.id}" by ID with more than one tag ([${img.names.join(' ')}]): please force removal`,
        exitCode: 125,
      });
      continue;
    }
    await removeWhole(ops, img, report, keepLayers);
  }
}

/** Removes dangling images (all unused ones with `all`) that match the filters, repeating while removals free parents. */
export async function pruneImages(ops: LocalImageOps, opts: PruneOptions): Promise<PruneReport[]> {
  const match = ops.filterPredicate(opts.filters ?? [], PRUNE_FILTERS);
  const out: PruneReport[] = [];
  const guard = await noPullGuard(ops);
  try {
    await pruneLoop(ops, opts, match, out, !guard);
  } finally {
    guard?.release(); // before collectPullLeftovers, which takes the guard itself
  }
  await collectPullLeftovers(ops);
  return out;
}

async function pruneLoop(ops: LocalImageOps, opts: PruneOptions, match: ReturnType<LocalImageOps["filterPredicate"]>, out: PruneReport[], keepLayers: boolean): Promise<void> {
  const db = ops.ctx.state();
  for (;;) {
    const snap = ops.snapshot();
    const victims = snap.images.filter((i) => {
      const f = snap.filterable.get(i.id)!;
      return f.containers === 0 && (opts.all || f.dangling) && match(f);
    });
    let removed = 0;
    for (const img of victims) {
      const r = removeImageIfUnused(db, img.id, { keepLayers });
      if ('usedBy' in r) continue;
      out.push({ Id: img.id, Size: img.size });
      removed++;
      await deleteLayerDirs(ops, r.layers);
    }
    if (removed === 0) break;
  }
}
