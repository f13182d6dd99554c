// Integration: the RegistryClient against Debian's docker-registry (CNCF distribution), plain HTTP and TLS + htpasswd.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { RegistryClient } from '../../src/image/registry/client.ts';
import { Digester, digestOf } from '../../src/image/digest.ts';
import { MEDIA_TYPES, parseImageConfig } from '../../src/image/manifest.ts';
import { chooseInstance } from '../../src/image/platform.ts';
import { setLogLevel } from '../../src/util/log.ts';
import { startRegistry, type TestRegistry } from '../helpers/registry.ts';
import { makeTestImage, pushTestImage } from '../helpers/registry-image.ts';

const FAST = { count: 2, baseDelayMs: 10, maxDelayMs: 50 };

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('registry client against docker-registry over plain HTTP', () => {
  let reg: TestRegistry;
  let client: RegistryClient;
  const img = makeTestImage();

  before(async () => {
    reg = await startRegistry();
    client = new RegistryClient({ host: reg.host, insecure: true, retry: FAST, userAgent: 'berth-test' });
    await pushTestImage(client, 'berth/test', img, 'v1');
    await client.putManifest('berth/test', 'amd64', MEDIA_TYPES.ociManifest, img.manifests.amd64!.bytes);
  });
  after(async () => {
    client?.close();
    await reg?.stop();
  });

  test('ping falls back to http for an insecure registry', async () => {
    assert.equal(await client.ping(), `http://${reg.host}`);
  });

  test('a secure client refuses a plain-HTTP registry', async () => {
    const secure = new RegistryClient({ host: reg.host, insecure: false, retry: FAST });
    await assert.rejects(secure.ping(), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'unavailable');
      assert.match(e.message, new RegExp(`^pinging container registry ${reg.host}: Get "https://${reg.host}/v2/": http: server gave HTTP response to HTTPS client`));
      return true;
    });
  });

  test('manifests by tag and by digest, then the platform instance', async () => {
    const byTag = await client.getManifest('berth/test', 'v1');
    assert.equal(byTag.mediaType, MEDIA_TYPES.ociIndex);
    assert.equal(byTag.digest, img.index.digest);
    assert.deepEqual(byTag.bytes, img.index.bytes);
    assert.ok(byTag.manifest.kind === 'list');
    const chosen = chooseInstance(byTag.manifest, { os: 'linux', architecture: 'arm64' });
    assert.equal(chosen.digest, img.manifests.arm64!.digest);
    const byDigest = await client.getManifest('berth/test', chosen.digest);
    assert.equal(byDigest.mediaType, MEDIA_TYPES.ociManifest);
    assert.equal(byDigest.digest, chosen.digest);
    assert.ok(byDigest.manifest.kind === 'image');
    assert.equal(byDigest.manifest.layers[0]!.digest, img.layer.digest);

    const head = await client.headManifest('berth/test', 'v1');
    assert.deepEqual(head, { mediaType: MEDIA_TYPES.ociIndex, digest: img.index.digest, size: img.index.size });
    assert.equal(await client.headManifest('berth/test', 'nope'), null);
  });

  test('an unknown tag is not-found with the registry wording', async () => {
    await assert.rejects(client.getManifest('berth/test', 'nope'), {
      code: 'not-found',
      message: `reading manifest nope in ${reg.host}/berth/test: manifest unknown: manifest unknown`,
    });
  });

  test('blobs stream back verified', async () => {
    const cfg = await client.getBlob('berth/test', img.configs.arm64!.digest, { size: img.configs.arm64!.size });
    assert.equal(cfg.verified, true);
    assert.equal(cfg.size, img.configs.arm64!.size);
    const config = parseImageConfig(await readAll(cfg.stream));
    assert.equal(config.architecture, 'arm64');
    const layer = await client.getBlob('berth/test', img.layer.digest);
    const bytes = await readAll(layer.stream);
    assert.deepEqual(bytes, img.layer.bytes);
    assert.deepEqual(gunzipSync(bytes), img.tar);
    assert.equal(await client.blobExists('berth/test', img.layer.digest), img.layer.size);
    assert.equal(await client.blobExists('berth/test', digestOf('absent')), null);
  });

  test('a resumed blob read continues at the offset and verifies the whole blob', async () => {
    const offset = 100;
    const prefix = new Digester();
    prefix.update(img.layer.bytes.subarray(0, offset));
    const r = await client.getBlob('berth/test', img.layer.digest, { offset, digester: prefix, size: img.layer.size });
    assert.equal(r.rangeHonoured, true);
    assert.equal(r.offset, offset);
    assert.equal(r.size, img.layer.size);
    assert.equal(r.verified, true);
    assert.deepEqual(await readAll(r.stream), img.layer.bytes.subarray(offset));
    // Without the prefix hash the rest cannot be verified; the client says so.
    const unverified = await client.getBlob('berth/test', img.layer.digest, { offset });
    assert.equal(unverified.verified, false);
    assert.deepEqual(await readAll(unverified.stream), img.layer.bytes.subarray(offset));
  });

  test('cross-repository mount, catalog pages and tags', async () => {
    const mounted = await client.uploadBlob('berth/other', img.layer.digest, img.layer.size, img.layer.bytes, { mountFrom: 'berth/test' });
    assert.equal(mounted.mounted, true);
    await client.uploadBlob('berth/other', img.configs.amd64!.digest, img.configs.amd64!.size, img.configs.amd64!.bytes);
    await client.putManifest('berth/other', 'latest', MEDIA_TYPES.ociManifest, img.manifests.amd64!.bytes);

    assert.deepEqual(await client.catalogAll(), ['berth/other', 'berth/test']);
    const first = await client.catalog(1);
    assert.deepEqual(first, { repositories: ['berth/other'], last: 'berth/other' });
    const second = await client.catalog(1, first.last);
    assert.deepEqual(second.repositories, ['berth/test']);
    assert.deepEqual(await client.catalogAll(1), ['berth/other', 'berth/test']);

    assert.deepEqual((await client.listTags('berth/test')).sort(), ['amd64', 'v1']);
    assert.deepEqual((await client.listTags('berth/test', 1)).sort(), ['amd64', 'v1']);
    await assert.rejects(client.listTags('berth/absent'), { code: 'not-found' });
  });

  test('the v1 search API is absent from the CNCF registry', async () => {
    assert.equal(await client.searchV1('berth'), null);
  });
});

describe('registry client against docker-registry with TLS and htpasswd', () => {
  const username = 'berthuser';
  const password = 'S3cret-pass!';
  let reg: TestRegistry;

  before(async () => {
    reg = await startRegistry({ tls: true, htpasswd: { username, password } });
  });
  after(async () => {
    await reg?.stop();
  });

  test('good credentials with the CA from certDir work', async () => {
    const client = new RegistryClient({ host: reg.host, insecure: false, certDir: reg.certDir!, credentials: { username, password }, retry: FAST });
    assert.equal(await client.ping(), `https://${reg.host}`);
    await client.checkAuth();
    const img = makeTestImage('tls\n');
    await pushTestImage(client, 'secure/img', img, 'latest');
    const m = await client.getManifest('secure/img', 'latest');
    assert.equal(m.digest, img.index.digest);
    const blob = await client.getBlob('secure/img', img.layer.digest);
    assert.deepEqual(await readAll(blob.stream), img.layer.bytes);
    assert.deepEqual(await client.catalogAll(), ['secure/img']);
  });

  test('wrong credentials are unauthorized and the password never shows, not even in debug logs', async () => {
    const logged: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    setLogLevel('debug');
    try {
      const client = new RegistryClient({ host: reg.host, insecure: false, certDir: reg.certDir!, credentials: { username, password: 'wrong-Pa55' }, retry: FAST });
      await assert.rejects(client.checkAuth(), (e: Error & { code?: string; hint?: string }) => {
        assert.equal(e.code, 'unauthorized');
        assert.equal(e.message, `authenticating to ${reg.host}: invalid username/password`);
        return true;
      });
      await assert.rejects(client.getManifest('secure/img', 'latest'), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'unauthorized');
        assert.match(e.message, /unauthorized: authentication required/);
        assert.doesNotMatch(e.message, /wrong-Pa55/);
        return true;
      });
    } finally {
      setLogLevel('warn');
      process.stderr.write = write;
    }
    assert.ok(logged.some((l) => l.includes('/v2/')), 'debug logging was captured');
    const all = logged.join('');
    assert.doesNotMatch(all, /wrong-Pa55/);
    assert.doesNotMatch(all, new RegExp(Buffer.from(`${username}:wrong-Pa55`).toString('base64')));
  });

  test('no credentials: authentication required', async () => {
    const client = new RegistryClient({ host: reg.host, insecure: false, certDir: reg.certDir!, retry: FAST });
    await assert.rejects(client.checkAuth(), { code: 'unauthorized', message: `authenticating to ${reg.host}: authentication required` });
  });

  test('an untrusted CA is a clear TLS error, and tls-verify=false skips the check', async () => {
    const strict = new RegistryClient({ host: reg.host, insecure: false, credentials: { username, password }, retry: FAST });
    await assert.rejects(strict.ping(), (e: Error & { code?: string; hint?: string }) => {
      assert.equal(e.code, 'unavailable');
      assert.match(e.message, new RegExp(`^pinging container registry ${reg.host}: Get "https://${reg.host}/v2/": tls: x509: certificate signed by unknown authority`));
      assert.match(e.hint ?? '', /certs\.d/);
      return true;
    });
    const lax = new RegistryClient({ host: reg.host, insecure: false, tlsVerify: false, credentials: { username, password }, retry: FAST });
    await lax.checkAuth();
  });
});
