// Root-only: the overlay and vfs layer stores (create, mount, whiteouts through layers, diff round-trip, cleanup).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { applyLayer, type Driver } from '../../src/storage/apply.ts';
import { diffLayer, tarDirectory } from '../../src/storage/diff.ts';
import { chainIds, openLayerStore, probeOverlay } from '../../src/storage/layers.ts';
import { lgetxattr, lsetxattr } from '../../src/sys/fs.ts';
import { listMounts, umount } from '../../src/sys/mount.ts';

const base = mkdtempSync(`${tmpdir()}/berth-layers-`);
const mountsUnder = (dir: string) => listMounts().filter((m) => m.mountPoint.startsWith(dir + '/'));
after(() => {
  for (const m of mountsUnder(base).reverse()) umount(m.mountPoint, { detach: true });
  rmSync(base, { recursive: true, force: true });
});

type Entry = Partial<tar.Header> & { name: string; body?: string };
function tarOf(entries: Entry[]): Readable {
  const p = tar.pack();
  for (const { body, ...h } of entries) p.entry(h, body ?? '');
  p.finalize();
  return p as unknown as Readable;
}

const layer1 = () => tarOf([
  { name: 'etc/', type: 'directory', mode: 0o755 },
  { name: 'etc/keep', body: 'k' },
  { name: 'etc/gone', body: 'g' },
  { name: 'opq/old', body: 'o' },
  { name: 'bin/sh', mode: 0o755, body: '#!' },
]);
const layer2 = () => tarOf([
  { name: 'etc/.wh.gone', body: '' },
  { name: 'opq/.wh..wh..opq', body: '' },
  { name: 'opq/new', body: 'n' },
  { name: 'etc/added', body: 'a' },
]);

for (const driver of ['overlay', 'vfs'] as Driver[]) {
  test(`${driver}: layers, whiteouts across layers, container rootfs, removal`, async () => {
    const graphRoot = mkdtempSync(`${base}/${driver}-`);
    const store = openLayerStore(graphRoot, driver);
    const apply = (src: Readable) => (dir: string) => applyLayer(src, dir, { driver });
    const r1 = await store.createLayer('tmpid1', null, apply(layer1()));
    const [id1, id2] = chainIds([r1.diffId, 'sha256:' + 'f'.repeat(64)]) as [string, string];
    // IDs are the caller's: use chain IDs as image layers do
    const s1 = await store.createLayer(id1, null, apply(layer1()));
    assert.equal(s1.diffId, r1.diffId, 'the diffID does not depend on where it is applied');
    await store.createLayer(id2, id1, apply(layer2()));
    assert.ok(store.exists(id1) && store.exists(id2));
    await assert.rejects(store.createLayer(id1, null, apply(layer1())), /already exists/);
    await assert.rejects(store.createLayer('x', 'sha256:' + '0'.repeat(64), apply(layer1())), /does not exist/);

    const rootfs = await store.mountContainerRootfs([id1, id2], 'ctr1');
    assert.equal(await store.mountContainerRootfs([id1, id2], 'ctr1'), rootfs, 'idempotent');
    assert.deepEqual(readdirSync(`${rootfs}/etc`).sort(), ['added', 'keep']);
    assert.deepEqual(readdirSync(`${rootfs}/opq`), ['new']);
    assert.equal(lstatSync(`${rootfs}/bin/sh`).mode & 0o777, 0o755);
    if (driver === 'overlay') assert.equal(mountsUnder(graphRoot).length, 1);

    // the container writes; overlay's upper dir becomes a layer tar that round-trips through apply
    writeFileSync(`${rootfs}/etc/new`, 'c');
    unlinkSync(`${rootfs}/etc/keep`);
    if (driver === 'overlay') {
      const out = mkdtempSync(`${base}/roundtrip-`);
      await applyLayer(diffLayer(store.layerDir('ctr1')), out, { driver: 'overlay' });
      assert.equal(readFileSync(`${out}/etc/new`, 'utf8'), 'c');
      assert.equal(lstatSync(`${out}/etc/keep`).rdev, 0);
      assert.ok(lstatSync(`${out}/etc/keep`).isCharacterDevice());
    }

    await store.unmount('ctr1');
    await store.unmount('ctr1');
    assert.deepEqual(mountsUnder(graphRoot), []);
    await store.removeContainerLayer('ctr1');
    await store.removeLayer(id2);
    assert.ok(!store.exists(id2));
    await store.removeLayer(id1);
    await store.removeLayer('tmpid1');
    if (driver === 'overlay') assert.deepEqual(readdirSync(`${graphRoot}/overlay/l`), []);
    assert.deepEqual(mountsUnder(graphRoot), []);
  });

  test(`${driver}: a failed apply leaves nothing; cleanupTemp collects crash leftovers`, async () => {
    const graphRoot = mkdtempSync(`${base}/${driver}-`);
    const store = openLayerStore(graphRoot, driver);
    const bad = tarOf([{ name: 'ok', body: 'x' }, { name: '../escape', body: 'x' }]);
    await assert.rejects(store.createLayer('bad', null, (dir) => applyLayer(bad, dir, { driver })), /escapes/);
    assert.ok(!store.exists('bad'));
    const home = driver === 'overlay' ? `${graphRoot}/overlay` : `${graphRoot}/vfs/dir`;
    assert.deepEqual(readdirSync(home).filter((n) => n.startsWith('.')), []);
    // simulate a process killed mid-apply (and, for overlay, between the short link and the rename)
    mkdirSync(`${home}/.tmp-KILLED/diff`, { recursive: true });
    if (driver === 'overlay') symlinkSync('../never/diff', `${home}/l/DANGLING`);
    const removed = await store.cleanupTemp();
    assert.equal(removed.length, driver === 'overlay' ? 2 : 1);
    assert.ok(!existsSync(`${home}/.tmp-KILLED`));
  });
}

test('overlay diff: opaque dirs, whiteouts, xattrs and hardlinks round-trip; output is deterministic', async () => {
  const upper = mkdtempSync(`${base}/upper-`);
  const src = tarOf([
    { name: 'd/', type: 'directory', mode: 0o700, uid: 3, gid: 4 },
    { name: 'd/.wh..wh..opq', body: '' },
    { name: 'd/f', mode: 0o4711, body: 'data' },
    { name: 'd/hard', type: 'link', linkname: 'd/f' },
    { name: '.wh.removed', body: '' },
    { name: 'sym', type: 'symlink', linkname: 'd/f' },
    { name: 'fifo', type: 'fifo' },
  ]);
  const first = await applyLayer(src, upper, { driver: 'overlay' });
  lsetxattr(`${upper}/d/f`, 'user.k', Buffer.from('v'));
  const out = mkdtempSync(`${base}/out-`);
  const again = await applyLayer(diffLayer(upper), out, { driver: 'overlay' });
  assert.equal(lgetxattr(`${out}/d`, 'trusted.overlay.opaque')?.toString(), 'y');
  assert.equal(lstatSync(`${out}/removed`).rdev, 0);
  assert.equal(lstatSync(`${out}/d/f`).mode & 0o7777, 0o4711);
  assert.equal(lstatSync(`${out}/d/hard`).ino, lstatSync(`${out}/d/f`).ino);
  assert.equal(lgetxattr(`${out}/d/f`, 'user.k')?.toString(), 'v');
  assert.deepEqual([lstatSync(`${out}/d`).uid, lstatSync(`${out}/d`).gid], [3, 4]);
  assert.ok(lstatSync(`${out}/fifo`).isFIFO());
  const third = await applyLayer(diffLayer(out), mkdtempSync(`${base}/out-`), { driver: 'overlay' });
  assert.equal(third.diffId, again.diffId, 'same tree, same tar');
  assert.notEqual(first.diffId, again.diffId);
  // tarDirectory keeps whiteout devices as devices
  const full = mkdtempSync(`${base}/full-`);
  await applyLayer(tarDirectory(out), full, { driver: 'vfs' });
  assert.ok(lstatSync(`${full}/removed`).isCharacterDevice());
});

test('probeOverlay caches its answer under the graph root', () => {
  const graphRoot = mkdtempSync(`${base}/probe-`);
  const ok = probeOverlay(graphRoot);
  assert.ok(readFileSync(`${graphRoot}/.overlay-probe`, 'utf8').startsWith(ok ? 'overlay' : 'vfs'));
  assert.equal(probeOverlay(graphRoot), ok);
  assert.deepEqual(readdirSync(graphRoot), ['.overlay-probe']);
  assert.equal(openLayerStore(graphRoot).driver, ok ? 'overlay' : 'vfs');
  assert.deepEqual(mountsUnder(graphRoot), []);
});
