// `berth container prune [-f] [--filter until=|label=]`: removes every non-running container, prints the removed IDs.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { confirm } from '../prompt.ts';

export default async function containerPrune(ctx: CommandContext): Promise<number> {
  if (ctx.args.length) throw new BerthError('invalid-argument', `\`${ctx.path}\` takes no arguments`);
  if (ctx.flags['force'] !== true && !confirm('WARNING! This will remove all non running containers.\nAre you sure you want to continue? [y/N] ')) return 0;
  const engine = await getEngine(ctx.globals);
  try {
    const reports = await engine.containers.prune(ctx.flags['filter'] as string[]);
    let code = 0;
    for (const r of reports) {
      if (r.Err) {
        process.stderr.write(`Error: ${r.Err}\n`);
        code = 125;
      } else {
        process.stdout.write(`${r.Id}\n`);
      }
    }
    return code;
  } finally {
    await engine.close();
  }
}
