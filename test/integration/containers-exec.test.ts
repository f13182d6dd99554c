// Integration: exec (exit codes, -e/--env-file/-u/-w/-i/-d/--privileged, sessions) and attach through a pseudo-terminal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sandbox, BERTH, type Sandbox } from '../helpers/berth.ts';
import { removeAllAndCheckClean } from '../helpers/containers.ts';

let sb: Sandbox;

before(() => {
  sb = sandbox();
  assert.equal(sb.run(['pull', '-q', 'busybox']).code, 0);
  const d = sb.run(['run', '-d', '--network', 'none', '--name', 'box', 'busybox', 'sleep', '1000']);
  assert.equal(d.code, 0, d.stderr);
});

after(() => removeAllAndCheckClean(sb));

test('exec: output, exit codes 0/3/126/127, podman messages', () => {
  const ok = sb.run(['exec', 'box', 'echo', 'hello']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'hello\n');
  assert.equal(sb.run(['exec', 'box', 'sh', '-c', 'echo out; echo err >&2; exit 3']).code, 3);
  const split = sb.run(['exec', 'box', 'sh', '-c', 'echo out; echo err >&2']);
  assert.equal(split.stdout, 'out\n');
  assert.equal(split.stderr, 'err\n');
  const nf = sb.run(['exec', 'box', 'nosuchcmd']);
  assert.equal(nf.code, 127);
  assert.match(nf.stderr, /^Error: runc: exec failed: .*exec: "nosuchcmd": executable file not found in \$PATH: OCI runtime attempted to invoke a command that was not found\n$/);
  const ne = sb.run(['exec', 'box', '/etc/passwd']);
  assert.equal(ne.code, 126);
  assert.match(ne.stderr, /permission denied: OCI permission denied\n$/);
  const empty = sb.run(['exec', 'box']);
  assert.equal(empty.code, 255);
  assert.equal(empty.stderr, 'Error: must provide a non-empty command to start an exec session: invalid argument\n');
  assert.equal(sb.run(['exec', 'nosuch', 'true']).code, 125);
});

test('exec: -e, --env-file, -u nobody (HOME, no caps), -w, -i stdin, --privileged, -l', () => {
  const envFile = path.join(sb.dir, 'env');
  fs.writeFileSync(envFile, '# comment\nFROMFILE=f\nA=file\n');
  const e = sb.run(['exec', '-e', 'A=1', '-e', 'HOSTV', '--env-file', envFile, 'box', 'sh', '-c', 'echo $A $FROMFILE $HOSTV $PATH'], { env: { HOSTV: 'h' } });
  assert.equal(e.stdout, '1 f h /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n');
  const u = sb.run(['exec', '-u', 'nobody', '-w', '/tmp', 'box', 'sh', '-c', 'id; pwd; echo $HOME; grep CapEff /proc/self/status']);
  assert.equal(u.code, 0, u.stderr);
  assert.equal(u.stdout, 'uid=65534(nobody) gid=65534(nogroup)\n/tmp\n/home\nCapEff:\t0000000000000000\n');
  const badUser = sb.run(['exec', '-u', 'nosuchuser', 'box', 'true']);
  assert.equal(badUser.code, 255);
  assert.equal(badUser.stderr, 'Error: unable to find user nosuchuser: no matching entries in passwd file\n');
  assert.equal(sb.run(['exec', '-i', 'box', 'cat'], { input: 'piped\n' }).stdout, 'piped\n');
  const priv = sb.run(['exec', '--privileged', 'box', 'grep', 'CapEff', '/proc/self/status']).stdout;
  const normal = sb.run(['exec', 'box', 'grep', 'CapEff', '/proc/self/status']).stdout;
  assert.ok(BigInt(`0x${priv.split('\t')[1]!.trim()}`) > BigInt(`0x${normal.split('\t')[1]!.trim()}`), `${priv} vs ${normal}`);
  assert.equal(sb.run(['exec', '-l', 'echo', 'latest']).stdout, 'latest\n');
});

test('exec -d records a session (inspect ExecIDs); attached sessions leave no record', async () => {
  assert.equal(sb.run(['inspect', '-f', '{{len .ExecIDs}}', 'box']).stdout, '0\n');
  const d = sb.run(['exec', '-d', 'box', 'sleep', '2']);
  assert.equal(d.code, 0, d.stderr);
  const sid = d.stdout.trim();
  assert.match(sid, /^[0-9a-f]{64}$/);
  assert.equal(sb.run(['inspect', '-f', '{{.ExecIDs}}', 'box']).stdout, `[${sid}]\n`);
  assert.match(sb.run(['top', 'box', 'args']).stdout, /sleep 2/);
});

test('exec into a stopped container: podman error (exit 255 as podman 4.3, not 125)', () => {
  assert.equal(sb.run(['create', '--network', 'none', '--name', 'idle', 'busybox', 'true']).code, 0);
  const r = sb.run(['exec', 'idle', 'true']);
  assert.equal(r.code, 255);
  assert.equal(r.stderr, 'Error: can only create exec sessions on running containers: container state improper\n');
  assert.equal(sb.run(['rm', 'idle']).code, 0);
});

/** Drives a command in a pseudo-terminal: waits, types each input, returns the exit code and everything it printed. */
function inPty(args: string[], inputs: string[]): { code: number; out: string } {
  const script = `
import os, pty, sys, time, select, json
args, inputs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(args[0], args)
out = b''
def pump(sec):
    global out
    end = time.time() + sec
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                d = os.read(fd, 4096)
            except OSError:
                return False
            if not d:
                return False
            out += d
    return True
pump(1.0)
for s in inputs:
    os.write(fd, s.encode())
    pump(1.0)
end = time.time() + 15
while time.time() < end and pump(0.2):
    pass
_, st = os.waitpid(pid, 0)
sys.stdout.write(json.dumps({'code': os.waitstatus_to_exitcode(st), 'out': out.decode('utf8', 'replace')}))
`;
  const r = spawnSync('python3', ['-c', script, JSON.stringify(args), JSON.stringify(inputs)], { encoding: 'utf8', env: sb.env, timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { code: number; out: string };
}

test('attach through a pty: type, read, detach with ctrl-p ctrl-q (exit 0, prints nothing), re-attach, exit', () => {
  const base = [BERTH, '--root', sb.root, '--runroot', sb.runroot];
  const d = sb.run(['run', '-dit', '--network', 'none', '--name', 'tty1', 'busybox', 'sh']);
  assert.equal(d.code, 0, d.stderr);
  const first = inPty([...base, 'attach', 'tty1'], ['echo hi-$((40+2))\r', '\x10\x11']);
  assert.equal(first.code, 0);
  assert.match(first.out, /hi-42/);
  assert.equal(sb.run(['inspect', '-f', '{{.State.Status}}', 'tty1']).stdout, 'running\n');
  const second = inPty([...base, 'attach', 'tty1'], ['exit 4\r']);
  assert.equal(second.code, 4);
  assert.equal(sb.run(['wait', 'tty1']).stdout, '4\n');
  const refused = sb.run(['attach', 'tty1']);
  assert.equal(refused.code, 125);
  assert.equal(refused.stderr, 'Error: you can only attach to running containers\n');
  // exec -it in the pty, custom detach keys
  assert.equal(sb.run(['start', 'tty1']).code, 0);
  const ex = inPty([...base, 'exec', '-it', 'tty1', 'sh'], ['tty; echo in-$((1+1))\r', 'exit 6\r']);
  assert.equal(ex.code, 6);
  assert.match(ex.out, /\/dev\/pts\/\d+/);
  assert.match(ex.out, /in-2/);
  const det = inPty([...base, 'attach', '--detach-keys', 'ctrl-x', 'tty1'], ['echo again\r', '\x18']);
  assert.equal(det.code, 0);
  assert.match(det.out, /again/);
  assert.equal(sb.run(['rm', '-f', '-t', '0', 'tty1']).code, 0);
});
