// Capability sets for the OCI process: containers.conf defaults, --cap-add/--cap-drop (ALL, CAP_ prefix optional), --privileged.
import type { OciCapabilities } from './spec-types.ts';
import { invalidArgument } from '../util/errors.ts';

/** Linux capabilities by number (0..40, as in linux/capability.h up to 5.9). */
export const CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** Every capability the host kernel knows, sorted by name (what --privileged and `--cap-add ALL` give). */
export function allCapabilities(capLast = CAPABILITIES.length - 1): string[] {
  return CAPABILITIES.slice(0, capLast + 1).sort();
}

/** `net_admin`, `CAP_NET_ADMIN`, `Net_Admin` → `CAP_NET_ADMIN`; `all` → `ALL`; unknown names are an error. */
export function normalizeCapability(name: string, capLast?: number): string {
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  const full = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!allCapabilities(capLast).includes(full)) throw invalidArgument(`"${full}": unknown capability`);
  return full;
}

export interface CapabilityInput {
  defaults: readonly string[];
  add?: readonly string[];
  drop?: readonly string[];
  privileged?: boolean;
  /** uid the process runs as: a non-root process gets only the added caps as effective/permitted/inheritable/ambient. */
  uid: number;
  capLast?: number;
  /** Berth's own bounding set (CapBnd): what --privileged and ALL can give; default every known capability. */
  available?: readonly string[];
}

/**
 * Podman 4.3's capability merge: --privileged gives every capability; `--cap-drop ALL` keeps only the adds;
 * `--cap-add ALL` starts from every capability; naming one cap in both lists is an error. Sorted by name.
 */
export function computeCapabilities(input: CapabilityInput): OciCapabilities {
  const norm = (list: readonly string[] = []) => list.map((c) => normalizeCapability(c, input.capLast));
  const add = norm(input.add);
  const drop = norm(input.drop);
  const all = input.available ? [...input.available].sort() : allCapabilities(input.capLast);
  let caps: string[];
  if (input.privileged) caps = [...all];
  else if (drop.includes('ALL')) {
    if (add.includes('ALL')) throw invalidArgument('adding all caps and removing all caps not allowed');
    caps = [...add];
  } else {
    const base = add.includes('ALL') ? all : norm(input.defaults).filter((c) => c !== 'ALL');
    for (const c of add) if (c !== 'ALL' && drop.includes(c)) throw invalidArgument(`capability "${c}" cannot be dropped and added`);
    caps = base.filter((c) => !drop.includes(c));
    for (const c of add) if (c !== 'ALL' && !caps.includes(c)) caps.push(c);
  }
  caps = [...new Set(caps)].sort();
  if (input.uid === 0) return { bounding: caps, effective: [...caps], permitted: [...caps] };
  // Non-root: only what the user explicitly added is raised (Podman 4.3).
  const raised = input.privileged ? [] : add.includes('ALL') ? [...caps] : [...new Set(add)].filter((c) => caps.includes(c)).sort();
  if (raised.length === 0) return { bounding: caps };
  return { bounding: caps, effective: raised, inheritable: [...raised], permitted: [...raised], ambient: [...raised] };
}
