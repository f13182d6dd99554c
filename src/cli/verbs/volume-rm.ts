// `berth volume rm [-a] [-f] [-t] VOLUME...`: prints each removed name; exit 1 for no such volume, 2 for in use.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { usage } from './volume-common.ts';
import { printRemovals } from './removal-reports.ts';

export default async function volumeRm(ctx: CommandContext): Promise<number> {
  const all = ctx.flags['all'] as boolean;
  if ((all && ctx.args.length > 0) || (!all && ctx.args.length === 0)) throw usage('choose either one or more volumes or all');
  const engine = await getEngine(ctx.globals);
  try {
    const reports = await engine.volumes.remove(ctx.args, {
      all,
      force: ctx.flags['force'] as boolean,
      ...(ctx.changed.has('time') ? { timeout: ctx.flags['time'] as number } : {}),
    });
    return printRemovals(reports);
  } finally {
    await engine.close();
  }
}
