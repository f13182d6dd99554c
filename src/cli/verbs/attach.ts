// `berth attach [--no-stdin] [--detach-keys] [--sig-proxy] CONTAINER`: to a running container; ctrl-p ctrl-q detaches (exit 0).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { localStreams } from '../terminal.ts';
import { targets } from './ps-shared.ts';

export default async function attach(ctx: CommandContext): Promise<number> {
  const engine = await getEngine(ctx.globals);
  const stdin = ctx.flags['no-stdin'] !== true;
  try {
    const [name] = await targets(ctx, engine, { verb: 'attach', max: 1 });
    const { containers } = await engine.containers.inspect([name!]);
    const c = containers[0];
    if (!c) throw new BerthError('not-found', `no container with name or ID "${name}" found: no such container`);
    if (c.State.Status !== 'running' && c.State.Status !== 'paused') throw new BerthError('conflict', 'you can only attach to running containers');
    const streams = localStreams({
      stdin, sigProxy: ctx.changed.has('sig-proxy') ? ctx.flags['sig-proxy'] === true : true,
      ...(ctx.changed.has('detach-keys') ? { detachKeys: ctx.flags['detach-keys'] as string } : {}),
    });
    const r = await engine.containers.attach(c.Id, streams);
    return r.Detached ? 0 : r.ExitCode ?? 0;
  } finally {
    await engine.close();
    if (stdin) process.stdin.destroy();
  }
}
