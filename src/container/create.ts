// The create pipeline: resolve options, insert the record ("configured"), volumes, the container layer, then "created".
import fs from 'node:fs';
import path from 'node:path';
import type { ContainerCreateOptions, RestartPolicy } from '../engine/containers.ts';
import type { ImageRecord } from '../image/store.ts';
import { layerChain } from '../image/store.ts';
import type { ContainerCreateOptions as SpecOptions, ImageConfig, ResolvedDevice, ResolvedMount } from '../runtime/spec-types.ts';
import { parseDeviceSpec } from '../runtime/spec-mounts.ts';
import { buildArgs } from '../runtime/spec-process.ts';
import { signalNumber } from '../runtime/spec-signal.ts';
import { checkCreateOptions } from '../runtime/spec-check.ts';
import { createCheckHost } from './host-facts.ts';
import { major, minor } from '../sys/fs.ts';
import { BerthError, invalidArgument } from '../util/errors.ts';
import { createVolume, ensureVolume } from '../volume/driver.ts';
import { addVolumeUser } from '../volume/records.ts';
import { randomVolumeName } from '../volume/names.ts';
import { transaction, type Db } from '../state/db.ts';
import { log } from '../util/log.ts';
import { crashPoint } from './crash.ts';
import { checkCgroupOptions } from './cgroup-options.ts';
import { customSeccompProfile } from './seccomp-choice.ts';
import { cgroups } from '../sys/host.ts';
import { blockIOSupport } from '../sys/cgroups.ts';
import { checkBlkioWeight, parseBlockIOFlags, supportedBlockIO } from '../runtime/resources.ts';
import { firstMissingPassedFd } from '../sys/fs.ts';
import { healthConfigFrom, parseHealthOnFailure } from './health.ts';
import { checkLogTag, resolveLogDriver } from './log-driver.ts';
import { recordDependencies, resolveDependencies } from './depend.ts';
import { userdataDir, type LifecycleEnv } from './env.ts';
import { parseMounts, parseVolumesFrom, withMode } from './mounts.ts';
import { newContainerId, randomContainerName, validateContainerName } from './names.ts';
import { planNetwork } from './network.ts';
import { copySecrets, resolveSecrets } from './secrets.ts';
import { containerByName, findContainer, getContainer, insertContainer, updateContainer, type ContainerConfig, type ContainerRecord } from './records.ts';

const PROXY_VARS = ['http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY'];

/** `--restart no|always|on-failure[:N]|unless-stopped`, podman's wording for bad values. */
export function parseRestartPolicy(v: string | undefined, autoRemove: boolean): RestartPolicy {
  if (!v) return { name: '', maxRetries: 0 };
  const [name, count] = v.split(':');
  if (!['no', 'always', 'on-failure', 'unless-stopped'].includes(name!)) {
    throw invalidArgument(`invalid restart policy: ${v}`);
  }
  if (count !== undefined && name !== 'on-failure') throw invalidArgument('restart policy retries can only be specified with on-failure restart policy');
  const maxRetries = count === undefined ? 0 : Number(count);
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw invalidArgument(`invalid restart policy: ${v}`);
  if (autoRemove && name !== 'no') throw invalidArgument('the --rm option conflicts with --restart, when the restartPolicy is not "" and "no"');
  return { name: name as RestartPolicy['name'], maxRetries };
}

/** Parses an env file: KEY=value lines, KEY alone (host value), comments and blank lines skipped. */
export function parseEnvFile(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
}

/** The host variables the container's env may read later (init can run in another process: conmon's cleanup). */
function hostEnvSnapshot(o: ContainerCreateOptions, envFile: string[]): Record<string, string> {
  const wanted = [...(o.env ?? []), ...envFile].filter((e) => !e.includes('='));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (o.envHost || PROXY_VARS.includes(k) || wanted.some((w) => (w.endsWith('*') ? k.startsWith(w.slice(0, -1)) : w === k))) out[k] = v;
  }
  return out;
}

function resolveDevice(spec: string): ResolvedDevice {
  const d = parseDeviceSpec(spec);
  let st: fs.Stats;
  try {
    st = fs.statSync(d.hostPath);
  } catch {
    throw new BerthError('invalid-argument', `stat ${d.hostPath}: no such file or directory`);
  }
  const type = st.isCharacterDevice() ? 'c' : st.isBlockDevice() ? 'b' : st.isFIFO() ? 'p' : undefined;
  if (!type) throw invalidArgument(`${d.hostPath} is not a device`);
  return {
    containerPath: d.containerPath, type, major: major(st.rdev), minor: minor(st.rdev), fileMode: st.mode & 0o7777,
    uid: st.uid, gid: st.gid, permissions: d.permissions,
  };
}

/** A path's device numbers for the blkio flags, with podman's words when it cannot be read. */
function blockIODevice(p: string, kind: 'weight' | 'throttle'): { major: number; minor: number } {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message;
    throw invalidArgument(`could not parse ${kind} device at ${p}: ${why}`);
  }
  return { major: major(st.rdev), minor: minor(st.rdev) };
}

export interface CreateInput {
  opts: ContainerCreateOptions;
  image: ImageRecord;
  /** The name the user typed for the image (shown by ps), e.g. docker.io/library/busybox:latest. */
  imageName: string;
  /** Warnings for the user (podman prints them on stderr and goes on). */
  warn?: (message: string) => void;
}

/** Creates a container; on failure, what was made is left recorded for removal (the caller runs remove). */
export async function createContainer(env: LifecycleEnv, input: CreateInput): Promise<ContainerRecord> {
  const { opts: o, image } = input;
  const db = env.db;
  if (o.name) validateContainerName(o.name);
  const logDriver = resolveLogDriver(o.logDriver, env.logDriver ?? 'k8s-file');
  checkLogTag(logDriver, o.logTag);
  if (o.cgroups !== undefined || o.cgroupParent) {
    checkCgroupOptions(o, { cgroupManager: env.specConf().cgroupManager, runtimeName: env.runtime.name, cgroupVersion: cgroups().version });
  }
  const imageConfig = ((JSON.parse(image.config) as { config?: ImageConfig }).config ?? {}) as ImageConfig;
  customSeccompProfile(o, imageConfig.Labels); // a missing or malformed profile fails here, before anything is made
  checkCreateOptions(o, createCheckHost());
  const limits = parseBlockIOFlags(o, blockIODevice);
  // The host's cgroups are only read when there is a limit to check against them (not on every create).
  const blkio = Object.keys(limits).length ? supportedBlockIO(limits, blockIOSupport()) : { limits, warnings: [] };
  checkBlkioWeight(blkio.limits);
  for (const w of blkio.warnings) input.warn?.(w);
  if (o.init && o.initPath && !fs.existsSync(o.initPath)) {
    throw invalidArgument(`container-init binary not found on the host: stat ${o.initPath}: no such file or directory`);
  }
  if (o.preserveFds) {
    const missing = firstMissingPassedFd(o.preserveFds);
    if (missing !== undefined) throw invalidArgument(`file descriptor ${missing} is not available - the preserve-fds option requires that file descriptors must be passed`);
  }
  const deps = resolveDependencies(db, o);
  const secrets = resolveSecrets(db, o.secrets ?? []);
  const netPlan = await planNetwork(env, o, imageConfig);
  const autoRemove = o.rm ?? false;
  const restart = parseRestartPolicy(o.restart, autoRemove);
  const envFile = (o.envFiles ?? []).flatMap((f) => {
    try {
      return parseEnvFile(fs.readFileSync(f, 'utf8'));
    } catch (e) {
      throw new BerthError('invalid-argument', `parsing env file "${f}": open ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
  });
  const parsed = parseMounts(o.volumes ?? [], o.mountSpecs ?? []);
  for (const b of parsed.binds) {
    if (!fs.existsSync(b.source)) throw new BerthError('invalid-argument', `statfs ${b.source}: no such file or directory`);
  }
  const taken = new Set(parsed.volumes.map((v) => v.destination).concat(parsed.binds.map((b) => b.destination)));
  // --volumes-from: the other containers' volumes and bind mounts, where this container's own -v/--mount leave room.
  const shared = volumesFrom(db, o.volumesFrom ?? []);
  for (const v of shared.volumes) if (!taken.has(v.destination)) (taken.add(v.destination), parsed.volumes.push({ ...v, noCopy: true }));
  for (const b of shared.binds) if (!taken.has(b.destination)) (taken.add(b.destination), parsed.binds.push(b));
  for (const dest of o.imageVolume === 'ignore' ? [] : Object.keys(imageConfig.Volumes ?? {})) {
    const d = path.posix.normalize(dest);
    if (taken.has(d)) continue;
    // --image-volume tmpfs: a fresh tmpfs with podman's options instead of an anonymous volume.
    if (o.imageVolume === 'tmpfs') parsed.tmpfs.push({ destination: d, type: 'tmpfs', source: 'tmpfs', options: ['rprivate', 'rw', 'nodev', 'exec'] });
    else parsed.volumes.push({ name: '', destination: d, options: ['rw', 'rprivate', 'nosuid', 'nodev', 'rbind'], noCopy: false });
  }
  // Volumes from --volumes-from carry their names, so they are never this container's anonymous ones (and rm -v leaves
  // another container's anonymous volume while that one still uses it).
  const volumes = parsed.volumes.map((v) => ({ ...v, anonymous: v.name === '', name: v.name || randomVolumeName() }));
  const spec: SpecOptions = {
    ...o,
    envFile,
    mounts: [...parsed.binds, ...parsed.tmpfs],
    devices: (o.deviceSpecs ?? []).map(resolveDevice),
    ...(Object.keys(blkio.limits).length ? { blockIO: blkio.limits } : {}),
    net: netPlan.specNet,
    ...deps.spec,
  };
  for (const k of ['image', 'network', 'networks', 'publish', 'expose', 'ip', 'ip6', 'macAddress', 'networkAliases', 'dns', 'dnsSearch', 'dnsOptions', 'addHosts', 'noHosts', 'volumes', 'mountSpecs', 'deviceSpecs', 'envFiles', 'detach', 'detachKeys', 'sigProxy', 'cidfile', 'replace', 'pull', 'quiet', 'restart', 'stopTimeout', 'conmonPidfile', 'pidfile', 'logDriver', 'attach', 'pullOptions', 'health', 'preserveFds', 'imageVolume', 'secrets', 'createCommand',
    'blkioWeight', 'blkioWeightDevice', 'deviceReadBps', 'deviceWriteBps', 'deviceReadIops', 'deviceWriteIops']) {
    delete (spec as Record<string, unknown>)[k];
  }
  const command = buildArgs(imageConfig, { entrypoint: o.entrypoint, command: o.command, init: false });
  const healthcheck = healthConfigFrom(o.health ?? {}, (imageConfig as { Healthcheck?: Parameters<typeof healthConfigFrom>[1] }).Healthcheck);
  const healthOnFailure = parseHealthOnFailure(o.health?.onFailure ?? 'none');
  const config: ContainerConfig = {
    spec, image: imageConfig, network: netPlan.network,
    stopSignal: signalNumber(o.stopSignal || imageConfig.StopSignal || 'SIGTERM'),
    stopTimeout: o.stopTimeout ?? 10,
    restart, autoRemove, tty: o.tty ?? false, stdin: o.interactive ?? false,
    ...(logDriver !== 'k8s-file' ? { logDriver } : {}),
    volumes: volumes.map((v) => ({ name: v.name, destination: v.destination, options: v.options })),
    ...(healthcheck ? { healthcheck } : {}),
    ...(healthOnFailure !== 'none' ? { healthOnFailure } : {}),
    command,
    ...(o.createCommand?.length ? { createCommand: [...o.createCommand] } : {}),
    hostEnv: hostEnvSnapshot(o, envFile),
    ...(secrets.mounts.length ? { secrets: secrets.mounts } : {}),
    ...(Object.keys(secrets.env).length ? { envSecrets: secrets.env } : {}),
    ...(o.conmonPidfile ? { conmonPidfile: path.resolve(o.conmonPidfile) } : {}),
    ...(o.pidfile ? { pidfile: path.resolve(o.pidfile) } : {}),
    ...{ net: netPlan.net, ports: netPlan.ports },
  };
  const id = newContainerId();
  const name = o.name || randomContainerName((n) => containerByName(db, n) !== undefined);
  insertContainer(db, {
    id, name, imageId: image.id, imageName: input.imageName, created: Date.now(), config, labels: o.labels ?? {},
  });
  recordDependencies(db, id, deps.ids);
  copySecrets(db, userdataDir(env, id), secrets.mounts);
  crashPoint('create:record');
  if (volumes.length) transaction(db, () => {
    for (const v of volumes) {
      if (v.anonymous) createVolume(db, env.volumePath, { name: v.name, anonymous: true });
      else ensureVolume(db, env.volumePath, v.name);
      addVolumeUser(db, v.name, id);
    }
  });
  const chain = layerChain(db, image.topLayer).map((l) => l.id);
  // The layer only: the rootfs is mounted at init (as podman), after the network's helper and conmon have started.
  await env.layers().createContainerLayer(chain, id);
  updateContainer(db, id, { layerId: id, state: 'created' });
  crashPoint('create:layer');
  crashPoint('create:done');
  return getContainer(db, id)!;
}

/**
 * The volumes and bind mounts of the `--volumes-from` containers (podman 4.3: named and anonymous volumes and -v/--mount
 * binds, each in its mode unless `:ro`/`:rw` overrides it; a tmpfs is not shared and gets podman's warning).
 */
function volumesFrom(db: Db, values: readonly string[]): { volumes: Array<{ name: string; destination: string; options: string[] }>; binds: ResolvedMount[] } {
  const out = { volumes: [] as Array<{ name: string; destination: string; options: string[] }>, binds: [] as ResolvedMount[] };
  for (const value of values) {
    const { container, mode } = parseVolumesFrom(value);
    const src = findContainer(db, container);
    if (!src) throw new BerthError('not-found', `looking up container "${container}" for volumes-from: no container with name or ID "${container}" found: no such container`);
    for (const v of src.config.volumes) out.volumes.push({ name: v.name, destination: v.destination, options: withMode(v.options, mode) });
    for (const m of src.config.spec.mounts ?? []) {
      if (m.type === 'bind') out.binds.push({ ...m, options: withMode(m.options, mode) });
      else log.warn(`Unable to match volume ${m.destination} from container ${src.id} for volumes-from`);
    }
    for (const t of src.config.spec.tmpfs ?? []) log.warn(`Unable to match volume ${t.split(':')[0]} from container ${src.id} for volumes-from`);
  }
  return out;
}
