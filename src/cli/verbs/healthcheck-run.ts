// `berth healthcheck run CONTAINER`: runs the healthcheck once; prints "unhealthy" and exits 1 when it fails, as podman.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { usageError } from './run-each.ts';

export default async function healthcheckRun(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw usageError(`accepts 1 arg(s), received ${ctx.args.length}`);
  const engine = await getEngine(ctx.globals);
  try {
    const result = await engine.containers.healthcheckRun(ctx.args[0]!);
    if (result === 'healthy') return 0;
    process.stdout.write('unhealthy\n');
    return 1;
  } finally {
    await engine.close();
  }
}
