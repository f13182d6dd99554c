// The berth CLI entry: parses argv against the command tree, runs the verb, maps errors to podman's exit codes.
import { enableCompileCache } from 'node:module';
import { parseCommandLine, commandPath, UsageError } from './cli/flags.ts';
import { renderHelp } from './cli/help.ts';
import { rootCommand } from './cli/commands.ts';
import { globalsFrom } from './cli/globals.ts';
import { isBerthError } from './util/errors.ts';
import { isLogLevel, setLogLevel, log, enabled } from './util/log.ts';
import { VERSION } from './version.ts';

enableCompileCache?.();

function printError(message: string): void {
  process.stderr.write(`Error: ${message}\n`);
}

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

function report(e: unknown): number {
  if (isBerthError(e)) {
    printError(e.message);
    if (e.hint) process.stderr.write(`Hint: ${e.hint}\n`);
    if (enabled('debug') && e.stack) log.debug(e.stack);
    return e.exitCode;
  }
  const err = e as Error;
  printError(err?.message ?? String(e));
  if (enabled('debug') && err?.stack) log.debug(err.stack);
  return 125;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = report(e);
  },
);
