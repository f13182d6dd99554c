// Table-driven tests for --user / --group-add resolution against busybox's passwd and group files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveUser, parsePasswd, parseGroup, userAdditions, hostUserLine } from './user.ts';
import { BUSYBOX_PASSWD, BUSYBOX_GROUP } from './spec-fixtures.ts';

// Expected values are what Podman 4.3 wrote into config.json for the busybox image.
const cases: Array<[spec: string, groupAdd: string[], uid: number, gid: number, gids: number[], home: string | undefined]> = [
  ['', [], 0, 0, [10], '/root'],
  ['root', [], 0, 0, [0, 10], '/root'],
  ['0:0', [], 0, 0, [0], '/root'],
  ['nobody', [], 65534, 65534, [65534], '/home'],
  ['nobody:nogroup', [], 65534, 65534, [65534], '/home'],
  ['daemon', [], 1, 1, [1], '/usr/sbin'],
  ['1000', [], 1000, 0, [0], undefined],
  ['1000:1000', ['10'], 1000, 1000, [1000, 10], undefined],
  ['', ['1234', 'daemon'], 0, 0, [1, 1234, 10], '/root'],
  ['65534:users', [], 65534, 100, [100], '/home'],
];
for (const [spec, groupAdd, uid, gid, gids, home] of cases) {
  test(`resolveUser ${JSON.stringify(spec)} ${groupAdd.join(',')}`, () => {
    assert.deepEqual(resolveUser(spec, BUSYBOX_PASSWD, BUSYBOX_GROUP, groupAdd), { uid, gid, additionalGids: gids, home });
  });
}

const errors: Array<[string, string[], string]> = [
  ['foo', [], 'unable to find user foo: no matching entries in passwd file'],
  ['0:foo', [], 'unable to find group foo: no matching entries in group file'],
  ['', ['foo'], 'Unable to find group foo: no matching entries in group file'],
  [':0', [], 'invalid user/group spec ":0": user and group must both be set'],
];
for (const [spec, groupAdd, message] of errors) {
  test(`resolveUser error ${spec} ${groupAdd}`, () => {
    assert.throws(() => resolveUser(spec, BUSYBOX_PASSWD, BUSYBOX_GROUP, groupAdd), { code: 'invalid-argument', message });
  });
}

test('an image without /etc/passwd: numeric users work, root has no HOME', () => {
  assert.deepEqual(resolveUser('', '', ''), { uid: 0, gid: 0, additionalGids: [], home: undefined });
  assert.deepEqual(resolveUser('5:6', '', ''), { uid: 5, gid: 6, additionalGids: [6], home: undefined });
});

test('parsers skip comments and malformed lines', () => {
  assert.deepEqual(parsePasswd('# c\nbad\nx:x:1:2::/h:/bin/sh\ny:x:a:1::/:/\n'), [{ name: 'x', uid: 1, gid: 2, home: '/h' }]);
  assert.deepEqual(parseGroup('g:x:5:a,b\n#x:x:1:\nh:x:z:\n'), [{ name: 'g', gid: 5, members: ['a', 'b'] }]);
});

test('--passwd entries for numeric users and groups the image lacks (podman 4.3 lines)', () => {
  const cases: Array<[string, string, { passwd?: string; group?: string }]> = [
    ['', '/', {}],
    ['root', '/', {}],
    ['0', '/', {}],
    ['65534', '/', {}],
    ['1234', '/', { passwd: '1234:*:1234:0:container user:/:/bin/sh\n' }],
    ['1234', '/app', { passwd: '1234:*:1234:0:container user:/app:/bin/sh\n' }],
    ['1234:root', '/', { passwd: '1234:*:1234:0:container user:/:/bin/sh\n' }],
    ['1234:99999', '/', { passwd: '1234:*:1234:99999:container user:/:/bin/sh\n', group: '99999:x:99999:1234\n' }],
    ['65534:5678', '/', { group: '5678:x:5678:65534\n' }],
    ['nobody:5678', '/', { group: '5678:x:5678:nobody\n' }],
    ['1234:nogroup', '/', { passwd: '1234:*:1234:65534:container user:/:/bin/sh\n' }],
  ];
  for (const [spec, home, want] of cases) assert.deepEqual(userAdditions(spec, BUSYBOX_PASSWD, BUSYBOX_GROUP, home), want, spec);
  assert.throws(() => userAdditions('1234:nosuch', BUSYBOX_PASSWD, BUSYBOX_GROUP, '/'), /unable to find group nosuch/);
});

test('--hostuser lines from the host passwd (podman 4.3 shape); present users skipped; unknown users refused', () => {
  const host = 'root:x:0:0:root:/root:/bin/bash\n_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\nalice:x:1000:1000:Alice A,,,:/home/alice:/bin/bash\n';
  assert.equal(hostUserLine('_apt', host, BUSYBOX_PASSWD, '/'), '_apt:*:42:65534::/:/bin/sh\n');
  assert.equal(hostUserLine('42', host, BUSYBOX_PASSWD, '/'), '_apt:*:42:65534::/:/bin/sh\n');
  assert.equal(hostUserLine('alice', host, BUSYBOX_PASSWD, '/srv'), 'alice:*:1000:1000:Alice A,,,:/srv:/bin/sh\n');
  assert.equal(hostUserLine('root', host, BUSYBOX_PASSWD, '/'), undefined, 'root is in the image already');
  assert.equal(hostUserLine('alice', host, 'bob:x:1000:1000::/:/bin/sh\n', '/'), undefined, 'uid 1000 is taken in the image');
  assert.throws(() => hostUserLine('nosuch', host, BUSYBOX_PASSWD, '/'), { message: 'user: unknown user nosuch' });
});
