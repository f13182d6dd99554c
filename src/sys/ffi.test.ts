import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { koffi, koffiLoadedVia } from './ffi.ts';

test('koffi(): the addon is loaded directly, is the installed koffi version, and calls into libc', () => {
  const k = koffi();
  assert.equal(koffiLoadedVia, 'addon');
  const main = createRequire(import.meta.url).resolve('koffi');
  const pkgFile = join(dirname(main), 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  assert.equal((k as unknown as { version: string }).version, pkg.version);
  const getpid = k.load('libc.so.6').func('int getpid(void)') as unknown as () => number;
  assert.equal(getpid(), process.pid);
});
