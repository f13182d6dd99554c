// `berth stop [-t N] [-a] CONTAINER...`: stop signal, then SIGKILL after the timeout; prints each name as given.
import type { CommandContext } from '../command.ts';
import { forEach } from './run-each.ts';

export default async function stop(ctx: CommandContext): Promise<number> {
  const timeout = ctx.changed.has('time') ? (ctx.flags['time'] as number) : undefined;
  return forEach(ctx, { all: (c) => c.State === 'running' || c.State === 'paused' }, async (engine, input) => {
    await engine.containers.stop(input, timeout === undefined ? {} : { timeout });
  });
}
