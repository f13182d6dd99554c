// Named network namespaces: <runRoot>/netns/<name> bind-mounts of a new netns (lo up), handed to the runtime; removed on cleanup.
import { mkdirSync, rmSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from '../sys/random.ts';
import { createNetnsOnFile } from '../sys/netns.ts';
import { umount, isMountPoint } from '../sys/mount.ts';
import { BerthError } from '../util/errors.ts';

export const netnsDir = (runRoot: string) => path.join(runRoot, 'netns');

/** A fresh name like podman's: netns-<uuid-ish>. */
export const newNetnsName = () => {
  const h = randomBytes(16).toString('hex');
  return `netns-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** Creates the namespace file: a new netns bind-mounted there, loopback up (sys/netns.ts, no helper process). */
export async function createNetns(runRoot: string, name = newNetnsName()): Promise<string> {
  const dir = netnsDir(runRoot);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const file = path.join(dir, name);
  if (existsSync(file)) throw new BerthError('already-exists', `netns ${file} already exists`);
  writeFileSync(file, '', { mode: 0o444 });
  try {
    createNetnsOnFile(file);
  } catch (e) {
    removeNetnsFile(file);
    throw new BerthError('internal', `creating network namespace ${file}: ${(e as Error).message}`);
  }
  return file;
}

function removeNetnsFile(file: string): void {
  try {
    umount(file, { detach: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOENT') throw e;
  }
  rmSync(file, { force: true });
}

/** Unmounts and unlinks a namespace file; missing is fine (idempotent cleanup). */
export function removeNetns(file: string): void {
  removeNetnsFile(file);
}

/** Namespace files under the run root (for cleanup and leak checks). */
export function listNetns(runRoot: string): string[] {
  try {
    return readdirSync(netnsDir(runRoot)).map((n) => path.join(netnsDir(runRoot), n));
  } catch {
    return [];
  }
}

export const isNetnsMounted = (file: string) => isMountPoint(file);
