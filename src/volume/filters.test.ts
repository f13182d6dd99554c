import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVolumeFilters, matchesAny, parseGoDuration, parseUntil, type VolumeFacts } from './filters.ts';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const vol = (name: string, o: Partial<VolumeFacts> & { used?: boolean } = {}): VolumeFacts => ({
  name, driver: 'local', labels: {}, options: {}, createdMs: NOW - 60_000, dangling: () => !o.used, ...o,
});
const VOLS = [
  vol('alpha', { labels: { a: 'b', c: '' } }),
  vol('beta', { options: { type: 'tmpfs', device: 'tmpfs' }, used: true }),
  vol('gamma', { createdMs: Date.parse('2020-01-01T00:00:00Z') }),
];
const pick = (filters: string[]) => VOLS.filter((v) => matchesAny(parseVolumeFilters(filters, NOW), v)).map((v) => v.name);

test('volume filters select like podman 4.3 (any filter may match)', () => {
  const cases: Array<[string[], string[]]> = [
    [[], ['alpha', 'beta', 'gamma']],
    [['name=a'], ['alpha', 'beta', 'gamma']],
    [['name=^.e'], ['beta']],
    [['label=a'], ['alpha']],
    [['label=a=b'], ['alpha']],
    [['label=a=x'], []],
    [['label=c'], ['alpha']],
    [['opt=type=tmpfs'], ['beta']],
    [['opt=type'], ['beta']],
    [['driver=local'], ['alpha', 'beta', 'gamma']],
    [['driver=nfs'], []],
    [['scope=local'], ['alpha', 'beta', 'gamma']],
    [['dangling=true'], ['alpha', 'gamma']],
    [['dangling=1'], ['alpha', 'gamma']],
    [['dangling=FALSE'], ['beta']],
    [['until=2021-01-01'], ['gamma']],
    [['until=1h'], ['gamma']],
    [['until=30s'], ['alpha', 'beta', 'gamma']],
    [[`until=${NOW / 1000}`], ['alpha', 'beta', 'gamma']],
    [['name=alpha', 'label=zzz'], ['alpha']],
    [['name=gamma', 'dangling=false'], ['beta', 'gamma']],
  ];
  for (const [filters, want] of cases) assert.deepEqual(pick(filters), want, filters.join(' '));
});

test('volume filter errors carry podman wording', () => {
  const cases: Array<[string, string]> = [
    ['bogus=1', '"bogus" is an invalid volume filter'],
    ['label!=a', '"label!" is an invalid volume filter'],
    ['name', 'filter input must be in the form of filter=value: name is invalid'],
    ['dangling=maybe', '"maybe" is not a valid value for the "dangling" filter - must be true or false'],
    ['until=foo', 'failed to parse value as time or duration: "foo"'],
  ];
  for (const [f, message] of cases) assert.throws(() => parseVolumeFilters([f]), { code: 'invalid-argument', message }, f);
  assert.throws(() => parseVolumeFilters(['name=[']), { message: /^error parsing regexp/ });
});

test('Go durations and until values', () => {
  const d: Array<[string, number | undefined]> = [['0', 0], ['10m', 600_000], ['1h30m', 5_400_000], ['1.5s', 1500], ['-2s', -2000], ['5', undefined], ['m', undefined]];
  for (const [s, ms] of d) assert.equal(parseGoDuration(s), ms, s);
  assert.equal(parseUntil('2026-01-10T11:00:00Z', NOW), NOW - 3_600_000);
  assert.equal(parseUntil('1700000000.5', NOW), 1_700_000_000_500);
});
