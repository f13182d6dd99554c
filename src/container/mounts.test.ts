import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMounts } from './mounts.ts';

test('-v and --mount as podman 4.3 writes them', () => {
  const m = parseMounts(['/tmp:/x', '/etc:/y:ro', 'myvol:/data', '/anon'], ['type=tmpfs,target=/t,tmpfs-size=1m', 'type=bind,src=/var,dst=/v,ro=true']);
  assert.deepEqual(m.binds, [
    { source: '/tmp', destination: '/x', type: 'bind', options: ['rw', 'rprivate', 'rbind'] },
    { source: '/etc', destination: '/y', type: 'bind', options: ['ro', 'rprivate', 'rbind'] },
    { source: '/var', destination: '/v', type: 'bind', options: ['ro', 'rprivate', 'rbind'] },
  ]);
  assert.deepEqual(m.volumes.map((v) => [v.name, v.destination, v.options.join(',')]), [
    ['myvol', '/data', 'rw,rprivate,nosuid,nodev,rbind'],
    ['', '/anon', 'rw,rprivate,nosuid,nodev,rbind'],
  ]);
  assert.deepEqual(m.tmpfs, [{ source: 'tmpfs', destination: '/t', type: 'tmpfs', options: ['size=1m', 'rw', 'rprivate', 'nosuid', 'nodev', 'tmpcopyup'] }]);
});

test('bad mounts', () => {
  const bad: Array<[string[], string[], RegExp]> = [
    [['/a:rel'], [], /must be an absolute path/],
    [['/a:/x:bogus'], [], /invalid option type/],
    [['/a:/x', '/b:/x'], [], /duplicate mount destination/],
    [[], ['type=nfs,target=/x'], /invalid filesystem type/],
    [[], ['type=bind,target=/x'], /must set source/],
  ];
  for (const [v, m, re] of bad) assert.throws(() => parseMounts(v, m), re);
});
