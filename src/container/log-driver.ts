// Log drivers: which one a container gets (flag over containers.conf), what conmon is told, and what logs/attach allow.
import { BerthError, invalidArgument } from '../util/errors.ts';

/** The drivers Berth runs: k8s-file (json-file is podman's alias for it), none, passthrough. */
export type LogDriver = 'k8s-file' | 'json-file' | 'none' | 'passthrough';

const RUNNABLE: readonly string[] = ['k8s-file', 'json-file', 'none', 'passthrough'];

/**
 * The container's driver: --log-driver when given (an empty value counts as not given, as in podman), else
 * containers.conf's log_driver. Podman 4.3's error for an unknown name. journald is podman's but needs a systemd
 * journal, which Berth does not write to: refused as a flag; from containers.conf (where it is also the built-in
 * default on a systemd host, so refusing it would fail every `run` there) the container logs to a k8s-file instead.
 */
export function resolveLogDriver(flag: string | undefined, confDefault: string): LogDriver {
  const driver = flag || confDefault || 'k8s-file';
  if (RUNNABLE.includes(driver)) return driver as LogDriver;
  if (driver === 'journald') {
    if (flag) throw invalidArgument('--log-driver journald is not supported by berth yet');
    return 'k8s-file';
  }
  throw invalidArgument('running container create option: invalid log driver: invalid argument');
}

/** What conmon is told: json-file is written as k8s-file (as podman does). */
export const conmonLogDriver = (d: LogDriver | undefined): 'k8s-file' | 'none' | 'passthrough' =>
  d === 'none' || d === 'passthrough' ? d : 'k8s-file';

/** Whether conmon writes a log file (k8s-file and its json-file alias). */
export const writesLogFile = (d: LogDriver | undefined): boolean => d === undefined || d === 'k8s-file' || d === 'json-file';

/** --log-opt tag= with a file log: conmon refuses it (podman fails at start; Berth says so at create). */
export function checkLogTag(d: LogDriver, tag: string | undefined): void {
  if (tag !== undefined && writesLogFile(d)) throw invalidArgument("k8s-file doesn't support --log-tag");
}

/** podman's define.ErrNoLogs, wrapped as libpod words it: `logs` and `attach` on a container that logs nothing. */
export function noLogsError(d: LogDriver, cannot: 'read logs' | 'attach', prefix = ''): BerthError {
  return new BerthError('conflict', `${prefix}this container is using the '${d}' log driver, cannot ${cannot}: this container is not logging output`);
}
