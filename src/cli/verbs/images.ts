// `berth images` / `image ls` / `image list`: the local images, one row per name, podman's columns, sort and formats.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { BerthError } from '../../util/errors.ts';
import { formatList, isJSONFormat } from '../../format/report.ts';
import { toGoJSON } from '../../format/gojson.ts';
import { SORT_KEYS, defaultImagesFormat, imageRows, rowJSON, sortRows, type SortKey } from './images-rows.ts';

export const IMAGE_FIELDS = [
  'Repository', 'Tag', 'ID', 'Id', 'ParentId', 'RepoTags', 'RepoDigests', 'Digest', 'Names', 'Created', 'CreatedSince',
  'CreatedAt', 'CreatedTime', 'Size', 'VirtualSize', 'SharedSize', 'Containers', 'Labels', 'ReadOnly', 'IsReadOnly',
  'Dangling', 'History',
];

export default async function images(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  if (ctx.args.length > 1) throw new BerthError('invalid-argument', `accepts at most 1 arg(s), received ${ctx.args.length}`);
  const sort = f['sort'] as string;
  if (!(SORT_KEYS as readonly string[]).includes(sort)) {
    throw new BerthError('invalid-argument', `"${sort}" is not a valid field for sorting. Choose from: tag, created, id, repository, size`);
  }
  const filters = [...(f['filter'] as string[]), ...ctx.args.map((a) => `reference=${a}`)];
  const engine = await getEngine(ctx.globals);
  try {
    const list = await engine.images.list({ all: f['all'] as boolean, filters });
    const rows = sortRows(imageRows(list, { noTrunc: f['no-trunc'] as boolean }), sort as SortKey);
    const format = f['format'] as string;
    if (f['quiet']) {
      const ids = [...new Set(rows.map((r) => r.ID))];
      process.stdout.write(ids.map((i) => `${i}\n`).join(''));
      return 0;
    }
    if (format && isJSONFormat(format)) {
      process.stdout.write(toGoJSON(rows.map(rowJSON), { indent: '    ' }) + '\n');
      return 0;
    }
    process.stdout.write(
      formatList(rows, {
        format,
        defaultTable: defaultImagesFormat({ digests: f['digests'] as boolean, history: f['history'] as boolean }),
        headers: { ID: 'IMAGE ID' },
        fields: IMAGE_FIELDS,
        noHeading: f['noheading'] as boolean,
        name: 'images',
      }),
    );
    return 0;
  } finally {
    await engine.close();
  }
}
