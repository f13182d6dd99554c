// The pull pipeline: reference → short-name candidates → pull sources (mirrors, then primary) → manifest (index →
// platform) → config → layers → one commit that makes the image visible. Progress goes out as PullEvents.
import type { PullEvent, PullOptions } from '../engine/images.ts';
import type { RegistriesConf } from '../config/registries-conf.ts';
import type { AuthFile } from '../config/paths.ts';
import { lookupCredentials } from '../config/auth.ts';
import { evaluatePolicy, type Policy } from '../config/policy.ts';
import { chainIds } from '../storage/ids.ts';
import { BerthError } from '../util/errors.ts';
import { log } from '../util/log.ts';
import { MAX_CONFIG_BYTES, classifyLayer, parseImageConfig, type ImageManifest } from './manifest.ts';
import { chooseInstance, parsePlatform, type PlatformChoice } from './platform.ts';
import { familiarString, parseReference, repositoryName, toString, type NormalizedReference } from './reference.ts';
import { describeResolution, pullSources, resolveShortName, type PullSource } from './resolve.ts';
import { RegistryClient, type FetchedManifest } from './registry/client.ts';
import type { Credentials } from './registry/auth.ts';
import { commitImage, getImage } from './store.ts';
import { digestOf } from './digest.ts';
import { storeLayers, type LayerJob, type LayerStageEnv } from './pull-layers.ts';

export interface PullEnv extends LayerStageEnv {
  registries: RegistriesConf;
  policy: () => Policy;
  /** Credential files in lookup order (just the --authfile when given). */
  authFiles: AuthFile[];
  /** certs.d directory for a host, when one exists. */
  certDir: (host: string) => string | undefined;
  tty: boolean;
}

type Emit = (e: PullEvent) => void;

/** `--creds user:password` as client credentials. */
export function parseCreds(creds: string): Credentials {
  const i = creds.indexOf(':');
  if (creds === '' || i === 0) throw new BerthError('invalid-argument', 'credentials can\'t be empty');
  return i < 0 ? { username: creds, password: '' } : { username: creds.slice(0, i), password: creds.slice(i + 1) };
}

/** A registry client for one pull source, with credentials from --creds or the auth files. */
export function clientFor(env: PullEnv, host: string, repo: string, insecure: boolean, opts: PullOptions): RegistryClient {
  let credentials: Credentials | undefined;
  if (opts.creds) credentials = parseCreds(opts.creds);
  else {
    const c = lookupCredentials(env.authFiles, `${host}/${repo}`);
    if (c) credentials = c.identityToken ? { identityToken: c.identityToken } : { username: c.username, password: c.password };
  }
  const certDir = opts.certDir ?? env.certDir(host);
  return new RegistryClient({
    host,
    insecure,
    ...(opts.tlsVerify !== undefined ? { tlsVerify: opts.tlsVerify } : {}),
    ...(certDir ? { certDir } : {}),
    ...(credentials ? { credentials } : {}),
    retry: { ...(opts.retry !== undefined ? { count: opts.retry } : {}), ...(opts.retryDelayMs !== undefined ? { baseDelayMs: opts.retryDelayMs } : {}) },
  });
}

function platformChoice(opts: PullOptions): PlatformChoice {
  const c: PlatformChoice = {};
  if (opts.platform) {
    const p = parsePlatform(opts.platform);
    c.os = p.os;
    c.architecture = p.architecture;
    if (p.variant) c.variant = p.variant;
  }
  if (opts.os) c.os = opts.os;
  if (opts.arch) c.architecture = opts.arch;
  if (opts.variant) c.variant = opts.variant;
  return c;
}

interface Source {
  source: PullSource;
  client: RegistryClient;
  top: FetchedManifest;
}

/** Fetches the top manifest from the first source that has it; the error lists every source's failure as podman does. */
async function openSource(env: PullEnv, ref: NormalizedReference, opts: PullOptions): Promise<Source> {
  const failures: Array<{ s: PullSource; e: Error }> = [];
  for (const s of pullSources(ref, env.registries)) {
    const client = clientFor(env, s.host, s.reference.path, s.insecure, opts);
    try {
      const top = await client.getManifest(s.reference.path, s.reference.digest ?? s.reference.tag ?? 'latest');
      return { source: s, client, top };
    } catch (e) {
      if (!(e instanceof BerthError)) throw e;
      log.debug(`pulling ${toString(s.reference)}: ${e.message}`);
      failures.push({ s, e });
    }
  }
  const last = failures.at(-1)!;
  const mirrors = failures.slice(0, -1);
  let detail = last.e.message;
  if (mirrors.length) {
    const m = mirrors.map((f) => `${toString(f.s.reference)}: ${f.e.message}`).join(', ');
    detail = `(Mirrors also failed: [${m}]): ${toString(last.s.reference)}: ${last.e.message}`;
  }
  const err = last.e as BerthError;
  throw new BerthError(err.code, `initializing source docker://${familiarString(ref)}: ${detail}`, err.hint ? { hint: err.hint } : {});
}

async function readAll(stream: AsyncIterable<Buffer>, limitBytes: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    n += c.length;
    if (n > limitBytes) throw new BerthError('invalid-argument', `reading ${what}: exceeded maximum allowed size of ${limitBytes} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** Pulls one fully-qualified reference; returns the image ID. */
export async function pullReference(env: PullEnv, ref: NormalizedReference, opts: PullOptions, emit: Emit): Promise<string> {
  const name = toString(ref);
  emit({ type: 'trying', reference: name });
  evaluatePolicy(env.policy(), 'docker', name);
  const { source, client, top } = await openSource(env, ref, opts);
  const repo = source.reference.path;
  try {
    let manifest: FetchedManifest = top;
    if (top.manifest.kind === 'list') {
      const d = chooseInstance(top.manifest, platformChoice(opts), `docker://${familiarString(ref)}`);
      manifest = await client.getManifest(repo, d.digest);
      if (manifest.manifest.kind !== 'image') throw new BerthError('invalid-argument', `manifest list ${d.digest} refers to another manifest list`);
    }
    const m = manifest.manifest as ImageManifest;
    emit({ type: 'signatures' });
    if (m.config.size > MAX_CONFIG_BYTES) {
      throw new BerthError('invalid-argument', `reading config ${m.config.digest}: exceeded maximum allowed size of ${MAX_CONFIG_BYTES} bytes`);
    }
    const jobs = layerJobs(m);
    const configBytes = storedConfig(env, m.config.digest) ?? await readAll(
      (await client.getBlob(repo, m.config.digest, { size: m.config.size })).stream, MAX_CONFIG_BYTES, `config ${m.config.digest}`);
    const config = parseImageConfig(configBytes);
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== jobs.length) {
      throw new BerthError('invalid-argument', `invalid image ${name}: the manifest has ${jobs.length} layers but the config ${diffIds.length} diff IDs`);
    }
    const chain = chainIds(diffIds).map((c) => c.replace(/^sha256:/, ''));
    const full: LayerJob[] = jobs.map((j, i) => ({ ...j, diffId: diffIds[i]!, id: chain[i]!, parent: i ? chain[i - 1]! : null }));
    const fetchBlob = (digest: string) => (o: Parameters<RegistryClient['getBlob']>[2]) => client.getBlob(repo, digest, o);
    const records = await storeLayers(env, full, fetchBlob, emit);
    emit({ type: 'config', digest: m.config.digest });
    emit({ type: 'manifest' });
    const id = m.config.digest.replace(/^sha256:/, '');
    const repoName = repositoryName(ref);
    const digests = [{ repo: repoName, digest: top.digest }];
    if (manifest !== top) digests.push({ repo: repoName, digest: manifest.digest });
    const created = Date.parse(config.created ?? '');
    commitImage(
      env.db,
      {
        id,
        digest: top.digest,
        topLayer: chain.at(-1) ?? null,
        config: configBytes.toString('utf8'),
        manifest: manifest.bytes.toString('utf8'),
        manifestType: manifest.mediaType,
        size: records.reduce((a, r) => a + r.size, 0),
        created: Number.isNaN(created) ? 0 : created,
        added: Date.now(),
        readOnly: false,
      },
      ref.tag !== undefined ? [toString({ domain: ref.domain, path: ref.path, tag: ref.tag })] : [],
      digests,
    );
    return id;
  } finally {
    client.close();
  }
}

/** The config of an image already stored under this config digest (its ID), checked against the digest; else undefined. */
function storedConfig(env: PullEnv, digest: string): Buffer | undefined {
  if (!digest.startsWith('sha256:')) return undefined;
  const img = getImage(env.db, digest.slice('sha256:'.length));
  if (!img) return undefined;
  const bytes = Buffer.from(img.config, 'utf8');
  return digestOf(bytes) === digest ? bytes : undefined;
}

function layerJobs(m: ImageManifest): Array<Omit<LayerJob, 'diffId' | 'id' | 'parent'>> {
  return m.layers.map((l) => {
    const kind = classifyLayer(l.mediaType);
    if (!kind) throw new BerthError('invalid-argument', `unsupported layer media type ${JSON.stringify(l.mediaType)} for ${l.digest}`);
    return { digest: l.digest, size: l.size, compression: kind.compression };
  });
}

/**
 * Pulls what the user typed: short names go through aliases and the unqualified-search registries (each candidate
 * tried in order until one works); `--all-tags` pulls every tag of the repository. Returns the image IDs.
 */
export async function pull(env: PullEnv, input: string, opts: PullOptions, emit: Emit): Promise<string[]> {
  const parsed = parseReference(input);
  if (opts.allTags && (parsed.tag !== undefined || parsed.digest !== undefined)) {
    throw new BerthError('invalid-argument', 'tag can\'t be used with --all-tags/-a');
  }
  const res = resolveShortName(input, env.registries, { tty: env.tty });
  const line = describeResolution(res);
  if (line && (res.rationale === 'alias' || res.candidates.length > 1)) emit({ type: 'resolved', message: line });
  const errors: BerthError[] = [];
  for (const cand of res.candidates) {
    try {
      if (!opts.allTags) return [await pullReference(env, cand, opts, emit)];
      return await pullAllTags(env, cand, opts, emit);
    } catch (e) {
      if (!(e instanceof BerthError) || res.candidates.length === 1) throw e;
      errors.push(e);
    }
  }
  const list = errors.map((e, i) => `${toString(res.candidates[i]!)}: ${e.message}`).join('; ');
  throw new BerthError(errors[0]!.code, `${errors.length} errors occurred while pulling: ${list}`);
}

async function pullAllTags(env: PullEnv, ref: NormalizedReference, opts: PullOptions, emit: Emit): Promise<string[]> {
  let tags: string[] | undefined;
  let lastErr: unknown;
  for (const s of pullSources({ domain: ref.domain, path: ref.path, tag: 'latest' }, env.registries)) {
    const client = clientFor(env, s.host, s.reference.path, s.insecure, opts);
    try {
      tags = await client.listTags(s.reference.path);
      break;
    } catch (e) {
      lastErr = e;
    } finally {
      client.close();
    }
  }
  if (!tags) throw lastErr;
  const ids: string[] = [];
  for (const tag of tags) ids.push(await pullReference(env, { domain: ref.domain, path: ref.path, tag }, opts, emit));
  return ids;
}
