// What a pull killed with SIGKILL leaves (ingests, half-made layer dirs, layers recorded without an image), and that
// `image prune` collects it — but never what a pull still running in another process is writing — and the next pull
// of the same image reuses it. Pulls the mirror's bench-big (7 layers).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { BERTH, sandbox } from '../helpers/berth.ts';

const sb = sandbox();
after(() => sb.cleanup());
const IMAGE = 'bench-big';
const LAYERS = 7;

const ls = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
const ingest = () => ls(path.join(sb.root, 'ingest'));
const overlay = () => ls(path.join(sb.root, 'overlay'));
const tmpDirs = () => overlay().filter((n) => n.startsWith('.tmp-'));
const layerDirs = () => overlay().filter((n) => /^[0-9a-f]{64}$/.test(n));

function counts(): { layers: number; images: number } {
  const file = path.join(sb.root, 'berth.db');
  if (!existsSync(file)) return { layers: 0, images: 0 };
  const db = new DatabaseSync(file, { readOnly: true, timeout: 10_000 });
  try {
    const n = (t: string) => Number((db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
    return { layers: n('layers'), images: n('images') };
  } catch {
    return { layers: 0, images: 0 }; // schema not created yet
  } finally {
    db.close();
  }
}

function startPull(): ChildProcess {
  return spawn(BERTH, ['--root', sb.root, '--runroot', sb.runroot, 'pull', '-q', IMAGE], { env: sb.env, stdio: 'ignore' });
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

/**
 * Starts a pull and freezes it (SIGSTOP) at the first moment `cond` holds, checked again once frozen; a pull that got
 * past that point first is let go, its image removed, and another one started.
 */
async function frozenPullWhen(cond: () => boolean): Promise<ChildProcess> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const c = startPull();
    while (c.exitCode === null && !cond()) await new Promise((r) => setTimeout(r, 5));
    if (c.exitCode === null) {
      c.kill('SIGSTOP');
      // Frozen inside a write transaction, it would hold the database for the test's own commands: not that moment.
      if (cond() && !writeLocked()) return c;
      c.kill('SIGCONT');
    }
    await exited(c);
    sb.run(['rmi', '-a']);
    prune();
  }
  return assert.fail('no pull could be caught at that point in 5 attempts');
}

/** Whether some process holds the state database's write lock right now. */
function writeLocked(): boolean {
  const db = new DatabaseSync(path.join(sb.root, 'berth.db'), { timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch {
    return true;
  } finally {
    db.close();
  }
}

const killFrozen = async (c: ChildProcess) => {
  c.kill('SIGKILL');
  await exited(c);
};

function layerRows(): Array<{ id: string; created: number }> {
  const db = new DatabaseSync(path.join(sb.root, 'berth.db'), { readOnly: true, timeout: 10_000 });
  try {
    return (db.prepare('SELECT id, created FROM layers').all() as Array<{ id: string; created: number }>).map((r) => ({ id: r.id, created: Number(r.created) }));
  } finally {
    db.close();
  }
}

const prune = () => {
  const r = sb.run(['image', 'prune', '-f']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};

function assertClean(): void {
  assert.deepEqual(counts(), { layers: 0, images: 0 });
  assert.deepEqual(tmpDirs(), []);
  assert.deepEqual(layerDirs(), []);
  assert.deepEqual(ingest(), [], 'no partial, blob, sidecar or dead lock left in the ingest area');
  assert.deepEqual(ls(path.join(sb.root, 'overlay', 'l')), [], 'no short links left');
}

const KILL_POINTS: Array<[string, () => boolean]> = [
  ['while blobs download (.partial in the ingest area)', () => ingest().some((n) => n.endsWith('.partial'))],
  ['while layers apply (.tmp- layer directories)', () => tmpDirs().length > 0],
  ['after layers were recorded, before the image commit', () => { const c = counts(); return c.layers > 0 && c.images === 0; }],
];

for (const [when, cond] of KILL_POINTS) {
  test(`pull killed ${when}: leftovers seen, image prune collects them and prints nothing`, async () => {
    await killFrozen(await frozenPullWhen(cond));
    const left = { ...counts(), tmp: tmpDirs().length, ingest: ingest().length };
    assert.equal(left.images, 0, 'a killed pull leaves no image visible');
    assert.ok(left.layers + left.tmp + left.ingest > 0, `something is left: ${JSON.stringify(left)}`);
    assert.equal(prune(), '', 'podman prints only the IDs of removed images');
    assertClean();
  });
}

test('the next pull of the same image reuses recorded layers and removes half-made directories', async () => {
  await killFrozen(await frozenPullWhen(() => { const c = counts(); return c.layers > 0 && c.images === 0 && tmpDirs().length > 0; }));
  const recorded = layerRows();
  assert.ok(recorded.length > 0 && tmpDirs().length > 0);
  const r = sb.run(['pull', IMAGE]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(counts(), { layers: LAYERS, images: 1 });
  const now = new Map(layerRows().map((l) => [l.id, l.created]));
  for (const l of recorded) assert.equal(now.get(l.id), l.created, `layer ${l.id} was reused, not applied again`);
  assert.deepEqual(tmpDirs(), []);
  assert.equal(layerDirs().length, LAYERS);
  assert.equal(prune(), '');
  assert.deepEqual(counts(), { layers: LAYERS, images: 1 }, 'prune keeps an image\'s layers');
  assert.equal(sb.run(['rmi', '-a']).code, 0);
  prune();
  assertClean();
});

test('image prune while another process pulls leaves that pull\'s layers alone; the pull completes', async () => {
  // hold a pull mid-way (its layers recorded, no image yet), its pull guard still taken
  const child = await frozenPullWhen(() => { const c = counts(); return c.layers > 0 && c.images === 0; });
  try {
    const before = { ...counts(), dirs: layerDirs().length, ingest: ingest().filter((n) => !n.endsWith('.lock')).length };
    const r = sb.run(['--log-level', 'debug', 'image', 'prune', '-f']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /a pull is running/);
    assert.deepEqual({ ...counts(), dirs: layerDirs().length, ingest: ingest().filter((n) => !n.endsWith('.lock')).length }, before);
  } finally {
    child.kill('SIGCONT');
  }
  assert.equal(await exited(child), 0);
  assert.deepEqual(counts(), { layers: LAYERS, images: 1 });
  assert.equal(layerDirs().length, LAYERS);
  const run = sb.run(['image', 'inspect', '--format', '{{len .RootFS.Layers}}', IMAGE]);
  assert.equal(run.stdout, `${LAYERS}\n`, run.stderr);
  assert.equal(sb.run(['rmi', '-a']).code, 0);
  prune();
  assertClean();
});

test('rmi while another process pulls removes the image but leaves its layers recorded; prune collects them later', async () => {
  assert.equal(sb.run(['pull', '-q', 'busybox']).code, 0);
  const child = await frozenPullWhen(() => { const c = counts(); return c.layers > 1 && c.images === 1; });
  let during: { layers: number; images: number };
  try {
    const before = counts();
    const r = sb.run(['rmi', 'busybox']);
    assert.equal(r.code, 0, r.stderr);
    during = counts();
    // the image is gone, its layer stays: the frozen pull might be about to reuse a layer it found present
    assert.deepEqual(during, { layers: before.layers, images: 0 });
  } finally {
    child.kill('SIGCONT');
  }
  assert.equal(await exited(child), 0);
  assert.equal(prune(), '');
  assert.deepEqual(counts(), { layers: LAYERS, images: 1 }, 'prune collects the layer rmi left, keeps the pulled image\'s');
  assert.equal(sb.run(['rmi', '-a']).code, 0);
  prune();
  assertClean();
});
