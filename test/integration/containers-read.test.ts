// Integration: ps, inspect, logs, top, port, container exists/prune through the CLI with real runc + conmon.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { sandbox, BERTH, type Sandbox } from '../helpers/berth.ts';
import { removeAllAndCheckClean } from '../helpers/containers.ts';

let sb: Sandbox;
let top1 = '';

before(() => {
  sb = sandbox();
  const r = sb.run(['pull', '-q', 'busybox']);
  assert.equal(r.code, 0, r.stderr);
  const d = sb.run(['run', '-d', '--network', 'none', '--name', 'top1', '-l', 'a=b', 'busybox', 'sleep', '1000']);
  assert.equal(d.code, 0, d.stderr);
  top1 = d.stdout.trim();
  assert.equal(sb.run(['run', '--network', 'none', '--name', 'ex1', 'busybox', 'sh', '-c', 'echo hi; exit 3']).code, 3);
  assert.equal(sb.run(['create', '--network', 'none', '--name', 'cr1', 'busybox', 'true']).code, 0);
});

after(() => removeAllAndCheckClean(sb));

test('ps: default table shows running only; -a all three, oldest first, podman columns and status strings', () => {
  const r = sb.run(['ps']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$/);
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, new RegExp(`^${top1.slice(0, 12)}  docker.io/library/busybox:latest  sleep 1000 +.* ago +Up .* ago +top1$`));
  const all = sb.run(['ps', '-a', '--format', '{{.Names}}|{{.Status}}|{{.Command}}|{{.Labels}}']).stdout.trimEnd().split('\n');
  assert.equal(all.length, 3);
  assert.match(all[0]!, /^top1\|Up .* ago\|sleep 1000\|map\[a:b\]$/);
  assert.match(all[1]!, /^ex1\|Exited \(3\) .* ago\|sh -c echo hi; ex\.\.\.\|map\[\]$/);
  assert.equal(all[2], 'cr1|Created|true|map[]');
  assert.equal(sb.run(['container', 'ls', '-a', '--no-trunc', '--format', '{{.Command}}', '--filter', 'name=ex1']).stdout, 'sh -c echo hi; exit 3\n');
});

test('ps: -q, -n, -l, --no-trunc, --sort, --filter (same key ORed, different keys ANDed), errors', () => {
  assert.equal(sb.run(['ps', '-q']).stdout, `${top1.slice(0, 12)}\n`);
  assert.equal(sb.run(['ps', '-q', '--no-trunc']).stdout, `${top1}\n`);
  assert.equal(sb.run(['ps', '-l', '--format', '{{.Names}}']).stdout, 'cr1\n');
  assert.equal(sb.run(['ps', '-n', '2', '--format', '{{.Names}}']).stdout, 'ex1\ncr1\n');
  assert.equal(sb.run(['ps', '-a', '--sort', 'names', '--format', '{{.Names}}']).stdout, 'cr1\nex1\ntop1\n');
  const f = (...fl: string[]) => sb.run(['ps', ...fl.flatMap((x) => ['--filter', x]), '--format', '{{.Names}}']).stdout.trim().split('\n').filter(Boolean);
  assert.deepEqual(f('status=exited', 'status=created'), ['ex1', 'cr1']);
  assert.deepEqual(f('name=top1', 'status=exited'), []);
  assert.deepEqual(f('label=a=b'), ['top1']);
  assert.deepEqual(f('exited=3'), ['ex1']);
  assert.deepEqual(f(`id=${top1.slice(0, 6)}`), ['top1']);
  assert.deepEqual(f('before=cr1'), ['top1', 'ex1']);
  assert.deepEqual(f('since=top1'), ['ex1', 'cr1']);
  assert.deepEqual(f('ancestor=docker.io/library/busybox:latest'), ['top1', 'ex1', 'cr1']);
  assert.deepEqual(f('volume=/nowhere'), []);
  assert.deepEqual(f('network=none'), ['top1', 'ex1', 'cr1']);
  const bad = sb.run(['ps', '--filter', 'bogus=1']);
  assert.equal(bad.code, 125);
  assert.equal(bad.stderr, 'Error: bogus is an invalid filter\n');
  assert.match(sb.run(['ps', '--sort', 'bogus']).stderr, /"bogus" is not a valid value/);
});

test('ps --format json: podman ListContainer array, 2-space indent; -s adds sizes', () => {
  const r = sb.run(['ps', '-a', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\[\n  \{\n    "AutoRemove": false,\n    "Command": \[\n      "sleep",/);
  const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(Object.keys(list[0]!), ['AutoRemove', 'Command', 'CreatedAt', 'Exited', 'ExitedAt', 'ExitCode', 'Id', 'Image', 'ImageID', 'IsInfra', 'Labels', 'Mounts', 'Names', 'Namespaces', 'Networks', 'Pid', 'Pod', 'PodName', 'Ports', 'Size', 'StartedAt', 'State', 'Status', 'Created']);
  assert.equal(list[0]!['State'], 'running');
  assert.ok((list[0]!['Pid'] as number) > 0);
  assert.equal(list[1]!['ExitCode'], 3);
  assert.equal(list[1]!['Exited'], true);
  assert.equal(list[2]!['ExitedAt'], -62135596800);
  const s = JSON.parse(sb.run(['ps', '-a', '-s', '--format', 'json']).stdout) as Array<{ Size: { RwSize: number; RootFsSize: number } }>;
  assert.ok(s[0]!.Size.RootFsSize > 1_000_000);
  assert.match(sb.run(['ps', '-s']).stdout.split('\n')[1]!, /B \(virtual [\d.]+MB\)$/);
});

test('inspect: podman fields after run -d (5-space JSON), --format, --type, -s, -l, errors', () => {
  const r = sb.run(['inspect', 'top1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\[\n {5}\{\n {10}"Id": "/);
  const [c] = JSON.parse(r.stdout) as Array<Record<string, any>>;
  assert.equal(c!['Id'], top1);
  assert.match(c!['Created'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.equal(c!['Path'], 'sleep');
  assert.deepEqual(c!['Args'], ['1000']);
  assert.equal(c!['State'].Running, true);
  assert.equal(c!['State'].Status, 'running');
  assert.ok(c!['State'].Pid > 0);
  assert.ok(c!['State'].ConmonPid > 0);
  assert.equal(c!['State'].FinishedAt, '0001-01-01T00:00:00Z');
  assert.deepEqual(c!['Config'].Cmd, ['sleep', '1000']);
  assert.deepEqual(c!['Config'].Labels, { a: 'b' });
  // The command line that made it, as podman records its os.Args: the launcher, the globals, then the verb's args.
  const made = c!['Config'].CreateCommand as string[];
  assert.match(made[0]!, /berth/);
  assert.deepEqual(made.slice(made.indexOf('run')), ['run', '-d', '--network', 'none', '--name', 'top1', '-l', 'a=b', 'busybox', 'sleep', '1000']);
  assert.ok(made.includes('--root'));
  assert.equal(c!['HostConfig'].NetworkMode, 'none');
  assert.equal(c!['OCIRuntime'], 'runc');
  assert.ok(c!['EffectiveCaps'].includes('CAP_CHOWN'));
  for (const k of ['ImageDigest', 'ImageName', 'HostsPath', 'StaticDir', 'OCIConfigPath', 'ConmonPidFile', 'PidFile', 'GraphDriver', 'Mounts', 'NetworkSettings', 'HostConfig', 'ExecIDs']) {
    assert.ok(k in c!, k);
  }
  assert.equal(sb.run(['inspect', '--format', '{{.State.Running}} {{.Config.Cmd}} {{index .Config.Labels "a"}}', 'top1']).stdout, 'true [sleep 1000] b\n');
  assert.equal(sb.run(['container', 'inspect', '-f', '{{.State.ExitCode}} {{.State.Status}}', 'ex1']).stdout, '3 exited\n');
  assert.equal(sb.run(['inspect', '-l', '--format', '{{.Name}}']).stdout, 'cr1\n');
  assert.match(sb.run(['inspect', '-s', '--format', '{{.SizeRootFs}}', 'top1']).stdout, /^\d{6,}\n$/);
  // images when no container matches; --type restricts
  assert.match(sb.run(['inspect', '--format', '{{.Id}}', 'busybox']).stdout, /^[0-9a-f]{64}\n$/);
  const miss = sb.run(['inspect', 'nosuch']);
  assert.equal(miss.code, 125);
  assert.equal(miss.stdout, '[]\n');
  assert.equal(miss.stderr, 'Error: inspecting object: no such object: "nosuch"\n');
  const ctrOnly = sb.run(['inspect', '--type', 'container', 'busybox']);
  assert.equal(ctrOnly.stderr, 'Error: inspecting object: no such container busybox\n');
  const two = sb.run(['inspect', '--format', '{{.Name}}', 'nosuch', 'top1', 'nosuch2']);
  assert.equal(two.stdout, 'top1\n');
  assert.equal(two.stderr, 'error inspecting object: no such object: "nosuch2"\nError: inspecting object: no such object: "nosuch"\n');
  assert.match(sb.run(['inspect', '--type', 'bogus', 'top1']).stderr, /invalid type "bogus"/);
});

test('logs: several containers prefixed, -n names, -t, --tail, --since, -f ends at exit, errors', async () => {
  assert.equal(sb.run(['run', '--network', 'none', '--name', 'l2', 'busybox', 'sh', '-c', 'echo a; echo b; echo c']).code, 0);
  assert.equal(sb.run(['logs', 'ex1']).stdout, 'hi\n');
  const ex1 = sb.run(['inspect', '-f', '{{.Id}}', 'ex1']).stdout.trim();
  const l2 = sb.run(['inspect', '-f', '{{.Id}}', 'l2']).stdout.trim();
  assert.equal(sb.run(['logs', 'ex1', 'l2']).stdout, `${ex1.slice(0, 12)} hi\n${l2.slice(0, 12)} a\n${l2.slice(0, 12)} b\n${l2.slice(0, 12)} c\n`);
  assert.equal(sb.run(['logs', '--names', 'ex1', 'l2']).stdout, 'ex1 hi\nl2 a\nl2 b\nl2 c\n');
  // One container: no prefix, even with --names (podman 4.3).
  assert.equal(sb.run(['logs', '--names', 'ex1']).stdout, 'hi\n');
  assert.equal(sb.run(['logs', '--tail', '2', 'l2']).stdout, 'b\nc\n');
  assert.equal(sb.run(['logs', '--tail', '0', 'l2']).stdout, '');
  assert.match(sb.run(['logs', '-t', '--tail', '1', 'l2']).stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z c\n$/);
  assert.equal(sb.run(['logs', '--since', '10m', 'l2']).stdout, 'a\nb\nc\n');
  assert.equal(sb.run(['logs', '--since', '2099-01-01T00:00:00Z', 'l2']).stdout, '');
  assert.equal(sb.run(['logs', '--until', '2000-01-01T00:00:00Z', 'l2']).stdout, '');
  const bad = sb.run(['logs', '--since', 'bogus', 'l2']);
  assert.equal(bad.code, 125);
  assert.equal(bad.stderr, 'Error: parsing --since "bogus": unable to interpret time value\n');
  const none = sb.run(['logs', 'nosuch']);
  assert.equal(none.code, 125);
  assert.equal(none.stderr, 'Error: no container with name or ID "nosuch" found: no such container\n');
  // -f follows until the container exits
  assert.equal(sb.run(['run', '-d', '--network', 'none', '--name', 'f1', 'busybox', 'sh', '-c', 'for i in 1 2 3; do echo $i; sleep 0.3; done']).code, 0);
  const t0 = Date.now();
  const out = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(BERTH, ['--root', sb.root, '--runroot', sb.runroot, 'logs', '-f', 'f1'], { env: sb.env });
    let stdout = '';
    child.stdout.on('data', (b) => (stdout += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
  assert.equal(out.code, 0);
  assert.equal(out.stdout, '1\n2\n3\n');
  assert.ok(Date.now() - t0 < 10_000);
  assert.equal(sb.run(['logs', '-l']).stdout, '1\n2\n3\n');
  for (const n of ['l2', 'f1']) assert.equal(sb.run(['rm', n]).code, 0);
});

test('top: the container processes with default and chosen descriptors; stopped container is refused', () => {
  const r = sb.run(['top', 'top1']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^USER +PID +PID? *PPID +%CPU +ELAPSED +TTY +TIME +COMMAND$|^USER +PID +PPID +%CPU +ELAPSED +TTY +TIME +COMMAND$/);
  assert.match(lines[1]!, /^root +1 +0 +\d+\.\d{3} +[\d.]+(ms|s) +\? +\S+ +sleep 1000 ?$/);
  const d = sb.run(['top', 'top1', 'pid,comm', 'user', 'hpid']).stdout.trimEnd().split('\n');
  assert.match(d[0]!, /^PID +COMMAND +USER +HPID$/);
  const pid = sb.run(['inspect', '-f', '{{.State.Pid}}', 'top1']).stdout.trim();
  assert.match(d[1]!, new RegExp(`^1 +sleep +root +${pid}$`));
  const stopped = sb.run(['top', 'ex1']);
  assert.equal(stopped.code, 125);
  assert.equal(stopped.stderr, 'Error: top can only be used on running containers\n');
});

test('port (no published ports until networking lands), container exists', () => {
  const p = sb.run(['port', 'top1']);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(p.stdout, '');
  assert.equal(sb.run(['port', '-a']).stdout, '');
  assert.equal(sb.run(['port', 'nosuch']).code, 125);
  assert.equal(sb.run(['container', 'exists', 'top1']).code, 0);
  assert.equal(sb.run(['container', 'exists', top1.slice(0, 8)]).code, 0);
  const no = sb.run(['container', 'exists', 'nosuch']);
  assert.equal(no.code, 1);
  assert.equal(no.stdout + no.stderr, '');
});

test('ps -a with 1000 container records: one row each, no process spawned per container', () => {
  const db = new DatabaseSync(path.join(sb.root, 'berth.db'));
  const ids: string[] = [];
  try {
    const tmpl = db.prepare("SELECT * FROM containers WHERE name = 'ex1'").get() as Record<string, unknown>;
    const cols = Object.keys(tmpl);
    const ins = db.prepare(`INSERT INTO containers (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    db.exec('BEGIN');
    for (let i = 0; i < 1000; i++) {
      const id = `${i.toString(16).padStart(4, '0')}${'e'.repeat(60)}`;
      ids.push(id);
      ins.run(...cols.map((c) => (c === 'id' ? id : c === 'name' ? `fake${i}` : c === 'layer_id' ? null : c === 'created' ? 1_700_000_000_000 + i : (tmpl[c] as never))));
    }
    db.exec('COMMIT');
  } finally {
    db.close();
  }
  try {
    const t0 = Date.now();
    const r = sb.run(['ps', '-a']);
    const ms = Date.now() - t0;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd().split('\n').length, 1 + 1003);
    assert.match(r.stdout, /fake999\n/);
    assert.equal(sb.run(['ps', '-a', '-q', '--filter', 'name=^fake']).stdout.trim().split('\n').length, 1000);
    assert.equal(JSON.parse(sb.run(['ps', '-a', '--format', 'json']).stdout).length, 1003);
    process.stderr.write(`# ps -a with 1003 containers: ${ms} ms\n`);
  } finally {
    const db2 = new DatabaseSync(path.join(sb.root, 'berth.db'));
    db2.prepare(`DELETE FROM containers WHERE name LIKE 'fake%'`).run();
    db2.close();
  }
  assert.equal(sb.run(['ps', '-a', '-q']).stdout.trim().split('\n').length, 3);
});

test('container prune: prompt (declined keeps all), -f removes non-running, --filter label', () => {
  const decl = sb.run(['container', 'prune'], { input: 'n\n' });
  assert.equal(decl.code, 0);
  assert.equal(decl.stdout, 'WARNING! This will remove all non running containers.\nAre you sure you want to continue? [y/N] ');
  assert.equal(sb.run(['ps', '-a', '-q']).stdout.trim().split('\n').length, 3);
  assert.equal(sb.run(['create', '--network', 'none', '--name', 'keep', '-l', 'k=v', 'busybox', 'true']).code, 0);
  const lab = sb.run(['container', 'prune', '-f', '--filter', 'label=k=v']);
  assert.equal(lab.code, 0, lab.stderr);
  assert.equal(lab.stdout.trim().split('\n').length, 1);
  const ex1 = sb.run(['inspect', '-f', '{{.Id}}', 'ex1']).stdout.trim();
  const cr1 = sb.run(['inspect', '-f', '{{.Id}}', 'cr1']).stdout.trim();
  const all = sb.run(['container', 'prune', '-f']);
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(all.stdout.trim().split('\n').sort(), [ex1, cr1].sort());
  assert.equal(sb.run(['ps', '-a', '--format', '{{.Names}}']).stdout, 'top1\n');
  assert.match(sb.run(['container', 'prune', '-f', '--filter', 'name=x']).stderr, /name is an invalid filter/);
});
