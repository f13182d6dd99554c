// Integration: container dependencies (shared namespaces, --requires) with real runc + conmon: create checks,
// inspect .Dependencies, start of dependencies, init/restart refusals, rm refusal, rm --depend, rm -a, --rm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersSandbox, processesOf, rows } from '../helpers/containers.ts';

const sb = containersSandbox();

function ok(args: string[]): string {
  const r = sb.run(args);
  assert.equal(r.code, 0, `berth ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

const create = (name: string, ...flags: string[]) => ok(['create', '--name', name, ...flags, 'busybox', 'sleep', '1000']);
const state = (name: string) => ok(['inspect', '--format', '{{.State.Status}}', name]);
const deps = (name: string) => ok(['inspect', '--format', '{{.Dependencies}}', name]);
const names = () => rows(sb.root).map((r) => r.name).sort();

test('create records dependencies: inspect .Dependencies and the namespace modes; missing ones fail as podman', () => {
  const a = create('a', '--network', 'none');
  const b = create('b', '--network', 'container:a');
  const c = create('c', '--network', 'none', '--requires', 'b,a', '--pid', 'container:a');
  const d = create('d', '--network', 'none', '--ipc', 'container:a', '--uts', 'container:b', '--requires', '');
  assert.equal(deps('a'), '[]');
  assert.equal(deps('b'), `[${a}]`);
  assert.equal(deps('c'), `[${a} ${b}]`); // namespaces first, then --requires; each once
  assert.equal(deps('d'), `[${a} ${b}]`);
  assert.equal(ok(['inspect', '--format', '{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}}', 'c']), `container:${a} shareable private`);
  assert.equal(ok(['inspect', '--format', '{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}}', 'd']), `private container:${a} container:${b}`);
  assert.equal(ok(['inspect', '--format', '{{.HostConfig.NetworkMode}}', 'b']), `container:${a}`);
  // json: an empty list, not null
  assert.deepEqual((JSON.parse(ok(['inspect', 'a'])) as Array<{ Dependencies: unknown }>)[0]!.Dependencies, []);

  const cases: Array<[string[], string]> = [
    [['--requires', 'nosuch'], '"nosuch" is not a valid container, cannot be used as a dependency: no container with name or ID "nosuch" found: no such container'],
    [['--requires', 'a,nosuch'], '"nosuch" is not a valid container, cannot be used as a dependency: no container with name or ID "nosuch" found: no such container'],
    [['--pid', 'container:nosuch'], 'looking up container to share pid namespace with: no container with name or ID "nosuch" found: no such container'],
    [['--ipc', 'container:nosuch'], 'looking up container to share ipc namespace with: no container with name or ID "nosuch" found: no such container'],
    [['--uts', 'container:nosuch'], 'looking up container to share uts namespace with: no container with name or ID "nosuch" found: no such container'],
    [['--network', 'container:nosuch'], 'looking up container to share net namespace with: no container with name or ID "nosuch" found: no such container'],
    [['--pid', 'container:'], 'invalid config provided: namespace mode container requires a value'],
  ];
  for (const [flags, msg] of cases) {
    const net = flags.includes('--network') ? [] : ['--network', 'none'];
    const r = sb.run(['create', '--name', 'x', ...net, ...flags, 'busybox', 'true']);
    assert.equal(r.code, 125, flags.join(' '));
    assert.equal(r.stderr, `Error: ${msg}\n`, flags.join(' '));
  }
  assert.deepEqual(names(), ['a', 'b', 'c', 'd'], 'failed creates left nothing');

  // rm of a container others depend on: podman's error, exit 125, with the dependents sorted by ID
  const r = sb.run(['rm', 'a']);
  assert.equal(r.code, 125);
  assert.equal(r.stderr, `Error: container ${a} has dependent containers which must be removed before it: ${[b, c, d].sort().join(', ')}: container already exists\n`);
  const rb = sb.run(['rm', '-f', 'b']);
  assert.equal(rb.code, 125);
  assert.equal(rb.stderr, `Error: container ${b} has dependent containers which must be removed before it: ${[c, d].sort().join(', ')}: container already exists\n`);
  // a leaf goes as usual, printed as typed
  assert.equal(ok(['rm', 'd']), 'd');

  // rm --depend: dependents first (recursively), full IDs printed
  assert.equal(ok(['rm', '--depend', 'b']), [c, b].join('\n'));
  assert.equal(ok(['rm', '--depend', 'a']), a);
  assert.deepEqual(names(), []);
});

test('start starts dependencies first (recursively); namespaces are shared; stop and kill leave dependents alone', async () => {
  create('na', '--network', 'none', '--hostname', 'nahost');
  create('nb', '--network', 'container:na', '--pid', 'container:na', '--uts', 'container:na', '--ipc', 'container:na');
  create('nc', '--network', 'none', '--requires', 'nb');
  assert.equal(ok(['start', 'nc']), 'nc');
  for (const n of ['na', 'nb', 'nc']) assert.equal(state(n), 'running', n);
  // nb sees na's processes (one pid namespace) and its hostname (one UTS namespace)
  const ps = ok(['exec', 'nb', 'ps', '-o', 'pid,args']);
  assert.equal(ps.split('\n').filter((l) => / sleep 1000$/.test(l)).length, 2, ps);
  assert.equal(ok(['exec', 'nb', 'hostname']), 'nahost');
  // one IPC namespace and one /dev/shm (a tmpfs on the host at na's <bundle>/shm, bound into both)
  ok(['exec', 'na', 'sh', '-c', 'echo shared > /dev/shm/note']);
  assert.equal(ok(['exec', 'nb', 'cat', '/dev/shm/note']), 'shared');
  assert.equal(ok(['exec', 'nc', 'ls', '/dev/shm']), '', 'a container of its own IPC namespace has its own /dev/shm');
  // a running dependent does not stop its dependency from being stopped or killed (podman does the same)
  assert.equal(ok(['stop', '-t', '0', 'nc']), 'nc');
  assert.equal(ok(['kill', 'nb']), 'nb');
  ok(['wait', 'nb']);
  assert.equal(state('na'), 'running');
  assert.equal(ok(['rm', '-f', '-t', '0', '--depend', 'na']).split('\n').length, 3);
  assert.deepEqual(names(), []);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(processesOf(sb.dir).filter((p) => p.cmd.startsWith('/usr/bin/conmon')), []);
});

test('init and restart refuse while dependencies are not running (podman 4.3 wording); run starts them', () => {
  const a = create('ia', '--network', 'none');
  const b = create('ib', '--network', 'none', '--requires', 'ia');
  const r = sb.run(['init', 'ib']);
  assert.equal(r.code, 125);
  assert.equal(r.stderr, `Error: some dependencies of container ${b} are not started: ${a}: container state improper\n`);
  assert.equal(state('ib'), 'created');
  ok(['start', 'ib']);
  ok(['stop', '-t', '0', 'ia']);
  const rs = sb.run(['restart', '-t', '0', 'ib']);
  assert.equal(rs.code, 125);
  assert.equal(rs.stderr, `Error: some dependencies of container ${b} are not started: ${a}: container state improper\n`);
  assert.equal(state('ib'), 'running', 'a refused restart leaves the container running');
  ok(['stop', '-t', '0', 'ib']);
  // run with --requires starts the requirement first
  assert.equal(ok(['run', '--rm', '--network', 'none', '--requires', 'ia', 'busybox', 'echo', 'hi']), 'hi');
  assert.equal(state('ia'), 'running');
  ok(['rm', '-f', '-t', '0', '--depend', 'ia']);
});

test('a dependency that fails to start: start fails with 125 and does not start the container', () => {
  ok(['create', '--name', 'bad', '--network', 'none', 'busybox', 'nosuchcmd']);
  const good = create('good', '--network', 'none');
  const n = create('needs', '--network', 'none', '--requires', 'bad,good');
  const r = sb.run(['start', 'needs']);
  assert.equal(r.code, 125);
  assert.match(r.stderr, /level=error msg="Starting some container dependencies"/);
  assert.match(r.stderr, /executable file not found in \$PATH/);
  assert.match(r.stderr, new RegExp(`Error: unable to start container "${n}": starting some containers: internal libpod error\n$`));
  assert.equal(state('needs'), 'created');
  assert.equal(state('good'), 'running', 'independent dependencies are still started');
  assert.ok(good);
  ok(['rm', '-f', '-t', '0', '--depend', 'good']);
  ok(['rm', '--depend', 'bad']);
  assert.deepEqual(names(), []);
});

test('rm --depend on running containers: without -f each running one fails (exit 2), the rest goes; -f stops them', () => {
  const a = ok(['run', '-d', '--name', 'ra', '--network', 'none', 'busybox', 'sleep', '1000']);
  const b = ok(['run', '-d', '--name', 'rb', '--network', 'container:ra', 'busybox', 'sleep', '1000']);
  const c = create('rc', '--network', 'none', '--requires', 'rb');
  const r = sb.run(['rm', '--depend', 'ra']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, `${c}\n`);
  const running = (id: string) => `Error: cannot remove container ${id} as it is running - running or paused containers cannot be removed without force: container state improper\n`;
  assert.equal(r.stderr, running(b) + running(a));
  assert.deepEqual(names(), ['ra', 'rb']);
  // a running container with dependents and -f: the dependents check comes before stopping it
  const f = sb.run(['rm', '-f', 'ra']);
  assert.equal(f.code, 125);
  assert.match(f.stderr, /has dependent containers which must be removed before it/);
  assert.equal(state('ra'), 'running');
  const rf = sb.run(['rm', '-f', '-t', '0', '--depend', 'ra']);
  assert.equal(rf.code, 0, rf.stderr);
  assert.equal(rf.stdout, `${b}\n${a}\n`);
  assert.deepEqual(names(), []);
  // no such container: exit 1 as plain rm; -i ignores it
  const nf = sb.run(['rm', '--depend', 'nosuch']);
  assert.equal(nf.code, 1);
  assert.equal(nf.stderr, 'Error: no container with name or ID "nosuch" found: no such container\n');
  assert.equal(sb.run(['rm', '--depend', '-i', 'nosuch']).code, 0);
});

test('rm --depend removes each container once in a diamond (podman 4.3 fails there); rm -a -f takes dependents first', () => {
  const a = create('da', '--network', 'none');
  const b = create('db', '--network', 'none', '--requires', 'da');
  const c = create('dc', '--network', 'none', '--requires', 'da,db');
  assert.equal(ok(['rm', '--depend', 'da']), [c, b, a].join('\n'));
  assert.deepEqual(names(), []);
  ok(['run', '-d', '--name', 'xa', '--network', 'none', 'busybox', 'sleep', '1000']);
  ok(['run', '-d', '--name', 'xb', '--network', 'container:xa', 'busybox', 'sleep', '1000']);
  create('xc', '--network', 'none', '--requires', 'xb');
  const r = sb.run(['rm', '-a', '-f', '-t', '0']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 3);
  assert.deepEqual(names(), []);
});

test('--rm container with dependents: stays exited with the error logged, the exit code kept', () => {
  const bg = sb.runAsync(['run', '--rm', '--name', 'tmp', '--network', 'none', 'busybox', 'sh', '-c', 'sleep 2; exit 3']);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && sb.run(['inspect', '--format', '{{.State.Status}}', 'tmp']).stdout.trim() !== 'running') {
    // wait for it to run
  }
  const t = ok(['inspect', '--format', '{{.Id}}', 'tmp']);
  const d = create('ontmp', '--network', 'none', '--requires', 'tmp');
  return bg.then((r) => {
    assert.equal(r.code, 3);
    assert.match(r.stderr, new RegExp(`level=error msg="Removing container ${t}: container ${t} has dependent containers which must be removed before it: ${d}: container already exists"`));
    assert.equal(state('tmp'), 'exited');
    assert.equal(ok(['rm', '--depend', 'tmp']), `${d}\n${t}`);
  });
});

test('container prune removes dependents before their dependencies; --replace refuses a container with dependents', () => {
  const a = create('pa', '--network', 'none');
  const b = create('pb', '--network', 'none', '--requires', 'pa');
  const c = create('pc', '--network', 'none', '--requires', 'pb');
  const rp = sb.run(['create', '--replace', '--name', 'pa', '--network', 'none', 'busybox', 'true']);
  assert.equal(rp.code, 125);
  assert.equal(rp.stderr, `Error: container ${a} has dependent containers which must be removed before it: ${b}: container already exists\n`);
  const r = sb.run(['container', 'prune', '-f']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${c}\n${b}\n${a}\n`);
  assert.deepEqual(names(), []);
});

test('rm --depend with several names: all looked up first (one missing: nothing removed, exit 1), each removed once', () => {
  const a = create('ma', '--network', 'none');
  const b = create('mb', '--network', 'none', '--requires', 'ma');
  const c = create('mc', '--network', 'none');
  const miss = sb.run(['rm', '--depend', 'ma', 'nosuch']);
  assert.equal(miss.code, 1);
  assert.equal(miss.stdout, '');
  assert.equal(miss.stderr, 'Error: no container with name or ID "nosuch" found: no such container\n');
  assert.deepEqual(names(), ['ma', 'mb', 'mc']);
  const r = sb.run(['rm', '--depend', 'ma', 'mb', 'mc']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${b}\n${a}\n${c}\n`);
  assert.deepEqual(names(), []);
});
