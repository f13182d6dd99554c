// `network ls` / `network prune` filters (podman's names and wording), as predicates over definitions.
import { BerthError } from '../util/errors.ts';
import type { Network } from './types.ts';

export type NetworkFilter = (n: Network) => boolean;

function untilTime(v: string): number {
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const d = /^(\d+)(h|m|s)$/.exec(v);
  if (d) return Date.now() - Number(d[1]) * ({ h: 3600e3, m: 60e3, s: 1e3 } as Record<string, number>)[d[2]!]!;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new BerthError('invalid-argument', `unable to parse "${v}" as a timestamp`);
  return t;
}

const labelMatch = (n: Network, v: string) => {
  const [k, val] = v.split('=', 2) as [string, string | undefined];
  const have = n.labels?.[k!];
  return have !== undefined && (val === undefined || have === val);
};

/** Builds one predicate from `key=value` strings: same key ORs, different keys AND (podman's rule). */
export function networkFilters(filters: readonly string[], allowed: readonly string[], inUse: (n: Network) => boolean): NetworkFilter {
  const byKey = new Map<string, string[]>();
  for (const f of filters) {
    const eq = f.indexOf('=');
    const key = eq < 0 ? f : f.slice(0, eq);
    if (eq < 0 || !allowed.includes(key)) throw new BerthError('invalid-argument', `invalid filter "${key}"`);
    byKey.set(key, [...(byKey.get(key) ?? []), f.slice(eq + 1)]);
  }
  const preds: NetworkFilter[] = [];
  for (const [key, vals] of byKey) {
    switch (key) {
      case 'name': preds.push((n) => vals.some((v) => new RegExp(v).test(n.name))); break;
      case 'id': preds.push((n) => vals.some((v) => n.id.startsWith(v))); break;
      case 'driver': preds.push((n) => vals.includes(n.driver)); break;
      case 'label': preds.push((n) => vals.every((v) => labelMatch(n, v))); break;
      case 'label!': preds.push((n) => vals.every((v) => !labelMatch(n, v))); break;
      case 'dangling': {
        const want = vals.map((v) => {
          if (!['true', 'false', '1', '0'].includes(v)) throw new BerthError('invalid-argument', `invalid dangling filter value "${v}"`);
          return v === 'true' || v === '1';
        });
        preds.push((n) => want.some((w) => w === !inUse(n)));
        break;
      }
      case 'until': {
        const ts = vals.map(untilTime);
        preds.push((n) => ts.every((t) => Date.parse(n.created) < t));
        break;
      }
    }
  }
  return (n) => preds.every((p) => p(n));
}
