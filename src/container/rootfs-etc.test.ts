import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendInRootfs } from './rootfs-etc.ts';

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
