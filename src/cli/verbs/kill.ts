// `berth kill [-s SIGNAL] [-a] CONTAINER...`: sends a signal (default KILL) to each container's init.
import type { CommandContext } from '../command.ts';
import { forEach } from './run-each.ts';

export default async function kill(ctx: CommandContext): Promise<number> {
  const signal = (ctx.flags['signal'] as string) || 'KILL';
  return forEach(ctx, { all: (c) => c.State === 'running' || c.State === 'paused' }, async (engine, input) => {
    await engine.containers.kill(input, signal);
  });
}
