// `berth tag` / `image tag IMAGE TARGET...`: adds names (short names land in localhost/).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { minArgs } from './image-args.ts';

export default async function tag(ctx: CommandContext): Promise<number> {
  minArgs(ctx.args, 2);
  const engine = await getEngine(ctx.globals);
  try {
    await engine.images.tag(ctx.args[0]!, ctx.args.slice(1));
    return 0;
  } finally {
    await engine.close();
  }
}
