// `berth rm [-f] [-v] [-a] [-i] [-t N] CONTAINER...`: removes containers; 1 for no such container, 2 when running.
import type { CommandContext } from '../command.ts';
import { forEach, usageError } from './run-each.ts';

export default async function rm(ctx: CommandContext): Promise<number> {
  if (ctx.flags['depend'] === true) throw usageError('--depend is not supported by berth yet (no pods or dependencies)');
  const timeout = ctx.changed.has('time') ? (ctx.flags['time'] as number) : undefined;
  return forEach(ctx, { notFoundCode: 1, print: 'none' }, async (engine, input) => {
    await engine.containers.remove(input, {
      force: ctx.flags['force'] === true, volumes: ctx.flags['volumes'] === true, ...(timeout === undefined ? {} : { timeout }),
    });
    process.stdout.write(`${input}\n`);
  });
}
