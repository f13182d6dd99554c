// Table-driven tests for environment merging (precedence, host values, prefixes, proxies).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEnv, envList, DEFAULT_PATH, type EnvInput } from './spec-env.ts';

const base: EnvInput = {
  confEnv: [`PATH=${DEFAULT_PATH}`, 'TERM=xterm'], envHost: false, httpProxy: false, imageEnv: [], envFile: [], env: [],
  hostEnv: { HOME: '/root', FOO: 'host', FOO_BAR: 'hb', http_proxy: 'http://proxy:3128', LANG: 'C' },
};

const cases: Array<[string, Partial<EnvInput>, string[]]> = [
  ['defaults', {}, [`PATH=${DEFAULT_PATH}`, 'TERM=xterm', 'container=podman']],
  ['image overrides conf, keeps position', { imageEnv: ['PATH=/img', 'A=1'] }, ['PATH=/img', 'TERM=xterm', 'container=podman', 'A=1']],
  ['-e wins over image and env-file', { imageEnv: ['A=1'], envFile: ['A=2', 'B=file'], env: ['A=3'] }, [`PATH=${DEFAULT_PATH}`, 'TERM=xterm', 'container=podman', 'A=3', 'B=file']],
  ['-e KEY takes the host value, or nothing', { env: ['FOO', 'MISSING'] }, [`PATH=${DEFAULT_PATH}`, 'TERM=xterm', 'container=podman', 'FOO=host']],
  ['-e PREFIX*', { env: ['FOO*'] }, [`PATH=${DEFAULT_PATH}`, 'TERM=xterm', 'container=podman', 'FOO=host', 'FOO_BAR=hb']],
  ['-e KEY= is empty', { env: ['E='] }, [`PATH=${DEFAULT_PATH}`, 'TERM=xterm', 'container=podman', 'E=']],
  ['container= can be overridden', { env: ['container=foo'] }, [`PATH=${DEFAULT_PATH}`, 'TERM=xterm', 'container=foo']],
  ['--env-host comes before the image', { envHost: true, imageEnv: ['FOO=img'] }, [
    `PATH=${DEFAULT_PATH}`, 'TERM=xterm', 'container=podman', 'HOME=/root', 'FOO=img', 'FOO_BAR=hb', 'http_proxy=http://proxy:3128', 'LANG=C',
  ]],
  ['http proxy vars', { httpProxy: true }, [`PATH=${DEFAULT_PATH}`, 'TERM=xterm', 'container=podman', 'http_proxy=http://proxy:3128']],
  ['empty conf env', { confEnv: [] }, [`PATH=${DEFAULT_PATH}`, 'container=podman']],
  ['--env-merge rewrites defaults only', { imageEnv: ['A=1'], envMerge: ['PATH=${PATH}:/x', 'A=$A-${A:+y}${NOPE:-z}', 'NEW=1', 'BAD'] }, [
    `PATH=${DEFAULT_PATH}:/x`, 'TERM=xterm', 'container=podman', 'A=1-yz',
  ]],
  ['--unsetenv drops defaults, not -e', { unsetenv: ['TERM', 'FOO'], env: ['FOO=e'] }, [`PATH=${DEFAULT_PATH}`, 'container=podman', 'FOO=e']],
  ['--unsetenv-all', { unsetenvAll: true, imageEnv: ['A=1'], env: ['B=2'] }, ['B=2']],
];
for (const [name, over, want] of cases) {
  test(`mergeEnv: ${name}`, () => assert.deepEqual(envList(mergeEnv({ ...base, ...over })), want));
}

test('mergeEnv: an empty key is an error', () => {
  assert.throws(() => mergeEnv({ ...base, env: ['=x'] }), { message: 'invalid environment variable: "=x"' });
});
