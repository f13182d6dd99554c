import { test } from 'node:test';
import assert from 'node:assert/strict';
import { healthArgv, healthConfigFrom, nextHealth, type HealthConfig } from './health.ts';

test('healthConfigFrom: flags, JSON commands, the image\'s HEALTHCHECK, and none', () => {
  const cases: Array<[Parameters<typeof healthConfigFrom>, HealthConfig | undefined]> = [
    [[{}], undefined],
    [[{ cmd: 'echo out; exit 3' }], { Test: ['CMD-SHELL', 'echo out; exit 3'], Interval: 30e9, Timeout: 30e9, Retries: 3 }],
    [[{ cmd: '["CMD", "true"]', interval: '1m', timeout: '5s', retries: 2, startPeriod: '10s' }], { Test: ['CMD', 'true'], Interval: 60e9, Timeout: 5e9, Retries: 2, StartPeriod: 10e9 }],
    [[{ cmd: '["/bin/check"]' }], { Test: ['CMD', '/bin/check'], Interval: 30e9, Timeout: 30e9, Retries: 3 }],
    [[{ interval: 'disable', cmd: 'x' }], { Test: ['CMD-SHELL', 'x'], Interval: 0, Timeout: 30e9, Retries: 3 }],
    [[{}, { Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 5e9, Retries: 7 }], { Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 5e9, Timeout: 30e9, Retries: 7 }],
    [[{ cmd: 'mine' }, { Test: ['CMD', 'theirs'], Retries: 7 }], { Test: ['CMD-SHELL', 'mine'], Interval: 30e9, Timeout: 30e9, Retries: 3 }],
    [[{ cmd: 'none' }, { Test: ['CMD', 'theirs'] }], undefined],
    [[{ none: true }, { Test: ['CMD', 'theirs'] }], undefined],
    [[{}, { Test: ['NONE'] }], undefined],
  ];
  for (const [args, want] of cases) assert.deepEqual(healthConfigFrom(...args), want, JSON.stringify(args));
  assert.throws(() => healthConfigFrom({ cmd: '[oops' }), /invalid --health-cmd/);
  assert.throws(() => healthConfigFrom({ cmd: 'x', interval: 'soon' }), /invalid duration for --health-interval: soon/);
  assert.deepEqual(healthArgv({ Test: ['CMD-SHELL', 'a && b'], Interval: 0, Timeout: 0, Retries: 1 }), ['/bin/sh', '-c', 'a && b']);
  assert.deepEqual(healthArgv({ Test: ['CMD', 'x', 'y'], Interval: 0, Timeout: 0, Retries: 1 }), ['x', 'y']);
});

test('nextHealth: podman\'s streaks, statuses, start period and log of five', () => {
  const c: HealthConfig = { Test: ['CMD', 'x'], Interval: 30e9, Timeout: 30e9, Retries: 2 };
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const at = (s: number, exitCode: number) => ({ start: new Date(t0 + s * 1000), end: new Date(t0 + s * 1000 + 50), exitCode, output: `run ${s}\n` });
  let h = nextHealth(undefined, c, at(1, 3), t0);
  assert.deepEqual([h.Status, h.FailingStreak, h.Log![0]!.ExitCode, h.Log![0]!.Output], ['starting', 1, 1, 'run 1']);
  h = nextHealth(h, c, at(2, 1), t0);
  assert.deepEqual([h.Status, h.FailingStreak], ['unhealthy', 2]);
  h = nextHealth(h, c, at(3, 0), t0);
  assert.deepEqual([h.Status, h.FailingStreak], ['healthy', 0]);
  for (let i = 4; i < 10; i++) h = nextHealth(h, c, at(i, 0), t0);
  assert.equal(h.Log!.length, 5);
  assert.equal(h.Log![0]!.Output, 'run 5');
  const withStart: HealthConfig = { ...c, StartPeriod: 60e9 };
  const early = nextHealth({ Status: 'starting', FailingStreak: 0, Log: [] }, withStart, at(10, 1), t0);
  assert.deepEqual([early.Status, early.FailingStreak], ['starting', 0], 'failures in the start period do not count');
  const late = nextHealth(early, withStart, at(70, 1), t0);
  assert.equal(late.FailingStreak, 1);
});
