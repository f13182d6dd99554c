// `berth unmount [-a|-l|-f] CONTAINER...` (and `umount`, `container unmount`): lowers each container's mount count,
// unmounting its rootfs at zero, and prints the containers as podman does.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { latestId } from './ps-shared.ts';
import { mountTargets } from './mount.ts';

export default async function unmount(ctx: CommandContext): Promise<number> {
  const { all, latest, args } = mountTargets(ctx);
  if (!all && !latest && !args.length) throw new BerthError('invalid-argument', 'you must provide at least one name or id');
  const engine = await getEngine(ctx.globals);
  try {
    const done = await engine.containers.unmount(all ? 'all' : latest ? [await latestId(engine)] : args, ctx.flags['force'] === true);
    process.stdout.write(done.map((n) => `${n}\n`).join(''));
    return 0;
  } finally {
    await engine.close();
  }
}
