// Builds conmon's argv (pure) for container create and exec sessions, in the order Podman passes them.
import path from 'node:path';

export const CONMON_PATH = '/usr/bin/conmon';

/** What conmon 2.1.6's -l takes besides a k8s-file path (it also has journald, which Berth does not use). */
export type ConmonLogDriver = 'k8s-file' | 'none' | 'passthrough';

/** conmon's -l value: `none`, `passthrough`, or `k8s-file:<path>` (no path: no log, as `none`). */
export function conmonLogArg(driver: ConmonLogDriver | undefined, logPath: string | undefined): string {
  if (driver === 'none' || driver === 'passthrough') return driver;
  return logPath ? `k8s-file:${logPath}` : 'none';
}

export interface ConmonSharedOptions {
  /** Container id (-c): the exit file is <exitDir>/<id>. */
  id: string;
  /** Session uuid (-u): the container id for create, the exec session id for exec. */
  uuid: string;
  /** The OCI runtime binary (-r). */
  runtimePath: string;
  /** Global runtime flags, passed as --runtime-arg each (see OciRuntime.globalArgs). */
  runtimeArgs: string[];
  /** Bundle directory (-b): conmon puts attach, ctl and winsz here. For exec: the session's directory. */
  bundle: string;
  /** The container (or exec) pid file runc writes (-p). */
  pidFile: string;
  /** conmon writes its own (daemonized) pid here (--conmon-pidfile). */
  conmonPidFile: string;
  exitDir: string;
  /**
   * `none`: conmon writes no log; `passthrough`: no log, no attach socket, and the runtime (so the container) inherits
   * conmon's own stdio. Else (k8s-file, the default) the log is written to logPath.
   */
  logDriver?: ConmonLogDriver;
  /** The k8s-file log's path; omitted → no log. */
  logPath?: string;
  logSizeMax?: number;
  logTag?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  tty: boolean;
  stdin: boolean;
  leaveStdinOpen?: boolean;
  /** Where conmon would create the attach symlink; with --full-attach it only names a fallback location. */
  socketDir?: string;
  systemdCgroup?: boolean;
  exitCommand?: string[];
  exitDelaySeconds?: number;
  noPivot?: boolean;
  /** Kill the process after this many seconds (-T). */
  timeoutSeconds?: number;
  /** --preserve-fds: conmon's fds 3..3+N-1 go on to the runtime's create or exec and into the container. */
  preserveFds?: number;
}

export interface ConmonCreateOptions extends ConmonSharedOptions {
  /** Container name (-n). */
  name: string;
  /** Persistent directory (-0) where conmon writes `exit` too. */
  persistDir?: string;
}

export interface ConmonExecOptions extends ConmonSharedOptions {
  /** process.json for `runc exec --process`. */
  processSpec: string;
  /** Wait for the caller to attach before the process starts (--exec-attach; needs _OCI_ATTACHPIPE). */
  attach: boolean;
  /** Extra `runc exec` options (--runtime-opt), e.g. --preserve-fds. */
  runtimeOpts?: string[];
}

function shared(o: ConmonSharedOptions): string[] {
  const a = ['--api-version', '1', '-c', o.id, '-u', o.uuid, '-r', o.runtimePath, '-b', o.bundle, '-p', o.pidFile];
  return a;
}

function tail(o: ConmonSharedOptions): string[] {
  const a: string[] = ['--exit-dir', o.exitDir, '--full-attach'];
  if (o.socketDir) a.push('--socket-dir-path', o.socketDir);
  if (o.systemdCgroup) a.push('-s');
  a.push('-l', conmonLogArg(o.logDriver, o.logPath));
  if (o.logSizeMax !== undefined && o.logSizeMax > 0) a.push('--log-size-max', String(o.logSizeMax));
  if (o.logTag) a.push('--log-tag', o.logTag);
  a.push('--log-level', o.logLevel ?? 'error');
  for (const r of o.runtimeArgs) a.push('--runtime-arg', r);
  a.push('--conmon-pidfile', o.conmonPidFile);
  if (o.tty) a.push('-t');
  if (o.stdin) a.push('-i');
  if (o.leaveStdinOpen) a.push('--leave-stdin-open');
  if (o.noPivot) a.push('--no-pivot');
  if (o.timeoutSeconds !== undefined && o.timeoutSeconds > 0) a.push('-T', String(o.timeoutSeconds));
  if (o.preserveFds) a.push('--runtime-opt', '--preserve-fds', '--runtime-opt', String(o.preserveFds));
  const [cmd, ...cmdArgs] = o.exitCommand ?? [];
  if (cmd) {
    a.push('--exit-command', cmd);
    for (const x of cmdArgs) a.push('--exit-command-arg', x);
    if (o.exitDelaySeconds !== undefined) a.push('--exit-delay', String(o.exitDelaySeconds));
  }
  return a;
}

/** argv for `conmon` creating a container (conmon runs `runc create`). */
export function conmonCreateArgs(o: ConmonCreateOptions): string[] {
  const a = shared(o);
  a.push('-n', o.name);
  if (o.persistDir) a.push('-0', o.persistDir);
  return [...a, ...tail(o)];
}

/** argv for `conmon --exec` (conmon runs `runc exec --detach --process <spec>`). */
export function conmonExecArgs(o: ConmonExecOptions): string[] {
  const a = [...shared(o), ...tail(o), '--exec', '--exec-process-spec', o.processSpec];
  if (o.attach) a.push('--exec-attach');
  for (const r of o.runtimeOpts ?? []) a.push('--runtime-opt', r);
  return a;
}

/** Files conmon creates in the bundle directory. */
export const attachPaths = (bundle: string) => ({
  attach: path.join(bundle, 'attach'),
  ctl: path.join(bundle, 'ctl'),
  winsz: path.join(bundle, 'winsz'),
});
