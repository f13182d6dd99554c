// Tests of cp's tar side: a round trip, extraction confined to its root, --overwrite and ownership.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeHeader, END_OF_ARCHIVE, padding, type TarHeader } from '../storage/tar.ts';
import { extractUnder, packTree } from './copy-tar.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cp-'));
const opts = { overwrite: false, display: (rel: string) => `/${rel}` };

function header(name: string, type: TarHeader['type'], extra: Partial<TarHeader> = {}): TarHeader {
  return { name, type, mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0, linkname: '', devmajor: 0, devminor: 0, uname: '', gname: '', xattrs: new Map(), ...extra };
}

async function* archive(entries: Array<[TarHeader, string?]>): AsyncGenerator<Buffer> {
  for (const [h, body = ''] of entries) {
    yield encodeHeader({ ...h, size: Buffer.byteLength(body) });
    if (body) yield Buffer.concat([Buffer.from(body), padding(Buffer.byteLength(body))]);
  }
  yield END_OF_ARCHIVE;
}

test('packTree → extractUnder round trip: named top entry or contents only, links kept as links, hard links kept', async () => {
  const src = tmp();
  fs.mkdirSync(path.join(src, 'd', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(src, 'd', 'sub', 'f'), 'data');
  fs.linkSync(path.join(src, 'd', 'sub', 'f'), path.join(src, 'd', 'hard'));
  fs.symlinkSync('/nowhere', path.join(src, 'd', 'link'));
  const cases: Array<[string | null, string[]]> = [
    ['renamed', ['renamed', 'renamed/hard', 'renamed/link', 'renamed/sub', 'renamed/sub/f']],
    [null, ['hard', 'link', 'sub', 'sub/f']],
  ];
  for (const [as, want] of cases) {
    const dest = tmp();
    await extractUnder(packTree(path.join(src, 'd'), as), dest, '', opts);
    const got = (fs.readdirSync(dest, { recursive: true }) as string[]).sort();
    assert.deepEqual(got, want, String(as));
    const top = as ? path.join(dest, as) : dest;
    assert.equal(fs.readlinkSync(path.join(top, 'link')), '/nowhere');
    assert.equal(fs.statSync(path.join(top, 'hard')).ino, fs.statSync(path.join(top, 'sub', 'f')).ino);
    fs.rmSync(dest, { recursive: true });
  }
  fs.rmSync(src, { recursive: true });
});

test('extractUnder never leaves its root: .. is rooted at the destination, planted symlinks resolve inside the root', async () => {
  const outside = tmp();
  const root = tmp();
  fs.mkdirSync(path.join(root, 'dest'));
  fs.symlinkSync(outside, path.join(root, 'dest', 'existing')); // absolute host path: inside the root it is root/<that>
  const cases: Array<[Array<[TarHeader, string?]>, string]> = [
    [[[header('../../../../x', 'file'), 'x']], 'dest/x'],
    [[[header('/abs', 'file'), 'a']], 'dest/abs'],
    [[[header('planted', 'symlink', { linkname: outside })], [header('planted/y', 'file'), 'y']], `${outside.slice(1)}/y`],
    [[[header('existing/z', 'file'), 'z']], `${outside.slice(1)}/z`],
  ];
  for (const [entries, landed] of cases) {
    await extractUnder(archive(entries), root, 'dest', opts);
    assert.ok(fs.existsSync(path.join(root, landed)), landed);
  }
  assert.deepEqual(fs.readdirSync(outside), [], 'nothing written outside the root');
  // The final component is replaced, never written through.
  fs.symlinkSync(path.join(outside, 'target'), path.join(root, 'dest', 'final'));
  await extractUnder(archive([[header('final', 'file'), 'f']]), root, 'dest', opts);
  assert.equal(fs.lstatSync(path.join(root, 'dest', 'final')).isFile(), true);
  assert.deepEqual(fs.readdirSync(outside), []);
  fs.rmSync(root, { recursive: true });
  fs.rmSync(outside, { recursive: true });
});

test('extractUnder: a directory onto a file (and the reverse) needs overwrite; owner overrides the archive', async () => {
  const root = tmp();
  fs.writeFileSync(path.join(root, 'clash'), 'old');
  fs.mkdirSync(path.join(root, 'dir'));
  const dirOnFile = () => archive([[header('clash/', 'dir', { mode: 0o755 })]]);
  const fileOnDir = () => archive([[header('dir', 'file', { uid: 7, gid: 8 }), 'new']]);
  await assert.rejects(extractUnder(dirOnFile(), root, '', opts), /error creating "\/clash": mkdir \/clash: file exists/);
  await assert.rejects(extractUnder(fileOnDir(), root, '', opts), /error creating "\/dir": open \/dir: is a directory/);
  await extractUnder(dirOnFile(), root, '', { ...opts, overwrite: true });
  assert.ok(fs.statSync(path.join(root, 'clash')).isDirectory());
  await extractUnder(fileOnDir(), root, '', { ...opts, overwrite: true, owner: { uid: 1, gid: 2 } });
  const st = fs.statSync(path.join(root, 'dir'));
  assert.deepEqual([st.isFile(), st.uid, st.gid], [true, 1, 2]);
  fs.rmSync(root, { recursive: true });
});
