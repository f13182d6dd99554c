// Store-only image verbs of the local engine: list, inspect, history, tag, untag, remove, prune, exists, tree.
import { existsSync } from 'node:fs';
import type { HistoryEntry, ImageData, ImageEngine, ImageListOptions, ImageSummary, PruneOptions, PruneReport, RemoveOptions, RemoveReport } from '../images.ts';
import type { LocalContext } from './context.ts';
import type { RegistriesConf } from '../../config/registries-conf.ts';
import { loadRegistriesConf } from '../../config/registries-conf.ts';
import { BerthError } from '../../util/errors.ts';
import { findLocalImage, getLocalImage } from '../../image/lookup.ts';
import { containerCountsByImage, layerChain, listImages, listLayers, tagImage, untagImage, type ImageRecord } from '../../image/store.ts';
import { compileImageFilters, type FilterImage } from '../../image/filters.ts';
import { repoDigests, sortedMap } from '../../image/inspect.ts';
import { rfc3339 } from '../../format/humanize.ts';
import type { ConfigHistory } from '../../image/history.ts';
import { normalizeTarget } from './image-names.ts';
import { removeImages, pruneImages } from './image-remove.ts';

type Ops = Omit<ImageEngine, 'pull' | 'search' | 'login' | 'logout'>;

function labelsOf(config: string): Record<string, string> | null {
  try {
    return sortedMap((JSON.parse(config) as { config?: { Labels?: unknown } }).config?.Labels);
  } catch {
    return null;
  }
}

/** Images whose top layer lies strictly below another image's top layer (their children exist). */
export function parentTopLayers(images: ImageRecord[], layers: Array<{ id: string; parent: string | null }>): Set<string> {
  const parentOf = new Map(layers.map((l) => [l.id, l.parent]));
  const tops = new Set(images.map((i) => i.topLayer).filter((t): t is string => !!t));
  const below = new Set<string>();
  for (const i of images) {
    for (let p = i.topLayer ? parentOf.get(i.topLayer) : null; p; p = parentOf.get(p) ?? null) {
      if (below.has(p)) break;
      if (tops.has(p)) below.add(p);
    }
  }
  return below;
}

export interface StoreSnapshot {
  images: ImageRecord[];
  filterable: Map<string, FilterImage>;
}

export class LocalImageOps implements Ops {
  readonly ctx: LocalContext;
  private conf: RegistriesConf | undefined;
  constructor(ctx: LocalContext) {
    this.ctx = ctx;
  }

  registries(): RegistriesConf {
    this.conf ??= this.ctx.registriesConf;
    return this.conf;
  }

  /** All images with what filters need: four queries (five when untagged images exist), whatever the count. */
  snapshot(): StoreSnapshot {
    const db = this.ctx.state();
    const images = listImages(db);
    const counts = containerCountsByImage(db);
    const parents = images.some((i) => i.names.length === 0) ? parentTopLayers(images, listLayers(db)) : new Set<string>();
    const filterable = new Map<string, FilterImage>();
    for (const i of images) {
      const hasChildren = !!i.topLayer && parents.has(i.topLayer);
      filterable.set(i.id, {
        id: i.id,
        names: i.names,
        labels: labelsOf(i.config) ?? {},
        created: i.created,
        readOnly: i.readOnly,
        containers: counts.get(i.id) ?? 0,
        dangling: i.names.length === 0 && !hasChildren,
        intermediate: i.names.length === 0 && hasChildren,
      });
    }
    return { images, filterable };
  }

  filterPredicate(filters: readonly string[], allowed?: readonly string[]) {
    const db = this.ctx.state();
    return compileImageFilters(filters, { createdOf: (v) => getLocalImage(db, this.registries(), v).created }, allowed);
  }

  async list(opts: ImageListOptions): Promise<ImageSummary[]> {
    const filters = [...(opts.filters ?? [])];
    if (!opts.all) filters.push('intermediate=false');
    const match = this.filterPredicate(filters);
    const snap = this.snapshot();
    const out: ImageSummary[] = [];
    for (const img of snap.images) {
      const f = snap.filterable.get(img.id)!;
      if (!match(f)) continue;
      const s: ImageSummary = {
        Id: img.id,
        ParentId: '',
        RepoTags: null,
        RepoDigests: repoDigests(img),
        Size: img.size,
        SharedSize: 0,
        VirtualSize: img.size,
        Labels: labelsOf(img.config),
        Containers: f.containers,
        Names: [...img.names],
        Digest: img.digest ?? '',
        History: [...img.namesHistory],
        Created: Math.floor(img.created / 1000),
        CreatedAt: rfc3339(img.created),
      };
      if (img.readOnly) s.ReadOnly = true;
      if (f.dangling) s.Dangling = true;
      if (f.intermediate) s.Intermediate = true;
      out.push(s);
    }
    return out;
  }

  async inspect(names: string[]): Promise<{ images: ImageData[]; errors: string[] }> {
    const db = this.ctx.state();
    const { imageData } = await import('../../image/inspect.ts');
    const images: ImageData[] = [];
    const errors: string[] = [];
    for (const n of names) {
      const img = findLocalImage(db, this.registries(), n);
      if (!img) {
        errors.push(`${n}: image not known`);
        continue;
      }
      const layers = layerChain(db, img.topLayer);
      images.push(imageData({ img, layers, graphDriver: this.graphDriver(layers.map((l) => l.id).reverse()) }));
    }
    return { images, errors };
  }

  /** Where the layers live: overlay dirs when the store uses overlay, else vfs (podman prints Data null). */
  graphDriver(topFirst: string[]): { Name: string; Data: Record<string, string> | null } {
    const driver = this.driver();
    if (driver === 'vfs' || topFirst.length === 0) return { Name: driver, Data: null };
    const home = `${this.ctx.settings.graphRoot}/overlay`;
    const dir = (id: string) => `${home}/${id.replace(/^sha256:/, '')}`;
    const data: Record<string, string> = {};
    if (topFirst.length > 1) data['LowerDir'] = topFirst.slice(1).map((id) => `${dir(id)}/diff`).join(':');
    data['UpperDir'] = `${dir(topFirst[0]!)}/diff`;
    data['WorkDir'] = `${dir(topFirst[0]!)}/work`;
    return { Name: 'overlay', Data: data };
  }

  /** The driver the store was filled with (a vfs-only store stays vfs whatever the default says). */
  driver(): 'overlay' | 'vfs' {
    const root = this.ctx.settings.graphRoot;
    const wanted = this.ctx.settings.storageDriver;
    if (wanted === 'vfs') return 'vfs';
    if (existsSync(`${root}/vfs/dir`) && !existsSync(`${root}/overlay`)) return 'vfs';
    return 'overlay';
  }

  async history(name: string): Promise<HistoryEntry[]> {
    const db = this.ctx.state();
    const img = getLocalImage(db, this.registries(), name);
    const { imageHistory } = await import('../../image/history.ts');
    const byTop = new Map<string, Array<{ id: string; names: string[] }>>();
    for (const i of listImages(db)) if (i.topLayer) byTop.set(i.topLayer, [...(byTop.get(i.topLayer) ?? []), { id: i.id, names: i.names }]);
    let history: ConfigHistory[] = [];
    try {
      history = (JSON.parse(img.config) as { history?: ConfigHistory[] }).history ?? [];
    } catch {
      history = [];
    }
    const layers = layerChain(db, img.topLayer).reverse().map((l) => ({ id: l.id, size: l.size }));
    return imageHistory({ imageId: img.id, history, layers, imagesByTopLayer: byTop }).map((r) => ({
      id: r.id, created: r.created, CreatedBy: r.createdBy, size: r.size, Comment: r.comment, tags: r.tags,
    }));
  }

  async tag(name: string, newNames: string[]): Promise<void> {
    const db = this.ctx.state();
    const img = getLocalImage(db, this.registries(), name);
    const targets = newNames.map(normalizeTarget);
    tagImage(db, img.id, targets);
  }

  async untag(name: string, names: string[]): Promise<void> {
    const db = this.ctx.state();
    const img = getLocalImage(db, this.registries(), name);
    const targets = names.length === 0 ? img.names : names.map(normalizeTarget);
    const missing = untagImage(db, img.id, targets);
    if (missing.length > 0) throw new BerthError('not-found', `${missing[0]}: tag not known`);
  }

  async remove(names: string[], opts: RemoveOptions): Promise<RemoveReport> {
    return removeImages(this, names, opts);
  }

  async prune(opts: PruneOptions): Promise<PruneReport[]> {
    return pruneImages(this, opts);
  }

  async exists(name: string): Promise<boolean> {
    return findLocalImage(this.ctx.state(), this.registries(), name) !== undefined;
  }

  async tree(name: string, opts: { whatRequires?: boolean }): Promise<string> {
    const db = this.ctx.state();
    const img = getLocalImage(db, this.registries(), name);
    const { renderImageTree } = await import('../../image/tree.ts');
    const layers = new Map(listLayers(db).map((l) => [l.id, l]));
    const namesByTop = new Map<string, string[]>();
    for (const i of listImages(db)) if (i.topLayer) namesByTop.set(i.topLayer, [...(namesByTop.get(i.topLayer) ?? []), ...i.names]);
    return renderImageTree(
      { imageId: img.id, names: img.names, size: img.size, topLayer: img.topLayer, layers, namesByTopLayer: namesByTop },
      opts.whatRequires ?? false,
    );
  }
}
