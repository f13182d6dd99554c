// `berth mount [-a|-l|CONTAINER...]` (and `container mount`): mounts each container's rootfs and prints its mount
// point; without containers lists those mounted (ID and mount point, or podman's JSON).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { latestId } from './ps-shared.ts';

/** The checks podman's mount and unmount share: --all takes no names, --latest no names either. */
export function mountTargets(ctx: CommandContext): { all: boolean; latest: boolean; args: string[] } {
  const all = ctx.flags['all'] === true;
  const latest = ctx.flags['latest'] === true;
  if (all && latest) throw new BerthError('invalid-argument', '--all and --latest cannot be used together');
  if (all && ctx.args.length) throw new BerthError('invalid-argument', 'no arguments are needed with --all');
  if (latest && ctx.args.length) throw new BerthError('invalid-argument', '--latest and containers cannot be used together');
  if (process.getuid?.() !== 0) throw new BerthError('invalid-argument', `cannot run command "${ctx.path}" in rootless mode: mounts need root`);
  return { all, latest, args: ctx.args };
}

export default async function mount(ctx: CommandContext): Promise<number> {
  const { all, latest, args } = mountTargets(ctx);
  const format = typeof ctx.flags['format'] === 'string' ? ctx.flags['format'] : '';
  const engine = await getEngine(ctx.globals);
  try {
    if (all || latest || args.length) {
      const paths = await engine.containers.mount(all ? 'all' : latest ? [await latestId(engine)] : args);
      process.stdout.write(paths.map((p) => `${p}\n`).join(''));
      return 0;
    }
    const list = await engine.containers.mounted();
    if (format === 'json') {
      // podman's MarshalIndent with one space, and its key names.
      const rows = list.map((c) => ({ id: c.id, Names: c.names, mountpoint: c.mountpoint }));
      process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
      return 0;
    }
    if (format) throw new BerthError('invalid-argument', `unknown --format argument: ${JSON.stringify(format)}`);
    const id = (full: string) => (ctx.flags['no-trunc'] === true ? full : full.slice(0, 12));
    process.stdout.write(list.map((c) => `${id(c.id)}  ${c.mountpoint}\n`).join(''));
    return 0;
  } finally {
    await engine.close();
  }
}
