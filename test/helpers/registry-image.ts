// Test helper: builds a tiny image in memory (a one-file tar layer, gzipped; config; OCI manifests; an index) and
// pushes it with the RegistryClient, so registry tests need nothing from outside.
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { digestOf } from '../../src/image/digest.ts';
import { MEDIA_TYPES } from '../../src/image/manifest.ts';
import type { RegistryClient } from '../../src/image/registry/client.ts';

/** A ustar archive holding regular files (enough for tests). */
export function tarOf(files: Record<string, string | Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const h = Buffer.alloc(512);
    const put = (s: string, off: number, len: number) => h.write(s.slice(0, len), off, 'ascii');
    const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, '0') + '\0';
    put(name, 0, 100);
    put(octal(0o644, 8), 100, 8);
    put(octal(0, 8), 108, 8);
    put(octal(0, 8), 116, 8);
    put(octal(data.length, 12), 124, 12);
    put(octal(1700000000, 12), 136, 12);
    h.write('        ', 148, 'ascii');
    put('0', 156, 1);
    put('ustar\u000000', 257, 8);
    let sum = 0;
    for (const b of h) sum += b;
    put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
}

const blob = (mediaType: string, bytes: Buffer): Blob => ({ mediaType, digest: digestOf(bytes), size: bytes.length, bytes });
const descriptor = (b: Blob) => ({ mediaType: b.mediaType, digest: b.digest, size: b.size });

export interface TestImage {
  layer: Blob;
  tar: Buffer;
  configs: Record<string, Blob>;
  manifests: Record<string, Blob>;
  index: Blob;
}

/** An index over two single-layer images (linux/amd64 and linux/arm64/v8) sharing one layer. */
export function makeTestImage(text = 'hello from berth\n'): TestImage {
  // Enough bytes that a ranged read has something to skip.
  const tar = tarOf({ 'hello.txt': text, 'filler.bin': Buffer.alloc(3000, 7) });
  const layer = blob(MEDIA_TYPES.ociLayerGzip, gzipSync(tar));
  const configs: Record<string, Blob> = {};
  const manifests: Record<string, Blob> = {};
  for (const [arch, variant] of [['amd64', ''], ['arm64', 'v8']] as const) {
    const config = {
      architecture: arch,
      os: 'linux',
      ...(variant ? { variant } : {}),
      config: { Cmd: ['/bin/sh'], Env: ['PATH=/bin'] },
      rootfs: { type: 'layers', diff_ids: [digestOf(tar)] },
    };
    configs[arch] = blob(MEDIA_TYPES.ociConfig, Buffer.from(JSON.stringify(config)));
    const manifest = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: descriptor(configs[arch]!), layers: [descriptor(layer)] };
    manifests[arch] = blob(MEDIA_TYPES.ociManifest, Buffer.from(JSON.stringify(manifest)));
  }
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: [
      { ...descriptor(manifests.amd64!), platform: { os: 'linux', architecture: 'amd64' } },
      { ...descriptor(manifests.arm64!), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    ],
  };
  return { layer, tar, configs, manifests, index: blob(MEDIA_TYPES.ociIndex, Buffer.from(JSON.stringify(index))) };
}

/** Pushes the image: the layer as a stream, configs as buffers, manifests by digest, the index under `tag`. */
export async function pushTestImage(client: RegistryClient, repo: string, img: TestImage, tag: string): Promise<void> {
  await client.uploadBlob(repo, img.layer.digest, img.layer.size, Readable.from([img.layer.bytes]));
  for (const c of Object.values(img.configs)) await client.uploadBlob(repo, c.digest, c.size, c.bytes);
  for (const m of Object.values(img.manifests)) await client.putManifest(repo, m.digest, m.mediaType, m.bytes);
  await client.putManifest(repo, tag, img.index.mediaType, img.index.bytes);
}
