import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/helpers/tmp.ts';
import { cachedConf } from './conf-cache.ts';

const codec = { toJson: (v: string[]) => v, fromJson: (j: unknown) => j as string[] };
const later = () => Date.now() + 60_000; // past the racy window

/** A directory with a config file and a drop-in dir, and a loader that counts its runs. */
function fixture() {
  const dir = tempDir('berth-confcache-');
  const main = join(dir, 'main.conf');
  const dropDir = join(dir, 'main.conf.d');
  mkdirSync(dropDir);
  writeFileSync(main, 'a');
  const cache = join(dir, 'cache', 'c.json');
  let builds = 0;
  const load = (now = later) =>
    cachedConf(cache, [main, dropDir], () => {
      builds++;
      return [readFileSync(main, 'utf8')];
    }, codec, now);
  return { dir, main, dropDir, cache, load, builds: () => builds };
}

test('conf cache: which changes rebuild the value and which reuse it', () => {
  const cases: { name: string; change: (f: ReturnType<typeof fixture>) => void; rebuilds: boolean; value?: string }[] = [
    { name: 'nothing changed', change: () => {}, rebuilds: false, value: 'a' },
    { name: 'file rewritten with other content', change: (f) => writeFileSync(f.main, 'bb'), rebuilds: true, value: 'bb' },
    {
      name: 'same size, other mtime',
      change: (f) => {
        writeFileSync(f.main, 'z');
        utimesSync(f.main, new Date(1_000_000), new Date(1_000_000));
      },
      rebuilds: true,
      value: 'z',
    },
    { name: 'file added to the drop-in directory', change: (f) => writeFileSync(join(f.dropDir, 'x.conf'), ''), rebuilds: true },
    { name: 'corrupt cache file', change: (f) => writeFileSync(f.cache, '{not json'), rebuilds: true, value: 'a' },
    { name: 'cache of another input list', change: (f) => writeFileSync(f.cache, JSON.stringify({ version: 1, key: ['x'], value: ['q'] })), rebuilds: true },
  ];
  for (const c of cases) {
    const f = fixture();
    f.load();
    assert.equal(f.builds(), 1, c.name);
    c.change(f);
    const v = f.load();
    assert.equal(f.builds(), c.rebuilds ? 2 : 1, c.name);
    if (c.value !== undefined) assert.deepEqual(v, [c.value], c.name);
  }
});

test('conf cache: inputs changed within the racy window are not cached', () => {
  const f = fixture();
  f.load(Date.now);
  f.load(Date.now);
  assert.equal(f.builds(), 2);
  f.load();
  f.load();
  assert.equal(f.builds(), 3);
});

test('conf cache: an unwritable cache location only costs the rebuild', () => {
  const f = fixture();
  writeFileSync(join(f.dir, 'file'), '');
  const v = cachedConf(join(f.dir, 'file', 'c.json'), [f.main], () => ['built'], codec, later);
  assert.deepEqual(v, ['built']);
});

test('conf cache: errors from the loader propagate and leave no cache', () => {
  const f = fixture();
  assert.throws(() => cachedConf(f.cache, [f.main], () => { throw new Error('bad conf'); }, codec, later), /bad conf/);
  assert.equal(f.load().length, 1);
  assert.equal(f.builds(), 1);
});
