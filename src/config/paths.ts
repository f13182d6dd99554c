// Where Berth keeps its storage and where it finds the config files it shares with Podman (root vs rootless).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** Everything path lookups depend on, passed explicitly so tests are hermetic. */
export interface PathContext {
  env: Env;
  uid: number;
  /** Prefix for the system-wide absolute paths (/etc, /usr/share, /var, /run); tests point it at a temp dir. */
  root?: string;
}

export function currentPathContext(): PathContext {
  return { env: process.env, uid: process.getuid?.() ?? 0 };
}

export const isRootless = (ctx: PathContext) => ctx.uid !== 0;

/** A system path under ctx.root (the identity outside tests). */
export const sysPath = (ctx: PathContext, p: string) => (ctx.root ? join(ctx.root, p) : p);

export function homeDir(ctx: PathContext): string {
  return ctx.env.HOME || (ctx.uid === 0 ? '/root' : homedir());
}

/** $XDG_CONFIG_HOME or ~/.config */
export const configHome = (ctx: PathContext) => ctx.env.XDG_CONFIG_HOME || join(homeDir(ctx), '.config');
/** $XDG_DATA_HOME or ~/.local/share */
export const dataHome = (ctx: PathContext) => ctx.env.XDG_DATA_HOME || join(homeDir(ctx), '.local', 'share');
/** $XDG_CACHE_HOME or ~/.cache */
export const cacheHome = (ctx: PathContext) => ctx.env.XDG_CACHE_HOME || join(homeDir(ctx), '.cache');

export interface StoragePaths {
  graphRoot: string;
  runRoot: string;
  volumePath: string;
}

/** Berth's own storage, separate from Podman's so the two never share a store. */
export function storagePaths(ctx: PathContext): StoragePaths {
  if (!isRootless(ctx)) {
    const graphRoot = sysPath(ctx, '/var/lib/berth/storage');
    return { graphRoot, runRoot: sysPath(ctx, '/run/berth'), volumePath: join(graphRoot, 'volumes') };
  }
  const graphRoot = join(dataHome(ctx), 'berth', 'storage');
  const runtimeDir = ctx.env.XDG_RUNTIME_DIR;
  const runRoot = runtimeDir ? join(runtimeDir, 'berth') : `/tmp/berth-run-${ctx.uid}`;
  return { graphRoot, runRoot, volumePath: join(graphRoot, 'volumes') };
}

/**
 * The lock every Berth store on the host takes around bridge and firewall changes: stores are separate, but the default
 * bridge, its subnet and the iptables chains are one per host, and netavark's own check-then-add is not atomic.
 */
export function hostNetworkLockFile(ctx: PathContext): string {
  if (!isRootless(ctx)) return sysPath(ctx, '/run/lock/berth-network.lock');
  return join(ctx.env.XDG_RUNTIME_DIR || `/tmp/berth-run-${ctx.uid}`, 'berth-network.lock');
}

/** The `*.conf` files of a drop-in directory in sorted order; a missing directory has none. */
export function dropInFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.conf'))
    .sort()
    .map((n) => join(dir, n))
    .filter((p) => isFile(p));
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * containers.conf files in load order, as containers/common 0.50 (Podman 4.3) finds them:
 * /usr/share/containers/containers.conf, /etc/containers/containers.conf, /etc/containers/containers.conf.d/*.conf,
 * then (rootless) $XDG_CONFIG_HOME/containers/containers.conf and its .d directory.
 * CONTAINERS_CONF replaces the whole list with that one file, which must exist (4.3 has no CONTAINERS_CONF_OVERRIDE).
 * Returns `missing` when CONTAINERS_CONF names a file that does not exist so the caller can report it.
 */
export function containersConfFiles(ctx: PathContext): { files: string[]; missing?: string } {
  const override = ctx.env.CONTAINERS_CONF;
  if (override) return existsSync(override) ? { files: [override] } : { files: [], missing: override };
  const files: string[] = [];
  for (const p of ['/usr/share/containers/containers.conf', '/etc/containers/containers.conf']) {
    if (isFile(sysPath(ctx, p))) files.push(sysPath(ctx, p));
  }
  files.push(...dropInFiles(sysPath(ctx, '/etc/containers/containers.conf.d')));
  if (isRootless(ctx)) {
    const user = join(configHome(ctx), 'containers', 'containers.conf');
    if (isFile(user)) files.push(user);
    files.push(...dropInFiles(`${user}.d`));
  }
  return { files };
}

export interface RegistriesConfFiles {
  /** The main file (may not exist: then only drop-ins apply). */
  main: string;
  /** Drop-in directories in load order. */
  dropInDirs: string[];
  /** Drop-in files found in those directories, in load order. */
  dropIns: string[];
}

/**
 * registries.conf as containers/image 5.23 finds it: CONTAINERS_REGISTRIES_CONF replaces only the main file
 * (system and user drop-ins still load, as Podman 4.3 does); else $HOME/.config/containers/registries.conf if it
 * exists (then only the user drop-in dir); else /etc/containers/registries.conf.
 * Note these use $HOME, not $XDG_CONFIG_HOME, and apply to root too.
 */
export function registriesConfFiles(ctx: PathContext): RegistriesConfFiles {
  const userFile = join(homeDir(ctx), '.config', 'containers', 'registries.conf');
  const userDir = `${userFile}.d`;
  const systemDir = sysPath(ctx, '/etc/containers/registries.conf.d');
  let main: string;
  let dropInDirs: string[];
  if (ctx.env.CONTAINERS_REGISTRIES_CONF) {
    main = ctx.env.CONTAINERS_REGISTRIES_CONF;
    dropInDirs = [systemDir, userDir];
  } else if (isFile(userFile)) {
    main = userFile;
    dropInDirs = [userDir];
  } else {
    main = sysPath(ctx, '/etc/containers/registries.conf');
    dropInDirs = [systemDir, userDir];
  }
  return { main, dropInDirs, dropIns: dropInDirs.flatMap(dropInFiles) };
}

/**
 * The machine-written short-name alias cache, which wins over registries.conf aliases. BERTH_SHORT_NAME_ALIASES_CONF
 * replaces it: for tests only (podman has no way to move root's file, and tests must not write /var/cache/containers).
 */
export function shortNameAliasCacheFile(ctx: PathContext): string {
  if (ctx.env.BERTH_SHORT_NAME_ALIASES_CONF) return ctx.env.BERTH_SHORT_NAME_ALIASES_CONF;
  if (!isRootless(ctx)) return sysPath(ctx, '/var/cache/containers/short-name-aliases.conf');
  return join(cacheHome(ctx), 'containers', 'short-name-aliases.conf');
}

export interface AuthFile {
  path: string;
  /** ~/.dockercfg: a bare map of registry → entry, no "auths" wrapper. */
  legacy: boolean;
}

/**
 * The auth.json that login writes: REGISTRY_AUTH_FILE, else $XDG_RUNTIME_DIR/containers/auth.json,
 * else /run/containers/$UID/auth.json.
 */
export function authFileForWrite(ctx: PathContext): string {
  if (ctx.env.REGISTRY_AUTH_FILE) return ctx.env.REGISTRY_AUTH_FILE;
  if (ctx.env.XDG_RUNTIME_DIR) return join(ctx.env.XDG_RUNTIME_DIR, 'containers', 'auth.json');
  return sysPath(ctx, `/run/containers/${ctx.uid}/auth.json`);
}

/**
 * Files consulted, in order, when reading credentials (containers/image's order): the write file, then
 * $XDG_CONFIG_HOME/containers/auth.json, then $DOCKER_CONFIG/config.json or ~/.docker/config.json, then ~/.dockercfg.
 */
export function authFilesForRead(ctx: PathContext): AuthFile[] {
  const home = homeDir(ctx);
  const docker = ctx.env.DOCKER_CONFIG ? join(ctx.env.DOCKER_CONFIG, 'config.json') : join(home, '.docker', 'config.json');
  return [
    { path: authFileForWrite(ctx), legacy: false },
    { path: join(configHome(ctx), 'containers', 'auth.json'), legacy: false },
    { path: docker, legacy: false },
    { path: join(home, '.dockercfg'), legacy: true },
  ];
}

/** policy.json: $HOME/.config/containers/policy.json if it exists, else /etc/containers/policy.json. */
export function policyFile(ctx: PathContext): string {
  const user = join(homeDir(ctx), '.config', 'containers', 'policy.json');
  return isFile(user) ? user : sysPath(ctx, '/etc/containers/policy.json');
}

/** Directories holding per-registry TLS material (containers-certs.d(5)), most specific first. */
export function certsDirs(ctx: PathContext, hostPort: string): string[] {
  const dirs = [sysPath(ctx, '/etc/containers/certs.d'), sysPath(ctx, '/etc/docker/certs.d')];
  if (isRootless(ctx)) dirs.unshift(join(homeDir(ctx), '.config', 'containers', 'certs.d'));
  return dirs.map((d) => join(d, hostPort));
}
