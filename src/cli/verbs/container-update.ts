// `berth [container] update --publish-add SPEC --publish-rm PORT CONTAINER`: prints the container id, as podman's update.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { usageError } from './run-each.ts';

export default async function update(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw usageError(`accepts 1 arg(s), received ${ctx.args.length}`);
  const add = (ctx.flags['publish-add'] as string[] | undefined) ?? [];
  const rm = (ctx.flags['publish-rm'] as string[] | undefined) ?? [];
  if (!add.length && !rm.length) throw usageError('nothing to update: use --publish-add or --publish-rm');
  const engine = await getEngine(ctx.globals);
  try {
    await engine.containers.updatePorts(ctx.args[0]!, { add, rm });
    process.stdout.write(`${await engine.containers.lookup(ctx.args[0]!)}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
