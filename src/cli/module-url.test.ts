import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moduleUrl } from './module-url.ts';

test('moduleUrl: an ESM chunk beside the bundle, as a file URL', () => {
  assert.equal(moduleUrl('chunks/apply-worker-AB12.mjs', '/opt/berth/dist'), 'file:///opt/berth/dist/chunks/apply-worker-AB12.mjs');
  assert.equal(moduleUrl('berth.mjs', '/a b/dist'), 'file:///a%20b/dist/berth.mjs');
});

test('moduleUrl outside the CommonJS bundle (ESM: no __dirname) says so', () => {
  assert.throws(() => moduleUrl('chunks/x.mjs'), /import\.meta URL of chunks\/x\.mjs is only known inside the CommonJS bundle/);
});
