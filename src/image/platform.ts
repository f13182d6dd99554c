// Platforms: the host's os/arch/variant in OCI terms, `--platform` parsing, and picking an instance from a manifest
// list with the same preference order as containers/image (exact variant first, then compatible older variants).
import { endianness } from 'node:os';
import { BerthError } from '../util/errors.ts';
import type { Descriptor, ManifestList } from './manifest.ts';
import { MEDIA_TYPES } from './manifest.ts';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
  osFeatures?: string[];
}

/** Node's process.arch to GOARCH (OCI uses Go's names). */
export function goArch(nodeArch: string, littleEndian = endianness() === 'LE'): string {
  switch (nodeArch) {
    case 'x64':
      return 'amd64';
    case 'ia32':
      return '386';
    case 'ppc64':
      return littleEndian ? 'ppc64le' : 'ppc64';
    case 'mipsel':
      return 'mipsle';
    case 'mips64el':
      return 'mips64le';
    default:
      return nodeArch; // arm, arm64, s390x, riscv64, loong64, ppc, mips, s390 are spelled the same
  }
}

/** The variant containers/image assumes for the host: v8 on arm64, the ARM version on 32-bit arm. */
export function hostVariant(arch: string, armVersion?: string): string {
  if (arch === 'arm64') return 'v8';
  if (arch === 'arm') {
    const v = armVersion ?? String((process.config.variables as Record<string, unknown>).arm_version ?? '7');
    return /^[5-8]$/.test(v) ? `v${v}` : 'v7';
  }
  return '';
}

export function hostPlatform(): Platform {
  const architecture = goArch(process.arch);
  const p: Platform = { os: process.platform === 'win32' ? 'windows' : process.platform, architecture };
  const variant = hostVariant(architecture);
  if (variant) p.variant = variant;
  return p;
}

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', i386: '386' };

/** Parses `os/arch[/variant]` as `--platform` takes it; aliases like x86_64 and aarch64 are normalized. */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '' || !/^[A-Za-z0-9._-]+$/.test(p))) {
    throw new BerthError('invalid-argument', `invalid platform ${JSON.stringify(text)}: expected os/arch[/variant]`);
  }
  const os = parts[0]!.toLowerCase();
  const architecture = ARCH_ALIASES[parts[1]!.toLowerCase()] ?? parts[1]!.toLowerCase();
  const p: Platform = { os, architecture };
  if (parts[2]) p.variant = parts[2].toLowerCase();
  return p;
}

export const formatPlatform = (p: Platform) => [p.os, p.architecture, p.variant].filter(Boolean).join('/');

// Older variants each variant can run, most preferred first (containers/image's compatibility table).
const COMPATIBLE_VARIANTS: Record<string, string[]> = {
  arm: ['v8', 'v7', 'v6', 'v5'],
  arm64: ['v8'],
};

export interface PlatformChoice {
  os?: string;
  architecture?: string;
  variant?: string;
}

/**
 * The platforms to look for, best first. An explicit variant walks down its compatibility list and then accepts any
 * variant; no variant accepts any variant first, then the known variants. The host variant is only assumed when the
 * architecture was not chosen explicitly, so `--platform linux/arm` does not silently mean v7.
 */
export function wantedPlatforms(choice: PlatformChoice = {}, host: Platform = hostPlatform()): Platform[] {
  const architecture = choice.architecture || host.architecture;
  let variant = choice.architecture ? '' : (host.variant ?? '');
  if (choice.variant) variant = choice.variant;
  const os = choice.os || host.os;
  let variants: string[];
  if (variant) {
    const order = COMPATIBLE_VARIANTS[architecture];
    const i = order ? order.indexOf(variant) : -1;
    variants = i >= 0 ? order!.slice(i) : [variant];
    variants.push('');
  } else {
    variants = ['', ...(COMPATIBLE_VARIANTS[architecture] ?? [])];
  }
  return variants.map((v) => (v ? { os, architecture, variant: v } : { os, architecture }));
}

/** An image's platform matches a wanted one when os and arch are equal and the wanted variant (if any) is equal. */
export function matchesPlatform(image: Platform, wanted: Platform): boolean {
  if (image.architecture !== wanted.architecture || image.os !== wanted.os) return false;
  return !wanted.variant || (image.variant ?? '') === wanted.variant;
}

/**
 * Picks the instance of a manifest list for the wanted platform. `imageName` (e.g. `docker://busybox:latest`) is quoted
 * in the error, which follows containers/image's wording so scripts that grep podman's output keep working.
 */
export function chooseInstance(list: ManifestList, choice: PlatformChoice = {}, imageName?: string, host?: Platform): Descriptor {
  const wanted = wantedPlatforms(choice, host);
  for (const w of wanted) {
    for (const d of list.manifests) {
      if (d.platform && matchesPlatform(d.platform, w)) return d;
    }
  }
  const first = wanted[0]!;
  const what = list.mediaType === MEDIA_TYPES.ociIndex ? 'image index' : 'manifest list';
  const prefix = imageName ? `choosing an image from manifest list ${imageName}: ` : '';
  return fail(
    `${prefix}no image found in ${what} for architecture ${first.architecture}, variant ${JSON.stringify(first.variant ?? '')}, OS ${first.os}`,
  );
}

function fail(message: string): never {
  throw new BerthError('not-found', message, { hint: 'choose another platform with --platform, --arch or --os' });
}
