// Container records in the state DB: the typed row, lookup by name / ID / ID prefix, listing, and field updates.
import type { ContainerSecret } from './secrets.ts';
import type { Db } from '../state/db.ts';
import { transaction } from '../state/db.ts';
import { BerthError } from '../util/errors.ts';
import type { ContainerState, RestartPolicy } from '../engine/containers.ts';
import type { ContainerCreateOptions as SpecOptions, ImageConfig } from '../runtime/spec-types.ts';
import type { HealthConfig, HealthFailureAction, HealthState } from './health.ts';
import type { LogDriver } from './log-driver.ts';

/** What `create` decided, stored as the `config` JSON: everything init/start/cleanup need later. */
export interface ContainerConfig {
  /** Resolved spec options (mounts, devices and env files already resolved). */
  spec: SpecOptions;
  /** The image's config section, kept so init never depends on the image still being present. */
  image: ImageConfig;
  /** Network mode: none | host | private | bridge... (the network step's input). */
  network: string;
  stopSignal: number;
  stopTimeout: number;
  restart: RestartPolicy;
  autoRemove: boolean;
  tty: boolean;
  stdin: boolean;
  /** Named volumes the container uses: name → destination (mounted at init, released at cleanup). */
  volumes: Array<{ name: string; destination: string; options: string[] }>;
  conmonPidfile?: string;
  pidfile?: string;
  /** The command shown by ps (entrypoint + cmd as run). */
  command: string[];
  /** Host variables captured at create for `-e KEY`, `KEY*`, --env-host and proxy vars (init may run elsewhere). */
  hostEnv: Record<string, string>;
  /** --secret type=mount (copied at create) and type=env (variable → secret name, read at each start). */
  secrets?: ContainerSecret[];
  envSecrets?: Record<string, string>;
  /** --health-* or the image's HEALTHCHECK (container/health.ts). */
  healthcheck?: HealthConfig;
  /** --health-on-failure when not none: what `healthcheck run` does once the container turns unhealthy. */
  healthOnFailure?: HealthFailureAction;
  /** --log-driver or containers.conf's log_driver, resolved at create (absent in older records: k8s-file). */
  logDriver?: LogDriver;
  /** The command line that created the container (CLI only; inspect's Config.CreateCommand). */
  createCommand?: string[];
}

/** Lifecycle facts beside the columns (JSON in state_detail). */
export interface ContainerDetail {
  /** The container init's /proc start time (pid reuse check). */
  pidStart?: string;
  /** Set by stop/kill by the user: unless-stopped and always policies do not restart. */
  stoppedByUser?: boolean;
  /** Directories created for this container (bundle, userdata) so rm can remove them after a crash. */
  bundle?: string;
  /** Named volumes were mounted (mount counts taken) for the current run. */
  volumesMounted?: boolean;
  /** `berth mount`s not yet undone by `unmount`: the rootfs stays mounted through stops while this is above 0. */
  userMounts?: number;
  /** Healthcheck results of the current run (reset at start). */
  health?: HealthState;
}

export interface ContainerRecord {
  id: string;
  name: string;
  imageId: string | null;
  imageName: string;
  state: ContainerState;
  /** unix ms */
  created: number;
  config: ContainerConfig;
  layerId: string | null;
  labels: Record<string, string>;
  pid: number;
  conmonPid: number;
  conmonStart: string | null;
  started: number;
  finished: number;
  exitCode: number | null;
  oomKilled: boolean;
  mounted: string | null;
  netns: string | null;
  networkStatus: string | null;
  restartCount: number;
  detail: ContainerDetail;
}

type Row = Record<string, unknown>;

function fromRow(r: Row): ContainerRecord {
  return {
    id: r['id'] as string,
    name: r['name'] as string,
    imageId: (r['image_id'] as string | null) ?? null,
    imageName: (r['image_name'] as string | null) ?? '',
    state: r['state'] as ContainerState,
    created: Number(r['created']),
    config: JSON.parse(r['config'] as string) as ContainerConfig,
    layerId: (r['layer_id'] as string | null) ?? null,
    labels: JSON.parse((r['labels'] as string) || '{}') as Record<string, string>,
    pid: Number(r['pid']),
    conmonPid: Number(r['conmon_pid']),
    conmonStart: (r['conmon_start'] as string | null) ?? null,
    started: Number(r['started']),
    finished: Number(r['finished']),
    exitCode: r['exit_code'] === null || r['exit_code'] === undefined ? null : Number(r['exit_code']),
    oomKilled: Number(r['oom_killed']) === 1,
    mounted: (r['mounted'] as string | null) ?? null,
    netns: (r['netns'] as string | null) ?? null,
    networkStatus: (r['network_status'] as string | null) ?? null,
    restartCount: Number(r['restart_count']),
    detail: JSON.parse((r['state_detail'] as string | null) || '{}') as ContainerDetail,
  };
}

export const noSuchContainer = (input: string) =>
  new BerthError('not-found', `no container with name or ID "${input}" found: no such container`);

export const nameInUse = (name: string, id: string) =>
  new BerthError('already-exists', `creating container storage: the container name "${name}" is already in use by ${id}. You have to remove that container to be able to reuse that name: that name is already in use`);

export function getContainer(db: Db, id: string): ContainerRecord | undefined {
  const r = db.prepare('SELECT * FROM containers WHERE id = ?').get(id) as Row | undefined;
  return r ? fromRow(r) : undefined;
}

export function containerByName(db: Db, name: string): ContainerRecord | undefined {
  const r = db.prepare('SELECT * FROM containers WHERE name = ?').get(name) as Row | undefined;
  return r ? fromRow(r) : undefined;
}

/** Podman's order: full ID, then name, then a unique ID prefix. Undefined when nothing matches. */
export function findContainer(db: Db, input: string): ContainerRecord | undefined {
  if (/^[0-9a-f]{64}$/.test(input)) {
    const c = getContainer(db, input);
    if (c) return c;
  }
  const byName = containerByName(db, input);
  if (byName) return byName;
  if (/^[0-9a-f]+$/.test(input)) {
    const rows = db.prepare("SELECT * FROM containers WHERE id >= ? AND id < ? || 'g' LIMIT 2").all(input, input) as Row[];
    if (rows.length > 1) {
      throw new BerthError('invalid-argument', `more than one result for container ID ${input}: container already exists`);
    }
    if (rows.length === 1) return fromRow(rows[0]!);
  }
  return undefined;
}

export function lookupContainer(db: Db, input: string): ContainerRecord {
  const c = findContainer(db, input);
  if (!c) throw noSuchContainer(input);
  return c;
}

/** Every container, newest first. */
export function listContainers(db: Db): ContainerRecord[] {
  return (db.prepare('SELECT * FROM containers ORDER BY created DESC, rowid DESC').all() as Row[]).map(fromRow);
}

export interface NewContainer {
  id: string;
  name: string;
  imageId: string | null;
  imageName: string;
  created: number;
  config: ContainerConfig;
  labels: Record<string, string>;
}

/** Inserts the record in state "configured"; a name in use fails with podman's message. */
export function insertContainer(db: Db, c: NewContainer): void {
  transaction(db, () => {
    const other = containerByName(db, c.name);
    if (other) throw nameInUse(c.name, other.id);
    db.prepare(
      'INSERT INTO containers (id, name, image_id, image_name, state, created, config, labels) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(c.id, c.name, c.imageId, c.imageName, 'configured', c.created, JSON.stringify(c.config), JSON.stringify(c.labels));
  });
}

const COLUMNS: Record<string, string> = {
  state: 'state', layerId: 'layer_id', pid: 'pid', conmonPid: 'conmon_pid', conmonStart: 'conmon_start',
  started: 'started', finished: 'finished', exitCode: 'exit_code', oomKilled: 'oom_killed', mounted: 'mounted',
  netns: 'netns', networkStatus: 'network_status', restartCount: 'restart_count', name: 'name', config: 'config',
};

export type ContainerUpdate = Partial<Omit<ContainerRecord, 'id' | 'detail' | 'labels' | 'created' | 'imageId' | 'imageName'>> & {
  detail?: Partial<ContainerDetail>;
};

/** Updates fields of one container (detail is merged); returns false when the row is gone. */
export function updateContainer(db: Db, id: string, u: ContainerUpdate): boolean {
  const sets: string[] = [];
  const vals: Array<string | number | null> = [];
  for (const [k, v] of Object.entries(u)) {
    if (k === 'detail') continue;
    const col = COLUMNS[k];
    if (!col) throw new Error(`updateContainer: unknown field ${k}`);
    sets.push(`${col} = ?`);
    vals.push(k === 'config' ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? 1 : 0) : (v as string | number | null));
  }
  if (u.detail) {
    sets.push("state_detail = json_patch(coalesce(state_detail, '{}'), ?)");
    vals.push(JSON.stringify(u.detail));
  }
  if (!sets.length) return getContainer(db, id) !== undefined;
  const r = db.prepare(`UPDATE containers SET ${sets.join(', ')} WHERE id = ?`).run(...vals, id);
  return Number(r.changes) > 0;
}

export function deleteContainerRow(db: Db, id: string): boolean {
  return Number(db.prepare('DELETE FROM containers WHERE id = ?').run(id).changes) > 0;
}
