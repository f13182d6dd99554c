// `berth create`: creates a container from an image (pulling per --pull) and prints its ID (not for passthrough logging).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { createOptionsFrom } from './run-options.ts';
import { createFromFlags, passthroughChecked } from './run.ts';

export default async function create(ctx: CommandContext): Promise<number> {
  const o = createOptionsFrom(ctx);
  const engine = await getEngine(ctx.globals);
  try {
    const passthrough = await passthroughChecked(engine, o);
    const id = await createFromFlags(engine, o);
    if (!passthrough) process.stdout.write(`${id}\n`); // as podman: the container's output will go there
    return 0;
  } finally {
    await engine.close();
  }
}
