// Podman's "file" secret driver, Berth's way: one 0600 file per secret, named by its ID, in a 0700 directory.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from '../sys/random.ts';

/** Writes the data atomically: a temporary file (0600 from the start), fsync, rename, fsync of the directory. */
export function storeSecretData(dir: string, id: string, data: Buffer): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, id);
  const tmp = path.join(dir, `.${id}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  const dfd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dfd);
  } finally {
    fs.closeSync(dfd);
  }
}

/** The secret's bytes; undefined when its file is gone. */
export function readSecretData(dir: string, id: string): Buffer | undefined {
  try {
    return fs.readFileSync(path.join(dir, id));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function deleteSecretData(dir: string, id: string): void {
  fs.rmSync(path.join(dir, id), { force: true });
}
