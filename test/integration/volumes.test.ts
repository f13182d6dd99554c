// Volumes end to end through bin/berth (podman 4.3's output, messages and exit codes), plus the driver API the
// container side uses: volume_users, tmpfs mounts with a use count, copy-up, and racing creators.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, chmodSync, chownSync, symlinkSync, lstatSync, readlinkSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sandbox } from '../helpers/berth.ts';
import { openStateDb, type Db } from '../../src/state/db.ts';
import { addVolumeUser, getVolume } from '../../src/volume/records.ts';
import { mountVolume, unmountVolume, copyUp, ensureVolume } from '../../src/volume/driver.ts';
import { isMountPoint, listMounts, umount } from '../../src/sys/mount.ts';
import { lsetxattr, lgetxattr } from '../../src/sys/fs.ts';

const sb = sandbox();
const volumes = path.join(sb.root, 'volumes');
let db: Db | undefined;
const state = () => (db ??= openStateDb(sb.root));
after(() => {
  for (const m of listMounts().filter((x) => x.mountPoint.startsWith(sb.dir + '/')).reverse()) umount(m.mountPoint, { detach: true });
  db?.close();
  sb.cleanup();
});

const ok = (args: string[], input?: string) => {
  const r = sb.run(args, input === undefined ? {} : { input });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const fails = (args: string[], code: number, stderr: string) => {
  const r = sb.run(args);
  assert.equal(r.stderr, stderr, args.join(' '));
  assert.equal(r.code, code, args.join(' '));
  return r.stdout;
};
const fakeContainer = (id: string) =>
  state().prepare("INSERT INTO containers (id, name, state, created, config) VALUES (?, ?, 'created', 0, '{}')").run(id, `c-${id.slice(0, 8)}`);

test('create, ls, inspect, exists: podman fields and table', () => {
  assert.equal(ok(['volume', 'create', 'myvol']), 'myvol\n');
  assert.equal(ok(['volume', 'create', '--label', 'a=b', '-l', 'c', '-o', 'o=uid=1000,gid=100', 'owned']), 'owned\n');
  const anon = ok(['volume', 'create']).trim();
  assert.match(anon, /^[0-9a-f]{64}$/);
  assert.equal(ok(['volume', 'ls']), `DRIVER      VOLUME NAME\nlocal       ${anon}\nlocal       myvol\nlocal       owned\n`);
  assert.equal(ok(['volume', 'ls', '--noheading', '--filter', 'name=^my']), 'local       myvol\n');
  assert.equal(ok(['volume', 'list', '-q']), `${anon}\nmyvol\nowned\n`);
  assert.equal(ok(['volume', 'ls', '--format', '{{.Name}} {{.Labels}} {{.Options}} {{.Scope}} {{.MountCount}}', '--filter', 'label=a']),
    'owned map[a:b c:] map[GID:100 UID:1000 o:uid=1000,gid=100] local 0\n');
  assert.match(ok(['volume', 'ls', '--format', '{{.CreatedAt}}', '-f', 'name=myvol']), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ [+-]\d{4} \w+\n$/);

  const text = ok(['volume', 'inspect', 'myvol', 'owned']);
  assert.ok(text.startsWith('[\n     {\n          "Name": "myvol",\n'), text);
  const [mine, owned] = JSON.parse(text);
  assert.deepEqual(Object.keys(mine), ['Name', 'Driver', 'Mountpoint', 'CreatedAt', 'Labels', 'Scope', 'Options', 'MountCount', 'NeedsCopyUp', 'NeedsChown']);
  assert.equal(mine.Mountpoint, path.join(volumes, 'myvol', '_data'));
  assert.match(mine.CreatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}(Z|[+-]\d\d:\d\d)$/);
  assert.deepEqual(owned, {
    ...owned, Labels: { a: 'b', c: '' }, Options: { GID: '100', UID: '1000', o: 'uid=1000,gid=100' }, UID: 1000, GID: 100, NeedsCopyUp: true,
  });
  assert.equal(owned.NeedsChown, undefined);
  const st = lstatSync(owned.Mountpoint);
  assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [1000, 100, 0o755]);
  assert.equal(lstatSync(path.dirname(owned.Mountpoint)).mode & 0o7777, 0o700);

  const ls = ok(['volume', 'ls', '--format', 'json', '--filter', 'name=myvol']);
  assert.ok(ls.includes('\n    "Labels": {\n      \n    },\n'), ls);
  assert.equal(JSON.parse(ls)[0].Name, 'myvol');
  assert.equal(ok(['volume', 'inspect', '--format', '{{.Driver}} {{.Scope}}', 'myvol']), 'local local\n');
  assert.equal(JSON.parse(ok(['volume', 'inspect', '--all'])).length, 3);
  assert.equal(sb.run(['volume', 'exists', 'myvol']).code, 0);
  assert.deepEqual(sb.run(['volume', 'exists', 'nosuch']), { code: 1, stdout: '', stderr: '' });
});

test('bad input: podman messages and exit codes', () => {
  const cases: Array<[string[], number, string]> = [
    [['volume', 'create', 'myvol'], 125, 'Error: volume with name myvol already exists: volume already exists\n'],
    [['volume', 'create', 'bad name'], 125, 'Error: running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument\n'],
    [['volume', 'create', '--driver', 'foo', 'v3'], 125, 'Error: volume v3 uses volume plugin foo but it could not be retrieved: no volume plugin with name foo available: required plugin missing\n'],
    [['volume', 'create', '-o', 'foo=bar', 'v4'], 125, "Error: invalid mount option foo for driver 'local': invalid argument\n"],
    [['volume', 'create', '-o', 'o=uid=x', 'v5'], 125, 'Error: cannot convert UID x to integer: strconv.Atoi: parsing "x": invalid syntax\n'],
    [['volume', 'create', 'a', 'b'], 125, 'Error: accepts at most 1 arg(s), received 2\n'],
    [['volume', 'rm', 'nosuch'], 1, 'Error: no volume with name "nosuch" found: no such volume\n'],
    [['volume', 'rm'], 125, 'Error: choose either one or more volumes or all\n'],
    [['volume', 'rm', '-a', 'x'], 125, 'Error: choose either one or more volumes or all\n'],
    [['volume', 'inspect'], 125, 'Error: provide one or more volume names or use --all\n'],
    [['volume', 'exists'], 125, 'Error: accepts 1 arg(s), received 0\n'],
    [['volume', 'ls', 'x'], 125, 'Error: `berth volume ls` takes no arguments\n'],
    [['volume', 'prune', 'x'], 125, 'Error: `berth volume prune` takes no arguments\n'],
    [['volume', 'ls', '--filter', 'bogus=1'], 125, 'Error: "bogus" is an invalid volume filter\n'],
    [['volume', 'ls', '--filter', 'dangling=maybe'], 125, 'Error: "maybe" is not a valid value for the "dangling" filter - must be true or false\n'],
    [['volume', 'prune', '-f', '--filter', 'until=foo'], 125, 'Error: failed to parse value as time or duration: "foo"\n'],
  ];
  for (const [args, code, stderr] of cases) fails(args, code, stderr);
  assert.equal(fails(['volume', 'inspect', 'nosuch'], 125, 'Error: inspecting object: no such volume nosuch\n'), '[]\n');
  assert.equal(fails(['volume', 'inspect', '--format', '{{.Name}}', 'myvol', 'n1', 'n2'], 125,
    'error inspecting object: no such volume n2\nError: inspecting object: no such volume n1\n'), 'myvol\n');
  assert.equal(ok(['volume', 'rm', '-f', 'nosuch']), '');
});

test('volumes in use: rm refuses with exit 2, prune and dangling skip them, container removal frees them', () => {
  ok(['volume', 'create', 'used']);
  const id = 'a'.repeat(64);
  fakeContainer(id);
  addVolumeUser(state(), 'used', id);
  const msg = `Error: volume used is being used by the following container(s): ${id}: volume is being used\n`;
  fails(['volume', 'rm', 'used'], 2, msg);
  assert.equal(ok(['volume', 'ls', '-q', '--filter', 'dangling=false']), 'used\n');
  assert.ok(!ok(['volume', 'ls', '-q', '--filter', 'dangling=true']).includes('used'));
  ok(['volume', 'create', '--label', 'k=v', 'spare']);
  assert.equal(ok(['volume', 'prune', '--filter', 'label=k'], 'n\n'),
    'WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:\nspare\n' +
    'Are you sure you want to continue? [y/N] ');
  assert.ok(existsSync(path.join(volumes, 'spare')));
  assert.ok(ok(['volume', 'prune', '--filter', 'label=k'], 'y\n').endsWith('Are you sure you want to continue? [y/N] spare\n'));
  assert.equal(existsSync(path.join(volumes, 'spare')), false);
  assert.equal(ok(['volume', 'prune', '--filter', 'label=k'], ''), 'WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:\nNo dangling volumes found\n');
  // -f removes the containers using the volume first, as podman does.
  assert.equal(ok(['volume', 'rm', '-f', 'used']), 'used\n');
  assert.equal(state().prepare('SELECT count(*) AS n FROM containers WHERE id = ?').get(id)!['n'], 0);
});

test('rm reports each name; rm -a and prune -f remove directories', () => {
  ok(['volume', 'create', 'r1']);
  ok(['volume', 'create', 'r2']);
  const r = sb.run(['volume', 'rm', 'nosuch', 'r1', 'r1']);
  assert.deepEqual(r, {
    code: 1, stdout: 'r1\n',
    stderr: 'Error: no volume with name "nosuch" found: no such volume\nError: no volume with name r1 found in database: no such volume\n',
  });
  assert.equal(existsSync(path.join(volumes, 'r1')), false);
  const pruned = ok(['volume', 'prune', '-f']).split('\n').filter(Boolean);
  assert.ok(pruned.includes('r2') && pruned.includes('myvol'), pruned.join(','));
  ok(['volume', 'create', 'r3']);
  assert.equal(ok(['volume', 'rm', '-a']), 'r3\n');
  assert.equal(ok(['volume', 'ls', '-q']), '');
});

test('tmpfs volume: mounted on first use, unmounted when the last user stops', () => {
  ok(['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m,mode=0770', 'tv']);
  const opts = JSON.parse(ok(['volume', 'inspect', 'tv']))[0].Options;
  assert.deepEqual(opts, { device: 'tmpfs', o: 'size=1m,mode=0770', type: 'tmpfs' });
  const mp = path.join(volumes, 'tv', '_data');
  assert.equal(mountVolume(state(), 'tv'), mp);
  const m = listMounts().find((x) => x.mountPoint === mp);
  assert.equal(m?.fsType, 'tmpfs');
  assert.match(m!.options, /size=1024k/);
  assert.equal(lstatSync(mp).mode & 0o7777, 0o770);
  mountVolume(state(), 'tv');
  assert.equal(JSON.parse(ok(['volume', 'inspect', 'tv']))[0].MountCount, 2);
  unmountVolume(state(), 'tv');
  assert.ok(isMountPoint(mp));
  fails(['volume', 'create', 'tv'], 125, 'Error: volume with name tv already exists: volume already exists\n');
  unmountVolume(state(), 'tv');
  assert.equal(isMountPoint(mp), false);
  assert.equal(JSON.parse(ok(['volume', 'inspect', 'tv']))[0].MountCount, 0);
  // rm of a volume whose mount lingers (berth killed before unmount) unmounts before deleting.
  mountVolume(state(), 'tv');
  writeFileSync(path.join(mp, 'f'), 'x');
  assert.equal(ok(['volume', 'rm', 'tv']), 'tv\n');
  assert.equal(isMountPoint(mp), false);
  assert.equal(existsSync(path.join(volumes, 'tv')), false);
});

test('copyUp copies an image directory into an empty new volume, keeping owners, modes, links and xattrs', async () => {
  const img = path.join(sb.dir, 'image-etc');
  mkdirSync(path.join(img, 'sub'), { recursive: true });
  writeFileSync(path.join(img, 'passwd'), 'root:x:0:0\n');
  chmodSync(path.join(img, 'passwd'), 0o640);
  chownSync(path.join(img, 'passwd'), 0, 42);
  writeFileSync(path.join(img, 'sub', 'secret'), 's');
  chmodSync(path.join(img, 'sub'), 0o2750);
  chownSync(path.join(img, 'sub'), 1234, 5678);
  chmodSync(path.join(img, 'sub', 'secret'), 0o4711);
  symlinkSync('passwd', path.join(img, 'link'));
  lsetxattr(path.join(img, 'passwd'), 'user.berth', Buffer.from('kept'));
  chmodSync(img, 0o751);

  const v = ensureVolume(state(), volumes, 'cu');
  assert.equal(await copyUp(state(), v, img), true);
  const d = v.mountpoint;
  const s = (p: string) => { const x = lstatSync(path.join(d, p)); return [x.mode & 0o7777, x.uid, x.gid]; };
  assert.deepEqual(s('passwd'), [0o640, 0, 42]);
  assert.deepEqual(s('sub'), [0o2750, 1234, 5678]);
  assert.deepEqual(s('sub/secret'), [0o4711, 0, 0]);
  assert.equal(lstatSync(d).mode & 0o7777, 0o751);
  assert.equal(readlinkSync(path.join(d, 'link')), 'passwd');
  assert.equal(lgetxattr(path.join(d, 'passwd'), 'user.berth')?.toString(), 'kept');
  assert.equal(readFileSync(path.join(d, 'passwd'), 'utf8'), 'root:x:0:0\n');
  assert.equal(getVolume(state(), 'cu')?.needsCopyUp, false);
  assert.equal(JSON.parse(ok(['volume', 'inspect', 'cu']))[0].NeedsCopyUp, undefined);
  // Only once, and never into a volume that already has content.
  assert.equal(await copyUp(state(), v, img), false);
  const w = ensureVolume(state(), volumes, 'full');
  writeFileSync(path.join(w.mountpoint, 'mine'), '1');
  assert.equal(await copyUp(state(), w, img), false);
  assert.equal(existsSync(path.join(w.mountpoint, 'passwd')), false);
  assert.equal(ensureVolume(state(), volumes, 'full').name, 'full');
});

test('concurrent creates of one name: one wins, the others get "already exists"', async () => {
  for (let round = 0; round < 3; round++) {
    const name = `race${round}`;
    const rs = await Promise.all([0, 1, 2].map(() => sb.runAsync(['volume', 'create', name])));
    assert.deepEqual(rs.map((r) => r.code).sort(), [0, 125, 125], JSON.stringify(rs));
    for (const r of rs.filter((x) => x.code !== 0)) assert.equal(r.stderr, `Error: volume with name ${name} already exists: volume already exists\n`);
    assert.ok(existsSync(path.join(volumes, name, '_data')));
  }
});
