// `berth search TERM`: searches registries (v1 search API or catalog), or lists a repository's tags with --list-tags.
import type { CommandContext } from '../command.ts';
import type { SearchOptions, SearchResult } from '../../engine/images.ts';
import { getEngine } from '../../engine/index.ts';
import { formatList } from '../../format/report.ts';
import { BerthError } from '../../util/errors.ts';

/** Podman truncates descriptions to 44 characters plus "..." unless --no-trunc. */
export const truncateDescription = (d: string, noTrunc: boolean) => (noTrunc || d.length <= 44 ? d : `${d.slice(0, 44)}...`);

const DEFAULT_TABLE = 'table {{.Name}}\t{{.Description}}';
const COMPATIBLE_TABLE = 'table {{.Name}}\t{{.Description}}\t{{.Stars}}\t{{.Official}}\t{{.Automated}}';
const TAGS_TABLE = 'table {{.Name}}\t{{.Tag}}';

/** --list-tags with --format json: one entry per repository with its tags, as podman prints. */
function tagsJson(rows: SearchResult[]): Array<{ Name: string; Tags: string[] }> {
  const by = new Map<string, string[]>();
  for (const r of rows) by.set(r.Name, [...(by.get(r.Name) ?? []), r.Tag]);
  return [...by].map(([Name, Tags]) => ({ Name, Tags }));
}

export default async function search(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw new BerthError('invalid-argument', `accepts 1 arg(s), received ${ctx.args.length}`);
  const f = ctx.flags;
  const opts: SearchOptions = {
    limit: f['limit'] as number,
    filters: f['filter'] as string[],
    listTags: f['list-tags'] === true,
    noTrunc: f['no-trunc'] === true,
  };
  if (ctx.changed.has('tls-verify')) opts.tlsVerify = f['tls-verify'] === true;
  if (f['authfile']) opts.authfile = f['authfile'] as string;
  if (f['creds']) opts.creds = f['creds'] as string;
  if (opts.listTags && opts.filters?.length) throw new BerthError('invalid-argument', 'filters are not applicable to list tags result');
  const engine = await getEngine(ctx.globals);
  try {
    const rows = await engine.images.search(ctx.args[0]!, opts);
    if (rows.length === 0) return 0; // podman prints nothing at all, not even a header
    const format = f['format'] as string;
    if (opts.listTags) {
      const json = format === 'json' || /^\{\{\s*json\s*\.?\s*\}\}$/.test(format);
      process.stdout.write(json ? formatList(tagsJson(rows), { format: 'json', defaultTable: TAGS_TABLE }) : formatList(rows, { format, defaultTable: TAGS_TABLE, name: 'search' }));
      return 0;
    }
    const shown = rows.map((r) => ({ ...r, Description: truncateDescription(r.Description, opts.noTrunc === true) }));
    const table = f['compatible'] === true ? COMPATIBLE_TABLE : DEFAULT_TABLE;
    process.stdout.write(formatList(shown, { format, defaultTable: table, name: 'search' }));
    return 0;
  } finally {
    await engine.close();
  }
}
