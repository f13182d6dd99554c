// Integration: `berth pull` from the local mirror (index → amd64/arm64), output as podman prints it, skipped layers,
// platform and tag errors leaving nothing behind, concurrent pulls, -q, and search of the mirror as docker.io.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BERTH, sandbox, type Sandbox } from '../helpers/berth.ts';

const BUSYBOX_AMD64 = 'd8a6c043c4ab880523251c34e5ca92f25aef6bd4905a861c059868d6a9b8a4ca';
const BUSYBOX_ARM64 = '12c8947640711834fb74b0013b91387dcc576e765d80dff64ffbca34e170f98a';

const boxes: Sandbox[] = [];
const fresh = () => {
  const sb = sandbox();
  boxes.push(sb);
  return sb;
};
after(() => boxes.forEach((b) => b.cleanup()));

/** Layer directories (overlay diff or vfs tree) holding `rel`. */
function layersWith(sb: Sandbox, rel: string): string[] {
  const out: string[] = [];
  for (const [dir, sub] of [[path.join(sb.root, 'overlay'), 'diff'], [path.join(sb.root, 'vfs', 'dir'), '']] as const) {
    if (!existsSync(dir)) continue;
    for (const id of readdirSync(dir)) if (existsSync(path.join(dir, id, sub, rel))) out.push(id);
  }
  return out;
}

/** Runs berth under a pseudo-terminal (script(1)) so progress is drawn as bars. */
function runTty(sb: Sandbox, args: string[]): { code: number; out: string } {
  const cmd = [BERTH, '--root', sb.root, '--runroot', sb.runroot, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', `stty cols 100; ${cmd}`, '/dev/null'], { encoding: 'utf8', env: sb.env, timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout };
}

test('pull busybox: podman lines on stderr, the ID on stdout, the rootfs layer on disk', () => {
  const sb = fresh();
  const r = sb.run(['pull', 'busybox']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${BUSYBOX_AMD64}\n`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.match(lines[0]!, /^Resolved "busybox" as an alias \(.*shortnames\.conf\)$/);
  assert.deepEqual(lines.slice(1, 3), ['Trying to pull docker.io/library/busybox:latest...', 'Getting image source signatures']);
  assert.match(lines[3]!, /^Copying blob sha256:[0-9a-f]{64}$/);
  assert.deepEqual(lines.slice(4), [`Copying config sha256:${BUSYBOX_AMD64}`, 'Writing manifest to image destination', 'Storing signatures']);
  assert.equal(layersWith(sb, 'bin/busybox').length, 1);
  // Compressed blobs are not kept once applied.
  assert.deepEqual(readdirSync(path.join(sb.root, 'ingest')).filter((n) => !n.endsWith('.lock')), []);
  const digests = sb.run(['images', '--format', '{{.Repository}}:{{.Tag}} {{.Digest}}']);
  assert.match(digests.stdout, /^docker\.io\/library\/busybox:latest sha256:[0-9a-f]{64}\n$/);

  const again = runTty(sb, ['pull', 'busybox']);
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /Copying blob [0-9a-f]{12} skipped: already exists/);
  assert.match(again.out, /Copying config d8a6c043c4 done/);
  assert.match(again.out, new RegExp(`${BUSYBOX_AMD64}\\r?\\n$`));

  // A re-pull of a stored image takes its config from the store: no blob request at all; the insecure mirror is
  // asked over https and http at once.
  const warm = sb.run(['--log-level', 'debug', 'pull', '-q', 'busybox']);
  assert.equal(warm.code, 0, warm.stderr);
  assert.equal(warm.stdout, `${BUSYBOX_AMD64}\n`);
  assert.doesNotMatch(warm.stderr, /GET \S+\/blobs\//);
  assert.match(warm.stderr, /ping http:\/\/[^:]+:\d+: status 200/);
});

test('--platform linux/arm64 pulls the arm64 instance; -q prints only the ID', () => {
  const sb = fresh();
  const r = sb.run(['pull', '-q', '--platform', 'linux/arm64', 'busybox']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${BUSYBOX_ARM64}\n`);
  assert.equal(r.stderr, '');
  const arch = sb.run(['image', 'inspect', '--format', '{{.Architecture}}', 'busybox']);
  assert.equal(arch.stdout.trim(), 'arm64');
});

test('unknown platform and missing tag: one-line errors, exit 125, nothing visible', () => {
  const sb = fresh();
  const p = sb.run(['pull', '--platform', 'linux/s390x', 'busybox']);
  assert.equal(p.code, 125);
  assert.match(p.stderr, /Error: choosing an image from manifest list docker:\/\/busybox:latest: no image found in image index for architecture s390x, variant "", OS linux\n/);
  const t = sb.run(['pull', 'busybox:nope']);
  assert.equal(t.code, 125);
  assert.match(
    t.stderr,
    /Error: initializing source docker:\/\/busybox:nope: \(Mirrors also failed: \[127\.0\.0\.1:5000\/library\/busybox:nope: reading manifest nope in 127\.0\.0\.1:5000\/library\/busybox: manifest unknown: manifest unknown\]\): 127\.0\.0\.1:5000\/library\/busybox:nope: reading manifest nope/,
  );
  const bad = sb.run(['pull', 'Foo!']);
  assert.equal(bad.code, 125);
  assert.equal(bad.stderr, 'Error: invalid reference format\n');
  assert.equal(sb.run(['images', '-q']).stdout, '');
  assert.deepEqual(layersWith(sb, 'bin/busybox'), []);
});

test('two concurrent pulls of the same image: both succeed, one image, the layer stored once', async () => {
  const sb = fresh();
  const [a, b] = await Promise.all([sb.runAsync(['pull', '-q', 'busybox']), sb.runAsync(['pull', '-q', 'busybox'])]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(a.stdout, `${BUSYBOX_AMD64}\n`);
  assert.equal(b.stdout, a.stdout);
  assert.equal(sb.run(['images', '-q']).stdout, `${BUSYBOX_AMD64.slice(0, 12)}\n`);
  assert.equal(layersWith(sb, 'bin/busybox').length, 1);
});

test('search finds busybox on the mirror under docker.io; --list-tags lists its tags', () => {
  const sb = fresh();
  const r = sb.run(['search', 'busybox']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'NAME                       DESCRIPTION\ndocker.io/library/busybox  \n');
  const tags = sb.run(['search', '--list-tags', '--format', '{{.Name}} {{.Tag}}', 'busybox']);
  assert.equal(tags.stdout, 'docker.io/library/busybox latest\n');
  const direct = sb.run(['search', '--format', '{{.Name}}', '--limit', '2', '127.0.0.1:5000/']);
  assert.equal(direct.stdout, '127.0.0.1:5000/library/bench-big\n127.0.0.1:5000/library/busybox\n');
  const json = JSON.parse(sb.run(['search', '--format', 'json', 'busy']).stdout);
  assert.deepEqual(json, [{ Index: 'docker.io', Name: 'docker.io/library/busybox', Description: '', Stars: 0, Official: '', Automated: '', Tag: '' }]);
  assert.equal(sb.run(['search', '--filter', 'is-official', 'busybox']).stdout, '');
});
