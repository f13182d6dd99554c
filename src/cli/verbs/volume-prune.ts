// `berth volume prune [-f] [--filter]`: podman's warning, list and [y/N] prompt, then the names removed.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { usage } from './volume-common.ts';
import { confirm } from '../prompt.ts';

export default async function volumePrune(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 0) throw usage(`\`${ctx.path}\` takes no arguments`);
  const filters = ctx.flags['filter'] as string[];
  const engine = await getEngine(ctx.globals);
  try {
    if (!ctx.flags['force']) {
      process.stdout.write('WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:\n');
      const names = await engine.volumes.pruneCandidates(filters);
      if (names.length === 0) {
        process.stdout.write('No dangling volumes found\n');
        return 0;
      }
      if (!confirm(names.map((n) => `${n}\n`).join('') + 'Are you sure you want to continue? [y/N] ')) return 0;
    }
    for (const r of await engine.volumes.prune(filters)) process.stdout.write(`${r.Id}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
