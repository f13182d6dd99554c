// `berth container cleanup [--rm] CONTAINER...`: conmon's exit command; also safe to run by hand. Idempotent.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CommandContext } from '../command.ts';
import { forEach } from './run-each.ts';
import type { ContainerRecord } from '../../container/records.ts';
import { BerthError } from '../../util/errors.ts';

export default async function cleanup(ctx: CommandContext): Promise<number> {
  // podman's exec sessions call it with --exec; Berth's need no exit command, so nothing calls it here.
  if (ctx.changed.has('exec')) throw new BerthError('invalid-argument', '--exec is not supported by berth yet');
  const rm = ctx.flags['rm'] === true;
  const rmi = ctx.flags['rmi'] === true;
  if (!rmi && (await alreadyClean(ctx, rm))) {
    for (const input of ctx.args) process.stdout.write(`${input}\n`);
    return 0;
  }
  // As podman: every name is looked up before anything is cleaned; a missing one fails the command and is logged too
  // (the exit command's only reader is a log).
  return forEach(ctx, { all: (c) => c.State !== 'running' && c.State !== 'paused', logMissing: 'Running container cleanup' }, async (engine, input) => {
    // --rmi: the image goes after the cleanup (not forced: an image other containers use stays, with the error).
    const image = rmi ? ((await engine.containers.inspect([input])).containers[0]?.['ImageName'] as string | undefined) : undefined;
    await engine.containers.cleanup(input, { rm });
    if (image) {
      const r = await engine.images.remove([image], {});
      const err = r.Errors.at(-1);
      if (err) throw new BerthError('conflict', err.message, { exitCode: err.exitCode });
    }
  });
}

/**
 * True when cleanup would change nothing: the container exited and was torn down, with no restart due. A container
 * that is gone is not "clean": the full path reports it, as podman does.
 */
function clean(rec: ContainerRecord | undefined, rm: boolean): boolean {
  if (!rec) return false;
  if (rm || rec.config.autoRemove || rec.mounted || rec.netns) return false;
  const policy = rec.config.restart.name;
  return (rec.state === 'exited' || rec.state === 'created') && (policy === 'no' || policy === '');
}

/**
 * The exit command runs at every container exit, usually while the foreground `run`/`start -a` (or `rm`) is already
 * cleaning up that container. Rather than loading the whole engine to find nothing to do, look at the rows first and,
 * if work seems pending, wait on the container lock (sleeping, not competing for CPU) and look again. Needs the
 * --root/--runroot the exit command always passes; anything unusual takes the full path.
 */
async function alreadyClean(ctx: CommandContext, rm: boolean): Promise<boolean> {
  const { root, runroot } = ctx.globals;
  if (!root || !runroot || !ctx.args.length || ctx.flags['all'] === true || !existsSync(path.join(root, 'berth.db'))) return false;
  const [{ openStateDb, closeStateDb }, { findContainer }, { acquireLock }, { lockFile }] = await Promise.all([
    import('../../state/db.ts'), import('../../container/records.ts'), import('../../image/content-lock.ts'), import('../../container/env.ts'),
  ]);
  const db = openStateDb(root);
  try {
    for (const input of ctx.args) {
      const rec = findContainer(db, input);
      if (!rec) return false;
      if (clean(rec, rm)) continue;
      const file = lockFile({ runRoot: runroot }, rec.id);
      if (!existsSync(path.dirname(file))) return false;
      const release = await acquireLock(file, `container ${rec.id}`);
      try {
        if (!clean(findContainer(db, rec.id), rm)) return false;
      } finally {
        await release();
      }
    }
    return true;
  } finally {
    closeStateDb(db);
  }
}
