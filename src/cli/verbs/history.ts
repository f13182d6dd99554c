// `berth history` / `image history`: an image's layers newest first with podman's columns, truncation and JSON.
import type { CommandContext } from '../command.ts';
import type { HistoryEntry } from '../../engine/images.ts';
import { getEngine } from '../../engine/index.ts';
import { formatList, isJSONFormat } from '../../format/report.ts';
import { toGoJSON } from '../../format/gojson.ts';
import { goStruct } from '../../format/template.ts';
import { podmanSize, rfc3339, timeAgo } from '../../format/humanize.ts';
import { exactArgs } from './image-args.ts';

export const HISTORY_TABLE = 'table {{.ID}}\t{{.Created}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const FIELDS = ['ID', 'Created', 'CreatedBy', 'Size', 'Comment', 'Tags', 'CreatedSince', 'CreatedAt'];

/** The template row podman's historyReporter gives: CREATED BY cut to 45 characters unless --no-trunc. */
export function historyRow(h: HistoryEntry, opts: { human: boolean; noTrunc: boolean; now?: number }) {
  const by = !opts.noTrunc && h.CreatedBy.length > 45 ? `${h.CreatedBy.slice(0, 42)}...` : h.CreatedBy;
  return goStruct(
    {
      ID: !opts.noTrunc && h.id.length > 12 ? h.id.slice(0, 12) : h.id,
      Created: opts.human ? timeAgo(h.created, opts.now) : rfc3339(h.created),
      CreatedBy: by,
      Size: podmanSize(h.size),
      Comment: h.Comment,
      Tags: h.tags ?? [],
      CreatedSince: timeAgo(h.created, opts.now),
      CreatedAt: new Date(h.created),
    },
    'images.historyReporter',
  );
}

/** `history --format json`: compact, HTML-escaped, omitempty Comment/tags, and the extra Created podman adds. */
export function historyJSON(list: HistoryEntry[]): string {
  return toGoJSON(
    list.map((h) => {
      const o: Record<string, unknown> = { id: h.id, created: rfc3339(h.created), CreatedBy: h.CreatedBy, size: h.size };
      if (h.Comment) o['Comment'] = h.Comment;
      if (h.tags && h.tags.length) o['tags'] = h.tags;
      o['Created'] = rfc3339(h.created);
      return o;
    }),
  );
}

export default async function history(ctx: CommandContext): Promise<number> {
  exactArgs(ctx.args, 1);
  const f = ctx.flags;
  const engine = await getEngine(ctx.globals);
  try {
    const list = await engine.images.history(ctx.args[0]!);
    const format = f['format'] as string;
    const noTrunc = f['no-trunc'] as boolean;
    if (f['quiet']) {
      process.stdout.write(list.map((h) => `${!noTrunc && h.id.length > 12 ? h.id.slice(0, 12) : h.id}\n`).join(''));
      return 0;
    }
    if (format && isJSONFormat(format)) {
      process.stdout.write(historyJSON(list) + '\n');
      return 0;
    }
    const rows = list.map((h) => historyRow(h, { human: f['human'] as boolean, noTrunc }));
    process.stdout.write(formatList(rows, { format, defaultTable: HISTORY_TABLE, fields: FIELDS, name: 'history' }));
    return 0;
  } finally {
    await engine.close();
  }
}
