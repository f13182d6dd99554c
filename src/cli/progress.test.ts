// Unit tests for the pull progress renderers (plain lines as podman 4.3 prints them, bar lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barLine, formatBytes, plainRenderer, ttyRenderer } from './progress.ts';

const D = `sha256:${'ab'.repeat(32)}`;
const C = `sha256:${'cd'.repeat(32)}`;

test('formatBytes', () => {
  for (const [n, s] of [[500, '500.0b'], [5452595, '5.2MiB'], [28317054, '27.0MiB'], [2048, '2.0KiB']] as const) assert.equal(formatBytes(n), s);
});

test('barLine fits the width and fills with progress', () => {
  assert.equal(barLine('Copying blob abc', 0, 100, 80), `Copying blob abc [>${'-'.repeat(37)}] 0.0b / 100.0b`);
  assert.equal(barLine('Copying blob abc', 100, 100, 80), `Copying blob abc [${'='.repeat(38)}] 100.0b / 100.0b`);
  assert.ok(barLine('Copying blob abc', 5, 10, 50).length <= 50);
});

test('plain renderer prints each blob once and podman\'s closing lines', () => {
  let out = '';
  const r = plainRenderer({ write: (s) => (out += s) });
  r({ type: 'trying', reference: 'docker.io/library/busybox:latest' });
  r({ type: 'signatures' });
  r({ type: 'blob-start', digest: D, size: 10 });
  r({ type: 'blob-progress', digest: D, done: 5, size: 10 });
  r({ type: 'blob-done', digest: D });
  r({ type: 'blob-skipped', digest: D });
  r({ type: 'config', digest: C });
  r({ type: 'manifest' });
  assert.equal(out, [
    'Trying to pull docker.io/library/busybox:latest...', 'Getting image source signatures', `Copying blob ${D}`,
    `Copying config ${C}`, 'Writing manifest to image destination', 'Storing signatures', '',
  ].join('\n'));
});

test('tty renderer redraws bars in place and ends them with done / skipped', () => {
  let out = '';
  const r = ttyRenderer({ write: (s) => (out += s), columns: 100 }, 0);
  r.onEvent({ type: 'blob-skipped', digest: C });
  r.onEvent({ type: 'blob-start', digest: D, size: 10 });
  r.onEvent({ type: 'blob-done', digest: D });
  r.onEvent({ type: 'manifest' });
  const last = out.split('\x1b[2A\x1b[J').at(-1)!;
  assert.match(last, /^Copying blob cdcdcdcdcdcd skipped: already exists\nCopying blob abababababab done\n/);
  assert.match(out, /Writing manifest to image destination\nStoring signatures\n$/);
});
