import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatG, humanDuration, humanSize, podmanSize, rfc3339 } from './humanize.ts';

test('podman SIZE column (values recorded from podman 4.3 images/history)', () => {
  const cases: Array<[number, string]> = [
    [2131736, '2.13 MB'], [77559079, '77.6 MB'], [0, '0 B'], [2129920, '2.13 MB'], [999, '999 B'], [1000, '1 kB'],
    [5240, '5.24 kB'], [999_600, '1e+03 kB'], [1_500_000_000, '1.5 GB'],
  ];
  for (const [n, want] of cases) assert.equal(podmanSize(n), want, String(n));
});

test('image tree sizes use 4 digits, no space', () => {
  assert.equal(humanSize(2131736), '2.132MB');
  assert.equal(humanSize(77559079), '77.56MB');
});

test("Go's %.Ng", () => {
  const cases: Array<[number, number, string]> = [[2.131736, 3, '2.13'], [77.559, 3, '77.6'], [100, 3, '100'], [999.6, 3, '1e+03'], [0.5, 3, '0.5'], [12, 3, '12']];
  for (const [v, p, want] of cases) assert.equal(formatG(v, p), want);
});

test('go-units HumanDuration', () => {
  const s = 1000, m = 60 * s, h = 60 * m, d = 24 * h;
  const cases: Array<[number, string]> = [
    [500, 'Less than a second'], [s, '1 second'], [30 * s, '30 seconds'], [m, 'About a minute'], [5 * m, '5 minutes'],
    [h, 'About an hour'], [3 * h, '3 hours'], [47 * h, '47 hours'], [3 * d, '3 days'], [20 * d, '2 weeks'],
    [550 * d, '18 months'], [800 * d, '2 years'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, String(ms));
});

test('RFC 3339 as Go marshals times', () => {
  assert.equal(rfc3339(Date.parse('2025-05-20T00:00:00Z')), '2025-05-20T00:00:00Z');
  assert.equal(rfc3339(Date.parse('2025-05-20T00:00:00.120Z')), '2025-05-20T00:00:00.12Z');
});
