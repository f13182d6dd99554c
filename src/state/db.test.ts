import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStateDb, transaction } from './db.ts';
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
