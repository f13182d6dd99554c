// Short-name resolution (aliases, unqualified-search registries, short-name-mode) and pull endpoints (mirrors, rewrites).
import { BerthError } from '../util/errors.ts';
import {
  parseReference, parseNormalized, normalize, repositoryName, toString, type NormalizedReference, type Reference,
} from './reference.ts';
import { findRegistry, lookupAlias, prefixMatchLength, type RegistriesConf } from '../config/registries-conf.ts';

export type Rationale = 'none' | 'alias' | 'search';

export interface ShortNameResolution {
  /** The name as typed, without tag or digest (what aliases are keyed by). */
  userInput: string;
  rationale: Rationale;
  /** Fully-qualified candidates in the order to try, with `:latest` added when no tag or digest was given. */
  candidates: NormalizedReference[];
  /** The file the alias or search list came from. */
  origin: string;
  /**
   * Enforcing mode with several candidates on a TTY: the caller must let the user pick one ("Please select an
   * image") and then call recordable alias code; without a TTY resolveShortName throws instead.
   */
  needsPrompt: boolean;
}

export interface ResolveOptions {
  /** stdin and stdout are both terminals. */
  tty: boolean;
}

const fail = (msg: string) => new BerthError('invalid-argument', msg);

/** Podman's error when enforcing mode would need a prompt but has no terminal. */
export function ambiguityError(): BerthError {
  return fail('short-name resolution enforced but cannot prompt without a TTY');
}

/** The line Podman prints before pulling (`Resolved "alpine" as an alias (/etc/...)`), or '' for none. */
export function describeResolution(r: ShortNameResolution): string {
  if (r.rationale === 'alias') return `Resolved "${r.userInput}" as an alias (${r.origin})`;
  if (r.rationale === 'search') return `Resolving "${r.userInput}" using unqualified-search registries (${r.origin})`;
  return '';
}

function withSuffix(base: NormalizedReference, from: Reference): NormalizedReference {
  const out: NormalizedReference = { domain: base.domain, path: base.path };
  if (from.tag !== undefined) out.tag = from.tag;
  if (from.digest !== undefined) out.digest = from.digest;
  return normalize(out);
}

function searchCandidates(input: string, conf: RegistriesConf): NormalizedReference[] {
  return conf.unqualifiedSearchRegistries.map((reg) => {
    try {
      return parseNormalized(`${reg}/${input}`);
    } catch (e) {
      throw fail(`creating reference with unqualified-search registry "${reg}": ${(e as Error).message}`);
    }
  });
}

/**
 * Resolves user input to the references to pull, as containers/image's pkg/shortnames does: fully-qualified names
 * as they are; short names through an alias if one exists, else through every unqualified-search registry,
 * subject to short-name-mode (permissive is the default).
 */
export function resolveShortName(input: string, conf: RegistriesConf, opts: ResolveOptions): ShortNameResolution {
  const ref = parseReference(input);
  if (ref.domain !== undefined) {
    return { userInput: repositoryName(ref), rationale: 'none', candidates: [normalize(ref)], origin: '', needsPrompt: false };
  }
  const userInput = ref.path;
  const alias = lookupAlias(conf, userInput);
  if (alias?.value) {
    return { userInput, rationale: 'alias', candidates: [withSuffix(alias.value, ref)], origin: alias.origin, needsPrompt: false };
  }
  if (conf.unqualifiedSearchRegistries.length === 0) {
    const origin = conf.unqualifiedSearchRegistriesOrigin;
    if (origin) {
      throw fail(`short-name "${input}" did not resolve to an alias and no unqualified-search registries are defined in "${origin}"`);
    }
    throw fail(`short-name "${input}" did not resolve to an alias and no containers-registries.conf(5) was found`);
  }
  const res: ShortNameResolution = {
    userInput,
    rationale: 'search',
    candidates: searchCandidates(input, conf),
    origin: conf.unqualifiedSearchRegistriesOrigin,
    needsPrompt: false,
  };
  if (conf.shortNameMode === 'disabled' || res.candidates.length === 1) return res;
  if (!opts.tty) {
    if (conf.shortNameMode === 'enforcing') throw ambiguityError();
    return res;
  }
  // Podman prompts in both enforcing and permissive mode when it has a terminal.
  res.needsPrompt = true;
  return res;
}

/**
 * Names to look for in local storage, in order: the input itself if fully qualified; else the alias,
 * `localhost/<name>`, then each unqualified-search registry (containers/image's ResolveLocally).
 */
export function localCandidates(input: string, conf: RegistriesConf): NormalizedReference[] {
  const ref = parseReference(input);
  if (ref.domain !== undefined) return [normalize(ref)];
  const out: NormalizedReference[] = [];
  const alias = lookupAlias(conf, ref.path);
  if (alias?.value) out.push(withSuffix(alias.value, ref));
  out.push(withSuffix({ domain: 'localhost', path: ref.path }, ref));
  out.push(...searchCandidates(input, conf));
  return out;
}

export interface PullSource {
  /** The reference to request from this endpoint (after prefix rewriting). */
  reference: NormalizedReference;
  /** `host[:port]` to contact. */
  host: string;
  /** Plain HTTP allowed and TLS verification off. */
  insecure: boolean;
  mirror: boolean;
}

function hostInsecure(conf: RegistriesConf, host: string): boolean {
  return findRegistry(conf, host)?.insecure ?? false;
}

function rewrite(ref: NormalizedReference, prefix: string, location: string): NormalizedReference {
  const s = toString(ref);
  if (location === '') return ref; // wildcard prefix without location: no rewriting
  const n = prefixMatchLength(s, prefix);
  if (n === -1) throw new BerthError('internal', `invalid prefix '${prefix}' for reference '${s}'`);
  const rewritten = location + s.slice(n);
  let out: Reference;
  try {
    out = parseReference(rewritten);
  } catch (e) {
    throw fail(`rewriting reference: ${rewritten}: ${(e as Error).message}`);
  }
  if (out.domain === undefined) throw fail(`rewriting reference: ${rewritten}: no registry in location "${location}"`);
  return out as NormalizedReference;
}

/**
 * Where to pull a fully-qualified reference from, in order: the matching [[registry]]'s mirrors that apply
 * (mirror-by-digest-only / pull-from-mirror), then its location. A blocked registry is an error naming it.
 */
export function pullSources(ref: NormalizedReference, conf: RegistriesConf): PullSource[] {
  const reg = findRegistry(conf, repositoryName(ref));
  if (!reg) return [{ reference: ref, host: ref.domain, insecure: hostInsecure(conf, ref.domain), mirror: false }];
  if (reg.blocked) {
    const where = [conf.mainFile, ...conf.dropInDirs].filter(Boolean).join(' or ');
    throw fail(`registry ${reg.prefix} is blocked in ${where}`);
  }
  const digested = ref.digest !== undefined;
  const mirrors = reg.mirrors.filter((m) => {
    if (reg.mirrorByDigestOnly) return digested;
    if (m.pullFromMirror === 'digest-only') return digested;
    if (m.pullFromMirror === 'tag-only') return !digested;
    return true;
  });
  const sources: PullSource[] = mirrors.map((m) => {
    const r = rewrite(ref, reg.prefix, m.location);
    return { reference: r, host: r.domain, insecure: m.insecure || hostInsecure(conf, r.domain), mirror: true };
  });
  const primary = rewrite(ref, reg.prefix, reg.location);
  sources.push({ reference: primary, host: primary.domain, insecure: reg.insecure || hostInsecure(conf, primary.domain), mirror: false });
  return sources;
}
