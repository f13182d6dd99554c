// A short name the user picks interactively: when to ask, what to pull then, and the alias cache entry it records.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ShortNameChooser } from '../engine/images.ts';
import type { RegistriesConf } from '../config/registries-conf.ts';
import { parseAliasCache } from '../config/registries-conf.ts';
import { lockExclusive } from '../sys/flock.ts';
import { BerthError } from '../util/errors.ts';
import { parseReference, repositoryName, toString, type NormalizedReference } from './reference.ts';
import { localCandidates, resolveShortName } from './resolve.ts';

export interface ShortNameChoice {
  /** What to pull: fully qualified (the tag or digest typed is kept; `:latest` added when none). */
  reference: NormalizedReference;
  /** The alias to record once the pull succeeded (`library/busybox` → `127.0.0.1:5000/library/busybox`), if any. */
  alias?: { name: string; value: string };
}

/**
 * Decides what a pull of `input` should fetch when the user can be asked: undefined when no question is needed (fully
 * qualified name, alias, a single search registry, short-name-mode disabled) and the ordinary resolution applies.
 * As podman 4.3 does, a short name already in local storage under one of its search candidates is pulled under that
 * name without asking (and nothing is recorded); otherwise `choose` gets the candidates and the pick is recorded as
 * an alias after the pull. `isLocal` says whether a fully qualified name is in the store.
 */
export async function chooseShortName(
  input: string,
  conf: RegistriesConf,
  choose: ShortNameChooser,
  isLocal: (name: string) => boolean,
): Promise<ShortNameChoice | undefined> {
  const res = resolveShortName(input, conf, { tty: true });
  if (!res.needsPrompt) return undefined;
  const ref = parseReference(input);
  if (ref.digest === undefined) {
    const local = localCandidates(input, conf).find((c) => c.domain !== 'localhost' && isLocal(toString(c)));
    if (local) return { reference: local };
  }
  const names = res.candidates.map(toString);
  const picked = await choose(names);
  const i = names.indexOf(picked);
  if (i < 0) throw new BerthError('internal', `short-name selection returned ${JSON.stringify(picked)}, not one of the candidates`);
  const reference = res.candidates[i]!;
  return { reference, alias: { name: res.userInput, value: repositoryName(reference) } };
}

const quote = (s: string) => JSON.stringify(s); // TOML basic strings: the names are references, plain ASCII

/** The alias cache file's text for these aliases (sorted, as podman's TOML encoder writes them). */
export function aliasCacheText(aliases: ReadonlyMap<string, string>): string {
  const keys = [...aliases.keys()].sort();
  return `[aliases]\n${keys.map((k) => `  ${quote(k)} = ${quote(aliases.get(k)!)}\n`).join('')}`;
}

/**
 * Adds `name = value` to the short-name alias cache (containers/image's short-name-aliases.conf) under its lock file,
 * keeping the other entries; written beside and renamed, mode 0600 like podman's.
 */
export async function recordShortNameAlias(file: string, name: string, value: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const unlock = await lockExclusive(`${file}.lock`);
  try {
    const aliases = new Map<string, string>();
    if (existsSync(file)) {
      for (const [k, a] of parseAliasCache(readFileSync(file, 'utf8'), file)) {
        if (a.value) aliases.set(k, repositoryName(a.value));
      }
    }
    aliases.set(name, value);
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, aliasCacheText(aliases), { mode: 0o600 });
    renameSync(tmp, file);
  } finally {
    unlock();
  }
}
