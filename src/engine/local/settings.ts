// Resolves the engine's effective settings from global flags, containers.conf and host facts (pure, unit-tested).
import path from 'node:path';
import type { EngineOptions, RegistryInfo } from '../types.ts';
import type { ContainersConf } from '../../config/containers-conf.ts';
import type { RegistriesConf } from '../../config/registries-conf.ts';
import type { StoragePaths } from '../../config/paths.ts';

export interface HostFacts {
  cgroupVersion: 'v1' | 'v2';
  cgroupHybrid: boolean;
  /** PID 1 is systemd (a stray /run/systemd/system does not count). */
  systemdInit: boolean;
  /** Looks up an executable; returns its path or undefined. */
  which: (nameOrPath: string) => string | undefined;
  exists: (file: string) => boolean;
  /** Where image copies stage blobs ($TMPDIR or /var/tmp, as containers/image). */
  tmpDir: string;
}

export interface Diagnostic {
  problem: string;
  fix: string;
}

export interface Settings {
  graphRoot: string;
  runRoot: string;
  volumePath: string;
  imageCopyTmpDir: string;
  storageDriver: string;
  storageOpts: string[];
  runtimeName: string;
  runtimePath: string;
  runtimeFlags: string[];
  conmonPath: string;
  cgroupManager: string;
  eventsLogger: string;
  logDriver: string;
  networkBackend: string;
  networkConfigDir: string;
  defaultCapabilities: string[];
  seccompProfilePath: string;
  configFiles: string[];
  registries: { entries: RegistryInfo[]; search: string[] };
  diagnostics: Diagnostic[];
}

const capName = (c: string) => (c.toUpperCase().startsWith('CAP_') ? c.toUpperCase() : `CAP_${c.toUpperCase()}`);

/** Picks the OCI runtime: an explicit choice wins; otherwise crun only where cgroups are unified v2. */
function chooseRuntime(
  opts: EngineOptions, conf: ContainersConf, host: HostFacts, diags: Diagnostic[],
): { name: string; path: string } {
  const find = (name: string) => {
    if (name.includes('/')) return host.which(name) ?? '';
    for (const p of conf.engine.runtimes[name] ?? []) {
      const found = host.which(p);
      if (found) return found;
    }
    return host.which(name) ?? '';
  };
  const explicit = opts.runtime ?? (conf.engine.runtime || undefined);
  const crunCannotRun = host.cgroupVersion === 'v1';
  if (explicit) {
    const name = explicit.includes('/') ? path.basename(explicit) : explicit;
    if (name === 'crun' && crunCannotRun) {
      diags.push({
        problem: `crun cannot run on ${host.cgroupHybrid ? 'hybrid' : 'v1'} cgroups`,
        fix: 'use runc: drop runtime = "crun" from containers.conf or pass --runtime runc',
      });
    }
    return { name, path: find(explicit) };
  }
  if (crunCannotRun) {
    diags.push({
      problem: `crun cannot run on ${host.cgroupHybrid ? 'hybrid' : 'v1'} cgroups`,
      fix: 'using runc (set runtime in containers.conf or pass --runtime to choose another)',
    });
    return { name: 'runc', path: find('runc') };
  }
  const crun = find('crun');
  return crun ? { name: 'crun', path: crun } : { name: 'runc', path: find('runc') };
}

export function resolveSettings(
  opts: EngineOptions,
  conf: ContainersConf,
  registries: RegistriesConf,
  defaults: StoragePaths,
  host: HostFacts,
): Settings {
  const diagnostics: Diagnostic[] = [];
  const graphRoot = opts.root ?? defaults.graphRoot;
  const runRoot = opts.runroot ?? defaults.runRoot;
  // volume_path follows --root unless the user set it (podman keeps volumes under the graph root).
  const confVolume = conf.engine.volumePath !== defaults.volumePath ? conf.engine.volumePath : '';
  const volumePath = opts.volumepath ?? (confVolume || path.join(graphRoot, 'volumes'));
  const runtime = chooseRuntime(opts, conf, host, diagnostics);
  if (!runtime.path) {
    diagnostics.push({ problem: `OCI runtime "${runtime.name}" not found`, fix: `install the ${runtime.name} package` });
  }
  const conmonPath = opts.conmon ?? conf.engine.conmonPath.map((p) => host.which(p)).find(Boolean) ?? host.which('conmon') ?? '';
  if (!conmonPath) diagnostics.push({ problem: 'conmon not found', fix: 'install the conmon package' });
  if (!host.systemdInit && host.exists('/run/systemd/system')) {
    diagnostics.push({
      problem: '/run/systemd/system exists but PID 1 is not systemd: netavark would start aardvark-dns through systemd-run',
      fix: 'berth starts aardvark-dns itself on this host',
    });
  }
  const seccomp = conf.containers.seccompProfile || '/usr/share/containers/seccomp.json';
  return {
    graphRoot,
    runRoot,
    volumePath,
    imageCopyTmpDir: host.tmpDir,
    storageDriver: opts.storageDriver ?? 'overlay',
    storageOpts: opts.storageOpts,
    runtimeName: runtime.name,
    runtimePath: runtime.path,
    runtimeFlags: opts.runtimeFlags,
    conmonPath,
    cgroupManager: opts.cgroupManager ?? (host.systemdInit ? conf.engine.cgroupManager : 'cgroupfs'),
    eventsLogger: opts.eventsBackend ?? conf.engine.eventsLogger,
    logDriver: conf.containers.logDriver,
    networkBackend: conf.network.networkBackend,
    networkConfigDir: opts.networkConfigDir ?? conf.network.networkConfigDir,
    defaultCapabilities: conf.containers.defaultCapabilities.map(capName).sort(),
    seccompProfilePath: host.exists(seccomp) ? seccomp : '',
    configFiles: conf.files,
    registries: {
      search: registries.unqualifiedSearchRegistries,
      entries: registries.registries.map((r) => ({
        Prefix: r.prefix,
        Location: r.location,
        Insecure: r.insecure,
        Blocked: r.blocked,
        MirrorByDigestOnly: r.mirrorByDigestOnly,
        Mirrors: r.mirrors.length
          ? r.mirrors.map((m) => ({ Location: m.location, Insecure: m.insecure, PullFromMirror: m.pullFromMirror }))
          : null,
      })),
    },
    diagnostics,
  };
}
