import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../../test/helpers/tmp.ts';
import { createNetnsOnFile } from './netns.ts';
import { isMountPoint, umount } from './mount.ts';

const root = process.getuid?.() === 0;

test('createNetnsOnFile: a new netns on the file with lo up; the calling thread stays in its own', { skip: !root && 'needs root' }, () => {
  const file = join(tempDir('berth-netns-'), 'ns');
  writeFileSync(file, '');
  const before = readlinkSync('/proc/thread-self/ns/net');
  createNetnsOnFile(file);
  try {
    assert.equal(readlinkSync('/proc/thread-self/ns/net'), before);
    assert.ok(isMountPoint(file));
    const inside = spawnSync('nsenter', [`--net=${file}`, 'readlink', '/proc/self/ns/net'], { encoding: 'utf8' });
    assert.equal(inside.status, 0, inside.stderr);
    assert.notEqual(inside.stdout.trim(), before);
    const lo = spawnSync('nsenter', [`--net=${file}`, 'ip', '-o', 'link', 'show', 'lo'], { encoding: 'utf8' });
    assert.match(lo.stdout, /<LOOPBACK,UP,LOWER_UP>/);
    const links = spawnSync('nsenter', [`--net=${file}`, 'ip', '-o', 'link'], { encoding: 'utf8' });
    assert.equal(links.stdout.trim().split('\n').length, 1, 'only lo inside');
  } finally {
    umount(file, { detach: true });
    rmSync(file);
  }
});

test('createNetnsOnFile: a missing file fails with the errno, leaves nothing mounted and the thread at home', { skip: !root && 'needs root' }, () => {
  const file = join(tempDir('berth-netns-'), 'missing');
  const before = readlinkSync('/proc/thread-self/ns/net');
  assert.throws(() => createNetnsOnFile(file), { code: 'ENOENT' });
  assert.equal(readlinkSync('/proc/thread-self/ns/net'), before);
  assert.equal(isMountPoint(file), false);
});
