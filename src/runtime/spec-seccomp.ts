// Converts a containers-common/moby seccomp profile (archMap, includes/excludes by caps and arch) into OCI linux.seccomp.
import type { OciSeccomp, OciSeccompArg, OciSeccompSyscall } from './spec-types.ts';
import { invalidArgument } from '../util/errors.ts';

/** Go arch (runtime.GOARCH) → libseccomp native arch. */
const NATIVE_ARCH: Record<string, string> = {
  amd64: 'SCMP_ARCH_X86_64', '386': 'SCMP_ARCH_X86', arm64: 'SCMP_ARCH_AARCH64', arm: 'SCMP_ARCH_ARM',
  mips64: 'SCMP_ARCH_MIPS64', mips64le: 'SCMP_ARCH_MIPSEL64', mips: 'SCMP_ARCH_MIPS', mipsle: 'SCMP_ARCH_MIPSEL',
  ppc64: 'SCMP_ARCH_PPC64', ppc64le: 'SCMP_ARCH_PPC64LE', s390: 'SCMP_ARCH_S390', s390x: 'SCMP_ARCH_S390X',
  riscv64: 'SCMP_ARCH_RISCV64',
};

interface ProfileFilter {
  caps?: string[] | null;
  arches?: string[] | null;
  minKernel?: string | null;
}
interface ProfileSyscall {
  name?: string;
  names?: string[] | null;
  action: string;
  args?: Array<{ index: number; value: number | bigint; valueTwo?: number | bigint; op: string }> | null;
  includes?: ProfileFilter | null;
  excludes?: ProfileFilter | null;
  errnoRet?: number | null;
}
interface Profile {
  defaultAction: string;
  defaultErrnoRet?: number | null;
  architectures?: string[] | null;
  archMap?: Array<{ architecture: string; subArchitectures?: string[] | null }> | null;
  flags?: string[] | null;
  syscalls?: ProfileSyscall[] | null;
}

export interface SeccompContext {
  /** Go arch of the host. */
  arch: string;
  /** The container's bounding capabilities (CAP_*). */
  caps: readonly string[];
  /** Kernel release (e.g. 6.1.0-18-amd64); a rule with minKernel is kept when unknown. */
  kernel?: string;
  /**
   * Sub-architectures the kernel was built without (SCMP_ARCH_X32 without CONFIG_X86_X32_ABI): left out of the filter.
   * No syscall of theirs can run on this kernel, and each arch in the filter costs `runc init` ~7 ms of libseccomp.
   */
  unrunnableArches?: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function kernelAtLeast(kernel: string | undefined, min: string): boolean {
  if (!kernel) return true;
  const parse = (s: string) => (/^(\d+)\.(\d+)/.exec(s) ?? []).slice(1).map(Number);
  const [a = 0, b = 0] = parse(kernel);
  const [c = 0, d = 0] = parse(min);
  return a > c || (a === c && b >= d);
}

function applies(call: ProfileSyscall, ctx: SeccompContext): boolean {
  const inc = call.includes ?? {};
  const exc = call.excludes ?? {};
  if (inc.arches?.length && !inc.arches.includes(ctx.arch)) return false;
  if (inc.caps?.length && !inc.caps.every((c) => ctx.caps.includes(c))) return false;
  if (inc.minKernel && !kernelAtLeast(ctx.kernel, inc.minKernel)) return false;
  if (exc.arches?.length && exc.arches.includes(ctx.arch)) return false;
  if (exc.caps?.length && exc.caps.some((c) => ctx.caps.includes(c))) return false;
  return true;
}

/**
 * Builds linux.seccomp from a parsed profile for the host arch and the container's capabilities, the way
 * containers/common's seccomp package does: archMap entries for the native arch (plus its sub-arches),
 * rules filtered by includes/excludes, empty args and zero valueTwo left out.
 */
export function convertSeccompProfile(json: unknown, ctx: SeccompContext): OciSeccomp {
  if (!isObject(json) || typeof json.defaultAction !== 'string') {
    throw invalidArgument('decoding seccomp profile failed: defaultAction missing');
  }
  const p = json as unknown as Profile;
  const out: OciSeccomp = { defaultAction: p.defaultAction };
  if (typeof p.defaultErrnoRet === 'number') out.defaultErrnoRet = p.defaultErrnoRet;

  const native = NATIVE_ARCH[ctx.arch];
  if (p.architectures?.length && p.archMap?.length) {
    throw invalidArgument("'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'");
  }
  if (p.archMap?.length) {
    const entry = p.archMap.find((a) => a.architecture === native);
    if (entry) out.architectures = [entry.architecture, ...(entry.subArchitectures ?? [])];
  } else if (p.architectures?.length) out.architectures = [...p.architectures];
  const unrunnable = ctx.unrunnableArches ?? [];
  if (out.architectures && unrunnable.length) {
    out.architectures = out.architectures.filter((a) => a === native || !unrunnable.includes(a));
  }
  if (p.flags?.length) out.flags = [...p.flags];

  const syscalls: OciSeccompSyscall[] = [];
  for (const call of p.syscalls ?? []) {
    if (call.name && call.names?.length) throw invalidArgument("'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'");
    if (!applies(call, ctx)) continue;
    const names = call.names?.length ? [...call.names] : call.name ? [call.name] : [];
    const rule: OciSeccompSyscall = { names, action: call.action };
    if (typeof call.errnoRet === 'number') rule.errnoRet = call.errnoRet;
    if (call.args?.length) {
      rule.args = call.args.map((a): OciSeccompArg => {
        const arg: OciSeccompArg = { index: a.index, value: a.value, op: a.op };
        if (a.valueTwo) arg.valueTwo = a.valueTwo;
        return { index: arg.index, value: arg.value, ...(arg.valueTwo ? { valueTwo: arg.valueTwo } : {}), op: arg.op };
      });
    }
    syscalls.push(rule);
  }
  out.syscalls = syscalls;
  return out;
}
