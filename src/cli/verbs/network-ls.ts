// `berth network ls`: NETWORK ID / NAME / DRIVER table, -q, --noheading, --no-trunc, --filter, --format (json: 2-space).
import type { CommandContext } from '../command.ts';
import { getEngine } from '../../engine/index.ts';
import { formatList, isJSONFormat } from '../../format/report.ts';
import { goStruct } from '../../format/template.ts';
import { BerthError } from '../../util/errors.ts';
import type { NetworkReport } from '../../engine/networks.ts';

const FIELDS = ['Name', 'ID', 'Driver', 'NetworkInterface', 'Created', 'Subnets', 'IPv6Enabled', 'Internal', 'DNSEnabled', 'Labels', 'Options', 'IPAMOptions'];

/** The Go-template view podman's ListPrintReports gives: short ID, labels as k=v joined by commas. */
export function lsView(n: NetworkReport, noTrunc: boolean): unknown {
  return goStruct({
    Name: n.name,
    ID: noTrunc ? n.id : n.id.slice(0, 12),
    Driver: n.driver,
    NetworkInterface: n.network_interface ?? '',
    Created: n.created,
    Subnets: n.subnets ?? [],
    IPv6Enabled: n.ipv6_enabled,
    Internal: n.internal,
    DNSEnabled: n.dns_enabled,
    Labels: Object.entries(n.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
    Options: n.options ?? {},
    IPAMOptions: n.ipam_options ?? {},
  }, 'ListPrintReports');
}

export default async function networkLs(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 0) throw new BerthError('invalid-argument', `\`${ctx.path}\` takes no arguments`);
  const engine = await getEngine(ctx.globals);
  try {
    const nets = await engine.networks.list({ filters: ctx.flags['filter'] as string[] });
    let format = ctx.flags['format'] as string;
    if (ctx.flags['quiet']) format = '{{.Name}}\n';
    const json = !!format && isJSONFormat(format);
    process.stdout.write(formatList(json ? nets : nets.map((n) => lsView(n, ctx.flags['no-trunc'] as boolean)), {
      format,
      defaultTable: 'table {{.ID}}\t{{.Name}}\t{{.Driver}}',
      headers: { ID: 'network id' },
      fields: FIELDS,
      noHeading: ctx.flags['noheading'] as boolean,
      name: 'list',
      json: { indent: '  ', escapeHTML: false },
    }));
    return 0;
  } finally {
    await engine.close();
  }
}
