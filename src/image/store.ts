// The image and layer records in the state database: add, look up by name/ID/digest, tag, untag, remove (pure SQL).
import type { Db } from '../state/db.ts';
import { transaction } from '../state/db.ts';
import { BerthError } from '../util/errors.ts';

export interface LayerRecord {
  /** Chain ID hex (no algorithm prefix). */
  id: string;
  parent: string | null;
  /** sha256:… of the uncompressed tar. */
  diffId: string;
  compressedDigest: string | null;
  compressedSize: number | null;
  /** Uncompressed size in bytes. */
  size: number;
  created: number;
}

export interface ImageRecord {
  /** Config digest hex: the image ID. */
  id: string;
  /** The manifest digest (sha256:…) this image was stored from. */
  digest: string | null;
  topLayer: string | null;
  /** The OCI image config JSON text, byte for byte as pulled (its digest is the ID). */
  config: string;
  manifest: string | null;
  manifestType: string | null;
  size: number;
  /** Image creation time from its config (unix ms). */
  created: number;
  /** When it entered this store (unix ms). */
  added: number;
  readOnly: boolean;
  /** Fully qualified names, e.g. docker.io/library/busybox:latest. */
  names: string[];
  /** Every name the image has had, most recent first (podman's NamesHistory; see `nextNamesHistory`). */
  namesHistory: string[];
  /** Repository + manifest digest pairs it is known by (for name@digest lookups and RepoDigests). */
  digests: Array<{ repo: string; digest: string }>;
}

type Row = Record<string, unknown>;

function parseHistory(text: unknown): string[] {
  try {
    const v = JSON.parse(typeof text === 'string' ? text : '[]') as unknown;
    return Array.isArray(v) ? v.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The names history after an image's names were set to `names` (in podman's order), as containers/storage keeps it:
 * each current name in turn is put in front of the history (so the last one ends first), duplicates dropped. Names
 * removed from the image stay where they were; an image left without names keeps its history unchanged.
 */
export function nextNamesHistory(history: readonly string[], names: readonly string[]): string[] {
  return [...new Set([...[...names].reverse(), ...history])];
}

function imageFromRow(r: Row, names: string[], digests: Array<{ repo: string; digest: string }>): ImageRecord {
  return {
    id: r['id'] as string,
    digest: (r['digest'] as string | null) ?? null,
    topLayer: (r['top_layer'] as string | null) ?? null,
    config: r['config'] as string,
    manifest: (r['manifest'] as string | null) ?? null,
    manifestType: (r['manifest_type'] as string | null) ?? null,
    size: Number(r['size']),
    created: Number(r['created']),
    added: Number(r['added']),
    readOnly: Number(r['read_only']) === 1,
    names,
    namesHistory: parseHistory(r['names_history']),
    digests,
  };
}

function namesOf(db: Db, id: string): string[] {
  const rows = db.prepare('SELECT name FROM image_names WHERE image_id = ? ORDER BY rowid').all(id) as Row[];
  return rows.map((r) => r['name'] as string);
}

function digestsOf(db: Db, id: string): Array<{ repo: string; digest: string }> {
  const rows = db.prepare('SELECT repo, digest FROM image_digests WHERE image_id = ? ORDER BY repo, digest').all(id) as Row[];
  return rows.map((r) => ({ repo: r['repo'] as string, digest: r['digest'] as string }));
}

export function getImage(db: Db, id: string): ImageRecord | undefined {
  const r = db.prepare('SELECT * FROM images WHERE id = ?').get(id) as Row | undefined;
  return r ? imageFromRow(r, namesOf(db, id), digestsOf(db, id)) : undefined;
}

/** Every image with its names and digests, in three queries whatever the count (images with 200 tags stays fast). */
export function listImages(db: Db): ImageRecord[] {
  const names = new Map<string, string[]>();
  for (const r of db.prepare('SELECT image_id, name FROM image_names ORDER BY rowid').all() as Row[]) {
    const id = r['image_id'] as string;
    names.set(id, [...(names.get(id) ?? []), r['name'] as string]);
  }
  const digests = new Map<string, Array<{ repo: string; digest: string }>>();
  for (const r of db.prepare('SELECT image_id, repo, digest FROM image_digests ORDER BY repo, digest').all() as Row[]) {
    const id = r['image_id'] as string;
    digests.set(id, [...(digests.get(id) ?? []), { repo: r['repo'] as string, digest: r['digest'] as string }]);
  }
  const rows = db.prepare('SELECT * FROM images ORDER BY added').all() as Row[];
  return rows.map((r) => imageFromRow(r, names.get(r['id'] as string) ?? [], digests.get(r['id'] as string) ?? []));
}

/** The image that holds exactly this fully qualified name. */
export function imageByName(db: Db, name: string): ImageRecord | undefined {
  const r = db.prepare('SELECT image_id FROM image_names WHERE name = ?').get(name) as Row | undefined;
  return r ? getImage(db, r['image_id'] as string) : undefined;
}

/** The image known by repo@digest (the manifest or index digest it was pulled by). */
export function imageByDigest(db: Db, repo: string, digest: string): ImageRecord | undefined {
  const r = db.prepare('SELECT image_id FROM image_digests WHERE repo = ? AND digest = ?').get(repo, digest) as Row | undefined;
  return r ? getImage(db, r['image_id'] as string) : undefined;
}

/** Images whose ID starts with the hex prefix (callers decide what ambiguity means). */
export function imagesByIdPrefix(db: Db, prefix: string): ImageRecord[] {
  const hex = prefix.replace(/^sha256:/, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) return [];
  const rows = db.prepare("SELECT id FROM images WHERE id >= ? AND id < ? || 'g'").all(hex, hex) as Row[];
  return rows.map((r) => getImage(db, r['id'] as string)!).filter(Boolean);
}

export function getLayer(db: Db, id: string): LayerRecord | undefined {
  const r = db.prepare('SELECT * FROM layers WHERE id = ?').get(id) as Row | undefined;
  if (!r) return undefined;
  return {
    id: r['id'] as string,
    parent: (r['parent'] as string | null) ?? null,
    diffId: r['diff_id'] as string,
    compressedDigest: (r['compressed_digest'] as string | null) ?? null,
    compressedSize: r['compressed_size'] === null ? null : Number(r['compressed_size']),
    size: Number(r['size']),
    created: Number(r['created']),
  };
}

/** The layer chain of an image, base first. */
export function layerChain(db: Db, topLayer: string | null): LayerRecord[] {
  const out: LayerRecord[] = [];
  for (let id = topLayer; id; ) {
    const l = getLayer(db, id);
    if (!l) throw new BerthError('internal', `layer ${id} is missing from the store`, { hint: 'run berth system check' });
    out.unshift(l);
    id = l.parent;
  }
  return out;
}

/** Records a layer whose files are already in place; a no-op when it exists (layers are shared by chain ID). */
export function addLayer(db: Db, l: LayerRecord): void {
  db.prepare(
    `INSERT OR IGNORE INTO layers (id, parent, diff_id, compressed_digest, compressed_size, size, created)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(l.id, l.parent, l.diffId, l.compressedDigest, l.compressedSize, l.size, l.created);
}

/**
 * Commits an image whose layers are recorded: inserts it (or merges into the existing record with the same ID),
 * then moves each name to it — a name is unique, so a re-pulled tag leaves its old image dangling, as in podman.
 */
export function commitImage(db: Db, img: Omit<ImageRecord, 'names' | 'digests' | 'namesHistory'>, names: string[], digests: Array<{ repo: string; digest: string }>): ImageRecord {
  return transaction(db, () => {
    db.prepare(
      `INSERT INTO images (id, digest, top_layer, config, manifest, manifest_type, size, created, added, read_only)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET digest = excluded.digest, manifest = excluded.manifest,
         manifest_type = excluded.manifest_type`,
    ).run(img.id, img.digest, img.topLayer, img.config, img.manifest, img.manifestType, img.size, img.created, img.added, img.readOnly ? 1 : 0);
    const before = namesOf(db, img.id);
    for (const n of names) setName(db, img.id, n);
    // podman puts the pulled name first when an existing image gains it.
    if (names.length) updateHistory(db, img.id, [...names, ...before.filter((n) => !names.includes(n))]);
    for (const d of digests) {
      db.prepare('INSERT OR IGNORE INTO image_digests (image_id, repo, digest) VALUES (?, ?, ?)').run(img.id, d.repo, d.digest);
    }
    return getImage(db, img.id)!;
  });
}

/** Records that the image's names are now `names` (podman's order) in its names history. */
function updateHistory(db: Db, id: string, names: string[]): void {
  const r = db.prepare('SELECT names_history FROM images WHERE id = ?').get(id) as Row | undefined;
  if (!r) return;
  const next = nextNamesHistory(parseHistory(r['names_history']), names);
  db.prepare('UPDATE images SET names_history = ? WHERE id = ?').run(JSON.stringify(next), id);
}

function setName(db: Db, id: string, name: string): void {
  db.prepare('DELETE FROM image_names WHERE name = ? AND image_id != ?').run(name, id);
  db.prepare('INSERT OR IGNORE INTO image_names (name, image_id) VALUES (?, ?)').run(name, id);
}

export function tagImage(db: Db, id: string, names: string[]): void {
  transaction(db, () => {
    if (!getImage(db, id)) throw new BerthError('not-found', `${id}: image not known`);
    for (const n of names) setName(db, id, n);
    if (names.length) updateHistory(db, id, namesOf(db, id));
  });
}

/** Removes names from an image; returns the names that were not on it. */
export function untagImage(db: Db, id: string, names: string[]): string[] {
  return transaction(db, () => {
    const missing: string[] = [];
    for (const n of names) {
      const r = db.prepare('DELETE FROM image_names WHERE name = ? AND image_id = ?').run(n, id);
      if (r.changes === 0) missing.push(n);
    }
    if (missing.length < names.length) updateHistory(db, id, namesOf(db, id));
    return missing;
  });
}

/**
 * Deletes an image record and every layer no other image (or container layer parent) still needs.
 * Returns the removed layer IDs, top first, so the caller deletes their files after this commit.
 */
export function removeImageRecord(db: Db, id: string): string[] {
  return transaction(db, () => {
    const img = getImage(db, id);
    if (!img) throw new BerthError('not-found', `${id}: image not known`);
    db.prepare('DELETE FROM images WHERE id = ?').run(id);
    return collectUnusedLayers(db, img.topLayer);
  });
}

/** Walks down from `top`, deleting layers that no image tops and no other layer has as parent. */
function collectUnusedLayers(db: Db, top: string | null): string[] {
  const removed: string[] = [];
  for (let id = top; id; ) {
    const usedByImage = db.prepare('SELECT 1 FROM images WHERE top_layer = ? LIMIT 1').get(id);
    const usedAsParent = db.prepare('SELECT 1 FROM layers WHERE parent = ? LIMIT 1').get(id);
    if (usedByImage || usedAsParent) break;
    const l = getLayer(db, id);
    if (!l) break;
    db.prepare('DELETE FROM layers WHERE id = ?').run(id);
    removed.push(id);
    id = l.parent;
  }
  return removed;
}

/**
 * Deletes the records of pulled layers that no image needs: a killed pull records layers before the commit that makes
 * its image visible. Only layers with a compressed digest (made by a pull) are candidates; everything below an image's
 * top layer, a container's layer or a layer not made by a pull is kept. Call it only while no pull runs (the pull
 * guard). Returns the removed IDs, children before parents, for deleting their directories after the commit.
 */
export function removeOrphanLayers(db: Db): string[] {
  return transaction(db, () => {
    const rows = db.prepare(
      `WITH RECURSIVE keep(id) AS (
         SELECT top_layer FROM images WHERE top_layer IS NOT NULL
         UNION SELECT layer_id FROM containers WHERE layer_id IS NOT NULL
         UNION SELECT id FROM layers WHERE compressed_digest IS NULL
         UNION SELECT l.parent FROM layers l JOIN keep k ON l.id = k.id WHERE l.parent IS NOT NULL
       )
       SELECT id, parent FROM layers WHERE id NOT IN (SELECT id FROM keep WHERE id IS NOT NULL)`,
    ).all() as Row[];
    const left = new Map(rows.map((r) => [r['id'] as string, (r['parent'] as string | null) ?? null]));
    const removed: string[] = [];
    const del = db.prepare('DELETE FROM layers WHERE id = ?');
    while (left.size > 0) {
      const parents = new Set(left.values());
      const leaves = [...left.keys()].filter((id) => !parents.has(id));
      if (leaves.length === 0) break; // a cycle cannot be recorded; stay safe anyway
      for (const id of leaves) {
        del.run(id);
        left.delete(id);
        removed.push(id);
      }
    }
    return removed;
  });
}

/** IDs of containers created from the image (rmi refuses these without --force). */
export function containersUsingImage(db: Db, id: string): Array<{ id: string; name: string }> {
  return db.prepare('SELECT id, name FROM containers WHERE image_id = ?').all(id) as Array<{ id: string; name: string }>;
}

/** How many containers use each image, in one query (for `images` Containers and the containers= filter). */
export function containerCountsByImage(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT image_id, count(*) AS n FROM containers WHERE image_id IS NOT NULL GROUP BY image_id').all() as Row[];
  return new Map(rows.map((r) => [r['image_id'] as string, Number(r['n'])]));
}

/** Every layer's ID, parent and size in one query (layer trees: intermediate images, `image tree`, history). */
export function listLayers(db: Db): Array<{ id: string; parent: string | null; size: number }> {
  const rows = db.prepare('SELECT id, parent, size FROM layers').all() as Row[];
  return rows.map((r) => ({ id: r['id'] as string, parent: (r['parent'] as string | null) ?? null, size: Number(r['size']) }));
}

/**
 * Removes an image in one transaction unless a container uses it (checked inside the same write lock, so no container
 * can appear in between). Returns the container that blocks it, or the layer IDs to delete from disk after the commit
 * (none with keepLayers: they stay recorded without an image, for `image prune` or the next pull).
 */
export function removeImageIfUnused(db: Db, id: string, opts: { keepLayers?: boolean } = {}): { usedBy: string } | { layers: string[]; names: string[] } {
  return transaction(db, () => {
    const img = getImage(db, id);
    if (!img) throw new BerthError('not-found', `${id}: image not known`);
    const user = db.prepare('SELECT id FROM containers WHERE image_id = ? LIMIT 1').get(id) as Row | undefined;
    if (user) return { usedBy: user['id'] as string };
    db.prepare('DELETE FROM images WHERE id = ?').run(id);
    // keepLayers: a pull in another process may just have found these layers present and be about to use them.
    return { layers: opts.keepLayers ? [] : collectUnusedLayers(db, img.topLayer), names: img.names };
  });
}
