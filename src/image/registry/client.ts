// The OCI distribution client for one registry endpoint: /v2/ ping and scheme choice, bearer/basic auth with a token
// cache, retries with backoff, manifests, blobs (verified, resumable, redirects), uploads, catalog, tags, v1 search.
import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { BerthError } from '../../util/errors.ts';
import { log } from '../../util/log.ts';
import { digestOf, digestMismatch, parseDigest, verifyingStream, type Digester } from '../digest.ts';
import { DEFAULT_MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, normalizeMediaType, parseManifest, type Manifest } from '../manifest.ts';
import {
  basicAuthorization,
  parseTokenResponse,
  parseWWWAuthenticate,
  repositoryScope,
  TokenCache,
  type Challenge,
  type Credentials,
} from './auth.ts';
import { registryError } from './errors.ts';
import { closeAgents, discard, readBody, send, transportError, type TlsSettings, type TransportError } from './http.ts';
import { backoffDelay, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, sleep, type RetryPolicy } from './retry.ts';

export interface RegistryEndpoint {
  /** `host[:port]` as written in references and registries.conf. */
  host: string;
  /** Allows plain HTTP (after HTTPS fails) and skips certificate verification, like registries.conf `insecure`. */
  insecure: boolean;
  /** `false` skips certificate verification (podman's --tls-verify=false, which also allows HTTP). */
  tlsVerify?: boolean;
  /** certs.d directory for this host: `*.crt` CAs, `*.cert` + `*.key` client pairs. */
  certDir?: string;
  credentials?: Credentials;
  userAgent?: string;
  retry?: Partial<RetryPolicy>;
  /** Idle timeout per request in milliseconds (default 60 s). */
  timeoutMs?: number;
}

export interface FetchedManifest {
  mediaType: string;
  digest: string;
  bytes: Buffer;
  manifest: Manifest;
}

export interface ManifestHead {
  mediaType: string;
  /** From Docker-Content-Digest; '' when the registry does not send it. */
  digest: string;
  size: number;
}

export interface BlobOptions {
  /** Resume from this byte (sends `Range: bytes=N-`). */
  offset?: number;
  /** The hash of bytes 0..offset-1 the caller already has; lets a resumed read be verified end to end. */
  digester?: Digester;
  /** Expected total size (from the descriptor); checked at the end. */
  size?: number;
}

export interface BlobStream {
  /** The body; when `verified`, it errors with an integrity error if size or digest does not match at the end. */
  stream: Readable;
  /** Total blob size, -1 when the registry does not say. */
  size: number;
  /** First byte the stream carries: the requested offset when the range was honoured (206), else 0. */
  offset: number;
  /** True when the registry answered 206 to a range request; false when it restarted from 0 (200). */
  rangeHonoured: boolean;
  verified: boolean;
}

export interface SearchResult {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  is_automated: boolean;
}

interface Req {
  method: string;
  /** A path below the endpoint (`/v2/...`) or an absolute URL (upload locations). */
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | Readable;
  scopes: string[];
  context: string;
  /** Statuses handed back to the caller instead of raising. */
  ok: number[];
  followRedirects?: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ERROR_BODY_LIMIT = 64 * 1024;
const JSON_LIMIT = 16 * 1024 * 1024;

/** Parses `Link: </v2/_catalog?last=b&n=2>; rel="next"`; returns the next URL (as sent) or undefined. */
export function parseNextLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel="?next"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

function goStyle(te: TransportError, host: string): string {
  switch (te.errno) {
    case 'ECONNREFUSED':
      return `dial tcp ${host}: connect: connection refused`;
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    default:
      return te.message;
  }
}

export class RegistryClient {
  readonly host: string;
  private readonly insecure: boolean;
  private readonly tls: TlsSettings;
  private readonly credentials: Credentials | undefined;
  private readonly userAgent: string;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly tokens = new TokenCache();
  private pinged: Promise<string> | undefined;
  private challenge: Challenge | undefined;

  constructor(e: RegistryEndpoint) {
    this.host = e.host;
    const skipVerify = e.insecure || e.tlsVerify === false;
    this.insecure = skipVerify;
    this.tls = e.certDir ? { skipVerify, certDir: e.certDir } : { skipVerify };
    this.credentials = e.credentials;
    this.userAgent = e.userAgent ?? 'berth';
    this.retry = { ...DEFAULT_RETRY, ...e.retry };
    this.timeoutMs = e.timeoutMs ?? 60_000;
  }

  /** Drops this host's pooled connections. */
  close(): void {
    closeAgents(this.host);
  }

  /** Finds the scheme (https, or http for insecure registries) and the auth challenge; cached after success. */
  ping(): Promise<string> {
    if (!this.pinged) {
      this.pinged = this.doPing();
      this.pinged.catch(() => (this.pinged = undefined));
    }
    return this.pinged;
  }

  private async doPing(): Promise<string> {
    const context = `pinging container registry ${this.host}`;
    const schemes = this.insecure ? ['https:', 'http:'] : ['https:'];
    for (let attempt = 0; ; attempt++) {
      let failure: { te: TransportError; url: URL } | undefined;
      let retryAfter: number | undefined;
      let lastStatus: { status: number; body: Buffer | undefined } | undefined;
      // An insecure registry is asked over https and http at once (https still wins when it answers): a plain-HTTP
      // mirror no longer costs a failed TLS handshake before the real request.
      const tries = schemes.map((scheme) => {
        const url = new URL(`${scheme}//${this.host}/v2/`);
        log.debug(`GET ${url.href}`);
        const answer = send({ method: 'GET', url, headers: { 'User-Agent': this.userAgent }, timeoutMs: this.timeoutMs, tls: this.tls })
          .then((res) => ({ res }), (e: unknown) => ({ error: e }));
        return { url, answer };
      });
      const dropRest = (from: number) => {
        for (const t of tries.slice(from)) void t.answer.then((a) => 'res' in a && discard(a.res));
      };
      for (const [i, { url, answer }] of tries.entries()) {
        const a = await answer;
        if ('error' in a) {
          failure = { te: transportError(a.error), url };
          continue;
        }
        const res: IncomingMessage = a.res;
        const status = res.statusCode ?? 0;
        if (status === 200 || status === 401) {
          this.challenge = pickChallenge(parseWWWAuthenticate(res.headers['www-authenticate']));
          discard(res);
          log.debug(`ping ${url.origin}: status ${status}, auth ${this.challenge?.scheme ?? 'none'}`);
          dropRest(i + 1);
          return url.origin;
        }
        retryAfter = parseRetryAfter(header(res, 'retry-after'));
        lastStatus = { status, body: await readBody(res, ERROR_BODY_LIMIT).catch(() => undefined) };
        if (!isRetryableStatus(status)) {
          dropRest(i + 1);
          break;
        }
      }
      const retryable = lastStatus ? isRetryableStatus(lastStatus.status) : failure!.te.retryable;
      if (retryable && attempt < this.retry.count) {
        await sleep(backoffDelay(this.retry, attempt, retryAfter));
        continue;
      }
      if (lastStatus) throw registryError(context, lastStatus.status, lastStatus.body);
      const { te, url } = failure!;
      const tlsHint = te.message.startsWith('tls:')
        ? `put the registry's CA certificate in the registry's certs.d directory (e.g. /etc/containers/certs.d/${this.host}/ca.crt), or use --tls-verify=false`
        : undefined;
      throw new BerthError('unavailable', `${context}: Get "${url.href}": ${goStyle(te, this.host)}`, tlsHint ? { hint: tlsHint } : {});
    }
  }

  /** Checks the credentials against /v2/ (what `login` does): a 401 means they are wrong. */
  async checkAuth(): Promise<void> {
    await this.ping();
    if (!this.challenge) return;
    const res = await this.request({ method: 'GET', url: '/v2/', scopes: [], context: `authenticating to ${this.host}`, ok: [200, 401] });
    discard(res);
    if (res.statusCode === 401) throw this.unauthorized(`authenticating to ${this.host}`);
  }

  private unauthorized(context: string): BerthError {
    const why = this.credentials ? 'invalid username/password' : 'authentication required';
    return new BerthError('unauthorized', `${context}: ${why}`, { hint: `log in with: berth login ${this.host}` });
  }

  async getManifest(repo: string, reference: string, accept: readonly string[] = DEFAULT_MANIFEST_ACCEPT): Promise<FetchedManifest> {
    const context = `reading manifest ${reference} in ${this.host}/${repo}`;
    const res = await this.request({
      method: 'GET',
      url: `/v2/${repo}/manifests/${reference}`,
      headers: { Accept: accept.join(', ') },
      scopes: [repositoryScope(repo, 'pull')],
      context,
      ok: [200],
    });
    const bytes = await readBody(res, MAX_MANIFEST_BYTES, `manifest ${reference} in ${this.host}/${repo}`);
    const manifest = parseManifest(bytes, header(res, 'content-type'));
    let digest = digestOf(bytes);
    if (reference.includes(':')) {
      const { algorithm } = parseDigest(reference);
      const got = digestOf(bytes, algorithm);
      if (got !== reference) throw digestMismatch(reference, got);
      digest = reference;
    }
    return { mediaType: manifest.mediaType, digest, bytes, manifest };
  }

  /** HEAD of a manifest: null when the registry does not have it. */
  async headManifest(repo: string, reference: string, accept: readonly string[] = DEFAULT_MANIFEST_ACCEPT): Promise<ManifestHead | null> {
    const res = await this.request({
      method: 'HEAD',
      url: `/v2/${repo}/manifests/${reference}`,
      headers: { Accept: accept.join(', ') },
      scopes: [repositoryScope(repo, 'pull')],
      context: `checking manifest ${reference} in ${this.host}/${repo}`,
      ok: [200, 404],
    });
    discard(res);
    if (res.statusCode === 404) return null;
    return {
      mediaType: normalizeMediaType(header(res, 'content-type')),
      digest: header(res, 'docker-content-digest') ?? '',
      size: Number(header(res, 'content-length') ?? -1),
    };
  }

  /**
   * Streams a blob, following redirects (the Authorization header is not sent to another host). With `offset`, asks
   * for the rest only; `rangeHonoured` tells whether the registry did (206) or restarted from byte 0 (200).
   */
  async getBlob(repo: string, digest: string, opts: BlobOptions = {}): Promise<BlobStream> {
    parseDigest(digest);
    const offset = opts.offset ?? 0;
    const context = `fetching blob ${digest} from ${this.host}/${repo}`;
    const res = await this.request({
      method: 'GET',
      url: `/v2/${repo}/blobs/${digest}`,
      headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
      scopes: [repositoryScope(repo, 'pull')],
      context,
      ok: [200, 206],
      followRedirects: true,
    });
    const length = Number(header(res, 'content-length') ?? -1);
    if (res.statusCode === 206) {
      const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(res, 'content-range') ?? '');
      if (!m || Number(m[1]) !== offset) {
        discard(res);
        throw new BerthError('unavailable', `${context}: the registry answered range ${offset}- with ${JSON.stringify(header(res, 'content-range'))}`);
      }
      const size = m[3] === '*' ? (opts.size ?? -1) : Number(m[3]);
      const d = opts.digester;
      if (d && d.size === offset) {
        const v = verifyingStream(digest, { size: opts.size ?? size, digester: d });
        return { stream: pipeline(res, v, () => {}), size, offset, rangeHonoured: true, verified: true };
      }
      return { stream: res, size, offset, rangeHonoured: true, verified: false };
    }
    const size = length >= 0 ? length : (opts.size ?? -1);
    const v = verifyingStream(digest, { size: opts.size ?? size });
    return { stream: pipeline(res, v, () => {}), size, offset: 0, rangeHonoured: false, verified: true };
  }

  /** HEAD of a blob: its size, or null when the repository does not have it. */
  async blobExists(repo: string, digest: string): Promise<number | null> {
    const res = await this.request({
      method: 'HEAD',
      url: `/v2/${repo}/blobs/${digest}`,
      scopes: [repositoryScope(repo, 'pull')],
      context: `checking whether blob ${digest} exists in ${this.host}/${repo}`,
      ok: [200, 404],
      followRedirects: true,
    });
    discard(res);
    return res.statusCode === 404 ? null : Number(header(res, 'content-length') ?? -1);
  }

  /**
   * Uploads a blob: POST to open an upload (trying a cross-repository mount first when `mountFrom` is given), then
   * one monolithic PUT with the digest. A Buffer body can be retried; a stream cannot.
   */
  async uploadBlob(repo: string, digest: string, size: number, body: Buffer | Readable, opts: { mountFrom?: string } = {}): Promise<{ mounted: boolean }> {
    parseDigest(digest);
    const context = `uploading blob ${digest} to ${this.host}/${repo}`;
    const scopes = [repositoryScope(repo, 'pull,push')];
    let url = `/v2/${repo}/blobs/uploads/`;
    if (opts.mountFrom) {
      url += `?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(opts.mountFrom)}`;
      scopes.push(repositoryScope(opts.mountFrom, 'pull'));
    }
    const started = await this.request({ method: 'POST', url, headers: { 'Content-Length': '0' }, scopes, context, ok: [201, 202] });
    discard(started);
    if (started.statusCode === 201) return { mounted: true };
    const location = header(started, 'location');
    if (!location) throw new BerthError('internal', `${context}: the registry sent no upload location`);
    const put = new URL(location, await this.ping());
    put.searchParams.set('digest', digest);
    const res = await this.request({
      method: 'PUT',
      url: put.href,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
      body,
      scopes,
      context,
      ok: [201],
    });
    discard(res);
    const got = header(res, 'docker-content-digest');
    if (got && got !== digest) throw digestMismatch(digest, got);
    return { mounted: false };
  }

  /** Stores a manifest under a tag or digest; returns its digest. */
  async putManifest(repo: string, reference: string, mediaType: string, bytes: Buffer): Promise<string> {
    const digest = digestOf(bytes);
    const res = await this.request({
      method: 'PUT',
      url: `/v2/${repo}/manifests/${reference}`,
      headers: { 'Content-Type': mediaType, 'Content-Length': String(bytes.length) },
      body: bytes,
      scopes: [repositoryScope(repo, 'pull,push')],
      context: `writing manifest ${reference} to ${this.host}/${repo}`,
      ok: [201],
    });
    discard(res);
    const got = header(res, 'docker-content-digest');
    if (got && got.startsWith('sha256:') && got !== digest) throw digestMismatch(digest, got);
    return digest;
  }

  /** One page of /v2/_catalog; `last` is set when the registry says there is a next page. */
  async catalog(n?: number, last?: string): Promise<{ repositories: string[]; last?: string }> {
    const q = new URLSearchParams();
    if (n !== undefined) q.set('n', String(n));
    if (last !== undefined) q.set('last', last);
    const qs = q.size ? `?${q}` : '';
    const { body, next } = await this.getJSON(`/v2/_catalog${qs}`, ['registry:catalog:*'], `listing repositories in ${this.host}`);
    const repositories = stringList((body as { repositories?: unknown }).repositories);
    const nextLast = next ? (new URL(next, 'http://x').searchParams.get('last') ?? repositories.at(-1)) : undefined;
    return nextLast === undefined ? { repositories } : { repositories, last: nextLast };
  }

  /** Every repository, following the pages. */
  async catalogAll(pageSize = 100): Promise<string[]> {
    const out: string[] = [];
    let last: string | undefined;
    do {
      const page = await this.catalog(pageSize, last);
      out.push(...page.repositories);
      last = page.last;
    } while (last !== undefined);
    return out;
  }

  /** Every tag of a repository, following Link pages. */
  async listTags(repo: string, pageSize?: number): Promise<string[]> {
    const out: string[] = [];
    let url: string | undefined = `/v2/${repo}/tags/list${pageSize ? `?n=${pageSize}` : ''}`;
    for (let pages = 0; url && pages < 10_000; pages++) {
      const { body, next } = await this.getJSON(url, [repositoryScope(repo, 'pull')], `listing tags of ${this.host}/${repo}`);
      out.push(...stringList((body as { tags?: unknown }).tags));
      url = next;
    }
    return out;
  }

  /** The Docker v1 search API; null when the registry does not offer it (404), as the CNCF registry does not. */
  async searchV1(term: string, limit = 25): Promise<SearchResult[] | null> {
    const q = new URLSearchParams({ q: term, n: String(limit) });
    const res = await this.request({ method: 'GET', url: `/v1/search?${q}`, scopes: [], context: `searching ${this.host}`, ok: [200, 404] });
    if (res.statusCode === 404) {
      discard(res);
      return null;
    }
    const body = parseJSONBody(await readBody(res, JSON_LIMIT), `searching ${this.host}`) as { results?: unknown };
    if (!Array.isArray(body.results)) return [];
    return body.results.map((r: Record<string, unknown>) => ({
      name: String(r.name ?? ''),
      description: String(r.description ?? ''),
      star_count: Number(r.star_count ?? 0),
      is_official: Boolean(r.is_official),
      is_automated: Boolean(r.is_automated),
    }));
  }

  private async getJSON(url: string, scopes: string[], context: string): Promise<{ body: unknown; next?: string }> {
    const res = await this.request({ method: 'GET', url, scopes, context, ok: [200] });
    const body = parseJSONBody(await readBody(res, JSON_LIMIT), context);
    const next = parseNextLink(header(res, 'link'));
    return next ? { body, next } : { body };
  }

  /** Sends a request with auth, the 401 re-authentication, retries with backoff and (optionally) redirects. */
  private async request(r: Req): Promise<IncomingMessage> {
    const base = await this.ping();
    const replayable = r.body === undefined || Buffer.isBuffer(r.body);
    let reauthenticated = false;
    for (let attempt = 0; ; ) {
      const headers: Record<string, string> = { 'User-Agent': this.userAgent, ...r.headers };
      const auth = await this.authorization(r.scopes, r.context);
      if (auth) headers.Authorization = auth;
      let res: IncomingMessage;
      try {
        res = await this.sendFollowing(r.method, new URL(r.url, base), headers, r.body, r.followRedirects ?? false);
      } catch (e) {
        if (e instanceof BerthError) throw e;
        const te = transportError(e);
        if (te.retryable && replayable && attempt < this.retry.count) {
          log.debug(`${r.context}: ${te.message}, retrying`);
          await sleep(backoffDelay(this.retry, attempt++));
          continue;
        }
        throw new BerthError('unavailable', `${r.context}: ${goStyle(te, this.host)}`);
      }
      const status = res.statusCode ?? 0;
      if (status === 401 && !reauthenticated && replayable) {
        const ch = pickChallenge(parseWWWAuthenticate(res.headers['www-authenticate']));
        if (ch && (await this.reauthenticate(ch, r.scopes, r.context))) {
          discard(res);
          reauthenticated = true;
          continue;
        }
      }
      if (r.ok.includes(status)) return res;
      if (isRetryableStatus(status) && replayable && attempt < this.retry.count) {
        const wait = backoffDelay(this.retry, attempt++, parseRetryAfter(header(res, 'retry-after')));
        log.debug(`${r.context}: status ${status}, retrying in ${wait}ms`);
        discard(res);
        await sleep(wait);
        continue;
      }
      const body = r.method === 'HEAD' ? undefined : await readBody(res, ERROR_BODY_LIMIT).catch(() => undefined);
      if (r.method === 'HEAD') discard(res);
      const hint = status === 401 ? `log in with: berth login ${this.host}` : undefined;
      throw registryError(r.context, status, body, hint ? { hint } : {});
    }
  }

  private async sendFollowing(method: string, url: URL, headers: Record<string, string>, body: Buffer | Readable | undefined, follow: boolean): Promise<IncomingMessage> {
    let u = url;
    let h = headers;
    for (let hops = 0; hops <= 10; hops++) {
      log.debug(`${method} ${u.href}`);
      const res = await send({ method, url: u, headers: h, body, timeoutMs: this.timeoutMs, tls: this.tls });
      const location = header(res, 'location');
      if (!follow || !REDIRECTS.has(res.statusCode ?? 0) || !location) return res;
      discard(res);
      const next = new URL(location, u);
      // Credentials for this registry must not leak to a storage backend on another host.
      if (next.host !== this.host && h.Authorization) {
        h = { ...h };
        delete h.Authorization;
      }
      u = next;
    }
    throw new BerthError('unavailable', `${method} ${url.pathname}: stopped after 10 redirects`);
  }

  private async authorization(scopes: string[], context: string): Promise<string | undefined> {
    const ch = this.challenge;
    if (!ch) return undefined;
    if (ch.scheme === 'basic') {
      return this.credentials && 'username' in this.credentials ? basicAuthorization(this.credentials) : undefined;
    }
    if (ch.scheme !== 'bearer') return undefined;
    const realm = ch.params.realm ?? '';
    const service = ch.params.service ?? '';
    const key = scopes.join(' ');
    const cached = this.tokens.get(realm, service, key);
    if (cached) return `Bearer ${cached}`;
    const token = await this.fetchToken(ch, scopes, context);
    this.tokens.set(realm, service, key, token);
    return `Bearer ${token.token}`;
  }

  /** After a 401: adopt the new challenge (and its scope) and get a fresh token. False when nothing would change. */
  private async reauthenticate(ch: Challenge, scopes: string[], context: string): Promise<boolean> {
    if (ch.scheme === 'basic') {
      const had = this.challenge?.scheme === 'basic';
      this.challenge = ch;
      return !had && !!this.credentials && 'username' in this.credentials;
    }
    if (ch.scheme !== 'bearer' || !ch.params.realm) return false;
    this.challenge = { scheme: 'bearer', params: { realm: ch.params.realm, service: ch.params.service ?? '' } };
    const wanted = [...new Set([...scopes, ...(ch.params.scope ?? '').split(' ').filter(Boolean)])];
    const token = await this.fetchToken(this.challenge, wanted, context);
    this.tokens.set(ch.params.realm, ch.params.service ?? '', scopes.join(' '), token);
    return true;
  }

  /** The token endpoint: GET with Basic credentials (or anonymous), or the OAuth2 refresh grant for identity tokens. */
  private async fetchToken(ch: Challenge, scopes: string[], context: string) {
    const realm = ch.params.realm;
    if (!realm) throw new BerthError('unauthorized', `${context}: the registry's bearer challenge has no realm`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new BerthError('unauthorized', `${context}: invalid token realm ${JSON.stringify(realm)}`);
    }
    const headers: Record<string, string> = { 'User-Agent': this.userAgent };
    let method = 'GET';
    let body: Buffer | undefined;
    const c = this.credentials;
    if (c && 'identityToken' in c) {
      method = 'POST';
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: c.identityToken, client_id: 'berth' });
      if (ch.params.service) form.set('service', ch.params.service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      body = Buffer.from(form.toString());
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(body.length);
    } else {
      if (ch.params.service) url.searchParams.set('service', ch.params.service);
      for (const s of scopes) url.searchParams.append('scope', s);
      if (c) headers.Authorization = basicAuthorization(c);
    }
    log.debug(`${method} ${url.origin}${url.pathname} (token for ${scopes.join(' ') || 'no scope'})`);
    for (let attempt = 0; ; attempt++) {
      let res: IncomingMessage;
      try {
        res = await send({ method, url, headers, body, timeoutMs: this.timeoutMs, tls: this.tls });
      } catch (e) {
        const te = transportError(e);
        if (te.retryable && attempt < this.retry.count) {
          await sleep(backoffDelay(this.retry, attempt));
          continue;
        }
        throw new BerthError('unavailable', `${context}: unable to retrieve auth token: ${te.message}`);
      }
      const status = res.statusCode ?? 0;
      if (isRetryableStatus(status) && attempt < this.retry.count) {
        discard(res);
        await sleep(backoffDelay(this.retry, attempt, parseRetryAfter(header(res, 'retry-after'))));
        continue;
      }
      if (status === 401 || status === 403) {
        discard(res);
        throw this.unauthorized(`${context}: unable to retrieve auth token`);
      }
      const text = await readBody(res, ERROR_BODY_LIMIT);
      if (status !== 200) throw registryError(`${context}: unable to retrieve auth token`, status, text);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text.toString());
      } catch {
        parsed = undefined;
      }
      const token = parseTokenResponse(parsed);
      if (!token) throw new BerthError('unauthorized', `${context}: unable to retrieve auth token: the token endpoint sent no token`);
      return token;
    }
  }
}

/** Bearer is preferred over Basic when a registry offers both. */
function pickChallenge(list: Challenge[]): Challenge | undefined {
  return list.find((c) => c.scheme === 'bearer') ?? list.find((c) => c.scheme === 'basic');
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function parseJSONBody(bytes: Buffer, context: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new BerthError('unavailable', `${context}: invalid JSON from the registry: ${(e as Error).message}`);
  }
}
