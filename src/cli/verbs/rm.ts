// `berth rm [-f] [-v] [-a] [-i] [-t N] [--depend] CONTAINER...`: removes containers; 1 for no such container, 2 when running.
import type { CommandContext } from '../command.ts';
import type { RemoveOptions } from '../../engine/containers.ts';
import { getEngine } from '../../engine/index.ts';
import { isBerthError } from '../../util/errors.ts';
import { forEach, inputs } from './run-each.ts';

export default async function rm(ctx: CommandContext): Promise<number> {
  const timeout = ctx.changed.has('time') ? (ctx.flags['time'] as number) : undefined;
  const opts: RemoveOptions = { force: ctx.flags['force'] === true, volumes: ctx.flags['volumes'] === true, ...(timeout === undefined ? {} : { timeout }) };
  // As podman: --all already removes everything (dependents first, newest first), so --depend only matters without it.
  if (ctx.flags['depend'] === true && ctx.flags['all'] !== true) return rmDepend(ctx, opts);
  return forEach(ctx, { notFoundCode: 1, print: 'none' }, async (engine, input) => {
    await engine.containers.remove(input, opts);
    process.stdout.write(`${input}\n`);
  });
}

/**
 * --depend: each container with everything depending on it; prints every removed ID (podman prints IDs here). As podman,
 * every input is looked up first (one missing: nothing is removed, exit 1), and a container is removed once.
 */
async function rmDepend(ctx: CommandContext, opts: RemoveOptions): Promise<number> {
  const engine = await getEngine(ctx.globals);
  let code = 0;
  const fail = (message: string, exitCode: number) => {
    process.stderr.write(`Error: ${message}\n`);
    code = exitCode;
  };
  try {
    const ids: string[] = [];
    for (const input of await inputs(ctx, engine, {})) {
      try {
        ids.push(await engine.containers.lookup(input));
      } catch (e) {
        if (!isBerthError(e) || e.code !== 'not-found') throw e;
        if (ctx.flags['ignore'] === true) continue;
        fail(e.message, e.exitCode === 125 ? 1 : e.exitCode);
        return code;
      }
    }
    const done = new Set<string>();
    for (const id of ids) {
      if (done.has(id)) continue;
      try {
        for (const r of await engine.containers.removeWithDependents(id, opts)) {
          if (r.Err) {
            fail(r.Err.message, r.Err.exitCode);
          } else {
            done.add(r.Id);
            process.stdout.write(`${r.Id}\n`);
          }
        }
      } catch (e) {
        if (!isBerthError(e)) throw e;
        if (e.code !== 'not-found') fail(e.message, e.exitCode); // not-found: removed meanwhile, nothing to do
      }
    }
    return code;
  } finally {
    await engine.close();
  }
}
