// Lifecycle verbs on records: start, stop, kill, pause/unpause, remove, wait, rename (locks, transitions, waits).
import { waitForExit, isConmonAlive } from '../runtime/exit.ts';
import { signalNumber } from '../runtime/spec-signal.ts';
import { transaction } from '../state/db.ts';
import { BerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import { cleanupLocked, removeLocked } from './cleanup.ts';
import { crashPoint } from './crash.ts';
import { assertNoDependents } from './depend.ts';
import { exitDir, type LifecycleEnv } from './env.ts';
import { initContainer } from './init.ts';
import { withContainerLock } from './lock.ts';
import { containerByName, getContainer, lookupContainer, updateContainer, type ContainerRecord } from './records.ts';
import { validateContainerName } from './names.ts';
import { ACTIVE_STATES, reconcile } from './reconcile.ts';

export const improper = (msg: string, exitCode?: number) =>
  new BerthError('conflict', `${msg}: container state improper`, exitCode === undefined ? {} : { exitCode });

/** The record for a name/ID, reconciled with what the host shows. */
export function current(env: LifecycleEnv, nameOrId: string): ContainerRecord {
  return reconcile(env, lookupContainer(env.db, nameOrId));
}

/** Init under the lock (cleaning up a previous run first); no-op when already initialized or running. */
export async function init(env: LifecycleEnv, id: string, o: { preserveFds?: number } = {}): Promise<ContainerRecord> {
  return withContainerLock(env, id, async () => {
    let rec = reconcile(env, getContainer(env.db, id) ?? lookupContainer(env.db, id));
    if (rec.state === 'stopped' || rec.state === 'exited') rec = (await cleanupLocked(env, id)) ?? lookupContainer(env.db, id);
    if (rec.state === 'removing') throw improper(`container ${id} is being removed`);
    if (rec.state === 'configured') throw improper(`container ${id} was not fully created (remove it with rm -f)`);
    if (ACTIVE_STATES.has(rec.state)) return rec;
    if (rec.detail.stoppedByUser) updateContainer(env.db, id, { detail: { stoppedByUser: false } });
    return initContainer(env, rec, o);
  });
}

/** `runc start` of an initialized container; returns the record (running). Already running: unchanged. */
export async function startInitialized(env: LifecycleEnv, id: string): Promise<ContainerRecord> {
  return withContainerLock(env, id, async () => {
    const rec = reconcile(env, lookupContainer(env.db, id));
    if (rec.state === 'running' || rec.state === 'paused') return rec;
    if (rec.state !== 'initialized') throw improper(`container ${id} must be initialized to start (state ${rec.state})`);
    await env.runtime.start(id);
    updateContainer(env.db, id, {
      state: 'running', started: Date.now(),
      ...(rec.config.healthcheck ? { detail: { health: { Status: 'starting', FailingStreak: 0, Log: null } } } : {}),
    });
    crashPoint('start:started');
    return getContainer(env.db, id)!;
  });
}

export async function start(env: LifecycleEnv, id: string, o: { preserveFds?: number } = {}): Promise<ContainerRecord> {
  await init(env, id, o);
  return startInitialized(env, id);
}

/** Waits until the container's exit file appears or conmon is gone; resolves null on timeout. */
export async function waitExit(env: LifecycleEnv, rec: ContainerRecord, timeoutMs: number): Promise<number | null> {
  try {
    const abandon = () => !isConmonAlive(rec.conmonPid, rec.conmonStart ?? undefined);
    return await waitForExit(exitDir(env), rec.id, { timeoutMs, pollMs: 100, abandon });
  } catch {
    const again = reconcile(env, getContainer(env.db, rec.id) ?? rec);
    return ACTIVE_STATES.has(again.state) ? null : again.exitCode ?? -1;
  }
}

/** Stop signal, up to `timeout` seconds, then SIGKILL; then cleanup. Not running: cleanup only. */
export async function stop(env: LifecycleEnv, nameOrId: string, timeout?: number): Promise<ContainerRecord | undefined> {
  let rec = current(env, nameOrId);
  const id = rec.id;
  if (ACTIVE_STATES.has(rec.state)) {
    const secs = timeout ?? rec.config.stopTimeout;
    transaction(env.db, () => updateContainer(env.db, id, { state: rec.state === 'initialized' ? 'initialized' : 'stopping', detail: { stoppedByUser: true } }));
    const wasPaused = rec.state === 'paused';
    try {
      await env.runtime.kill(id, rec.config.stopSignal, false);
      if (wasPaused) await env.runtime.resume(id);
    } catch (e) {
      log.debug(`stop signal to ${id}: ${(e as Error).message}`);
    }
    crashPoint('stop:signalled');
    let code = secs > 0 ? await waitExit(env, rec, secs * 1000) : null;
    if (code === null) {
      if (secs > 0) log.warn(`StopSignal ${signalName(rec.config.stopSignal)} failed to stop container ${rec.name} in ${secs} seconds, resorting to SIGKILL`);
      try {
        await env.runtime.kill(id, 'KILL', true);
      } catch (e) {
        log.debug(`SIGKILL to ${id}: ${(e as Error).message}`);
      }
      code = await waitExit(env, rec, 30_000);
      if (code === null) throw new BerthError('internal', `container ${id} did not exit after SIGKILL`);
    }
  }
  return withContainerLock(env, id, () => cleanupLocked(env, id));
}

function signalName(n: number): string {
  const names: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 9: 'SIGKILL', 10: 'SIGUSR1', 12: 'SIGUSR2', 15: 'SIGTERM' };
  return names[n] ?? String(n);
}

export async function kill(env: LifecycleEnv, nameOrId: string, signal: string): Promise<ContainerRecord> {
  const rec = current(env, nameOrId);
  const sig = signalNumber(signal);
  if (rec.state !== 'running' && rec.state !== 'paused' && rec.state !== 'stopping') {
    throw improper(`can only kill running containers. ${rec.id} is in state ${rec.state}`);
  }
  updateContainer(env.db, rec.id, { detail: { stoppedByUser: true } });
  await env.runtime.kill(rec.id, sig, false);
  return rec;
}

export async function pause(env: LifecycleEnv, nameOrId: string): Promise<ContainerRecord> {
  const rec = current(env, nameOrId);
  if (rec.state === 'paused') throw improper(`"${rec.id}" is already paused`);
  if (rec.state !== 'running') throw improper(`"${rec.state}" is not running, can't pause`); // podman quotes the state here, not the ID
  await env.runtime.pause(rec.id);
  updateContainer(env.db, rec.id, { state: 'paused' });
  return rec;
}

export async function unpause(env: LifecycleEnv, nameOrId: string): Promise<ContainerRecord> {
  const rec = current(env, nameOrId);
  if (rec.state !== 'paused') throw improper(`"${rec.id}" is not paused, can't unpause`);
  await env.runtime.resume(rec.id);
  updateContainer(env.db, rec.id, { state: 'running' });
  return rec;
}

/** rm: refuses a running container without force (exit 2), then one others depend on (125); with force, stops it first. */
export async function remove(env: LifecycleEnv, nameOrId: string, o: { force?: boolean; volumes?: boolean; timeout?: number }): Promise<string> {
  const rec = current(env, nameOrId);
  const running = ACTIVE_STATES.has(rec.state) && rec.state !== 'initialized';
  if (running && !o.force) {
    throw improper(`cannot remove container ${rec.id} as it is running - running or paused containers cannot be removed without force`, 2);
  }
  assertNoDependents(env.db, rec.id);
  if (running) {
    await stop(env, rec.id, o.timeout).catch((e: unknown) => log.debug(`stop before rm: ${(e as Error).message}`));
  }
  await withContainerLock(env, rec.id, async () => {
    const cur = getContainer(env.db, rec.id);
    if (cur) await removeLocked(env, reconcile(env, cur), { volumes: o.volumes ?? false });
  });
  return rec.id;
}

export type WaitState = string;

/** Polls (no spawn) until the state matches one of `conditions`; returns the exit code (-1 if none). */
export async function wait(env: LifecycleEnv, nameOrId: string, conditions: WaitState[], intervalMs: number): Promise<number> {
  const id = lookupContainer(env.db, nameOrId).id;
  const want = new Set(conditions.length ? conditions : ['stopped', 'exited']);
  if (want.has('stopped')) want.add('exited');
  for (;;) {
    const raw = getContainer(env.db, id);
    if (!raw) throw new BerthError('not-found', `no container with ID ${id} found in database: no such container`);
    const rec = reconcile(env, raw);
    if (want.has(rec.state)) return rec.exitCode ?? -1;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function rename(env: LifecycleEnv, nameOrId: string, newName: string): void {
  validateContainerName(newName);
  transaction(env.db, () => {
    const rec = lookupContainer(env.db, nameOrId);
    const other = containerByName(env.db, newName);
    if (other && other.id !== rec.id) {
      throw new BerthError('already-exists', `name ${newName} is in use: container already exists`);
    }
    updateContainer(env.db, rec.id, { name: newName });
  });
}
