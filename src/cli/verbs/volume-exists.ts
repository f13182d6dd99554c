// `berth volume exists VOLUME`: exit 0 when it exists, 1 when not; prints nothing.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { usage } from './volume-common.ts';

export default async function volumeExists(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw usage(`accepts 1 arg(s), received ${ctx.args.length}`);
  const engine = await getEngine(ctx.globals);
  try {
    return (await engine.volumes.exists(ctx.args[0]!)) ? 0 : 1;
  } finally {
    await engine.close();
  }
}
