// `berth restart [-t N] [-a] [--running] CONTAINER...`: stop (if running) then start.
import type { CommandContext } from '../command.ts';
import { forEach } from './run-each.ts';
import { startFailure } from './start-failure.ts';

export default async function restart(ctx: CommandContext): Promise<number> {
  const timeout = ctx.changed.has('time') ? (ctx.flags['time'] as number) : undefined;
  const running = ctx.flags['running'] === true;
  return forEach(ctx, { all: (c) => !running || c.State === 'running' }, async (engine, input) => {
    await engine.containers.restart(input, timeout === undefined ? {} : { timeout }).catch(async (e: unknown) => {
      throw await startFailure(engine, input, e, 'none');
    });
  });
}
