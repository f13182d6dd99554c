// `berth start [-a] [-i] CONTAINER...`: starts containers; with -a attaches to one and exits with its exit code.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { localStreams } from '../terminal.ts';
import { forEach, inputs, usageError } from './run-each.ts';
import { startFailure } from './start-failure.ts';

export default async function start(ctx: CommandContext): Promise<number> {
  const attach = ctx.flags['attach'] === true;
  if (!attach) {
    return forEach(ctx, { all: (c) => c.State !== 'running' && c.State !== 'paused' }, async (engine, input) => {
      await engine.containers.start(input).catch(async (e: unknown) => {
        throw await startFailure(engine, input, e, 'quoted');
      });
    });
  }
  if (ctx.args.length > 1) throw usageError('you cannot start and attach multiple containers at once');
  const engine = await getEngine(ctx.globals);
  try {
    const [target] = await inputs(ctx, engine, {});
    const streams = localStreams({
      stdin: ctx.flags['interactive'] === true,
      ...(ctx.changed.has('detach-keys') ? { detachKeys: ctx.flags['detach-keys'] as string } : {}),
      sigProxy: ctx.changed.has('sig-proxy') ? ctx.flags['sig-proxy'] === true : true,
    });
    const r = await engine.containers.start(target!, { attach: streams }).catch(async (e: unknown) => {
      throw await startFailure(engine, target!, e, 'bare');
    });
    return r.Detached ? 0 : r.ExitCode ?? 0;
  } finally {
    await engine.close();
    if (ctx.flags['interactive'] === true) process.stdin.destroy();
  }
}
