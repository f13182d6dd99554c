// The command tree's types: verbs, their flags (pflag-compatible kinds) and the context a verb runs with.
import type { GlobalOptions } from './globals.ts';

export type FlagKind = 'bool' | 'string' | 'stringArray' | 'stringSlice' | 'int' | 'uint' | 'float';
export type FlagValue = boolean | string | string[] | number;

export interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
  help: string;
  /** Default shown in --help and used when the flag is absent. */
  default?: FlagValue;
  /** Placeholder shown in --help instead of the kind name (pflag's "varname"). */
  valueName?: string;
  hidden?: boolean;
}

export interface CommandContext {
  /** Flag values by long name (defaults filled in). */
  flags: Record<string, FlagValue>;
  /** Names of flags the user set explicitly. */
  changed: Set<string>;
  args: string[];
  globals: GlobalOptions;
  /** The full command path, e.g. "berth image ls", for messages. */
  path: string;
}

export interface CommandSpec {
  name: string;
  aliases?: string[];
  /** One line for the command list. */
  summary: string;
  /** Longer text for --help (defaults to summary). */
  description?: string;
  /** Usage after the command path, e.g. "[options] IMAGE [COMMAND [ARG...]]". */
  usage?: string;
  examples?: string[];
  flags?: FlagSpec[];
  /** Flags accepted by this command and every command below it (the root's global flags). */
  persistentFlags?: FlagSpec[];
  /** false: flags after the first positional belong to the arguments (run, exec). */
  interspersed?: boolean;
  subcommands?: CommandSpec[];
  /** Loads the implementation on demand, so start-up parses only what it needs. */
  run?: () => Promise<{ default: (ctx: CommandContext) => Promise<number | void> }>;
  hidden?: boolean;
}
