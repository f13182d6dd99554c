// Table test for the logrus-shaped timestamp of key=value log lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('rfc3339: seconds, local offset, Z for UTC (as logrus prints time=)', () => {
  const cases: Array<[string, string]> = [
    ['UTC', '2026-11-28T15:24:00Z'],
    ['Europe/Paris', '2026-11-28T16:24:00+01:00'],
    ['America/St_Johns', '2026-11-28T11:54:00-03:30'],
    ['Asia/Kolkata', '2026-11-28T20:54:00+05:30'],
  ];
  for (const [tz, want] of cases) {
    // Each zone in its own process: Node reads TZ once.
    const r = spawnSync(process.execPath, ['--input-type=module', '-e',
      `import { rfc3339 } from ${JSON.stringify(new URL('./log.ts', import.meta.url).href)}; process.stdout.write(rfc3339(new Date(Date.UTC(2026, 10, 28, 15, 24, 0, 789))));`,
    ], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    assert.equal(r.stdout, want, `${tz}: ${r.stderr}`);
  }
});
