// The local SystemEngine: version and info assembled from host probes, settings and the state database.
import os from 'node:os';
import type { InfoReport, RegistryInfo, SystemEngine, VersionReport } from '../types.ts';
import * as host from '../../sys/host.ts';
import { VERSION, API_VERSION } from '../../version.ts';
import type { LocalContext } from './context.ts';

const BUILT = 0; // reproducible builds carry no build time, as Debian's podman

/** Go's time.ANSIC layout ("Mon Jan _2 15:04:05 2006"), which podman uses for BuiltTime. */
export function ansicTime(d: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const t = d.toISOString().slice(11, 19);
  return `${day} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${t} ${d.getUTCFullYear()}`;
}

export function versionReport(): VersionReport {
  return {
    APIVersion: API_VERSION,
    Version: VERSION,
    NodeVersion: process.version,
    GitCommit: '',
    BuiltTime: ansicTime(new Date(BUILT * 1000)),
    Built: BUILT,
    OsArch: `linux/${host.goArch()}`,
    Os: 'linux',
  };
}

export class LocalSystemEngine implements SystemEngine {
  private readonly ctx: LocalContext;
  constructor(ctx: LocalContext) {
    this.ctx = ctx;
  }

  async version(): Promise<VersionReport> {
    return versionReport();
  }

  async info(): Promise<InfoReport> {
    const s = this.ctx.settings;
    const cg = host.cgroups();
    const mem = host.memory();
    const pkgs = host.debianPackages([s.conmonPath, s.runtimePath].filter((p) => p !== ''));
    const counts = this.ctx.storeCounts();
    const usage = host.diskUsage(s.graphRoot);
    const registries: Record<string, RegistryInfo | string[]> = {};
    for (const r of s.registries.entries) registries[r.Prefix] = r;
    if (s.registries.search.length) registries['search'] = s.registries.search;
    const rootless = process.getuid?.() !== 0;
    return {
      host: {
        arch: host.goArch(),
        cgroupControllers: cg.controllers,
        cgroupManager: s.cgroupManager,
        cgroupVersion: cg.version,
        conmon: {
          package: pkgs[s.conmonPath] ?? '',
          path: s.conmonPath,
          // podman joins conmon's two version lines with ", "
          version: s.conmonPath ? host.helperVersion(s.conmonPath).split('\n').join(', ') : '',
        },
        cpus: host.cpus(),
        distribution: host.distribution(),
        eventLogger: s.eventsLogger,
        hostname: host.hostname(),
        idMappings: { gidmap: null, uidmap: null },
        kernel: host.kernel(),
        logDriver: s.logDriver,
        memFree: mem.memFree,
        memTotal: mem.memTotal,
        networkBackend: s.networkBackend,
        ociRuntime: {
          name: s.runtimeName,
          package: pkgs[s.runtimePath] ?? '',
          path: s.runtimePath,
          version: s.runtimePath ? host.helperVersion(s.runtimePath) : '',
        },
        os: os.platform(),
        rootless,
        security: {
          apparmorEnabled: false,
          capabilities: s.defaultCapabilities.join(','),
          rootless,
          seccompEnabled: s.seccompProfilePath !== '',
          seccompProfilePath: s.seccompProfilePath,
          selinuxEnabled: host.fileExists('/sys/fs/selinux/enforce'),
        },
        swapFree: mem.swapFree,
        swapTotal: mem.swapTotal,
        uptime: host.uptime(),
        diagnostics: this.ctx.diagnostics(),
      },
      registries,
      store: {
        configFiles: s.configFiles,
        containerStore: counts.containers,
        graphDriverName: s.storageDriver,
        graphOptions: {},
        graphRoot: s.graphRoot,
        graphRootAllocated: usage.allocated,
        graphRootUsed: usage.used,
        graphStatus: {
          'Backing Filesystem': host.backingFilesystem(s.graphRoot),
          'Native Overlay Diff': String(s.storageDriver === 'overlay'),
          'Supports d_type': 'true',
        },
        imageCopyTmpDir: s.imageCopyTmpDir,
        imageStore: { number: counts.images },
        runRoot: s.runRoot,
        volumePath: s.volumePath,
      },
      version: versionReport(),
    };
  }
}
