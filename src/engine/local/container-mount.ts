// `mount` / `unmount` in the local engine: a container's rootfs mounted for the user, counted in its record, kept
// through the container's stops until the count is back to zero (or `unmount --force`); `rm` unmounts it regardless.
import type { LifecycleEnv } from '../../container/env.ts';
import { withContainerLock } from '../../container/lock.ts';
import { reconcile } from '../../container/reconcile.ts';
import { findContainer, getContainer, listContainers, updateContainer, type ContainerRecord } from '../../container/records.ts';
import { layerChain } from '../../image/store.ts';
import { isMountPoint } from '../../sys/mount.ts';
import { BerthError } from '../../util/errors.ts';
import type { MountedContainer } from '../containers.ts';

/** States in which the runtime holds the rootfs (init mounted it; cleanup unmounts it). */
const RUNTIME_STATES = new Set(['initialized', 'running', 'paused', 'stopping']);

const noSuchContainer = (input: string) => new BerthError('not-found', `no container with name or ID "${input}" found: no such container`);

/** Whether the record's rootfs is mounted now (vfs: the directory is the rootfs, nothing to mount). */
function rootfsMounted(env: Pick<LifecycleEnv, 'layers'>, rec: ContainerRecord): boolean {
  return rec.mounted !== null && (env.layers().driver === 'vfs' || isMountPoint(rec.mounted));
}

/**
 * Mounts the container's rootfs unless it is mounted already, under the container's lock (the caller's); returns the
 * path and whether this call mounted it.
 */
export async function ensureRootfs(env: LifecycleEnv, rec: ContainerRecord): Promise<{ rootfs: string; mountedNow: boolean }> {
  if (rootfsMounted(env, rec)) return { rootfs: rec.mounted!, mountedNow: false };
  const top = rec.imageId ? (env.db.prepare('SELECT top_layer FROM images WHERE id = ?').get(rec.imageId) as { top_layer: string | null } | undefined) : undefined;
  if (!top) throw new BerthError('not-found', `container ${rec.id}: its image ${rec.imageId ?? ''} is gone`);
  const chain = layerChain(env.db, top.top_layer).map((l) => l.id);
  return { rootfs: await env.layers().mountContainerRootfs(chain, rec.id), mountedNow: true };
}

/** The containers named (each looked up before any is mounted, as one missing name must mount nothing). */
function lookUp(env: LifecycleEnv, inputs: readonly string[]): ContainerRecord[] {
  return inputs.map((input) => {
    const found = findContainer(env.db, input);
    if (!found) throw noSuchContainer(input);
    return found;
  });
}

/** podman mount CONTAINER...: each rootfs mounted (or its count raised); the mount points in the order given. */
export async function mountContainers(env: LifecycleEnv, inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const found of lookUp(env, inputs)) {
    out.push(
      await withContainerLock(env, found.id, async () => {
        const rec = reconcile(env, getContainer(env.db, found.id) ?? found);
        if (rec.state === 'removing') throw new BerthError('conflict', `container ${rec.id} is being removed: container state improper`);
        const { rootfs, mountedNow } = await ensureRootfs(env, rec);
        try {
          updateContainer(env.db, rec.id, { mounted: rootfs, detail: { userMounts: (rec.detail.userMounts ?? 0) + 1 } });
        } catch (e) {
          if (mountedNow) await env.layers().unmount(rec.id);
          throw e;
        }
        return rootfs;
      }),
    );
  }
  return out;
}

/** Every container, for `mount --all`. */
export const allContainerIds = (env: LifecycleEnv): string[] => listContainers(env.db).map((r) => r.id);

/**
 * podman unmount: the user's count lowered (to zero with force); the rootfs unmounted when no count is left and the
 * runtime does not hold it. A running container keeps its rootfs: podman would unmount it from under the container.
 */
export async function unmountContainers(env: LifecycleEnv, inputs: readonly string[], force: boolean): Promise<void> {
  for (const found of lookUp(env, inputs)) {
    await withContainerLock(env, found.id, async () => {
      const rec = reconcile(env, getContainer(env.db, found.id) ?? found);
      const left = force ? 0 : Math.max(0, (rec.detail.userMounts ?? 0) - 1);
      if (left > 0 || RUNTIME_STATES.has(rec.state) || rec.state === 'removing') {
        updateContainer(env.db, rec.id, { detail: { userMounts: left } });
        return;
      }
      await env.layers().unmount(rec.id);
      updateContainer(env.db, rec.id, { mounted: null, detail: { userMounts: 0 } });
    });
  }
}

/** The containers whose rootfs is mounted (by the user or by the runtime), oldest first. */
export function mountedContainers(env: Pick<LifecycleEnv, 'db' | 'layers'>): MountedContainer[] {
  return listContainers(env.db)
    .filter((r) => rootfsMounted(env, r))
    .sort((a, b) => a.created - b.created)
    .map((r) => ({ id: r.id, names: [r.name], mountpoint: r.mounted! }));
}

/** The containers the user mounted and that no longer run (for `unmount --all`). */
export function userMountedIds(env: LifecycleEnv): string[] {
  return listContainers(env.db)
    .filter((r) => (r.detail.userMounts ?? 0) > 0 || (r.mounted !== null && !RUNTIME_STATES.has(r.state)))
    .map((r) => r.id);
}
