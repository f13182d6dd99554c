// `berth logout [REGISTRY] | --all`: removes credentials from the auth file.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';

export default async function logout(ctx: CommandContext): Promise<number> {
  const all = ctx.flags['all'] === true;
  if (ctx.args.length > 1) throw new BerthError('invalid-argument', `accepts at most 1 arg(s), received ${ctx.args.length}`);
  if (all && ctx.args.length) throw new BerthError('invalid-argument', '--all takes no arguments');
  const authfile = (ctx.flags['authfile'] as string) || undefined;
  const engine = await getEngine(ctx.globals);
  try {
    const registry = ctx.args[0] ?? '';
    const name = await engine.images.logout(registry || undefined, { ...(authfile ? { authfile } : {}), all });
    process.stdout.write(`Removed login credentials for ${name}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
