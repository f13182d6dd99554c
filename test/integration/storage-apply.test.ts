// Root-only: applies crafted layer tars (every entry kind, whiteouts, escape attacks) and checks the result on disk.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import tar from 'tar-stream';
import { applyLayer, decompressedStream, type Driver } from '../../src/storage/apply.ts';
import { encodeHeader, END_OF_ARCHIVE, padding, type TarHeader } from '../../src/storage/tar.ts';
import { lgetxattr, major, minor } from '../../src/sys/fs.ts';

type Entry = Partial<tar.Header> & { name: string; body?: string };

const base = mkdtempSync(`${tmpdir()}/berth-apply-`);
after(() => rmSync(base, { recursive: true, force: true }));
let n = 0;

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = tar.pack();
  for (const { body, ...h } of entries) p.entry(h, body ?? '');
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A fresh root plus an `outside` dir with a sentinel file that no apply may touch. */
function sandbox() {
  const dir = `${base}/${++n}`;
  mkdirSync(`${dir}/root`, { recursive: true });
  mkdirSync(`${dir}/outside`);
  writeFileSync(`${dir}/outside/sentinel`, 'keep');
  return { root: `${dir}/root`, outside: `${dir}/outside` };
}

const apply = (buf: Buffer, root: string, driver: Driver = 'overlay') =>
  applyLayer((async function* () { yield buf; })(), root, { driver });

function assertOutsideUntouched(outside: string) {
  assert.deepEqual(readdirSync(outside), ['sentinel']);
  assert.equal(readFileSync(`${outside}/sentinel`, 'utf8'), 'keep');
  assert.equal(lstatSync(`${outside}/sentinel`).nlink, 1);
}

const escapes = /escapes the layer directory/;

test('applies every entry kind with owners, modes and times', async () => {
  const { root } = sandbox();
  const mtime = new Date(1_600_000_000_000);
  const buf = await tarOf([
    { name: 'etc/', type: 'directory', mode: 0o750, uid: 5, gid: 6, mtime },
    { name: 'etc/file', mode: 0o640, uid: 1000, gid: 1001, mtime, body: 'hello' },
    { name: 'bin/su', mode: 0o4755, uid: 0, gid: 0, body: '#!' },
    { name: 'bin/sg', mode: 0o2755, uid: 0, gid: 50, body: '#!' },
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'etc/link', type: 'symlink', linkname: '/etc/file', uid: 7, gid: 8, mtime },
    { name: 'etc/hard', type: 'link', linkname: 'etc/file' },
    { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 },
    { name: 'dev/sda', type: 'block-device', devmajor: 8, devminor: 0, mode: 0o660 },
    { name: 'run/fifo', type: 'fifo', mode: 0o620 },
  ]);
  const r = await apply(buf, root);
  assert.equal(r.diffId, `sha256:${createHash('sha256').update(buf).digest('hex')}`);
  assert.equal(r.tarSize, buf.length);
  assert.equal(r.size, 9);
  const st = (p: string) => lstatSync(`${root}/${p}`);
  assert.ok(st('etc').isDirectory());
  assert.equal(st('etc').mode & 0o7777, 0o750);
  assert.deepEqual([st('etc').uid, st('etc').gid], [5, 6]);
  assert.equal(st('etc').mtimeMs, mtime.getTime(), 'dir mtime survives its children');
  assert.equal(readFileSync(`${root}/etc/file`, 'utf8'), 'hello');
  assert.deepEqual([st('etc/file').uid, st('etc/file').gid, st('etc/file').mode & 0o7777], [1000, 1001, 0o640]);
  assert.equal(st('etc/file').mtimeMs, mtime.getTime());
  assert.equal(st('bin/su').mode & 0o7777, 0o4755, 'setuid kept after chown');
  assert.equal(st('bin/sg').mode & 0o7777, 0o2755);
  assert.equal(st('bin/sg').gid, 50);
  assert.equal(st('tmp').mode & 0o7777, 0o1777);
  assert.ok(st('etc/link').isSymbolicLink());
  assert.equal(readlinkSync(`${root}/etc/link`), '/etc/file');
  assert.deepEqual([st('etc/link').uid, st('etc/link').gid], [7, 8]);
  assert.equal(st('etc/link').mtimeMs, mtime.getTime());
  assert.equal(st('etc/hard').ino, st('etc/file').ino);
  assert.ok(st('dev/null').isCharacterDevice());
  assert.deepEqual([major(st('dev/null').rdev), minor(st('dev/null').rdev)], [1, 3]);
  assert.equal(st('dev/null').mode & 0o7777, 0o666);
  assert.ok(st('dev/sda').isBlockDevice());
  assert.ok(st('run/fifo').isFIFO());
  assert.equal(st('run/fifo').mode & 0o7777, 0o620);
});

test('applies PAX xattrs, binary security.capability included', async () => {
  const { root } = sandbox();
  const cap = Buffer.from('0100000200200000000000000000000000000000', 'hex'); // cap_net_raw+ep
  cap[4] = 0xc0; // not valid UTF-8: must survive byte for byte
  const h: TarHeader = {
    name: 'bin/ping', type: 'file', mode: 0o755, uid: 0, gid: 0, size: 4, mtime: 0, linkname: '', devmajor: 0,
    devminor: 0, uname: '', gname: '', xattrs: new Map([['security.capability', cap], ['user.note', Buffer.from('v')]]),
  };
  const d: TarHeader = { ...h, name: 'dir/', type: 'dir', size: 0, xattrs: new Map([['user.dir', Buffer.from('d')]]) };
  const buf = Buffer.concat([encodeHeader(d), encodeHeader(h), Buffer.from('ELF!'), padding(4), END_OF_ARCHIVE]);
  await apply(buf, root);
  assert.deepEqual(lgetxattr(`${root}/bin/ping`, 'security.capability'), cap);
  assert.equal(lgetxattr(`${root}/bin/ping`, 'user.note')?.toString(), 'v');
  assert.equal(lgetxattr(`${root}/dir`, 'user.dir')?.toString(), 'd');
});

test('overlay whiteouts become 0/0 char devices and opaque xattrs', async () => {
  const { root } = sandbox();
  await apply(await tarOf([
    { name: 'a/', type: 'directory' },
    { name: 'a/.wh.gone', body: '' },
    { name: 'b/.wh..wh..opq', body: '' },
    { name: 'b/new', body: 'n' },
    { name: 'c/.wh..wh.plnk', body: '' },
  ]), root, 'overlay');
  const wh = lstatSync(`${root}/a/gone`);
  assert.ok(wh.isCharacterDevice());
  assert.equal(wh.rdev, 0);
  assert.equal(lgetxattr(`${root}/b`, 'trusted.overlay.opaque')?.toString(), 'y');
  assert.equal(readFileSync(`${root}/b/new`, 'utf8'), 'n');
  assert.ok(!existsSync(`${root}/a/.wh.gone`));
  assert.ok(!existsSync(`${root}/c/.wh..wh.plnk`));
});

test('vfs whiteouts delete, opaque dirs keep only this layer', async () => {
  const { root } = sandbox();
  await apply(await tarOf([
    { name: 'keep', body: '1' },
    { name: 'gone', body: '1' },
    { name: 'tree/sub/file', body: '1' },
    { name: 'o/old', body: '1' },
    { name: 'o/sub/old', body: '1' },
  ]), root, 'vfs');
  await apply(await tarOf([
    { name: 'o/sub/new', body: '2' }, // before the opaque marker: must survive it
    { name: '.wh.gone', body: '' },
    { name: '.wh.tree', body: '' },
    { name: 'o/.wh..wh..opq', body: '' },
    { name: 'o/new', body: '2' },
    { name: 'missing/.wh.x', body: '' },
  ]), root, 'vfs');
  assert.deepEqual(readdirSync(root).sort(), ['keep', 'o']);
  assert.deepEqual(readdirSync(`${root}/o`).sort(), ['new', 'sub']);
  assert.deepEqual(readdirSync(`${root}/o/sub`), ['new']);
});

test('replaces existing entries instead of writing through them', async () => {
  const { root, outside } = sandbox();
  await apply(await tarOf([
    { name: 'f', type: 'symlink', linkname: `${outside}/sentinel` },
    { name: 'd/x', body: 'old' },
    { name: 'h', type: 'link', linkname: 'd/x' },
  ]), root, 'vfs');
  await apply(await tarOf([
    { name: 'f', body: 'pwned' }, // replaces the symlink, does not follow it
    { name: 'd', body: 'now a file' }, // replaces a directory
    { name: 'h', body: 'new' }, // breaks the hardlink rather than writing into the shared inode
  ]), root, 'vfs');
  assert.ok(lstatSync(`${root}/f`).isFile());
  assert.equal(readFileSync(`${root}/d`, 'utf8'), 'now a file');
  assert.equal(readFileSync(`${root}/h`, 'utf8'), 'new');
  assertOutsideUntouched(outside);
});

test('escape attacks write nothing outside the root', async (t) => {
  const attacks: Array<{ name: string; entries: (outside: string) => Entry[]; driver?: Driver; error?: RegExp; inside?: string }> = [
    { name: 'dot-dot name', entries: () => [{ name: '../x', body: 'x' }], error: escapes },
    { name: 'absolute dot-dot name', entries: () => [{ name: '/abs/../../x', body: 'x' }], error: escapes },
    { name: 'deep dot-dot name', entries: () => [{ name: 'a/b/../../../outside/sentinel', body: 'x' }], error: escapes },
    { name: 'hardlink to ../../etc/passwd', entries: () => [{ name: 'h', type: 'link', linkname: '../../etc/passwd' }], error: escapes },
    { name: 'hardlink to an absolute dot-dot path', entries: (o) => [{ name: 'h', type: 'link', linkname: `/../${o}/sentinel` }], error: escapes },
    { name: 'hardlink to an absolute host path', entries: (o) => [{ name: 'h', type: 'link', linkname: `${o}/sentinel` }], error: /missing/ },
    {
      name: 'symlink to a host dir, then write through it',
      entries: (o) => [{ name: 'link', type: 'symlink', linkname: o }, { name: 'link/sentinel', body: 'pwned' }],
      inside: 'OUTSIDE/sentinel',
    },
    {
      name: 'relative symlink climbing out, then write through it',
      entries: () => [{ name: 'link', type: 'symlink', linkname: '../../../../../../outside' }, { name: 'link/pwned', body: 'x' }],
      inside: 'outside/pwned',
    },
    {
      name: 'symlink chain',
      entries: (o) => [
        { name: 'a', type: 'symlink', linkname: 'b' },
        { name: 'b', type: 'symlink', linkname: '../..' },
        { name: `a/${o.slice(1)}/pwned`, body: 'x' },
      ],
      inside: 'OUTSIDE/pwned',
    },
    {
      name: 'hardlink through a symlink to the host',
      entries: (o) => [{ name: 'link', type: 'symlink', linkname: o }, { name: 'h', type: 'link', linkname: 'link/sentinel' }],
      error: /missing/,
    },
    {
      name: 'whiteout through a symlink (vfs)',
      entries: (o) => [{ name: 'link', type: 'symlink', linkname: o }, { name: 'link/.wh.sentinel', body: '' }],
      driver: 'vfs',
    },
    {
      name: 'opaque dir through a symlink (vfs)',
      entries: (o) => [{ name: 'link', type: 'symlink', linkname: o }, { name: 'link/.wh..wh..opq', body: '' }],
      driver: 'vfs',
    },
    {
      name: 'symlink loop',
      entries: () => [{ name: 'l1', type: 'symlink', linkname: 'l2' }, { name: 'l2', type: 'symlink', linkname: 'l1' }, { name: 'l1/x', body: '' }],
      error: /too many levels/,
    },
  ];
  for (const a of attacks) {
    await t.test(a.name, async () => {
      const { root, outside } = sandbox();
      const run = apply(await tarOf(a.entries(outside)), root, a.driver ?? 'overlay');
      if (a.error) await assert.rejects(run, (e: Error & { code?: string }) => e.code === 'invalid-argument' && a.error!.test(e.message));
      else await run;
      assertOutsideUntouched(outside);
      if (a.inside) assert.ok(existsSync(`${root}/${a.inside.replace('OUTSIDE', outside.slice(1))}`), 'written inside the root instead');
    });
  }
});

test('rejects a tar that replaces the root with a file', async () => {
  const { root, outside } = sandbox();
  await assert.rejects(apply(await tarOf([{ name: './', type: 'symlink', linkname: '/' }]), root), /layer root/);
  assertOutsideUntouched(outside);
  symlinkSync('/', `${root}/x`); // sanity: the checks above did not depend on a pristine root
});

test('decompressedStream feeds gzip and zstd layers; the diffID is of the uncompressed tar', async () => {
  const buf = await tarOf([{ name: 'f', body: 'x'.repeat(100000) }]);
  const want = `sha256:${createHash('sha256').update(buf).digest('hex')}`;
  const cases: Array<['gzip' | 'zstd' | 'none', Buffer]> = [['gzip', gzipSync(buf)], ['zstd', zstdCompressSync(buf)], ['none', buf]];
  for (const [c, blob] of cases) {
    const { root } = sandbox();
    const r = await applyLayer(decompressedStream(Readable.from([blob]), c), root, { driver: 'overlay' });
    assert.equal(r.diffId, want, c);
    assert.equal(readFileSync(`${root}/f`, 'utf8').length, 100000);
  }
  const { root } = sandbox();
  await assert.rejects(applyLayer(decompressedStream(Readable.from([buf]), 'gzip'), root, { driver: 'overlay' }), /header/);
});
