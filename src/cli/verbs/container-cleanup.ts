// `berth container cleanup [--rm] CONTAINER...`: conmon's exit command; also safe to run by hand. Idempotent.
import type { CommandContext } from '../command.ts';
import { forEach } from './run-each.ts';

export default async function cleanup(ctx: CommandContext): Promise<number> {
  const rm = ctx.flags['rm'] === true;
  return forEach(ctx, { all: (c) => c.State !== 'running' && c.State !== 'paused' }, async (engine, input) => {
    await engine.containers.cleanup(input, { rm });
  });
}
