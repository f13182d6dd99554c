// A container's secrets (run/create --secret): resolved and copied at create, mounted and put in the env at init,
// shown by inspect. Podman 4.3's model: mount secrets are copied into the container's own directory at create (removing
// the secret later leaves them), env secrets are read from the store at every start.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../state/db.ts';
import type { ResolvedMount } from '../runtime/spec-types.ts';
import type { SecretRequest } from '../secret/options.ts';
import { secretMountTarget } from '../secret/options.ts';
import { lookupSecret, secretData } from '../secret/store.ts';
import { BerthError, isBerthError } from '../util/errors.ts';

/** A mount secret as the container records it (no data: that is in its copy). */
export interface ContainerSecret {
  name: string;
  id: string;
  /** Absolute path in the container. */
  target: string;
  uid: number;
  gid: number;
  /** As given (inspect shows it); the copy gets its permission bits. */
  mode: number;
  /** The copy's file name under <userdata>/secrets. */
  file: string;
}

export interface ResolvedSecrets {
  mounts: ContainerSecret[];
  /** Variable name → secret name. */
  env: Record<string, string>;
}

/** Looks every --secret up (podman's `no secret with name or id "x": no such secret` at create). */
export function resolveSecrets(db: Db, requests: readonly SecretRequest[]): ResolvedSecrets {
  const out: ResolvedSecrets = { mounts: [], env: {} };
  for (const req of requests) {
    const rec = lookupSecret(db, req.source);
    if (req.type === 'env') {
      out.env[req.target] = rec.name;
      continue;
    }
    // One copy per mount (podman 4.3 shares one file per secret name, so two mounts of it got the last one's mode).
    out.mounts.push({
      name: rec.name, id: rec.id, target: secretMountTarget(req, rec.name), uid: req.uid, gid: req.gid, mode: req.mode,
      file: `${out.mounts.length}-${rec.name}`,
    });
  }
  return out;
}

export const secretsCopyDir = (userdata: string) => path.join(userdata, 'secrets');

/** Copies each mount secret into the container's directory, owned and moded as asked. */
export function copySecrets(db: Db, userdata: string, mounts: readonly ContainerSecret[]): void {
  if (!mounts.length) return;
  const dir = secretsCopyDir(userdata);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const m of mounts) {
    const { data } = secretData(db, m.id);
    const file = path.join(dir, m.file);
    // Created 0600 and only then chowned and chmodded: the data is never readable by others on the way.
    fs.writeFileSync(file, data, { mode: 0o600, flag: 'w' });
    data.fill(0);
    fs.chownSync(file, m.uid, m.gid);
    // Go's os.Chmod of a uint32 mode keeps the permission bits only (setuid/sticky are other bits in an os.FileMode).
    fs.chmodSync(file, m.mode & 0o777);
  }
}

/**
 * The bind mounts for init: /run/secrets as an empty directory of the bundle (podman's `<rundir>/run/secrets`), then
 * each copy read-only at its target.
 */
export function secretMounts(bundle: string, userdata: string, mounts: readonly ContainerSecret[]): ResolvedMount[] {
  if (!mounts.length) return [];
  const runSecrets = path.join(bundle, 'run', 'secrets');
  fs.mkdirSync(runSecrets, { recursive: true, mode: 0o755 });
  return [
    { source: runSecrets, destination: '/run/secrets', type: 'bind', options: ['bind', 'rprivate'] },
    ...mounts.map((m) => ({ source: path.join(secretsCopyDir(userdata), m.file), destination: m.target, type: 'bind', options: ['bind', 'rprivate', 'ro'] })),
  ];
}

/** KEY=value entries for the env secrets, read now (a secret removed since create fails the start, as podman). */
export function secretEnv(db: Db, env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([key, name]) => {
    let data: Buffer;
    try {
      data = secretData(db, name).data;
    } catch (e) {
      // Not the container that is missing: start's "unable to start container" prefix applies (it spares not-found).
      if (isBerthError(e) && e.code === 'not-found') throw new BerthError('unavailable', e.message, { cause: e });
      throw e;
    }
    return `${key}=${data.toString('utf8')}`;
  });
}

/** inspect's Config.Secrets (mount secrets only, as podman 4.3). */
export const inspectSecrets = (mounts: readonly ContainerSecret[]) =>
  mounts.map((m) => ({ Name: m.name, ID: m.id, UID: m.uid, GID: m.gid, Mode: m.mode }));
