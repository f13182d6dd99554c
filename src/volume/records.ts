// Volume rows in the state DB and the volume_users links containers record in their own transactions.
import type { Db } from '../state/db.ts';
import { transaction } from '../state/db.ts';
import { BerthError } from '../util/errors.ts';

export interface VolumeRecord {
  name: string;
  driver: string;
  mountpoint: string;
  /** RFC 3339 UTC with 9 fraction digits. */
  created: string;
  labels: Record<string, string>;
  options: Record<string, string>;
  anonymous: boolean;
  uid?: number;
  gid?: number;
  needsCopyUp: boolean;
  needsChown: boolean;
  mountCount: number;
}

interface Row {
  name: string; driver: string; mountpoint: string; created: string; labels: string; options: string;
  anonymous: number; uid: number | null; gid: number | null; needs_copy_up: number; needs_chown: number; mount_count: number;
}

function fromRow(r: Row): VolumeRecord {
  const rec: VolumeRecord = {
    name: r.name, driver: r.driver, mountpoint: r.mountpoint, created: r.created,
    labels: JSON.parse(r.labels) as Record<string, string>, options: JSON.parse(r.options) as Record<string, string>,
    anonymous: r.anonymous !== 0, needsCopyUp: r.needs_copy_up !== 0, needsChown: r.needs_chown !== 0, mountCount: r.mount_count,
  };
  if (r.uid !== null) rec.uid = r.uid;
  if (r.gid !== null) rec.gid = r.gid;
  return rec;
}

/** Runs fn in a write transaction, or inside the caller's when one is open (container creation). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.isTransaction ? fn() : transaction(db, fn);
}

export const alreadyExists = (name: string) =>
  new BerthError('already-exists', `volume with name ${name} already exists: volume already exists`);

/** Inserts a volume row; podman's "already exists" error when the name is taken. */
export function insertVolume(db: Db, v: VolumeRecord): void {
  try {
    db.prepare(
      `INSERT INTO volumes (name, driver, mountpoint, created, labels, options, anonymous, uid, gid, needs_copy_up, needs_chown, mount_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(v.name, v.driver, v.mountpoint, v.created, JSON.stringify(v.labels), JSON.stringify(v.options), v.anonymous ? 1 : 0,
      v.uid ?? null, v.gid ?? null, v.needsCopyUp ? 1 : 0, v.needsChown ? 1 : 0, v.mountCount);
  } catch (e) {
    if ((e as { errcode?: number }).errcode === 1555) throw alreadyExists(v.name);
    throw e;
  }
}

export function getVolume(db: Db, name: string): VolumeRecord | undefined {
  const r = db.prepare('SELECT * FROM volumes WHERE name = ?').get(name) as Row | undefined;
  return r && fromRow(r);
}

/** Every volume, sorted by name (podman lists them in that order). */
export function listVolumes(db: Db): VolumeRecord[] {
  return (db.prepare('SELECT * FROM volumes ORDER BY name').all() as unknown as Row[]).map(fromRow);
}

export const volumeExists = (db: Db, name: string) => db.prepare('SELECT 1 FROM volumes WHERE name = ?').get(name) !== undefined;

/** IDs of the containers that use a volume. */
export function volumeInUseBy(db: Db, name: string): string[] {
  return (db.prepare('SELECT container_id FROM volume_users WHERE volume = ? ORDER BY container_id').all(name) as Array<{ container_id: string }>)
    .map((r) => r.container_id);
}

/** Names of the volumes with at least one user. */
export function usedVolumeNames(db: Db): Set<string> {
  return new Set((db.prepare('SELECT DISTINCT volume FROM volume_users').all() as Array<{ volume: string }>).map((r) => r.volume));
}

/** Records that a container uses a volume: call inside the container-creation transaction. */
export function addVolumeUser(db: Db, volume: string, containerId: string): void {
  db.prepare('INSERT OR IGNORE INTO volume_users (volume, container_id) VALUES (?, ?)').run(volume, containerId);
}

/** Drops a container's links (also done by ON DELETE CASCADE when its row goes); returns the volume names. */
export function removeVolumeUsers(db: Db, containerId: string): string[] {
  const names = (db.prepare('SELECT volume FROM volume_users WHERE container_id = ?').all(containerId) as Array<{ volume: string }>).map((r) => r.volume);
  db.prepare('DELETE FROM volume_users WHERE container_id = ?').run(containerId);
  return names;
}

/** The volumes a container uses. */
export function volumesOfContainer(db: Db, containerId: string): string[] {
  return (db.prepare('SELECT volume FROM volume_users WHERE container_id = ? ORDER BY volume').all(containerId) as Array<{ volume: string }>)
    .map((r) => r.volume);
}

/** Deletes the row; false when it was already gone. */
export function deleteVolumeRow(db: Db, name: string): boolean {
  return Number(db.prepare('DELETE FROM volumes WHERE name = ?').run(name).changes) > 0;
}

export function setMountCount(db: Db, name: string, count: number): void {
  db.prepare('UPDATE volumes SET mount_count = ? WHERE name = ?').run(count, name);
}

export function setVolumeFlags(db: Db, name: string, flags: { needsCopyUp?: boolean; needsChown?: boolean }): void {
  if (flags.needsCopyUp !== undefined) db.prepare('UPDATE volumes SET needs_copy_up = ? WHERE name = ?').run(flags.needsCopyUp ? 1 : 0, name);
  if (flags.needsChown !== undefined) db.prepare('UPDATE volumes SET needs_chown = ? WHERE name = ?').run(flags.needsChown ? 1 : 0, name);
}
