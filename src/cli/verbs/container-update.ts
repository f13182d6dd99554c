// `berth [container] update [resource flags] [--publish-add SPEC] [--publish-rm PORT] CONTAINER`: prints the container
// ID, as podman's update.
import type { CommandContext } from '../command.ts';
import type { ContainerResourceUpdate } from '../../engine/containers.ts';
import { getEngine } from '../../engine/index.ts';
import { usageError } from './run-each.ts';
import { RESOURCE_FLAGS } from './container-update-spec.ts';

export default async function update(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw usageError(`accepts 1 arg(s), received ${ctx.args.length}`);
  const add = (ctx.flags['publish-add'] as string[] | undefined) ?? [];
  const rm = (ctx.flags['publish-rm'] as string[] | undefined) ?? [];
  const resources: Record<string, unknown> = {};
  for (const f of RESOURCE_FLAGS) if (ctx.changed.has(f.name)) resources[f.option] = ctx.flags[f.name];
  const engine = await getEngine(ctx.globals);
  try {
    const id = await engine.containers.updateResources(ctx.args[0]!, resources as ContainerResourceUpdate);
    if (add.length || rm.length) await engine.containers.updatePorts(id, { add, rm });
    process.stdout.write(`${id}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
