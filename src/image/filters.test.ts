import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileImageFilters, globMatch, parseGoDuration, parseUntil, referenceMatches, PRUNE_FILTERS, type FilterImage } from './filters.ts';

const img = (over: Partial<FilterImage>): FilterImage => ({
  id: 'a'.repeat(64), names: [], labels: {}, created: Date.parse('2025-05-20T00:00:00Z'), readOnly: false, containers: 0,
  dangling: false, intermediate: false, ...over,
});
const busybox = img({ id: 'b'.repeat(64), names: ['docker.io/library/busybox:latest', 'localhost/mine:latest', 'quay.io/foo/bar:v1'], labels: { x: 'y' } });
const debian = img({ id: 'd'.repeat(64), names: ['docker.io/library/debian:bookworm-slim'], created: Date.parse('2024-01-01T00:00:00Z') });
const dangling = img({ id: 'e'.repeat(64), dangling: true, containers: 1, created: Date.parse('2023-01-01T00:00:00Z') });
const all = [busybox, debian, dangling];
const ctx = { createdOf: (v: string) => { if (v === 'debian') return debian.created; throw new Error(`${v}: image not known`); }, now: Date.parse('2026-11-20T00:00:00Z') };

test('filters select what podman 4.3 selects', () => {
  const cases: Array<[string[], FilterImage[]]> = [
    [[], all],
    [['dangling=true'], [dangling]],
    [['dangling=false'], [busybox, debian]],
    [['reference=busybox'], [busybox]],
    [['reference=mine'], [busybox]],
    [['reference=*/foo/*'], [busybox]],
    [['reference=debian:bookworm-slim'], [debian]],
    [['reference=busybox', 'reference=debian'], [busybox, debian]],
    [['label=x'], [busybox]],
    [['label=x=y'], [busybox]],
    [['label=x=z'], []],
    [['label=x', 'label=c'], []],
    [['before=debian'], [dangling]],
    [['since=debian'], [busybox]],
    [['after=debian'], [busybox]],
    [['containers=true'], [dangling]],
    [['readonly=false'], all],
    [[`id=${'d'.repeat(64)}`], [debian]],
    [['id=dddd'], []],
    [['until=2024-06-01'], [debian, dangling]],
    [['until=1h'], all],
    [['intermediate=false', 'dangling=false'], [busybox, debian]],
  ];
  for (const [filters, want] of cases) {
    const p = compileImageFilters(filters, ctx);
    assert.deepEqual(all.filter(p).map((i) => i.id), want.map((i) => i.id), filters.join(','));
  }
});

test('filter errors keep podman 4.3 wording', () => {
  const cases: Array<[string, string]> = [
    ['bogus=1', 'unsupported image filter "bogus"'],
    ['digest=sha256:00', 'unsupported image filter "digest"'],
    ['foo', 'invalid image filter "foo": must be in the format "filter=value or filter!=value"'],
    ['dangling=maybe', 'non-boolean value "dangling" for maybe filter: strconv.ParseBool: parsing "maybe": invalid syntax'],
    ['before=nope', 'could not find local image for filter filter "before"="nope": nope: image not known'],
    ['until=xx', 'failed to parse value as time or duration: "xx"'],
  ];
  for (const [f, msg] of cases) assert.throws(() => compileImageFilters([f], ctx, PRUNE_FILTERS), { message: msg }, f);
});

test('durations, until values, globs and reference matching', () => {
  assert.equal(parseGoDuration('1h30m'), 5_400_000);
  assert.equal(parseGoDuration('10s'), 10_000);
  assert.equal(parseGoDuration('abc'), undefined);
  assert.equal(parseUntil('1700000000'), 1_700_000_000_000);
  assert.equal(parseUntil('2024-01-01T00:00:00Z'), Date.parse('2024-01-01T00:00:00Z'));
  assert.equal(globMatch('*/foo/*', 'quay.io/foo/bar'), true);
  assert.equal(globMatch('busy*', 'docker.io/library/busybox'), false);
  assert.equal(referenceMatches('busy*', 'docker.io/library/busybox:latest'), true);
  assert.equal(referenceMatches('busybox:latest', 'docker.io/library/busybox:latest'), true);
  assert.equal(referenceMatches('busybox:1', 'docker.io/library/busybox:latest'), false);
  assert.equal(referenceMatches('docker.io/library/busybox', 'docker.io/library/busybox:latest'), true);
});
