// Lifecycle over dependency graphs: start's start-up of a container's dependencies, and rm --depend.
import type { ContainerResult } from '../engine/containers.ts';
import { BerthError, isBerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import { dependenciesOf, dependentsOf } from './depend.ts';
import { walkOrder } from './depend-order.ts';
import type { LifecycleEnv } from './env.ts';
import * as lc from './lifecycle.ts';
import { getContainer } from './records.ts';
import { reconcile } from './reconcile.ts';

/**
 * Starts what `id` depends on, transitively, dependencies first; running ones are left alone. A failure skips the
 * containers that need the failed one and, once the rest is tried, fails as podman does (the causes are logged).
 */
export async function startDependencies(env: LifecycleEnv, id: string): Promise<void> {
  const deps = new Map<string, string[]>();
  const depsOf = (x: string) => {
    let d = deps.get(x);
    if (!d) deps.set(x, (d = dependenciesOf(env.db, x)));
    return d;
  };
  if (!depsOf(id).length) return;
  const order = walkOrder([id], depsOf).filter((x) => x !== id);
  const failed = new Set<string>();
  const causes: string[] = [];
  for (const dep of order) {
    if (depsOf(dep).some((d) => failed.has(d))) {
      failed.add(dep);
      continue;
    }
    const rec = getContainer(env.db, dep);
    if (rec && reconcile(env, rec).state === 'running') continue;
    try {
      if (!rec) throw new BerthError('not-found', `no container with ID ${dep} found in database: no such container`);
      log.debug(`starting dependency ${dep} of container ${id}`);
      await lc.start(env, dep);
    } catch (e) {
      if (!isBerthError(e)) throw e;
      failed.add(dep);
      causes.push(e.message);
    }
  }
  if (causes.length) {
    log.error('Starting some container dependencies');
    for (const c of causes) log.error(JSON.stringify(c));
    throw new BerthError('internal', `unable to start container "${id}": starting some containers: internal libpod error`);
  }
}

/**
 * rm --depend: the container and everything depending on it (recursively), dependents first, each once. Every
 * container is tried; a failed one is reported with its error (podman's exit code), one gone meanwhile is skipped.
 */
export async function removeWithDependents(
  env: LifecycleEnv, nameOrId: string, o: { force?: boolean; volumes?: boolean; timeout?: number },
): Promise<ContainerResult[]> {
  const root = lc.current(env, nameOrId);
  const out: ContainerResult[] = [];
  for (const id of walkOrder([root.id], (x) => dependentsOf(env.db, x))) {
    try {
      await lc.remove(env, id, o);
      out.push({ Id: id, RawInput: id });
    } catch (e) {
      if (!isBerthError(e)) throw e;
      if (e.code === 'not-found' && id !== root.id) continue;
      out.push({ Id: id, RawInput: id, Err: { message: e.message, exitCode: e.exitCode } });
    }
  }
  return out;
}
