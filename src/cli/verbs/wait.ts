// `berth wait [--condition C] [-i INTERVAL] CONTAINER...`: blocks until each container meets a condition, prints exit codes.
import type { CommandContext } from '../command.ts';
import type { WaitCondition } from '../../engine/containers.ts';
import { BerthError } from '../../util/errors.ts';
import { parseDelay } from './pull.ts';
import { forEach, usageError } from './run-each.ts';

// podman 4.3 knows no healthy/unhealthy condition (no healthchecks here either): refused as an unknown state, as podman does.
const CONDITIONS = ['configured', 'created', 'exited', 'initialized', 'paused', 'removing', 'running', 'stopped', 'stopping'];

export default async function wait(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0 && ctx.flags['latest'] !== true) throw usageError('"berth wait" requires a name, id, or the "--latest" flag');
  const conditions = (ctx.flags['condition'] as string[]).map((c) => {
    if (!CONDITIONS.includes(c)) throw new BerthError('invalid-argument', `unknown container state: ${c}: invalid argument`);
    return c as WaitCondition;
  });
  const raw = ctx.flags['interval'] as string;
  const intervalMs = /^\d+$/.test(raw) ? Number(raw) : parseDelay(raw);
  return forEach(ctx, { print: 'result' }, async (engine, input) => String(await engine.containers.wait(input, { conditions, intervalMs })));
}
