// Layer identifiers: chain IDs, safe on-disk directory names, random short names.
import { createHash } from 'node:crypto';
import { randomBytes } from '../sys/random.ts';
import { BerthError } from '../util/errors.ts';

/** chainID(n) = sha256(chainID(n-1) + " " + diffID(n)); chainID(1) = diffID(1). IDs are `sha256:<hex>`. */
export function chainId(parentChainId: string | null, diffId: string): string {
  if (parentChainId === null) return diffId;
  return `sha256:${createHash('sha256').update(`${parentChainId} ${diffId}`).digest('hex')}`;
}

/** The chain IDs of a diffID list (base layer first). */
export const chainIds = (diffIds: string[]): string[] => {
  const out: string[] = [];
  for (const d of diffIds) out.push(chainId(out.at(-1) ?? null, d));
  return out;
};

/** The on-disk directory name for a layer or container ID (a `sha256:` prefix is dropped); rejects path tricks. */
export function idDir(id: string): string {
  const name = id.replace(/^sha256:/, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(name)) throw new BerthError('invalid-argument', `invalid layer ID "${id}"`);
  return name;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** A random name of `n` base32 characters (26 for overlay short links, as containers/storage uses). */
export const randomName = (n = 26) => [...randomBytes(n)].map((b) => B32[b & 31]).join('');
