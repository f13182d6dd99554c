// `berth untag` / `image untag IMAGE [NAME...]`: removes the names, or all of them when none are given.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { minArgs } from './image-args.ts';

export default async function untag(ctx: CommandContext): Promise<number> {
  minArgs(ctx.args, 1);
  const engine = await getEngine(ctx.globals);
  try {
    await engine.images.untag(ctx.args[0]!, ctx.args.slice(1));
    return 0;
  } finally {
    await engine.close();
  }
}
