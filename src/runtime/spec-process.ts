// The container command (entrypoint/cmd/--init) and working directory, with Podman 4.3's semantics.
import path from 'node:path';
import type { ContainerCreateOptions, ImageConfig } from './spec-types.ts';
import { invalidArgument } from '../util/errors.ts';

/** Where the caller bind-mounts the init binary (catatonit) for --init, as Podman. */
export const CONTAINER_INIT_PATH = '/run/podman-init';

/**
 * --entrypoint as given on the command line: undefined keeps the image's; '' clears it; a JSON array
 * string (`["/bin/sh","-c"]`) is parsed; any other string is one word (not split on spaces).
 */
export function parseEntrypoint(ep: string | string[] | undefined): string[] | undefined {
  if (ep === undefined || Array.isArray(ep)) return ep;
  if (ep === '') return [''];
  if (ep.trimStart().startsWith('[')) {
    try {
      const v: unknown = JSON.parse(ep);
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    } catch {
      // not JSON: one word, as Podman does
    }
  }
  return [ep];
}

/**
 * process.args: entrypoint (flag, else image; `[""]` means none) + command (flag, else the image's Cmd
 * only when no --entrypoint was given); --init prepends `/run/podman-init --`.
 */
export function buildArgs(image: ImageConfig, opts: Pick<ContainerCreateOptions, 'entrypoint' | 'command' | 'init'>): string[] {
  const flagEntrypoint = parseEntrypoint(opts.entrypoint);
  const entrypoint = flagEntrypoint ?? image.Entrypoint ?? [];
  const args: string[] = [];
  if (!(entrypoint.length === 1 && entrypoint[0] === '')) args.push(...entrypoint);
  let command = opts.command ?? [];
  if (command.length === 0 && flagEntrypoint === undefined) command = image.Cmd ?? [];
  args.push(...command);
  if (args.length === 0) throw invalidArgument('no command or entrypoint provided, and no CMD or ENTRYPOINT from image');
  return opts.init ? [CONTAINER_INIT_PATH, '--', ...args] : args;
}

/** The process cwd: --workdir, else the image's WorkingDir, else `/`. Relative paths are taken from `/`. */
export function resolveWorkdir(image: ImageConfig, opts: Pick<ContainerCreateOptions, 'workdir'>): string {
  const dir = opts.workdir || image.WorkingDir || '/';
  return path.posix.resolve('/', dir);
}

/**
 * The directory inside the rootfs the caller must create (mode 0755, owned by the container user) before
 * starting, or undefined when the cwd is `/`. Berth creates it for --workdir too (Podman errors there).
 */
export function workdirToCreate(image: ImageConfig, opts: Pick<ContainerCreateOptions, 'workdir'>): string | undefined {
  const dir = resolveWorkdir(image, opts);
  return dir === '/' ? undefined : dir;
}

/** --umask / containers.conf umask: 1 to 4 octal digits. */
export function parseUmask(text: string): number {
  if (!/^[0-7]{1,4}$/.test(text)) throw invalidArgument(`invalid umask string ${text}`);
  return parseInt(text, 8);
}
