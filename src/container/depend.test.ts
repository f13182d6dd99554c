import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStateDb, type Db } from '../state/db.ts';
import { BerthError } from '../util/errors.ts';
import {
  assertNoDependents, dependenciesOf, dependentsOf, HasDependentsError, recordDependencies, resolveDependencies,
} from './depend.ts';
import { deleteContainerRow, insertContainer, updateContainer, type ContainerConfig } from './records.ts';

const id = (c: string) => c.repeat(64);

function withDb(fn: (db: Db) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-depend-'));
  const db = openStateDb(dir);
  try {
    for (const [c, name] of [['a', 'web'], ['b', 'db'], ['c', 'cache']] as const) {
      insertContainer(db, { id: id(c), name, imageId: null, imageName: 'busybox', created: 1, config: {} as ContainerConfig, labels: {} });
    }
    fn(db);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('resolveDependencies: names and ID prefixes to full IDs, namespaces first, each once; podman errors', () => {
  withDb((db) => {
    const cases: Array<[Parameters<typeof resolveDependencies>[1], ReturnType<typeof resolveDependencies>]> = [
      [{ image: 'x' }, { ids: [], spec: {} }],
      [{ image: 'x', network: 'container:web' }, { ids: [id('a')], spec: {} }],
      [{ image: 'x', pid: 'container:bbbb', ipc: 'container:web', requires: ['cache,web'] }, {
        ids: [id('b'), id('a'), id('c')], spec: { pid: `container:${id('b')}`, ipc: `container:${id('a')}` },
      }],
      [{ image: 'x', uts: 'host', requires: [''] }, { ids: [], spec: {} }],
    ];
    for (const [o, want] of cases) assert.deepEqual(resolveDependencies(db, o), want, JSON.stringify(o));
    const errors: Array<[Parameters<typeof resolveDependencies>[1], string]> = [
      [{ image: 'x', requires: ['nope'] }, '"nope" is not a valid container, cannot be used as a dependency: no container with name or ID "nope" found: no such container'],
      [{ image: 'x', uts: 'container:nope' }, 'looking up container to share uts namespace with: no container with name or ID "nope" found: no such container'],
      [{ image: 'x', ipc: 'container:' }, 'invalid config provided: namespace mode container requires a value'],
    ];
    for (const [o, msg] of errors) assert.throws(() => resolveDependencies(db, o), (e: unknown) => e instanceof BerthError && e.message === msg && e.exitCode === 125);
  });
});

test('recorded dependencies: lookups both ways, rm refusal, the DB guard, and no new dependency on a container being removed', () => {
  withDb((db) => {
    recordDependencies(db, id('c'), [id('b'), id('a')]);
    recordDependencies(db, id('b'), [id('a')]);
    assert.deepEqual(dependenciesOf(db, id('c')), [id('b'), id('a')], 'in the recorded order');
    assert.deepEqual(dependentsOf(db, id('a')), [id('b'), id('c')], 'sorted by ID');
    assert.throws(() => assertNoDependents(db, id('a')), (e: unknown) => e instanceof HasDependentsError
      && e.message === `container ${id('a')} has dependent containers which must be removed before it: ${id('b')}, ${id('c')}: container already exists`);
    assert.doesNotThrow(() => assertNoDependents(db, id('c')));
    // the foreign key keeps a depended-on row even if a caller skipped the check
    assert.throws(() => deleteContainerRow(db, id('a')), /FOREIGN KEY constraint failed/);
    // removing a dependent drops its links
    deleteContainerRow(db, id('c'));
    assert.deepEqual(dependentsOf(db, id('a')), [id('b')]);
    updateContainer(db, id('b'), { state: 'removing' });
    insertContainer(db, { id: id('d'), name: 'late', imageId: null, imageName: 'busybox', created: 2, config: {} as ContainerConfig, labels: {} });
    assert.throws(() => recordDependencies(db, id('d'), [id('a'), id('b')]), /is not a valid container, cannot be used as a dependency/);
    assert.deepEqual(dependenciesOf(db, id('d')), [], 'nothing recorded half-way');
  });
});
