import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Digester, digestOf, isDigest, parseDigest, verifyingStream } from './digest.ts';

const EMPTY = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

test('parseDigest', () => {
  const ok: Array<[string, string]> = [
    [EMPTY, 'sha256'],
    [`sha512:${'a'.repeat(128)}`, 'sha512'],
  ];
  for (const [d, alg] of ok) assert.equal(parseDigest(d).algorithm, alg);
  const bad: Array<[string, RegExp]> = [
    ['sha256:abc', /invalid checksum digest length/],
    [`sha256:${'A'.repeat(64)}`, /invalid checksum digest format/],
    [`md5:${'a'.repeat(32)}`, /unsupported digest algorithm/],
    ['latest', /invalid checksum digest format/],
    ['', /invalid checksum digest format/],
    [`sha512:${'a'.repeat(64)}`, /invalid checksum digest length/],
  ];
  for (const [d, re] of bad) {
    assert.throws(() => parseDigest(d), (e: Error & { code?: string }) => re.test(e.message) && e.code === 'invalid-argument', d);
    assert.equal(isDigest(d), false);
  }
});

test('digestOf and Digester agree; clone continues independently', () => {
  assert.equal(digestOf(''), EMPTY);
  const d = new Digester();
  d.update(Buffer.from('hello '));
  const c = d.clone();
  d.update(Buffer.from('world'));
  c.update(Buffer.from('world'));
  assert.equal(d.digest(), digestOf('hello world'));
  assert.equal(c.digest(), d.digest());
  assert.equal(c.size, 11);
});

async function collect(input: Buffer, expected: string, opts = {}) {
  const chunks: Buffer[] = [];
  await pipeline(Readable.from([input.subarray(0, 3), input.subarray(3)]), verifyingStream(expected, opts), async function* (src) {
    for await (const c of src) chunks.push(c as Buffer);
  });
  return Buffer.concat(chunks);
}

test('verifyingStream passes good data and rejects mismatches', async () => {
  const data = Buffer.from('some layer bytes');
  const good = digestOf(data);
  assert.deepEqual(await collect(data, good, { size: data.length }), data);
  await assert.rejects(collect(data, EMPTY), {
    code: 'integrity',
    message: `Digest did not match, expected ${EMPTY}, got ${good}`,
  });
  await assert.rejects(collect(data, good, { size: 4 }), { code: 'integrity', message: /Size did not match, expected 4 bytes/ });
  await assert.rejects(collect(data, good, { size: 100 }), { code: 'integrity', message: /expected 100 bytes, got 16/ });
  // resumed: the first 5 bytes were hashed by the caller
  const prefix = new Digester();
  prefix.update(data.subarray(0, 5));
  assert.deepEqual(await collect(data.subarray(5), good, { digester: prefix, size: data.length }), data.subarray(5));
  assert.equal(prefix.size, 5, 'the caller\'s digester is not modified');
});
