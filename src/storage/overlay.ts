// The overlay driver: <graphRoot>/overlay/<id>/{diff,work,merged,link,lower} plus l/<short> links; mounts rootfs.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { BerthError } from '../util/errors.ts';
import { mount, umount } from '../sys/mount.ts';
import { idDir, randomName } from './ids.ts';
import type { CreateLayerOptions, LayerStore } from './layers.ts';

/**
 * Whether an overlay is mounted on `merged`: an overlay mount has a device number of its own, unlike the directory
 * under it (two stats instead of reading and parsing the mount table).
 */
function overlayMounted(merged: string): boolean {
  try {
    return statSync(merged).dev !== statSync(`${merged}/..`).dev;
  } catch {
    return false;
  }
}

const errCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

export class OverlayStore implements LayerStore {
  readonly driver = 'overlay' as const;
  readonly graphRoot: string;
  /** <graphRoot>/overlay: the directory the mount's relative `l/<short>` lowerdirs are resolved from. */
  readonly home: string;

  constructor(graphRoot: string) {
    this.graphRoot = graphRoot;
    this.home = `${graphRoot}/overlay`;
    mkdirSync(`${this.home}/l`, { recursive: true, mode: 0o700 });
  }

  private dir(id: string): string {
    return `${this.home}/${idDir(id)}`;
  }

  layerDir(id: string): string {
    return `${this.dir(id)}/diff`;
  }

  exists(id: string): boolean {
    return existsSync(`${this.dir(id)}/link`);
  }

  private link(id: string): string {
    return readFileSync(`${this.dir(id)}/link`, 'utf8').trim();
  }

  async createLayer<T>(id: string, parentId: string | null, apply: (dir: string) => Promise<T>, opts: CreateLayerOptions = {}): Promise<T> {
    const final = this.dir(id);
    if (existsSync(final)) throw new BerthError('already-exists', `layer ${id} already exists`);
    // An overlay layer's diff does not depend on its parent's files: only the lower chain does, read after apply.
    const lowerChain = async (): Promise<string> => {
      if (parentId === null) return '';
      await opts.parentReady;
      if (!this.exists(parentId)) throw new BerthError('not-found', `parent layer ${parentId} does not exist`);
      const parentLower = readFileOr(`${this.dir(parentId)}/lower`, '').trim();
      return [`l/${this.link(parentId)}`, ...(parentLower ? [parentLower] : [])].join(':');
    };
    if (parentId !== null && opts.parentReady === undefined && !this.exists(parentId)) {
      throw new BerthError('not-found', `parent layer ${parentId} does not exist`);
    }
    const tmp = `${this.home}/.tmp-${randomName(12)}`;
    const short = randomName();
    mkdirSync(`${tmp}/diff`, { recursive: true, mode: 0o700 });
    mkdirSync(`${tmp}/work`, { mode: 0o700 });
    let linked = false;
    try {
      const result = await apply(`${tmp}/diff`);
      const lower = await lowerChain();
      writeFileSync(`${tmp}/link`, short);
      if (lower) writeFileSync(`${tmp}/lower`, lower);
      // the short link dangles until the rename below; cleanupTemp() collects it after a crash in between
      symlinkSync(`../${idDir(id)}/diff`, `${this.home}/l/${short}`);
      linked = true;
      try {
        renameSync(tmp, final);
      } catch (e) {
        if (errCode(e) === 'ENOTEMPTY' || errCode(e) === 'EEXIST') throw new BerthError('already-exists', `layer ${id} already exists`);
        throw e;
      }
      return result;
    } catch (e) {
      if (linked) unlinkSync(`${this.home}/l/${short}`);
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  }

  async removeLayer(id: string): Promise<void> {
    const dir = this.dir(id);
    if (!existsSync(dir)) throw new BerthError('not-found', `layer ${id} does not exist`);
    if (overlayMounted(`${dir}/merged`)) throw new BerthError('conflict', `layer ${id} is mounted`);
    const short = readFileOr(`${dir}/link`, '').trim();
    const gone = `${this.home}/.rm-${randomName(12)}`;
    renameSync(dir, gone);
    if (short) rmSync(`${this.home}/l/${short}`, { force: true });
    rmSync(gone, { recursive: true, force: true });
  }

  /** The lower dirs of a container on these layers (top-most first, as overlay wants them). */
  private lowersOf(layerIds: string[]): string[] {
    const lowers = layerIds.map((id) => {
      if (!this.exists(id)) throw new BerthError('not-found', `layer ${id} does not exist`);
      return `l/${this.link(id)}`;
    }).reverse();
    if (!lowers.length) {
      mkdirSync(`${this.home}/empty`, { recursive: true, mode: 0o755 });
      lowers.push('empty');
    }
    return lowers;
  }

  async createContainerLayer(layerIds: string[], containerId: string): Promise<void> {
    this.lowersOf(layerIds);
    const dir = this.dir(containerId);
    for (const d of ['diff', 'work', 'merged']) mkdirSync(`${dir}/${d}`, { recursive: true, mode: d === 'diff' ? 0o755 : 0o700 });
  }

  async mountContainerRootfs(layerIds: string[], containerId: string, opts: { volatile?: boolean } = {}): Promise<string> {
    const dir = this.dir(containerId);
    const merged = `${dir}/merged`;
    if (overlayMounted(merged)) return merged;
    const lowers = this.lowersOf(layerIds);
    for (const d of ['diff', 'work', 'merged']) mkdirSync(`${dir}/${d}`, { recursive: true, mode: d === 'diff' ? 0o755 : 0o700 });
    const c = idDir(containerId);
    // A volatile mount leaves work/incompat/volatile behind; the kernel refuses to mount that workdir again until it goes.
    rmSync(`${dir}/work/incompat`, { recursive: true, force: true });
    const data = `lowerdir=${lowers.join(':')},upperdir=${c}/diff,workdir=${c}/work,index=off${opts.volatile ? ',volatile' : ''}`;
    try {
      mount('overlay', merged, 'overlay', { data, cwd: this.home });
    } catch (e) {
      throw new BerthError('internal', `mounting overlay for container ${containerId}: ${(e as Error).message}`, { cause: e });
    }
    return merged;
  }

  async unmount(containerId: string): Promise<void> {
    const merged = `${this.dir(containerId)}/merged`;
    if (!overlayMounted(merged)) return;
    try {
      umount(merged);
    } catch (e) {
      if (errCode(e) !== 'EBUSY') throw e;
      umount(merged, { detach: true });
    }
  }

  async removeContainerLayer(containerId: string): Promise<void> {
    await this.unmount(containerId);
    const dir = this.dir(containerId);
    if (!existsSync(dir)) return;
    const gone = `${this.home}/.rm-${randomName(12)}`;
    renameSync(dir, gone);
    rmSync(gone, { recursive: true, force: true });
  }

  async cleanupTemp(): Promise<string[]> {
    const removed: string[] = [];
    for (const n of readdirSync(this.home)) {
      if (!n.startsWith('.tmp-') && !n.startsWith('.rm-')) continue;
      rmSync(`${this.home}/${n}`, { recursive: true, force: true });
      removed.push(`${this.home}/${n}`);
    }
    for (const n of readdirSync(`${this.home}/l`)) {
      const p = `${this.home}/l/${n}`;
      try {
        statSync(p);
      } catch {
        // dangling: its layer never landed or was removed half-way
        unlinkSync(p);
        removed.push(p);
      }
    }
    return removed;
  }
}

function readFileOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (errCode(e) === 'ENOENT') return fallback;
    throw e;
  }
}
