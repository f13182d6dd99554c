// --security-opt parsing, masked/read-only /proc and /sys paths, and namespaced --sysctl validation, as Podman 4.3.
import { invalidArgument } from '../util/errors.ts';

export const DEFAULT_MASKED_PATHS: readonly string[] = [
  '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats',
  '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/fs/selinux', '/sys/dev/block',
];
export const DEFAULT_READONLY_PATHS: readonly string[] = [
  '/proc/asound', '/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger',
];

export interface SecurityOpts {
  /** undefined: the default profile; 'unconfined'; or the path of a custom profile (the caller reads it). */
  seccomp?: string;
  noNewPrivileges: boolean;
  labelDisable: boolean;
  mask: string[];
  /** 'ALL' unmasks everything. */
  unmask: string[];
  /** proc-opts=a,b: the /proc mount's options instead of the defaults (podman replaces them all). */
  procOpts?: string[];
}

/** Parses --security-opt values (`key=value` or `key:value`, as Podman still accepts). */
export function parseSecurityOpts(opts: readonly string[]): SecurityOpts {
  const out: SecurityOpts = { noNewPrivileges: false, labelDisable: false, mask: [], unmask: [] };
  for (const opt of opts) {
    if (opt === 'no-new-privileges') {
      out.noNewPrivileges = true;
      continue;
    }
    const m = /^([a-z-]+)[=:](.*)$/.exec(opt);
    if (!m) throw invalidArgument(`invalid --security-opt 1: "${opt}"`);
    const [, key, value = ''] = m;
    switch (key) {
      case 'no-new-privileges':
        if (!['true', 'false'].includes(value)) throw invalidArgument(`invalid --security-opt 2: "${opt}"`);
        out.noNewPrivileges = value === 'true';
        break;
      case 'seccomp':
        out.seccomp = value;
        break;
      case 'label':
        if (value === 'disable') out.labelDisable = true;
        break; // SELinux labels: not supported by Berth; other values are accepted and ignored
      case 'apparmor':
        break; // accepted and ignored (no AppArmor on these hosts)
      case 'proc-opts':
        out.procOpts = value.split(',').filter(Boolean);
        break;
      case 'mask':
        out.mask.push(...value.split(':').filter(Boolean));
        break;
      case 'unmask':
        out.unmask.push(...value.split(':').filter(Boolean));
        break;
      case 'systempaths':
        if (value !== 'unconfined') throw invalidArgument(`invalid systempaths option "${value}", only "unconfined" is supported`);
        out.unmask.push('ALL');
        break;
      default:
        throw invalidArgument(`invalid --security-opt 2: "${opt}"`);
    }
  }
  return out;
}

/** linux.maskedPaths and readonlyPaths after mask=/unmask= (none with --privileged). */
export function maskedPaths(sec: SecurityOpts, privileged: boolean): { masked: string[]; readonly: string[] } {
  if (privileged) return { masked: [], readonly: [] };
  const all = sec.unmask.includes('ALL');
  const keep = (p: string) => !all && !sec.unmask.includes(p);
  const masked = DEFAULT_MASKED_PATHS.filter(keep);
  for (const p of sec.mask) if (!masked.includes(p)) masked.push(p);
  return { masked, readonly: DEFAULT_READONLY_PATHS.filter(keep) };
}

const IPC_SYSCTLS = ['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced'];
const UTS_SYSCTLS = ['kernel.domainname', 'kernel.hostname'];

type Ns = 'Network' | 'IPC' | 'UTS';
function namespaceOf(key: string): Ns | undefined {
  if (key.startsWith('net.')) return 'Network';
  if (IPC_SYSCTLS.includes(key) || key.startsWith('fs.mqueue.')) return 'IPC';
  if (UTS_SYSCTLS.includes(key)) return 'UTS';
  return undefined;
}

/**
 * linux.sysctl: containers.conf defaults (skipped when their namespace is the host's), then --sysctl
 * (an error when its namespace is the host's, or when it is not namespaced at all).
 */
export function buildSysctls(defaults: readonly string[], explicit: readonly string[], hostNs: { net: boolean; ipc: boolean; uts: boolean }): Record<string, string> {
  const out: Record<string, string> = {};
  const onHost = (ns: Ns) => (ns === 'Network' ? hostNs.net : ns === 'IPC' ? hostNs.ipc : hostNs.uts);
  for (const [list, isDefault] of [[defaults, true], [explicit, false]] as const) {
    for (const kv of list) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw invalidArgument(`${kv} is invalid, sysctl values must be in the form of KEY=VALUE`);
      const key = kv.slice(0, eq).trim();
      const ns = namespaceOf(key);
      if (!ns) throw invalidArgument(`sysctl '${key}' is not allowed`);
      if (onHost(ns)) {
        if (isDefault) continue;
        throw invalidArgument(`sysctl ${kv} can't be set since ${ns} Namespace set to host: invalid argument`);
      }
      out[key] = kv.slice(eq + 1);
    }
  }
  return out;
}
