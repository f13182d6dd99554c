// Per-container lock across berth processes (a lock file under runRoot, broken when its holder died).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { acquireLock } from '../image/content-lock.ts';
import { lockFile, type LifecycleEnv } from './env.ts';

/**
 * Runs fn holding the container's lock. Short DB transitions use BEGIN IMMEDIATE on their own; this lock serializes
 * the multi-step ones (init, cleanup, remove) that spawn helpers and mount. Never hold it while waiting for an exit.
 */
export async function withContainerLock<T>(env: Pick<LifecycleEnv, 'runRoot'>, id: string, fn: () => Promise<T>): Promise<T> {
  const file = lockFile(env, id);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const release = await acquireLock(file, `container ${id}`);
  try {
    return await fn();
  } finally {
    await release();
  }
}
