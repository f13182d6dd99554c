// `berth diff [--format json] [-l] CONTAINER|IMAGE`: a container's changes against its image, or an image's top layer
// against the layers under it (C/A/D lines).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { latestId } from './ps-shared.ts';

export default async function diff(ctx: CommandContext): Promise<number> {
  const latest = ctx.flags['latest'] === true;
  const format = typeof ctx.flags['format'] === 'string' ? ctx.flags['format'] : '';
  const args = [...ctx.args];
  if (format && format !== 'json') throw new BerthError('invalid-argument', `format ${format} is not supported`);
  if (latest && args.length) throw new BerthError('invalid-argument', '--latest and containers cannot be used together');
  if (!latest && args.length !== 1) {
    // podman's second argument diffs two objects' layers against each other; Berth diffs one object against its own
    // parent layers (a documented difference, docs/containers.md).
    if (args.length === 2) throw new BerthError('invalid-argument', 'berth diff compares one container or image with its parent layers; a second argument is not supported');
    throw new BerthError('invalid-argument', 'diff requires a container or image name or ID');
  }
  const engine = await getEngine(ctx.globals);
  try {
    const name = latest ? await latestId(engine) : args[0]!;
    const changes = await engine.containers.diff(name).catch((e: unknown) => {
      // podman looks the name up as a container, then an image, then a layer: its miss is worded for the last.
      if (e instanceof BerthError && e.code === 'not-found') throw new BerthError('not-found', `${name} not found: layer not known`);
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
