// `berth network prune [-f] [--filter]`: podman's warning and [y/N] prompt, then the names removed.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { confirm } from '../prompt.ts';

export default async function networkPrune(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 0) throw new BerthError('invalid-argument', `\`${ctx.path}\` takes no arguments`);
  if (!ctx.flags['force']) {
    if (!confirm('WARNING! This will remove all networks not used by at least one container.\nAre you sure you want to continue? [y/N] ')) return 0;
  }
  const engine = await getEngine(ctx.globals);
  try {
    let code = 0;
    for (const r of await engine.networks.prune({ filters: ctx.flags['filter'] as string[] })) {
      if (r.Error) {
        process.stderr.write(`Error: ${r.Error}\n`);
        code = 125;
      } else process.stdout.write(`${r.Name}\n`);
    }
    return code;
  } finally {
    await engine.close();
  }
}
