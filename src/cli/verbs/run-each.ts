// Shared by the multi-container verbs: resolve inputs (--all, --cidfile), run an action per container, podman's output and exit codes.
import fs from 'node:fs';
import type { CommandContext } from '../command.ts';
import type { Engine } from '../../engine/types.ts';
import type { ContainerSummary } from '../../engine/containers.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError, isBerthError } from '../../util/errors.ts';

export interface EachOptions {
  /** Which containers --all selects. */
  all?: (c: ContainerSummary) => boolean;
  /** Exit code for "no such container" (rm uses 1, others 125). */
  notFoundCode?: number;
  /** Print what the user typed (podman) or the action's result. */
  print?: 'input' | 'result' | 'none';
}

export function usageError(msg: string): BerthError {
  return new BerthError('invalid-argument', msg);
}

/** The inputs: args, --cidfile files, or all containers matching `o.all` with --all. */
export async function inputs(ctx: CommandContext, engine: Engine, o: EachOptions): Promise<string[]> {
  const names = [...ctx.args];
  for (const f of (ctx.flags['cidfile'] as string[] | undefined) ?? []) {
    try {
      names.push(fs.readFileSync(f, 'utf8').trim());
    } catch (e) {
      throw new BerthError('invalid-argument', `reading CIDFile: open ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
  }
  if (ctx.flags['all'] === true) {
    if (names.length) throw usageError('--all and --latest cannot be used with container names or IDs');
    return (await engine.containers.list({ all: true })).filter(o.all ?? (() => true)).map((c) => c.Id);
  }
  if (!names.length) throw usageError('you must provide at least one name or id');
  return names;
}

/** Runs fn per container; prints each success; prints each error and returns the last error's exit code. */
export async function forEach(
  ctx: CommandContext, o: EachOptions, fn: (engine: Engine, input: string) => Promise<string | void>,
): Promise<number> {
  const engine = await getEngine(ctx.globals);
  try {
    const list = await inputs(ctx, engine, o);
    let code = 0;
    for (const input of list) {
      try {
        const out = await fn(engine, input);
        if (o.print === 'result' && out !== undefined) process.stdout.write(`${out}\n`);
        else if ((o.print ?? 'input') === 'input') process.stdout.write(`${input}\n`);
      } catch (e) {
        if (!isBerthError(e)) throw e;
        if (ctx.flags['ignore'] === true && e.code === 'not-found') continue;
        process.stderr.write(`Error: ${e.message}\n`);
        code = e.code === 'not-found' && e.exitCode === 125 ? (o.notFoundCode ?? 125) : e.exitCode;
      }
    }
    return code;
  } finally {
    await engine.close();
  }
}
