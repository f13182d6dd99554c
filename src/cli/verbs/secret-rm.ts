// `berth secret rm [-a] SECRET...`: prints each removed secret's ID; podman's last error decides the exit code (125).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';

export default async function secretRm(ctx: CommandContext): Promise<number> {
  const all = ctx.flags['all'] as boolean;
  if ((all && ctx.args.length > 0) || (!all && ctx.args.length === 0)) {
    throw new BerthError('invalid-argument', `\`${ctx.path}\` requires one argument, or the --all flag`);
  }
  const engine = await getEngine(ctx.globals);
  try {
    const reports = await engine.secrets.remove(ctx.args, { all });
    let code = 0;
    let errs = '';
    for (const r of reports) {
      if (!r.Err) process.stdout.write(`${r.Id}\n`);
      else {
        errs += `Error: ${r.Err.message}\n`;
        code = r.Err.exitCode;
      }
    }
    process.stderr.write(errs);
    return code;
  } finally {
    await engine.close();
  }
}
