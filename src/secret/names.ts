// Secret names and IDs as podman 4.3 (containers/common) makes and checks them.
import { BerthError } from '../util/errors.ts';
import { randomBytes } from '../sys/random.ts';

/** Podman: at most 64 of [a-zA-Z0-9-_.], starting and ending with a letter or digit. */
const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]*[a-zA-Z0-9])?$/;

export function validateSecretName(name: string): void {
  if (name.length > 64 || !NAME.test(name)) {
    throw new BerthError('invalid-argument', `only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]: ${name}: invalid secret name`);
  }
}

/** Podman's secret IDs: 25 hex characters. */
export const SECRET_ID_LENGTH = 25;

export const newSecretId = () => randomBytes(13).toString('hex').slice(0, SECRET_ID_LENGTH);

/** Podman's file driver takes 1 to 511999 bytes. */
export const MAX_SECRET_SIZE = 512_000;

export function checkSecretSize(size: number): void {
  if (!(size > 0 && size < MAX_SECRET_SIZE)) {
    throw new BerthError('invalid-argument', `secret data must be larger than 0 and less than ${MAX_SECRET_SIZE} bytes`);
  }
}

export const noSuchSecret = (nameOrId: string) =>
  new BerthError('not-found', `no secret with name or id "${nameOrId}": no such secret`);
