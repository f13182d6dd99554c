// `berth init [-a] CONTAINER...`: prepares containers (mounts, spec, conmon + runc create) without starting them.
import type { CommandContext } from '../command.ts';
import { forEach } from './run-each.ts';
import { startFailure } from './start-failure.ts';

export default async function init(ctx: CommandContext): Promise<number> {
  return forEach(ctx, { all: (c) => c.State === 'created' || c.State === 'exited' || c.State === 'stopped' }, async (engine, input) => {
    await engine.containers.init(input).catch(async (e: unknown) => {
      throw await startFailure(engine, input, e, 'none');
    });
  });
}
