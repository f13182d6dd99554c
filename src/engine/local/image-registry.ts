// Registry-facing image verbs of the local engine: pull, search, login, logout (wiring config and store to src/image).
import { existsSync } from 'node:fs';
import type { ImageEngine, LoginOptions, PullEvent, PullOptions, PullReport, SearchOptions, SearchResult, ShortNameChooser } from '../images.ts';
import type { LocalContext } from './context.ts';
import { BerthError } from '../../util/errors.ts';
import { log } from '../../util/log.ts';
import { loadContainersConf } from '../../config/containers-conf.ts';
import { findRegistry, loadRegistriesConf, type RegistriesConf } from '../../config/registries-conf.ts';
import { loadPolicy, type Policy } from '../../config/policy.ts';
import { authFileForWrite, authFilesForRead, certsDirs, shortNameAliasCacheFile, type AuthFile } from '../../config/paths.ts';
import { lookupCredentials, removeAllCredentials, removeCredentials, setCredentials } from '../../config/auth.ts';
import { openLayerStore } from '../../storage/layers.ts';
import { collectStaleIngests } from '../../image/content.ts';
import { clientFor, parseCreds, pull, type PullEnv } from '../../image/pull.ts';
import { searchRegistry, searchTargets } from '../../image/search.ts';
import { RegistryClient } from '../../image/registry/client.ts';
import { chooseShortName, recordShortNameAlias } from '../../image/shortname-choice.ts';
import { repositoryName, toString } from '../../image/reference.ts';
import { imageByName } from '../../image/store.ts';
import { enterPull } from '../../image/pull-guard.ts';

type Ops = Pick<ImageEngine, 'pull' | 'search' | 'login' | 'logout'>;

const DEFAULT_PARALLEL = 6;

/** `https://host/v1/` or `host/ns/repo` → the auth.json key (scheme and Docker Hub's /v1/ path dropped). */
export function loginKey(input: string): string {
  let k = input.replace(/^https?:\/\//, '');
  if (k !== input) k = k.split('/')[0]!;
  return k.replace(/\/+$/, '');
}

export class RegistryImageOps implements Ops {
  readonly ctx: LocalContext;
  private conf: RegistriesConf | undefined;
  constructor(ctx: LocalContext) {
    this.ctx = ctx;
  }

  private registries(): RegistriesConf {
    this.conf ??= loadRegistriesConf(this.ctx.paths);
    return this.conf;
  }

  private authFiles(authfile?: string): AuthFile[] {
    return authfile ? [{ path: authfile, legacy: false }] : authFilesForRead(this.ctx.paths);
  }

  private certDir = (host: string) => certsDirs(this.ctx.paths, host).find((d) => existsSync(d));

  private pullEnv(opts: PullOptions, canPrompt: boolean): PullEnv {
    const s = this.ctx.settings;
    const conf = loadContainersConf(this.ctx.paths);
    let policy: Policy | undefined;
    return {
      db: this.ctx.state(),
      layers: openLayerStore(s.graphRoot, s.storageDriver === 'vfs' ? 'vfs' : 'auto'),
      graphRoot: s.graphRoot,
      parallel: conf.engine.imageParallelCopies > 0 ? conf.engine.imageParallelCopies : DEFAULT_PARALLEL,
      registries: this.registries(),
      policy: () => (policy ??= loadPolicy(this.ctx.paths)),
      authFiles: this.authFiles(opts.authfile),
      certDir: this.certDir,
      // The engine never looks at the terminal: the CLI passes a chooser only when it has one.
      tty: canPrompt,
    };
  }

  async pull(ref: string, opts: PullOptions, onEvent?: (e: PullEvent) => void, choose?: ShortNameChooser): Promise<PullReport> {
    const env = this.pullEnv(opts, choose !== undefined);
    // Asked before anything is fetched, as podman does; the pick is then pulled as a fully qualified name.
    const picked = choose ? await chooseShortName(ref, env.registries, choose, (n) => imageByName(env.db, n) !== undefined) : undefined;
    await collectStaleIngests(env.graphRoot).catch((e: unknown) => log.debug(`collecting stale ingests: ${(e as Error).message}`));
    const target = !picked ? ref : opts.allTags ? repositoryName(picked.reference) : toString(picked.reference);
    // Held until the image is committed, so `image prune` never takes this pull's layers for leftovers; a lone pull
    // first removes the half-made layer directories killed pulls left (their recorded layers and blobs it reuses).
    const leave = await enterPull(env.graphRoot, async () => void (await env.layers.cleanupTemp()));
    let images: string[];
    try {
      images = await pull(env, target, opts, onEvent ?? (() => {}));
    } finally {
      leave();
    }
    if (picked?.alias) await recordShortNameAlias(shortNameAliasCacheFile(this.ctx.paths), picked.alias.name, picked.alias.value);
    return { images };
  }

  async search(term: string, opts: SearchOptions): Promise<SearchResult[]> {
    const targets = searchTargets(term, this.registries());
    const out: SearchResult[] = [];
    const errors: string[] = [];
    const env = { authFiles: this.authFiles(opts.authfile), certDir: this.certDir } as PullEnv;
    for (const t of targets) {
      const pullOpts: PullOptions = {};
      if (opts.creds) pullOpts.creds = opts.creds;
      if (opts.tlsVerify !== undefined) pullOpts.tlsVerify = opts.tlsVerify;
      const client = clientFor(env, t.host, t.term.replace(/[:@].*$/, ''), t.insecure, pullOpts);
      try {
        out.push(...(await searchRegistry(client, t, opts)));
      } catch (e) {
        if (!(e instanceof BerthError)) throw e;
        const what = opts.listTags ? 'getting repository tags' : `couldn't search registry "${t.index}"`;
        errors.push(`${what}: ${e.message}`);
      } finally {
        client.close();
      }
    }
    // As podman: errors fail the search only when no registry answered.
    if (errors.length && out.length === 0) throw new BerthError('unavailable', errors.join('; '));
    for (const e of errors) log.warn(e);
    return out;
  }

  /** The registry for a login key: its first component, through a [[registry]] whose prefix is exactly it. */
  private loginEndpoint(key: string): { host: string; insecure: boolean } {
    const host = key.split('/')[0]!;
    const reg = findRegistry(this.registries(), host);
    const target = reg && reg.prefix === host && reg.location && !reg.location.includes('/') ? reg.location : host;
    return { host: target, insecure: reg?.insecure ?? false };
  }

  private defaultRegistry(registry: string): string {
    if (registry) return loginKey(registry);
    const first = this.registries().unqualifiedSearchRegistries[0];
    if (!first) throw new BerthError('invalid-argument', 'please provide a registry to log in to');
    return first;
  }

  /** The stored user name for a registry (`login --get-login`). */
  async getLogin(registry: string, authfile?: string): Promise<string> {
    const key = this.defaultRegistry(registry);
    const c = lookupCredentials(this.authFiles(authfile), key);
    if (!c) throw new BerthError('not-found', `not logged into ${key}`);
    return c.username;
  }

  async login(registry: string, opts: LoginOptions): Promise<string | void> {
    if (opts.getLogin) return this.getLogin(registry, opts.authfile);
    const key = this.defaultRegistry(registry);
    if (!opts.username) throw new BerthError('invalid-argument', 'cannot log in without a username');
    if (opts.password === undefined || opts.password === '') throw new BerthError('invalid-argument', 'cannot log in without a password');
    const { host, insecure } = this.loginEndpoint(key);
    const certDir = opts.certDir ?? this.certDir(host);
    const client = new RegistryClient({
      host,
      insecure,
      ...(opts.tlsVerify !== undefined ? { tlsVerify: opts.tlsVerify } : {}),
      ...(certDir ? { certDir } : {}),
      credentials: parseCreds(`${opts.username}:${opts.password}`),
    });
    try {
      await client.checkAuth();
    } catch (e) {
      if (!(e instanceof BerthError)) throw e;
      const why = e.code === 'unauthorized' ? 'invalid username/password' : e.message;
      throw new BerthError(e.code, `logging into "${key}": ${why}`, e.hint && e.code !== 'unauthorized' ? { hint: e.hint } : {});
    } finally {
      client.close();
    }
    setCredentials(opts.authfile ?? authFileForWrite(this.ctx.paths), key, opts.username, opts.password);
  }

  async logout(registry: string | undefined, opts: { authfile?: string; all?: boolean }): Promise<string> {
    const file = opts.authfile ?? authFileForWrite(this.ctx.paths);
    if (opts.all) {
      removeAllCredentials(file);
      return 'all registries';
    }
    const key = this.defaultRegistry(registry ?? '');
    try {
      removeCredentials(file, key);
      return key;
    } catch (e) {
      // Credentials found in another file (e.g. ~/.docker/config.json) cannot be removed from here: say where.
      const c = e instanceof BerthError && e.code === 'not-found' ? lookupCredentials(authFilesForRead(this.ctx.paths), key) : undefined;
      if (c) throw new BerthError('not-found', `not logged into ${key}: the credentials are in ${c.file}`);
      throw e;
    }
  }
}
