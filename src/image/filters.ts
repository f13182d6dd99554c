// Podman 4.3's image filters (images --filter, image prune --filter): parsing, wording of errors, and matching.
import { BerthError } from '../util/errors.ts';
import { parseReference, normalizeName, repositoryName, familiarString } from './reference.ts';
import { parseGoDuration } from '../util/duration.ts';

/** What a filter looks at; the engine fills it from the store without per-image queries. */
export interface FilterImage {
  id: string;
  names: string[];
  labels: Record<string, string>;
  /** unix ms */
  created: number;
  readOnly: boolean;
  containers: number;
  /** No names and no child images. */
  dangling: boolean;
  /** No names but child images (hidden by `images` without -a). */
  intermediate: boolean;
}

export type ImagePredicate = (img: FilterImage) => boolean;

const bad = (msg: string) => new BerthError('invalid-argument', msg);

/** The filters `images` accepts in Podman 4.3 (`digest` came later). */
export const LIST_FILTERS = ['after', 'since', 'before', 'containers', 'dangling', 'id', 'intermediate', 'label', 'readonly', 'reference', 'until'];
/** `image prune --filter`. */
export const PRUNE_FILTERS = LIST_FILTERS;

function parseBool(key: string, v: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  // Podman 4.3 swaps the two values in this message; kept byte for byte.
  throw bad(`non-boolean value "${key}" for ${v} filter: strconv.ParseBool: parsing "${v}": invalid syntax`);
}

export { parseGoDuration };

/** Podman's util.ComputeUntilTimestamp: a duration before now, a unix timestamp, or an RFC 3339 / date string. */
export function parseUntil(value: string, now = Date.now()): number {
  const d = parseGoDuration(value);
  if (d !== undefined) return now - d;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value) && value.length > 10;
    const t = Date.parse(value.length === 10 ? `${value}T00:00:00${hasZone ? '' : 'Z'}` : value.replace(' ', 'T') + (hasZone ? '' : 'Z'));
    if (!Number.isNaN(t)) return t;
  }
  throw bad(`failed to parse value as time or duration: "${value}"`);
}

/** Shell-style glob (Go's filepath.Match: `*` and `?` stop at `/`, `[...]` classes). */
export function globMatch(pattern: string, s: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      re += `[${pattern.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  try {
    return new RegExp(re + '$').test(s);
  } catch {
    return false;
  }
}

/** Whether a stored name (fully qualified, with tag) matches a `reference=` value or an `images NAME` argument. */
export function referenceMatches(value: string, name: string): boolean {
  let ref;
  try {
    ref = parseReference(name);
  } catch {
    return false;
  }
  const repo = repositoryName(normalizeName(ref));
  const { tag: _tag, digest: _digest, ...bare } = ref;
  const candidates = [name, familiarString(ref), repo, familiarString(bare)];
  if (candidates.some((c) => globMatch(value, c))) return true;
  // A value without a registry also matches the trailing path components (`mine` matches localhost/mine:latest).
  const tag = ref.tag !== undefined ? `:${ref.tag}` : '';
  const parts = repo.split('/');
  for (let i = 1; i < parts.length; i++) {
    const tail = parts.slice(i).join('/');
    if (globMatch(value, tail) || globMatch(value, tail + tag)) return true;
  }
  return false;
}

export interface FilterContext {
  /** Created time (unix ms) of the image named by a before=/since= value; throws when it is unknown. */
  createdOf(input: string): number;
  now?: number;
}

/**
 * Compiles `key=value` filters into one predicate: different keys must all match; several `reference` or `id` values
 * match when any does; several `label` values must all match.
 */
export function compileImageFilters(filters: readonly string[], ctx: FilterContext, allowed: readonly string[] = LIST_FILTERS): ImagePredicate {
  const byKey = new Map<string, string[]>();
  for (const f of filters) {
    const eq = f.indexOf('=');
    if (eq < 0) throw bad(`invalid image filter "${f}": must be in the format "filter=value or filter!=value"`);
    const key = f.slice(0, eq);
    const value = f.slice(eq + 1);
    if (!allowed.includes(key)) throw bad(`unsupported image filter "${key}"`);
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  const preds: ImagePredicate[] = [];
  for (const [key, values] of byKey) {
    const any = (fn: (v: string) => ImagePredicate) => {
      const ps = values.map(fn);
      preds.push((img) => ps.some((p) => p(img)));
    };
    const all = (fn: (v: string) => ImagePredicate) => preds.push(...values.map(fn));
    switch (key) {
      case 'reference':
        any((v) => (img) => img.names.some((n) => referenceMatches(v, n)));
        break;
      case 'id':
        any((v) => (img) => img.id === v.replace(/^sha256:/, ''));
        break;
      case 'label':
        all((v) => {
          const i = v.indexOf('=');
          const k = i < 0 ? v : v.slice(0, i);
          const want = i < 0 ? undefined : v.slice(i + 1);
          return (img) => k in img.labels && (want === undefined || img.labels[k] === want);
        });
        break;
      case 'dangling':
      case 'intermediate':
      case 'readonly':
      case 'containers':
        all((v) => {
          const b = parseBool(key, v);
          if (key === 'dangling') return (img) => img.dangling === b;
          if (key === 'intermediate') return (img) => img.intermediate === b;
          if (key === 'readonly') return (img) => img.readOnly === b;
          return (img) => img.containers > 0 === b;
        });
        break;
      case 'before':
      case 'since':
      case 'after':
        all((v) => {
          let t: number;
          try {
            t = ctx.createdOf(v);
          } catch (e) {
            throw bad(`could not find local image for filter filter "${key}"="${v}": ${(e as Error).message}`);
          }
          return key === 'before' ? (img) => img.created < t : (img) => img.created > t;
        });
        break;
      case 'until':
        all((v) => {
          const t = parseUntil(v, ctx.now);
          return (img) => img.created < t;
        });
        break;
    }
  }
  return (img) => preds.every((p) => p(img));
}
