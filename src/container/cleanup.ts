// After exit: exit code, runtime delete, network teardown, unmounts; then --rm removal or the restart policy. Idempotent.
import fs from 'node:fs';
import path from 'node:path';
import { isConmonAlive } from '../runtime/exit.ts';
import { unmountVolume, removeVolume } from '../volume/driver.ts';
import { getVolume, removeVolumeUsers, volumeInUseBy } from '../volume/records.ts';
import { transaction, truncateWal } from '../state/db.ts';
import { log } from '../util/log.ts';
import { crashPoint } from './crash.ts';
import { unmountShm } from './shm.ts';
import { assertNoDependents, HasDependentsError } from './depend.ts';
import { bundleDir, exitDir, userdataDir, type LifecycleEnv } from './env.ts';
import { initContainer } from './init.ts';
import { deleteContainerRow, getContainer, updateContainer, type ContainerRecord } from './records.ts';
import { ACTIVE_STATES, observedExit, reconcile } from './reconcile.ts';

const warn = (what: string, e: unknown) => log.warn(`${what}: ${(e as Error).message}`);

/** Kills a conmon that a crashed init left behind (its pid is only in the bundle's conmon.pid). */
function killStrayConmon(env: LifecycleEnv, rec: ContainerRecord): void {
  const pids = [rec.conmonPid];
  try {
    pids.push(Number(fs.readFileSync(path.join(bundleDir(env, rec.id), 'conmon.pid'), 'utf8').trim()));
  } catch {
    // none
  }
  for (const pid of pids) {
    if (!(pid > 0) || !isConmonAlive(pid)) continue;
    let comm = '';
    try {
      comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm !== 'conmon') continue;
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes(rec.id)) process.kill(pid, 'SIGKILL');
  }
}

/**
 * Network teardown, retried once: netavark instances of other engines on the host (podman's has its own lock dir)
 * may be deleting the shared iptables chains at the same moment ("CHAIN_DEL failed (Device or resource busy)").
 * Detaching is idempotent, so a second pass finishes what the first left.
 */
async function teardownNetworkWithRetry(env: LifecycleEnv, rec: ContainerRecord): Promise<void> {
  try {
    await env.network.teardown(rec);
  } catch (e) {
    log.debug(`network teardown of ${rec.id} failed, retrying once: ${(e as Error).message}`);
    await new Promise((r) => setTimeout(r, 250));
    await env.network.teardown(rec);
  }
}

/**
 * Releases what a run holds: runtime state, network, volume mounts, rootfs mount. Safe to repeat. `afterUnmount` runs
 * once the runtime and network helpers are started and the rootfs is unmounted, still while those helpers run (the
 * exit's record and an --rm removal's mark and storage).
 */
async function teardown(env: LifecycleEnv, rec: ContainerRecord, force: boolean, afterUnmount?: () => Promise<void>): Promise<void> {
  // "exited" is only recorded after a complete teardown: the runtime no longer knows the container. The runtime's
  // delete and the network's teardown touch different things of a container that no longer runs: they overlap.
  // The rootfs and volumes unmount meanwhile too: nothing runs in them any more (podman unmounts before it deletes the
  // container from the runtime as well).
  // The network's teardown is started first: with a bridge it is the long one (netavark: ~150 ms of veth deletion and
  // firewall commits), and podman too tears the network down before it deletes the container from the runtime.
  const settled = (p: Promise<void>) => p.then(() => undefined, (e: unknown) => e as Error);
  let networkSettled = false;
  const networkDown = settled(teardownNetworkWithRetry(env, rec)).finally(() => {
    networkSettled = true;
  });
  // One turn of the event loop, so the teardown reaches its helper's spawn (a few promise steps) before the runtime
  // delete and the unmounts below run: those are synchronous system calls that would otherwise go first.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const runtimeDeleted = rec.state !== 'exited' ? settled(env.runtime.delete(rec.id, true)) : Promise.resolve(undefined);
  const storageError = await settled(
    (async () => {
      await unmountStorage(env, rec, force);
      await afterUnmount?.();
    })(),
  );
  if (!networkSettled && (rec.netns || rec.networkStatus)) {
    // A bridge's teardown (netavark's veth deletion and firewall commits) has ~100 ms to go, spent waiting in the
    // kernel: time to empty the databases' WALs, which the next command would otherwise read back in full.
    truncateWal(env.db);
    env.network.whileWaiting?.();
  }
  const [runtimeError, networkError] = await Promise.all([runtimeDeleted, networkDown]);
  if (runtimeError) {
    if (!force) throw runtimeError;
    warn(`deleting container ${rec.id} from the runtime`, runtimeError);
  }
  if (force) killStrayConmon(env, rec);
  if (networkError) {
    if (!force) throw networkError;
    warn(`tearing down the network of ${rec.id}`, networkError);
  }
  if (rec.netns || rec.networkStatus) updateContainer(env.db, rec.id, { netns: null, networkStatus: null });
  if (storageError) throw storageError;
}

/**
 * Unmounts the container's /dev/shm, volumes and rootfs (part of teardown). A rootfs the user mounted (`berth mount`)
 * stays mounted after the container stops, as podman's mount counter keeps it, unless the container is being removed.
 */
async function unmountStorage(env: LifecycleEnv, rec: ContainerRecord, removing: boolean): Promise<void> {
  unmountShm(env, rec.id);
  if (rec.detail.volumesMounted) {
    for (const v of rec.config.volumes) {
      try {
        if (getVolume(env.db, v.name)) unmountVolume(env.db, v.name);
      } catch (e) {
        warn(`unmounting volume ${v.name}`, e);
      }
    }
    updateContainer(env.db, rec.id, { detail: { volumesMounted: false } });
  }
  if (!removing && (rec.detail.userMounts ?? 0) > 0) return;
  await env.layers().unmount(rec.id);
  updateContainer(env.db, rec.id, { mounted: null, ...(rec.detail.userMounts ? { detail: { userMounts: 0 } } : {}) });
}

/**
 * Marks the container "removing" in one transaction with the dependents check (create records a dependency only on a
 * container not "removing"). With `orThrow` a dependent throws HasDependentsError; without, it returns false.
 */
function markRemoving(env: LifecycleEnv, id: string, orThrow = false): boolean {
  try {
    transaction(env.db, () => {
      assertNoDependents(env.db, id);
      updateContainer(env.db, id, { state: 'removing' });
    });
    return true;
  } catch (e) {
    if (!orThrow && e instanceof HasDependentsError) return false;
    throw e;
  }
}

/** The container's layer (unmounted) and its directories: the part of a removal that follows the teardown. */
async function removeStorage(env: LifecycleEnv, id: string): Promise<void> {
  await env.layers().removeContainerLayer(id);
  crashPoint('rm:unmounted');
  for (const dir of [bundleDir(env, id), userdataDir(env, id)]) fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.join(exitDir(env), id), { force: true });
}

/** Whether the restart policy wants this exit restarted. */
export function shouldRestart(rec: ContainerRecord): boolean {
  const p = rec.config.restart;
  if (rec.detail.stoppedByUser || rec.config.autoRemove) return false;
  switch (p.name) {
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure':
      return (rec.exitCode ?? 0) !== 0 && (p.maxRetries === 0 || rec.restartCount < p.maxRetries);
    default:
      return false;
  }
}

/**
 * Cleans up an exited container (lock held): no-op while it still runs or when already clean. Returns the record
 * afterwards (undefined when --rm removed it).
 */
export async function cleanupLocked(env: LifecycleEnv, id: string, o: { restart?: boolean; rm?: boolean } = {}): Promise<ContainerRecord | undefined> {
  const stored = getContainer(env.db, id);
  if (!stored) return undefined;
  // The exit is seen now and recorded (reconcile's transaction) once the teardown's helpers are started: one write
  // fewer between the container's exit and `runc delete` (or netavark). Until then the exit file says it all.
  const exit = observedExit(env, stored);
  let rec: ContainerRecord = exit ? { ...stored, state: 'stopped', exitCode: exit.code } : stored;
  let recorded = !exit;
  const recordExit = () => {
    if (!recorded) reconcile(env, stored);
    recorded = true;
  };
  if (ACTIVE_STATES.has(rec.state)) return rec;
  const remove = rec.config.autoRemove || o.rm === true;
  let tornDown = false;
  // --rm just after the exit, with nothing depending on it: marked "removing" (once the network and runtime helpers
  // are on their way) before its layer and directories go, which they do while the runtime deletes the container (a
  // crash from the mark on leaves `rm -f` to finish).
  let marked = false;
  if (rec.state === 'stopped' || rec.mounted || rec.netns) {
    const removeNow = remove && rec.state === 'stopped';
    const afterHelpersStarted = async () => {
      recordExit();
      if (!removeNow) return;
      marked = markRemoving(env, id);
      if (marked) await removeStorage(env, id);
    };
    try {
      await teardown(env, rec, false, afterHelpersStarted);
    } finally {
      recordExit();
    }
    if (rec.state === 'stopped' && !marked) updateContainer(env.db, id, { state: 'exited', pid: 0 });
    rec = getContainer(env.db, id)!;
    tornDown = (rec.state === 'exited' || marked) && !rec.mounted && !rec.netns && !rec.networkStatus && !rec.detail.volumesMounted;
  } else {
    recordExit();
    rec = getContainer(env.db, id) ?? rec;
  }
  if (remove) {
    try {
      await removeLocked(env, rec, { volumes: true, tornDown, marked });
    } catch (e) {
      // As podman: a --rm container others depend on stays (exited); the removal error is logged, not the exit's.
      if (!(e instanceof HasDependentsError)) throw e;
      log.error(`Removing container ${id}: ${e.message}`);
      return getContainer(env.db, id);
    }
    return undefined;
  }
  if (o.restart && rec.state === 'exited' && shouldRestart(rec)) {
    log.debug(`restarting container ${id} (policy ${rec.config.restart.name})`);
    const inited = await initContainer(env, getContainer(env.db, id)!);
    await env.runtime.start(id);
    // The count moves with the state in one update: a reader must never see the new count beside the old "exited".
    updateContainer(env.db, id, { state: 'running', started: Date.now(), restartCount: rec.restartCount + 1 });
    return getContainer(env.db, inited.id);
  }
  return rec;
}

/**
 * Removes a container that is not running (lock held) and that no other depends on: marks it "removing", then runtime, network, mounts, layer,
 * directories, and last the row (with its volume links). Each step tolerates an earlier crash at any point.
 */
export async function removeLocked(
  env: LifecycleEnv,
  rec: ContainerRecord,
  o: {
    volumes?: boolean;
    /** this process has just torn it down (cleanupLocked): skip the second pass */
    tornDown?: boolean;
    /** cleanupLocked marked it "removing" and removed its storage during the teardown */
    marked?: boolean;
  } = {},
): Promise<void> {
  const id = rec.id;
  if (!o.marked) markRemoving(env, id, true);
  crashPoint('rm:marked');
  if (o.tornDown) killStrayConmon(env, rec);
  else await teardown(env, rec, true);
  crashPoint('rm:runtime');
  if (!o.marked) await removeStorage(env, id);
  const released = transaction(env.db, () => {
    const names = removeVolumeUsers(env.db, id);
    deleteContainerRow(env.db, id);
    return names;
  });
  crashPoint('rm:layer');
  if (o.volumes) {
    for (const name of released) {
      const v = getVolume(env.db, name);
      // An anonymous volume still used by another container (its owner, or one more --volumes-from) stays.
      if (!v?.anonymous || volumeInUseBy(env.db, name).length) continue;
      try {
        removeVolume(env.db, name);
      } catch (e) {
        warn(`removing anonymous volume ${name}`, e);
      }
    }
  }
}
