// Cobra's argument-count errors as podman prints them, for the image verbs.
import { BerthError } from '../../util/errors.ts';

export function exactArgs(args: string[], n: number): void {
  if (args.length !== n) throw new BerthError('invalid-argument', `accepts ${n} arg(s), received ${args.length}`);
}

export function minArgs(args: string[], n: number): void {
  if (args.length < n) throw new BerthError('invalid-argument', `requires at least ${n} arg(s), only received ${args.length}`);
}
