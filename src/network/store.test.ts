import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { KNOWN_DEFAULT_IDS, defaultNetworkId } from './store.ts';

test('defaultNetworkId: sha256 of the name, the precomputed ones included', () => {
  for (const name of [...Object.keys(KNOWN_DEFAULT_IDS), 'mynet', 'toString']) {
    assert.equal(defaultNetworkId(name), createHash('sha256').update(name).digest('hex'), name);
  }
  assert.equal(defaultNetworkId('podman'), '2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9');
});
