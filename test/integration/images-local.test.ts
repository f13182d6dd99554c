// The store-only image verbs end to end through bin/berth, on images seeded into a sandbox's store without pull.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { sandbox } from '../helpers/berth.ts';
import { seedImage, seedContainer, type SeededImage } from '../helpers/seed-image.ts';
import { openStateDb } from '../../src/state/db.ts';
import { tagImage } from '../../src/image/store.ts';

const sb = sandbox();
after(() => sb.cleanup());
let bb: SeededImage;
let deb: SeededImage;
let dang: SeededImage;

before(async () => {
  bb = await seedImage(sb.root, { names: ['docker.io/library/busybox:latest', 'localhost/mine:latest'], labels: { x: 'y' }, layers: [{ a: 'a' }, { b: 'bb' }] });
  deb = await seedImage(sb.root, { names: ['docker.io/library/debian:bookworm-slim'], created: '2024-01-01T00:00:00Z', layers: [{ d: 'd' }] });
  dang = await seedImage(sb.root, { created: '2023-01-01T00:00:00Z', layers: [{ e: 'e' }] });
});

const ok = (args: string[], input?: string) => {
  const r = sb.run(args, input === undefined ? {} : { input });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

test('images: one row per name, <none> for dangling, -q unique, --digests, --no-trunc, json rows', () => {
  const out = ok(['images']);
  const lines = out.trimEnd().split('\n');
  assert.match(lines[0]!, /^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE$/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(/ {2,}/).slice(0, 3)), [
    ['docker.io/library/busybox', 'latest', bb.id.slice(0, 12)],
    ['localhost/mine', 'latest', bb.id.slice(0, 12)],
    ['docker.io/library/debian', 'bookworm-slim', deb.id.slice(0, 12)],
    ['<none>', '<none>', dang.id.slice(0, 12)],
  ]);
  assert.match(lines[1]!, /18 months ago|months ago|years ago/);
  assert.equal(ok(['images', '-q']), `${bb.id.slice(0, 12)}\n${deb.id.slice(0, 12)}\n${dang.id.slice(0, 12)}\n`);
  assert.match(ok(['images', '-q', '--no-trunc']), new RegExp(`^sha256:${bb.id}\n`));
  assert.match(ok(['image', 'ls', '--digests', '--noheading']), new RegExp(`latest +${bb.digest} +${bb.id.slice(0, 12)}`));
  const json = JSON.parse(ok(['image', 'list', '--format', 'json']));
  assert.equal(json.length, 4);
  assert.equal(json[0].RepoTags, null);
  assert.deepEqual(json[0].Labels, { x: 'y' });
  assert.deepEqual(json[0].History, ['localhost/mine:latest', 'docker.io/library/busybox:latest']);
  assert.equal(json[3].Dangling, true);
  assert.equal(ok(['images', '--format', '{{.Repository}}:{{.Tag}}', '--sort', 'repository', 'busybox']), 'docker.io/library/busybox:latest\nlocalhost/mine:latest\n');
});

test('images: filters, sort errors, unknown filters', () => {
  assert.equal(ok(['images', '-f', 'dangling=true', '-q']), `${dang.id.slice(0, 12)}\n`);
  assert.equal(ok(['images', '-f', 'label=x=y', '-q']), `${bb.id.slice(0, 12)}\n`);
  assert.equal(ok(['images', '-f', 'before=debian:bookworm-slim', '-q']), `${dang.id.slice(0, 12)}\n`);
  assert.equal(ok(['images', '-f', 'since=debian:bookworm-slim', '-q']), `${bb.id.slice(0, 12)}\n`);
  assert.equal(ok(['images', '-f', 'reference=mine', '--format', '{{.ID}}']), `${bb.id.slice(0, 12)}\n${bb.id.slice(0, 12)}\n`);
  assert.equal(ok(['images', 'nonexistent', '--noheading']), '');
  const cases: Array<[string[], string]> = [
    [['images', '--sort', 'bogus'], 'Error: "bogus" is not a valid field for sorting. Choose from: tag, created, id, repository, size\n'],
    [['images', '-f', 'bogus=1'], 'Error: unsupported image filter "bogus"\n'],
    [['images', '-f', 'before=nope'], 'Error: could not find local image for filter filter "before"="nope": nope: image not known\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = sb.run(args);
    assert.equal(r.code, 125, args.join(' '));
    assert.equal(r.stderr, stderr);
  }
});

test('images lists 200 tags of one image as 200 rows', async () => {
  const s2 = sandbox();
  try {
    const img = await seedImage(s2.root, { names: ['docker.io/library/many:t0'] });
    const db = openStateDb(s2.root);
    tagImage(db, img.id, Array.from({ length: 199 }, (_, i) => `docker.io/library/many:t${i + 1}`));
    db.close();
    const r = s2.run(['images', '--noheading']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd().split('\n').length, 200);
  } finally {
    s2.cleanup();
  }
});

test('image inspect: podman ImageData with 5-space indent, templates, errors', () => {
  const out = ok(['image', 'inspect', 'busybox']);
  assert.match(out, /^\[\n {5}\{\n {10}"Id": "/);
  const [d] = JSON.parse(out);
  assert.equal(d.Id, bb.id);
  assert.deepEqual(d.RepoTags, ['docker.io/library/busybox:latest', 'localhost/mine:latest']);
  assert.deepEqual(d.RepoDigests, [`docker.io/library/busybox@${bb.digest}`, `localhost/mine@${bb.digest}`]);
  assert.equal(d.RootFS.Layers.length, 2);
  assert.deepEqual(d.Config.Cmd, ['sh']);
  assert.deepEqual(d.Labels, { x: 'y' });
  assert.equal(d.GraphDriver.Name, 'vfs');
  assert.equal(ok(['image', 'inspect', '--format', '{{.Id}} {{.Config.Labels.x}}', 'mine']), `${bb.id} y\n`);
  const r = sb.run(['image', 'inspect', 'busybox', 'nope', 'nope2', '--format', '{{.Os}}']);
  assert.equal(r.code, 125);
  assert.equal(r.stdout, 'linux\n');
  assert.equal(r.stderr, 'error inspecting object: nope2: image not known\nError: inspecting object: nope: image not known\n');
  const none = sb.run(['image', 'inspect', 'nope']);
  assert.equal(none.stdout, '[]\n');
});

test('history: <missing> rows, -q, --no-trunc, -H=false, json', () => {
  const lines = ok(['history', 'busybox']).trimEnd().split('\n');
  assert.match(lines[0]!, /^ID +CREATED +CREATED BY +SIZE +COMMENT$/);
  assert.match(lines[1]!, new RegExp(`^${bb.id.slice(0, 12)} +\\S.* ago +CMD \\["sh"\\] +0 B`));
  assert.match(lines[2]!, /^<missing> +.* seed layer 2 +2\.05 kB/);
  assert.equal(ok(['image', 'history', '-q', 'busybox']), `${bb.id.slice(0, 12)}\n<missing>\n<missing>\n`);
  assert.match(ok(['history', '--no-trunc', '-H=false', 'busybox']), new RegExp(`\n${bb.id} +2025-05-20T00:00:00Z +CMD`));
  const json = ok(['history', '--format', 'json', 'busybox']);
  assert.match(json, /^\[\{"id":"[0-9a-f]{64}","created":"2025-05-20T00:00:00Z","CreatedBy":"CMD \[\\"sh\\"\]","size":0,/);
  assert.match(json, /"id":"\\u003cmissing\\u003e"/);
  const r = sb.run(['history', 'nope']);
  assert.equal(r.code, 125);
  assert.equal(r.stderr, 'Error: nope: image not known\n');
  assert.equal(sb.run(['history']).stderr, 'Error: accepts 1 arg(s), received 0\n');
});

test('tag and untag: normalization and errors', () => {
  ok(['tag', 'debian:bookworm-slim', 'deb1', 'quay.io/x/y:v1']);
  const names = JSON.parse(ok(['image', 'inspect', deb.id])).at(0).RepoTags;
  assert.deepEqual(names, ['docker.io/library/debian:bookworm-slim', 'localhost/deb1:latest', 'quay.io/x/y:v1']);
  const cases: Array<[string[], string]> = [
    [['tag', 'debian:bookworm-slim'], 'Error: requires at least 2 arg(s), only received 1\n'],
    [['tag', 'nope', 'x'], 'Error: nope: image not known\n'],
    [['tag', 'deb1', 'Bad:Name'], 'Error: normalizing name "Bad:Name": normalizing name "Bad:Name": repository name must be lowercase\n'],
    [['tag', 'deb1', `x@${bb.digest}`], `Error: x@${bb.digest}: tag by digest not supported\n`],
    [['untag', 'deb1', 'nope'], 'Error: localhost/nope:latest: tag not known\n'],
    [['untag', 'nope'], 'Error: nope: image not known\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = sb.run(args);
    assert.equal(r.code, 125, args.join(' '));
    assert.equal(r.stderr, stderr);
  }
  ok(['image', 'untag', 'deb1', 'quay.io/x/y:v1']);
  assert.equal(ok(['images', '--format', '{{.Repository}}', '-f', `id=${deb.id}`]), 'docker.io/library/debian\nlocalhost/deb1\n');
  ok(['untag', 'deb1']);
  assert.equal(ok(['images', '--format', '{{.Repository}}:{{.Tag}}', '-f', `id=${deb.id}`]), '<none>:<none>\n');
  ok(['tag', deb.id, 'debian:bookworm-slim']);
  assert.equal(ok(['images', '--format', '{{.Repository}}', '-f', `id=${deb.id}`]), 'localhost/debian\n');
  ok(['tag', deb.id, 'docker.io/library/debian:bookworm-slim']);
  ok(['untag', deb.id, 'localhost/debian:bookworm-slim']);
});

test('image exists and image tree', () => {
  assert.equal(sb.run(['image', 'exists', 'busybox']).code, 0);
  const no = sb.run(['image', 'exists', 'nope']);
  assert.deepEqual([no.code, no.stdout, no.stderr], [1, '', '']);
  const tree = ok(['image', 'tree', 'busybox']);
  assert.match(tree, new RegExp(`^Image ID: ${bb.id.slice(0, 12)}\nTags: {5}\\[docker.io/library/busybox:latest localhost/mine:latest\\]\nSize: {5}\\S+\nImage Layers\n├── ID: ${bb.layers[1]!.slice(0, 12)} Size: +\\S+ Top Layer of: \\[docker.io/library/busybox:latest localhost/mine:latest\\]\n└── ID: ${bb.layers[0]!.slice(0, 12)} Size: +\\S+\n\n$`));
  assert.match(ok(['image', 'tree', '--whatrequires', 'busybox']), /Image Layers\n└── ID: /);
  assert.equal(sb.run(['image', 'tree', 'nope']).stderr, 'Error: nope: image not known\n');
});

test('rmi: untag one of several names, refuse IDs with several names, in use (2), unknown (1), layers deleted after', async () => {
  const s = sandbox();
  try {
    const a = await seedImage(s.root, { names: ['docker.io/library/a:latest', 'localhost/a2:latest'], layers: [{ f: '1' }, { g: '2' }] });
    const b = await seedImage(s.root, { names: ['docker.io/library/b:latest'], layers: [{ f: '1' }] });
    const used = await seedImage(s.root, { names: ['docker.io/library/used:latest'], layers: [{ u: 'u' }] });
    const cid = seedContainer(s.root, used.id);
    let r = s.run(['rmi', a.id.slice(0, 8)]);
    assert.equal(r.code, 125);
    assert.equal(r.stderr, `Error: unable to delete image "${a.id}" by ID with more than one tag ([docker.io/library/a:latest localhost/a2:latest]): please force removal\n`);
    r = s.run(['rmi', 'a2']);
    assert.deepEqual([r.code, r.stdout], [0, 'Untagged: localhost/a2:latest\n']);
    r = s.run(['image', 'rm', 'a']);
    assert.deepEqual([r.code, r.stdout], [0, `Untagged: docker.io/library/a:latest\nDeleted: ${a.id}\n`]);
    assert.equal(existsSync(`${s.root}/vfs/dir/${a.layers[1]}`), false, 'top layer deleted');
    assert.equal(existsSync(`${s.root}/vfs/dir/${a.layers[0]}`), true, 'shared base layer kept for b');
    r = s.run(['rmi', 'used']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `Error: image used by ${cid}: image is in use by a container: consider listing external containers and force-removing image\n`);
    r = s.run(['rmi', 'nope']);
    assert.deepEqual([r.code, r.stderr], [1, 'Error: nope: image not known\n']);
    r = s.run(['rmi', 'nope', 'nope2']);
    assert.deepEqual([r.code, r.stderr], [1, 'Error: 2 errors occurred:\n\t* nope: image not known\n\t* nope2: image not known\n']);
    assert.equal(s.run(['rmi', '-f', 'nope']).code, 0);
    assert.equal(s.run(['rmi', '-i', 'nope']).code, 0);
    assert.equal(s.run(['rmi']).stderr, 'Error: image name or ID must be specified\n');
    assert.equal(s.run(['rmi', '-a', 'x']).stderr, 'Error: when using the --all switch, you may not pass any images names or IDs\n');
    r = s.run(['rmi', '-a']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, `Untagged: docker.io/library/b:latest\nDeleted: ${b.id}\n`);
    assert.equal(existsSync(`${s.root}/vfs/dir/${a.layers[0]}`), false);
    assert.equal(s.run(['images', '-q']).stdout, `${used.id.slice(0, 12)}\n`);
  } finally {
    s.cleanup();
  }
});

test('image prune: prompt, EOF, -f removes dangling, -a removes unused, filters', async () => {
  const s = sandbox();
  try {
    const named = await seedImage(s.root, { names: ['docker.io/library/n:latest'], labels: { keep: '1' }, layers: [{ n: 'n' }] });
    const d1 = await seedImage(s.root, { layers: [{ d: '1' }] });
    const used = await seedImage(s.root, { layers: [{ u: 'u' }] });
    seedContainer(s.root, used.id);
    let r = s.run(['image', 'prune'], { input: 'n\n' });
    assert.deepEqual([r.code, r.stdout], [0, 'WARNING! This command removes all dangling images.\nAre you sure you want to continue? [y/N] ']);
    r = s.run(['image', 'prune'], { input: '' });
    assert.deepEqual([r.code, r.stderr], [125, 'Error: EOF\n']);
    assert.equal(s.run(['image', 'prune', '-f', '--filter', 'bogus=1']).stderr, 'Error: unsupported image filter "bogus"\n');
    r = s.run(['image', 'prune'], { input: 'y\n' });
    assert.equal(r.stdout, `WARNING! This command removes all dangling images.\nAre you sure you want to continue? [y/N] ${d1.id}\n`);
    assert.equal(existsSync(`${s.root}/vfs/dir/${d1.layers[0]}`), false);
    assert.equal(s.run(['image', 'prune', '-af', '--filter', 'label=other']).stdout, '');
    assert.equal(s.run(['image', 'prune', '-af', '--filter', 'until=1h']).stdout, `${named.id}\n`);
    assert.equal(s.run(['images', '-a', '-q', '--no-trunc']).stdout, `sha256:${used.id}\n`);
  } finally {
    s.cleanup();
  }
});
