// The vfs driver: <graphRoot>/vfs/dir/<id> holds each layer's full tree (a copy of its parent plus its changes).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { BerthError } from '../util/errors.ts';
import { run } from '../sys/exec.ts';
import { idDir, randomName } from './ids.ts';
import type { CreateLayerOptions, LayerStore } from './layers.ts';

const errCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** Copies a tree preserving owners, modes, times, links, devices and xattrs (reflinks where the fs can). */
const copyTree = (from: string, to: string) => run('cp', ['-a', '--reflink=auto', '--', from, to]);

export class VfsStore implements LayerStore {
  readonly driver = 'vfs' as const;
  readonly graphRoot: string;
  readonly home: string;

  constructor(graphRoot: string) {
    this.graphRoot = graphRoot;
    this.home = `${graphRoot}/vfs/dir`;
    mkdirSync(this.home, { recursive: true, mode: 0o700 });
  }

  layerDir(id: string): string {
    return `${this.home}/${idDir(id)}`;
  }

  exists(id: string): boolean {
    return existsSync(this.layerDir(id));
  }

  async createLayer<T>(id: string, parentId: string | null, apply: (dir: string) => Promise<T>, opts: CreateLayerOptions = {}): Promise<T> {
    const final = this.layerDir(id);
    if (existsSync(final)) throw new BerthError('already-exists', `layer ${id} already exists`);
    await opts.parentReady; // a vfs layer starts as a copy of its parent
    if (parentId !== null && !this.exists(parentId)) throw new BerthError('not-found', `parent layer ${parentId} does not exist`);
    const tmp = `${this.home}/.tmp-${randomName(12)}`;
    try {
      if (parentId !== null) await copyTree(this.layerDir(parentId), tmp);
      else mkdirSync(tmp, { mode: 0o755 });
      const result = await apply(tmp);
      try {
        renameSync(tmp, final);
      } catch (e) {
        if (errCode(e) === 'ENOTEMPTY' || errCode(e) === 'EEXIST') throw new BerthError('already-exists', `layer ${id} already exists`);
        throw e;
      }
      return result;
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  }

  async removeLayer(id: string): Promise<void> {
    const dir = this.layerDir(id);
    if (!existsSync(dir)) throw new BerthError('not-found', `layer ${id} does not exist`);
    this.discard(dir);
  }

  private discard(dir: string): void {
    const gone = `${this.home}/.rm-${randomName(12)}`;
    renameSync(dir, gone);
    rmSync(gone, { recursive: true, force: true });
  }

  /** vfs has nothing to mount: the container's rootfs is its own full copy of the top layer, made at create. */
  async createContainerLayer(layerIds: string[], containerId: string): Promise<void> {
    if (existsSync(this.layerDir(containerId))) return;
    await this.createLayer(containerId, layerIds.at(-1) ?? null, async () => undefined);
  }

  async mountContainerRootfs(layerIds: string[], containerId: string): Promise<string> {
    await this.createContainerLayer(layerIds, containerId);
    return this.layerDir(containerId);
  }

  async unmount(_containerId: string): Promise<void> {}

  async removeContainerLayer(containerId: string): Promise<void> {
    const dir = this.layerDir(containerId);
    if (existsSync(dir)) this.discard(dir);
  }

  async cleanupTemp(): Promise<string[]> {
    const removed: string[] = [];
    for (const n of readdirSync(this.home)) {
      if (!n.startsWith('.tmp-') && !n.startsWith('.rm-')) continue;
      rmSync(`${this.home}/${n}`, { recursive: true, force: true });
      removed.push(`${this.home}/${n}`);
    }
    return removed;
  }
}
