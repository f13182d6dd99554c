// `berth info` / `berth system info`: host, store, registries and version facts; YAML, JSON or a Go template.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { formatObject, toYaml } from '../output.ts';

// Objects that are Go maps in podman's info types: their keys are data, not fields.
const INFO_FORMAT = {
  jsonIndent: '  ',
  mapPaths: new Set(['registries', 'store.graphOptions', 'store.graphStatus']),
  name: 'info',
};

export default async function info(ctx: CommandContext): Promise<number> {
  const engine = await getEngine(ctx.globals);
  try {
    const report = await engine.system.info();
    const format = ctx.flags['format'] as string;
    process.stdout.write(format ? formatObject(report, format, INFO_FORMAT) : toYaml(report));
    return 0;
  } finally {
    await engine.close();
  }
}
