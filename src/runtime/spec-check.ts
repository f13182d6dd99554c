// podman's create-time checks of the spec options (exit 125 before anything is made); spec generation repeats them at start.
import type { ContainerCreateOptions } from './spec-types.ts';
import { buildSysctls, parseSecurityOpts } from './spec-security.ts';
import { normalizeCapability } from './caps.ts';
import { checkResourceOptions, parseBytes, parseUlimit } from './resources.ts';
import { parseTmpfs } from './spec-mounts.ts';
import { invalidArgument } from '../util/errors.ts';

/** Host facts the checks need. */
export interface CreateCheckHost {
  /** Highest capability number the kernel knows. */
  capLast?: number;
  /** The CPUs --cpuset-cpus may name (/sys/devices/system/cpu/online, e.g. `0-1`). */
  onlineCpus?: string;
}

/**
 * Everything podman refuses when the container is created rather than when it starts: security options, capability
 * names, ulimits, --shm-size, sysctls, --tmpfs, and the resource flags (exit 125 from `run`, as podman's; the same
 * mistakes found at start would be 126).
 */
export function checkCreateOptions(o: ContainerCreateOptions, host: CreateCheckHost): void {
  parseSecurityOpts(o.securityOpt ?? []);
  for (const c of [...(o.capAdd ?? []), ...(o.capDrop ?? [])]) normalizeCapability(c, host.capLast);
  for (const u of o.ulimits ?? []) parseUlimit(u);
  if (o.shmSize) {
    try {
      parseBytes(o.shmSize);
    } catch (e) {
      throw invalidArgument(`unable to translate --shm-size: ${(e as Error).message}`);
    }
  }
  buildSysctls([], o.sysctls ?? [], { net: o.net === 'host', ipc: o.ipc === 'host', uts: o.uts === 'host' });
  for (const t of o.tmpfs ?? []) parseTmpfs(t);
  checkResourceOptions(o, host.onlineCpus);
}
