// `berth secret ls`: ID / NAME / DRIVER / CREATED / UPDATED (times as "x ago"), -q, --noheading, --filter, --format.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { enforceRange, isTableFormat, normalizeFormat } from '../../format/report.ts';
import { Template, goStruct } from '../../format/template.ts';
import { tabwrite, PODMAN_TABWRITER } from '../../format/tabwriter.ts';
import { humanDuration } from '../../format/humanize.ts';
import { BerthError } from '../../util/errors.ts';
import { SECRET_LS_FORMAT } from '../groups/secrets.ts';

const HEADERS = { ID: 'ID', Name: 'NAME', Driver: 'DRIVER', CreatedAt: 'CREATED', UpdatedAt: 'UPDATED' };

export default async function secretLs(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 0) throw new BerthError('invalid-argument', `\`${ctx.path}\` takes no arguments`);
  const engine = await getEngine(ctx.globals);
  try {
    const secrets = await engine.secrets.list(ctx.flags['filter'] as string[]);
    const now = Date.now();
    const ago = (t: string) => `${humanDuration(now - Date.parse(t))} ago`;
    // Podman 4.3's SecretListReport: what templates see (there is no JSON form: `--format json` prints "json" per secret).
    const rows = secrets.map((s) => goStruct({ ID: s.ID, Name: s.Spec.Name, Driver: s.Spec.Driver.Name, CreatedAt: ago(s.CreatedAt), UpdatedAt: ago(s.UpdatedAt) }, 'entities.SecretListReport'));
    const formatSet = ctx.changed.has('format');
    if (ctx.flags['quiet'] && !formatSet) {
      process.stdout.write(secrets.map((s) => `${s.ID}\n`).join(''));
      return 0;
    }
    const userFormat = ctx.flags['format'] as string;
    const table = !formatSet || isTableFormat(userFormat);
    const row = !formatSet ? SECRET_LS_FORMAT : table ? `{{range .}}${normalizeFormat(userFormat)}{{end -}}` : enforceRange(normalizeFormat(userFormat));
    const tmpl = new Template(row, { name: 'list' });
    let out = table && !ctx.flags['noheading'] ? tmpl.execute([HEADERS]) : '';
    out += tmpl.execute(rows);
    process.stdout.write(table ? tabwrite(out, PODMAN_TABWRITER) : out);
    return 0;
  } finally {
    await engine.close();
  }
}
