// `berth create`: creates a container from an image (pulling per --pull) and prints its ID.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { createOptionsFrom } from './run-options.ts';
import { createFromFlags } from './run.ts';

export default async function create(ctx: CommandContext): Promise<number> {
  const o = createOptionsFrom(ctx);
  const engine = await getEngine(ctx.globals);
  try {
    process.stdout.write(`${await createFromFlags(engine, o)}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
