// Registry search: the v1 search API where a registry has it, else /v2/_catalog filtered by the term; tags listing;
// filters. Results name repositories under the registry the user knows (docker.io even when served by a rewrite).
import type { SearchOptions, SearchResult } from '../engine/images.ts';
import type { RegistriesConf } from '../config/registries-conf.ts';
import { findRegistry } from '../config/registries-conf.ts';
import { BerthError } from '../util/errors.ts';
import { DEFAULT_DOMAIN } from './reference.ts';
import type { RegistryClient } from './registry/client.ts';

export const DEFAULT_SEARCH_LIMIT = 25;

export interface SearchFilter {
  stars: number;
  official?: boolean;
  automated?: boolean;
}

const bool = (v: string, key: string) => {
  if (v === '' || v === 'true') return true;
  if (v === 'false') return false;
  throw new BerthError('invalid-argument', `invalid filter "${key}=${v}": value must be true or false`);
};

/** Parses `--filter stars=N`, `is-official[=bool]`, `is-automated[=bool]` (podman's keys). */
export function parseSearchFilters(filters: readonly string[]): SearchFilter {
  const f: SearchFilter = { stars: 0 };
  for (const raw of filters) {
    const eq = raw.indexOf('=');
    const key = eq < 0 ? raw : raw.slice(0, eq);
    const value = eq < 0 ? '' : raw.slice(eq + 1);
    switch (key) {
      case 'stars':
        if (!/^\d+$/.test(value)) throw new BerthError('invalid-argument', `incorrect value type for stars filter: strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax`);
        f.stars = Number(value);
        break;
      case 'is-official':
        f.official = bool(value, key);
        break;
      case 'is-automated':
        f.automated = bool(value, key);
        break;
      default:
        throw new BerthError('invalid-argument', `invalid filter type "${key}"`);
    }
  }
  return f;
}

export function matchesFilter(r: SearchResult, f: SearchFilter): boolean {
  if (r.Stars < f.stars) return false;
  if (f.official !== undefined && (r.Official === '[OK]') !== f.official) return false;
  if (f.automated !== undefined && (r.Automated === '[OK]') !== f.automated) return false;
  return true;
}

export interface SearchTarget {
  /** The registry as the user knows it (docker.io), used in result names. */
  index: string;
  /** Where to send the requests (registries.conf location, e.g. the mirror). */
  host: string;
  insecure: boolean;
  term: string;
}

/**
 * Which registries to search: the one named in the term (`quay.io/foo`, `127.0.0.1:5000/`), else every
 * unqualified-search registry. A [[registry]] entry whose prefix is exactly the registry redirects to its location.
 */
export function searchTargets(term: string, conf: RegistriesConf): SearchTarget[] {
  const slash = term.indexOf('/');
  const first = slash < 0 ? '' : term.slice(0, slash);
  const named = first && (/[.:]/.test(first) || first === 'localhost');
  const registries = named ? [first] : conf.unqualifiedSearchRegistries;
  if (registries.length === 0) throw new BerthError('invalid-argument', 'no registries to search: name one in the term or set unqualified-search-registries');
  const rest = named ? term.slice(slash + 1) : term;
  return registries.map((index) => {
    const reg = findRegistry(conf, index);
    const exact = reg && reg.prefix === index && reg.location && !reg.location.includes('/');
    const host = exact ? reg.location : index;
    if (reg?.blocked) throw new BerthError('invalid-argument', `registry ${index} is blocked in ${conf.mainFile}`);
    return { index, host, insecure: reg?.insecure ?? findRegistry(conf, host)?.insecure ?? false, term: rest };
  });
}

/** The repository path to list tags of: Docker Hub's `library/` is added for one-component names. */
export function tagsRepository(t: SearchTarget): string {
  const repo = t.term.replace(/[:@].*$/, '');
  if (!repo) throw new BerthError('invalid-argument', 'a repository name is required to list tags');
  return t.index === DEFAULT_DOMAIN && !repo.includes('/') ? `library/${repo}` : repo;
}

/** Searches one registry; results are named `<index>/<repository>`. */
export async function searchRegistry(client: RegistryClient, t: SearchTarget, opts: SearchOptions): Promise<SearchResult[]> {
  const limit = opts.limit && opts.limit > 0 ? opts.limit : DEFAULT_SEARCH_LIMIT;
  const filter = parseSearchFilters(opts.filters ?? []);
  let out: SearchResult[];
  if (opts.listTags) {
    const repo = tagsRepository(t);
    const tags = await client.listTags(repo);
    out = tags.map((tag) => ({ Index: t.index, Name: `${t.index}/${repo}`, Description: '', Stars: 0, Official: '', Automated: '', Tag: tag }));
    return out.slice(0, limit);
  }
  const v1 = await client.searchV1(t.term, limit).catch((e: unknown) => {
    if (e instanceof BerthError && e.code === 'unauthorized') return null;
    throw e;
  });
  if (v1) {
    out = v1.map((r) => ({
      Index: t.index,
      Name: `${t.index}/${r.name}`,
      Description: r.description,
      Stars: r.star_count,
      Official: r.is_official ? '[OK]' : '',
      Automated: r.is_automated ? '[OK]' : '',
      Tag: '',
    }));
  } else {
    const repos = await client.catalogAll();
    out = repos
      .filter((r) => r.includes(t.term))
      .map((r) => ({ Index: t.index, Name: `${t.index}/${r}`, Description: '', Stars: 0, Official: '', Automated: '', Tag: '' }));
  }
  return out.filter((r) => matchesFilter(r, filter)).slice(0, limit);
}
