// Builds the container lifecycle's environment from a LocalContext: runtime, layer store, spec config, exit command.
// Also the one module the engine imports for every mutating verb (re-exports below): a single dynamic import keeps the
// bundle's chunks few and large, and each chunk costs a resolve, read and link at start-up.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LocalContext } from './context.ts';
import type { EngineOptions } from '../types.ts';
import { RuncRuntime } from '../../runtime/oci-runtime.ts';
import { openLayerStore, type LayerStore } from '../../storage/layers.ts';
import { specConfFrom } from '../../runtime/spec.ts';
import type { SpecConf } from '../../runtime/spec-types.ts';
import { loadContainersConf } from '../../config/containers-conf.ts';
import * as host from '../../sys/host.ts';
import { BerthError } from '../../util/errors.ts';
import { VERSION } from '../../version.ts';
import { exitLockFile, type LifecycleEnv, type NetworkSeam } from '../../container/env.ts';
import { loopbackNetwork } from '../../container/network.ts';
import { joinCgroup } from '../../sys/cgroups.ts';

export * as lc from '../../container/lifecycle.ts';
export { cleanupLocked } from '../../container/cleanup.ts';
export { removeWithDependents, startDependencies } from '../../container/depend-ops.ts';
export { assertDependenciesRunning } from '../../container/depend.ts';
export { withContainerLock } from '../../container/lock.ts';
export { createContainer } from '../../container/create.ts';
export { getContainer } from '../../container/records.ts';
export { attach as attachSocket } from '../../runtime/attach.ts';
export { attachPaths } from '../../runtime/conmon-args.ts';
export { findLocalImage, imageNotKnown } from '../../image/lookup.ts';
export { getImage } from '../../image/store.ts';
export { parseReference } from '../../image/reference.ts';
export { containerNetworkSeam } from './container-net.ts';

/** The berth command conmon runs at exit, with the globals that locate this store (as podman passes its own). */
export function exitCommandFor(ctx: LocalContext, opts: EngineOptions, id: string): string[] {
  const s = ctx.settings;
  // This very Node and bundle, not the bin/berth shell launcher: it runs at every container exit, and the launcher's
  // sh + readlink + dirname cost three more processes on a machine the exiting container's verb is still using.
  const script = process.argv[1] ?? '';
  const launcher = path.resolve(path.dirname(script), '..', 'bin', 'berth');
  const node = [process.execPath, script];
  const cmd = path.isAbsolute(script) && existsSync(script) ? node : existsSync(launcher) ? [launcher] : node;
  const args = ['--root', s.graphRoot, '--runroot', s.runRoot];
  if (opts.storageDriver) args.push('--storage-driver', opts.storageDriver);
  if (opts.runtime) args.push('--runtime', opts.runtime);
  if (opts.conmon) args.push('--conmon', opts.conmon);
  if (opts.volumepath) args.push('--volumepath', opts.volumepath);
  if (opts.logLevel && opts.logLevel !== 'warn') args.push('--log-level', opts.logLevel);
  const full = [...cmd, ...args, 'container', 'cleanup', id];
  const flock = host.findExecutable('flock');
  if (!flock) return full;
  // A foreground run/start -a cleans up itself while holding an flock on exit.lock, and removes the file when nothing
  // is left for the exit command: wait for that lock, and only start Node (tens of ms of CPU, at every container exit,
  // on a machine still busy with the exiting verb) when the file is still there. A killed CLI drops its flock and
  // leaves the file, so the exit command then does the cleanup as before.
  const lock = exitLockFile({ runRoot: s.runRoot }, id);
  return ['/bin/sh', '-c', EXIT_SCRIPT, 'berth-exit', flock, lock, ...full];
}

/** $1 flock binary, $2 exit.lock, then the berth cleanup command. */
export const EXIT_SCRIPT = '[ -e "$2" ] || exit 0; "$1" "$2" true 2>/dev/null; [ -e "$2" ] || exit 0; shift 2; exec "$@"';

export function lifecycleEnv(ctx: LocalContext, opts: EngineOptions, network: NetworkSeam = loopbackNetwork): LifecycleEnv {
  const s = ctx.settings;
  if (!s.runtimePath) throw new BerthError('unavailable', `OCI runtime "${s.runtimeName}" not found`, { hint: `install the ${s.runtimeName} package` });
  if (!s.conmonPath) throw new BerthError('unavailable', 'conmon not found', { hint: 'install the conmon package' });
  let layers: LayerStore | undefined;
  let conf: SpecConf | undefined;
  return {
    db: ctx.state(),
    graphRoot: s.graphRoot,
    runRoot: s.runRoot,
    volumePath: s.volumePath,
    conmonPath: s.conmonPath,
    runtime: new RuncRuntime({ path: s.runtimePath, runRoot: s.runRoot, systemdCgroup: s.cgroupManager === 'systemd' }),
    layers: () => (layers ??= openLayerStore(s.graphRoot, s.storageDriver === 'vfs' ? 'vfs' : 'auto')),
    specConf: () => {
      if (!conf) {
        conf = specConfFrom(loadContainersConf(ctx.paths, { systemd: host.initProcessName() === 'systemd' }));
        conf.cgroupManager = s.cgroupManager;
      }
      return conf;
    },
    seccompProfilePath: s.seccompProfilePath,
    logDriver: s.logDriver,
    // podman's cgroupfs manager runs each conmon in <cgroup parent>/conmon (root only: a user may not write there).
    ...(s.cgroupManager === 'cgroupfs' && process.getuid?.() === 0
      ? { conmonCgroup: (pid: number, cgroup: string) => joinCgroup(pid, cgroup) }
      : {}),
    exitCommand: (id) => exitCommandFor(ctx, opts, id),
    logLevel: opts.logLevel,
    network,
    version: VERSION,
  };
}
