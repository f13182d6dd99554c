import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoDuration } from './duration.ts';

test('parseGoDuration accepts what Go time.ParseDuration accepts, in milliseconds', () => {
  const cases: [string, number | undefined][] = [
    ['0', 0],
    ['-0', 0],
    ['10s', 10_000],
    ['1h30m', 5_400_000],
    ['+1.5s', 1500],
    ['-1.5s', -1500],
    ['.5s', 500],
    ['1.s', 1000],
    ['300ms', 300],
    ['2us', 0.002],
    ['2\u00b5s', 0.002],
    ['2\u03bcs', 0.002],
    ['1500ns', 0.0015],
    ['1h2m3s4ms', 3_723_004],
    ['', undefined],
    ['10', undefined],
    ['abc', undefined],
    ['10x', undefined],
    ['1h 2m', undefined],
    ['--1s', undefined],
    ['.s', undefined],
  ];
  for (const [s, want] of cases) assert.equal(parseGoDuration(s), want, JSON.stringify(s));
});
