// The CLI proper: argv → command tree → verb → exit code, errors → podman's messages and exit codes. No top-level side
// effects: src/main.ts, the entry of both bundles, calls runMain.
import { parseCommandLine, commandPath, UsageError } from './flags.ts';
import { renderHelp } from './help.ts';
import { rootCommand } from './commands.ts';
import { globalsFrom } from './globals.ts';
import { isBerthError } from '../util/errors.ts';
import { isLogLevel, setLogLevel, log, enabled } from '../util/log.ts';
import { VERSION } from '../version.ts';
import { leaveDatabasesOpenForExit } from '../state/exit-policy.ts';

function printError(message: string): void {
  process.stderr.write(`Error: ${message}\n`);
}

/** Runs one berth command line (without node and script) and resolves to its exit code; engine errors reject. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(rootCommand, argv);
  } catch (e) {
    if (e instanceof UsageError) {
      printError(e.message);
      process.stderr.write(
        e.kind === 'command' ? `Try '${e.helpPath} --help' for more information\n` : `See '${e.helpPath} --help'\n`,
      );
      return 125;
    }
    throw e;
  }
  const cmd = parsed.chain[parsed.chain.length - 1]!;
  const path = commandPath(rootCommand.name, parsed.chain);
  const level = String(parsed.flags['log-level'] ?? 'warn').replace(/^warning$/, 'warn');
  if (!isLogLevel(level)) {
    printError(`"${level}" is not a valid log level: valid levels are trace, debug, info, warn, warning, error, fatal, panic`);
    return 125;
  }
  setLogLevel(level);
  if (parsed.chain.length === 1 && parsed.flags['version'] === true) {
    process.stdout.write(`berth version ${VERSION}\n`);
    return 0;
  }
  if (parsed.help || !cmd.run) {
    process.stdout.write(`${renderHelp(cmd, path)}\n`);
    return 0;
  }
  const verb = await cmd.run();
  const code = await verb.default({
    flags: parsed.flags,
    changed: parsed.changed,
    args: parsed.args,
    globals: globalsFrom(parsed.flags),
    path,
  });
  return code ?? 0;
}

async function report(e: unknown): Promise<number> {
  // A flag value a verb rejects while converting it (pflag's own Set errors): podman's two lines, as at parse time.
  if (e instanceof UsageError) {
    printError(e.message);
    process.stderr.write(`See '${e.helpPath} --help'\n`);
    return 125;
  }
  if (isBerthError(e)) {
    printError(e.message);
    if (e.hint) process.stderr.write(`Hint: ${e.hint}\n`);
    if (enabled('debug') && e.stack) log.debug(await debugStack(e.stack));
    return e.exitCode;
  }
  const err = e as Error;
  printError(err?.message ?? String(e));
  if (enabled('debug') && err?.stack) log.debug(await debugStack(err.stack));
  return 125;
}

/** A stack trace with bundle positions mapped back to src/ (loaded only at debug level). */
async function debugStack(stack: string): Promise<string> {
  try {
    return (await import('./stack-map.ts')).mapStack(stack);
  } catch {
    return stack;
  }
}

/**
 * Runs `main` and sets process.exitCode from its result or error; the process then exits when its work is done, through
 * process.exit() so that the state database is not checkpointed and closed on the way out (state/exit-policy.ts).
 */
export function runMain(argv: readonly string[]): Promise<void> {
  leaveDatabasesOpenForExit();
  process.once('beforeExit', () => process.exit());
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    async (e: unknown) => {
      process.exitCode = await report(e);
    },
  );
}
