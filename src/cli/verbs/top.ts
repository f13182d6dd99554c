// `berth top CONTAINER [descriptors...]`: the container's processes with ps(1)/psgo descriptors, podman's columns.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { tabwrite, PODMAN_TABWRITER } from '../../format/tabwriter.ts';
import { BerthError, isBerthError } from '../../util/errors.ts';
import { latestId } from './ps-shared.ts';

export default async function top(ctx: CommandContext): Promise<number> {
  const latest = ctx.flags['latest'] === true;
  if (!latest && !ctx.args.length) throw new BerthError('invalid-argument', 'you must provide the name or id of a running container');
  const engine = await getEngine(ctx.globals);
  try {
    const args = [...ctx.args];
    const name = latest ? await latestId(engine) : args.shift()!;
    let rows: string[][];
    try {
      rows = await engine.containers.top(name, args);
    } catch (e) {
      // Like podman: descriptors psgo does not know are handed to ps(1) inside the container.
      if (!(isBerthError(e) && e.message.startsWith('unknown descriptor'))) throw e;
      const r = await engine.containers.exec(name, { command: ['ps', ...args] }, { stdout: process.stdout, stderr: process.stderr }).catch(() => undefined);
      if (!r) throw e;
      return r.ExitCode === 0 ? 0 : 125;
    }
    process.stdout.write(tabwrite(rows.map((r) => `${r.join('\t')}\n`).join(''), PODMAN_TABWRITER));
    return 0;
  } finally {
    await engine.close();
  }
}
