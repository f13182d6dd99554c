// `berth pause [-a] CONTAINER...`: freezes containers (runc pause).
import type { CommandContext } from '../command.ts';
import { forEach } from './run-each.ts';

export default async function pause(ctx: CommandContext): Promise<number> {
  return forEach(ctx, { all: (c) => c.State === 'running' }, async (engine, input) => {
    await engine.containers.pause(input);
  });
}
