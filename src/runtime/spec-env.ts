// Environment merging for the container process, in Podman 4.3's precedence order.
import { invalidArgument } from '../util/errors.ts';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const PROXY_VARS = ['http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY'];

export interface EnvInput {
  /** containers.conf [containers] env. */
  confEnv: readonly string[];
  /** --env-host (or containers.conf env_host): the whole host environment. */
  envHost: boolean;
  /** containers.conf http_proxy: the host's proxy variables. */
  httpProxy: boolean;
  imageEnv: readonly string[];
  /** --env-file pairs, then -e values (KEY=value, KEY = host's value, KEY* = host vars with that prefix). */
  envFile: readonly string[];
  env: readonly string[];
  hostEnv: Readonly<Record<string, string>>;
  /** --env-merge KEY=value: rewrites a default (image/containers.conf) variable, `${KEY}`/`$KEY` expanded. */
  envMerge?: readonly string[];
  /** --unsetenv KEY / --unsetenv-all: drop default variables (not -e/--env-file ones). */
  unsetenv?: readonly string[];
  unsetenvAll?: boolean;
}

/** Expands $X, ${X}, ${X:-word} and ${X:+word} against env (unknown variables are empty), as podman's --env-merge. */
export function expandWord(word: string, env: ReadonlyMap<string, string>): string {
  return word.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced?: string, op?: string, w?: string, bare?: string) => {
    const v = env.get((braced ?? bare)!);
    if (op === '-') return v ? v : (w ?? '');
    if (op === '+') return v ? (w ?? '') : '';
    return v ?? '';
  });
}

/** Splits KEY=value; a KEY with no '=' yields value undefined. */
function split(entry: string): [string, string | undefined] {
  const eq = entry.indexOf('=');
  return eq < 0 ? [entry, undefined] : [entry.slice(0, eq), entry.slice(eq + 1)];
}

/** Applies one `-e`/env-file entry: KEY=value, KEY (host value if set), KEY* (host vars with the prefix). */
function applyUserEntry(into: Map<string, string>, entry: string, host: Readonly<Record<string, string>>): void {
  const [key, value] = split(entry);
  if (key === '') throw invalidArgument(`invalid environment variable: "${entry}"`);
  if (value !== undefined) {
    into.set(key, value);
    return;
  }
  if (key.endsWith('*')) {
    const prefix = key.slice(0, -1);
    for (const [k, v] of Object.entries(host)) if (k.startsWith(prefix)) into.set(k, v);
    return;
  }
  const hv = host[key];
  if (hv !== undefined) into.set(key, hv);
}

/**
 * The environment as a KEY=value list: Podman's defaults (PATH, container=podman), containers.conf env,
 * host env (--env-host) and proxy vars, the image's Env, --env-file, -e. Later sources override earlier
 * ones; a key keeps the position where it first appeared. --env-merge and --unsetenv(-all) act on those defaults, before
 * --env-file and -e. HOME and HOSTNAME are added by the caller.
 */
export function mergeEnv(input: EnvInput): Map<string, string> {
  const env = new Map<string, string>([['PATH', DEFAULT_PATH]]);
  for (const e of input.confEnv) {
    const [k, v] = split(e);
    if (v !== undefined) env.set(k, v);
  }
  if (!env.has('container')) env.set('container', 'podman');
  if (input.envHost) for (const [k, v] of Object.entries(input.hostEnv)) env.set(k, v);
  if (input.httpProxy) for (const k of PROXY_VARS) if (input.hostEnv[k] !== undefined) env.set(k, input.hostEnv[k]!);
  for (const e of input.imageEnv) {
    const [k, v] = split(e);
    env.set(k, v ?? '');
  }
  for (const e of input.envMerge ?? []) {
    const [k, v] = split(e);
    if (v !== undefined && env.has(k)) env.set(k, expandWord(v, env));
  }
  if (input.unsetenvAll) env.clear();
  for (const k of input.unsetenv ?? []) env.delete(k);
  for (const e of input.envFile) applyUserEntry(env, e, input.hostEnv);
  for (const e of input.env) applyUserEntry(env, e, input.hostEnv);
  return env;
}

export const envList = (env: ReadonlyMap<string, string>): string[] => [...env].map(([k, v]) => `${k}=${v}`);
