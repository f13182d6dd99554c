// `berth image tree IMAGE`: the image's layers (or with --whatrequires its descendants) drawn as podman's tree.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { exactArgs } from './image-args.ts';

export default async function imageTree(ctx: CommandContext): Promise<number> {
  exactArgs(ctx.args, 1);
  const engine = await getEngine(ctx.globals);
  try {
    process.stdout.write(await engine.images.tree(ctx.args[0]!, { whatRequires: ctx.flags['whatrequires'] as boolean }));
    return 0;
  } finally {
    await engine.close();
  }
}
