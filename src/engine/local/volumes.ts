// The local VolumeEngine: volume verbs over the state DB and the local driver (src/volume).
import type { VolumeEngine, VolumeReport, VolumeRemoveReport } from '../volumes.ts';
import type { LocalContext } from './context.ts';
import { isBerthError } from '../../util/errors.ts';
import { createVolume, removeVolume, inUse } from '../../volume/driver.ts';
import { getVolume, listVolumes, usedVolumeNames, volumeExists, volumeInUseBy, type VolumeRecord } from '../../volume/records.ts';
import { parseVolumeFilters, matchesAny, type VolumeFacts } from '../../volume/filters.ts';
import { rfc3339Nano, stampMs } from '../../volume/time.ts';

/** What the container side lends the volume engine: removing the containers of a volume for `volume rm -f`. */
export interface VolumeHooks {
  removeContainer?: (id: string, opts: { force: boolean; timeout?: number }) => Promise<void>;
}

const sorted = (m: Record<string, string>) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));

/** A record as podman reports it (field order and omitempty as InspectVolumeData). */
export function volumeReport(v: VolumeRecord): VolumeReport {
  const r: VolumeReport = {
    Name: v.name, Driver: v.driver, Mountpoint: v.mountpoint, CreatedAt: rfc3339Nano(v.created),
    Labels: sorted(v.labels), Scope: 'local', Options: sorted(v.options), MountCount: v.mountCount,
  };
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(r)) {
    if (k === 'MountCount') {
      if (v.uid) out['UID'] = v.uid;
      if (v.gid) out['GID'] = v.gid;
      if (v.anonymous) out['Anonymous'] = true;
    }
    out[k] = val;
  }
  if (v.needsCopyUp) out['NeedsCopyUp'] = true;
  if (v.needsChown) out['NeedsChown'] = true;
  return out as unknown as VolumeReport;
}

const errOf = (e: unknown) => {
  if (!isBerthError(e)) throw e;
  return { message: e.message, exitCode: e.exitCode };
};

export class LocalVolumeEngine implements VolumeEngine {
  private readonly ctx: LocalContext;
  hooks: VolumeHooks;
  constructor(ctx: LocalContext, hooks: VolumeHooks = {}) {
    this.ctx = ctx;
    this.hooks = hooks;
  }

  async create(opts: Parameters<VolumeEngine['create']>[0]): Promise<string> {
    return createVolume(this.ctx.state(), this.ctx.settings.volumePath, opts).name;
  }

  private select(filters: string[], extra?: (v: VolumeFacts) => boolean): VolumeRecord[] {
    const preds = parseVolumeFilters(filters);
    const db = this.ctx.state();
    let used: Set<string> | undefined;
    return listVolumes(db).filter((v) => {
      const facts: VolumeFacts = {
        name: v.name, driver: v.driver, labels: v.labels, options: v.options, createdMs: stampMs(v.created),
        dangling: () => !(used ??= usedVolumeNames(db)).has(v.name),
      };
      return matchesAny(preds, facts) && (!extra || extra(facts));
    });
  }

  async list(filters: string[]) {
    return this.select(filters).map(volumeReport);
  }

  async inspect(names: string[], opts: { all?: boolean }) {
    const db = this.ctx.state();
    if (opts.all) return { volumes: listVolumes(db).map(volumeReport), errors: [] };
    const volumes: VolumeReport[] = [];
    const errors: string[] = [];
    for (const n of names) {
      const v = getVolume(db, n);
      if (v) volumes.push(volumeReport(v));
      else errors.push(`no such volume ${n}`);
    }
    return { volumes, errors };
  }

  async remove(names: string[], opts: { all?: boolean; force?: boolean; timeout?: number }): Promise<VolumeRemoveReport[]> {
    const db = this.ctx.state();
    const reports: VolumeRemoveReport[] = [];
    let targets: string[];
    if (opts.all) targets = listVolumes(db).map((v) => v.name);
    else {
      targets = [];
      for (const n of names) {
        if (getVolume(db, n)) targets.push(n);
        else if (!opts.force) reports.push({ Id: n, Err: { message: `no volume with name "${n}" found: no such volume`, exitCode: 1 } });
      }
    }
    for (const name of targets) {
      try {
        const users = volumeInUseBy(db, name);
        if (users.length && opts.force) {
          if (!this.hooks.removeContainer) throw inUse(name, users);
          for (const id of users) await this.hooks.removeContainer(id, { force: true, ...(opts.timeout === undefined ? {} : { timeout: opts.timeout }) });
        }
        removeVolume(db, name);
        reports.push({ Id: name });
      } catch (e) {
        reports.push({ Id: name, Err: errOf(e) });
      }
    }
    return reports;
  }

  async pruneCandidates(filters: string[]) {
    return this.select(filters, (f) => f.dangling()).map((v) => v.name);
  }

  async prune(filters: string[]) {
    const out: Array<{ Id: string; Size: number }> = [];
    for (const v of this.select(filters)) {
      try {
        removeVolume(this.ctx.state(), v.name);
        out.push({ Id: v.name, Size: 0 });
      } catch (e) {
        // In use, or removed meanwhile by someone else: prune skips it, as podman does.
        if (!isBerthError(e) || (e.code !== 'conflict' && e.code !== 'not-found')) throw e;
      }
    }
    return out;
  }

  async exists(name: string) {
    return volumeExists(this.ctx.state(), name);
  }
}
