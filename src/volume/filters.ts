// `volume ls/prune --filter`: podman 4.3's filter keys, values, errors and its OR-ing of every filter given.
import { BerthError } from '../util/errors.ts';
import { parseGoDuration } from '../util/duration.ts';

/** What a filter can look at. */
export interface VolumeFacts {
  name: string;
  driver: string;
  labels: Readonly<Record<string, string>>;
  options: Readonly<Record<string, string>>;
  createdMs: number;
  /** Not used by any container. */
  dangling: () => boolean;
}

export type VolumePredicate = (v: VolumeFacts) => boolean;

const bad = (msg: string) => new BerthError('invalid-argument', msg);

function keyValueMatch(map: Readonly<Record<string, string>>, want: string): boolean {
  const eq = want.indexOf('=');
  const k = eq < 0 ? want : want.slice(0, eq);
  const v = eq < 0 ? '' : want.slice(eq + 1);
  return Object.hasOwn(map, k) && (v === '' || map[k] === v);
}

export { parseGoDuration };

/** podman's util.ComputeUntilTimestamp: a duration before now, a Unix time, or an RFC 3339-ish date (local zone). */
export function parseUntil(value: string, now = Date.now()): number {
  const d = parseGoDuration(value);
  if (d !== undefined) return now - d;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (m) {
    const [, date, hh = '00', mm = '00', ss = '00', frac = '', zone = ''] = m;
    const ms = Date.parse(`${date}T${hh}:${mm}:${ss}${frac.slice(0, 4)}${zone}`);
    if (!Number.isNaN(ms)) return ms;
  }
  throw bad(`failed to parse value as time or duration: "${value}"`);
}

/** One predicate per `key=value`; podman's errors for malformed or unknown filters. */
export function parseVolumeFilters(filters: readonly string[], now = Date.now()): VolumePredicate[] {
  return filters.map((f): VolumePredicate => {
    const eq = f.indexOf('=');
    if (eq < 0) throw bad(`filter input must be in the form of filter=value: ${f} is invalid`);
    const key = f.slice(0, eq);
    const val = f.slice(eq + 1);
    switch (key) {
      case 'name': {
        let re: RegExp;
        try {
          re = new RegExp(val);
        } catch (e) {
          throw bad(`error parsing regexp: ${(e as Error).message}`);
        }
        return (v) => re.test(v.name);
      }
      case 'driver':
        return (v) => v.driver === val;
      case 'scope':
        return () => val === 'local';
      case 'label':
        return (v) => keyValueMatch(v.labels, val);
      case 'opt':
        return (v) => keyValueMatch(v.options, val);
      case 'until': {
        const t = parseUntil(val, now);
        return (v) => v.createdMs < t;
      }
      case 'dangling': {
        const lc = val.toLowerCase();
        if (lc === 'true' || lc === '1') return (v) => v.dangling();
        if (lc === 'false' || lc === '0') return (v) => !v.dangling();
        throw bad(`"${val}" is not a valid value for the "dangling" filter - must be true or false`);
      }
      default:
        throw bad(`"${key}" is an invalid volume filter`);
    }
  });
}

/** Podman 4.3 keeps a volume when ANY of the filters matches it (no filters: every volume). */
export const matchesAny = (preds: readonly VolumePredicate[], v: VolumeFacts) => preds.length === 0 || preds.some((p) => p(v));
