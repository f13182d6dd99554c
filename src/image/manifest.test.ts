import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLayer, detectMediaType, MEDIA_TYPES as MT, parseImageConfig, parseManifest } from './manifest.ts';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const desc = (mediaType: string, c = 'a', size = 10) => ({ mediaType, digest: D(c), size });
const enc = (v: unknown) => Buffer.from(JSON.stringify(v));

const ociManifest = { schemaVersion: 2, mediaType: MT.ociManifest, config: desc(MT.ociConfig), layers: [desc(MT.ociLayerGzip, 'b')] };
const dockerManifest = { schemaVersion: 2, mediaType: MT.dockerManifest, config: desc(MT.dockerConfig), layers: [desc(MT.dockerLayerGzip, 'b')] };
const ociIndex = {
  schemaVersion: 2,
  mediaType: MT.ociIndex,
  manifests: [{ ...desc(MT.ociManifest), platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }],
};
const dockerList = { schemaVersion: 2, mediaType: MT.dockerList, manifests: [{ ...desc(MT.dockerManifest), platform: { os: 'linux', architecture: 'amd64' } }] };

test('parseManifest accepts the four formats by header and by body', () => {
  const cases: Array<[unknown, string | undefined, string, 'image' | 'list']> = [
    [ociManifest, MT.ociManifest, MT.ociManifest, 'image'],
    [ociManifest, undefined, MT.ociManifest, 'image'],
    [ociManifest, 'application/json; charset=utf-8', MT.ociManifest, 'image'],
    [{ ...ociManifest, mediaType: undefined }, undefined, MT.ociManifest, 'image'],
    [{ ...ociManifest, mediaType: undefined }, MT.ociManifest, MT.ociManifest, 'image'],
    [dockerManifest, MT.dockerManifest, MT.dockerManifest, 'image'],
    [{ ...dockerManifest, mediaType: undefined }, '', MT.dockerManifest, 'image'],
    [ociIndex, MT.ociIndex, MT.ociIndex, 'list'],
    [{ ...ociIndex, mediaType: undefined }, undefined, MT.ociIndex, 'list'],
    [dockerList, `${MT.dockerList}; charset=utf-8`, MT.dockerList, 'list'],
  ];
  for (const [body, header, mediaType, kind] of cases) {
    const m = parseManifest(enc(body), header);
    assert.equal(m.mediaType, mediaType, `${header} ${JSON.stringify(body)}`);
    assert.equal(m.kind, kind);
  }
  const idx = parseManifest(enc(ociIndex), MT.ociIndex);
  assert.ok(idx.kind === 'list');
  assert.deepEqual(idx.manifests[0]!.platform, { os: 'linux', architecture: 'arm', variant: 'v7' });
});

test('parseManifest rejects schema 1, unknown and malformed manifests', () => {
  const schema1 = { schemaVersion: 1, name: 'x', tag: 'y', fsLayers: [], signatures: [{}] };
  const cases: Array<[unknown, string | undefined, RegExp]> = [
    [schema1, MT.dockerSchema1Signed, /^unsupported manifest type: application\/vnd.docker.distribution.manifest.v1\+prettyjws: Docker schema 1 manifests are not supported$/],
    [schema1, 'application/json', /unsupported manifest type: .*v1\+prettyjws.*schema 1/],
    [{ ...schema1, signatures: undefined }, undefined, /unsupported manifest type: .*manifest.v1\+json.*schema 1/],
    [{ schemaVersion: 2, mediaType: 'application/vnd.example+json' }, undefined, /^unsupported manifest type: application\/vnd.example\+json$/],
    [ociManifest, 'application/vnd.example+json', /media type .* does not match/],
    [ociManifest, MT.dockerManifest, /does not match/],
    [{ ...ociManifest, schemaVersion: 3 }, undefined, /schemaVersion 3 is not 2/],
    [{ ...ociManifest, layers: [{ ...desc(MT.ociLayer), digest: 'sha256:nope' }] }, undefined, /layers\[0\] has an invalid digest/],
    [{ ...ociManifest, config: { ...desc(MT.ociConfig), size: -1 } }, undefined, /config has an invalid size/],
    [{ ...ociIndex, manifests: 'x' }, undefined, /manifests is not a list/],
    [{}, undefined, /unsupported manifest type: \(none\)/],
  ];
  for (const [body, header, re] of cases) {
    assert.throws(() => parseManifest(enc(body), header), (e: Error & { code?: string }) => re.test(e.message) && e.code === 'invalid-argument', `${header} ${JSON.stringify(body)}`);
  }
  assert.throws(() => parseManifest(Buffer.from('{not json'), MT.ociManifest), /not JSON/);
  assert.throws(() => detectMediaType(Buffer.from('{}'), MT.dockerSchema1), /schema 1/);
});

test('classifyLayer', () => {
  const cases: Array<[string, ReturnType<typeof classifyLayer>]> = [
    [MT.ociLayer, { compression: 'none', foreign: false }],
    [MT.ociLayerGzip, { compression: 'gzip', foreign: false }],
    [MT.ociLayerZstd, { compression: 'zstd', foreign: false }],
    [MT.ociForeignLayerGzip, { compression: 'gzip', foreign: true }],
    [MT.ociForeignLayerZstd, { compression: 'zstd', foreign: true }],
    [MT.dockerLayerGzip, { compression: 'gzip', foreign: false }],
    [MT.dockerForeignLayerGzip, { compression: 'gzip', foreign: true }],
    [MT.dockerLayer, { compression: 'none', foreign: false }],
    ['application/vnd.cncf.helm.chart.content.v1.tar+gzip', null],
  ];
  for (const [mt, want] of cases) assert.deepEqual(classifyLayer(mt), want, mt);
});

test('parseImageConfig', () => {
  const good = {
    created: '2024-01-01T00:00:00Z',
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/bin'], Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: [D('c')] },
    history: [{ created_by: 'x' }],
    extra: 1,
  };
  const c = parseImageConfig(enc(good));
  assert.deepEqual(c.config?.Cmd, ['sh']);
  assert.equal(c.extra, 1);
  assert.deepEqual(parseImageConfig(enc({ ...good, config: null, history: null })).config, undefined);
  const bad: Array<[unknown, RegExp]> = [
    [{ ...good, architecture: undefined }, /architecture is missing/],
    [{ ...good, os: 1 }, /os is missing/],
    [{ ...good, rootfs: undefined }, /rootfs is missing/],
    [{ ...good, rootfs: { type: 'x', diff_ids: [] } }, /rootfs type "x"/],
    [{ ...good, rootfs: { type: 'layers', diff_ids: ['nope'] } }, /diff_ids must be a list of digests/],
    [{ ...good, config: [] }, /config is not an object/],
    [[], /not a JSON object/],
  ];
  for (const [body, re] of bad) assert.throws(() => parseImageConfig(enc(body)), re);
});
