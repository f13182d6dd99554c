// Shared by the read-side verbs: --latest resolution and the container-or-args rule (podman's wording).
import type { CommandContext } from '../command.ts';
import type { Engine } from '../../engine/types.ts';
import { BerthError } from '../../util/errors.ts';

/**
 * The most recently created container's id (podman's --latest), among those `filters` select when given. With none,
 * the read-side verbs' error unless `notFound` words it otherwise (the lifecycle verbs say "no such container").
 */
export async function latestId(engine: Engine, o: { filters?: string[]; notFound?: string; notFoundCode?: number } = {}): Promise<string> {
  const [c] = await engine.containers.ps({ latest: true, ...(o.filters?.length ? { filters: o.filters } : {}) });
  if (!c) {
    throw new BerthError('not-found', o.notFound ?? 'no containers to act on: no such container', o.notFoundCode ? { exitCode: o.notFoundCode } : {});
  }
  return c.Id;
}

/** The names to act on: the args, or the latest container with -l (not both). */
export async function targets(ctx: CommandContext, engine: Engine, o: { max?: number; verb: string }): Promise<string[]> {
  const latest = ctx.flags['latest'] === true;
  if (latest && ctx.args.length) throw new BerthError('invalid-argument', '--latest and containers cannot be used together');
  if (latest) return [await latestId(engine)];
  if (!ctx.args.length) throw new BerthError('invalid-argument', `${o.verb} requires at least one argument`);
  if (o.max !== undefined && ctx.args.length > o.max) {
    throw new BerthError('invalid-argument', `accepts at most ${o.max} arg(s), received ${ctx.args.length}`);
  }
  return ctx.args;
}
