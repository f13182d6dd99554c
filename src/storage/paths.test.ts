import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../util/errors.ts';
import { cleanEntryPath, opaqueName, symlinkSteps, whiteoutName, whiteoutOf } from './paths.ts';

test('cleanEntryPath cleans names and rejects escapes', () => {
  const cases: Array<[string, string | 'escape']> = [
    ['a/b/c', 'a/b/c'],
    ['./a/b/', 'a/b'],
    ['/etc/passwd', 'etc/passwd'],
    ['//a//b', 'a/b'],
    ['a/./b/../c', 'a/c'],
    ['.', ''],
    ['./', ''],
    ['/', ''],
    ['a/..', ''],
    ['../x', 'escape'],
    ['..', 'escape'],
    ['/abs/../../x', 'escape'],
    ['a/../../x', 'escape'],
    ['./../etc', 'escape'],
    ['a/b/../../../', 'escape'],
    ['..a/b', '..a/b'],
    ['a/..b', 'a/..b'],
  ];
  for (const [input, want] of cases) {
    if (want === 'escape') {
      assert.throws(() => cleanEntryPath(input), (e: unknown) => isBerthError(e) && e.code === 'invalid-argument' && /escapes the layer directory/.test(e.message), input);
    } else {
      assert.equal(cleanEntryPath(input), want, input);
    }
  }
  assert.throws(() => cleanEntryPath('a\0b'), /NUL/);
});

test('whiteoutOf classifies entries', () => {
  const cases: Array<[string, ReturnType<typeof whiteoutOf> | 'error']> = [
    ['a/b', { kind: 'none' }],
    ['a/.wh.b', { kind: 'whiteout', dir: 'a', name: 'b' }],
    ['.wh.b', { kind: 'whiteout', dir: '', name: 'b' }],
    ['a/.wh..wh..opq', { kind: 'opaque', dir: 'a' }],
    ['.wh..wh..opq', { kind: 'opaque', dir: '' }],
    ['a/.wh..wh.plnk', { kind: 'meta' }],
    ['a/.wh..wh.aufs', { kind: 'meta' }],
    ['a/.whb', { kind: 'none' }],
    ['x/.wh..hidden', { kind: 'whiteout', dir: 'x', name: '.hidden' }],
    ['a/.wh.', 'error'],
    ['a/.wh...', 'error'],
  ];
  for (const [input, want] of cases) {
    if (want === 'error') assert.throws(() => whiteoutOf(input), /invalid whiteout/, input);
    else assert.deepEqual(whiteoutOf(input), want, input);
  }
});

test('whiteout names round-trip', () => {
  for (const [dir, name] of [['', 'x'], ['a/b', 'c'], ['a', '.dot']] as const) {
    assert.deepEqual(whiteoutOf(whiteoutName(dir, name)), { kind: 'whiteout', dir, name });
  }
  assert.deepEqual(whiteoutOf(opaqueName('d/e')), { kind: 'opaque', dir: 'd/e' });
});

test('symlinkSteps', () => {
  const cases: Array<[string, { fromRoot: boolean; parts: string[] }]> = [
    ['/etc', { fromRoot: true, parts: ['etc'] }],
    ['../../etc/', { fromRoot: false, parts: ['..', '..', 'etc'] }],
    ['./usr//lib', { fromRoot: false, parts: ['usr', 'lib'] }],
    ['/', { fromRoot: true, parts: [] }],
  ];
  for (const [input, want] of cases) assert.deepEqual(symlinkSteps(input), want, input);
});
