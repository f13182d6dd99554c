import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerRef, dependencyRefs, walkOrder, type DependencyRefs } from './depend-order.ts';

test('dependencyRefs: namespace sharing and --requires, as create options give them', () => {
  const cases: Array<[Parameters<typeof dependencyRefs>[0], DependencyRefs]> = [
    [{}, { namespaces: {}, requires: [] }],
    [{ network: 'none', pid: 'host', ipc: 'private', uts: 'ns:/proc/1/ns/uts' }, { namespaces: {}, requires: [] }],
    [{ network: 'container:a' }, { namespaces: { net: 'a' }, requires: [] }],
    [{ networks: ['container:b'], network: 'container:ignored' }, { namespaces: { net: 'b' }, requires: [] }],
    [{ networks: ['bridge', 'container:x'] }, { namespaces: {}, requires: [] }],
    [{ pid: 'container:a', ipc: 'container:b', uts: 'container:c' }, { namespaces: { pid: 'a', ipc: 'b', uts: 'c' }, requires: [] }],
    [{ pid: 'container:' }, { namespaces: { pid: '' }, requires: [] }],
    [{ requires: ['a,b', 'c'] }, { namespaces: {}, requires: ['a', 'b', 'c'] }],
    [{ requires: ['', 'a,,a', ' b '] }, { namespaces: {}, requires: ['a', 'b'] }],
    [{ network: 'container:a', requires: ['a'] }, { namespaces: { net: 'a' }, requires: ['a'] }],
  ];
  for (const [o, want] of cases) assert.deepEqual(dependencyRefs(o), want, JSON.stringify(o));
});

test('containerRef', () => {
  assert.equal(containerRef('container:abc'), 'abc');
  assert.equal(containerRef('container:'), '');
  assert.equal(containerRef('host'), undefined);
  assert.equal(containerRef(undefined), undefined);
});

test('walkOrder: post-order, each once, cycles cut', () => {
  const graph = (edges: Record<string, string[]>) => (id: string) => edges[id] ?? [];
  const cases: Array<[string, string[], Record<string, string[]>, string[]]> = [
    ['single', ['a'], {}, ['a']],
    // rm --depend a: b and c depend on a, d depends on b: dependents first, the root last
    ['tree', ['a'], { a: ['b', 'c'], b: ['d'] }, ['d', 'b', 'c', 'a']],
    // diamond: c depends on a and on b, b on a (podman 4.3 fails here with "not found in DB"; each once)
    ['diamond', ['a'], { a: ['b', 'c'], b: ['c'] }, ['c', 'b', 'a']],
    // start order along dependencies: c requires b, b shares a's network
    ['chain', ['c'], { c: ['b'], b: ['a'] }, ['a', 'b', 'c']],
    ['several roots share nodes', ['x', 'y'], { x: ['z'], y: ['z'] }, ['z', 'x', 'y']],
    ['cycle', ['a'], { a: ['b'], b: ['a'] }, ['b', 'a']],
    ['self edge', ['a'], { a: ['a'] }, ['a']],
  ];
  for (const [name, roots, edges, want] of cases) assert.deepEqual(walkOrder(roots, graph(edges)), want, name);
});

test('walkOrder: a deep chain does not depend on recursion limits for reasonable sizes', () => {
  const n = 2000;
  const order = walkOrder(['0'], (id) => (Number(id) < n ? [String(Number(id) + 1)] : []));
  assert.equal(order.length, n + 1);
  assert.equal(order[0], String(n));
  assert.equal(order.at(-1), '0');
});
