// Shared by the multi-container verbs: resolve inputs (--all, --cidfile), run an action per container, podman's output and exit codes.
import fs from 'node:fs';
import type { CommandContext } from '../command.ts';
import type { Engine } from '../../engine/types.ts';
import type { ContainerSummary } from '../../engine/containers.ts';
import { getEngine } from '../../engine/index.ts';
import { latestId } from './ps-shared.ts';
import { BerthError, isBerthError } from '../../util/errors.ts';
import { log } from '../../util/log.ts';

export interface EachOptions {
  /** Which containers --all selects. */
  all?: (c: ContainerSummary) => boolean;
  /** Exit code for "no such container" (rm uses 1, others 125). */
  notFoundCode?: number;
  /** Print what the user typed (podman) or the action's result. */
  print?: 'input' | 'result' | 'none';
  /**
   * Act on each name as it comes, even after a name that does not exist (podman's `container cleanup`). Otherwise, as
   * podman's start/stop/kill/rm/pause/unpause/restart/init/wait, every name is looked up first and a missing one (unless
   * --ignore) fails the command before anything is done.
   */
  eachOnItsOwn?: boolean;
  /**
   * Names are looked up first even when there is only one, and a missing one is also logged at error level with this
   * prefix (podman's `container cleanup`: `Running container cleanup: no container with name or ID ...`).
   */
  logMissing?: string;
}

export function usageError(msg: string): BerthError {
  return new BerthError('invalid-argument', msg);
}

/**
 * The inputs: args and --cidfile files, or the containers --all (those matching `o.all`), --latest (the newest) and
 * --filter (ps's filters, any state) select, with podman 4.3's checks in its order and words.
 */
export async function inputs(ctx: CommandContext, engine: Engine, o: EachOptions): Promise<string[]> {
  const args = ctx.args;
  const cidfiles = (ctx.flags['cidfile'] as string[] | undefined) ?? [];
  const all = ctx.flags['all'] === true;
  const latest = ctx.flags['latest'] === true;
  const filters = (ctx.flags['filter'] as string[] | undefined) ?? [];
  if (args.length) {
    if (all) throw usageError('no arguments are needed with --all');
    if (latest) throw usageError('--latest and containers cannot be used together');
    if (filters.length) throw usageError('--filter takes no arguments');
  }
  if (all && latest) throw usageError('--all and --latest cannot be used together');
  if (cidfiles.length && (all || latest)) throw usageError('--all, --latest, and --cidfile cannot be used together');
  const names = [...args];
  for (const f of cidfiles) {
    try {
      names.push(fs.readFileSync(f, 'utf8').trim());
    } catch (e) {
      throw new BerthError('invalid-argument', `reading CIDFile: open ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
  }
  if (latest) return [await latestId(engine, { filters, notFound: 'no such container', notFoundCode: o.notFoundCode ?? 125 })];
  if (all || filters.length) {
    const summaries = await engine.containers.list({ all: true });
    const chosen = summaries.filter(o.all && all ? o.all : () => true).map((c) => c.Id);
    if (!filters.length) return chosen;
    const keep = new Set(chosen);
    return (await engine.containers.ps({ all: true, filters })).map((c) => c.Id).filter((id) => keep.has(id));
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
    if (!o.eachOnItsOwn && (ctx.args.length > 1 || o.logMissing) && ctx.args.length && ctx.flags['ignore'] !== true) {
      for (const input of list) {
        if (await engine.containers.exists(input)) continue;
        const msg = `no container with name or ID "${input}" found: no such container`;
        if (o.logMissing) log.error(`${o.logMissing}: ${msg}`);
        process.stderr.write(`Error: ${msg}\n`);
        return o.notFoundCode ?? 125;
      }
    }
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
