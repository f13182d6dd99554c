// Gathers the host facts spec generation needs (arch, rlimits, cgroups, seccomp profile and the arches the kernel can run,
// caps), cached per process (the kernel's arches per boot, in the run root).
import fs from 'node:fs';
import * as host from '../sys/host.ts';
import { CAPABILITIES } from '../runtime/caps.ts';
import type { ResolvedDevice, SpecHost } from '../runtime/spec-types.ts';

// Linux dev_t decoding (glibc's major()/minor()). Kept here rather than imported from sys/fs.ts, which loads the koffi
// FFI at import: exec and the read verbs reach this module and must not pay for a native library they never call.
const major = (dev: number): number => Number(((BigInt(dev) >> 8n) & 0xfffn) | ((BigInt(dev) >> 32n) & ~0xfffn));
const minor = (dev: number): number => Number((BigInt(dev) & 0xffn) | ((BigInt(dev) >> 12n) & ~0xffn));

const read = (f: string) => {
  try {
    return fs.readFileSync(f, 'utf8');
  } catch {
    return '';
  }
};

let seccompCache: { path: string; json: unknown } | undefined;

/** The parsed seccomp profile (cached: it is ~100 KB of JSON). */
export function seccompProfile(file: string): unknown {
  if (!file) return undefined;
  if (seccompCache?.path !== file) {
    const text = read(file);
    seccompCache = { path: file, json: text ? (JSON.parse(text) as unknown) : undefined };
  }
  return seccompCache.json;
}

/** Sub-architectures a seccomp filter lists for a Go arch, with the kernel option without which they cannot run. */
const SUB_ARCH_OPTIONS: Record<string, Array<[string, string]>> = {
  amd64: [['SCMP_ARCH_X32', 'CONFIG_X86_X32_ABI'], ['SCMP_ARCH_X86', 'CONFIG_IA32_EMULATION']],
  arm64: [['SCMP_ARCH_ARM', 'CONFIG_COMPAT']],
};

/** From the kernel's build config: the sub-arches it was built without; none when the config cannot be read. */
export function unrunnableArches(goArch: string, config: Record<string, string>): string[] {
  return (SUB_ARCH_OPTIONS[goArch] ?? []).filter(([, option]) => config[option] === 'n').map(([arch]) => arch);
}

/**
 * unrunnableArches for this host, kept in <runRoot>/kernel-abis.json for the boot (reading the gzipped kernel config
 * costs ~1.5 ms, more than a `run` should spend on it each time).
 */
export function unrunnableSeccompArches(runRoot: string): string[] {
  const file = `${runRoot}/kernel-abis.json`;
  const key = `${host.bootId()} ${host.kernel()} ${host.goArch()}`;
  try {
    const cached = JSON.parse(fs.readFileSync(file, 'utf8')) as { key?: string; unrunnable?: string[] };
    if (cached.key === key && Array.isArray(cached.unrunnable)) return cached.unrunnable;
  } catch {
    // Not cached yet, or unreadable: found again below.
  }
  const goArch = host.goArch();
  const options = (SUB_ARCH_OPTIONS[goArch] ?? []).map(([, o]) => o);
  const unrunnable = options.length ? unrunnableArches(goArch, host.parseKernelConfig(host.kernelConfigText(), options)) : [];
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ key, unrunnable }));
    fs.renameSync(tmp, file);
  } catch {
    // A read-only run root only costs the next run the same reading.
  }
  return unrunnable;
}

/** What the create-time option checks need of the host (runtime/spec-check.ts). */
export function createCheckHost(): { capLast?: number; onlineCpus?: string } {
  const capLast = Number(read('/proc/sys/kernel/cap_last_cap').trim()) || undefined;
  const onlineCpus = read('/sys/devices/system/cpu/online').trim() || undefined;
  return { ...(capLast ? { capLast } : {}), ...(onlineCpus ? { onlineCpus } : {}) };
}

/** CAP_* names in this process's bounding set. */
export function boundingSet(): string[] {
  const m = /^CapBnd:\s+([0-9a-f]+)/m.exec(read('/proc/self/status'));
  if (!m) return [];
  const bits = BigInt(`0x${m[1]}`);
  return CAPABILITIES.filter((_, i) => (bits >> BigInt(i)) & 1n);
}

/** Host device nodes under /dev for --privileged (char and block devices, not /dev/pts or shm). */
export function privilegedDevices(): ResolvedDevice[] {
  const out: ResolvedDevice[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) {
      const p = `${dir}/${n}`;
      if (['/dev/pts', '/dev/shm', '/dev/mqueue', '/dev/console', '/dev/ptmx'].includes(p)) continue;
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isCharacterDevice() || st.isBlockDevice()) {
        out.push({
          containerPath: p, type: st.isCharacterDevice() ? 'c' : 'b', major: major(st.rdev), minor: minor(st.rdev),
          fileMode: st.mode & 0o7777, uid: st.uid, gid: st.gid, permissions: 'rwm',
        });
      }
    }
  };
  walk('/dev');
  return out;
}

/** The container-init binary (catatonit), as podman looks for it. */
export function findInitBinary(confPath: string): string {
  for (const p of [confPath, '/usr/libexec/podman/catatonit', '/usr/bin/catatonit', '/usr/local/libexec/podman/catatonit']) {
    if (p && fs.existsSync(p)) return p;
  }
  return '';
}

export function specHostFacts(o: {
  id: string; seccompPath: string; passwd: string; group: string; env: Record<string, string>; privileged: boolean;
  /** Where the per-boot kernel facts are cached. */
  runRoot: string;
  /** A custom profile (container/seccomp-choice.ts) instead of the one at seccompPath. */
  seccompProfile?: unknown;
}): Omit<SpecHost, 'resolvConfPath' | 'hostsPath' | 'hostnamePath' | 'containerEnvPath' | 'netnsPath'> {
  const cg = host.cgroups();
  const capLast = Number(read('/proc/sys/kernel/cap_last_cap').trim()) || undefined;
  return {
    containerId: o.id,
    arch: host.goArch(),
    kernel: host.kernel(),
    hostname: host.hostname(),
    rlimits: host.rlimits(),
    cgroupVersion: cg.version,
    cgroupControllers: cg.controllers,
    seccompProfile: o.seccompProfile ?? seccompProfile(o.seccompPath),
    ...(o.privileged ? {} : { unrunnableSeccompArches: unrunnableSeccompArches(o.runRoot) }),
    passwd: o.passwd,
    group: o.group,
    env: o.env,
    ...(o.privileged ? { privilegedDevices: privilegedDevices() } : {}),
    created: new Date().toISOString(),
    ...(capLast ? { capLast } : {}),
    boundingSet: boundingSet(),
  };
}
