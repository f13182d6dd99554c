// `berth image exists IMAGE`: exit 0 when the image is in the local store, 1 when not; no output.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { exactArgs } from './image-args.ts';

export default async function imageExists(ctx: CommandContext): Promise<number> {
  exactArgs(ctx.args, 1);
  const engine = await getEngine(ctx.globals);
  try {
    return (await engine.images.exists(ctx.args[0]!)) ? 0 : 1;
  } finally {
    await engine.close();
  }
}
