// `berth network rm [-f] NETWORK...`: prints each removed name; exit 1 for no such network, 2 for in use.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';

export default async function networkRm(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0) throw new BerthError('invalid-argument', 'requires at least 1 arg(s), only received 0');
  const engine = await getEngine(ctx.globals);
  try {
    let code = 0;
    for (const r of await engine.networks.remove(ctx.args, { force: ctx.flags['force'] as boolean, ...(ctx.changed.has('time') ? { timeout: ctx.flags['time'] as number } : {}) })) {
      if (!r.Err) process.stdout.write(`${r.Name}\n`);
      else {
        process.stderr.write(`Error: ${r.Err}\n`);
        code = r.ExitCode ?? 125;
      }
    }
    return code;
  } finally {
    await engine.close();
  }
}
