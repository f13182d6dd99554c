import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStateDb } from '../state/db.ts';
import { addLayer, commitImage, getImage, layerChain, listImages, listLayers, removeImageRecord, tagImage, untagImage } from './store.ts';
import { findLocalImage } from './lookup.ts';
import { emptyRegistriesConf } from '../config/registries-conf.ts';

function withDb(fn: (db: ReturnType<typeof openStateDb>) => void) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-store-'));
  const db = openStateDb(dir);
  try {
    fn(db);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const layer = (id: string, parent: string | null) => ({
  id, parent, diffId: `sha256:${id}`, compressedDigest: null, compressedSize: null, size: 10, created: 1,
});
const image = (id: string, top: string) => ({
  id, digest: `sha256:m${id}`, topLayer: top, config: '{}', manifest: null, manifestType: null, size: 10, created: 1,
  added: Date.now(), readOnly: false,
});
const hex = (c: string) => c.repeat(64);

test('images share layers; removing one keeps what the other needs', () => {
  withDb((db) => {
    addLayer(db, layer('base', null));
    addLayer(db, layer('a', 'base'));
    addLayer(db, layer('b', 'base'));
    commitImage(db, image(hex('a'), 'a'), ['docker.io/library/a:latest'], []);
    commitImage(db, image(hex('b'), 'b'), ['docker.io/library/b:latest'], []);
    assert.deepEqual(layerChain(db, 'a').map((l) => l.id), ['base', 'a']);
    assert.deepEqual(removeImageRecord(db, hex('a')), ['a']);
    assert.deepEqual(removeImageRecord(db, hex('b')), ['b', 'base']);
    assert.equal(listImages(db).length, 0);
  });
});

test('a name moves to the newest image; tag and untag', () => {
  withDb((db) => {
    addLayer(db, layer('x', null));
    commitImage(db, image(hex('1'), 'x'), ['docker.io/library/busybox:latest'], []);
    commitImage(db, image(hex('2'), 'x'), ['docker.io/library/busybox:latest'], [{ repo: 'docker.io/library/busybox', digest: 'sha256:d' }]);
    assert.deepEqual(getImage(db, hex('1'))!.names, []);
    tagImage(db, hex('1'), ['localhost/mine:1']);
    assert.deepEqual(getImage(db, hex('1'))!.names, ['localhost/mine:1']);
    assert.deepEqual(untagImage(db, hex('1'), ['localhost/mine:1', 'localhost/other:1']), ['localhost/other:1']);
  });
});

test('lookup by ID prefix, full name, short name and digest', () => {
  withDb((db) => {
    const conf = emptyRegistriesConf();
    conf.unqualifiedSearchRegistries = ['docker.io'];
    addLayer(db, layer('x', null));
    commitImage(db, image(hex('c'), 'x'), ['docker.io/library/busybox:latest', 'quay.io/org/tool:1'], [
      { repo: 'docker.io/library/busybox', digest: `sha256:${hex('d')}` },
    ]);
    const cases: Array<[string, boolean]> = [
      ['ccc', true],
      [`sha256:${hex('c')}`, true],
      ['busybox', true],
      ['busybox:latest', true],
      ['docker.io/library/busybox', true],
      [`busybox@sha256:${hex('d')}`, true],
      ['tool:1', true], // suffix match, as podman
      ['busybox:1', false],
      ['ddd', false],
      ['quay.io/org/tool:2', false],
    ];
    for (const [input, found] of cases) assert.equal(findLocalImage(db, conf, input)?.id === hex('c'), found, input);
  });
});

test('names history follows podman 4.3: newest first, kept after untag and after a name moves away', async () => {
  const { nextNamesHistory } = await import('./store.ts');
  assert.deepEqual(nextNamesHistory([], ['a', 'b', 'c']), ['c', 'b', 'a']);
  assert.deepEqual(nextNamesHistory(['c', 'b', 'a'], ['a', 'c']), ['c', 'a', 'b']);
  withDb((db) => {
    const n = (s: string) => `localhost/${s}:latest`;
    const bb = 'docker.io/library/busybox:latest';
    addLayer(db, layer('x', null));
    commitImage(db, image(hex('a'), 'x'), [bb], []);
    const hist = (id: string) => getImage(db, id)!.namesHistory;
    assert.deepEqual(hist(hex('a')), [bb]);
    tagImage(db, hex('a'), [n('a'), n('b'), n('c')]);
    assert.deepEqual(hist(hex('a')), [n('c'), n('b'), n('a'), bb]);
    untagImage(db, hex('a'), [n('b')]);
    assert.deepEqual(hist(hex('a')), [n('c'), n('a'), bb, n('b')]); // recorded by experiment with podman 4.3.1
    tagImage(db, hex('a'), [n('b')]);
    assert.deepEqual(hist(hex('a')), [n('b'), n('c'), n('a'), bb]);
    untagImage(db, hex('a'), [n('a')]);
    assert.deepEqual(hist(hex('a')), [n('b'), n('c'), bb, n('a')]);
    // a name moving to another image stays in the first image's history, untouched
    commitImage(db, image(hex('b'), 'x'), ['docker.io/library/debian:12'], []);
    tagImage(db, hex('b'), [n('c')]);
    assert.deepEqual(hist(hex('a')), [n('b'), n('c'), bb, n('a')]);
    assert.deepEqual(hist(hex('b')), [n('c'), 'docker.io/library/debian:12']);
    // untagging every name keeps the history
    untagImage(db, hex('a'), getImage(db, hex('a'))!.names);
    assert.deepEqual(getImage(db, hex('a'))!.names, []);
    assert.deepEqual(hist(hex('a')), [n('b'), n('c'), bb, n('a')]);
    // pulling a name onto an existing image: podman orders the pulled name first, so the history ends with it second
    tagImage(db, hex('a'), [n('x')]);
    commitImage(db, image(hex('a'), 'x'), [bb], []);
    assert.deepEqual(hist(hex('a')), [n('x'), bb, n('b'), n('c'), n('a')]);
  });
});

test('removeOrphanLayers: pulled layers no image or container needs go, children first; shared and non-pulled stay', async () => {
  const { removeOrphanLayers } = await import('./store.ts');
  withDb((db) => {
    const pulled = (id: string, parent: string | null) => ({ ...layer(id, parent), compressedDigest: `sha256:c${id}`, compressedSize: 1 });
    addLayer(db, pulled('base', null));
    addLayer(db, pulled('img', 'base'));
    addLayer(db, pulled('o1', 'base')); // a killed pull's chain on a shared base
    addLayer(db, pulled('o2', 'o1'));
    addLayer(db, pulled('o3', 'o2'));
    addLayer(db, layer('local', null)); // not from a pull (no compressed digest): kept with its parents
    addLayer(db, pulled('under-local', null));
    db.prepare('UPDATE layers SET parent = ? WHERE id = ?').run('under-local', 'local');
    commitImage(db, image(hex('a'), 'img'), ['docker.io/library/a:latest'], []);
    assert.deepEqual(removeOrphanLayers(db), ['o3', 'o2', 'o1']);
    assert.deepEqual(listLayers(db).map((l) => l.id).sort(), ['base', 'img', 'local', 'under-local']);
    assert.deepEqual(removeOrphanLayers(db), []);
  });
});
