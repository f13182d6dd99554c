// Container dependencies in the state DB: resolved and recorded at create, looked up both ways, and the checks of
// rm (no dependents left), init (dependencies running) and the namespaces a container joins.
import type { ContainerCreateOptions } from '../engine/containers.ts';
import type { Db } from '../state/db.ts';
import { transaction } from '../state/db.ts';
import { BerthError, invalidArgument } from '../util/errors.ts';
import { dependencyRefs } from './depend-order.ts';
import type { LifecycleEnv } from './env.ts';
import { findContainer, getContainer, type ContainerRecord } from './records.ts';
import { reconcile } from './reconcile.ts';

export interface ResolvedDependencies {
  /** Full IDs without duplicates: the namespace containers (network, pid, ipc, uts), then `--requires` in order. */
  ids: string[];
  /** pid/ipc/uts modes rewritten to `container:<full id>` (a later rename or a new ID prefix cannot change them). */
  spec: { pid?: string; ipc?: string; uts?: string };
}

const NS_ORDER = ['net', 'pid', 'ipc', 'uts'] as const;

/** Resolves what `o` depends on to full IDs, with podman's errors for missing containers. */
export function resolveDependencies(db: Db, o: ContainerCreateOptions): ResolvedDependencies {
  const refs = dependencyRefs(o);
  const ids: string[] = [];
  const spec: ResolvedDependencies['spec'] = {};
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id);
  };
  for (const ns of NS_ORDER) {
    const ref = refs.namespaces[ns];
    if (ref === undefined) continue;
    if (ref === '') throw invalidArgument('invalid config provided: namespace mode container requires a value');
    const c = findContainer(db, ref);
    if (!c) throw new BerthError('not-found', `looking up container to share ${ns} namespace with: no container with name or ID "${ref}" found: no such container`);
    if (ns !== 'net') spec[ns] = `container:${c.id}`;
    add(c.id);
  }
  for (const ref of refs.requires) {
    const c = findContainer(db, ref);
    if (!c) throw new BerthError('not-found', `"${ref}" is not a valid container, cannot be used as a dependency: no container with name or ID "${ref}" found: no such container`);
    add(c.id);
  }
  return { ids, spec };
}

/**
 * Records `id`'s dependencies (after its row is inserted). One transaction that also checks each dependency is still
 * there and not being removed: rm marks "removing" in a transaction that checks for dependents, so the two serialize.
 */
export function recordDependencies(db: Db, id: string, deps: readonly string[]): void {
  if (!deps.length) return;
  transaction(db, () => {
    const insert = db.prepare('INSERT OR IGNORE INTO container_dependencies (container_id, depends_on, position) VALUES (?, ?, ?)');
    deps.forEach((dep, i) => {
      const c = getContainer(db, dep);
      if (!c || c.state === 'removing') {
        throw new BerthError('not-found', `"${dep}" is not a valid container, cannot be used as a dependency: no container with name or ID "${dep}" found: no such container`);
      }
      insert.run(id, dep, i);
    });
  });
}

/** The containers `id` depends on, in the order create recorded them (inspect's `Dependencies`). */
export function dependenciesOf(db: Db, id: string): string[] {
  return (db.prepare('SELECT depends_on FROM container_dependencies WHERE container_id = ? ORDER BY position').all(id) as Array<{ depends_on: string }>)
    .map((r) => r.depends_on);
}

/** The containers depending on `id`, sorted by ID (podman lists them so). */
export function dependentsOf(db: Db, id: string): string[] {
  return (db.prepare('SELECT container_id FROM container_dependencies WHERE depends_on = ? ORDER BY container_id').all(id) as Array<{ container_id: string }>)
    .map((r) => r.container_id);
}

/** rm of a container others depend on (podman's wording; exit 125). */
export class HasDependentsError extends BerthError {
  constructor(id: string, dependents: readonly string[]) {
    super('already-exists', `container ${id} has dependent containers which must be removed before it: ${dependents.join(', ')}: container already exists`);
  }
}

/** rm without --depend: refuses while others depend on the container. */
export function assertNoDependents(db: Db, id: string): void {
  const dependents = dependentsOf(db, id);
  if (dependents.length) throw new HasDependentsError(id, dependents);
}

/** The direct dependencies of `rec` that are not running (reconciled; paused counts as not running, as in podman). */
export function dependenciesNotRunning(env: Pick<LifecycleEnv, 'db' | 'runRoot'>, id: string): ContainerRecord[] {
  const out: ContainerRecord[] = [];
  for (const dep of dependenciesOf(env.db, id)) {
    const c = getContainer(env.db, dep);
    if (!c) throw new BerthError('not-found', `no container with ID ${dep} found in database: no such container`);
    const cur = reconcile(env, c);
    if (cur.state !== 'running') out.push(cur);
  }
  return out;
}

/** podman's refusal to init (or restart) a container whose dependencies are not running (exit 125). */
export function assertDependenciesRunning(env: Pick<LifecycleEnv, 'db' | 'runRoot'>, id: string): void {
  const idle = dependenciesNotRunning(env, id);
  if (idle.length) {
    throw new BerthError('conflict', `some dependencies of container ${id} are not started: ${idle.map((c) => c.id).join(', ')}: container state improper`);
  }
}

const PROC_NS = { pid: 'pid', ipc: 'ipc', uts: 'uts' } as const;

/**
 * At init: checks the dependencies run, and turns `container:<id>` pid/ipc/uts modes into the joined container's
 * namespace files (`ns:/proc/<pid>/ns/<type>`) for spec generation. The network is the network seam's. /dev/shm stays
 * the container's own: the other's is a tmpfs inside its mount namespace, which cannot be bind-mounted from outside.
 */
export function joinedNamespaces(env: LifecycleEnv, rec: ContainerRecord): { pid?: string; ipc?: string; uts?: string } {
  assertDependenciesRunning(env, rec.id);
  const out: { pid?: string; ipc?: string; uts?: string } = {};
  const spec = rec.config.spec;
  for (const k of ['pid', 'ipc', 'uts'] as const) {
    const mode = spec[k];
    if (!mode?.startsWith('container:')) continue;
    const other = getContainer(env.db, mode.slice('container:'.length));
    if (!other || !(other.pid > 0)) throw new BerthError('conflict', `cannot join the ${k} namespace of container ${mode.slice(10)}: it is not running: container state improper`);
    out[k] = `ns:/proc/${other.pid}/ns/${PROC_NS[k]}`;
  }
  return out;
}
