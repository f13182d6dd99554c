// Content digests: parsing `algo:hex`, hashing bytes, and a pass-through stream that verifies size and digest at the end.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BerthError } from '../util/errors.ts';

export type DigestAlgorithm = 'sha256' | 'sha512';

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };

export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
}

/** Parses `sha256:<64 lowercase hex>` or `sha512:<128 lowercase hex>`; throws invalid-argument otherwise. */
export function parseDigest(text: string): ParsedDigest {
  const m = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(text);
  if (!m) throw new BerthError('invalid-argument', `invalid digest ${JSON.stringify(text)}: invalid checksum digest format`);
  const algorithm = m[1]!;
  const hex = m[2]!;
  if (algorithm !== 'sha256' && algorithm !== 'sha512') {
    throw new BerthError('invalid-argument', `invalid digest ${JSON.stringify(text)}: unsupported digest algorithm`);
  }
  if (hex.length !== HEX_LENGTH[algorithm]) {
    throw new BerthError('invalid-argument', `invalid digest ${JSON.stringify(text)}: invalid checksum digest length`);
  }
  if (!/^[a-f0-9]+$/.test(hex)) {
    throw new BerthError('invalid-argument', `invalid digest ${JSON.stringify(text)}: invalid checksum digest format`);
  }
  return { algorithm, hex };
}

export function isDigest(text: string): boolean {
  try {
    parseDigest(text);
    return true;
  } catch {
    return false;
  }
}

/** The digest of bytes already in memory (manifests, configs). */
export function digestOf(bytes: Uint8Array | string, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** An incremental hasher that can be cloned (e.g. to resume a download after its first N bytes). */
export class Digester {
  readonly algorithm: DigestAlgorithm;
  private hash: Hash;
  private count = 0;
  constructor(algorithm: DigestAlgorithm = 'sha256', hash?: Hash, count = 0) {
    this.algorithm = algorithm;
    this.hash = hash ?? createHash(algorithm);
    this.count = count;
  }
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.count += chunk.length;
  }
  /** Bytes hashed so far. */
  get size(): number {
    return this.count;
  }
  /** The digest so far; does not finalize, so more bytes may follow. */
  digest(): string {
    return `${this.algorithm}:${this.hash.copy().digest('hex')}`;
  }
  clone(): Digester {
    return new Digester(this.algorithm, this.hash.copy(), this.count);
  }
}

export const digestMismatch = (expected: string, got: string) =>
  new BerthError('integrity', `Digest did not match, expected ${expected}, got ${got}`);

export const sizeMismatch = (expected: number, got: number) =>
  new BerthError('integrity', `Size did not match, expected ${expected} bytes, got ${got}`);

export interface VerifyOptions {
  /** Expected total size in bytes (including bytes already hashed by `digester`); -1 or absent when unknown. */
  size?: number;
  /** Continue hashing from this state (a resumed download); it is not modified. */
  digester?: Digester;
}

/**
 * A pass-through stream that hashes what flows through and, at the end, fails with an integrity error if the size or
 * the digest differs from what was expected. Bytes beyond the expected size fail at once rather than at the end.
 */
export function verifyingStream(expected: string, opts: VerifyOptions = {}): Transform & { digester: Digester } {
  const { algorithm } = parseDigest(expected);
  const digester = opts.digester ? opts.digester.clone() : new Digester(algorithm);
  if (digester.algorithm !== algorithm) {
    throw new BerthError('internal', `resuming a ${digester.algorithm} hash for a ${algorithm} digest`);
  }
  const size = opts.size ?? -1;
  const t = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      digester.update(chunk);
      if (size >= 0 && digester.size > size) return cb(sizeMismatch(size, digester.size));
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      if (size >= 0 && digester.size !== size) return cb(sizeMismatch(size, digester.size));
      const got = digester.digest();
      if (got !== expected) return cb(digestMismatch(expected, got));
      cb();
    },
  });
  return Object.assign(t, { digester });
}
