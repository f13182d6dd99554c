// Integration: the container lifecycle through the CLI with real runc + conmon (run, exit codes, -d/stop/rm, --rm, -it, parallel).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BERTH } from '../helpers/berth.ts';
import { containersSandbox, mountsUnder, processesOf, rows, settle } from '../helpers/containers.ts';

const sb = containersSandbox();

test('run busybox echo hello: output and exit 0', () => {
  const r = sb.run(['run', '--rm', 'busybox', 'echo', 'hello']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hello\n');
});

test('the container starts with no signal ignored or blocked (Node ignores SIGPIPE; conmon is spawned without fork)', () => {
  const r = sb.run(['run', '--rm', '--network', 'none', 'busybox', 'grep', '-E', '^Sig(Ign|Blk)', '/proc/self/status']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n');
});

test('exit code propagation, 127 for a missing command, 126 for a non-executable', () => {
  assert.equal(sb.run(['run', '--rm', 'busybox', 'sh', '-c', 'exit 3']).code, 3);
  const nf = sb.run(['run', '--rm', 'busybox', 'nosuchcmd']);
  assert.equal(nf.code, 127);
  assert.match(nf.stderr, /executable file not found in \$PATH: OCI runtime attempted to invoke a command that was not found/);
  const ne = sb.run(['run', '--rm', 'busybox', '/etc/passwd']);
  assert.equal(ne.code, 126);
  assert.match(ne.stderr, /permission denied: OCI permission denied/);
  assert.deepEqual(rows(sb.root), [], '--rm removed the failed containers too');
});

test('start, start -a, restart and init of a container that cannot start: exit 125 in podman 4.3\'s words', () => {
  const id = sb.run(['create', '--network', 'none', '--name', 'cannot', 'busybox', 'nosuchcmd']).stdout.trim();
  const cause = 'executable file not found in $PATH: OCI runtime attempted to invoke a command that was not found';
  for (const [args, prefix] of [
    [['start', 'cannot'], `Error: unable to start container "${id}": runc: `],
    [['start', '-a', 'cannot'], `Error: unable to start container ${id}: runc: `],
    [['restart', 'cannot'], 'Error: runc: '],
    [['init', 'cannot'], 'Error: runc: '],
  ] as const) {
    const r = sb.run([...args]);
    assert.equal(r.code, 125, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.startsWith(prefix) && r.stderr.includes(cause), `${args.join(' ')}: ${r.stderr}`);
  }
  // Every name is looked up before any container starts.
  const other = sb.run(['create', '--network', 'none', 'busybox', 'true']).stdout.trim();
  const r = sb.run(['start', other, 'nosuchctr']);
  assert.deepEqual([r.code, r.stderr], [125, 'Error: no container with name or ID "nosuchctr" found: no such container\n']);
  assert.equal(sb.run(['inspect', '--format', '{{.State.Status}}', other]).stdout, 'created\n');
  assert.equal(sb.run(['rm', '-f', id, other]).code, 0);
});

test('verbs on several containers look every name up first: one missing, nothing done (podman 4.3)', () => {
  const id = sb.run(['create', '--network', 'none', '--name', 'kept', 'busybox', 'sleep', '100']).stdout.trim();
  for (const verb of ['start', 'stop', 'kill', 'pause', 'unpause', 'restart', 'init', 'wait', 'rm']) {
    const r = sb.run([verb, 'kept', 'nosuchctr']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [verb === 'rm' ? 1 : 125, '', 'Error: no container with name or ID "nosuchctr" found: no such container\n'], verb);
    assert.equal(sb.run(['inspect', '--format', '{{.State.Status}}', id]).stdout, 'created\n', verb);
  }
  const p = sb.run(['pause', 'kept']);
  assert.deepEqual([p.code, p.stderr], [125, 'Error: "created" is not running, can\'t pause: container state improper\n']);
  assert.equal(sb.run(['rm', '-f', 'kept']).code, 0);
});

test('an init that fails after conmon started (unknown --user) kills the waiting conmon and leaves nothing', () => {
  const r = sb.run(['run', '--rm', '--network', 'none', '--user', 'nosuchuser', 'busybox', 'true']);
  assert.equal(r.code, 126); // podman 4.3: whatever fails once the container exists makes run exit 126
  assert.equal(r.stderr, 'Error: unable to find user nosuchuser: no matching entries in passwd file\n');
  // (An earlier test's container may still have its exit command running: only conmon and runc count here.)
  const left = processesOf(sb.dir).filter((p) => /^\/usr\/bin\/(conmon|runc) /.test(p.cmd));
  assert.deepEqual(left, [], 'no conmon (or runc) left waiting');
  assert.deepEqual(rows(sb.root), []);
  assert.deepEqual(mountsUnder(sb.dir), []);
});

test('conmon runs in <cgroup parent>/conmon (podman: libpod_parent/conmon), the container in its own cgroup', () => {
  const r = sb.run(['run', '-d', '--network', 'none', 'busybox', 'sleep', '60']);
  assert.equal(r.code, 0, r.stderr);
  const id = r.stdout.trim();
  try {
    const conmonPid = sb.run(['inspect', '--format', '{{.State.ConmonPid}}', id]).stdout.trim();
    const pid = sb.run(['inspect', '--format', '{{.State.Pid}}', id]).stdout.trim();
    const cgroupOf = (p: string, ctl: string) => {
      const lines = fs.readFileSync(`/proc/${p}/cgroup`, 'utf8').trim().split('\n');
      return (lines.find((l) => l.split(':')[1]!.split(',').includes(ctl)) ?? lines.find((l) => l.startsWith('0::')))!.split(':')[2];
    };
    for (const ctl of ['memory', 'pids']) {
      assert.equal(cgroupOf(conmonPid, ctl), '/berth_parent/conmon', ctl);
      assert.equal(cgroupOf(pid, ctl), `/berth_parent/berth-${id}`, ctl);
    }
  } finally {
    sb.run(['rm', '-f', '-t', '0', id]);
  }
});

/** Removes a test-made cgroup from every hierarchy, deepest first, once the processes in it have left (conmon exits after rm). */
async function removeCgroupTree(rel: string): Promise<void> {
  const roots = fs.readdirSync('/sys/fs/cgroup').map((d) => path.join('/sys/fs/cgroup', d)).filter((d) => fs.existsSync(path.join(d, rel)));
  if (fs.existsSync(path.join('/sys/fs/cgroup', rel, 'cgroup.procs'))) roots.push('/sys/fs/cgroup');
  for (const root of roots) {
    const dirs: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(path.join(d, e.name));
      dirs.push(d);
    };
    walk(path.join(root, rel));
    for (const d of dirs) {
      for (let i = 0; ; i++) {
        try {
          fs.rmdirSync(d);
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EBUSY' || i >= 50) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
  }
}

const cgroupOfPid = (p: string | number, ctl: string) => {
  const lines = fs.readFileSync(`/proc/${p}/cgroup`, 'utf8').trim().split('\n');
  return (lines.find((l) => l.split(':')[1]!.split(',').includes(ctl)) ?? lines.find((l) => l.startsWith('0::')))!.split(':')[2];
};

test('--cgroup-parent: the container in <parent>/berth-<id>, conmon in <parent>/conmon; --cgroups=no-conmon leaves conmon where it started', async () => {
  const parent = `/berth-it-${process.pid}`;
  try {
    const r = sb.run(['run', '-d', '--network', 'none', '--cgroup-parent', parent, 'busybox', 'sleep', '60']);
    assert.equal(r.code, 0, r.stderr);
    const id = r.stdout.trim();
    const state = (c: string, f: string) => sb.run(['inspect', '--format', f, c]).stdout.trim();
    try {
      assert.equal(state(id, '{{.HostConfig.CgroupParent}}'), parent);
      for (const ctl of ['memory', 'pids']) {
        assert.equal(cgroupOfPid(state(id, '{{.State.ConmonPid}}'), ctl), `${parent}/conmon`, ctl);
        assert.equal(cgroupOfPid(state(id, '{{.State.Pid}}'), ctl), `${parent}/berth-${id}`, ctl);
      }
    } finally {
      sb.run(['rm', '-f', '-t', '0', id]);
    }
    const n = sb.run(['run', '-d', '--network', 'none', '--cgroups', 'no-conmon', '--cgroup-parent', parent, 'busybox', 'sleep', '60']);
    assert.equal(n.code, 0, n.stderr);
    const nid = n.stdout.trim();
    try {
      assert.equal(state(nid, '{{.HostConfig.Cgroups}}'), 'default', 'podman 4.3 shows "default" for no-conmon too');
      for (const ctl of ['memory', 'pids']) {
        assert.equal(cgroupOfPid(state(nid, '{{.State.ConmonPid}}'), ctl), cgroupOfPid(process.pid, ctl), `conmon stays in the caller's ${ctl} cgroup`);
        assert.equal(cgroupOfPid(state(nid, '{{.State.Pid}}'), ctl), `${parent}/berth-${nid}`, ctl);
      }
    } finally {
      sb.run(['rm', '-f', '-t', '0', nid]);
    }
  } finally {
    await removeCgroupTree(parent);
  }
});

test('--cgroups, --cgroup-parent, CPU limits and --env-file values podman refuses at create: its words and exit codes, nothing created', () => {
  const cases: Array<[string[], number, string]> = [
    [['--cgroups', 'bogus'], 125, 'Error: running container create option: invalid cgroup mode "bogus": invalid argument\n'],
    [['--cgroup-parent', 'machine.slice'], 125, 'Error: systemd slice received as cgroup parent when using cgroupfs: invalid argument\n'],
    [['--cgroups', 'disabled'], 125, 'Error: requested OCI runtime runc is not compatible with NoCgroups: invalid argument\n'],
    [['--cgroups', 'disabled', '--cgroup-parent', '/x'], 125, 'Error: cannot set cgroup parent if not creating cgroups: invalid argument\n'],
    [['--cgroups', 'split', '--cgroup-parent', '/x'], 125, 'Error: cannot specify --cgroup-mode=split with a cgroup-parent: invalid argument\n'],
    [['--cpus', '0.001'], 125, 'Error: CPU cfs quota cannot be less than 1ms (i.e. 1000)\n'],
    [['--cpu-quota', '500'], 125, 'Error: CPU cfs quota cannot be less than 1ms (i.e. 1000)\n'],
    [['--cpu-period', '500'], 125, 'Error: CPU cfs period cannot be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)\n'],
    // Node itself looks for --env-file in its argv: the launchers end Node's options with `--` so this one is berth's.
    [['--env-file', '/nonexistent-env'], 125, 'Error: parsing env file "/nonexistent-env": open /nonexistent-env: no such file or directory\n'],
    [['--memory', '64m', '--memory-swap', '32m'], 125, 'Error: minimum memoryswap limit should be larger than memory limit, see usage\n'],
    [['--memory-reservation', '128m', '--memory', '64m'], 125, 'Error: minimum memory limit cannot be less than memory reservation limit, see usage\n'],
    [['--cpuset-cpus', '9999'], 125, `Error: requested CPUs are not available - requested 9999, available: ${fs.readFileSync('/sys/devices/system/cpu/online', 'utf8').trim()}\n`],
    [['--ulimit', 'bogus=1'], 125, 'Error: ulimit option "bogus=1" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: bogus\n'],
    [['--shm-size', 'abc'], 125, "Error: unable to translate --shm-size: invalid size: 'abc'\n"],
    [['--sysctl', 'kernel.bogus=1'], 125, "Error: sysctl 'kernel.bogus' is not allowed\n"],
    [['--tmpfs', 'relative'], 125, 'Error: invalid container path "relative", must be an absolute path\n'],
    [['--cap-add', 'CAP_BOGUS'], 125, 'Error: "CAP_BOGUS": unknown capability\n'],
    [['--add-host', 'bad'], 125, 'Error: bad format for add-host: "bad"\n'],
    [['--dns', 'bad'], 125, 'Error: bad is not an ip address\n'],
    [['--dns', '1.1.1.1'], 125, 'Error: conflicting options: dns and the network mode: none\n'],
    [['-v', ':/x'], 125, 'Error: host directory cannot be empty\n'],
    [['--init', '--init-path', '/nonexistent-init'], 125, 'Error: container-init binary not found on the host: stat /nonexistent-init: no such file or directory\n'],
  ];
  for (const [flags, code, stderr] of cases) {
    for (const verb of ['run', 'create']) {
      const r = sb.run([verb, '--rm', '--network', 'none', ...flags, 'busybox', 'true']);
      assert.deepEqual([r.code, r.stderr], [code, stderr], `${verb} ${flags.join(' ')}`);
    }
  }
  assert.deepEqual(rows(sb.root), [], 'no container was made');
});

test('stdin with -i, env, workdir created, hostname, stderr kept apart', () => {
  const r = sb.run(['run', '--rm', '-i', '-e', 'FOO=bar', '-w', '/new/dir', '--hostname', 'hh', 'busybox', 'sh', '-c', 'cat; echo $FOO; pwd; hostname; echo err >&2'], { input: 'piped\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'piped\nbar\n/new/dir\nhh\n');
  assert.equal(r.stderr, 'err\n');
});

test('-d, stop, rm: only conmon stays resident; rm of a running container needs -f (exit 2)', async () => {
  const d = sb.run(['run', '-d', '--name', 'sleeper', 'busybox', 'sleep', '100']);
  assert.equal(d.code, 0, d.stderr);
  const id = d.stdout.trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  await new Promise((r) => setTimeout(r, 500)); // any cleanup process from `run` is long gone
  const procs = processesOf(sb.dir);
  assert.equal(procs.length, 1, JSON.stringify(procs));
  assert.match(procs[0]!.cmd, /^\/usr\/bin\/conmon /);
  const conflict = sb.run(['run', '-d', '--name', 'sleeper', 'busybox', 'true']);
  assert.equal(conflict.code, 125);
  assert.equal(conflict.stderr, `Error: creating container storage: the container name "sleeper" is already in use by ${id}. You have to remove that container to be able to reuse that name: that name is already in use\n`);
  const rm = sb.run(['rm', 'sleeper']);
  assert.equal(rm.code, 2);
  assert.match(rm.stderr, /as it is running - running or paused containers cannot be removed without force: container state improper/);
  const t0 = Date.now();
  const stop = sb.run(['stop', '-t', '1', 'sleeper']);
  assert.equal(stop.code, 0, stop.stderr);
  assert.equal(stop.stdout, 'sleeper\n');
  assert.ok(Date.now() - t0 < 5000);
  assert.equal(sb.run(['wait', 'sleeper']).stdout, '137\n');
  assert.equal(sb.run(['rm', 'sleeper']).code, 0);
  assert.equal(sb.run(['rm', 'sleeper']).code, 1);
  await settle(sb.dir);
  assert.deepEqual(processesOf(sb.dir), []);
});

test('--rm leaves nothing: no row, mount, runtime state, bundle or conmon', async () => {
  assert.equal(sb.run(['run', '--rm', 'busybox', 'true']).code, 0);
  await settle(sb.dir);
  assert.deepEqual(rows(sb.root), []);
  assert.deepEqual(mountsUnder(sb.dir), []);
  assert.deepEqual(fs.readdirSync(path.join(sb.runroot, 'runc')), []);
  assert.deepEqual(fs.readdirSync(path.join(sb.runroot, 'containers')), []);
});

test('create, start, wait, start -a, rename, pause/unpause, kill', async () => {
  const c = sb.run(['create', '--name', 'cr', 'busybox', 'sh', '-c', 'exit 7']);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(rows(sb.root).find((r) => r.name === 'cr')?.state, 'created');
  assert.equal(sb.run(['start', 'cr']).stdout, 'cr\n');
  assert.equal(sb.run(['wait', 'cr']).stdout, '7\n');
  assert.equal(sb.run(['start', '-a', 'cr']).code, 7);
  assert.equal(sb.run(['rename', 'cr', 'cr2']).code, 0);
  assert.equal(sb.run(['rm', 'cr2']).code, 0);

  const p = sb.run(['run', '-d', '--name', 'pz', 'busybox', 'sleep', '100']);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(sb.run(['pause', 'pz']).code, 0);
  assert.equal(rows(sb.root).find((r) => r.name === 'pz')?.state, 'paused');
  assert.match(sb.run(['pause', 'pz']).stderr, /is already paused: container state improper/);
  assert.equal(sb.run(['unpause', 'pz']).code, 0);
  assert.equal(sb.run(['kill', 'pz']).stdout, 'pz\n');
  assert.equal(sb.run(['wait', 'pz']).stdout, '137\n');
  assert.equal(sb.run(['rm', 'pz']).code, 0);
  await settle(sb.dir);
});

test('-it through a pseudo-terminal: type, read back, detach with ctrl-p ctrl-q; the container keeps running', async () => {
  const py = `
import os, pty, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
def until(pat, t=15):
    global out
    end = time.time() + t
    while time.time() < end:
        if select.select([fd], [], [], 0.1)[0]:
            try: d = os.read(fd, 4096)
            except OSError: return False
            if not d: return False
            out += d
            if pat in out: return True
    return False
ok1 = until(b'# ')
os.write(fd, b'echo hi$((40+2))\\n')
ok2 = until(b'hi42')
os.write(fd, b'\\x10\\x11')
_, st = os.waitpid(pid, 0)
print(ok1, ok2, os.waitstatus_to_exitcode(st))
`;
  const r = spawnSync('python3', ['-c', py, BERTH, '--root', sb.root, '--runroot', sb.runroot, 'run', '-it', '--name', 'tty', 'busybox', 'sh'], {
    env: sb.env, encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(r.stdout.trim(), 'True True 0', r.stderr);
  assert.equal(rows(sb.root).find((x) => x.name === 'tty')?.state, 'running');
  assert.equal(sb.run(['rm', '-f', '-t', '0', 'tty']).code, 0);
  await settle(sb.dir);
});

test('10 parallel run -d all succeed with distinct names', async () => {
  const rs = await Promise.all(Array.from({ length: 10 }, () => sb.runAsync(['run', '-d', 'busybox', 'true'])));
  for (const r of rs) assert.equal(r.code, 0, r.stderr);
  const ids = new Set(rs.map((r) => r.stdout.trim()));
  assert.equal(ids.size, 10);
  const names = new Set(rows(sb.root).map((r) => r.name));
  assert.equal(names.size, 10);
  for (const n of names) assert.match(n, /^[a-z]+_[a-z]+\d?$/);
  assert.equal(sb.run(['rm', '-a', '-f']).code, 0);
  await settle(sb.dir);
  assert.deepEqual(rows(sb.root), []);
});
