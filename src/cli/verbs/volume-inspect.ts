// `berth volume inspect [--all] [--format] VOLUME...`: podman's 5-space JSON or a Go template per volume.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { formatInspect, isJSONFormat } from '../../format/report.ts';
import { BerthError } from '../../util/errors.ts';
import { usage, templateView } from './volume-common.ts';

export default async function volumeInspect(ctx: CommandContext): Promise<number> {
  const all = ctx.flags['all'] as boolean;
  if ((all && ctx.args.length > 0) || (!all && ctx.args.length === 0)) throw usage('provide one or more volume names or use --all');
  const engine = await getEngine(ctx.globals);
  try {
    const { volumes, errors } = await engine.volumes.inspect(ctx.args, { all });
    const format = ctx.flags['format'] as string;
    const json = !format || isJSONFormat(format);
    process.stdout.write(formatInspect(json ? volumes : volumes.map(templateView), format));
    if (errors.length === 0) return 0;
    for (const e of errors.slice(1)) process.stderr.write(`error inspecting object: ${e}\n`);
    throw new BerthError('not-found', `inspecting object: ${errors[0]}`);
  } finally {
    await engine.close();
  }
}
