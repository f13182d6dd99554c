import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conmonCreateArgs, conmonExecArgs } from './conmon-args.ts';

const base = {
  id: 'c1',
  uuid: 'c1',
  runtimePath: '/usr/sbin/runc',
  runtimeArgs: ['--root', '/run/berth/runc', '--log-format', 'json', '--log', '/b/oci-log'],
  bundle: '/b',
  pidFile: '/b/pidfile',
  conmonPidFile: '/b/conmon.pid',
  exitDir: '/run/berth/exits',
  logPath: '/b/ctr.log',
  tty: false,
  stdin: false,
};

test('conmonCreateArgs builds podman-like argv', () => {
  const cases: Array<[Partial<Parameters<typeof conmonCreateArgs>[0]>, string[]]> = [
    [{}, []],
    [{ tty: true, stdin: true }, ['-t', '-i']],
    [{ exitCommand: ['/usr/bin/berth', 'container', 'cleanup', 'c1'] }, [
      '--exit-command', '/usr/bin/berth', '--exit-command-arg', 'container', '--exit-command-arg', 'cleanup',
      '--exit-command-arg', 'c1',
    ]],
  ];
  for (const [extra, suffix] of cases) {
    const argv = conmonCreateArgs({ ...base, name: 'web', ...extra });
    assert.deepEqual(argv.slice(0, 16), [
      '--api-version', '1', '-c', 'c1', '-u', 'c1', '-r', '/usr/sbin/runc', '-b', '/b', '-p', '/b/pidfile',
      '-n', 'web', '--exit-dir', '/run/berth/exits',
    ]);
    assert.ok(argv.includes('--full-attach'));
    assert.deepEqual(argv.slice(argv.indexOf('-l'), argv.indexOf('-l') + 2), ['-l', 'k8s-file:/b/ctr.log']);
    const ra = argv.flatMap((x, i) => (x === '--runtime-arg' ? [argv[i + 1]] : []));
    assert.deepEqual(ra, base.runtimeArgs);
    assert.deepEqual(argv.slice(argv.length - suffix.length), suffix);
  }
});

test('conmonExecArgs adds --exec and the process spec', () => {
  const argv = conmonExecArgs({ ...base, uuid: 'sess', processSpec: '/e/process.json', attach: true });
  assert.deepEqual(argv.slice(-4), ['--exec', '--exec-process-spec', '/e/process.json', '--exec-attach']);
  assert.ok(!argv.includes('-n'));
});

test('--preserve-fds reaches the runtime as podman passes it (--runtime-opt pairs), for create and exec', () => {
  const want = ['--runtime-opt', '--preserve-fds', '--runtime-opt', '2'];
  const has = (a: string[]) => a.some((_, i) => want.every((w, j) => a[i + j] === w));
  assert.ok(has(conmonCreateArgs({ ...base, name: 'n', preserveFds: 2 })));
  assert.ok(has(conmonExecArgs({ ...base, processSpec: '/e/process.json', attach: false, preserveFds: 2 })));
  assert.ok(!conmonCreateArgs({ ...base, name: 'n' }).includes('--preserve-fds'));
});

test('-l: the log driver as podman passes it to conmon', () => {
  const cases: Array<[Partial<Parameters<typeof conmonCreateArgs>[0]>, string]> = [
    [{}, 'k8s-file:/b/ctr.log'],
    [{ logDriver: 'k8s-file' }, 'k8s-file:/b/ctr.log'],
    [{ logDriver: 'none' }, 'none'],
    [{ logDriver: 'passthrough' }, 'passthrough'],
    [{ logPath: undefined }, 'none'],
  ];
  for (const [extra, want] of cases) {
    const argv = conmonCreateArgs({ ...base, name: 'n', ...extra });
    assert.deepEqual(argv.filter((_, i) => argv[i - 1] === '-l'), [want], JSON.stringify(extra));
  }
});
