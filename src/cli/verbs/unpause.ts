// `berth unpause [-a] CONTAINER...`: thaws paused containers (runc resume).
import type { CommandContext } from '../command.ts';
import { forEach } from './run-each.ts';

export default async function unpause(ctx: CommandContext): Promise<number> {
  return forEach(ctx, { all: (c) => c.State === 'paused' }, async (engine, input) => {
    await engine.containers.unpause(input);
  });
}
