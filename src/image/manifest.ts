// Manifest formats: OCI image manifest and index, Docker schema2 manifest and list; parsing, media-type detection,
// layer compression classification and OCI image config parsing. Pure: bytes in, typed values out.
import { BerthError } from '../util/errors.ts';
import { isDigest } from './digest.ts';
import type { Platform } from './platform.ts';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociForeignLayer: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociForeignLayerGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociForeignLayerZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** Manifest size limit, as in containers/image: a larger body is refused while it is read. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Config size limit (same reasoning: it is read into memory). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** The Accept list a puller sends, best first. */
export const DEFAULT_MANIFEST_ACCEPT: readonly string[] = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerList,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifest,
];

const IMAGE_TYPES = new Set<string>([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);
const LIST_TYPES = new Set<string>([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);
const SCHEMA1_TYPES = new Set<string>([MEDIA_TYPES.dockerSchema1, MEDIA_TYPES.dockerSchema1Signed]);

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
}

export interface ImageManifest {
  kind: 'image';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
  subject?: Descriptor;
  artifactType?: string;
}

export interface ManifestList {
  kind: 'list';
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
  subject?: Descriptor;
}

export type Manifest = ImageManifest | ManifestList;

const bad = (why: string) => new BerthError('invalid-argument', `invalid manifest: ${why}`);

/** Strips parameters (`; charset=utf-8`) and case from a Content-Type value. */
export function normalizeMediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function unsupported(mediaType: string): BerthError {
  if (SCHEMA1_TYPES.has(mediaType)) {
    return new BerthError('invalid-argument', `unsupported manifest type: ${mediaType}: Docker schema 1 manifests are not supported`, {
      hint: 'push the image again with a current client: it will be stored as Docker schema 2 or OCI',
    });
  }
  return new BerthError('invalid-argument', `unsupported manifest type: ${mediaType || '(none)'}`);
}

/** Guesses a manifest's media type from its structure, for bodies and headers that do not say (as containers/image). */
export function guessMediaType(body: Record<string, unknown>): string {
  if (typeof body.mediaType === 'string' && body.mediaType) return body.mediaType;
  if (body.schemaVersion === 1) return body.signatures ? MEDIA_TYPES.dockerSchema1Signed : MEDIA_TYPES.dockerSchema1;
  if (Array.isArray(body.manifests)) return MEDIA_TYPES.ociIndex;
  const config = body.config as Record<string, unknown> | undefined;
  if (config && typeof config === 'object') {
    return config.mediaType === MEDIA_TYPES.dockerConfig ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest;
  }
  return '';
}

const GENERIC_TYPES = new Set(['', 'application/json', 'text/plain', 'application/octet-stream']);

/** Which manifest type `bytes` is, using the Content-Type header and the body's own `mediaType` field. */
export function detectMediaType(bytes: Uint8Array, contentType?: string): string {
  const header = normalizeMediaType(contentType);
  if (SCHEMA1_TYPES.has(header)) throw unsupported(header);
  const body = parseJSON(bytes);
  const fromBody = guessMediaType(body);
  if (GENERIC_TYPES.has(header)) return fromBody;
  if (typeof body.mediaType === 'string' && body.mediaType && body.mediaType !== header) {
    throw bad(`media type ${JSON.stringify(body.mediaType)} in the body does not match ${JSON.stringify(header)} from the registry`);
  }
  return header;
}

function parseJSON(bytes: Uint8Array): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw bad(`not JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad('not a JSON object');
  return v as Record<string, unknown>;
}

function stringMap(v: unknown, what: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw bad(`${what} is not an object`);
  for (const [k, val] of Object.entries(v)) if (typeof val !== 'string') throw bad(`${what}.${k} is not a string`);
  return v as Record<string, string>;
}

export function parseDescriptor(v: unknown, what: string): Descriptor {
  if (!v || typeof v !== 'object') throw bad(`${what} is not an object`);
  const o = v as Record<string, unknown>;
  if (typeof o.mediaType !== 'string') throw bad(`${what} has no mediaType`);
  if (typeof o.digest !== 'string' || !isDigest(o.digest)) throw bad(`${what} has an invalid digest ${JSON.stringify(o.digest)}`);
  if (typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 0) throw bad(`${what} has an invalid size`);
  const d: Descriptor = { mediaType: o.mediaType, digest: o.digest, size: o.size };
  if (o.urls !== undefined) {
    if (!Array.isArray(o.urls) || !o.urls.every((u) => typeof u === 'string')) throw bad(`${what}.urls is not a list of strings`);
    d.urls = o.urls as string[];
  }
  const annotations = stringMap(o.annotations, `${what}.annotations`);
  if (annotations) d.annotations = annotations;
  if (typeof o.artifactType === 'string') d.artifactType = o.artifactType;
  if (o.platform !== undefined && o.platform !== null) {
    const p = o.platform as Record<string, unknown>;
    if (typeof p !== 'object' || typeof p.architecture !== 'string' || typeof p.os !== 'string') {
      throw bad(`${what}.platform needs architecture and os`);
    }
    const platform: Platform = { os: p.os, architecture: p.architecture };
    if (typeof p.variant === 'string' && p.variant) platform.variant = p.variant;
    if (typeof p['os.version'] === 'string') platform.osVersion = p['os.version'];
    if (Array.isArray(p['os.features'])) platform.osFeatures = p['os.features'].filter((f) => typeof f === 'string');
    d.platform = platform;
  }
  return d;
}

/**
 * Parses a manifest or index. `contentType` is the registry's Content-Type header (or a descriptor's mediaType);
 * the body's own `mediaType` is used when the header is absent or generic. Schema 1 and unknown types are refused.
 */
export function parseManifest(bytes: Uint8Array, contentType?: string): Manifest {
  const mediaType = detectMediaType(bytes, contentType);
  const body = parseJSON(bytes);
  if (SCHEMA1_TYPES.has(mediaType)) throw unsupported(mediaType);
  if (!IMAGE_TYPES.has(mediaType) && !LIST_TYPES.has(mediaType)) throw unsupported(mediaType);
  if (body.schemaVersion !== 2) throw bad(`schemaVersion ${JSON.stringify(body.schemaVersion)} is not 2`);
  const annotations = stringMap(body.annotations, 'annotations');
  const subject = body.subject === undefined || body.subject === null ? undefined : parseDescriptor(body.subject, 'subject');
  if (LIST_TYPES.has(mediaType)) {
    if (!Array.isArray(body.manifests)) throw bad('manifests is not a list');
    const list: ManifestList = {
      kind: 'list',
      mediaType,
      manifests: body.manifests.map((m, i) => parseDescriptor(m, `manifests[${i}]`)),
    };
    if (annotations) list.annotations = annotations;
    if (subject) list.subject = subject;
    return list;
  }
  if (!Array.isArray(body.layers)) throw bad('layers is not a list');
  const image: ImageManifest = {
    kind: 'image',
    mediaType,
    config: parseDescriptor(body.config, 'config'),
    layers: body.layers.map((l, i) => parseDescriptor(l, `layers[${i}]`)),
  };
  if (annotations) image.annotations = annotations;
  if (subject) image.subject = subject;
  if (typeof body.artifactType === 'string') image.artifactType = body.artifactType;
  return image;
}

export const isManifestListType = (mediaType: string) => LIST_TYPES.has(normalizeMediaType(mediaType));
export const isImageManifestType = (mediaType: string) => IMAGE_TYPES.has(normalizeMediaType(mediaType));

export type Compression = 'gzip' | 'zstd' | 'none';

export interface LayerKind {
  compression: Compression;
  /** Foreign / non-distributable layers: registries may not hold them; pullers fetch them from `urls`. */
  foreign: boolean;
}

const LAYER_KINDS: Record<string, LayerKind> = {
  [MEDIA_TYPES.ociLayer]: { compression: 'none', foreign: false },
  [MEDIA_TYPES.ociLayerGzip]: { compression: 'gzip', foreign: false },
  [MEDIA_TYPES.ociLayerZstd]: { compression: 'zstd', foreign: false },
  [MEDIA_TYPES.ociForeignLayer]: { compression: 'none', foreign: true },
  [MEDIA_TYPES.ociForeignLayerGzip]: { compression: 'gzip', foreign: true },
  [MEDIA_TYPES.ociForeignLayerZstd]: { compression: 'zstd', foreign: true },
  [MEDIA_TYPES.dockerLayer]: { compression: 'none', foreign: false },
  [MEDIA_TYPES.dockerLayerGzip]: { compression: 'gzip', foreign: false },
  [MEDIA_TYPES.dockerForeignLayerGzip]: { compression: 'gzip', foreign: true },
};

/** Classifies a layer media type; null for anything that is not a filesystem layer (artifacts, unknown types). */
export function classifyLayer(mediaType: string): LayerKind | null {
  return LAYER_KINDS[normalizeMediaType(mediaType)] ?? null;
}

/** The runtime part of an image config (`config` in the OCI image spec). */
export interface ContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ArgsEscaped?: boolean;
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
  OnBuild?: string[] | null;
  Shell?: string[];
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
  config?: ContainerConfig;
  rootfs: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
  /** Every other field, kept so the config can be written back unchanged. */
  [extra: string]: unknown;
}

const badConfig = (why: string) => new BerthError('invalid-argument', `invalid image config: ${why}`);

/** Parses an OCI (or Docker) image config, checking the fields the engine relies on. */
export function parseImageConfig(bytes: Uint8Array): ImageConfig {
  if (bytes.length > MAX_CONFIG_BYTES) throw badConfig(`exceeded maximum allowed size of ${MAX_CONFIG_BYTES} bytes`);
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw badConfig(`not JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badConfig('not a JSON object');
  const c = v as Record<string, unknown>;
  if (typeof c.architecture !== 'string') throw badConfig('architecture is missing');
  if (typeof c.os !== 'string') throw badConfig('os is missing');
  const rootfs = c.rootfs as Record<string, unknown> | undefined;
  if (!rootfs || typeof rootfs !== 'object') throw badConfig('rootfs is missing');
  if (rootfs.type !== 'layers') throw badConfig(`rootfs type ${JSON.stringify(rootfs.type)} is not "layers"`);
  const diffIds = rootfs.diff_ids ?? [];
  if (!Array.isArray(diffIds) || !diffIds.every((d) => typeof d === 'string' && isDigest(d))) {
    throw badConfig('rootfs.diff_ids must be a list of digests');
  }
  if (c.config !== undefined && c.config !== null && (typeof c.config !== 'object' || Array.isArray(c.config))) {
    throw badConfig('config is not an object');
  }
  if (c.history !== undefined && c.history !== null && !Array.isArray(c.history)) throw badConfig('history is not a list');
  const out = { ...c, rootfs: { ...rootfs, type: 'layers', diff_ids: diffIds as string[] } } as ImageConfig;
  if (c.config === null) delete out.config;
  if (c.history === null) delete out.history;
  return out;
}
