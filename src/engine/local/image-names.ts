// Names given to `tag` / `untag`: normalized as podman does (short names go to localhost/, :latest added, no digests).
import { BerthError } from '../../util/errors.ts';
import { parseReference, normalize, toString, isFullImageId } from '../../image/reference.ts';

/** `mine` → `localhost/mine:latest`, `docker.io/busybox` → `docker.io/library/busybox:latest`. */
export function normalizeTarget(input: string): string {
  const fail = (why: string) => new BerthError('invalid-argument', `normalizing name "${input}": normalizing name "${input}": ${why}`);
  if (isFullImageId(input) && !input.startsWith('sha256:')) throw fail(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  let ref;
  try {
    ref = parseReference(input);
  } catch (e) {
    throw fail((e as Error).message);
  }
  if (ref.digest !== undefined) throw new BerthError('invalid-argument', `${input}: tag by digest not supported`);
  const full = ref.domain === undefined ? { ...ref, domain: 'localhost' } : ref;
  return toString(normalize(full));
}
