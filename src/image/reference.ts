// Image references: the Docker reference grammar, docker.io normalization, familiar names and image-ID shortcuts.
import { BerthError } from '../util/errors.ts';

/** A parsed reference. `domain` is absent for short names such as `busybox` or `library/busybox`. */
export interface Reference {
  domain?: string;
  path: string;
  tag?: string;
  digest?: string;
}

/** A reference with its registry filled in (`docker.io/library/...` for Docker Hub names). */
export interface NormalizedReference extends Reference {
  domain: string;
}

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
export const NAME_TOTAL_LENGTH_MAX = 255;

// The grammar, one piece per line so each can be checked against the published one.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[[a-fA-F0-9:]+\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;

const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const TAG_RE = new RegExp(`^${TAG}$`);
const FULL_ID_RE = /^(?:sha256:)?[a-f0-9]{64}$/;
const ID_PREFIX_RE = /^(?:sha256:)?[a-f0-9]{1,64}$/;

/** Hex lengths of the digest algorithms images use (go-digest's registered set). */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

const invalid = (msg: string) => new BerthError('invalid-argument', msg);

/** Checks `algorithm:hex` the way go-digest does; returns an error message or undefined. */
export function digestError(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  if (colon < 1 || colon === digest.length - 1) return 'invalid checksum digest format';
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const want = DIGEST_HEX_LENGTH[algorithm];
  if (want === undefined) return 'unsupported digest algorithm';
  if (hex.length !== want) return 'invalid checksum digest length';
  if (!/^[a-f0-9]+$/.test(hex)) return 'invalid checksum digest format';
  return undefined;
}

/** True if the first path element is a registry: it has a dot or a port, is `localhost`, or has capitals. */
function isDomainLike(first: string): boolean {
  return /[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first;
}

/**
 * Parses user input without normalizing it (no docker.io, no `library/`, no `:latest`).
 * Errors are worded as Podman 4.3 prints them.
 */
export function parseReference(input: string): Reference {
  if (input === '') throw invalid('repository name must have at least one component');
  const m = REFERENCE_RE.exec(input);
  if (!m) {
    if (REFERENCE_RE.test(input.toLowerCase())) throw invalid('repository name must be lowercase');
    throw invalid('invalid reference format');
  }
  const name = m[1]!;
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw invalid(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  const ref: Reference = { path: name };
  const slash = name.indexOf('/');
  if (slash > 0 && isDomainLike(name.slice(0, slash))) {
    const domain = name.slice(0, slash);
    // `foo_bar.com/x` matched as a plain path but cannot be split into a registry and a path.
    if (!DOMAIN_RE.test(domain)) throw invalid('invalid reference format');
    ref.domain = domain;
    ref.path = name.slice(slash + 1);
  }
  if (m[2] !== undefined) ref.tag = m[2];
  if (m[3] !== undefined) {
    const err = digestError(m[3]);
    if (err) throw invalid(err);
    ref.digest = m[3];
  }
  return ref;
}

/** Fills in the registry and Docker Hub's `library/` namespace; tag and digest are kept as given. */
export function normalizeName(ref: Reference): NormalizedReference {
  let domain = ref.domain ?? DEFAULT_DOMAIN;
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  let path = ref.path;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_REPO_PREFIX + path;
  const out: NormalizedReference = { domain, path };
  if (ref.tag !== undefined) out.tag = ref.tag;
  if (ref.digest !== undefined) out.digest = ref.digest;
  return out;
}

/** normalizeName plus `:latest` when there is neither tag nor digest (`busybox` → `docker.io/library/busybox:latest`). */
export function normalize(ref: Reference): NormalizedReference {
  const out = normalizeName(ref);
  if (out.tag === undefined && out.digest === undefined) out.tag = 'latest';
  return out;
}

/** Parses and normalizes a name; refuses a bare 64-hex string, which can only be an image ID. */
export function parseNormalized(input: string, opts: { defaultTag?: boolean } = {}): NormalizedReference {
  if (FULL_ID_RE.test(input) && !input.startsWith('sha256:')) {
    throw invalid(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  }
  const ref = parseReference(input);
  return opts.defaultTag === false ? normalizeName(ref) : normalize(ref);
}

/** True when the input has no registry part (`busybox`, `library/busybox:1`, `foo@sha256:...`). */
export function isShortName(input: string): boolean {
  return parseReference(input).domain === undefined;
}

/** `domain/path` without tag or digest. */
export function repositoryName(ref: Reference): string {
  return ref.domain === undefined ? ref.path : `${ref.domain}/${ref.path}`;
}

/** The full string form: `domain/path:tag@digest` with whatever parts are present. */
export function toString(ref: Reference): string {
  return repositoryName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** Docker's short display form: `docker.io/library/busybox:latest` → `busybox:latest`. */
export function familiarString(ref: Reference): string {
  const n = normalizeName(ref);
  let name = repositoryName(n);
  if (n.domain === DEFAULT_DOMAIN) {
    name = n.path;
    if (name.startsWith(OFFICIAL_REPO_PREFIX) && name.split('/').length === 2) name = name.slice(OFFICIAL_REPO_PREFIX.length);
  }
  return name + (n.tag !== undefined ? `:${n.tag}` : '') + (n.digest !== undefined ? `@${n.digest}` : '');
}

/** Returns a copy with a new tag (validated) and no digest. */
export function withTag(ref: Reference, tag: string): Reference {
  if (!TAG_RE.test(tag)) throw invalid('invalid tag format');
  const out: Reference = { ...ref, tag };
  delete out.digest;
  return out;
}

/** A full image ID (64 lowercase hex, optionally `sha256:`-prefixed): never a reference. */
export function isFullImageId(s: string): boolean {
  return FULL_ID_RE.test(s);
}

/**
 * True for strings that may name an image by ID or ID prefix (1–64 lowercase hex, optional `sha256:`).
 * Short prefixes such as `abc` are also valid names, so callers try an ID-prefix match first, then the name.
 */
export function looksLikeImageId(s: string): boolean {
  return ID_PREFIX_RE.test(s);
}
