// Integration: pulls from a private docker-registry behind a recording, throttling proxy: a killed pull resumes with a
// Range request, a registry ignoring Range restarts from 0, corrupted/truncated blobs and escaping tars leave nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { digestOf } from '../../src/image/digest.ts';
import { MEDIA_TYPES } from '../../src/image/manifest.ts';
import { RegistryClient } from '../../src/image/registry/client.ts';
import { BERTH, sandbox, type Sandbox } from '../helpers/berth.ts';
import { startRegistry, type TestRegistry } from '../helpers/registry.ts';
import { pushTestImage, tarOf, type Blob, type TestImage } from '../helpers/registry-image.ts';

const blob = (mediaType: string, bytes: Buffer): Blob => ({ mediaType, digest: digestOf(bytes), size: bytes.length, bytes });
const desc = (b: Blob) => ({ mediaType: b.mediaType, digest: b.digest, size: b.size });

/** A single-layer linux/amd64 image (behind an index) whose layer is the given tar. */
function imageOf(tar: Buffer): TestImage {
  const layer = blob(MEDIA_TYPES.ociLayerGzip, gzipSync(tar, { level: 1 }));
  const config = blob(MEDIA_TYPES.ociConfig, Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: [digestOf(tar)] },
  })));
  const manifest = blob(MEDIA_TYPES.ociManifest, Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: desc(config), layers: [desc(layer)] })));
  const index = blob(MEDIA_TYPES.ociIndex, Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [{ ...desc(manifest), platform: { os: 'linux', architecture: 'amd64' } }],
  })));
  return { layer, tar, configs: { amd64: config }, manifests: { amd64: manifest }, index };
}

interface Proxy {
  host: string;
  log: Array<{ method: string; url: string; range: string | undefined }>;
  mode: { slow: boolean; ignoreRange: boolean };
  close(): Promise<void>;
}

/** Forwards to the registry, records requests, can throttle blob bodies (64 KiB / 20 ms) and drop Range headers. */
async function startProxy(target: string): Promise<Proxy> {
  const log: Proxy['log'] = [];
  const mode = { slow: false, ignoreRange: false };
  const server = http.createServer((req, res) => {
    log.push({ method: req.method!, url: req.url!, range: req.headers.range });
    const headers = { ...req.headers, host: target };
    if (mode.ignoreRange) delete headers.range;
    const up = http.request(`http://${target}${req.url}`, { method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      if (!mode.slow || !req.url!.includes('/blobs/')) return void r.pipe(res);
      r.on('data', (c: Buffer) => {
        r.pause();
        res.write(c, () => setTimeout(() => r.resume(), 20));
      });
      r.on('end', () => res.end());
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host, log, mode, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

let reg: TestRegistry;
let proxy: Proxy;
let sb: Sandbox;
const big = imageOf(tarOf({ 'big.bin': randomBytes(6 * 1024 * 1024) }));
const corrupt = imageOf(tarOf({ 'c.txt': 'corrupt me\n'.repeat(500) }));
const truncated = imageOf(tarOf({ 't.txt': 'truncate me\n'.repeat(500) }));
const escaping = imageOf(tarOf({ '../evil.txt': 'out\n' }));

const blobFile = (digest: string) => {
  const hex = digest.slice('sha256:'.length);
  return path.join(reg.dir, 'data', 'docker', 'registry', 'v2', 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
};
const ingest = () => path.join(sb.root, 'ingest');
const partials = () => (existsSync(ingest()) ? readdirSync(ingest()).filter((n) => n.endsWith('.partial')) : []);
const imageId = (img: TestImage) => img.configs.amd64!.digest.slice('sha256:'.length);

before(async () => {
  reg = await startRegistry();
  proxy = await startProxy(reg.host);
  const client = new RegistryClient({ host: reg.host, insecure: true });
  for (const [name, img] of [['big', big], ['corrupt', corrupt], ['truncated', truncated], ['escaping', escaping]] as const) {
    await pushTestImage(client, `berth/${name}`, img, 'v1');
  }
  client.close();
  const b = corrupt.layer.bytes;
  const flipped = Buffer.from(b);
  flipped[b.length >> 1] = flipped[b.length >> 1]! ^ 0xff;
  writeFileSync(blobFile(corrupt.layer.digest), flipped);
  truncateSync(blobFile(truncated.layer.digest), truncated.layer.size >> 1);
  sb = sandbox({
    registriesConf: `[[registry]]\nlocation = "${proxy.host}"\ninsecure = true\n\n[[registry]]\nlocation = "${reg.host}"\ninsecure = true\n`,
  });
});
after(async () => {
  sb?.cleanup();
  await proxy?.close();
  await reg?.stop();
});

test('a killed pull keeps its .partial; the next pull resumes it with a Range request and verifies', async () => {
  proxy.mode.slow = true;
  const ref = `${proxy.host}/berth/big:v1`;
  const child = spawn(BERTH, ['--root', sb.root, '--runroot', sb.runroot, 'pull', ref], { env: sb.env, stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const p = partials()[0];
    if (p && statSync(path.join(ingest(), p)).size > 1024 * 1024) break;
    assert.ok(Date.now() < deadline, 'the download never got going');
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
  const partial = path.join(ingest(), `${big.layer.digest.slice(7)}.partial`);
  const kept = statSync(partial).size;
  assert.ok(kept > 0 && kept < big.layer.size, `partial of ${kept} bytes`);
  const sidecar = JSON.parse(readFileSync(partial.replace(/\.partial$/, '.json'), 'utf8'));
  assert.equal(sidecar.digest, big.layer.digest);
  assert.equal(sb.run(['images', '-q']).stdout, '');

  proxy.mode.slow = false;
  proxy.log.length = 0;
  // Async: the proxy runs in this process, so a synchronous spawn would starve it.
  const r = await sb.runAsync(['--log-level', 'debug', 'pull', '-q', ref]);
  assert.equal(r.code, 0, r.stderr.split('\n').slice(-15).join('\n'));
  assert.equal(r.stdout, `${imageId(big)}\n`);
  const ranged = proxy.log.find((l) => l.url.endsWith(big.layer.digest) && l.range);
  assert.ok(ranged, 'no Range request was made');
  assert.ok(Number(/^bytes=(\d+)-$/.exec(ranged.range!)![1]) >= kept);
  assert.match(r.stderr, /resuming at byte \d+ of \d+/);
  assert.deepEqual(partials(), []);
});

test('a registry that ignores Range: the download restarts from 0 and still verifies', async () => {
  const ref = `${proxy.host}/berth/big:v1`;
  assert.equal(sb.run(['rmi', ref]).code, 0);
  // Leave a fake partial behind: the first half of the real blob.
  writeFileSync(path.join(ingest(), `${big.layer.digest.slice(7)}.partial`), big.layer.bytes.subarray(0, big.layer.size >> 1));
  proxy.mode.ignoreRange = true;
  try {
    const r = await sb.runAsync(['--log-level', 'debug', 'pull', '-q', ref]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${imageId(big)}\n`);
    assert.match(r.stderr, /ignored Range: bytes=\d+-, downloading from 0/);
  } finally {
    proxy.mode.ignoreRange = false;
  }
});

for (const [what, name, img, message] of [
  ['corrupted blob', 'corrupt', corrupt, /^Error: Digest did not match, expected sha256:[0-9a-f]{64}, got sha256:[0-9a-f]{64}\n$/],
  ['truncated blob', 'truncated', truncated, /^Error: Size did not match, expected \d+ bytes, got \d+\n$/],
  ['tar entry escaping the layer', 'escaping', escaping, /^Error: applying layer sha256:[0-9a-f]{64}: tar entry "\.\.\/evil\.txt" escapes the layer directory\n$/],
] as const) {
  test(`${what}: one-line error, exit 125, no image and no partial left`, () => {
    const r = sb.run(['pull', '-q', `${reg.host}/berth/${name}:v1`]);
    assert.equal(r.code, 125, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(sb.run(['image', 'exists', imageId(img)]).code, 1);
    assert.deepEqual(partials(), []);
  });
}
