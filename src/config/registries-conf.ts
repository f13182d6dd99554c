// registries.conf (v2, v1 converted) plus drop-ins and the short-name alias cache, merged as containers/image does.
import { BerthError } from '../util/errors.ts';
import { parseReference, normalizeName, type NormalizedReference } from '../image/reference.ts';
import { registriesConfFiles, shortNameAliasCacheFile, type PathContext } from './paths.ts';
import { parseToml, readTomlFile, typeError, isTable, isStringArray, type TomlDoc, type TomlTable } from './toml.ts';

export type ShortNameMode = 'enforcing' | 'permissive' | 'disabled';
export type PullFromMirror = 'all' | 'digest-only' | 'tag-only';

export interface Mirror {
  location: string;
  insecure: boolean;
  /** Empty means "all" unless the registry sets mirror-by-digest-only. */
  pullFromMirror: PullFromMirror | '';
}

export interface RegistryEntry {
  /** What user references are matched against: `host[:port][/ns...]` or `*.example.com`. */
  prefix: string;
  /** Where the prefix really lives; empty only for wildcard prefixes (no rewriting). */
  location: string;
  insecure: boolean;
  blocked: boolean;
  mirrorByDigestOnly: boolean;
  mirrors: Mirror[];
}

export interface Alias {
  /** undefined: the alias was erased (`"name" = ""`) by a later file. */
  value: NormalizedReference | undefined;
  /** The file that defined it (shown as `Resolved "x" as an alias (<origin>)`). */
  origin: string;
}

export interface RegistriesConf {
  unqualifiedSearchRegistries: string[];
  /** The file that last set unqualified-search-registries ('' when none did). */
  unqualifiedSearchRegistriesOrigin: string;
  shortNameMode: ShortNameMode;
  credentialHelpers: string[];
  aliases: Map<string, Alias>;
  /** Machine-recorded aliases (short-name-aliases.conf); they win over `aliases`. */
  cachedAliases: Map<string, Alias>;
  /** Sorted by prefix, one entry per prefix. */
  registries: RegistryEntry[];
  /** For messages such as "registry X is blocked in <main> or <dirs>". */
  mainFile: string;
  dropInDirs: string[];
  /** The files actually read, in order. */
  files: string[];
}

/** One file's contribution: undefined fields were not set in it. */
export interface PartialRegistriesConf {
  file: string;
  unqualifiedSearchRegistries?: string[];
  shortNameMode?: ShortNameMode;
  credentialHelpers?: string[];
  aliases: Map<string, Alias>;
  registries: RegistryEntry[];
}

export function emptyRegistriesConf(mainFile = '', dropInDirs: string[] = []): RegistriesConf {
  return {
    unqualifiedSearchRegistries: [],
    unqualifiedSearchRegistriesOrigin: '',
    shortNameMode: 'permissive',
    credentialHelpers: ['containers-auth.json'],
    aliases: new Map(),
    cachedAliases: new Map(),
    registries: [],
    mainFile,
    dropInDirs,
    files: [],
  };
}

const DOMAIN_RE = /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/;

class Invalid extends Error {}

/** Trailing slashes go; URL schemes are refused (containers/image's parseLocation). */
function parseLocation(input: string): string {
  const trimmed = input.replace(/\/+$/, '');
  if (/^https?:\/\//.test(trimmed)) throw new Invalid(`invalid location '${input}': URI schemes are not supported`);
  return trimmed;
}

function parseMode(mode: string): ShortNameMode {
  if (mode === 'enforcing' || mode === 'permissive' || mode === 'disabled') return mode;
  throw new Invalid(`invalid short-name mode: "${mode}"`);
}

function aliasNameError(name: string): string | undefined {
  let ref;
  try {
    ref = parseReference(name);
  } catch (e) {
    return `cannot parse short name: "${name}": ${(e as Error).message}`;
  }
  if (ref.digest !== undefined) return `invalid short name "${name}": must not contain digest`;
  if (ref.tag !== undefined) return `invalid short name "${name}": must not contain tag`;
  if (ref.domain !== undefined) return `invalid short name "${name}": must not contain registry`;
  return undefined;
}

function parseAliasValue(value: string): NormalizedReference | string {
  let ref;
  try {
    ref = parseReference(value);
  } catch (e) {
    return `parsing alias "${value}": ${(e as Error).message}`;
  }
  if (ref.digest !== undefined) return `invalid alias "${value}": must not contain digest`;
  if (ref.tag !== undefined) return `invalid alias "${value}": must not contain tag`;
  if (ref.domain === undefined) return `invalid alias "${value}": must contain registry and repository`;
  return normalizeName(ref);
}

/** Validates an [aliases] table; every bad entry is reported at once, as containers/image does. */
function parseAliases(table: TomlTable, origin: string): Map<string, Alias> {
  const out = new Map<string, Alias>();
  const errors: string[] = [];
  for (const [name, value] of Object.entries(table)) {
    const nameErr = aliasNameError(name);
    if (nameErr) errors.push(nameErr);
    if (typeof value !== 'string') {
      errors.push(`invalid alias "${name}": value must be a string`);
      continue;
    }
    if (value === '') {
      out.set(name, { value: undefined, origin });
      continue;
    }
    const parsed = parseAliasValue(value);
    if (typeof parsed === 'string') errors.push(parsed);
    else out.set(name, { value: parsed, origin });
  }
  if (errors.length) throw new Invalid(`validating short-name aliases: ${errors.join('; ')}`);
  return out;
}

const bool = (doc: TomlDoc, prefix: string, table: string, t: TomlTable, key: string): boolean => {
  const v = t[key];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw typeError(doc, prefix, table, key, 'boolean', v);
  return v;
};
const str = (doc: TomlDoc, prefix: string, table: string, t: TomlTable, key: string): string => {
  const v = t[key];
  if (v === undefined) return '';
  if (typeof v !== 'string') throw typeError(doc, prefix, table, key, 'string', v);
  return v;
};
const strs = (doc: TomlDoc, prefix: string, key: string): string[] | undefined => {
  const v = doc.data[key];
  if (v === undefined) return undefined;
  if (!isStringArray(v)) throw typeError(doc, prefix, undefined, key, 'array of strings', v);
  return [...v];
};
const tables = (doc: TomlDoc, prefix: string, table: string | undefined, key: string, v: unknown): TomlTable[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every(isTable)) throw typeError(doc, prefix, table, key, 'array of tables', v);
  return v;
};

const V2_KEYS = ['unqualified-search-registries', 'short-name-mode', 'credential-helpers', 'registry', 'aliases'];

/** v1's [registries.search/insecure/block] lists, converted to v2 the way containers/image converts them. */
function convertV1(doc: TomlDoc, prefix: string, v1: TomlTable): { search?: string[]; registries: RegistryEntry[] } {
  const list = (name: string): string[] => {
    const t = v1[name];
    if (t === undefined) return [];
    if (!isTable(t)) throw typeError(doc, prefix, 'registries', name, 'table', t);
    const r = t.registries;
    if (r === undefined) return [];
    if (!isStringArray(r)) throw typeError(doc, prefix, `registries.${name}`, 'registries', 'array of strings', r);
    return r;
  };
  const byLocation = new Map<string, RegistryEntry>();
  const get = (loc: string) => {
    const location = parseLocation(loc);
    let reg = byLocation.get(location);
    if (!reg) {
      reg = { prefix: location, location, insecure: false, blocked: false, mirrorByDigestOnly: false, mirrors: [] };
      byLocation.set(location, reg);
    }
    return reg;
  };
  for (const r of list('block')) get(r).blocked = true;
  for (const r of list('insecure')) get(r).insecure = true;
  const search = isTable(v1.search) && v1.search.registries !== undefined ? list('search') : undefined;
  return { ...(search ? { search } : {}), registries: [...byLocation.values()] };
}

/**
 * Parses and validates one registries.conf file. Drop-ins (`dropIn`) must be v2. Errors are one line:
 * `loading registries configuration "<file>": <what>` (or `loading drop-in registries configuration`).
 */
export function parseRegistriesConf(text: string, file: string, opts: { dropIn?: boolean } = {}): PartialRegistriesConf {
  const prefix = `loading ${opts.dropIn ? 'drop-in ' : ''}registries configuration "${file}"`;
  const doc = parseToml(text, file, prefix);
  try {
    return fromDoc(doc, prefix, opts.dropIn ?? false);
  } catch (e) {
    if (e instanceof Invalid) throw new BerthError('invalid-argument', `${prefix}: ${e.message}`);
    throw e;
  }
}

function fromDoc(doc: TomlDoc, prefix: string, dropIn: boolean): PartialRegistriesConf {
  const out: PartialRegistriesConf = { file: doc.file, aliases: new Map(), registries: [] };
  const v1 = doc.data.registries;
  const hasV1 = v1 !== undefined;
  const hasV2 = V2_KEYS.some((k) => doc.data[k] !== undefined);
  let search = strs(doc, prefix, 'unqualified-search-registries');
  if (hasV1) {
    if (dropIn) throw new Invalid('registry must be in v2 format but is in v1');
    if (hasV2) throw new Invalid('mixing sysregistry v1/v2 is not supported');
    if (!isTable(v1)) throw typeError(doc, prefix, undefined, 'registries', 'table', v1);
    const converted = convertV1(doc, prefix, v1);
    search = converted.search;
    out.registries = converted.registries;
  }

  if (search !== undefined) {
    out.unqualifiedSearchRegistries = search.map((r) => {
      const loc = parseLocation(r);
      if (!DOMAIN_RE.test(loc)) throw new Invalid(`Invalid unqualified-search-registries entry "${loc}"`);
      return loc;
    });
  }
  const helpers = strs(doc, prefix, 'credential-helpers');
  if (helpers !== undefined) out.credentialHelpers = helpers;
  const mode = doc.data['short-name-mode'];
  if (mode !== undefined) {
    if (typeof mode !== 'string') throw typeError(doc, prefix, undefined, 'short-name-mode', 'string', mode);
    if (mode !== '') out.shortNameMode = parseMode(mode);
  }
  const aliases = doc.data.aliases;
  if (aliases !== undefined) {
    if (!isTable(aliases)) throw typeError(doc, prefix, undefined, 'aliases', 'table', aliases);
    out.aliases = parseAliases(aliases, doc.file);
  }

  for (const t of tables(doc, prefix, undefined, 'registry', doc.data.registry)) {
    const location = parseLocation(str(doc, prefix, 'registry', t, 'location'));
    let regPrefix = str(doc, prefix, 'registry', t, 'prefix');
    if (regPrefix === '') {
      if (location === '') throw new Invalid('invalid condition: both location and prefix are unset');
      regPrefix = location;
    } else {
      regPrefix = parseLocation(regPrefix);
    }
    if (regPrefix.startsWith('*.') && /[/@:]/.test(regPrefix)) {
      throw new Invalid(
        `Wildcarded prefix should be in the format: *.example.com. Current prefix "${regPrefix}" is incorrectly formatted`,
      );
    }
    if (location === '' && !regPrefix.startsWith('*.')) {
      throw new Invalid(`invalid prefix '${regPrefix}' for empty location, should be in the format: *.example.com`);
    }
    if (t['pull-from-mirror'] !== undefined) {
      throw new Invalid(`pull-from-mirror must not be set for a non-mirror registry "${regPrefix}"`);
    }
    const reg: RegistryEntry = {
      prefix: regPrefix,
      location,
      insecure: bool(doc, prefix, 'registry', t, 'insecure'),
      blocked: bool(doc, prefix, 'registry', t, 'blocked'),
      mirrorByDigestOnly: bool(doc, prefix, 'registry', t, 'mirror-by-digest-only'),
      mirrors: [],
    };
    for (const m of tables(doc, prefix, 'registry', 'mirror', t.mirror)) {
      const mloc = parseLocation(str(doc, prefix, 'registry.mirror', m, 'location'));
      if (mloc === '') throw new Invalid('invalid condition: mirror location is unset');
      const pfm = str(doc, prefix, 'registry.mirror', m, 'pull-from-mirror');
      if (reg.mirrorByDigestOnly && pfm !== '') {
        throw new Invalid(
          `cannot set mirror usage mirror-by-digest-only for the registry ("${regPrefix}") and pull-from-mirror for per-mirror ("${mloc}") at the same time`,
        );
      }
      if (pfm !== '' && pfm !== 'all' && pfm !== 'digest-only' && pfm !== 'tag-only') {
        throw new Invalid(`unsupported pull-from-mirror value "${pfm}" for mirror "${mloc}"`);
      }
      reg.mirrors.push({ location: mloc, insecure: bool(doc, prefix, 'registry.mirror', m, 'insecure'), pullFromMirror: pfm });
    }
    out.registries.push(reg);
  }
  checkConflicts(out.registries);
  out.registries = uniqueSorted(out.registries);
  return out;
}

/** Entries for the same location must agree on insecure and blocked. */
function checkConflicts(regs: RegistryEntry[]): void {
  const byKey = new Map<string, RegistryEntry>();
  for (const r of regs) {
    const key = r.location || r.prefix;
    const other = byKey.get(key);
    if (!other) {
      byKey.set(key, r);
      continue;
    }
    if (other.insecure !== r.insecure) {
      throw new Invalid(`registry '${r.location}' is defined multiple times with conflicting 'insecure' setting`);
    }
    if (other.blocked !== r.blocked) {
      throw new Invalid(`registry '${r.location}' is defined multiple times with conflicting 'blocked' setting`);
    }
  }
}

/** Within one file the first entry for a prefix wins; the result is sorted by prefix. */
function uniqueSorted(regs: RegistryEntry[]): RegistryEntry[] {
  const seen = new Map<string, RegistryEntry>();
  for (const r of regs) if (!seen.has(r.prefix)) seen.set(r.prefix, r);
  return [...seen.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}

/** Applies a later file: same-prefix [[registry]] entries are replaced, set top-level keys win, aliases merge. */
export function mergeRegistriesConf(conf: RegistriesConf, part: PartialRegistriesConf): void {
  const byPrefix = new Map(conf.registries.map((r) => [r.prefix, r] as const));
  for (const r of part.registries) byPrefix.set(r.prefix, r);
  conf.registries = uniqueSorted([...byPrefix.values()]);
  // The main file is the origin of the search list even when it leaves the key unset (containers/image).
  if (part.file === conf.mainFile) conf.unqualifiedSearchRegistriesOrigin = part.file;
  if (part.unqualifiedSearchRegistries !== undefined) {
    conf.unqualifiedSearchRegistries = part.unqualifiedSearchRegistries;
    conf.unqualifiedSearchRegistriesOrigin = part.file;
  }
  if (part.credentialHelpers !== undefined) conf.credentialHelpers = part.credentialHelpers;
  if (part.shortNameMode !== undefined) conf.shortNameMode = part.shortNameMode;
  for (const [name, alias] of part.aliases) conf.aliases.set(name, alias);
  conf.files.push(part.file);
}

/** Reads the short-name alias cache (only its [aliases] table matters). */
export function parseAliasCache(text: string, file: string): Map<string, Alias> {
  const prefix = `loading short-name aliases "${file}"`;
  const doc = parseToml(text, file, prefix);
  const table = doc.data.aliases;
  if (table === undefined) return new Map();
  if (!isTable(table)) throw typeError(doc, prefix, undefined, 'aliases', 'table', table);
  try {
    return parseAliases(table, file);
  } catch (e) {
    if (e instanceof Invalid) throw new BerthError('invalid-argument', `${prefix}: ${e.message}`);
    throw e;
  }
}

/**
 * Loads registries.conf, its drop-ins and the alias cache. A missing main file is fine (drop-ins still apply),
 * like containers/image.
 */
export function loadRegistriesConf(ctx: PathContext): RegistriesConf {
  const where = registriesConfFiles(ctx);
  const conf = emptyRegistriesConf(where.main, where.dropInDirs);
  const load = (file: string, dropIn: boolean) => {
    const prefix = `loading ${dropIn ? 'drop-in ' : ''}registries configuration "${file}"`;
    const doc = readTomlFile(file, prefix);
    if (doc) mergeRegistriesConf(conf, parseRegistriesConf(doc.text, file, { dropIn }));
  };
  load(where.main, false);
  for (const f of where.dropIns) load(f, true);
  const cache = shortNameAliasCacheFile(ctx);
  const doc = readTomlFile(cache, `loading short-name aliases "${cache}"`);
  if (doc) conf.cachedAliases = parseAliasCache(doc.text, cache);
  return conf;
}

/** Every path whose content or listing loadRegistriesConf depends on (for conf-cache.ts). */
export function registriesConfInputs(ctx: PathContext): string[] {
  const where = registriesConfFiles(ctx);
  return [where.main, ...where.dropInDirs, ...where.dropIns, shortNameAliasCacheFile(ctx)];
}

/** RegistriesConf to and from JSON (its alias maps as entry lists). */
export const registriesConfCodec = {
  toJson: (c: RegistriesConf): unknown => ({ ...c, aliases: [...c.aliases], cachedAliases: [...c.cachedAliases] }),
  fromJson: (j: unknown): RegistriesConf => {
    const o = j as RegistriesConf & { aliases: [string, Alias][]; cachedAliases: [string, Alias][] };
    // JSON drops `value: undefined` (an erased alias): put the key back.
    const map = (l: [string, Alias][]) => new Map(l.map(([k, a]) => [k, { value: a.value, origin: a.origin }] as const));
    return { ...o, aliases: map(o.aliases), cachedAliases: map(o.cachedAliases) };
  },
};

/** The alias for a short name (cache first, then registries.conf); undefined if none or erased. */
export function lookupAlias(conf: RegistriesConf, name: string): Alias | undefined {
  const hit = conf.cachedAliases.get(name) ?? conf.aliases.get(name);
  return hit?.value ? hit : undefined;
}

/** How many characters of `ref` the prefix matches, or -1 (containers/image's refMatchingPrefix). */
export function prefixMatchLength(ref: string, prefix: string): number {
  if (prefix.startsWith('*.')) {
    // *.example.com matches any number of subdomains, only within the host part.
    const suffix = prefix.slice(1);
    const idx = ref.indexOf(suffix);
    if (idx <= 0 || ref.slice(0, idx).includes('/')) return -1;
    const end = idx + suffix.length;
    return end === ref.length || ':/@'.includes(ref[end]!) ? end : -1;
  }
  if (ref.length < prefix.length || !ref.startsWith(prefix)) return -1;
  if (ref.length === prefix.length) return prefix.length;
  return ':/@'.includes(ref[prefix.length]!) ? prefix.length : -1;
}

/** The [[registry]] with the longest prefix matching `name` (a repository name, `host/path`). */
export function findRegistry(conf: RegistriesConf, name: string): RegistryEntry | undefined {
  let best: RegistryEntry | undefined;
  for (const r of conf.registries) {
    if (prefixMatchLength(name, r.prefix) !== -1 && (!best || r.prefix.length > best.prefix.length)) best = r;
  }
  return best;
}
