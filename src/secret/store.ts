// Secret creation, removal and reading over the state DB and the file driver; safe between concurrent CLI processes.
import path from 'node:path';
import type { Db } from '../state/db.ts';
import { transaction } from '../state/db.ts';
import { BerthError } from '../util/errors.ts';
import { nowStamp } from '../volume/time.ts';
import { checkSecretSize, newSecretId, noSuchSecret, validateSecretName } from './names.ts';
import { deleteSecretRow, findSecret, insertSecret, lookupSecret, secretNameTaken, type SecretRecord } from './records.ts';
import { deleteSecretData, readSecretData, storeSecretData } from './filedriver.ts';

export interface CreateSecretInput {
  name: string;
  data: Buffer;
  driver: string;
  driverOptions: Record<string, string>;
  labels: Record<string, string>;
}

/** Podman's default file driver directory. */
export const fileDriverDir = (graphRoot: string) => path.join(graphRoot, 'secrets', 'filedriver');

const nameInUse = (name: string) => new BerthError('already-exists', `${name}: secret name in use`);

function checkDriver(driver: string): void {
  if (driver === 'file') return;
  if (driver === 'pass' || driver === 'shell') throw new BerthError('invalid-argument', `secret driver ${driver} is not supported by berth yet`);
  throw new BerthError('invalid-argument', 'invalid driver');
}

/**
 * Podman's order: name, size, name in use, then the data file before the row (a crash leaves an unreferenced file,
 * never a row without data). Two processes creating one name: the UNIQUE constraint picks one, the other undoes its file.
 */
export function createSecret(db: Db, graphRoot: string, input: CreateSecretInput): SecretRecord {
  validateSecretName(input.name);
  checkSecretSize(input.data.length);
  if (secretNameTaken(db, input.name)) throw nameInUse(input.name);
  checkDriver(input.driver);
  const driverOptions = { ...input.driverOptions };
  driverOptions['path'] ??= fileDriverDir(graphRoot);
  for (;;) {
    const rec: SecretRecord = {
      id: newSecretId(), name: input.name, driver: input.driver, driverOptions, labels: input.labels, created: nowStamp(),
    };
    storeSecretData(driverOptions['path'], rec.id, input.data);
    const outcome = transaction(db, () => (secretNameTaken(db, rec.name) ? 'name' : insertSecret(db, rec)));
    if (outcome === 'ok') return rec;
    deleteSecretData(driverOptions['path'], rec.id);
    if (outcome === 'name') throw nameInUse(input.name);
    // An ID clash (one in 2^100): draw again.
  }
}

/** Removes the row, then the data; the caller's lookup decides what "unknown" means. */
export function removeSecret(db: Db, rec: SecretRecord): void {
  if (!deleteSecretRow(db, rec.id)) throw noSuchSecret(rec.name);
  deleteSecretData(rec.driverOptions['path'] ?? '', rec.id);
}

/** A secret's bytes by name or ID (env secrets are read at each container start, as podman). */
export function secretData(db: Db, nameOrId: string): { rec: SecretRecord; data: Buffer } {
  const rec = lookupSecret(db, nameOrId);
  const data = readSecretData(rec.driverOptions['path'] ?? '', rec.id);
  if (!data) throw new BerthError('internal', `getting secret ${rec.name}: its data is missing`);
  return { rec, data };
}

export { findSecret, lookupSecret };
