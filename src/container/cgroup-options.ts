// --cgroups and --cgroup-parent: podman 4.3's modes, checks and wording, applied before anything of a container is made.
import path from 'node:path';
import { invalidArgument } from '../util/errors.ts';
import { DEFAULT_CGROUP_PARENT } from '../runtime/spec.ts';
import type { LifecycleEnv } from './env.ts';

const MODES: readonly string[] = ['enabled', 'disabled', 'no-conmon', 'split'];

export interface CgroupCheckFacts {
  cgroupManager: string;
  /** The OCI runtime's name (runc, crun...). */
  runtimeName: string;
  cgroupVersion: 'v1' | 'v2';
}

const inv = (msg: string) => invalidArgument(`${msg}: invalid argument`);

/**
 * Throws podman's error for --cgroups / --cgroup-parent values it refuses, in podman's order. `enabled` and `no-conmon`
 * pass. `disabled` is refused: with runc in podman's words, with other runtimes as a mode Berth does not offer (a
 * container without cgroups needs runtime-specific handling it does not have); `split` needs systemd's unified
 * hierarchy (podman's own message on a v1 host).
 */
export function checkCgroupOptions(o: { cgroups?: string; cgroupParent?: string }, f: CgroupCheckFacts): void {
  const mode = o.cgroups ?? 'enabled';
  if (!MODES.includes(mode)) throw inv(`running container create option: invalid cgroup mode "${mode}"`);
  const parent = o.cgroupParent ?? '';
  if (parent) {
    if (mode === 'split') throw inv('cannot specify --cgroup-mode=split with a cgroup-parent');
    if (mode === 'disabled') throw inv('cannot set cgroup parent if not creating cgroups');
    const slice = path.posix.basename(parent).endsWith('.slice');
    if (f.cgroupManager === 'systemd' && !slice) throw inv('did not receive systemd slice as cgroup parent when using systemd to manage cgroups');
    if (f.cgroupManager !== 'systemd' && slice) throw inv('systemd slice received as cgroup parent when using cgroupfs');
  }
  if (mode === 'disabled') {
    if (f.runtimeName === 'runc') throw inv('requested OCI runtime runc is not compatible with NoCgroups');
    throw invalidArgument('--cgroups=disabled is not supported by berth yet');
  }
  if (mode === 'split') {
    // podman creates the container and fails to start it (126); Berth refuses it at create, with podman's words and code.
    if (f.cgroupVersion === 'v1') throw invalidArgument('could not find cgroup mount in "/proc/self/cgroup"', { exitCode: 126 });
    throw invalidArgument('--cgroups=split is not supported by berth yet');
  }
}

/** The cgroup conmon joins (podman's cgroupfs layout: <parent>/conmon); undefined when --cgroups=no-conmon. */
export function conmonCgroupPath(o: { cgroups?: string; cgroupParent?: string }, defaultParent: string): string | undefined {
  if (o.cgroups === 'no-conmon') return undefined;
  return path.posix.join(o.cgroupParent || defaultParent, 'conmon');
}

/** conmon's joinCgroup option for a container: none with --cgroups=no-conmon or where conmon is not moved at all. */
export function conmonJoin(env: LifecycleEnv, spec: { cgroups?: string; cgroupParent?: string }): { joinCgroup?: (pid: number) => Promise<void> } {
  const move = env.conmonCgroup;
  const cgroup = move ? conmonCgroupPath(spec, DEFAULT_CGROUP_PARENT) : undefined;
  return move && cgroup ? { joinCgroup: (pid) => move(pid, cgroup) } : {};
}
