// Keeps records true on read without spawning: a running container whose conmon is gone or whose exit file exists is stopped.
import fs from 'node:fs';
import path from 'node:path';
import { isConmonAlive, procStartTime, readExitFile } from '../runtime/exit.ts';
import { transaction } from '../state/db.ts';
import { exitDir, type LifecycleEnv } from './env.ts';
import { getContainer, updateContainer, type ContainerRecord } from './records.ts';

/** States in which conmon (and usually the container) runs. */
export const ACTIVE_STATES = new Set(['initialized', 'running', 'paused', 'stopping']);

/** The exit file's code and time, or undefined. */
export function exitFact(env: Pick<LifecycleEnv, 'runRoot'>, id: string): { code: number; at: number } | undefined {
  const code = readExitFile(exitDir(env), id);
  if (code === null) return undefined;
  let at = Date.now();
  try {
    at = fs.statSync(path.join(exitDir(env), id)).mtimeMs;
  } catch {
    // raced with removal
  }
  return { code, at };
}

/**
 * What the record should say now: an active container with an exit file, or whose conmon and init are both gone,
 * becomes "stopped" (cleanup pending; done lazily by the next mutating verb or by conmon's exit command).
 */
export function observedExit(env: Pick<LifecycleEnv, 'runRoot'>, rec: ContainerRecord): { code: number; at: number } | undefined {
  if (!ACTIVE_STATES.has(rec.state)) return undefined;
  const fact = exitFact(env, rec.id);
  if (fact) return fact;
  if (isConmonAlive(rec.conmonPid, rec.conmonStart ?? undefined)) return undefined;
  // conmon is gone without writing an exit file (killed): the container is gone too unless its init still runs.
  if (rec.pid > 0 && rec.detail.pidStart && procStartTime(rec.pid) === rec.detail.pidStart) return undefined;
  return { code: -1, at: Date.now() };
}

/** Re-reads and reconciles one record (one short write transaction when something changed). */
export function reconcile(env: Pick<LifecycleEnv, 'runRoot' | 'db'>, rec: ContainerRecord): ContainerRecord {
  const exit = observedExit(env, rec);
  if (!exit) return rec;
  return transaction(env.db, () => {
    const cur = getContainer(env.db, rec.id);
    if (!cur || !ACTIVE_STATES.has(cur.state)) return cur ?? rec;
    updateContainer(env.db, rec.id, { state: 'stopped', exitCode: exit.code, finished: Math.round(exit.at) });
    return getContainer(env.db, rec.id)!;
  });
}
