// Integration: `berth stats` on a running busybox (table, json, --memory limit, templates) and podman 4.3's errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, type Sandbox } from '../helpers/berth.ts';
import { removeAllAndCheckClean } from '../helpers/containers.ts';

let sb: Sandbox;
let id = '';

before(() => {
  sb = sandbox();
  const r = sb.run(['pull', '-q', 'busybox']);
  assert.equal(r.code, 0, r.stderr);
  const d = sb.run(['run', '-d', '--name', 'busy', '--network', 'none', '--memory', '64m', 'busybox', 'sleep', '1000']);
  assert.equal(d.code, 0, d.stderr);
  id = d.stdout.trim();
  const c = sb.run(['create', '--name', 'idle', '--network', 'none', 'busybox', 'true']);
  assert.equal(c.code, 0, c.stderr);
});

after(() => removeAllAndCheckClean(sb));

const HEADER = /^ID {12}NAME {8}CPU % {7}MEM USAGE \/ LIMIT {2}MEM % {7}NET IO {6}BLOCK IO {4}PIDS {8}CPU TIME +AVG CPU %$/;

test('--no-stream prints podman\'s table: the running container\'s counters, zeros for one not running', () => {
  const r = sb.run(['stats', '--no-stream']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, HEADER);
  assert.equal(lines.length, 3);
  const busy = lines.find((l) => l.startsWith(id.slice(0, 12)))!.split(/ {2,}/);
  assert.equal(busy[1], 'busy');
  assert.match(busy[2]!, /^\d+\.\d\d%$/);
  assert.match(busy[3]!, /^\d+(\.\d+)?kB \/ 67\.11MB$/, 'limit from --memory 64m');
  assert.equal(busy[5], '0B / 0B', 'no network namespace interfaces but lo');
  assert.equal(busy[7], '1', 'one pid: sleep');
  assert.match(busy[8]!, /^[\d.]+(ms|µs|s)$/);
  const idle = lines.find((l) => / idle /.test(l))!.split(/ {2,}/);
  assert.deepEqual(idle.slice(2), ['0.00%', '0B / 0B', '0.00%', '0B / 0B', '0B / 0B', '0', '0s', '0.00%']);
});

test('--format json has podman\'s keys; templates see MemUsageBytes and --no-trunc ids; container stats is the same verb', () => {
  const r = sb.run(['container', 'stats', '--no-stream', '--format', 'json', 'busy']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('[\n {\n  "id": '), 'one-space indent as podman');
  const [j] = JSON.parse(r.stdout) as Array<Record<string, string>>;
  assert.deepEqual(Object.keys(j!), ['id', 'name', 'cpu_time', 'cpu_percent', 'avg_cpu', 'mem_usage', 'mem_percent', 'net_io', 'block_io', 'pids']);
  assert.equal(j!['id'], id.slice(0, 12));
  assert.equal(j!['pids'], '1');
  assert.match(j!['mem_usage']!, / \/ 67\.11MB$/);
  const t = sb.run(['stats', '--no-stream', '--no-trunc', '--format', '{{.ID}} {{.MemUsageBytes}}', 'busy']);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, new RegExp(`^${id} \\d+(\\.\\d+)?KiB / 64MiB\\n$`));
  const l = sb.run(['stats', '--no-stream', '-l', '--format', 'table {{.Name}} {{.PIDS}}']);
  assert.equal(l.stdout, 'NAME        PIDS\nidle        0\n');
});

test('streaming on a pipe prints one table per interval, without clearing the screen, until killed', () => {
  const r = sb.run(['stats', '-i', '1', 'busy'], { timeoutMs: 2500 });
  assert.equal(r.code, -1, 'still streaming when the timeout killed it');
  assert.ok((r.stdout.match(/^ID /gm) ?? []).length >= 2, r.stdout);
  assert.ok(!r.stdout.includes('\x1b'));
});

test('errors: unknown container, --all with names, a bad interval (125, podman\'s words)', () => {
  const missing = sb.run(['stats', '--no-stream', 'nope']);
  assert.equal(missing.code, 125);
  assert.equal(missing.stderr, 'Error: unable to get list of containers: unable to look up container nope: no container with name or ID "nope" found: no such container\n');
  const both = sb.run(['stats', '-a', 'busy']);
  assert.equal(both.code, 125);
  assert.equal(both.stderr, 'Error: --all, --latest and containers cannot be used together\n');
  const interval = sb.run(['stats', '--no-stream', '-i', '0']);
  assert.equal(interval.code, 125);
  assert.equal(interval.stderr, 'Error: invalid interval, must be a positive number greater zero\n');
});

test('an empty store: the header alone, and -l fails with podman\'s words', () => {
  const empty = sandbox();
  try {
    const r = empty.run(['stats', '--no-stream']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'ID          NAME        CPU %       MEM USAGE / LIMIT  MEM %       NET IO      BLOCK IO    PIDS        CPU TIME    AVG CPU %\n');
    const l = empty.run(['stats', '--no-stream', '-l']);
    assert.equal(l.code, 125);
    assert.equal(l.stderr, 'Error: unable to get list of containers: no such container\n');
  } finally {
    empty.cleanup();
  }
});
