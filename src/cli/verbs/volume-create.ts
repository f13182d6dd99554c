// `berth volume create [options] [NAME]`: prints the new volume's name.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { optionMap } from '../../volume/options.ts';
import { usage, labelMap } from './volume-common.ts';

export default async function volumeCreate(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 1) throw usage(`accepts at most 1 arg(s), received ${ctx.args.length}`);
  const engine = await getEngine(ctx.globals);
  try {
    const name = await engine.volumes.create({
      name: ctx.args[0] ?? '',
      driver: ctx.flags['driver'] as string,
      labels: labelMap(ctx.flags['label'] as string[]),
      options: optionMap(ctx.flags['opt'] as string[]),
    });
    process.stdout.write(`${name}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
