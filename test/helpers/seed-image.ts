// Puts images into a sandbox's store without pulling: small in-memory tar layers applied with the layer store, then
// recorded with the image store, so image verbs can be tested offline and fast.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { openStateDb } from '../../src/state/db.ts';
import { addLayer, commitImage, getLayer } from '../../src/image/store.ts';
import { applyLayer, type Driver } from '../../src/storage/apply.ts';
import { openLayerStore, chainId } from '../../src/storage/layers.ts';
import { encodeHeader, padding, END_OF_ARCHIVE } from '../../src/storage/tar.ts';

export interface SeedHistory {
  created_by: string;
  empty_layer?: boolean;
  comment?: string;
}

export interface SeedOptions {
  /** Fully qualified names, e.g. docker.io/library/seed:latest (none: a dangling image). */
  names?: string[];
  labels?: Record<string, string>;
  /** The config's Volumes (VOLUME instructions). */
  volumes?: string[];
  /** Image creation time (default 2025-05-20T00:00:00Z, the mirror's). */
  created?: string;
  /** One entry per layer: file path → content. Default: one layer with one file. */
  layers?: Array<Record<string, string>>;
  /** Config history; default one entry per layer plus an empty `CMD ["sh"]`. */
  history?: SeedHistory[];
  cmd?: string[];
  driver?: Driver;
  /** Extra manifest digests (e.g. an index digest) recorded for each name's repository. */
  extraDigests?: string[];
}

export interface SeededImage {
  id: string;
  /** Chain IDs (hex), base first. */
  layers: string[];
  digest: string;
  size: number;
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A layer tar with the given regular files (mode 0644, or 0755 for a name under bin/; root-owned, fixed mtime). */
export function layerTar(files: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const body = Buffer.from(content);
    parts.push(
      encodeHeader({
        name, type: 'file', mode: /(^|\/)bin\//.test(name) ? 0o755 : 0o644, uid: 0, gid: 0, size: body.length, mtime: 1747699200, linkname: '',
        devmajor: 0, devminor: 0, uname: '', gname: '', xattrs: new Map(),
      }),
      body,
      padding(body.length),
    );
  }
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

export async function seedImage(graphRoot: string, opts: SeedOptions = {}): Promise<SeededImage> {
  const created = opts.created ?? '2025-05-20T00:00:00Z';
  const layerFiles = opts.layers ?? [{ 'hello.txt': 'hello\n' }];
  const store = openLayerStore(graphRoot, opts.driver ?? 'vfs');
  const db = openStateDb(graphRoot);
  try {
    const diffIds: string[] = [];
    const chain: string[] = [];
    let parent: string | null = null;
    let size = 0;
    for (const files of layerFiles) {
      const tar = layerTar(files);
      const diffId = `sha256:${sha(tar)}`;
      const id: string = chainId(parent === null ? null : `sha256:${parent}`, diffId).replace(/^sha256:/, '');
      if (!store.exists(id)) {
        await store.createLayer(id, parent, (dir) => applyLayer(Readable.from([tar]), dir, { driver: store.driver }));
      }
      if (!getLayer(db, id)) {
        addLayer(db, { id, parent, diffId, compressedDigest: null, compressedSize: null, size: tar.length, created: Date.parse(created) });
      }
      diffIds.push(diffId);
      chain.push(id);
      size += tar.length;
      parent = id;
    }
    const history = opts.history ?? [
      ...layerFiles.map((_, i) => ({ created_by: `seed layer ${i + 1}` })),
      { created_by: `CMD ${JSON.stringify(opts.cmd ?? ['sh'])}`, empty_layer: true },
    ];
    const config = JSON.stringify({
      created,
      architecture: 'amd64',
      os: 'linux',
      config: {
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        Cmd: opts.cmd ?? ['sh'],
        ...(opts.labels ? { Labels: opts.labels } : {}),
        ...(opts.volumes ? { Volumes: Object.fromEntries(opts.volumes.map((v) => [v, {}])) } : {}),
      },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: history.map((h) => ({ created, ...h })),
    });
    const id = sha(config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${id}`, size: config.length },
      layers: diffIds.map((d, i) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: d, size: layerTar(layerFiles[i]!).length })),
    });
    const digest = `sha256:${sha(manifest)}`;
    const names = opts.names ?? [];
    const repos = [...new Set(names.map((n) => n.replace(/:[^:/]*$/, '')))];
    const digests = repos.flatMap((repo) => [digest, ...(opts.extraDigests ?? [])].map((d) => ({ repo, digest: d })));
    const total = size + config.length + manifest.length;
    commitImage(
      db,
      {
        id, digest, topLayer: chain.at(-1) ?? null, config, manifest, manifestType: 'application/vnd.oci.image.manifest.v1+json',
        size: total, created: Date.parse(created), added: Date.now(), readOnly: false,
      },
      names,
      digests,
    );
    return { id, layers: chain, digest, size: total };
  } finally {
    db.close();
  }
}

/** Records a container row that uses the image (enough for rmi/prune in-use checks; no runtime state). */
export function seedContainer(graphRoot: string, imageId: string, id = sha(`c-${imageId}-${Math.random()}`)): string {
  const db = openStateDb(graphRoot);
  try {
    db.prepare('INSERT INTO containers (id, name, image_id, state, created, config) VALUES (?, ?, ?, ?, ?, ?)').run(
      id, `c${id.slice(0, 8)}`, imageId, 'configured', Date.now(), '{}',
    );
    return id;
  } finally {
    db.close();
  }
}
