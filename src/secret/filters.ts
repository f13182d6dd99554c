// `secret ls --filter`: podman 4.3's name= and id= filters (regular expressions, unanchored; values of one key OR'd).
import { BerthError } from '../util/errors.ts';

export interface SecretFacts {
  id: string;
  name: string;
}

export type SecretFilter = (s: SecretFacts) => boolean;

/** A pattern that does not compile matches nothing (podman ignores the regexp error). */
function matcher(patterns: readonly string[]): (s: string) => boolean {
  const res = patterns.map((p) => {
    try {
      return new RegExp(p);
    } catch {
      return undefined;
    }
  });
  return (s) => res.some((r) => r?.test(s) ?? false);
}

export function parseSecretFilters(values: readonly string[]): SecretFilter {
  const byKey = new Map<string, string[]>();
  for (const f of values) {
    const eq = f.indexOf('=');
    if (eq < 0) throw new BerthError('invalid-argument', `filter input must be in the form of filter=value: ${f} is invalid`);
    const key = f.slice(0, eq);
    byKey.set(key, [...(byKey.get(key) ?? []), f.slice(eq + 1)]);
  }
  const preds: SecretFilter[] = [];
  for (const [key, vals] of byKey) {
    const m = matcher(vals);
    switch (key.toLowerCase()) {
      case 'name':
        preds.push((s) => m(s.name));
        break;
      case 'id':
        preds.push((s) => m(s.id));
        break;
      default:
        throw new BerthError('invalid-argument', `invalid filter "${key}"`);
    }
  }
  return (s) => preds.every((p) => p(s));
}
