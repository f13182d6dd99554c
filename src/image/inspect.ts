// `image inspect`: Podman's ImageData built from a stored image record, its layers and the graph driver's paths.
import type { ImageData } from '../engine/images.ts';
import type { ImageRecord, LayerRecord } from './store.ts';
import { rfc3339 } from '../format/humanize.ts';

// Go's v1.ImageConfig field order (podman re-marshals the config, so unknown keys come last in their own order).
const CONFIG_ORDER = ['User', 'ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'Volumes', 'WorkingDir', 'Labels', 'StopSignal', 'ArgsEscaped'];
const HISTORY_ORDER = ['created', 'created_by', 'author', 'comment', 'empty_layer'];

type Json = Record<string, unknown>;

function ordered(obj: Json, order: string[]): Json {
  const out: Json = {};
  for (const k of order) if (obj[k] !== undefined && obj[k] !== null && obj[k] !== '' && obj[k] !== false) out[k] = obj[k];
  for (const [k, v] of Object.entries(obj)) if (!order.includes(k) && v !== undefined) out[k] = v;
  return out;
}

export function sortedMap(m: unknown): Record<string, string> | null {
  if (!m || typeof m !== 'object' || Object.keys(m).length === 0) return null;
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = String((m as Json)[k]);
  return out;
}

/** `repo@digest` for every repository the image is named in and every manifest digest it is known by, sorted. */
export function repoDigests(img: Pick<ImageRecord, 'names' | 'digest' | 'digests'>): string[] {
  const digests = new Set<string>([...(img.digest ? [img.digest] : []), ...img.digests.map((d) => d.digest)]);
  const repos = new Set(img.names.map((n) => n.replace(/@.*$/, '').replace(/:[^:/]*$/, '')));
  const out = new Set<string>();
  for (const r of repos) for (const d of digests) out.add(`${r}@${d}`);
  return [...out].sort();
}

export interface InspectInput {
  img: ImageRecord;
  /** Base first. */
  layers: LayerRecord[];
  graphDriver: { Name: string; Data: Record<string, string> | null };
}

export function imageData({ img, layers, graphDriver }: InspectInput): ImageData {
  let cfg: Json = {};
  try {
    cfg = JSON.parse(img.config) as Json;
  } catch {
    // a record without a parseable config still inspects
  }
  const conf = (cfg['config'] ?? {}) as Json;
  const rootfs = (cfg['rootfs'] ?? {}) as Json;
  const diffIds = Array.isArray(rootfs['diff_ids']) ? (rootfs['diff_ids'] as string[]) : layers.map((l) => l.diffId);
  let annotations: Record<string, string> = {};
  try {
    const m = img.manifest ? (JSON.parse(img.manifest) as Json) : {};
    annotations = sortedMap(m['annotations']) ?? {};
  } catch {
    // no manifest annotations
  }
  const history = Array.isArray(cfg['history']) ? (cfg['history'] as Json[]).map((h) => ordered(h, HISTORY_ORDER)) : [];
  return {
    Id: img.id,
    Digest: img.digest ?? '',
    RepoTags: [...img.names],
    RepoDigests: repoDigests(img),
    Parent: '',
    Comment: typeof cfg['comment'] === 'string' ? cfg['comment'] : '',
    Created: rfc3339(img.created),
    Config: ordered({ ...conf, Labels: sortedMap(conf['Labels']) }, CONFIG_ORDER),
    Version: typeof cfg['docker_version'] === 'string' ? cfg['docker_version'] : '',
    Author: typeof cfg['author'] === 'string' ? cfg['author'] : '',
    Architecture: typeof cfg['architecture'] === 'string' ? cfg['architecture'] : '',
    Os: typeof cfg['os'] === 'string' ? cfg['os'] : '',
    Size: img.size,
    VirtualSize: img.size,
    GraphDriver: graphDriver,
    RootFS: { Type: typeof rootfs['type'] === 'string' ? rootfs['type'] : 'layers', Layers: diffIds },
    Labels: sortedMap(conf['Labels']),
    Annotations: annotations,
    ManifestType: img.manifestType ?? '',
    User: typeof conf['User'] === 'string' ? conf['User'] : '',
    History: history,
    NamesHistory: [...img.namesHistory],
  };
}
