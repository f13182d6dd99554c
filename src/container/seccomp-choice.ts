// The seccomp profile a container gets when it is not the default: --seccomp-policy=image (the image's label) or
// --security-opt seccomp=<file>, read and checked with podman 4.3's errors (at create, and again at each init).
import fs from 'node:fs';
import { invalidArgument } from '../util/errors.ts';
import { parseSecurityOpts } from '../runtime/spec-security.ts';

/** The image label podman reads a profile from with --seccomp-policy=image. */
export const IMAGE_SECCOMP_LABEL = 'io.containers.seccomp.profile';

const decode = (text: string, what: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw invalidArgument(`${what} failed: decoding seccomp profile failed: ${(e as Error).message}`);
  }
};

/**
 * The parsed custom profile, or undefined for the default one (and for `seccomp=unconfined`, which spec generation
 * handles). As podman: the image's policy first (its label must exist), else the file given with --security-opt.
 */
export function customSeccompProfile(o: { securityOpt?: string[]; seccompPolicy?: string }, imageLabels: Record<string, string> | null | undefined): unknown {
  const policy = o.seccompPolicy ?? 'default';
  if (policy !== 'default' && policy !== 'image') throw invalidArgument(`invalid seccomp policy "${policy}": valid policies are ["default" "image"]`);
  if (policy === 'image') {
    const text = imageLabels?.[IMAGE_SECCOMP_LABEL];
    if (!text) throw invalidArgument('no seccomp policy defined by image');
    return decode(text, 'loading seccomp profile');
  }
  const file = parseSecurityOpts(o.securityOpt ?? []).seccomp;
  if (!file || file === 'unconfined') return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw invalidArgument(`opening seccomp profile failed: open ${file}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
  return decode(text, `loading seccomp profile (${file})`);
}
