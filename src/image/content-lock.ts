// Cross-process exclusive lock files (`open(path, 'wx')` holding "pid token"), broken when their owner is dead.
// Synchronous file calls: each is a few microseconds on a local file, where a promise round trip through libuv's
// thread pool costs more (and node:fs/promises ~1.5 ms to load on the `run` path, which takes several locks).
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from '../sys/random.ts';
import { log } from '../util/log.ts';

export type Release = () => Promise<void>;

/** True while `pid` names a live process (EPERM: alive, owned by someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads a lock file's owner; undefined when it is gone or unreadable. */
export async function lockOwner(file: string): Promise<{ pid: number; token: string; text: string } | undefined> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const [pid, token] = text.trim().split(' ');
  return { pid: Number(pid), token: token ?? '', text };
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function renameQuietly(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // Someone else moved it first.
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Takes the lock at `file`, waiting (polling) while a live process holds it. A lock whose owner died (a killed pull) is
 * broken: it is renamed aside first and only deleted if the renamed file is still the dead owner's, so two waiters
 * breaking the same stale lock cannot remove each other's fresh one. A lock file just created may be empty for a
 * moment; it counts as held unless it stays empty (its creator died between open and write).
 */
export async function acquireLock(file: string, what = file): Promise<Release> {
  return (await takeLock(file, what, true))!;
}

/** Takes the lock only if no live process holds it (a dead owner's lock is broken); undefined otherwise. */
export function tryAcquireLock(file: string, what = file): Promise<Release | undefined> {
  return takeLock(file, what, false);
}

async function takeLock(file: string, what: string, block: boolean): Promise<Release | undefined> {
  const token = randomBytes(8).toString('hex');
  let wait = 20;
  let emptySince = 0;
  for (let logged = false; ; ) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, `${process.pid} ${token}\n`);
      } finally {
        closeSync(fd);
      }
      return async () => {
        const owner = await lockOwner(file);
        if (owner?.token === token) unlinkQuietly(file);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await lockOwner(file);
    if (owner) {
      const empty = owner.text === '';
      if (empty) emptySince ||= Date.now();
      else emptySince = 0;
      const dead = empty ? Date.now() - emptySince > 2000 : !processAlive(owner.pid);
      if (dead) {
        const aside = `${file}.stale-${token}`;
        try {
          renameSync(file, aside);
          const moved = await lockOwner(aside);
          if (moved && moved.text !== owner.text) renameQuietly(aside, file); // not the one we judged
          else unlinkQuietly(aside);
          log.debug(`broke stale lock ${file} (pid ${owner.pid})`);
        } catch {
          // someone else broke it first
        }
        continue;
      }
      if (!block) return undefined;
      if (!logged) {
        log.debug(`waiting for ${what} (locked by pid ${owner.pid})`);
        logged = true;
      }
    }
    await sleep(wait);
    wait = Math.min(wait * 2, 250);
  }
}
