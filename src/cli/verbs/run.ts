// `berth run`: create, start and (unless -d) attach; exits with the container's exit code; --rm removes it after.
import fs from 'node:fs';
import type { CommandContext } from '../command.ts';
import type { ContainerCreateOptions } from '../../engine/containers.ts';
import type { Engine } from '../../engine/types.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { localStreams, pullProgress } from '../terminal.ts';
import { createOptionsFrom } from './run-options.ts';

/** Creates the container (pulling per policy, progress on stderr) and writes --cidfile. */
export async function createFromFlags(engine: Engine, o: ContainerCreateOptions): Promise<string> {
  if (o.cidfile && fs.existsSync(o.cidfile)) {
    throw new BerthError('already-exists', `container id file exists. Ensure another container is not using it or delete ${o.cidfile}`);
  }
  const progress = pullProgress(o.quiet ?? false);
  let id: string;
  try {
    id = (await engine.containers.create(o, progress.onEvent)).Id;
  } finally {
    progress.finish();
  }
  if (o.cidfile) fs.writeFileSync(o.cidfile, id);
  return id;
}

export default async function run(ctx: CommandContext): Promise<number> {
  const o = createOptionsFrom(ctx);
  if (o.detach && o.rm && o.restart && o.restart !== 'no') {
    throw new BerthError('invalid-argument', 'the --rm option conflicts with --restart, when the restartPolicy is not "" and "no"');
  }
  const engine = await getEngine(ctx.globals);
  try {
    const id = await createFromFlags(engine, o);
    if (o.detach) {
      try {
        await engine.containers.start(id);
      } catch (e) {
        if (o.rm) await engine.containers.remove(id, { force: true, volumes: true }).catch(() => undefined);
        throw e;
      }
      process.stdout.write(`${id}\n`);
      return 0;
    }
    const streams = localStreams({ stdin: o.interactive ?? false, ...(o.detachKeys !== undefined ? { detachKeys: o.detachKeys } : {}), sigProxy: o.sigProxy ?? true });
    let r;
    try {
      r = await engine.containers.start(id, { attach: streams });
    } catch (e) {
      if (o.rm) await engine.containers.remove(id, { force: true, volumes: true }).catch(() => undefined);
      throw e;
    }
    if (r.Detached) return 0;
    return r.ExitCode ?? 0;
  } finally {
    await engine.close();
    if (o.interactive) process.stdin.destroy();
  }
}
