// Integration: the RegistryClient against a scripted node:http fake registry — retries, bearer tokens, redirects,
// integrity failures and limits that a real registry will not produce on demand.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { RegistryClient } from '../../src/image/registry/client.ts';
import { digestOf } from '../../src/image/digest.ts';
import { MEDIA_TYPES } from '../../src/image/manifest.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;

/** A server whose routes each test replaces; records every request. */
async function fakeServer() {
  const routes = new Map<string, Handler>();
  const seen: Array<{ method: string; path: string; auth: string | undefined; range: string | undefined }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ method: req.method ?? '', path: url.pathname, auth: req.headers.authorization, range: req.headers.range });
    const h = routes.get(`${req.method} ${url.pathname}`) ?? routes.get(url.pathname);
    if (h) return h(req, res, url);
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    routes,
    seen,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

const FAST = { count: 3, baseDelayMs: 5, maxDelayMs: 50 };
const manifest = Buffer.from(JSON.stringify({
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.ociManifest,
  config: { mediaType: MEDIA_TYPES.ociConfig, digest: digestOf('{}'), size: 2 },
  layers: [],
}));
const sendManifest = (res: http.ServerResponse, body = manifest, type: string = MEDIA_TYPES.ociManifest) =>
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length }).end(body);

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('registry client error handling (fake registry)', () => {
  let fake: Awaited<ReturnType<typeof fakeServer>>;
  let other: Awaited<ReturnType<typeof fakeServer>>;
  const client = () => new RegistryClient({ host: fake.host, insecure: true, retry: FAST, timeoutMs: 2000 });

  before(async () => {
    fake = await fakeServer();
    other = await fakeServer();
  });
  after(async () => {
    await fake?.close();
    await other?.close();
  });
  beforeEach(() => {
    fake.routes.clear();
    fake.seen.length = 0;
    other.routes.clear();
    other.seen.length = 0;
    fake.routes.set('/v2/', (_q, res) => res.writeHead(200).end('{}'));
  });

  test('429 then 200: retried, honouring Retry-After', async () => {
    let n = 0;
    fake.routes.set('/v2/a/manifests/t', (_q, res) => {
      if (n++ === 0) return res.writeHead(429, { 'Retry-After': '0' }).end('{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}');
      sendManifest(res);
    });
    const m = await client().getManifest('a', 't');
    assert.equal(m.digest, digestOf(manifest));
    assert.equal(n, 2);
  });

  test('500 forever: gives up after the retries with the registry message', async () => {
    let n = 0;
    fake.routes.set('/v2/a/manifests/t', (_q, res) => {
      n++;
      res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"errors":[{"code":"UNKNOWN","message":"storage backend exploded"}]}');
    });
    await assert.rejects(client().getManifest('a', 't'), {
      code: 'unavailable',
      message: `reading manifest t in ${fake.host}/a: unknown: storage backend exploded`,
    });
    assert.equal(n, FAST.count + 1);
  });

  test('a reset connection is retried', async () => {
    let n = 0;
    fake.routes.set('/v2/a/manifests/t', (req, res) => {
      if (n++ === 0) return req.socket.destroy();
      sendManifest(res);
    });
    await client().getManifest('a', 't');
    assert.equal(n, 2);
  });

  test('a refused connection ends as unavailable after retries', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const c = new RegistryClient({ host: `127.0.0.1:${port}`, insecure: true, retry: FAST });
    await assert.rejects(c.ping(), {
      code: 'unavailable',
      message: `pinging container registry 127.0.0.1:${port}: Get "http://127.0.0.1:${port}/v2/": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    });
  });

  test('a blob whose bytes do not match its digest is an integrity error', async () => {
    const wanted = digestOf('the real bytes');
    fake.routes.set(`/v2/a/blobs/${wanted}`, (_q, res) => res.writeHead(200, { 'Content-Length': 14 }).end('tampered bytes'));
    const b = await client().getBlob('a', wanted);
    await assert.rejects(readAll(b.stream), {
      code: 'integrity',
      message: `Digest did not match, expected ${wanted}, got ${digestOf('tampered bytes')}`,
    });
  });

  test('a manifest fetched by digest must hash to that digest', async () => {
    const wanted = digestOf('something else');
    fake.routes.set(`/v2/a/manifests/${wanted}`, (_q, res) => sendManifest(res));
    await assert.rejects(client().getManifest('a', wanted), { code: 'integrity', message: /^Digest did not match/ });
  });

  test('manifests over 4 MiB are refused, with or without Content-Length', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024 + 1, 0x20);
    fake.routes.set('/v2/a/manifests/declared', (_q, res) => res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociManifest, 'Content-Length': big.length }).end(big));
    fake.routes.set('/v2/a/manifests/chunked', (_q, res) => {
      res.writeHead(200, { 'Content-Type': MEDIA_TYPES.ociManifest });
      res.write(big.subarray(0, 1 << 20));
      res.write(big.subarray(1 << 20, 3 << 20));
      res.end(big.subarray(3 << 20));
    });
    for (const tag of ['declared', 'chunked']) {
      await assert.rejects(client().getManifest('a', tag), { code: 'invalid-argument', message: /exceeded maximum allowed size of 4194304 bytes/ }, tag);
    }
  });

  test('schema 1 manifests are refused', async () => {
    const s1 = Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'a', tag: 't', fsLayers: [], signatures: [] }));
    fake.routes.set('/v2/a/manifests/t', (_q, res) => sendManifest(res, s1, MEDIA_TYPES.dockerSchema1Signed));
    await assert.rejects(client().getManifest('a', 't'), {
      code: 'invalid-argument',
      message: 'unsupported manifest type: application/vnd.docker.distribution.manifest.v1+prettyjws: Docker schema 1 manifests are not supported',
    });
  });

  test('bearer tokens: fetched with basic credentials, cached per scope, renewed on a scope challenge', async () => {
    const realm = `http://${fake.host}/token`;
    const challenge = (scope?: string) => `Bearer realm="${realm}",service="fake"${scope ? `,scope="${scope}"` : ''}`;
    const issued: string[] = [];
    fake.routes.set('/v2/', (_q, res) => res.writeHead(401, { 'WWW-Authenticate': challenge() }).end());
    fake.routes.set('/token', (req, res, url) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('me:pw').toString('base64')}`) return res.writeHead(401).end();
      const scopes = url.searchParams.getAll('scope').join(' ');
      issued.push(`${url.searchParams.get('service')}|${scopes}`);
      const token = `tok-${issued.length}`;
      // the first token comes as `token`, the next as `access_token`
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(issued.length === 1 ? { token, expires_in: 300 } : { access_token: token }));
    });
    fake.routes.set('/v2/a/manifests/t', (req, res) => {
      if (req.headers.authorization !== 'Bearer tok-1') return res.writeHead(401, { 'WWW-Authenticate': challenge('repository:a:pull') }).end();
      sendManifest(res);
    });
    fake.routes.set('/v2/b/manifests/t', (req, res) => {
      // insists on a scope the client did not ask for first
      if (req.headers.authorization !== 'Bearer tok-3') return res.writeHead(401, { 'WWW-Authenticate': challenge('repository:b:pull repository:shared:pull') }).end();
      sendManifest(res);
    });
    const c = new RegistryClient({ host: fake.host, insecure: true, retry: FAST, credentials: { username: 'me', password: 'pw' } });
    await c.getManifest('a', 't');
    await c.getManifest('a', 't');
    await c.getManifest('b', 't');
    assert.deepEqual(issued, ['fake|repository:a:pull', 'fake|repository:b:pull', 'fake|repository:b:pull repository:shared:pull']);

    const bad = new RegistryClient({ host: fake.host, insecure: true, retry: FAST, credentials: { username: 'me', password: 'nope-secret' } });
    await assert.rejects(bad.getManifest('a', 't'), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'unauthorized');
      assert.match(e.message, /unable to retrieve auth token: invalid username\/password$/);
      assert.doesNotMatch(e.message, /nope-secret/);
      return true;
    });
  });

  test('identity tokens use the OAuth2 refresh grant', async () => {
    const realm = `http://${fake.host}/token`;
    let form = '';
    fake.routes.set('/v2/', (_q, res) => res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${realm}",service="fake"` }).end());
    fake.routes.set('POST /token', (req, res) => {
      let body = '';
      req.on('data', (b: Buffer) => (body += b.toString()));
      req.on('end', () => {
        form = body;
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"access_token":"oauth"}');
      });
    });
    fake.routes.set('/v2/a/manifests/t', (req, res) => (req.headers.authorization === 'Bearer oauth' ? sendManifest(res) : res.writeHead(401).end()));
    const c = new RegistryClient({ host: fake.host, insecure: true, retry: FAST, credentials: { identityToken: 'refresh-me' } });
    await c.getManifest('a', 't');
    const params = new URLSearchParams(form);
    assert.equal(params.get('grant_type'), 'refresh_token');
    assert.equal(params.get('refresh_token'), 'refresh-me');
    assert.equal(params.get('scope'), 'repository:a:pull');
  });

  test('blob redirects to another host drop the Authorization header; ranges may be ignored', async () => {
    const data = Buffer.from('0123456789abcdef');
    const digest = digestOf(data);
    fake.routes.set('/v2/', (_q, res) => res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="fake"' }).end());
    fake.routes.set(`/v2/a/blobs/${digest}`, (_q, res) => res.writeHead(307, { Location: `http://${other.host}/storage/blob?sig=1` }).end());
    // this storage backend ignores Range and sends everything
    other.routes.set('/storage/blob', (_q, res) => res.writeHead(200, { 'Content-Length': data.length }).end(data));
    const c = new RegistryClient({ host: fake.host, insecure: true, retry: FAST, credentials: { username: 'me', password: 'pw' } });
    const b = await c.getBlob('a', digest, { offset: 4 });
    assert.equal(b.rangeHonoured, false);
    assert.equal(b.offset, 0);
    assert.equal(b.verified, true);
    assert.deepEqual(await readAll(b.stream), data);
    const toRegistry = fake.seen.find((s) => s.path.includes('/blobs/'));
    assert.match(toRegistry?.auth ?? '', /^Basic /);
    assert.equal(toRegistry?.range, 'bytes=4-');
    assert.equal(other.seen[0]?.auth, undefined);
  });

  test('push: POST then PUT with the digest; putManifest checks the returned digest', async () => {
    const data = Buffer.from('layer');
    const digest = digestOf(data);
    let put: { digest: string | null; body: string } | undefined;
    fake.routes.set('POST /v2/a/blobs/uploads/', (_q, res) => res.writeHead(202, { Location: '/v2/a/blobs/uploads/u1?_state=x' }).end());
    fake.routes.set('PUT /v2/a/blobs/uploads/u1', (req, res, url) => {
      let body = '';
      req.on('data', (b: Buffer) => (body += b.toString()));
      req.on('end', () => {
        put = { digest: url.searchParams.get('digest'), body };
        res.writeHead(201, { 'Docker-Content-Digest': digest }).end();
      });
    });
    fake.routes.set('PUT /v2/a/manifests/t', (_q, res) => res.writeHead(201, { 'Docker-Content-Digest': digestOf('not it') }).end());
    assert.deepEqual(await client().uploadBlob('a', digest, data.length, data), { mounted: false });
    assert.deepEqual(put, { digest, body: 'layer' });
    await assert.rejects(client().putManifest('a', 't', MEDIA_TYPES.ociManifest, manifest), { code: 'integrity' });
  });

  test('403 is denied, 404 is not-found', async () => {
    fake.routes.set('/v2/a/manifests/t', (_q, res) => res.writeHead(403).end());
    await assert.rejects(client().getManifest('a', 't'), { code: 'unauthorized', message: /denied: requested access to the resource is denied$/ });
    await assert.rejects(client().getManifest('zzz', 't'), { code: 'not-found', message: /name unknown: repository name not known to registry$/ });
  });

  test('an idle registry times out', async () => {
    fake.routes.set('/v2/a/manifests/t', () => {}); // never answers
    const c = new RegistryClient({ host: fake.host, insecure: true, retry: { count: 0 }, timeoutMs: 100 });
    await assert.rejects(c.getManifest('a', 't'), { code: 'unavailable', message: /timeout after 100ms/ });
  });
});
