// The store-wide pull guard: every pull holds it shared; collecting what killed pulls left needs it exclusively.
import { join } from 'node:path';
import { lockShared, tryLockExclusive, type ExclusiveFlock } from '../sys/flock.ts';
import { log } from '../util/log.ts';

/**
 * `<graphRoot>/pulls.lock`. A pull takes it (shared) before it looks at the store and keeps it until its image is
 * committed, so while anyone holds it, layer records without an image, `.tmp-` layer directories and ingest files may
 * belong to a pull in progress. The kernel drops a killed pull's lock, so its leftovers become collectable at once.
 * (Not in the ingest directory: stale-ingest collection deletes lock files there, and a flock needs a stable inode.)
 */
export const pullGuardFile = (graphRoot: string) => join(graphRoot, 'pulls.lock');

/** The guard exclusively when no pull runs in any process (the caller releases it); undefined otherwise. */
export function tryNoPullRunning(graphRoot: string): ExclusiveFlock | undefined {
  return tryLockExclusive(pullGuardFile(graphRoot));
}

/**
 * Enters a pull: when it is the only one, first runs `cleanup` (leftovers of killed pulls that only a lone pull may
 * remove), then holds the guard shared until the returned function is called.
 */
export async function enterPull(graphRoot: string, cleanup: () => Promise<void>): Promise<() => void> {
  const alone = tryNoPullRunning(graphRoot);
  if (!alone) return lockShared(pullGuardFile(graphRoot));
  try {
    await cleanup();
  } catch (e) {
    log.debug(`collecting what interrupted pulls left: ${(e as Error).message}`);
  }
  try {
    await alone.share();
  } catch (e) {
    alone.release();
    throw e;
  }
  return () => alone.release();
}
