// `berth secret inspect [--format] [--pretty] SECRET...`: podman 4.3's 4-space JSON, a Go template, or the pretty form.
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { enforceRange, normalizeFormat } from '../../format/report.ts';
import { Template, goStruct } from '../../format/template.ts';
import { toGoJSON } from '../../format/gojson.ts';
import { goTimeText } from '../../volume/time.ts';
import { BerthError } from '../../util/errors.ts';
import type { SecretInfoReport } from '../../engine/secrets.ts';

/** Podman 4.3's --pretty template, its uneven alignment included. */
const PRETTY = `ID:              {{.ID}}
Name:              {{.Spec.Name}}
{{- if .Spec.Labels }}
Labels:
{{- range $k, $v := .Spec.Labels }}
 - {{ $k }}{{ if $v }}={{ $v }}{{ end }}
{{- end }}{{ end }}
Driver:            {{.Spec.Driver.Name}}
Created at:        {{.CreatedAt}}
Updated at:        {{.UpdatedAt}}
`;

/** Templates see the times as Go prints a time.Time. */
const templateView = (s: SecretInfoReport) => goStruct({
  ID: s.ID, CreatedAt: goTimeText(s.CreatedAt), UpdatedAt: goTimeText(s.UpdatedAt),
  Spec: goStruct({
    Name: s.Spec.Name, Driver: goStruct({ ...s.Spec.Driver }, 'entities.SecretDriverSpec'), Labels: s.Spec.Labels,
  }, 'entities.SecretSpec'),
}, 'entities.SecretInfoReport');

export default async function secretInspect(ctx: CommandContext): Promise<number> {
  if (ctx.args.length === 0) throw new BerthError('invalid-argument', 'requires at least 1 arg(s), only received 0');
  const engine = await getEngine(ctx.globals);
  try {
    const { secrets, errors } = await engine.secrets.inspect(ctx.args);
    if (ctx.flags['pretty']) process.stdout.write(new Template(`{{range .}}${PRETTY}{{end -}}`, { name: 'inspect' }).execute(secrets.map(templateView)));
    else if (ctx.changed.has('format')) {
      // Podman 4.3 has no JSON shortcut here: `--format json` prints "json" for each secret.
      process.stdout.write(new Template(enforceRange(normalizeFormat(ctx.flags['format'] as string)), { name: 'inspect' }).execute(secrets.map(templateView)));
    } else process.stdout.write(`${toGoJSON(secrets, { indent: '    ', escapeHTML: false })}\n`);
    if (errors.length === 0) return 0;
    for (const e of errors.slice(1)) process.stderr.write(`error inspecting secret: ${e}\n`);
    throw new BerthError('not-found', `inspecting secret: ${errors[0]}`);
  } finally {
    await engine.close();
  }
}
