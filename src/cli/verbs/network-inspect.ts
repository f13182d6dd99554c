// `berth network inspect`: the definitions as podman prints them (JSON array, or a template per network).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { formatInspect } from '../../format/report.ts';
import { asStructs } from '../output.ts';
import { BerthError } from '../../util/errors.ts';

export default async function networkInspect(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0) throw new BerthError('invalid-argument', 'requires at least 1 arg(s), only received 0');
  const engine = await getEngine(ctx.globals);
  try {
    const { networks, errors } = await engine.networks.inspect(ctx.args);
    const format = ctx.flags['format'] as string;
    const maps = new Set(['labels', 'options', 'ipam_options']);
    process.stdout.write(formatInspect(format && format !== 'json' ? networks.map((n) => asStructs(n, maps)) : networks, format));
    if (errors.length) {
      for (const e of errors.slice(0, -1)) process.stderr.write(`Error: ${e}\n`);
      throw new BerthError('not-found', `inspecting object: ${errors[errors.length - 1]}`);
    }
    return 0;
  } finally {
    await engine.close();
  }
}
