// ps / container prune --filter: podman 4.3's keys and semantics (same key ORed, different keys ANDed).
import { BerthError } from '../util/errors.ts';
import { reportedState } from './ps.ts';
import type { ContainerRecord } from './records.ts';
import { parseGoDuration } from '../util/duration.ts';

export type ContainerPredicate = (r: ContainerRecord) => boolean;

const STATES = new Set(['created', 'configured', 'initialized', 'running', 'paused', 'stopping', 'stopped', 'exited', 'removing', 'unknown']);

/** Groups `key=value` strings by key (a value may itself contain '='). */
export function parseFilters(filters: readonly string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const f of filters) {
    const eq = f.indexOf('=');
    const key = eq < 0 ? f : f.slice(0, eq);
    const value = eq < 0 ? '' : f.slice(eq + 1);
    if (eq < 0) throw new BerthError('invalid-argument', `invalid filter "${f}" requires value`);
    m.set(key, [...(m.get(key) ?? []), value]);
  }
  return m;
}

/** Go's regexp.MatchString semantics for name filters (an invalid pattern matches literally). */
function regexMatch(pattern: string, s: string): boolean {
  try {
    return new RegExp(pattern).test(s);
  } catch {
    return s.includes(pattern);
  }
}

function fullMatch(pattern: string, s: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(s);
  } catch {
    return pattern === s;
  }
}

/** label=key, label=key=value, with `!=` negation as podman's label!= filter. */
export function labelMatch(labels: Record<string, string>, spec: string): boolean {
  const eq = spec.indexOf('=');
  if (eq < 0) return spec in labels;
  const k = spec.slice(0, eq);
  const v = spec.slice(eq + 1);
  return k in labels && (v === '' || labels[k] === v);
}

/** Parses an `until` value: RFC 3339 / date, unix seconds, or a Go duration ago ("10m", "1h30m"). */
export function parseTimeFilter(v: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const dur = parseGoDuration(v);
  if (dur !== undefined) return now - dur;
  const t = Date.parse(v);
  if (!Number.isNaN(t)) return t;
  throw new BerthError('invalid-argument', `"${v}" is not a valid timestamp or duration`);
}

export { parseGoDuration };

export interface FilterContext {
  /** Resolves before=/since= references (name, id or id prefix). */
  find(nameOrId: string): ContainerRecord | undefined;
  now?: number;
}

/** One predicate ANDing each key's ORed values; unknown keys fail with podman's message. */
export function containerFilter(filters: readonly string[], ctx: FilterContext, keys?: ReadonlySet<string>): ContainerPredicate {
  const groups = parseFilters(filters);
  const preds: ContainerPredicate[] = [];
  for (const [key, values] of groups) {
    if (keys && !keys.has(key)) throw new BerthError('invalid-argument', `${key} is an invalid filter`);
    preds.push(keyFilter(key, values, ctx));
  }
  return (r) => preds.every((p) => p(r));
}

function refTime(ctx: FilterContext, v: string): number {
  const c = ctx.find(v);
  if (!c) throw new BerthError('not-found', `no container with name or ID "${v}" found: no such container`);
  return c.created;
}

function keyFilter(key: string, values: string[], ctx: FilterContext): ContainerPredicate {
  const any = (f: (r: ContainerRecord, v: string) => boolean): ContainerPredicate => (r) => values.some((v) => f(r, v));
  switch (key) {
    case 'id':
      return any((r, v) => r.id.startsWith(v));
    case 'name':
      return any((r, v) => regexMatch(v, r.name));
    case 'label':
      return (r) => values.every((v) => labelMatch(r.labels, v));
    case 'label!':
      return (r) => values.every((v) => !labelMatch(r.labels, v));
    case 'exited': {
      const codes = values.map((v) => {
        if (!/^-?\d+$/.test(v)) throw new BerthError('invalid-argument', `exited code out of range "${v}": strconv.ParseInt: parsing "${v}": invalid syntax`);
        return Number(v);
      });
      return (r) => (r.state === 'exited' || r.state === 'stopped') && codes.includes(r.exitCode ?? 0);
    }
    case 'status':
      for (const v of values) if (!STATES.has(v)) throw new BerthError('invalid-argument', `unknown container state: ${v}: invalid argument`);
      return any((r, v) => {
        const s = reportedState(r.state);
        return s === v || (v === 'exited' && s === 'stopped') || (v === 'created' && s === 'initialized');
      });
    case 'ancestor':
      return any((r, v) => {
        const noTag = r.imageName.replace(/:[^:/]+$/, '');
        return (r.imageId !== null && (r.imageId === v || (v.length >= 3 && r.imageId.startsWith(v)))) || fullMatch(v, r.imageName) || noTag === v;
      });
    case 'before': {
      const ts = values.map((v) => refTime(ctx, v));
      return (r) => ts.some((t) => r.created < t);
    }
    case 'since': {
      const ts = values.map((v) => refTime(ctx, v));
      return (r) => ts.some((t) => r.created > t);
    }
    case 'until': {
      const ts = values.map((v) => parseTimeFilter(v, ctx.now));
      return (r) => ts.some((t) => r.created < t);
    }
    case 'volume':
      return any((r, v) =>
        r.config.volumes.some((x) => x.name === v || x.destination === v) ||
        (r.config.spec.mounts ?? []).some((m) => m.destination === v || m.source === v));
    case 'network':
      return any((r, v) => r.config.network === v || (r.networkStatus ?? '').includes(`"${v}"`));
    case 'restart-policy':
      return any((r, v) => (r.config.restart.name || 'no') === v);
    case 'health':
      // starting|healthy|unhealthy as the last check left it; none: no healthcheck defined
      return any((r, v) => (v === 'none' ? !r.config.healthcheck : (r.detail.health?.Status ?? '') === v));
    case 'pod':
      return () => false;
    default:
      throw new BerthError('invalid-argument', `${key} is an invalid filter`);
  }
}
