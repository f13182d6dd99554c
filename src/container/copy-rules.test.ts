// Table-driven tests of cp's pure rules: [CONTAINER:]PATH parsing, trailing-slash forms and where a copy lands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCopyArg, planCopy, wantsContents, lastName, type CopyArg, type CopyPlan, type DestFacts } from './copy-rules.ts';

test('parseCopyArg: podman splits [CONTAINER:]PATH, `-` is the stream, / and . prefixes stay on the host', () => {
  const cases: Array<[string, CopyArg]> = [
    ['-', { kind: 'stdio' }],
    ['c1:/etc', { kind: 'container', container: 'c1', path: '/etc' }],
    ['c1:etc/x:y', { kind: 'container', container: 'c1', path: 'etc/x:y' }],
    [':/etc', { kind: 'container', container: '', path: '/etc' }],
    ['/tmp/a:b', { kind: 'host', path: '/tmp/a:b' }],
    ['./a:b', { kind: 'host', path: './a:b' }],
    ['file', { kind: 'host', path: 'file' }],
  ];
  for (const [arg, want] of cases) assert.deepEqual(parseCopyArg(arg), want, arg);
});

test('wantsContents and lastName', () => {
  const contents: Array<[string, boolean]> = [['/etc/.', true], ['/etc/./', true], ['.', true], ['/etc/', false], ['/etc/.x', false], ['/etc', false]];
  for (const [p, want] of contents) assert.equal(wantsContents(p), want, p);
  const names: Array<[string, string]> = [['/etc/', 'etc'], ['etc', 'etc'], ['/a/b/../c', 'c'], ['/', '']];
  for (const [p, want] of names) assert.equal(lastName(p), want, p);
});

test('planCopy: the docker/podman cp table (checked against podman 4.3.1)', () => {
  const dir: DestFacts = { kind: 'dir' };
  const file: DestFacts = { kind: 'file' };
  const missing: DestFacts = { kind: 'missing', parentIsDir: true };
  const orphan: DestFacts = { kind: 'missing', parentIsDir: false };
  const cases: Array<[string, boolean, string, DestFacts, CopyPlan]> = [
    // a file
    ['/etc/passwd', false, 'o/', dir, { ok: true, into: 'dest', as: 'passwd' }],
    ['/etc/passwd', false, 'o/pw2', missing, { ok: true, into: 'parent', as: 'pw2' }],
    ['/etc/passwd', false, 'o/pw2', file, { ok: true, into: 'parent', as: 'pw2' }],
    ['/etc/passwd', false, 'o/pw2/', file, { ok: false, error: 'dest-not-dir' }],
    ['/etc/passwd', false, 'o/new/', missing, { ok: false, error: 'dest-missing' }],
    ['/etc/passwd', false, 'no/x', orphan, { ok: false, error: 'dest-missing' }],
    ['/etc/passwd/', false, 'o/x', missing, { ok: true, into: 'parent', as: 'x' }],
    // a directory
    ['/etc', true, 'o', dir, { ok: true, into: 'dest', as: 'etc' }],
    ['/etc/', true, 'o/etc3', missing, { ok: true, into: 'parent', as: 'etc3' }],
    ['/etc/.', true, 'o/etc2', missing, { ok: true, into: 'parent', as: 'etc2' }],
    ['/etc/.', true, 'o', dir, { ok: true, into: 'dest', as: null }],
    ['/etc/.', true, 'o/etc4/', missing, { ok: false, error: 'dest-missing' }],
    ['/etc', true, 'o/passwd', file, { ok: false, error: 'dir-onto-file' }],
    ['/', true, 'o', dir, { ok: true, into: 'dest', as: null }],
  ];
  for (const [src, isDir, dest, facts, want] of cases) assert.deepEqual(planCopy({ path: src, isDir }, dest, facts), want, `${src} -> ${dest}`);
});
