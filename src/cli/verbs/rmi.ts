// `berth rmi` / `image rm`: Untagged:/Deleted: lines, then podman's errors and exit codes (1 unknown, 2 in use).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';

export default async function rmi(ctx: CommandContext): Promise<number> {
  const all = ctx.flags['all'] as boolean;
  if (!all && ctx.args.length === 0) throw new BerthError('invalid-argument', 'image name or ID must be specified');
  if (all && ctx.args.length > 0) {
    throw new BerthError('invalid-argument', 'when using the --all switch, you may not pass any images names or IDs');
  }
  const engine = await getEngine(ctx.globals);
  try {
    const r = await engine.images.remove(ctx.args, {
      all, force: ctx.flags['force'] as boolean, ignore: ctx.flags['ignore'] as boolean,
    });
    process.stdout.write(r.Untagged.map((u) => `Untagged: ${u}\n`).join('') + r.Deleted.map((d) => `Deleted: ${d}\n`).join(''));
    if (r.Errors.length === 0) return 0;
    const message =
      r.Errors.length === 1
        ? r.Errors[0]!.message
        : `${r.Errors.length} errors occurred:\n${r.Errors.map((e) => `\t* ${e.message}`).join('\n')}`;
    throw new BerthError(r.ExitCode === 2 ? 'conflict' : 'not-found', message, { exitCode: r.ExitCode });
  } finally {
    await engine.close();
  }
}
