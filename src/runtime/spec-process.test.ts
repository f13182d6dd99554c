// Table-driven tests for entrypoint/cmd/--init semantics and the working directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArgs, parseEntrypoint, resolveWorkdir, workdirToCreate } from './spec-process.ts';
import type { ImageConfig, ContainerCreateOptions } from './spec-types.ts';

const SH: ImageConfig = { Cmd: ['sh'] };
const EP: ImageConfig = { Entrypoint: ['/entry.sh'], Cmd: ['--serve'] };

const cases: Array<[string, ImageConfig, ContainerCreateOptions, string[]]> = [
  ['image cmd', SH, {}, ['sh']],
  ['command overrides cmd', SH, { command: ['echo', 'hi'] }, ['echo', 'hi']],
  ['image entrypoint + cmd', EP, {}, ['/entry.sh', '--serve']],
  ['image entrypoint + command', EP, { command: ['x'] }, ['/entry.sh', 'x']],
  ['--entrypoint drops the image cmd', EP, { entrypoint: '/bin/echo' }, ['/bin/echo']],
  ['--entrypoint is one word', SH, { entrypoint: '/bin/echo a b' }, ['/bin/echo a b']],
  ['--entrypoint JSON', SH, { entrypoint: '["/bin/sh","-c"]', command: ['echo hi'] }, ['/bin/sh', '-c', 'echo hi']],
  ["--entrypoint '' + command", EP, { entrypoint: '', command: ['echo', 'hi'] }, ['echo', 'hi']],
  ['--entrypoint array', SH, { entrypoint: ['a', 'b'] }, ['a', 'b']],
  ['--init', SH, { init: true }, ['/run/podman-init', '--', 'sh']],
  ['--init with entrypoint', EP, { init: true }, ['/run/podman-init', '--', '/entry.sh', '--serve']],
];
for (const [name, image, opts, want] of cases) test(`buildArgs: ${name}`, () => assert.deepEqual(buildArgs(image, opts), want));

test('buildArgs: no command at all', () => {
  const message = 'no command or entrypoint provided, and no CMD or ENTRYPOINT from image';
  for (const [image, opts] of [[{}, {}], [SH, { entrypoint: '' }], [{ Entrypoint: null, Cmd: null }, {}]] as const) {
    assert.throws(() => buildArgs(image, opts), { code: 'invalid-argument', message });
  }
});

test('parseEntrypoint', () => {
  assert.equal(parseEntrypoint(undefined), undefined);
  assert.deepEqual(parseEntrypoint(''), ['']);
  assert.deepEqual(parseEntrypoint('[not json'), ['[not json']);
});

test('workdir', () => {
  const cases: Array<[ImageConfig, string | undefined, string, string | undefined]> = [
    [{}, undefined, '/', undefined], [{ WorkingDir: '/app' }, undefined, '/app', '/app'], [{ WorkingDir: '/app' }, '/srv/', '/srv', '/srv'],
    [{}, 'rel/dir', '/rel/dir', '/rel/dir'],
  ];
  for (const [image, workdir, cwd, create] of cases) {
    assert.equal(resolveWorkdir(image, { workdir }), cwd);
    assert.equal(workdirToCreate(image, { workdir }), create);
  }
});
