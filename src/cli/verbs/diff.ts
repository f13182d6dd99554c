// `berth diff [--format json] [-l] CONTAINER|IMAGE [CONTAINER|IMAGE]`: a container's changes against its image, an
// image's top layer against the layers under it, or with two objects what turns the second's tree into the first's.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { latestId } from './ps-shared.ts';

export default async function diff(ctx: CommandContext): Promise<number> {
  const latest = ctx.flags['latest'] === true;
  const format = typeof ctx.flags['format'] === 'string' ? ctx.flags['format'] : '';
  const args = [...ctx.args];
  if (format && format !== 'json') throw new BerthError('invalid-argument', `format ${format} is not supported`);
  if (args.length > 2) throw new BerthError('invalid-argument', `accepts between 1 and 2 arg(s), received ${args.length}`);
  if (latest && args.length > 1) throw new BerthError('invalid-argument', '--latest and containers cannot be used together');
  if (!latest && args.length === 0) throw new BerthError('invalid-argument', `"${ctx.path}" requires a name, id, or the "--latest" flag`);
  const engine = await getEngine(ctx.globals);
  try {
    // -l with one argument compares the latest container against it, as podman's.
    const name = latest ? await latestId(engine) : args[0]!;
    const against = latest ? args[0] : args[1];
    const found = against === undefined ? engine.containers.diff(name) : engine.containers.diffBetween(name, against);
    const changes = await found.catch((e: unknown) => {
      // podman looks the name up as a container, then an image, then a layer: its miss is worded for the last.
      if (e instanceof BerthError && e.code === 'not-found' && against === undefined) throw new BerthError('not-found', `${name} not found: layer not known`);
      throw e;
    });
    if (format === 'json') {
      const byKind = { changed: [] as string[], added: [] as string[], deleted: [] as string[] };
      for (const c of changes) (c.kind === 'C' ? byKind.changed : c.kind === 'A' ? byKind.added : byKind.deleted).push(c.path);
      // podman's MarshalIndent: five spaces a level, empty kinds left out.
      const shown = Object.fromEntries(Object.entries(byKind).filter(([, v]) => v.length));
      process.stdout.write(`${JSON.stringify(shown, null, 5)}\n`);
    } else {
      process.stdout.write(changes.map((c) => `${c.kind} ${c.path}\n`).join(''));
    }
    return 0;
  } finally {
    await engine.close();
  }
}
