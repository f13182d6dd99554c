// The one state database (SQLite in WAL mode via node:sqlite): opening, locking discipline and versioned migrations.
import { DatabaseSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../util/errors.ts';
import { MIGRATIONS } from './migrations.ts';
import { databasesLeftOpenForExit } from './exit-policy.ts';

export type Db = DatabaseSync;

/** How long a writer waits for another process's write transaction before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 30_000;

/** Opens (creating and migrating as needed) the state database under the graph root. */
export function openStateDb(graphRoot: string): Db {
  mkdirSync(graphRoot, { recursive: true, mode: 0o700 });
  const file = path.join(graphRoot, 'berth.db');
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (e) {
    throw new BerthError('internal', `opening state database ${file}: ${(e as Error).message}`);
  }
  // Concurrent CLI processes share this file: WAL lets readers run beside one writer; the busy timeout
  // (set in the constructor above) makes writers queue instead of failing with SQLITE_BUSY.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
  migrate(db);
  return db;
}

/** Closes a state database connection, unless the process is about to exit (exit-policy.ts). */
export function closeStateDb(db: Db): void {
  if (!databasesLeftOpenForExit()) db.close();
}

export function migrate(db: Db): void {
  const current = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  if (current > MIGRATIONS.length) {
    throw new BerthError('internal', `state database schema ${current} is newer than this berth (${MIGRATIONS.length})`, {
      hint: 'upgrade berth',
    });
  }
  if (current === MIGRATIONS.length) return;
  transaction(db, () => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const v = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    for (let i = v; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i]!);
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
  });
}

/**
 * Folds the WAL into the database file and truncates it, if no other connection is using it; never waits for one.
 * CLI processes exit without closing their connections (exit-policy.ts), so the WAL only shrinks at SQLite's
 * auto-checkpoint, and every process that opens the database first rebuilds the WAL's index by reading all of it
 * (~1 ms per MB). Called where a process waits anyway (a bridge network's teardown), it spares the next command that.
 */
export function truncateWal(db: Db): void {
  try {
    db.exec('PRAGMA busy_timeout = 0');
    db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
  } catch {
    // Another connection is reading or writing: its own process, or a later idle moment, will checkpoint.
  } finally {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** Runs fn in a write transaction (BEGIN IMMEDIATE takes the write lock up front, so no upgrade deadlocks). */
export function transaction<T>(db: Db, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const out = fn();
    db.exec('COMMIT');
    return out;
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}
