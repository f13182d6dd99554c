// Volume names: podman's validation rule and error, and the random 64-hex names of unnamed/anonymous volumes.
import { randomBytes } from '../sys/random.ts';
import { BerthError } from '../util/errors.ts';

export const NAME_PATTERN = '[a-zA-Z0-9][a-zA-Z0-9_.-]*';
const NAME_RE = new RegExp(`^${NAME_PATTERN}$`);

export const isValidVolumeName = (name: string) => NAME_RE.test(name);

/** Throws podman's error for a name that is not [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
export function validateVolumeName(name: string): void {
  if (!isValidVolumeName(name)) {
    throw new BerthError('invalid-argument', `running volume create option: names must match ${NAME_PATTERN}: invalid argument`);
  }
}

/** A random name like podman's: 64 lowercase hex digits. */
export const randomVolumeName = () => randomBytes(32).toString('hex');
