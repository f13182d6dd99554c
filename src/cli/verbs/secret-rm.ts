// `berth secret rm [-a] SECRET...`: prints each removed secret's ID; podman's last error decides the exit code (125).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { printRemovals } from './removal-reports.ts';

export default async function secretRm(ctx: CommandContext): Promise<number> {
  const all = ctx.flags['all'] as boolean;
  if ((all && ctx.args.length > 0) || (!all && ctx.args.length === 0)) {
    throw new BerthError('invalid-argument', `\`${ctx.path}\` requires one argument, or the --all flag`);
  }
  const engine = await getEngine(ctx.globals);
  try {
    const reports = await engine.secrets.remove(ctx.args, { all });
    return printRemovals(reports);
  } finally {
    await engine.close();
  }
}
