// The local volume driver: <volumePath>/<name>/_data directories, -o type/device/o mounts with a use count, copy-up.
import { chownSync, mkdirSync, readdirSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../state/db.ts';
import { BerthError, notFound } from '../util/errors.ts';
import { mount, umount, isMountPoint, MS_BIND } from '../sys/mount.ts';
import { run } from '../sys/exec.ts';
import { validateVolumeName, randomVolumeName } from './names.ts';
import { parseLocalOptions, needsMount, mountSpec } from './options.ts';
import { nowStamp } from './time.ts';
import {
  type VolumeRecord, inTransaction, insertVolume, getVolume, alreadyExists, volumeInUseBy, deleteVolumeRow,
  setMountCount, setVolumeFlags,
} from './records.ts';

export interface CreateVolumeOptions {
  /** Empty or absent: a random 64-hex name. */
  name?: string;
  driver?: string;
  labels?: Record<string, string>;
  /** `-o key=value` pairs (see optionMap). */
  options?: Record<string, string>;
  anonymous?: boolean;
  /** Return the existing volume instead of failing (create-on-first-use). */
  ignoreIfExists?: boolean;
}

const MS_REMOUNT = 0x20;

export const noSuchVolume = (name: string) => notFound(`no volume with name "${name}" found: no such volume`, { exitCode: 1 });

/** Creates the record and its directories in one transaction (two racing creators: one wins, one gets "already exists"). */
export function createVolume(db: Db, volumePath: string, opts: CreateVolumeOptions): VolumeRecord {
  const name = opts.name || randomVolumeName();
  const driver = opts.driver || 'local';
  if (driver !== 'local') {
    throw new BerthError('unavailable', `volume ${name} uses volume plugin ${driver} but it could not be retrieved: no volume plugin with name ${driver} available: required plugin missing`);
  }
  if (opts.name) validateVolumeName(name);
  const parsed = parseLocalOptions(opts.options ?? {});
  const root = path.join(volumePath, name);
  const rec: VolumeRecord = {
    name, driver, mountpoint: path.join(root, '_data'), created: nowStamp(), labels: { ...opts.labels }, options: parsed.options,
    anonymous: !!opts.anonymous, needsCopyUp: true, needsChown: parsed.uid === undefined && parsed.gid === undefined, mountCount: 0,
  };
  if (parsed.uid !== undefined) rec.uid = parsed.uid;
  if (parsed.gid !== undefined) rec.gid = parsed.gid;
  return inTransaction(db, () => {
    const existing = getVolume(db, name);
    if (existing) {
      if (opts.ignoreIfExists) return existing;
      throw alreadyExists(name);
    }
    mkdirSync(volumePath, { recursive: true, mode: 0o700 });
    const made = !existsSync(root);
    try {
      mkdirSync(root, { recursive: true, mode: 0o700 });
      mkdirSync(rec.mountpoint, { recursive: true, mode: 0o755 });
      if (rec.uid !== undefined || rec.gid !== undefined) {
        chownSync(root, rec.uid ?? 0, rec.gid ?? 0);
        chownSync(rec.mountpoint, rec.uid ?? 0, rec.gid ?? 0);
      }
      insertVolume(db, rec);
    } catch (e) {
      if (made) rmSync(root, { recursive: true, force: true });
      throw e;
    }
    return rec;
  });
}

/** The volume for `-v name:/path`: the existing one, or a new local volume of that name. */
export function ensureVolume(db: Db, volumePath: string, name: string): VolumeRecord {
  return getVolume(db, name) ?? createVolume(db, volumePath, { name, ignoreIfExists: true });
}

/** Whether the volume's options describe a driver mount (tmpfs, bind, a device). */
export const volumeNeedsMount = (v: VolumeRecord) => needsMount(v.options);

/**
 * Makes the volume's data available and counts one more user; mounts `type/device/o` volumes on the first use.
 * Returns the host path to bind into a container.
 */
export function mountVolume(db: Db, name: string): string {
  return inTransaction(db, () => {
    const v = getVolume(db, name);
    if (!v) throw noSuchVolume(name);
    if (!needsMount(v.options)) return v.mountpoint;
    mkdirSync(v.mountpoint, { recursive: true, mode: 0o755 });
    if (isMountPoint(v.mountpoint)) {
      setMountCount(db, name, v.mountCount + 1);
      return v.mountpoint;
    }
    const spec = mountSpec(v.options);
    try {
      mount(spec.source, v.mountpoint, spec.fstype, { flags: spec.flags, data: spec.data || undefined });
      if (spec.remountFlags) mount('', v.mountpoint, '', { flags: MS_BIND | MS_REMOUNT | spec.remountFlags });
    } catch (e) {
      if (isMountPoint(v.mountpoint)) umount(v.mountpoint, { detach: true });
      throw new BerthError('internal', `mounting volume ${name}: ${(e as Error).message}`, { cause: e });
    }
    // A stale count (berth killed, host rebooted) restarts at one: the mount did not exist.
    setMountCount(db, name, 1);
    return v.mountpoint;
  });
}

/** One user fewer; the driver mount is undone when the last user stops. */
export function unmountVolume(db: Db, name: string): void {
  inTransaction(db, () => {
    const v = getVolume(db, name);
    if (!v) throw noSuchVolume(name);
    if (!needsMount(v.options)) return;
    const count = Math.max(0, v.mountCount - 1);
    if (count === 0 && isMountPoint(v.mountpoint)) umount(v.mountpoint);
    setMountCount(db, name, count);
  });
}

/**
 * Copies an image directory's content into a new volume (podman's copy-up) when the volume still needs it and is
 * empty; owners, modes, timestamps, links and xattrs are kept (cp -a). Call after mountVolume. Returns whether it copied.
 */
export async function copyUp(db: Db, volume: VolumeRecord, imageDirPath: string): Promise<boolean> {
  const v = getVolume(db, volume.name);
  if (!v) throw noSuchVolume(volume.name);
  if (!v.needsCopyUp) return false;
  let copied = false;
  if (existsSync(imageDirPath) && readdirSync(v.mountpoint).length === 0) {
    await run('cp', ['-a', '--', `${imageDirPath.replace(/\/+$/, '')}/.`, v.mountpoint]);
    // cp gave the volume's root the image directory's owner; an explicit uid/gid stays.
    if (v.uid !== undefined || v.gid !== undefined) chownSync(v.mountpoint, v.uid ?? 0, v.gid ?? 0);
    copied = true;
  }
  inTransaction(db, () => setVolumeFlags(db, v.name, { needsCopyUp: false }));
  return copied;
}

/**
 * Deletes a volume that no container uses: row first (in a transaction that re-checks users), then any lingering
 * mount, then its directory. Throws podman's in-use error (exit 2) otherwise.
 */
export function removeVolume(db: Db, name: string): void {
  const v = inTransaction(db, () => {
    const rec = getVolume(db, name);
    if (!rec) throw notFound(`no volume with name ${name} found in database: no such volume`, { exitCode: 1 });
    const users = volumeInUseBy(db, name);
    if (users.length) throw inUse(name, users);
    if (isMountPoint(rec.mountpoint)) umount(rec.mountpoint);
    deleteVolumeRow(db, name);
    return rec;
  });
  const root = path.dirname(v.mountpoint);
  if (isMountPoint(v.mountpoint)) throw new BerthError('internal', `volume ${name}: ${v.mountpoint} is still mounted`);
  rmSync(root, { recursive: true, force: true });
}

export const inUse = (name: string, users: readonly string[]) =>
  new BerthError('conflict', `volume ${name} is being used by the following container(s): ${users.join(', ')}: volume is being used`, { exitCode: 2 });
