// The layer store contract (file-system only; metadata lives in the state DB), chain IDs, driver choice and probe.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { log } from '../util/log.ts';
import { mount, umount } from '../sys/mount.ts';
import type { Driver } from './apply.ts';
import { OverlayStore } from './overlay.ts';
import { VfsStore } from './vfs.ts';
import { randomName } from './ids.ts';

export interface CreateLayerOptions {
  /** Resolves once the parent layer exists (rejections abort this layer too). */
  parentReady?: Promise<unknown>;
}

export interface LayerStore {
  readonly driver: Driver;
  readonly graphRoot: string;
  /**
   * Creates layer `id` on top of `parentId`: `apply` fills a temporary directory (for overlay an empty diff dir, for
   * vfs a copy of the parent's tree, ready for applyLayer with the same driver), which is renamed into place only
   * after it succeeds. Throws 'already-exists' when the layer exists (also when a concurrent creator won the race).
   */
  /**
   * Applies a layer in a temporary directory and renames it into place. `parentReady` lets a caller apply layers
   * concurrently: overlay applies first and waits for the parent only before linking; vfs (a copy of its parent)
   * waits before it starts.
   */
  createLayer<T>(id: string, parentId: string | null, apply: (dir: string) => Promise<T>, opts?: CreateLayerOptions): Promise<T>;
  removeLayer(id: string): Promise<void>;
  exists(id: string): boolean;
  /** The directory holding the layer's own content (overlay: its diff dir; vfs: its full tree). */
  layerDir(id: string): string;
  /**
   * Makes the container's read-write layer over image layers given base first (at create, as podman: nothing mounted;
   * vfs makes its full copy here).
   */
  createContainerLayer(layerIds: string[], containerId: string): Promise<void>;
  /**
   * Prepares (once) and mounts the container's rootfs over image layers given base first; returns its path. `volatile`
   * (for --rm containers, whose layer is deleted at exit, as Podman does): overlay skips syncing the upper layer, which
   * otherwise makes every unmount wait for a journal commit.
   */
  mountContainerRootfs(layerIds: string[], containerId: string, opts?: { volatile?: boolean }): Promise<string>;
  /** Unmounts the container's rootfs; a no-op when it is not mounted. */
  unmount(containerId: string): Promise<void>;
  /** Unmounts and deletes the container's read-write layer. */
  removeContainerLayer(containerId: string): Promise<void>;
  /** Removes what interrupted creations/removals left behind; returns the paths removed. */
  cleanupTemp(): Promise<string[]>;
}

export { chainId, chainIds, idDir, randomName } from './ids.ts';

const PROBE_FILE = '.overlay-probe';

/**
 * Whether overlayfs can be mounted with upper/work dirs on graphRoot's filesystem. Mounts a tiny overlay once and
 * caches the answer in `<graphRoot>/.overlay-probe` ("overlay" or "vfs: reason").
 */
export function probeOverlay(graphRoot: string): boolean {
  try {
    return readFileSync(`${graphRoot}/${PROBE_FILE}`, 'utf8').startsWith('overlay');
  } catch {
    // not probed yet
  }
  mkdirSync(graphRoot, { recursive: true, mode: 0o700 });
  const dir = `${graphRoot}/.probe-${randomName(8)}`;
  let answer = 'overlay';
  try {
    for (const d of ['lower', 'upper', 'work', 'merged']) mkdirSync(`${dir}/${d}`, { recursive: true });
    writeFileSync(`${dir}/lower/f`, '');
    mount('overlay', `${dir}/merged`, 'overlay', { data: `lowerdir=${dir}/lower,upperdir=${dir}/upper,workdir=${dir}/work` });
    try {
      readFileSync(`${dir}/merged/f`);
    } finally {
      umount(`${dir}/merged`, { detach: true });
    }
  } catch (e) {
    answer = `vfs: ${(e as Error).message}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log.debug(`overlay probe on ${graphRoot}: ${answer}`);
  writeFileSync(`${graphRoot}/${PROBE_FILE}`, answer + '\n');
  return answer === 'overlay';
}

/** Opens the layer store under graphRoot with the given driver, or the best one that works there ('auto'). */
export function openLayerStore(graphRoot: string, driver: Driver | 'auto' = 'auto'): LayerStore {
  const d: Driver = driver === 'auto' ? (probeOverlay(graphRoot) ? 'overlay' : 'vfs') : driver;
  return d === 'overlay' ? new OverlayStore(graphRoot) : new VfsStore(graphRoot);
}
