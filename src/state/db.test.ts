import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openStateDb, transaction, truncateWal } from './db.ts';
import { MIGRATIONS } from './migrations.ts';

test('opens, migrates once, and rolls back failed transactions', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-db-'));
  try {
    const db = openStateDb(dir);
    const v = db.prepare('PRAGMA user_version').get() as { user_version: number };
    assert.equal(v.user_version, MIGRATIONS.length);
    assert.throws(() =>
      transaction(db, () => {
        db.prepare("INSERT INTO layers (id, created) VALUES ('a', 1)").run();
        throw new Error('boom');
      }),
    );
    assert.equal((db.prepare('SELECT count(*) n FROM layers').get() as { n: number }).n, 0);
    db.close();
    const again = openStateDb(dir); // second open is a no-op migration
    assert.equal((again.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal');
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('truncateWal folds the WAL into the database, and gives up at once while another connection reads', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-db-'));
  const wal = path.join(dir, 'berth.db-wal');
  try {
    const db = openStateDb(dir);
    const insert = db.prepare('INSERT INTO layers (id, created) VALUES (?, 1)');
    for (let i = 0; i < 200; i++) insert.run(`layer-${i}`);
    assert.ok(statSync(wal).size > 0, 'commits are in the WAL');
    // Another process's connection in the middle of a read: the checkpoint cannot truncate under it, and must not wait.
    const reader = new DatabaseSync(path.join(dir, 'berth.db'));
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) n FROM layers').get();
    const started = Date.now();
    truncateWal(db);
    assert.ok(Date.now() - started < 5_000, 'did not wait for the reader');
    reader.exec('COMMIT');
    reader.close();
    insert.run('after-busy'); // the busy timeout is back: the connection still writes
    truncateWal(db);
    assert.equal(statSync(wal).size, 0);
    const rows = db.prepare('SELECT count(*) n FROM layers').get() as { n: number };
    assert.equal(rows.n, 201);
    assert.equal((db.prepare('PRAGMA busy_timeout').get() as { timeout: number }).timeout, 30_000);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
