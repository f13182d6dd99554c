// `berth volume ls`: DRIVER / VOLUME NAME table, -q, --format (json is json-iterator's 2-space form), --filter.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { formatList, isJSONFormat } from '../../format/report.ts';
import { usage, templateView } from './volume-common.ts';

const DEFAULT_FORMAT = '{{range .}}{{.Driver}}\t{{.Name}}\n{{end -}}';
const FIELDS = ['Name', 'Driver', 'Mountpoint', 'CreatedAt', 'Labels', 'Scope', 'Options', 'UID', 'GID', 'Anonymous', 'MountCount', 'NeedsCopyUp', 'NeedsChown'];

export default async function volumeLs(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 0) throw usage(`\`${ctx.path}\` takes no arguments`);
  const engine = await getEngine(ctx.globals);
  try {
    const vols = await engine.volumes.list(ctx.flags['filter'] as string[]);
    let format = ctx.flags['format'] as string;
    if (ctx.flags['quiet']) format = '{{.Name}}\n';
    else if (!format || format === DEFAULT_FORMAT) format = 'table {{.Driver}}\t{{.Name}}';
    const json = isJSONFormat(format);
    process.stdout.write(formatList(json ? vols : vols.map(templateView), {
      format,
      defaultTable: 'table {{.Driver}}\t{{.Name}}',
      headers: { Name: 'volume name' },
      fields: FIELDS,
      noHeading: ctx.flags['noheading'] as boolean,
      name: 'list',
      json: { indent: '  ', escapeHTML: false, jsoniterEmptyObject: true },
    }));
    return 0;
  } finally {
    await engine.close();
  }
}
