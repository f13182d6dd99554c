// What the container lifecycle needs from its engine: the DB, paths, layer store, runtime, spec config and the network seam.
import path from 'node:path';
import type { Db } from '../state/db.ts';
import type { LayerStore } from '../storage/layers.ts';
import type { OciRuntime } from '../runtime/oci-runtime.ts';
import type { SpecConf } from '../runtime/spec-types.ts';
import type { ContainerRecord } from './records.ts';

/** The network step of init and cleanup: until bridges are wired, `private` is a fresh netns from runc (loopback up). */
export interface NetworkSetup {
  netnsPath?: string;
  containerIp?: string;
  attached?: Promise<{ containerIp?: string }>;
}

export interface NetworkSeam {
  /**
   * Prepares the container's network; returns a netns path to join (recorded before use) or nothing. When attaching
   * the namespace to networks takes a while (bridge networks: netavark/CNI), `attached` is that work still running:
   * init overlaps it with the runtime's create (the container's process waits in `runc init` until start, so it never
   * sees the namespace half configured) and awaits it before returning. On failure it has undone itself.
   */
  setup(rec: ContainerRecord, record: (u: { netns?: string; networkStatus?: string }) => void): Promise<NetworkSetup>;
  /** Undoes setup; must be idempotent and work from the record alone (after a crash). */
  teardown(rec: ContainerRecord): Promise<void>;
  /** Housekeeping for a moment spent waiting on a teardown's helper (the IPAM database's WAL). */
  whileWaiting?(): void;
}

export interface LifecycleEnv {
  db: Db;
  graphRoot: string;
  runRoot: string;
  volumePath: string;
  conmonPath: string;
  runtime: OciRuntime;
  layers(): LayerStore;
  specConf(): SpecConf;
  seccompProfilePath: string;
  /** containers.conf's log_driver: a container's driver unless --log-driver names one. */
  logDriver?: string;
  /**
   * Puts a conmon into the cgroup `path` (container/cgroup-options.ts: `<parent>/conmon` with cgroupfs, as podman);
   * absent where that is not done.
   */
  conmonCgroup?: (conmonPid: number, path: string) => Promise<void>;
  /** argv for conmon's exit command (`berth --root … container cleanup <id>`). */
  exitCommand(id: string): string[];
  logLevel: string;
  network: NetworkSeam;
  version: string;
}

/** <runRoot>/containers/<id>: the OCI bundle (config.json), conmon's attach/ctl, pid files, run files. */
export const bundleDir = (env: Pick<LifecycleEnv, 'runRoot'>, id: string) => path.join(env.runRoot, 'containers', id);
/** <runRoot>/exits: conmon writes <id> with the exit code. */
export const exitDir = (env: Pick<LifecycleEnv, 'runRoot'>) => path.join(env.runRoot, 'exits');
/** <graphRoot>/containers/<id>: persistent per-container data (the k8s-file log). */
export const userdataDir = (env: Pick<LifecycleEnv, 'graphRoot'>, id: string) => path.join(env.graphRoot, 'containers', id);
export const logPath = (env: Pick<LifecycleEnv, 'graphRoot'>, id: string) => path.join(userdataDir(env, id), 'ctr.log');
/** A container's log file: --log-opt path=, else <userdata>/ctr.log (written only by the file drivers). */
export const containerLogPath = (env: Pick<LifecycleEnv, 'graphRoot'>, rec: { id: string; config: { spec: { logPath?: string } } }) =>
  rec.config.spec.logPath || logPath(env, rec.id);
export const lockFile = (env: Pick<LifecycleEnv, 'runRoot'>, id: string) => path.join(env.runRoot, 'locks', `${id}.lock`);
/**
 * <bundle>/exit.lock: exists while the exit command still has work to do, and is flock(2)ed by a foreground `run`/
 * `start -a` that cleans up itself. The exit command waits for that flock and skips starting Berth when the file is
 * gone (see exitCommandFor).
 */
export const exitLockFile = (env: Pick<LifecycleEnv, 'runRoot'>, id: string) => path.join(bundleDir(env, id), 'exit.lock');
