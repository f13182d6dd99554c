// `berth image prune`: removes dangling (with -a: all unused) images after podman's confirmation prompt.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { readAnswerLine } from '../prompt.ts';

export const PRUNE_WARNING = 'WARNING! This command removes all dangling images.';
export const PRUNE_ALL_WARNING = 'WARNING! This command removes all images without at least one container associated with them.';

export default async function imagePrune(ctx: CommandContext): Promise<number> {
  const all = ctx.flags['all'] as boolean;
  if (!ctx.flags['force']) {
    // Podman asks whether or not stdin is a terminal (and fails with EOF when there is no answer).
    process.stdout.write(`${all ? PRUNE_ALL_WARNING : PRUNE_WARNING}\nAre you sure you want to continue? [y/N] `);
    const answer = readAnswerLine();
    if (answer === undefined) throw new BerthError('invalid-argument', 'EOF');
    if (answer.toLowerCase()[0] !== 'y') return 0;
  }
  const engine = await getEngine(ctx.globals);
  try {
    const removed = await engine.images.prune({ all, filters: ctx.flags['filter'] as string[] });
    process.stdout.write(removed.map((r) => `${r.Id}\n`).join(''));
    return 0;
  } finally {
    await engine.close();
  }
}
