import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendInRootfs, ensureMtab } from './rootfs-etc.ts';

test('appendInRootfs: appends (adding a missing newline), creates a missing file, never writes through a symlink', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-etc-'));
  try {
    const plain = path.join(base, 'plain');
    fs.mkdirSync(path.join(plain, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(plain, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh');
    assert.equal(appendInRootfs(plain, 'passwd', 'root:x:0:0:root:/root:/bin/sh', 'u\n'), 'root:x:0:0:root:/root:/bin/sh\nu\n');
    assert.equal(fs.readFileSync(path.join(plain, 'etc', 'passwd'), 'utf8'), 'root:x:0:0:root:/root:/bin/sh\nu\n');

    const empty = path.join(base, 'empty');
    fs.mkdirSync(empty);
    assert.equal(appendInRootfs(empty, 'group', '', 'g\n'), 'g\n');
    assert.equal(fs.readFileSync(path.join(empty, 'etc', 'group'), 'utf8'), 'g\n');
    assert.equal(fs.statSync(path.join(empty, 'etc', 'group')).mode & 0o777, 0o644);

    const outside = path.join(base, 'outside');
    fs.writeFileSync(outside, 'host file\n');
    const fileLink = path.join(base, 'filelink');
    fs.mkdirSync(path.join(fileLink, 'etc'), { recursive: true });
    fs.symlinkSync(outside, path.join(fileLink, 'etc', 'passwd'));
    assert.equal(appendInRootfs(fileLink, 'passwd', 'x', 'u\n'), 'x');
    const dirLink = path.join(base, 'dirlink');
    fs.mkdirSync(dirLink);
    fs.symlinkSync(base, path.join(dirLink, 'etc'));
    assert.equal(appendInRootfs(dirLink, 'passwd', '', 'u\n'), '');
    assert.equal(fs.readFileSync(outside, 'utf8'), 'host file\n', 'nothing written outside the rootfs');
    assert.equal(fs.existsSync(path.join(base, 'passwd')), false);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('ensureMtab: links /etc/mtab to /proc/mounts when missing; keeps an existing one; never under a symlinked /etc', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-mtab-'));
  try {
    const cases: Array<[string, (root: string) => void, string | null]> = [
      ['no /etc at all', () => undefined, '/proc/mounts'],
      ['an /etc without mtab', (r) => fs.mkdirSync(path.join(r, 'etc')), '/proc/mounts'],
      ['an image link of its own', (r) => { fs.mkdirSync(path.join(r, 'etc')); fs.symlinkSync('../proc/self/mounts', path.join(r, 'etc', 'mtab')); }, '../proc/self/mounts'],
      ['an image file', (r) => { fs.mkdirSync(path.join(r, 'etc')); fs.writeFileSync(path.join(r, 'etc', 'mtab'), 'x'); }, null],
    ];
    for (const [name, prepare, link] of cases) {
      const root = fs.mkdtempSync(path.join(base, 'r-'));
      prepare(root);
      ensureMtab(root);
      const mtab = path.join(root, 'etc', 'mtab');
      if (link === null) assert.equal(fs.readFileSync(mtab, 'utf8'), 'x', name);
      else assert.equal(fs.readlinkSync(mtab), link, name);
    }
    // /etc a symlink out of the rootfs: nothing is made there.
    const outside = fs.mkdtempSync(path.join(base, 'outside-'));
    const root = fs.mkdtempSync(path.join(base, 'r-'));
    fs.symlinkSync(outside, path.join(root, 'etc'));
    ensureMtab(root);
    assert.deepEqual(fs.readdirSync(outside), []);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
