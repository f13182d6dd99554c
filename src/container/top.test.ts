import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DESCRIPTORS, goDuration, parseDescriptors, topRows } from './top.ts';
import { execProcess, mergeEnvList, parseEnvFile } from './exec.ts';

test('ps(1) descriptors: normal, AIX and aliases; unknown ones fail with psgo wording', () => {
  const cases: Array<[string[], string[]]> = [
    [[], DEFAULT_DESCRIPTORS],
    [['pid,comm'], ['pid', 'comm']],
    [['-eo', 'pid user'], ['pid', 'user']],
    [['%C', '%p', '%a', 'elapsed', '%cpu'], ['pcpu', 'pid', 'args', 'etime', 'pcpu']],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseDescriptors(input), want);
  assert.throws(() => parseDescriptors(['foo']), /^Error: unknown descriptor: foo$|unknown descriptor: foo/);
});

test("Go's Duration.String", () => {
  const cases: Array<[number, string]> = [
    [0, '0s'], [1, '1ns'], [1500, '1.5µs'], [2_000_000, '2ms'], [4_977_440_124, '4.977440124s'], [10e9, '10s'],
    [65e9, '1m5s'], [3600e9, '1h0m0s'], [3725.5e9, '1h2m5.5s'],
  ];
  for (const [ns, want] of cases) assert.equal(goDuration(ns), want);
});

test('topRows reads this process from /proc: header row, pid, comm, user', () => {
  const rows = topRows([process.pid], ['pid', 'hpid', 'comm', 'user', 'nice', 'tty']);
  assert.deepEqual(rows[0], ['PID', 'HPID', 'COMMAND', 'USER', 'NI', 'TTY']);
  assert.equal(rows[1]![1], String(process.pid));
  assert.equal(rows.length, 2);
  assert.deepEqual(topRows([2 ** 22 + 12345], ['pid']), [['PID']], 'a vanished pid is skipped');
});

test('exec process: env merged by key, -e KEY from host, user with HOME, workdir, caps dropped for non-root', () => {
  const base = {
    terminal: false, user: { uid: 0, gid: 0 }, args: ['sleep', '1'], env: ['PATH=/bin', 'HOME=/root', 'A=old'], cwd: '/',
    capabilities: { bounding: ['CAP_CHOWN'], effective: ['CAP_CHOWN'], permitted: ['CAP_CHOWN'] },
  };
  const passwd = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n';
  const p = execProcess({
    base, opts: { command: ['id'], env: ['A=new', 'FROMHOST', 'UNSET'], user: 'nobody', workdir: '/tmp', tty: true },
    passwd, group: 'nogroup:x:65534:\n', hostEnv: { FROMHOST: 'h' }, envFileLines: ['B=file'],
  });
  assert.deepEqual(p.env, ['PATH=/bin', 'HOME=/home', 'A=new', 'B=file', 'FROMHOST=h']);
  assert.deepEqual(p.user, { uid: 65534, gid: 65534 });
  assert.equal(p.cwd, '/tmp');
  assert.equal(p.terminal, true);
  assert.deepEqual(p.capabilities?.effective, []);
  assert.throws(() => execProcess({ base, opts: { command: [] }, passwd, group: '', hostEnv: {}, envFileLines: [] }), /must provide a non-empty command/);
  assert.throws(() => execProcess({ base, opts: { command: ['x'], user: 'nosuch' }, passwd, group: '', hostEnv: {}, envFileLines: [] }), /unable to find user nosuch/);
  assert.deepEqual(mergeEnvList(['A=1', 'B=2'], ['A=3']), ['A=3', 'B=2']);
  assert.deepEqual(parseEnvFile('# c\n\nX=1\nHOSTV\n', { HOSTV: 'v' }), ['X=1', 'HOSTV=v']);
});
