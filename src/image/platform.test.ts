import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseInstance, goArch, hostVariant, parsePlatform, wantedPlatforms, type Platform } from './platform.ts';
import { MEDIA_TYPES, type ManifestList } from './manifest.ts';

test('goArch and hostVariant', () => {
  const cases: Array<[string, string]> = [['x64', 'amd64'], ['arm64', 'arm64'], ['arm', 'arm'], ['ia32', '386'], ['s390x', 's390x'], ['riscv64', 'riscv64']];
  for (const [node, go] of cases) assert.equal(goArch(node), go);
  assert.equal(goArch('ppc64', true), 'ppc64le');
  assert.equal(goArch('ppc64', false), 'ppc64');
  assert.equal(hostVariant('arm64'), 'v8');
  assert.equal(hostVariant('arm', '6'), 'v6');
  assert.equal(hostVariant('arm', '7'), 'v7');
  assert.equal(hostVariant('amd64'), '');
});

test('parsePlatform', () => {
  const cases: Array<[string, Platform]> = [
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['linux/x86_64', { os: 'linux', architecture: 'amd64' }],
    ['Linux/aarch64', { os: 'linux', architecture: 'arm64' }],
  ];
  for (const [text, want] of cases) assert.deepEqual(parsePlatform(text), want, text);
  for (const bad of ['linux', 'linux/', '/amd64', 'a/b/c/d', 'linux/am d64']) {
    assert.throws(() => parsePlatform(bad), { code: 'invalid-argument' }, bad);
  }
});

test('wantedPlatforms follows containers/image order', () => {
  const amd64: Platform = { os: 'linux', architecture: 'amd64' };
  const arm64: Platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };
  const fmt = (ps: Platform[]) => ps.map((p) => `${p.os}/${p.architecture}/${p.variant ?? ''}`);
  const cases: Array<[Parameters<typeof wantedPlatforms>[0], Platform, string[]]> = [
    [{}, amd64, ['linux/amd64/']],
    [{}, arm64, ['linux/arm64/v8', 'linux/arm64/']],
    [{ architecture: 'arm', variant: 'v7' }, amd64, ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5', 'linux/arm/']],
    [{ architecture: 'arm' }, arm64, ['linux/arm/', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']],
    [{ architecture: 'arm64' }, amd64, ['linux/arm64/', 'linux/arm64/v8']],
    [{ architecture: 'riscv64', variant: 'rva22' }, amd64, ['linux/riscv64/rva22', 'linux/riscv64/']],
    [{ os: 'windows' }, amd64, ['windows/amd64/']],
  ];
  for (const [choice, host, want] of cases) assert.deepEqual(fmt(wantedPlatforms(choice, host)), want, JSON.stringify(choice));
});

const D = (c: string) => `sha256:${c.repeat(64)}`;
const list = (mediaType: string, ...platforms: Array<Platform | undefined>): ManifestList => ({
  kind: 'list',
  mediaType,
  manifests: platforms.map((platform, i) => ({
    mediaType: MEDIA_TYPES.ociManifest,
    digest: D(String(i)),
    size: 1,
    ...(platform ? { platform } : {}),
  })),
});

test('chooseInstance', () => {
  const amd64: Platform = { os: 'linux', architecture: 'amd64' };
  const arm64: Platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };
  const l = list(
    MEDIA_TYPES.dockerList,
    undefined,
    { os: 'linux', architecture: 'arm', variant: 'v5' },
    { os: 'linux', architecture: 'arm', variant: 'v7' },
    { os: 'linux', architecture: 'arm64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
    { os: 'linux', architecture: 'amd64', variant: 'v3' },
    { os: 'windows', architecture: 'amd64' },
  );
  const cases: Array<[Parameters<typeof chooseInstance>[1], Platform, number]> = [
    [{}, amd64, 5], // no wanted variant: any amd64 variant matches
    [{}, arm64, 4], // exact v8 beats the variant-less entry listed earlier
    [{ architecture: 'arm', variant: 'v7' }, amd64, 2],
    [{ architecture: 'arm', variant: 'v6' }, amd64, 1], // v6 falls back to v5
    [{ architecture: 'arm' }, amd64, 1], // no variant: first arm
    [{ os: 'windows' }, amd64, 6],
  ];
  for (const [choice, host, index] of cases) assert.equal(chooseInstance(l, choice, undefined, host).digest, D(String(index)), JSON.stringify(choice));
  assert.throws(() => chooseInstance(l, { architecture: 's390x' }, 'docker://localhost/busybox:latest', amd64), {
    code: 'not-found',
    message: 'choosing an image from manifest list docker://localhost/busybox:latest: no image found in manifest list for architecture s390x, variant "", OS linux',
  });
  assert.throws(() => chooseInstance(list(MEDIA_TYPES.ociIndex, amd64), {}, undefined, arm64), {
    message: 'no image found in image index for architecture arm64, variant "v8", OS linux',
  });
});
