// `berth cp [options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH`: files between containers, the host and a tar on stdio.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { parseCopyArg } from '../../container/copy-rules.ts';
import { BerthError } from '../../util/errors.ts';
import { usageError } from './run-each.ts';

export default async function cp(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 2) throw usageError(`accepts 2 arg(s), received ${ctx.args.length}`);
  const src = parseCopyArg(ctx.args[0]!);
  const dest = parseCopyArg(ctx.args[1]!);
  if ((src.kind !== 'stdio' && src.path === '') || (dest.kind !== 'stdio' && dest.path === '')) {
    throw new BerthError('invalid-argument', `invalid arguments "${ctx.args[0]}", "${ctx.args[1]}": you must specify paths`);
  }
  // Podman looks up an empty container name when neither side names one (host to host, - to -): same words.
  if (src.kind !== 'container' && dest.kind !== 'container') throw new BerthError('invalid-argument', 'name or ID cannot be empty');
  for (const side of [src, dest]) if (side.kind === 'container' && side.container === '') throw new BerthError('invalid-argument', 'name or ID cannot be empty');
  const engine = await getEngine(ctx.globals);
  try {
    try {
      await engine.containers.copy(src, dest, { archive: ctx.flags['archive'] !== false, overwrite: ctx.flags['overwrite'] === true }, { stdin: process.stdin, stdout: process.stdout });
    } catch (e) {
      // The reader of `cp ctr:/x -` went away: podman dies of SIGPIPE, which a shell reports as 141; no message.
      if ((e as { code?: string }).code === 'EPIPE') return 141;
      throw e;
    }
    return 0;
  } finally {
    await engine.close();
  }
}
