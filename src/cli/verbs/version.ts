// `berth version`: client version in podman's layout, JSON or a Go template.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { formatObject } from '../output.ts';

export default async function version(ctx: CommandContext): Promise<number> {
  const engine = await getEngine(ctx.globals);
  try {
    const client = await engine.system.version();
    const format = ctx.flags['format'] as string;
    if (format) {
      process.stdout.write(formatObject({ Client: client }, format, { jsonIndent: '', name: 'version' }));
      return 0;
    }
    const rows: Array<[string, string]> = [
      ['Client:', 'Berth Engine'],
      ['Version:', client.Version],
      ['API Version:', client.APIVersion],
      ['Node Version:', client.NodeVersion],
      ['Built:', client.BuiltTime],
      ['OS/Arch:', client.OsArch],
    ];
    process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(14)}${v}`).join('\n')}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
