// Parses argv against the command tree with pflag/cobra semantics and pflag's error wording.
import type { CommandSpec, FlagSpec, FlagValue } from './command.ts';

export class UsageError extends Error {
  /** The command path whose --help the message points to. */
  readonly helpPath: string;
  readonly kind: 'flag' | 'command';
  constructor(message: string, helpPath: string, kind: 'flag' | 'command' = 'flag') {
    super(message);
    this.helpPath = helpPath;
    this.kind = kind;
  }
}

export interface ParseResult {
  /** Root first, the selected command last. */
  chain: CommandSpec[];
  flags: Record<string, FlagValue>;
  changed: Set<string>;
  args: string[];
  help: boolean;
}

const describeFlag = (f: FlagSpec) => (f.short ? `-${f.short}, --${f.name}` : `--${f.name}`);

function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  return undefined;
}

/** Splits a pflag stringSlice value: comma-separated, with CSV double quotes. */
export function splitCsv(v: string): string[] {
  if (v === '') return [];
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (quoted) {
      if (c === '"' && v[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; }
    else cur += c;
  }
  out.push(cur);
  return out;
}

function defaultOf(f: FlagSpec): FlagValue {
  if (f.default !== undefined) return Array.isArray(f.default) ? [...f.default] : f.default;
  switch (f.kind) {
    case 'bool': return false;
    case 'string': return '';
    case 'int': case 'uint': case 'float': return 0;
    default: return [];
  }
}

class FlagSet {
  readonly byName = new Map<string, FlagSpec>();
  readonly byShort = new Map<string, FlagSpec>();
  add(flags: readonly FlagSpec[] = []): void {
    for (const f of flags) {
      this.byName.set(f.name, f);
      if (f.short) this.byShort.set(f.short, f);
    }
  }
}

function setValue(
  f: FlagSpec, raw: string, values: Record<string, FlagValue>, changed: Set<string>, helpPath: string,
): void {
  const bad = (why: string) =>
    new UsageError(`invalid argument "${raw}" for "${describeFlag(f)}" flag: ${why}`, helpPath);
  switch (f.kind) {
    case 'bool': {
      const b = parseBool(raw);
      if (b === undefined) throw bad(`strconv.ParseBool: parsing "${raw}": invalid syntax`);
      values[f.name] = b;
      break;
    }
    case 'string':
      values[f.name] = raw;
      break;
    case 'int':
    case 'uint': {
      const re = f.kind === 'uint' ? /^\+?\d+$/ : /^[+-]?\d+$/;
      const fn = f.kind === 'uint' ? 'ParseUint' : 'ParseInt';
      if (!re.test(raw)) throw bad(`strconv.${fn}: parsing "${raw}": invalid syntax`);
      values[f.name] = Number(raw);
      break;
    }
    case 'float': {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) {
        throw bad(`strconv.ParseFloat: parsing "${raw}": invalid syntax`);
      }
      values[f.name] = Number(raw);
      break;
    }
    case 'stringArray': {
      const prev = changed.has(f.name) ? (values[f.name] as string[]) : [];
      values[f.name] = [...prev, raw];
      break;
    }
    case 'stringSlice': {
      const prev = changed.has(f.name) ? (values[f.name] as string[]) : [];
      values[f.name] = [...prev, ...splitCsv(raw)];
      break;
    }
  }
  changed.add(f.name);
}

function findSub(cmd: CommandSpec, word: string): CommandSpec | undefined {
  return cmd.subcommands?.find((c) => c.name === word || c.aliases?.includes(word));
}

export const commandPath = (rootName: string, chain: CommandSpec[]) =>
  [rootName, ...chain.slice(1).map((c) => c.name)].join(' ');

/** Parses argv (without the program name) against the tree rooted at `root`. */
export function parseCommandLine(root: CommandSpec, argv: readonly string[]): ParseResult {
  const chain: CommandSpec[] = [root];
  const known = new FlagSet();
  known.add(root.persistentFlags);
  known.add(root.flags);
  const values: Record<string, FlagValue> = {};
  const changed = new Set<string>();
  const args: string[] = [];
  let help = false;
  const current = () => chain[chain.length - 1]!;
  const helpPath = () => commandPath(root.name, chain);

  let i = 0;
  let rest = false;
  while (i < argv.length) {
    const tok = argv[i++]!;
    if (rest) { args.push(tok); continue; }
    if (tok === '--') {
      rest = true;
      continue;
    }
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      const name = eq >= 0 ? tok.slice(2, eq) : tok.slice(2);
      if (name === 'help') { help = true; continue; }
      const f = known.byName.get(name);
      if (!f) throw new UsageError(`unknown flag: --${name}`, helpPath());
      if (eq >= 0) setValue(f, tok.slice(eq + 1), values, changed, helpPath());
      else if (f.kind === 'bool') setValue(f, 'true', values, changed, helpPath());
      else if (i < argv.length) setValue(f, argv[i++]!, values, changed, helpPath());
      else throw new UsageError(`flag needs an argument: --${name}`, helpPath());
      continue;
    }
    if (tok.startsWith('-') && tok.length > 1) {
      const letters = tok.slice(1);
      for (let j = 0; j < letters.length; j++) {
        const c = letters[j]!;
        if (c === 'h' && !known.byShort.has('h')) { help = true; continue; }
        const f = known.byShort.get(c);
        if (!f) throw new UsageError(`unknown shorthand flag: '${c}' in ${tok}`, helpPath());
        if (f.kind === 'bool') {
          if (letters[j + 1] === '=') { setValue(f, letters.slice(j + 2), values, changed, helpPath()); break; }
          setValue(f, 'true', values, changed, helpPath());
          continue;
        }
        let v = letters.slice(j + 1);
        if (v.startsWith('=')) v = v.slice(1);
        else if (v === '') {
          if (i >= argv.length) throw new UsageError(`flag needs an argument: '${c}' in ${tok}`, helpPath());
          v = argv[i++]!;
        }
        setValue(f, v, values, changed, helpPath());
        break;
      }
      continue;
    }
    // A positional word: a subcommand while we are still descending, else an argument.
    const cmd = current();
    const sub = args.length === 0 ? findSub(cmd, tok) : undefined;
    if (sub) {
      chain.push(sub);
      known.add(sub.persistentFlags);
      known.add(sub.flags);
      continue;
    }
    if (args.length === 0 && cmd.subcommands?.length && !cmd.run) {
      throw new UsageError(`unrecognized command \`${helpPath()} ${tok}\``, helpPath(), 'command');
    }
    args.push(tok);
    if (cmd.interspersed === false) rest = true;
  }

  // Fill in defaults for every flag the selected command accepts.
  for (const c of chain) {
    for (const f of [...(c.persistentFlags ?? []), ...(c === current() ? c.flags ?? [] : [])]) {
      if (!(f.name in values)) values[f.name] = defaultOf(f);
    }
  }
  return { chain, flags: values, changed, args, help };
}
