// Secret rows in the state DB and podman's lookup order: name, full ID, then a unique ID prefix.
import type { Db } from '../state/db.ts';
import { BerthError } from '../util/errors.ts';
import { noSuchSecret } from './names.ts';

export interface SecretRecord {
  id: string;
  name: string;
  driver: string;
  driverOptions: Record<string, string>;
  labels: Record<string, string>;
  /** RFC 3339 UTC with 9 fraction digits. */
  created: string;
}

interface Row { id: string; name: string; driver: string; driver_options: string; labels: string; created: string }

const fromRow = (r: Row): SecretRecord => ({
  id: r.id, name: r.name, driver: r.driver, created: r.created,
  driverOptions: JSON.parse(r.driver_options) as Record<string, string>, labels: JSON.parse(r.labels) as Record<string, string>,
});

const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/** Inserts a row: 'name' when the name is taken (another process may have won the race), 'id' for an ID clash. */
export function insertSecret(db: Db, s: SecretRecord): 'ok' | 'name' | 'id' {
  try {
    db.prepare('INSERT INTO secrets (id, name, driver, driver_options, labels, created) VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.id, s.name, s.driver, JSON.stringify(s.driverOptions), JSON.stringify(s.labels), s.created);
    return 'ok';
  } catch (e) {
    const code = (e as { errcode?: number }).errcode;
    if (code === SQLITE_CONSTRAINT_UNIQUE) return 'name';
    if (code === SQLITE_CONSTRAINT_PRIMARYKEY) return 'id';
    throw e;
  }
}

/** Every secret, oldest first (podman's order is its map's, i.e. random). */
export function listSecrets(db: Db): SecretRecord[] {
  return (db.prepare('SELECT * FROM secrets ORDER BY created, rowid').all() as unknown as Row[]).map(fromRow);
}

/** A name or ID already taken exactly (podman refuses a new secret named like an existing secret's ID too). */
export function secretNameTaken(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM secrets WHERE name = ? OR id = ?').get(name, name) !== undefined;
}

/** Podman's lookup: exact name, exact ID, then an ID prefix that only one secret has. */
export function findSecret(db: Db, nameOrId: string): SecretRecord | undefined {
  const exact = db.prepare('SELECT * FROM secrets WHERE name = ? OR id = ? ORDER BY name = ? DESC LIMIT 1').get(nameOrId, nameOrId, nameOrId) as Row | undefined;
  if (exact) return fromRow(exact);
  const prefixed = db.prepare("SELECT * FROM secrets WHERE substr(id, 1, length(?)) = ? LIMIT 2").all(nameOrId, nameOrId) as unknown as Row[];
  if (prefixed.length > 1) throw new BerthError('invalid-argument', `more than one result secret with prefix ${nameOrId}: more than one result for a secret`);
  return prefixed[0] && fromRow(prefixed[0]);
}

export function lookupSecret(db: Db, nameOrId: string): SecretRecord {
  const s = findSecret(db, nameOrId);
  if (!s) throw noSuchSecret(nameOrId);
  return s;
}

/** Deletes the row; false when another process removed it first. */
export function deleteSecretRow(db: Db, id: string): boolean {
  return Number(db.prepare('DELETE FROM secrets WHERE id = ?').run(id).changes) > 0;
}
