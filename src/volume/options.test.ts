import { test } from 'node:test';
import assert from 'node:assert/strict';
import { optionMap, parseLocalOptions, needsMount, mountSpec } from './options.ts';
import { MS_BIND, MS_REC, MS_RDONLY, MS_NOSUID } from '../sys/mount.ts';

test('optionMap: last repeated key wins, bare keys are empty', () => {
  assert.deepEqual(optionMap(['o=mode=0777', 'o=uid=1000', 'copy', 'type=tmpfs']), { o: 'uid=1000', copy: '', type: 'tmpfs' });
});

test('parseLocalOptions as podman 4.3 stores them', () => {
  const cases: Array<[Record<string, string>, object]> = [
    [{}, { options: {} }],
    [{ o: 'uid=1000,gid=100' }, { options: { UID: '1000', GID: '100', o: 'uid=1000,gid=100' }, uid: 1000, gid: 100 }],
    [{ type: 'tmpfs', device: 'tmpfs', o: 'size=1m' }, { options: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } }],
    [{ UID: '5' }, { options: { UID: '5' } }],
    [{ copy: '' }, { options: { copy: '' } }],
  ];
  for (const [raw, want] of cases) assert.deepEqual(parseLocalOptions(raw), want, JSON.stringify(raw));
  const errs: Array<[Record<string, string>, string]> = [
    [{ foo: 'bar' }, "invalid mount option foo for driver 'local': invalid argument"],
    [{ o: 'uid=x' }, 'cannot convert UID x to integer: strconv.Atoi: parsing "x": invalid syntax'],
    [{ type: 'bind', device: '/nonexistent-berth' }, "invalid volume option device for driver 'local': stat /nonexistent-berth: no such file or directory"],
    [{ o: 'size=1m' }, 'volume options size and inodes not supported. Filesystem does not support Project Quota'],
    [{ o: 'size=1m,noquota' }, 'volume options size and inodes cannot be used without quota'],
  ];
  for (const [raw, message] of errs) assert.throws(() => parseLocalOptions(raw), { message }, JSON.stringify(raw));
});

test('needsMount and the mount(2) call an option set describes', () => {
  const nm: Array<[Record<string, string>, boolean]> = [
    [{}, false], [{ UID: '1', GID: '1', o: 'uid=1,gid=1' }, false], [{ type: 'tmpfs', device: 'tmpfs' }, true], [{ o: 'mode=0700' }, true],
  ];
  for (const [o, want] of nm) assert.equal(needsMount(o), want, JSON.stringify(o));
  assert.deepEqual(mountSpec({ type: 'tmpfs', device: 'tmpfs', o: 'size=1m,nosuid,mode=0700' }),
    { source: 'tmpfs', fstype: 'tmpfs', flags: MS_NOSUID, data: 'size=1m,mode=0700', remountFlags: 0 });
  assert.deepEqual(mountSpec({ type: 'bind', device: '/srv', o: 'ro' }), { source: '/srv', fstype: '', flags: MS_BIND, data: '', remountFlags: MS_RDONLY });
  assert.deepEqual(mountSpec({ device: '/srv', o: 'rbind' }), { source: '/srv', fstype: '', flags: MS_BIND | MS_REC, data: '', remountFlags: 0 });
  assert.throws(() => mountSpec({ device: '/dev/sdz' }), { code: 'invalid-argument' });
});
