// Test-only crash hook: BERTH_TEST_CRASH_AT=<step> makes berth SIGKILL itself at that pipeline step (crash-safety tests).

/** Named steps of create/start/stop/rm where a test may crash berth (see docs/containers.md). */
export type CrashStep =
  | 'create:record' | 'create:layer' | 'create:done'
  | 'init:mounted' | 'init:network' | 'init:shm' | 'init:runfiles' | 'init:spec' | 'init:conmon'
  | 'start:started'
  | 'stop:signalled'
  | 'rm:marked' | 'rm:runtime' | 'rm:unmounted' | 'rm:layer';

/** Kills this process with SIGKILL when BERTH_TEST_CRASH_AT names `step` (nothing runs after: no finally, no exit hooks). */
export function crashPoint(step: CrashStep): void {
  const at = process.env['BERTH_TEST_CRASH_AT'];
  if (at && at === step) process.kill(process.pid, 'SIGKILL');
}
