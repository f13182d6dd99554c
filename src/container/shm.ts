// A container's /dev/shm as Podman makes it: a tmpfs mounted on the host at <bundle>/shm and bound into the
// container, so that a container joining its IPC namespace (--ipc container:X) can bind the same one.
import fs from 'node:fs';
import path from 'node:path';
import { mount, umount, MS_NODEV, MS_NOEXEC, MS_NOSUID } from '../sys/mount.ts';
import { parseBytes } from '../runtime/resources.ts';
import { bundleDir, type LifecycleEnv } from './env.ts';
import { getContainer, type ContainerRecord } from './records.ts';

export const shmDir = (env: Pick<LifecycleEnv, 'runRoot'>, id: string) => path.join(bundleDir(env, id), 'shm');

/**
 * The host path to bind at /dev/shm for `rec`, mounting the container's own tmpfs when its IPC namespace is private;
 * undefined for --ipc host|none (the spec handles those). The path is a function of the ID, so teardown finds it
 * without a record (unmountShm), and a crash between mkdir and mount leaves only an empty directory in the bundle.
 */
export function prepareShm(env: LifecycleEnv, rec: ContainerRecord, ipcMode: string, shmSize: string): string | undefined {
  if (ipcMode === 'host' || ipcMode === 'none') return undefined;
  if (ipcMode.startsWith('container:')) return sharedShm(env, ipcMode.slice('container:'.length));
  const dir = shmDir(env, rec.id);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  // A restart after a crash may find the old one still mounted: never stack a second tmpfs on it.
  unmountShm(env, rec.id);
  try {
    mount('shm', dir, 'tmpfs', { flags: MS_NOSUID | MS_NODEV | MS_NOEXEC, data: `mode=1777,size=${parseBytes(shmSize)}` });
  } catch (e) {
    // Without the right to mount on the host (a user without CAP_SYS_ADMIN), the runtime makes /dev/shm itself,
    // as before: the container works, only --ipc container: to it gets no shared /dev/shm.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
    fs.rmdirSync(dir);
    return undefined;
  }
  return dir;
}

/** The /dev/shm of the container whose IPC namespace is joined (following one `container:` hop, as podman). */
function sharedShm(env: LifecycleEnv, other: string): string | undefined {
  const o = getContainer(env.db, other);
  if (!o) return undefined;
  const mode = o.config.spec.ipc ?? '';
  if (mode === 'host') return '/dev/shm';
  if (mode.startsWith('container:')) return sharedShm(env, mode.slice('container:'.length));
  const dir = shmDir(env, o.id);
  // A container from before Berth mounted /dev/shm on the host has none: the joiner then keeps its own.
  return fs.existsSync(dir) ? dir : undefined;
}

/** Unmounts the container's /dev/shm tmpfs if it is mounted (lazily: a joined container may still use it). */
export function unmountShm(env: Pick<LifecycleEnv, 'runRoot'>, id: string): void {
  try {
    umount(shmDir(env, id), { detach: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOENT') throw e;
  }
}
