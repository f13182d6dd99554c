// HTTP plumbing for the registry client: keep-alive agents per endpoint with the certs.d TLS material, one request
// with an idle timeout, bounded body reads, and the mapping of socket/TLS failures to BerthErrors.
import { createRequire } from 'node:module';
import type http from 'node:http';
import type https from 'node:https';

// Loaded through require, not `import`: the ESM facade of node:http evaluates every export, and its lazy
// WebSocket/fetch getters then load Node's bundled undici (~10 ms of start-up no registry call needs).
const require = createRequire(import.meta.url);
const httpModule = require('node:http') as typeof import('node:http');
const httpsModule = require('node:https') as typeof import('node:https');
import tls from 'node:tls';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError } from '../../util/errors.ts';

export interface TlsSettings {
  /** Accept any server certificate (insecure registries, --tls-verify=false). */
  skipVerify: boolean;
  /** A certs.d directory: `*.crt` are extra CAs, `name.cert` + `name.key` a client certificate pair. */
  certDir?: string;
}

export interface TlsMaterial {
  ca?: string[];
  cert?: string;
  key?: string;
}

/** Reads a certs.d directory the way containers/image does; a missing directory is not an error. */
export function loadCertDir(dir: string): TlsMaterial {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new BerthError('invalid-argument', `reading certificate directory ${dir}: ${(e as Error).message}`);
  }
  const out: TlsMaterial = {};
  const extraCAs = names.filter((n) => n.endsWith('.crt')).map((n) => readFileSync(join(dir, n), 'utf8'));
  // Custom CAs are added to the system roots, not used instead of them.
  if (extraCAs.length) out.ca = [...tls.rootCertificates, ...extraCAs];
  for (const n of names.filter((x) => x.endsWith('.cert'))) {
    const keyName = n.slice(0, -'.cert'.length) + '.key';
    if (!names.includes(keyName)) {
      throw new BerthError('invalid-argument', `missing key ${keyName} for client certificate ${n} in ${dir}`);
    }
    out.cert = readFileSync(join(dir, n), 'utf8');
    out.key = readFileSync(join(dir, keyName), 'utf8');
    break;
  }
  for (const n of names.filter((x) => x.endsWith('.key'))) {
    if (!names.includes(n.slice(0, -'.key'.length) + '.cert')) {
      throw new BerthError('invalid-argument', `missing client certificate for key ${n} in ${dir}`);
    }
  }
  return out;
}

type AnyAgent = http.Agent | https.Agent;
const agents = new Map<string, AnyAgent>();

/** The shared keep-alive agent for a scheme+host+TLS setting. */
export function agentFor(protocol: 'http:' | 'https:', host: string, t: TlsSettings): AnyAgent {
  const key = `${protocol}//${host}|${t.skipVerify}|${t.certDir ?? ''}`;
  let a = agents.get(key);
  if (!a) {
    if (protocol === 'http:') a = new httpModule.Agent({ keepAlive: true, maxSockets: 16 });
    else {
      const m = t.certDir ? loadCertDir(t.certDir) : {};
      a = new httpsModule.Agent({ keepAlive: true, maxSockets: 16, rejectUnauthorized: !t.skipVerify, ...m });
    }
    agents.set(key, a);
  }
  return a;
}

/** Closes the pooled sockets for one host (all hosts when omitted); new requests open new agents. */
export function closeAgents(host?: string): void {
  for (const [key, a] of agents) {
    if (host === undefined || key.split('|')[0]!.endsWith(`//${host}`)) {
      a.destroy();
      agents.delete(key);
    }
  }
}

export interface SendOptions {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: Buffer | Readable;
  /** Idle timeout: no bytes for this long fails the request (and, later, the response stream). */
  timeoutMs: number;
  tls: TlsSettings;
}

/** A failure below HTTP: refused, reset, timeout, TLS. `retryable` says whether trying again could help. */
export class TransportError extends Error {
  readonly retryable: boolean;
  readonly errno: string;
  constructor(message: string, errno: string, retryable: boolean, cause?: unknown) {
    super(message, { cause });
    this.errno = errno;
    this.retryable = retryable;
  }
}

const RETRYABLE = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH']);

// Node's TLS verification codes, said the way Go says them (podman users search for these).
const TLS_WORDING: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'x509: certificate signed by unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'x509: certificate signed by unknown authority',
  SELF_SIGNED_CERT_IN_CHAIN: 'x509: certificate signed by unknown authority',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'x509: certificate signed by unknown authority',
  CERT_HAS_EXPIRED: 'x509: certificate has expired or is not yet valid',
  CERT_NOT_YET_VALID: 'x509: certificate has expired or is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'x509: certificate is not valid for this host',
};

export function transportError(e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? '';
  if (TLS_WORDING[code]) return new TransportError(`tls: ${TLS_WORDING[code]} (${code})`, code, false, e);
  if (/wrong version number|packet length too long/i.test(err.message ?? '')) {
    return new TransportError('http: server gave HTTP response to HTTPS client', code || 'EPROTO', false, e);
  }
  if (code === 'EPROTO' || /SSL|TLS/i.test(code)) return new TransportError(`tls: ${err.message}`, code || 'EPROTO', false, e);
  return new TransportError(err.message || String(e), code, RETRYABLE.has(code), e);
}

/** Sends one request and resolves with the response head; the body is left to the caller. Does not follow redirects. */
export function send(o: SendOptions): Promise<http.IncomingMessage> {
  const protocol = o.url.protocol === 'http:' ? 'http:' : 'https:';
  const mod = protocol === 'http:' ? httpModule : httpsModule;
  return new Promise((resolve, reject) => {
    const req = mod.request(o.url, {
      method: o.method,
      headers: o.headers,
      agent: agentFor(protocol, o.url.host, o.tls),
    });
    req.setTimeout(o.timeoutMs, () => {
      req.destroy(Object.assign(new Error(`timeout after ${o.timeoutMs}ms waiting for the registry`), { code: 'ETIMEDOUT' }));
    });
    req.on('error', (e) => reject(transportError(e)));
    req.on('response', (res) => {
      // The idle timeout keeps applying while the body streams.
      res.socket?.setTimeout(o.timeoutMs);
      resolve(res);
    });
    if (o.body === undefined) req.end();
    else if (Buffer.isBuffer(o.body)) req.end(o.body);
    else {
      o.body.on('error', (e) => req.destroy(e));
      o.body.pipe(req);
    }
  });
}

/** Reads a whole body, refusing more than `limit` bytes (checked against Content-Length first, then while reading). */
export async function readBody(res: http.IncomingMessage, limit: number, what = 'body'): Promise<Buffer> {
  const declared = Number(res.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    res.destroy();
    throw tooLarge(what, limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of res as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > limit) {
        res.destroy();
        throw tooLarge(what, limit);
      }
      chunks.push(c);
    }
  } catch (e) {
    if (e instanceof BerthError) throw e;
    throw transportError(e);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (what: string, limit: number) =>
  new BerthError('invalid-argument', `reading ${what}: exceeded maximum allowed size of ${limit} bytes`);

/** Drains and discards a body so the socket can be reused. */
export function discard(res: http.IncomingMessage): void {
  res.resume();
  res.on('error', () => {});
}
