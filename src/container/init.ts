// Init: the network step, conmon started and waiting, the rootfs and volumes, run files and the OCI spec, then `runc create`.
import fs from 'node:fs';
import path from 'node:path';
import { startCreate, type PendingCreate } from '../runtime/conmon.ts';
import { generateSpec, serializeSpec } from '../runtime/spec.ts';
import { conmonJoin } from './cgroup-options.ts';
import type { ResolvedMount } from '../runtime/spec-types.ts';
import { resolveWorkdir, workdirToCreate } from '../runtime/spec-process.ts';
import { hostUserLine, resolveUser, userAdditions } from '../runtime/user.ts';
import { hostPasswd } from '../sys/host.ts';
import { appendInRootfs, ensureMtab } from './rootfs-etc.ts';
import { customSeccompProfile } from './seccomp-choice.ts';
import { procStartTime } from '../runtime/exit.ts';
import { layerChain } from '../image/store.ts';
import { copyUp, mountVolume } from '../volume/driver.ts';
import { getVolume } from '../volume/records.ts';
import { BerthError } from '../util/errors.ts';
import { crashPoint } from './crash.ts';
import { joinedNamespaces } from './depend.ts';
import { bundleDir, containerLogPath, exitDir, exitLockFile, userdataDir, type LifecycleEnv } from './env.ts';
import { secretEnv, secretMounts } from './secrets.ts';
import { conmonLogDriver } from './log-driver.ts';
import { log } from '../util/log.ts';
import { findInitBinary, specHostFacts } from './host-facts.ts';
import { getContainer, updateContainer, type ContainerRecord } from './records.ts';
import { writeRunFiles, type RunFilesPart } from './runfiles.ts';
import { netConfigOf, runFileNet } from './network.ts';
import { prepareShm } from './shm.ts';

const readIn = (rootfs: string, file: string) => {
  try {
    return fs.readFileSync(path.join(rootfs, file), 'utf8');
  } catch {
    return '';
  }
};

/** Resolves a path inside the rootfs without following symlinks out of it (lexically; good enough for mkdir/copy-up). */
export function inRootfs(rootfs: string, p: string): string {
  return path.join(rootfs, path.posix.resolve('/', p));
}

async function mountVolumes(env: LifecycleEnv, rec: ContainerRecord, rootfs: string): Promise<ResolvedMount[]> {
  const out: ResolvedMount[] = [];
  for (const v of rec.config.volumes) {
    const source = mountVolume(env.db, v.name);
    const vol = getVolume(env.db, v.name);
    if (vol?.needsCopyUp && !v.options.includes('nocopy')) await copyUp(env.db, vol, inRootfs(rootfs, v.destination));
    out.push({ source, destination: v.destination, type: 'bind', options: v.options });
  }
  if (out.length) updateContainer(env.db, rec.id, { detail: { volumesMounted: true } });
  return out;
}

/** Brings a created (or exited and cleaned up) container to "initialized": conmon runs, runc created it. Lock held. */
export async function initContainer(env: LifecycleEnv, rec: ContainerRecord, o: { preserveFds?: number } = {}): Promise<ContainerRecord> {
  const id = rec.id;
  const cfg = rec.config;
  const joined = joinedNamespaces(env, rec);
  const image = rec.imageId ? (env.db.prepare('SELECT top_layer FROM images WHERE id = ?').get(rec.imageId) as { top_layer: string | null } | undefined) : undefined;
  if (!image) throw new BerthError('not-found', `container ${id}: its image ${rec.imageId ?? ''} is gone`);
  const chain = layerChain(env.db, image.top_layer).map((l) => l.id);
  // The network step comes first: the namespace is made in-process, then the bridge attach (netavark/CNI) gets one
  // turn of the event loop to reach its helper's spawn, so that helper runs while this process starts conmon, mounts
  // the rootfs and writes the spec. The namespace is recorded before it exists: a crash below leaves it to cleanup.
  const net = await env.network.setup(rec, (u) => updateContainer(env.db, id, u));
  // A bridge attach still running: overlapped with the runtime's create below, awaited before init returns.
  const attached = net.attached;
  attached?.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
  if (attached) await new Promise<void>((resolve) => setImmediate(resolve));
  // conmon next, waiting on its start pipe: its own start-up runs while the rootfs, spec and run files are made.
  const bundle = bundleDir(env, id);
  fs.mkdirSync(bundle, { recursive: true, mode: 0o700 });
  const level = ['debug', 'info', 'warn', 'error'].includes(env.logLevel) ? (env.logLevel as 'debug') : undefined;
  const conmon = startCreate({
    id, name: rec.name, bundle, exitDir: exitDir(env), logPath: containerLogPath(env, rec), runtime: env.runtime,
    conmonPath: env.conmonPath, tty: cfg.tty, stdin: cfg.stdin, exitCommand: env.exitCommand(id),
    logDriver: conmonLogDriver(cfg.logDriver),
    ...conmonJoin(env, cfg.spec),
    ...(cfg.spec.timeout ? { killAfterSeconds: cfg.spec.timeout } : {}),
    ...(cfg.spec.logSizeMax ? { logSizeMax: cfg.spec.logSizeMax } : {}),
    ...(o.preserveFds ? { preserveFds: o.preserveFds } : {}),
    ...(level ? { logLevel: level } : {}),
  });
  try {
    return await initWithConmon(env, rec, chain, joined, net, conmon);
  } catch (e) {
    conmon.abort();
    throw e;
  }
}

async function initWithConmon(
  env: LifecycleEnv,
  rec: ContainerRecord,
  chain: string[],
  joined: ReturnType<typeof joinedNamespaces>,
  net: Awaited<ReturnType<LifecycleEnv['network']['setup']>>,
  conmon: PendingCreate,
): Promise<ContainerRecord> {
  const id = rec.id;
  const cfg = rec.config;
  const attached = net.attached;
  let rootfs: string;
  let volumeMounts: ResolvedMount[];
  try {
    rootfs = await env.layers().mountContainerRootfs(chain, id, { volatile: cfg.autoRemove });
    if (rec.mounted !== rootfs || rec.layerId !== id) updateContainer(env.db, id, { layerId: id, mounted: rootfs });
    crashPoint('init:mounted');
    volumeMounts = await mountVolumes(env, rec, rootfs);
  } catch (e) {
    // Let the attach finish (or fail) before the caller's cleanup tears it down.
    await attached?.catch(() => undefined);
    throw e;
  }
  if (!attached) crashPoint('init:network');

  const bundle = bundleDir(env, id);
  const spec = cfg.spec;
  ensureMtab(rootfs);
  let passwd = readIn(rootfs, 'etc/passwd');
  let group = readIn(rootfs, 'etc/group');
  const home = resolveWorkdir(cfg.image, spec);
  for (const u of spec.hostUsers ?? []) {
    let line: string | undefined;
    try {
      line = hostUserLine(u, hostPasswd(), passwd, home);
    } catch (e) {
      throw new BerthError('invalid-argument', `creating temporary passwd file for container ${id}: ${(e as Error).message}`, { exitCode: 126 });
    }
    if (line) passwd = appendInRootfs(rootfs, 'passwd', passwd, line);
  }
  if (spec.passwd !== false) {
    const add = userAdditions(spec.user ?? cfg.image.User ?? '', passwd, group, home);
    if (add.passwd) passwd = appendInRootfs(rootfs, 'passwd', passwd, add.passwd);
    if (add.group) group = appendInRootfs(rootfs, 'group', group, add.group);
  }
  const conf = env.specConf();
  const shmPath = prepareShm(env, rec, spec.ipc ?? conf.ipcns, spec.shmSize ?? conf.shmSize);
  crashPoint('init:shm');
  const init = spec.init ?? conf.init;
  const files = {
    hosts: path.join(bundle, 'hosts'), resolvConf: path.join(bundle, 'resolv.conf'),
    hostname: path.join(bundle, 'hostname'), containerEnv: path.join(bundle, '.containerenv'),
  };
  const oci = generateSpec({
    image: cfg.image,
    options: {
      ...spec, ...joined, name: rec.name,
      mounts: [...(spec.mounts ?? []), ...volumeMounts, ...secretMounts(bundle, userdataDir(env, id), cfg.secrets ?? [])],
      // Env secrets come last, over -e (podman adds them to the finished spec).
      ...(cfg.envSecrets ? { env: [...(spec.env ?? []), ...secretEnv(env.db, cfg.envSecrets)] } : {}),
      ...(init ? { initPath: spec.initPath || findInitBinary(conf.initPath) } : {}),
    },
    conf,
    host: {
      ...specHostFacts({
        id, seccompPath: env.seccompProfilePath, passwd, group, env: cfg.hostEnv, privileged: spec.privileged ?? false, runRoot: env.runRoot,
        seccompProfile: customSeccompProfile(spec, cfg.image.Labels),
      }),
      resolvConfPath: files.resolvConf, hostnamePath: files.hostname, containerEnvPath: files.containerEnv,
      ...(netConfigOf(rec).noHosts ? {} : { hostsPath: files.hosts }),
      ...(net.netnsPath ? { netnsPath: net.netnsPath } : {}),
      ...(shmPath ? { shmPath } : {}),
    },
    paths: { rootfs },
  });
  // With an attach still running, hosts and resolv.conf start empty and are written in place (runc bind-mounts their
  // inodes) once the attach has the addresses, possibly while the runtime is still creating the container.
  const writeFiles = (containerIp: string | undefined, part: RunFilesPart) => writeRunFiles(bundle, {
    hostname: oci.hostname ?? '', name: rec.name, network: cfg.network,
    ...(containerIp ? { containerIp } : {}),
    net: part === 'network-pending' ? { ips: [] } : runFileNet(getContainer(env.db, id) ?? rec),
    containerEnv: { privileged: spec.privileged ?? false, name: rec.name, id, image: rec.imageName, imageId: rec.imageId ?? '', version: env.version },
  }, part);
  writeFiles(net.containerIp, attached ? 'network-pending' : 'all');
  crashPoint('init:runfiles');
  const workdir = workdirToCreate(cfg.image, spec);
  if (workdir) {
    const dir = inRootfs(rootfs, workdir);
    if (!fs.existsSync(dir)) {
      const user = resolveUser(spec.user ?? cfg.image.User ?? '', passwd, group);
      fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
      fs.chownSync(dir, user.uid, user.gid);
    }
  }
  fs.writeFileSync(path.join(bundle, 'config.json'), serializeSpec(oci));
  fs.writeFileSync(exitLockFile(env, id), '');
  crashPoint('init:spec');

  const created = conmon.go();
  let c: Awaited<typeof created>;
  if (attached) {
    const filled = attached.then((a) => {
      writeFiles(a.containerIp, 'network');
    });
    const [a, cr, f] = await Promise.allSettled([attached, created, filled]);
    if (a.status === 'rejected') {
      // The network undid itself; the runtime's half must go too (conmon follows its container out).
      if (cr.status === 'fulfilled') await env.runtime.delete(id, true).catch((e: Error) => log.debug(`undo create of ${id}: ${e.message}`));
      throw a.reason;
    }
    if (cr.status === 'rejected') throw cr.reason;
    c = cr.value;
    crashPoint('init:network');
    if (f.status === 'rejected') throw f.reason;
  } else {
    c = await created;
  }
  updateContainer(env.db, id, {
    state: 'initialized', pid: c.pid, conmonPid: c.conmonPid, conmonStart: c.conmonStartTime, exitCode: null,
    detail: { pidStart: procStartTime(c.pid) ?? undefined, bundle },
  });
  if (cfg.conmonPidfile) fs.writeFileSync(cfg.conmonPidfile, String(c.conmonPid));
  if (cfg.pidfile) fs.writeFileSync(cfg.pidfile, String(c.pid));
  crashPoint('init:conmon');
  return getContainer(env.db, id)!;
}
