// `berth rename CONTAINER NAME`.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { usageError } from './run-each.ts';

export default async function rename(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 2) throw usageError(`accepts 2 arg(s), received ${ctx.args.length}`);
  const engine = await getEngine(ctx.globals);
  try {
    await engine.containers.rename(ctx.args[0]!, ctx.args[1]!);
    return 0;
  } finally {
    await engine.close();
  }
}
