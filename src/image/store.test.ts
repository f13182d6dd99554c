import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStateDb } from '../state/db.ts';
import { addLayer, commitImage, getImage, layerChain, listImages, removeImageRecord, tagImage, untagImage } from './store.ts';
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
