// Integration: `berth diff` / `berth container diff` of a container (add, modify, delete, opaque dir), of an image, and
// of two objects against each other; errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersSandbox } from '../helpers/containers.ts';

const sb = containersSandbox();

test('diff lists added, changed and deleted paths after run, in path order', () => {
  const script = 'echo x > /etc/new && echo y >> /etc/group && rm /bin/sync && rm -rf /home && mkdir /home && touch /home/k';
  const r = sb.run(['run', '--name', 'changed', '--network', 'none', 'busybox', 'sh', '-c', script]);
  assert.equal(r.code, 0, r.stderr);
  const d = sb.run(['diff', 'changed']);
  assert.equal(d.code, 0, d.stderr);
  // Exactly podman 4.3.1's output for the same script (checked side by side): the recreated /home is an opaque
  // directory, reported deleted as containers/storage does; runc's mount points and the run files are left out.
  assert.equal(d.stdout, 'C /bin\nD /bin/sync\nC /etc\nC /etc/group\nA /etc/new\nD /home\nA /home/k\n');
  const j = sb.run(['container', 'diff', '--format', 'json', 'changed']);
  assert.equal(j.code, 0, j.stderr);
  assert.match(j.stdout, /^\{\n {5}"/, "podman's five-space indent");
  const parsed = JSON.parse(j.stdout) as { added?: string[]; deleted?: string[] };
  assert.ok(parsed.added?.includes('/etc/new'));
  assert.ok(parsed.deleted?.includes('/bin/sync'));
});

test('diff of an unknown container fails with 125', () => {
  const d = sb.run(['diff', 'nosuch']);
  assert.equal(d.code, 125);
  assert.match(d.stderr, /Error: nosuch not found: layer not known/);
});

test('diff NEW OLD: what turns the second object\'s tree into the first\'s, as podman 4.3.1 prints it', () => {
  const made = (name: string, script: string) => assert.equal(sb.run(['run', '--name', name, '--network', 'none', 'busybox', 'sh', '-c', script]).code, 0);
  made('two1', 'echo a > /a.txt; rm /etc/group; mkdir -p /x/y');
  made('two2', 'echo b > /b.txt; echo z >> /etc/passwd');
  made('pristine', 'true');
  const lines = (...args: string[]) => {
    const d = sb.run(['diff', ...args]);
    assert.equal(d.code, 0, d.stderr);
    return d.stdout;
  };
  // Each expectation is podman's output for the same containers, sorted (podman's order is its map iteration's).
  assert.equal(lines('two1', 'two2'), 'A /a.txt\nD /b.txt\nC /etc\nD /etc/group\nC /etc/passwd\nA /x\nA /x/y\n');
  assert.equal(lines('busybox', 'two1'), 'D /a.txt\nC /etc\nA /etc/group\nD /x\n');
  assert.equal(lines('pristine', 'busybox'), 'C /etc\n', 'the run files left out, their directory not');
  assert.equal(lines('busybox', 'busybox'), '');
  // Against its own image: the container's layer alone, as the one-argument diff (the opaque /home is D).
  assert.equal(lines('changed', 'busybox'), lines('changed'));
  const j = JSON.parse(lines('--format', 'json', 'two1', 'two2')) as Record<string, string[]>;
  assert.deepEqual(j, { changed: ['/etc', '/etc/passwd'], added: ['/a.txt', '/x', '/x/y'], deleted: ['/b.txt', '/etc/group'] });
});

test('diff: podman\'s errors for the argument count and a missing second object', () => {
  const cases: Array<[string[], string]> = [
    [['diff', 'a', 'b', 'c'], 'Error: accepts between 1 and 2 arg(s), received 3\n'],
    [['diff'], 'Error: "berth diff" requires a name, id, or the "--latest" flag\n'],
    [['diff', '-l', 'a', 'b'], 'Error: --latest and containers cannot be used together\n'],
    [['diff', 'changed', 'nosuch'], 'Error: nosuch not found: layer not known\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = sb.run(args);
    assert.deepEqual([r.code, r.stderr], [125, stderr], args.join(' '));
  }
});

test('diff of an image: its top layer against the layers under it (busybox has one: everything is added), as podman', () => {
  const d = sb.run(['diff', 'busybox']);
  assert.equal(d.code, 0, d.stderr);
  const lines = d.stdout.trim().split('\n');
  assert.ok(lines.length > 100, 'the whole layer');
  assert.ok(lines.every((l) => l.startsWith('A /')), 'all added');
  for (const want of ['A /bin', 'A /bin/sh', 'A /etc/passwd']) assert.ok(lines.includes(want), want);
  const j = JSON.parse(sb.run(['diff', '--format', 'json', 'busybox']).stdout) as { added: string[]; changed?: string[] };
  assert.equal(j.added.length, lines.length);
  assert.equal(j.changed, undefined);
});
