// --log-driver none|passthrough|json-file and containers.conf's log_driver against real conmon and runc, compared with
// podman 4.3's behaviour and words. No network traffic (--network none); every container is removed and leak-checked.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BERTH, sandbox } from '../helpers/berth.ts';
import { containersSandbox, removeAllAndCheckClean } from '../helpers/containers.ts';

const sb = containersSandbox();
const run = (args: string[], o: { input?: string; env?: NodeJS.ProcessEnv } = {}) => sb.run(args, o);
const ok = (args: string[], o: { input?: string } = {}) => {
  const r = run(args, o);
  assert.equal(r.code, 0, `berth ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const logConfig = (name: string) => JSON.parse(ok(['inspect', '--format', '{{json .HostConfig.LogConfig}}', name])) as Record<string, unknown>;
const noLogs = (driver: string) => `Error: this container is using the '${driver}' log driver, cannot read logs: this container is not logging output\n`;
const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

/** berth with the given fds on a pseudo-terminal (util-linux `script`), the others on /dev/null; its exit code. */
function onTerminal(args: string[], redirect: string): { code: number; output: string } {
  const cmd = [BERTH, '--root', sb.root, '--runroot', sb.runroot, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qec', `${cmd} ${redirect}`, '/dev/null'], { encoding: 'utf8', env: sb.env, timeout: 60_000 });
  return { code: r.status ?? -1, output: r.stdout.replace(/\r/g, '') };
}

test('none: run still shows the output, logs is refused (125), no log file, inspect as podman 4.3', () => {
  const r = run(['run', '--name', 'n1', '--network', 'none', '--log-driver', 'none', 'busybox', 'sh', '-c', 'echo out; echo err >&2']);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'out\n', 'err\n']);
  const id = ok(['inspect', '--format', '{{.Id}}', 'n1']).trim();
  assert.deepEqual(logConfig('n1'), { Type: 'none', Config: null, Path: '', Tag: '', Size: '0B' });
  const logs = run(['logs', 'n1']);
  assert.deepEqual([logs.code, logs.stdout, logs.stderr], [125, '', noLogs('none')]);
  assert.equal(fs.existsSync(path.join(sb.root, 'containers', id, 'ctr.log')), false, 'conmon wrote no log');
  // --log-opt values are kept (and shown) but nothing is written; tag is accepted without a file log, as podman does.
  const file = path.join(sb.dir, 'none.log');
  ok(['run', '--rm', '--network', 'none', '--log-driver', 'none', '--log-opt', `path=${file}`, '--log-opt', 'tag=foo', '--log-opt', 'max-size=1k', 'busybox', 'true']);
  ok(['create', '--name', 'n2', '--log-driver', 'none', '--log-opt', `path=${file}`, '--log-opt', 'tag=foo', '--log-opt', 'max-size=1k', 'busybox', 'true']);
  assert.deepEqual(logConfig('n2'), { Type: 'none', Config: null, Path: file, Tag: 'foo', Size: '1kB' });
  assert.equal(fs.existsSync(file), false);
  ok(['rm', 'n1', 'n2']);
});

test('passthrough: the container writes to the caller\'s stdio; no ID from create or run -d; logs and attach refused', () => {
  const fg = run(['run', '--rm', '--network', 'none', '--log-driver', 'passthrough', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.deepEqual([fg.code, fg.stdout, fg.stderr], [3, 'out\n', 'err\n']);
  // -d: nothing printed by berth; the container keeps the pipe, so its late output still arrives there.
  const bg = run(['run', '-d', '--name', 'p1', '--network', 'none', '--log-driver', 'passthrough', 'busybox', 'sh', '-c', 'sleep 0.5; echo late']);
  assert.deepEqual([bg.code, bg.stdout, bg.stderr], [0, 'late\n', '']);
  assert.deepEqual(logConfig('p1'), { Type: 'passthrough', Config: null, Path: '', Tag: '', Size: '0B' });
  const logs = run(['logs', 'p1']);
  assert.deepEqual([logs.code, logs.stderr], [125, noLogs('passthrough')]);
  const created = run(['create', '--name', 'p2', '--network', 'none', '--log-driver', 'passthrough', 'busybox', 'sh', '-c', 'echo out; echo err >&2']);
  assert.deepEqual([created.code, created.stdout, created.stderr], [0, '', '']);
  // start: the output goes to start's own stdio, and the name as usual (the container runs while start prints it:
  // either may come first, as with podman); start -a waits and adds no name.
  const started = run(['start', 'p2']);
  assert.deepEqual([started.code, started.stdout.split('\n').sort().join('\n'), started.stderr], [0, '\nout\np2', 'err\n']);
  const again = run(['start', '-a', 'p2']);
  assert.deepEqual([again.code, again.stdout, again.stderr], [0, 'out\n', 'err\n']);
  // The container lets go of the test's pipes (spawnSync waits for every writer to close them).
  ok(['run', '-d', '--name', 'p3', '--network', 'none', '--log-driver', 'passthrough', 'busybox', 'sh', '-c', 'exec sleep 300 </dev/null >/dev/null 2>&1']);
  const id = ok(['inspect', '--format', '{{.Id}}', 'p3']).trim();
  const attach = run(['attach', 'p3']);
  assert.deepEqual([attach.code, attach.stderr], [125, `Error: attaching to container ${id}: this container is using the 'passthrough' log driver, cannot attach: this container is not logging output\n`]);
  assert.equal(ok(['exec', 'p3', 'echo', 'exec-ok']), 'exec-ok\n', 'exec has its own streams');
  ok(['rm', '-f', '-t', '0', 'p1', 'p2', 'p3']);
});

test('passthrough: stdin, -t and the checks podman 4.3 makes (TTY, --attach), all with its exit code 125', () => {
  // The container reads the caller's stdin with or without -i, as in podman.
  assert.equal(ok(['run', '--rm', '-i', '--network', 'none', '--log-driver', 'passthrough', 'busybox', 'cat'], { input: 'piped\n' }), 'piped\n');
  assert.equal(ok(['run', '--rm', '--network', 'none', '--log-driver', 'passthrough', 'busybox', 'cat'], { input: 'piped\n' }), 'piped\n');
  // -t on non-terminal stdio: the container's terminal goes nowhere (podman prints nothing either).
  const tty = run(['run', '--rm', '-t', '--network', 'none', '--log-driver', 'passthrough', 'busybox', 'echo', 'hi']);
  assert.deepEqual([tty.code, tty.stdout, tty.stderr], [0, '', '']);
  const attach = run(['run', '--rm', '-a', 'stdout', '--log-driver', 'passthrough', 'busybox', 'true']);
  assert.deepEqual([attach.code, attach.stderr], [125, 'Error: cannot specify --attach with --log-driver=passthrough: invalid argument\n']);
  const before = ok(['ps', '-a', '-q']);
  const onTty = "Error: the '--log-driver passthrough' option cannot be used on a TTY\n";
  for (const [verb, redirect] of [['run', '</dev/null >/dev/null'], ['run', '>/dev/null 2>/dev/null'], ['create', '</dev/null 2>/dev/null'], ['run', '</dev/null 2>/dev/null']] as const) {
    const r = onTerminal([verb, '--rm', '--log-driver', 'passthrough', 'busybox', 'true'], redirect);
    assert.equal(r.code, 125, `${verb} ${redirect}`);
    if (redirect.includes('2>')) continue;
    assert.equal(r.output, onTty, `${verb} ${redirect}`);
  }
  assert.equal(ok(['ps', '-a', '-q']), before, 'refused before anything was made');
});

test('json-file is podman\'s alias of k8s-file; bad drivers and journald refused before anything is made', () => {
  assert.equal(ok(['run', '--name', 'j1', '--network', 'none', '--log-driver', 'json-file', 'busybox', 'echo', 'x']), 'x\n');
  assert.equal(logConfig('j1')['Type'], 'json-file');
  assert.match(String(logConfig('j1')['Path']), /\/ctr\.log$/);
  assert.equal(ok(['logs', 'j1']), 'x\n');
  ok(['rm', 'j1']);
  const before = ok(['ps', '-a', '-q']);
  const refused: Array<[string, string]> = [
    ['bogus', 'Error: running container create option: invalid log driver: invalid argument\n'],
    ['journald', 'Error: --log-driver journald is not supported by berth yet\n'],
  ];
  for (const [driver, stderr] of refused) {
    const r = run(['create', '--log-driver', driver, 'busybox', 'true']);
    assert.deepEqual([r.code, r.stderr], [125, stderr], driver);
  }
  assert.equal(ok(['ps', '-a', '-q']), before);
});

test('containers.conf log_driver is the default, as the flag; --log-driver overrides it', async () => {
  const conf = (driver: string) => `[containers]\nlog_driver = "${driver}"\n[engine]\nruntime = "runc"\n`;
  const made: Array<ReturnType<typeof sandbox>> = [];
  after(async () => {
    for (const s of made) await removeAllAndCheckClean(s);
  });
  const withConf = (driver: string) => {
    const s = sandbox({ containersConf: conf(driver) });
    made.push(s);
    // The image store is per sandbox: busybox from the mirror.
    assert.equal(s.run(['pull', '-q', 'busybox']).code, 0);
    return s;
  };
  const none = withConf('none');
  assert.equal(none.run(['info', '--format', '{{.Host.LogDriver}}']).stdout, 'none\n');
  const r = none.run(['run', '--name', 'c', '--network', 'none', 'busybox', 'echo', 'hi']);
  assert.deepEqual([r.code, r.stdout], [0, 'hi\n']);
  assert.equal(none.run(['inspect', '--format', '{{.HostConfig.LogConfig.Type}}', 'c']).stdout, 'none\n');
  assert.equal(none.run(['logs', 'c']).stderr, noLogs('none'));
  assert.equal(none.run(['run', '--name', 'k', '--network', 'none', '--log-driver', 'k8s-file', 'busybox', 'echo', 'fl']).stdout, 'fl\n');
  assert.equal(none.run(['logs', 'k']).stdout, 'fl\n');
  const pt = withConf('passthrough');
  const d = pt.run(['run', '-d', '--name', 'p', '--network', 'none', 'busybox', 'echo', 'hi']);
  assert.deepEqual([d.code, d.stdout], [0, 'hi\n'], 'no ID: the default is passthrough');
  assert.equal(pt.run(['inspect', '--format', '{{.HostConfig.LogConfig.Type}}', 'p']).stdout, 'passthrough\n');
  const bad = withConf('bogus');
  const c = bad.run(['run', '--rm', '--network', 'none', 'busybox', 'true']);
  assert.deepEqual([c.code, c.stderr], [125, 'Error: running container create option: invalid log driver: invalid argument\n']);
  assert.equal(bad.run(['run', '--rm', '--network', 'none', '--log-driver', 'none', 'busybox', 'echo', 'ok']).stdout, 'ok\n', '--log-driver over a bad log_driver');
  // journald in containers.conf (what a systemd host defaults to) gives a k8s-file log: Berth writes no journal.
  const jd = withConf('journald');
  assert.equal(jd.run(['run', '--name', 'j', '--network', 'none', 'busybox', 'echo', 'jl']).stdout, 'jl\n');
  assert.equal(jd.run(['inspect', '--format', '{{.HostConfig.LogConfig.Type}}', 'j']).stdout, 'k8s-file\n');
  assert.equal(jd.run(['logs', 'j']).stdout, 'jl\n');
});
