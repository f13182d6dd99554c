// `berth logs`: -f (ends when the container exits), --tail, --since, --until, -t, -n/--names, several containers, -l.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { parseTimeFilter } from '../../container/filters.ts';
import { BerthError } from '../../util/errors.ts';
import { targets } from './ps-shared.ts';

function timeFlag(ctx: CommandContext, name: string): Date | undefined {
  if (!ctx.changed.has(name)) return undefined;
  const v = ctx.flags[name] as string;
  try {
    return new Date(parseTimeFilter(v));
  } catch {
    throw new BerthError('invalid-argument', `parsing --${name} "${v}": unable to interpret time value`);
  }
}

export default async function logs(ctx: CommandContext): Promise<number> {
  if (ctx.changed.has('color')) throw new BerthError('invalid-argument', '--color is not supported by berth yet');
  const since = timeFlag(ctx, 'since');
  const until = timeFlag(ctx, 'until');
  const tail = ctx.flags['tail'] as number;
  const engine = await getEngine(ctx.globals);
  try {
    const names = await targets(ctx, engine, { verb: 'logs' });
    await engine.containers.logs(names, {
      follow: ctx.flags['follow'] === true, timestamps: ctx.flags['timestamps'] === true, names: ctx.flags['names'] === true,
      ...(tail >= 0 ? { tail } : {}), ...(since ? { since } : {}), ...(until ? { until } : {}),
    }, { stdout: process.stdout, stderr: process.stderr });
    return 0;
  } finally {
    await engine.close();
  }
}
