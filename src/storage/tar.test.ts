import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chainId, chainIds, idDir } from './ids.ts';
import { encodeHeader, END_OF_ARCHIVE, padding, parsePax, readTar, type TarHeader } from './tar.ts';
import { packed } from '../../test/helpers/tar.ts';


async function readAll(buf: Buffer, chunk = 7) {
  async function* src() {
    for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
  }
  const out: Array<{ h: TarHeader; body: string }> = [];
  for await (const { header, body } of readTar(src())) {
    const parts: Buffer[] = [];
    for await (const b of body) parts.push(b);
    out.push({ h: header, body: Buffer.concat(parts).toString() });
  }
  return out;
}

test('readTar reads what tar-stream packs, in odd chunk sizes', async () => {
  const long = 'd/' + 'x'.repeat(150) + '/file';
  const buf = await packed([
    { h: { name: 'dir/', type: 'directory', mode: 0o755, uid: 1, gid: 2, mtime: new Date(1e12) } },
    { h: { name: 'dir/f', mode: 0o4755, uid: 1000, gid: 1000 }, body: 'hello' },
    { h: { name: 'l', type: 'symlink', linkname: '/etc' } },
    { h: { name: 'h', type: 'link', linkname: 'dir/f' } },
    { h: { name: 'c', type: 'character-device', devmajor: 1, devminor: 3 } },
    { h: { name: long }, body: 'z'.repeat(1000) },
  ]);
  for (const chunk of [1, 7, 512, 100000]) {
    const got = await readAll(buf, chunk);
    assert.deepEqual(got.map((e) => [e.h.name, e.h.type]), [
      ['dir/', 'dir'], ['dir/f', 'file'], ['l', 'symlink'], ['h', 'link'], ['c', 'char'], [long, 'file'],
    ]);
    assert.equal(got[1]!.body, 'hello');
    assert.equal(got[1]!.h.mode, 0o4755);
    assert.equal(got[1]!.h.uid, 1000);
    assert.equal(got[0]!.h.mtime, 1e9);
    assert.equal(got[2]!.h.linkname, '/etc');
    assert.deepEqual([got[4]!.h.devmajor, got[4]!.h.devminor], [1, 3]);
    assert.equal(got[5]!.body.length, 1000);
  }
});

test('readTar keeps binary PAX xattr values; encodeHeader writes them back', async () => {
  const cap = Buffer.from([1, 0, 0, 2, 0xc0, 0xff, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const h: TarHeader = {
    name: 'bin/ping', type: 'file', mode: 0o755, uid: 0, gid: 0, size: 3, mtime: 5, linkname: '',
    devmajor: 0, devminor: 0, uname: '', gname: '', xattrs: new Map([['security.capability', cap]]),
  };
  const buf = Buffer.concat([encodeHeader(h), Buffer.from('abc'), padding(3), END_OF_ARCHIVE]);
  const [e] = await readAll(buf);
  assert.deepEqual(e!.h.xattrs.get('security.capability'), cap);
  assert.equal(e!.body, 'abc');
  assert.equal(e!.h.name, 'bin/ping');
});

test('encodeHeader round-trips long and non-ASCII names and big ids', async () => {
  const names = ['a'.repeat(99), 'p/'.repeat(60) + 'f', 'é/ü', 'x'.repeat(300)];
  for (const name of names) {
    const h: TarHeader = {
      name, type: 'symlink', mode: 0o777, uid: 3_000_000, gid: 7, size: 0, mtime: 1700000000, linkname: 'y'.repeat(200),
      devmajor: 0, devminor: 0, uname: '', gname: '', xattrs: new Map(),
    };
    const [e] = await readAll(Buffer.concat([encodeHeader(h), END_OF_ARCHIVE]));
    assert.equal(e!.h.name, name);
    assert.equal(e!.h.linkname, h.linkname);
    assert.equal(e!.h.uid, 3_000_000);
    assert.equal(e!.h.mtime, 1700000000);
  }
});

test('readTar rejects corrupt input', async () => {
  const buf = await packed([{ h: { name: 'f' }, body: 'data' }]);
  const bad = Buffer.from(buf);
  bad[0] = 0x41; // breaks the checksum
  await assert.rejects(readAll(bad), /checksum/);
  await assert.rejects(readAll(buf.subarray(0, 600)), /unexpected end/);
});

test('parsePax', () => {
  const rec = (s: string) => {
    let n = s.length + 3;
    while (String(n).length + s.length + 2 !== n) n = String(n).length + s.length + 2;
    return `${n} ${s}\n`;
  };
  const m = parsePax(Buffer.from(rec('path=a b') + rec('SCHILY.xattr.user.k=v=w')));
  assert.equal(m.get('path')?.toString(), 'a b');
  assert.equal(m.get('SCHILY.xattr.user.k')?.toString(), 'v=w');
});

test('chain IDs and ID directories', () => {
  const a = 'sha256:' + 'a'.repeat(64);
  const b = 'sha256:' + 'b'.repeat(64);
  assert.equal(chainId(null, a), a);
  assert.equal(chainId(a, b), 'sha256:' + createHash('sha256').update(`${a} ${b}`).digest('hex'));
  assert.deepEqual(chainIds([a, b]), [a, chainId(a, b)]);
  assert.equal(idDir(a), 'a'.repeat(64));
  for (const bad of ['../x', 'a/b', '', '.hidden', 'sha256:../../x']) assert.throws(() => idDir(bad), /invalid layer ID/, bad);
});
