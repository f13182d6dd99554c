// The short-name prompt end to end through a real pseudo-terminal: two unqualified-search registries, both on
// 127.0.0.1 (the mirror and a registry this file starts), the pick pulled and recorded in the sandbox's alias cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BERTH, sandbox, type Sandbox } from '../helpers/berth.ts';
import { startRegistry, type TestRegistry } from '../helpers/registry.ts';
import { makeTestImage, pushTestImage } from '../helpers/registry-image.ts';
import { RegistryClient } from '../../src/image/registry/client.ts';

const MIRROR = process.env['BERTH_MIRROR_ADDR'] ?? '127.0.0.1:5000';
const img = makeTestImage('hello from the second registry\n');
const secondId = img.configs.amd64!.digest.slice('sha256:'.length);
let reg: TestRegistry;
let sb: Sandbox;
let aliases: string;

/** Search registries for this sandbox: a user drop-in (HOME is the sandbox's), which wins over the system drop-ins. */
function searchConf(mode: string): void {
  const dir = path.join(sb.dir, 'home', '.config', 'containers', 'registries.conf.d');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, '99-test.conf'), `unqualified-search-registries = ["${MIRROR}", "${reg.host}"]\nshort-name-mode = "${mode}"\n`);
}

before(async () => {
  reg = await startRegistry();
  const client = new RegistryClient({ host: reg.host, insecure: true });
  await pushTestImage(client, 'library/busybox', img, 'latest');
  client.close();
  sb = sandbox({
    registriesConf: `[[registry]]\nlocation = "${MIRROR}"\ninsecure = true\n\n[[registry]]\nlocation = "${reg.host}"\ninsecure = true\n`,
  });
  aliases = path.join(sb.dir, 'cache', 'short-name-aliases.conf');
  sb.env['HOME'] = path.join(sb.dir, 'home');
  sb.env['BERTH_SHORT_NAME_ALIASES_CONF'] = aliases;
});
after(async () => {
  sb.run(['rmi', '-a', '-f']);
  sb.cleanup();
  await reg.stop();
});

const candidates = () => [`${MIRROR}/library/busybox:latest`, `${reg.host}/library/busybox:latest`];

/** Runs berth in a pty: waits for the prompt, types `keys`, then collects everything until it exits. */
function inPty(args: string[], keys: string): { out: string; code: number; prompted: boolean } {
  const py = `
import os, pty, sys, time, select, json
keys = bytes.fromhex(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
out = b''
def until(pat, t):
    global out
    end = time.time() + t
    while time.time() < end:
        if pat is not None and pat in out: return True
        if select.select([fd], [], [], 0.1)[0]:
            try: d = os.read(fd, 4096)
            except OSError: return False
            if not d: return False
            out += d
    return False
prompted = until(b'Please select an image', 20)
if prompted:
    for k in keys.split(b'|'):
        time.sleep(0.2); os.write(fd, k)
until(None, 60)
_, st = os.waitpid(pid, 0)
print(json.dumps({'out': out.decode('utf8', 'replace'), 'code': os.waitstatus_to_exitcode(st), 'prompted': prompted}))
`;
  const r = spawnSync('python3', ['-c', py, Buffer.from(keys).toString('hex'), BERTH, '--root', sb.root, '--runroot', sb.runroot, ...args], {
    env: sb.env, encoding: 'utf8', timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { out: string; code: number; prompted: boolean };
}

const ESC = '\x1b[';
/** The first frame as podman 4.3.1 draws it (recorded in a pty). */
const firstFrame = () =>
  `${ESC}?25l${ESC}2K\r${ESC}34m?${ESC}0m Please select an image: \r\n` +
  `${ESC}2K\r  ${ESC}1m▸${ESC}0m ${ESC}4m${candidates()[0]}${ESC}0m\r\n${ESC}2K\r    ${candidates()[1]}\r\n${ESC}J`;

test('enforcing, on a terminal: the list, arrow down + enter pulls the second registry\'s image and records the alias', () => {
  searchConf('enforcing');
  const r = inPty(['pull', 'library/busybox'], '\x1b[B|\r');
  assert.equal(r.code, 0, r.out);
  assert.ok(r.out.startsWith(firstFrame()), JSON.stringify(r.out.slice(0, 400)));
  assert.ok(r.out.includes(`${ESC}32m${ESC}32m✔${ESC}0m ${ESC}2m${candidates()[1]}${ESC}0m\r\n${ESC}?25h`), r.out);
  assert.ok(r.out.includes(`Trying to pull ${candidates()[1]}...`), r.out);
  assert.ok(!r.out.includes('Resolving "library/busybox"'), 'podman prints no resolution line after a pick');
  assert.ok(r.out.trimEnd().endsWith(secondId), r.out);
  assert.equal(readFileSync(aliases, 'utf8'), `[aliases]\n  "library/busybox" = "${reg.host}/library/busybox"\n`);
  // the alias now decides without a question, with podman's line naming the cache file
  assert.equal(sb.run(['rmi', '-a']).code, 0);
  const again = sb.run(['pull', 'library/busybox']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`^Resolved "library/busybox" as an alias \\(${aliases.replace(/[.]/g, '\\.')}\\)\nTrying to pull ${reg.host}/library/busybox:latest\\.\\.\\.\n`));
  assert.equal(again.stdout.trim(), secondId);
  rmSync(aliases);
  assert.equal(sb.run(['rmi', '-a']).code, 0);
});

test('create (and run) pulling a short name on a terminal ask the same question', () => {
  searchConf('enforcing');
  const r = inPty(['create', '--name', 'picked', 'library/busybox', '/hello'], '\x1b[B|\r');
  assert.ok(r.prompted, r.out);
  assert.equal(r.code, 0, r.out);
  assert.ok(r.out.includes(`Trying to pull ${candidates()[1]}...`), r.out);
  assert.equal(sb.run(['ps', '-a', '--format', '{{.Image}}']).stdout.trim(), candidates()[1]);
  assert.equal(sb.run(['rm', 'picked']).code, 0);
  rmSync(aliases, { force: true });
  assert.equal(sb.run(['rmi', '-a']).code, 0);
});

test('Ctrl-C at the prompt: podman\'s "Error: ^C", exit 125, nothing pulled or recorded', () => {
  searchConf('permissive');
  const r = inPty(['pull', 'library/busybox'], '\x03');
  assert.ok(r.prompted, r.out);
  assert.equal(r.code, 125);
  assert.ok(r.out.endsWith(`\r\n${ESC}?25h${ESC}JError: ^C\r\n`), JSON.stringify(r.out.slice(-80)));
  assert.equal(sb.run(['images', '-q']).stdout, '');
  assert.ok(!existsSync(aliases));
});

test('a short name already stored under a candidate is pulled under that name without a question', () => {
  searchConf('enforcing');
  assert.equal(sb.run(['pull', '-q', candidates()[1]!]).code, 0);
  const r = inPty(['pull', 'library/busybox'], '\r');
  assert.equal(r.prompted, false, r.out);
  assert.equal(r.code, 0, r.out);
  assert.ok(r.out.includes(`Trying to pull ${candidates()[1]}...`), r.out);
  assert.ok(!existsSync(aliases));
  assert.equal(sb.run(['rmi', '-a']).code, 0);
});

test('without a terminal: enforcing fails with podman\'s error, permissive tries the candidates in order', () => {
  searchConf('enforcing');
  const e = sb.run(['pull', 'library/busybox']);
  assert.equal(e.code, 125);
  assert.equal(e.stderr, 'Error: short-name resolution enforced but cannot prompt without a TTY\n');
  searchConf('permissive');
  const p = sb.run(['pull', 'library/busybox']);
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stderr, new RegExp(`^Resolving "library/busybox" using unqualified-search registries \\(.*99-test\\.conf\\)\nTrying to pull ${MIRROR}/library/busybox:latest\\.\\.\\.\n`));
  assert.ok(!existsSync(aliases));
  assert.equal(sb.run(['rmi', '-a']).code, 0);
});
