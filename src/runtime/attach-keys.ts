// Detach key sequences: parsing Podman's --detach-keys syntax and spotting the sequence in a stdin stream.
import { BerthError } from '../util/errors.ts';

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

const CTRL_SPECIAL: Record<string, number> = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, _: 31 };

/**
 * Parses `ctrl-p,ctrl-q`-style keys: a single character, or `ctrl-` with a-z, @, [, \, ], ^ or _.
 * The empty string disables detaching (returns an empty sequence).
 */
export function parseDetachKeys(spec: string): Buffer {
  if (spec === '') return Buffer.alloc(0);
  const out: number[] = [];
  for (const key of spec.split(',')) {
    const k = key.toLowerCase();
    if (key.length === 1) {
      out.push(key.charCodeAt(0));
    } else if (k.startsWith('ctrl-') && k.length === 6) {
      const c = k[5]!;
      if (c >= 'a' && c <= 'z') out.push(c.charCodeAt(0) - 96);
      else if (c in CTRL_SPECIAL) out.push(CTRL_SPECIAL[c]!);
      else throw badKeys(spec);
    } else {
      throw badKeys(spec);
    }
  }
  return Buffer.from(out);
}

const badKeys = (spec: string) =>
  new BerthError('invalid-argument', `invalid detach keys: ${spec}`, {
    hint: 'use a comma-separated list of single characters or ctrl-<a-z|@|[|\\|]|^|_>',
  });

/**
 * Scans stdin chunks for the detach sequence. Bytes that might begin the sequence are held back until
 * it either completes (detach) or breaks (they are passed through).
 */
export class DetachMatcher {
  readonly #keys: Buffer;
  #held = 0;

  constructor(keys: Buffer) {
    this.#keys = keys;
  }

  /** Returns the bytes to forward, and whether the sequence completed (bytes after it are dropped). */
  feed(chunk: Buffer): { forward: Buffer; detach: boolean } {
    if (this.#keys.length === 0) return { forward: chunk, detach: false };
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.#keys[this.#held]) {
        this.#held++;
        if (this.#held === this.#keys.length) {
          this.#held = 0;
          return { forward: Buffer.from(out), detach: true };
        }
        continue;
      }
      // Mismatch: release what was held; the current byte may start a new sequence.
      for (let i = 0; i < this.#held; i++) out.push(this.#keys[i]!);
      this.#held = 0;
      if (b === this.#keys[0]) {
        this.#held = 1;
        if (this.#keys.length === 1) return { forward: Buffer.from(out), detach: true };
      } else {
        out.push(b);
      }
    }
    return { forward: Buffer.from(out), detach: false };
  }
}
