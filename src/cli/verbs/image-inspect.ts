// `berth image inspect`: podman's ImageData as 5-space-indented JSON, or a Go template per image.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { formatInspect } from '../../format/report.ts';
import { asStructs } from '../output.ts';
import { minArgs } from './image-args.ts';

// Go maps inside ImageData (everything else is a struct: a missing field is a template error).
const MAP_PATHS = new Set(['Labels', 'Annotations', 'GraphDriver.Data', 'Config.Labels', 'Config.ExposedPorts', 'Config.Volumes']);

export default async function imageInspect(ctx: CommandContext): Promise<number> {
  minArgs(ctx.args, 1);
  const engine = await getEngine(ctx.globals);
  try {
    const { images, errors } = await engine.images.inspect(ctx.args);
    const format = ctx.flags['format'] as string;
    process.stdout.write(formatInspect(format ? images.map((i) => asStructs(i, MAP_PATHS)) : images, format));
    if (errors.length === 0) return 0;
    for (const e of errors.slice(1)) process.stderr.write(`error inspecting object: ${e}\n`);
    throw new BerthError('not-found', `inspecting object: ${errors[0]}`);
  } finally {
    await engine.close();
  }
}
