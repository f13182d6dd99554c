// `berth ps`: podman's table, -q, -s, -n, -l, --no-trunc, --sort, --filter and --format (json: 2-space json-iterator).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { formatList, isJSONFormat } from '../../format/report.ts';
import { checkSortKey, psView, PS_FIELDS, PS_HEADERS, sortContainers } from '../../container/ps.ts';
import { BerthError } from '../../util/errors.ts';

const DEFAULT = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.CreatedHuman}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

export default async function ps(ctx: CommandContext): Promise<number> {
  if (ctx.args.length) throw new BerthError('invalid-argument', `\`${ctx.path}\` takes no arguments`);
  const f = ctx.flags;
  for (const unsupported of ['external', 'ns', 'pod', 'sync', 'watch']) {
    if (ctx.changed.has(unsupported)) throw new BerthError('invalid-argument', `--${unsupported} is not supported by berth yet`);
  }
  const sort = (f['sort'] as string) || 'created';
  checkSortKey(sort);
  const last = f['last'] as number;
  let format = (f['format'] as string) ?? '';
  const size = f['size'] === true;
  if (!size && /\.Size\b/.test(format)) process.stderr.write('time="' + new Date().toISOString().slice(0, 19) + 'Z" level=error msg="Size format requires --size option"\n');
  const engine = await getEngine(ctx.globals);
  try {
    const list = await engine.containers.ps({
      all: f['all'] === true, latest: f['latest'] === true, filters: f['filter'] as string[], size,
      ...(last >= 0 ? { last } : {}),
    });
    const sorted = sortContainers(list, sort);
    const noTrunc = f['no-trunc'] === true;
    if (f['quiet'] === true) {
      process.stdout.write(sorted.map((c) => `${noTrunc ? c.Id : c.Id.slice(0, 12)}\n`).join(''));
      return 0;
    }
    if (!format) format = size ? `${DEFAULT}\t{{.Size}}` : DEFAULT;
    const json = isJSONFormat(format);
    const now = Date.now();
    process.stdout.write(formatList(json ? sorted : sorted.map((c) => psView(c, { noTrunc, now })), {
      format, defaultTable: DEFAULT, headers: PS_HEADERS, fields: PS_FIELDS, noHeading: f['noheading'] === true, name: 'ps',
      json: { indent: '  ', escapeHTML: false, jsoniterEmptyObject: true },
    }));
    return 0;
  } finally {
    await engine.close();
  }
}
