// `berth container exists CONTAINER`: exit 0 when it exists, 1 when not; nothing printed.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';

export default async function containerExists(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw new BerthError('invalid-argument', `accepts 1 arg(s), received ${ctx.args.length}`);
  const engine = await getEngine(ctx.globals);
  try {
    return (await engine.containers.exists(ctx.args[0]!)) ? 0 : 1;
  } finally {
    await engine.close();
  }
}
