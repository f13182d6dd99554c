// Integration: `cp` host ↔ container, tar on stdio, a running container, volumes and bind mounts, podman's errors; no mounts left.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { BERTH, sandbox, type Sandbox } from '../helpers/berth.ts';
import { mountsUnder, removeAllAndCheckClean } from '../helpers/containers.ts';

let sb: Sandbox;
let host: string;

const ok = (args: string[], input?: string) => {
  const r = sb.run(args, input === undefined ? {} : { input });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
};
const tarList = (file: string) => execFileSync('tar', ['tf', file], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();

before(() => {
  sb = sandbox();
  ok(['pull', '-q', 'busybox']);
  host = path.join(sb.dir, 'host');
  fs.mkdirSync(path.join(host, 'd', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(host, 'bind'));
  fs.writeFileSync(path.join(host, 'f'), 'hello\n');
  fs.writeFileSync(path.join(host, 'd', 'sub', 'a'), 'a\n');
  fs.chownSync(path.join(host, 'f'), 1234, 2345);
  ok(['create', '--network', 'none', '--name', 'c1', '-v', `${path.join(host, 'bind')}:/bnd`, '-v', 'cpvol:/vol', 'busybox', 'sleep', '1000']);
});

after(() => removeAllAndCheckClean(sb));

test('host → created container and back: files, directories, contents (/.), ownership per --archive; rootfs unmounted after', () => {
  ok(['cp', path.join(host, 'f'), 'c1:/tmp']);
  ok(['cp', '--archive=false', path.join(host, 'f'), 'c1:/tmp/kept']);
  ok(['container', 'cp', path.join(host, 'd'), 'c1:/tmp/']);
  ok(['cp', `${path.join(host, 'd')}/.`, 'c1:/tmp/dd']);
  assert.deepEqual(mountsUnder(sb.dir), [], 'a created container is unmounted after the copy');
  const out = path.join(sb.dir, 'out');
  fs.mkdirSync(out);
  ok(['cp', 'c1:/tmp', out]);
  assert.equal(fs.readFileSync(path.join(out, 'tmp', 'f'), 'utf8'), 'hello\n');
  assert.equal(fs.readFileSync(path.join(out, 'tmp', 'd', 'sub', 'a'), 'utf8'), 'a\n');
  assert.equal(fs.readFileSync(path.join(out, 'tmp', 'dd', 'sub', 'a'), 'utf8'), 'a\n');
  const owned = fs.statSync(path.join(out, 'tmp', 'f'));
  assert.deepEqual([owned.uid, owned.gid], [0, 0], '--archive (default): the container user owns what is copied in');
  const kept = fs.statSync(path.join(out, 'tmp', 'kept'));
  assert.deepEqual([kept.uid, kept.gid], [1234, 2345], '--archive=false keeps the source owner');
  ok(['cp', 'c1:/etc/.', path.join(out, 'etc2')]);
  assert.deepEqual(fs.readdirSync(path.join(out, 'etc2')).sort(), ['group', 'passwd']);
  ok(['cp', 'c1:/etc/passwd', path.join(out, 'pw')]);
  assert.match(fs.readFileSync(path.join(out, 'pw'), 'utf8'), /^root:/);
});

test('tar on stdout and stdin (plain; .. entries stay under the destination)', () => {
  const r = sb.run(['cp', 'c1:/etc', '-'], {});
  assert.equal(r.code, 0, r.stderr);
  const file = path.join(sb.dir, 'etc.tar');
  fs.writeFileSync(file, r.stdout, 'latin1');
  assert.deepEqual(tarList(file), ['etc', 'etc/group', 'etc/passwd']);
  assert.match(execFileSync('tar', ['tvf', file], { encoding: 'utf8' }), /^drwxr-xr-x root\/root /, "the host's names, as podman");
  const src = path.join(sb.dir, 'tarsrc');
  fs.mkdirSync(path.join(src, 'in'), { recursive: true });
  fs.writeFileSync(path.join(src, 'in', 'x'), 'x\n');
  const tar = execFileSync('tar', ['cf', '-', '-C', src, 'in', '--transform', 's,^in/x,../../../escaped,'], { encoding: 'latin1' });
  ok(['cp', '-', 'c1:/tmp'], tar);
  assert.ok(!fs.existsSync(path.join(sb.dir, 'escaped')) && !fs.existsSync('/escaped'), 'nothing written outside the container');
  const back = sb.run(['cp', 'c1:/tmp/escaped', '-']);
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stdout, /^escaped\0/);
});

test('a reader that goes away: exit 141 like podman (SIGPIPE), no message, nothing left mounted', () => {
  const script = '"$@" 2>"$0" | head -c 10 >/dev/null; exit "${PIPESTATUS[0]}"';
  const errFile = path.join(sb.dir, 'pipe.err');
  const r = spawnSync('bash', ['-c', script, errFile, BERTH, '--root', sb.root, '--runroot', sb.runroot, 'cp', 'c1:/bin', '-'], { env: sb.env, encoding: 'utf8' });
  assert.equal(r.status, 141, r.stderr);
  assert.equal(fs.readFileSync(errFile, 'utf8'), '');
  assert.deepEqual(mountsUnder(sb.dir), []);
});

test('a symlink named as the source is followed, inside the container root (never to the host)', () => {
  const src = path.join(sb.dir, 'linksrc');
  fs.mkdirSync(src);
  fs.symlinkSync('../../../../../../etc/shadow', path.join(src, 'up'));
  fs.symlinkSync('/etc/passwd', path.join(src, 'abs'));
  const tar = execFileSync('tar', ['cf', '-', '-C', src, 'up', 'abs'], { encoding: 'latin1' });
  ok(['cp', '-', 'c1:/tmp'], tar);
  const up = sb.run(['cp', 'c1:/tmp/up', '-']);
  assert.equal(up.code, 125, 'busybox has no /etc/shadow; the host one is never reached');
  assert.match(up.stderr, /^Error: "\/tmp\/up" could not be found on container c1: no such file or directory$/m);
  const abs = ok(['cp', 'c1:/tmp/abs', '-']);
  assert.match(abs.stdout, /^abs\0/);
  assert.ok(abs.stdout.includes('root:x:0:0:root:/root:/bin/sh'), "the container's /etc/passwd, not the host's");
  // On the host, as podman: the link's target is copied.
  ok(['cp', path.join(src, 'abs'), 'c1:/tmp/hostpw']);
  const hostpw = ok(['cp', 'c1:/tmp/hostpw', '-']).stdout;
  assert.ok(hostpw.includes(fs.readFileSync('/etc/passwd', 'utf8').split('\n')[0]!));
});

test('--overwrite: a directory replaces a file only with it', () => {
  const src = path.join(sb.dir, 'ow');
  fs.mkdirSync(path.join(src, 'clash'), { recursive: true });
  fs.writeFileSync(path.join(src, 'clash', 'in'), 'in\n');
  ok(['cp', path.join(host, 'f'), 'c1:/tmp/clash']);
  const r = sb.run(['cp', `${src}/.`, 'c1:/tmp']);
  assert.equal(r.code, 125);
  assert.equal(r.stderr, 'Error: error creating "/tmp/clash": mkdir /tmp/clash: file exists\n');
  ok(['cp', '--overwrite', `${src}/.`, 'c1:/tmp']);
  assert.equal(ok(['cp', 'c1:/tmp/clash/in', '-']).stdout.includes('in\n'), true);
});

test('volume and bind-mount paths go to their host sources', () => {
  ok(['cp', path.join(host, 'f'), 'c1:/bnd/']);
  assert.equal(fs.readFileSync(path.join(host, 'bind', 'f'), 'utf8'), 'hello\n');
  ok(['cp', path.join(host, 'f'), 'c1:/vol/f2']);
  const mp = sb.run(['volume', 'inspect', '--format', '{{.Mountpoint}}', 'cpvol']).stdout.trim();
  assert.equal(fs.readFileSync(path.join(mp, 'f2'), 'utf8'), 'hello\n');
});

test('a running container: copy in, read back through exec and cp; its mount stays', () => {
  ok(['run', '-d', '--network', 'none', '--name', 'r1', '--tmpfs', '/data', 'busybox', 'sleep', '1000']);
  ok(['cp', path.join(host, 'f'), 'r1:/root/']);
  assert.equal(ok(['exec', 'r1', 'cat', '/root/f']).stdout, 'hello\n');
  ok(['cp', path.join(host, 'f'), 'r1:/data/']);
  assert.equal(ok(['exec', 'r1', 'cat', '/data/f']).stdout, 'hello\n', 'a tmpfs of the running container is written as it sees it');
  const out = path.join(sb.dir, 'hn');
  ok(['cp', 'r1:/etc/hostname', out]);
  assert.equal(fs.readFileSync(out, 'utf8').trim(), ok(['exec', 'r1', 'hostname']).stdout.trim());
  assert.equal(ok(['exec', 'r1', 'true']).code, 0, 'still running with its rootfs');
  ok(['cp', 'c1:/etc/group', 'r1:/tmp/g']);
  assert.match(ok(['exec', 'r1', 'cat', '/tmp/g']).stdout, /^root:/);
  ok(['rm', '-f', '-t', '0', 'r1']);
});

test("bad input: podman's words and exit codes", () => {
  const f = path.join(host, 'f');
  const cases: Array<[string[], RegExp]> = [
    [['cp'], /^Error: accepts 2 arg\(s\), received 0$/],
    [['cp', 'a', 'b', 'c'], /^Error: accepts 2 arg\(s\), received 3$/],
    [['cp', 'a', 'b'], /^Error: name or ID cannot be empty$/],
    [['cp', '-', '-'], /^Error: name or ID cannot be empty$/],
    [['cp', f, 'c1:'], new RegExp(`^Error: invalid arguments "${f}", "c1:": you must specify paths$`)],
    [['cp', 'nosuch:/etc', '/tmp/x'], /^Error: container "nosuch" does not exist$/],
    [['cp', 'c1:/nonexist', host], /^Error: "\/nonexist" could not be found on container c1: no such file or directory$/],
    [['cp', `${f}.missing`, 'c1:/tmp'], /could not be found on the host: no such file or directory$/],
    [['cp', path.join(host, 'd'), 'c1:/etc/passwd'], /^Error: destination must be a directory when copying a directory$/],
    [['cp', f, 'c1:/nodir/x'], /^Error: "\/nodir\/x" could not be found on container c1: no such file or directory$/],
    [['cp', f, 'c1:/newdir/'], /^Error: "\/newdir\/" could not be found on container c1: no such file or directory$/],
    [['cp', '-', 'c1:/etc/group'], /^Error: destination must be a directory when copying from stdin$/],
    [['cp', f, 'c1:/tmp/d/sub/a/'], /^Error: 1 error occurred:\n\t\* copying to container: copier: put: \/tmp\/d\/sub\/a \(\/tmp\/d\/sub\/a\): exists but is not a directory$/],
    [['cp', 'c1:/etc/passwd', `${f}/`], /could not be found on the host: stat \/.*\/host\/f\/: not a directory$/],
  ];
  for (const [args, re] of cases) {
    const r = sb.run(args, { input: '' });
    assert.equal(r.code, 125, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr.trim(), re, args.join(' '));
  }
  const garbage = sb.run(['cp', '-', 'c1:/tmp'], { input: 'garbage\n' });
  assert.equal(garbage.code, 125);
  assert.equal(garbage.stderr, 'Error: source must be a (compressed) tar archive when copying from stdin\n');
  const empty = sb.run(['cp', '-', 'c1:/tmp'], { input: '' });
  assert.equal(empty.code, 125);
  assert.equal(empty.stderr, 'Error: source must be a (compressed) tar archive when copying from stdin\n');
  assert.deepEqual(mountsUnder(sb.dir).filter((l) => !l.includes('/r1')), [], 'failures leave nothing mounted');
});
